"""Landmarks from a GeoNames dump file: a geopy geocoder over one local file.

The GeoNames data that PyPI packages ship holds towns and regions only.
GeoNames' own dumps (https://download.geonames.org/export/dump/: one file per
country such as `GB.zip`, or `allCountries.zip`) also hold squares, parks,
beaches, mountains, islands, lakes and neighbourhoods. Given such a file,
`--landmarks-file` places the parser's approximate landmarks with it the way
`--landmarks SERVICE` does with an online service (dashboard/geocoders/
landmarks.py), and nothing leaves the machine. Data: GeoNames, CC BY 4.0.

The file is read into memory: a country's file takes seconds and tens of MB;
the whole world's takes minutes and several GB.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from dashboard.gazetteer import normalize_name
from dashboard.geocoders.base import GeocodeResult

# Feature classes kept: spots and buildings, terrain, water, areas, vegetation.
LANDMARK_CLASSES = frozenset("STHLV")
NEIGHBOURHOOD_CODES = frozenset({"PPLX"})  # a section of a town (class P, otherwise towns)
_NO_LANDMARKS = "{path}: no landmark rows in GeoNames' dump format"
_COLUMNS = 19  # geonameid, name, asciiname, alternatenames, latitude, longitude, class, code, ...


@dataclass(frozen=True, slots=True)
class Feature:
    """One row of the dump that names a landmark."""

    geonameid: str
    name: str
    lat: float
    lon: float
    feature_code: str
    country: str
    population: int


class GeoNamesFileError(ValueError):
    """The file is not a GeoNames dump; the message is one line for the command line."""


class GeoNamesFile(Geocoder):
    """Geocode landmark names against a GeoNames dump (`.txt`, or the `.zip` GeoNames serves).

    A query's first comma-separated part is the name ("Pulaski Square, Savannah,
    Georgia, US" looks up "Pulaski Square"); every feature of that name or
    alternate name is an answer, the most populous first. Which of them lies
    near the article's place is for the caller to judge (LandmarkPlacer does).
    """

    def __init__(self, path: Path, *, timeout: Any = DEFAULT_SENTINEL) -> None:
        super().__init__(timeout=timeout, user_agent="reelmap")
        self.path = path
        self.features = 0
        by_name: dict[str, list[Feature]] = {}
        for feature, names in read_landmarks(path):
            self.features += 1
            for key in dict.fromkeys(normalize_name(name) for name in names):
                if key:
                    by_name.setdefault(key, []).append(feature)
        if not self.features:
            raise GeoNamesFileError(_NO_LANDMARKS.format(path=path))
        for found in by_name.values():
            found.sort(key=lambda f: (-f.population, int(f.geonameid)))
        self._by_name = by_name

    def geocode(self, query: str, *, exactly_one: bool = True, **kwargs: Any) -> GeocodeResult:
        name = str(query).split(",")[0].strip()
        if name.lower().startswith("the "):
            name = name[4:]
        found = [_location(f) for f in self._by_name.get(normalize_name(name), [])]
        if exactly_one:
            return found[0] if found else None
        return found or None


def check_dump(path: Path) -> None:
    """Raise GeoNamesFileError unless `path` holds a landmark row: a quick look, not a load."""
    rows = read_landmarks(path)
    try:
        if next(rows, None) is None:
            raise GeoNamesFileError(_NO_LANDMARKS.format(path=path))
    finally:
        rows.close()


def read_landmarks(path: Path) -> Generator[tuple[Feature, list[str]], None, None]:
    """The dump's landmark rows with all their names; other rows and bad lines are skipped.

    Raises GeoNamesFileError for a file that cannot be read as a dump at all.
    """
    try:
        with _lines(path) as lines:
            for line in lines:
                row = _landmark(line.rstrip("\n").split("\t"))
                if row is not None:
                    yield row
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise GeoNamesFileError(f"{path}: cannot be read as a GeoNames dump: {error}") from error


@contextmanager
def _lines(path: Path) -> Iterator[Iterable[str]]:
    """The dump's lines, from the plain file or from the .txt in GeoNames' zip."""
    if path.suffix.lower() != ".zip":
        with path.open(encoding="utf-8") as text:
            yield text
        return
    with zipfile.ZipFile(path) as archive:
        members = [n for n in archive.namelist() if n.endswith(".txt") and n != "readme.txt"]
        if not members:
            raise GeoNamesFileError(f"{path}: the archive holds no GeoNames .txt file")
        with archive.open(members[0]) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8")


def _landmark(fields: list[str]) -> tuple[Feature, list[str]] | None:
    if len(fields) != _COLUMNS:
        return None
    feature_class, code = fields[6], fields[7]
    if feature_class not in LANDMARK_CLASSES and code not in NEIGHBOURHOOD_CODES:
        return None
    try:
        lat, lon = float(fields[4]), float(fields[5])
        population = int(fields[14] or 0)
        int(fields[0])
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    names = [fields[1], fields[2], *fields[3].split(",")]
    feature = Feature(fields[0], fields[1], lat, lon, code, fields[8], population)
    return feature, [n for n in names if n]


def _location(feature: Feature) -> Location:
    raw = {
        "geonameid": feature.geonameid,
        "name": feature.name,
        "feature_code": feature.feature_code,
        "country": feature.country,
        "population": feature.population,
    }
    return Location(f"{feature.name}, {feature.country}", (feature.lat, feature.lon), raw)
