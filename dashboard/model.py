"""Plain value objects that flow from geoparsing to the store and the views.

Every stage (geoparse -> store -> views) passes these frozen dataclasses, never
ORM rows or widgets, so each stage can be tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any, Literal

PlaceKind = Literal["continent", "country", "admin1", "admin2", "city", "user"]
Role = Literal["filmed", "planned", "setting", "scouted", "other"]
EventKind = Literal["filming", "wrap", "next_destination", "release", "announcement"]
Precision = Literal["day", "month", "year"]
Granularity = Literal["landmark", "city", "region", "country", "continent"]

ROLES: tuple[Role, ...] = ("filmed", "planned", "setting", "scouted", "other")
EVENT_KINDS: tuple[EventKind, ...] = (
    "filming",
    "wrap",
    "next_destination",
    "release",
    "announcement",
)


_GRANULARITY: dict[str, Granularity] = {
    "continent": "continent",
    "country": "country",
    "admin1": "region",
    "admin2": "region",
    "city": "city",
    "user": "city",
}


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry, or a point made outside it (kind "user": placed by a user,
    or a landmark an online geocoder placed): where a pin goes."""

    geonameid: str | None
    name: str
    country: str  # ISO 3166-1 alpha-2, "" for continents
    lat: float
    lon: float
    kind: PlaceKind
    population: int = 0
    admin1: str = ""  # human-readable names, not codes
    admin2: str = ""

    @property
    def label(self) -> str:
        """Name with its enclosing regions, for popups and pickers."""
        return place_label(self.name, self.admin2, self.admin1, self.country, self.kind)


def place_label(name: str, admin2: str, admin1: str, country: str, kind: str) -> str:
    """``Place.label`` from the fields alone: a store read labels a million rows this way."""
    parts = [name]
    if admin2 and admin2 != name:
        parts.append(admin2)
    if admin1 and admin1 not in parts:
        parts.append(admin1)
    if country and kind != "country":
        parts.append(country)
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a toponym, with the evidence that ranked it."""

    place: Place
    confidence: float  # 0..1, candidates of one toponym sum to at most 1
    reason: str


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place mention in an article, resolved (or not) to a place."""

    start: int  # character offsets into the article text, end exclusive
    end: int
    surface: str
    sentence: str
    place: Place | None
    confidence: float
    reason: str
    role: Role = "other"
    approximate: bool = False  # the text names something finer than `place`
    alternatives: tuple[Candidate, ...] = ()
    production: str | None = None  # Production.title this place belongs to

    @property
    def granularity(self) -> Granularity | None:
        """How large the named place is, so a country is drawn as an area, not a pin."""
        if self.place is None:
            return None
        if self.approximate:
            return "landmark"  # named something finer than the place it is pinned at
        return _GRANULARITY[self.place.kind]


ROMAN_NUMERALS = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}


def title_key(title: str) -> str:
    """Identity of a title: case, punctuation, a leading "The" and roman numerals do not matter."""
    words = re.findall(r"[a-z0-9]+", title.lower().replace("&", " and "))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if words and words[-1] in ROMAN_NUMERALS and len(words) > 1:
        words[-1] = str(ROMAN_NUMERALS[words[-1]])
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Production:
    """A film or series the article is about."""

    title: str
    aliases: tuple[str, ...] = ()
    year: int | None = None
    kind: Literal["film", "series", "unknown"] = "unknown"


@dataclass(frozen=True, slots=True)
class Event:
    """A dated schedule event: filming somewhere, a wrap, a release, ..."""

    kind: EventKind
    start: date
    end: date
    precision: Precision
    expression: str  # the words the date came from, e.g. "Last month"
    sentence: str
    production: str | None = None  # Production.title
    toponym: int | None = None  # index into ArticleResult.toponyms


@dataclass(frozen=True, slots=True)
class Override:
    """A user's correction, replayed on later articles that use the same name.

    `place` None means "this name is not a place" (a rejected mention).
    `production` None means the correction applies whatever the production.
    """

    surface: str
    place: Place | None
    production: str | None = None
    reason: str = "corrected by a user"


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything geoparsing found in one article."""

    text: str
    published: date | None
    toponyms: tuple[Toponym, ...] = ()
    productions: tuple[Production, ...] = ()
    events: tuple[Event, ...] = field(default_factory=tuple)
    pending_dates: tuple[str, ...] = ()  # relative date words waiting for a publication date
    language: str = "en"  # ISO 639-1 code detected from the text
    notice: str = ""  # what the user should know, e.g. a language Reelmap cannot read

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings), each toponym with its granularity."""
        data = _jsonable(self)
        for toponym, row in zip(self.toponyms, data["toponyms"], strict=True):
            row["granularity"] = toponym.granularity
        return data


def _jsonable(value: Any) -> Any:
    """`asdict` with dates as ISO strings, in one pass: asdict deep-copies every
    string first, and that was most of `reelmap extract`'s own time."""
    names = _field_names(type(value))
    if names:
        return {name: _jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names in order; () for any other type."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else ()
    return _FIELD_NAMES[kind]
