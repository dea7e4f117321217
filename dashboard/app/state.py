"""The dashboard's view as URL query parameters, and back.

Everything a person can set (filters, the selected pin, the map's centre and
zoom) is one frozen `ViewState`, so a link reopens exactly the same view. The
URL is untrusted input: `decode` never raises, it drops what it cannot use and
says so in plain-text notes that the app shows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final, Protocol, TypeVar

from dashboard.store.queries import Filters

ROLE_CHOICES: Final = ("filmed", "planned", "setting", "all")
DEFAULT_ROLE: Final = "filmed"
MIN_ZOOM: Final = 1
MAX_ZOOM: Final = 18
COORD_DECIMALS: Final = 5  # about a metre: short links, same map

# Query parameter names; short because people read and paste these links.
P_FILM, P_COUNTRY, P_ROLE = "film", "country", "role"
P_FROM, P_TO, P_CONF = "from", "to", "conf"
P_PIN, P_LAT, P_LON, P_ZOOM = "pin", "lat", "lon", "zoom"

_SHOWN_CHARS = 40  # how much of a bad value a note repeats back

T = TypeVar("T")


class FacetsLike(Protocol):
    """What decoding needs to know about the data: the values that exist."""

    @property
    def productions(self) -> list[str]: ...

    @property
    def countries(self) -> list[str]: ...


@dataclass(frozen=True)
class ViewState:
    """One complete, shareable view of the dashboard."""

    productions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    role: str = DEFAULT_ROLE  # one of ROLE_CHOICES
    date_from: date | None = None
    date_to: date | None = None
    min_confidence: float = 0.0
    selected: int | None = None  # mention id of the selected pin
    center: tuple[float, float] | None = None  # (lat, lon)
    zoom: int | None = None


def to_filters(view: ViewState) -> Filters:
    """The store query that this view shows."""
    return Filters(
        productions=view.productions,
        countries=view.countries,
        roles=() if view.role == "all" else (view.role,),
        date_from=view.date_from,
        date_to=view.date_to,
        min_confidence=view.min_confidence,
    )


def wrap_longitude(lon: float) -> float:
    """The same meridian in [-180, 180): a map panned round the world reports 361.4 for 1.4,
    which a link could not carry."""
    return (lon + 180.0) % 360.0 - 180.0


def encode(view: ViewState) -> dict[str, list[str]]:
    """Query parameters for `view`; values equal to the defaults are left out."""
    params: dict[str, list[str]] = {}
    if view.productions:
        params[P_FILM] = list(view.productions)
    if view.countries:
        params[P_COUNTRY] = list(view.countries)
    if view.role != DEFAULT_ROLE:
        params[P_ROLE] = [view.role]
    if view.date_from is not None:
        params[P_FROM] = [view.date_from.isoformat()]
    if view.date_to is not None:
        params[P_TO] = [view.date_to.isoformat()]
    if view.min_confidence:
        params[P_CONF] = [_number(view.min_confidence, 2)]
    if view.selected is not None:
        params[P_PIN] = [str(view.selected)]
    if view.center is not None:
        params[P_LAT] = [_number(view.center[0], COORD_DECIMALS)]
        params[P_LON] = [_number(view.center[1], COORD_DECIMALS)]
    if view.zoom is not None:
        params[P_ZOOM] = [str(view.zoom)]
    return params


def decode(params: Mapping[str, list[str]], facets: FacetsLike) -> tuple[ViewState, list[str]]:
    """Read a view from query parameters, falling back to defaults.

    Returns the view and one note per value that was ignored. Notes repeat the
    offending value as plain text: the caller must escape them for display.
    """
    notes: list[str] = []

    def last(name: str) -> str | None:
        values = params.get(name) or []
        return values[-1] if values else None

    def single(name: str, parse: Callable[[str], T | None], expected: str) -> T | None:
        raw = last(name)
        if raw is None or raw == "":
            return None
        value = parse(raw)
        if value is None:
            notes.append(f"Ignored {name}={_shown(raw)}: expected {expected}.")
        return value

    productions = _known(params.get(P_FILM, []), facets.productions, _fold_title)
    for bad in productions[1]:
        notes.append(f"Ignored film={_shown(bad)}: no production with that title.")
    countries = _known(params.get(P_COUNTRY, []), facets.countries, str.upper)
    for bad in countries[1]:
        notes.append(f"Ignored country={_shown(bad)}: no locations in that country.")

    role = single(P_ROLE, _parse_role, "one of " + ", ".join(ROLE_CHOICES))
    date_from = single(P_FROM, _parse_date, "a date like 2021-09-30")
    date_to = single(P_TO, _parse_date, "a date like 2021-09-30")
    if date_from is not None and date_to is not None and date_from > date_to:
        notes.append(
            f"Ignored the dates {date_from} to {date_to}: the range ends before it starts."
        )
        date_from = date_to = None
    confidence = single(P_CONF, _parse_confidence, "a number from 0 to 1")
    selected = single(P_PIN, _parse_pin, "a pin number")
    lat = single(P_LAT, lambda raw: _parse_in_range(raw, 90.0), "a latitude from -90 to 90")
    lon = single(P_LON, lambda raw: _parse_in_range(raw, 180.0), "a longitude from -180 to 180")
    center = (lat, lon) if lat is not None and lon is not None else None
    if center is None and (lat is None) != (lon is None) and not (last(P_LAT) and last(P_LON)):
        notes.append("Ignored the map centre: it needs both lat and lon.")
    zoom = single(P_ZOOM, _parse_zoom, f"a zoom level from {MIN_ZOOM} to {MAX_ZOOM}")

    view = ViewState(
        productions=productions[0],
        countries=countries[0],
        role=role or DEFAULT_ROLE,
        date_from=date_from,
        date_to=date_to,
        min_confidence=confidence or 0.0,
        selected=selected,
        center=center,
        zoom=zoom,
    )
    return view, notes


def _known(
    values: list[str], known: list[str], fold: Callable[[str], str]
) -> tuple[tuple[str, ...], list[str]]:
    """Split requested values into known ones (canonical spelling, no repeats) and unknown."""
    canonical = {fold(value): value for value in known}
    found: list[str] = []
    unknown: list[str] = []
    for value in values:
        match = canonical.get(fold(value.strip()))
        if match is None:
            if value.strip():
                unknown.append(value)
        elif match not in found:
            found.append(match)
    return tuple(found), unknown


def _fold_title(title: str) -> str:
    return " ".join(title.casefold().split())


def _parse_role(raw: str) -> str | None:
    role = raw.strip().lower()
    return role if role in ROLE_CHOICES else None


def _parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _parse_float(raw: str) -> float | None:
    try:
        value = float(raw.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _parse_confidence(raw: str) -> float | None:
    value = _parse_float(raw)
    return round(value, 2) if value is not None and 0.0 <= value <= 1.0 else None


def _parse_in_range(raw: str, limit: float) -> float | None:
    value = _parse_float(raw)
    return round(value, COORD_DECIMALS) if value is not None and -limit <= value <= limit else None


def _parse_int(raw: str) -> int | None:
    text = raw.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def _parse_pin(raw: str) -> int | None:
    value = _parse_int(raw)
    return value if value is not None and value > 0 else None


def _parse_zoom(raw: str) -> int | None:
    value = _parse_int(raw)
    return value if value is not None and MIN_ZOOM <= value <= MAX_ZOOM else None


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def _shown(raw: str) -> str:
    text = " ".join(raw.split())
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"
