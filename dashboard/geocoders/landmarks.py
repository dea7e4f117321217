"""Landmarks the gazetteer cannot place, looked up on request: online, or in a GeoNames file.

GeoNames data on PyPI holds towns and regions but hardly any landmark: "Pulaski
Square" in a Savannah story is pinned at Savannah, marked approximate. With a
geopy service (Nominatim, Photon, ...) chosen on the command line, each such
landmark is looked up once as "Pulaski Square, Savannah, Georgia, US" and takes
the answer's point when it lies near the place the parser pinned it at; an
answer elsewhere is a namesake and is ignored. Nothing here runs by default:
the offline parser stays the same, and this step sits between it and the store.
`--landmarks-file` does the same offline with a GeoNames dump (geonames_file.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from geopy.distance import great_circle
from geopy.exc import GeocoderNotFound
from geopy.location import Location

from dashboard.geocoders.base import GeocoderUnreachable, GeocodeService
from dashboard.model import ArticleResult, Place

# How far from the enclosing place an answer may lie, by the enclosing place's kind.
REACH_KM = {"city": 30.0, "user": 30.0, "admin2": 80.0, "admin1": 600.0, "country": 2500.0}
_ANSWERS = 5  # several readings, so a namesake first in the list does not hide the right one

CountryAt = Callable[[float, float], "str | None"]


class LandmarkPlacer:
    """Gives approximate landmarks their own point from `geocoder`, near where they were.

    `country_at(lat, lon)` names the country of a point (the offline gazetteer's
    nearest town): an answer for a landmark pinned at a region or a country must
    lie in that country, not just within reach of its middle. After the first
    "cannot connect", no more requests are sent and `unreachable` says why.
    """

    def __init__(self, geocoder: GeocodeService, service: str, country_at: CountryAt) -> None:
        self.geocoder = geocoder
        self.service = service
        self.country_at = country_at
        self.placed = 0
        self.unreachable: str | None = None

    def place(self, result: ArticleResult) -> ArticleResult:
        """`result` with each approximate landmark that the service finds nearby placed."""
        found: dict[tuple[str, Place], Place | None] = {}
        toponyms = []
        for toponym in result.toponyms:
            enclosing = toponym.place
            if not toponym.approximate or enclosing is None or self.unreachable:
                toponyms.append(toponym)
                continue
            key = (toponym.surface, enclosing)
            if key not in found:
                found[key] = self.locate(toponym.surface, enclosing)
            landmark = found[key]
            if landmark is None:
                toponyms.append(toponym)
                continue
            self.placed += 1
            toponyms.append(
                replace(
                    toponym,
                    place=landmark,
                    approximate=False,
                    reason=self.reason(toponym.reason, landmark, enclosing),
                )
            )
        return replace(result, toponyms=tuple(toponyms))

    def locate(self, name: str, enclosing: Place) -> Place | None:
        """The landmark `name`'s own point near `enclosing`, or None (always, once unreachable)."""
        if self.unreachable:
            return None
        return self._look_up(name, enclosing)

    def reason(self, reason: str, landmark: Place, enclosing: Place) -> str:
        """A mention's `reason` with where its point now comes from."""
        distance = _km(landmark.lat, landmark.lon, enclosing)
        return f"{reason}; placed by {self.service}, {distance:.0f} km from {enclosing.name}"

    def report(self, out: TextIO | None = None) -> None:
        """One line on what the service did, for the command line (stderr by default)."""
        out = out or sys.stderr  # looked up now: a test or a caller may have replaced it
        if self.unreachable:
            print(f"reelmap: landmarks stay at their towns: {self.unreachable}", file=out)
        print(f"reelmap: {self.placed} landmark mentions placed by {self.service}", file=out)

    def _look_up(self, name: str, enclosing: Place) -> Place | None:
        try:
            answer = self.geocoder.geocode(query_for(name, enclosing), exactly_one=False)
        except GeocoderUnreachable as error:
            self.unreachable = str(error)
            return None
        answers = answer if isinstance(answer, list) else [answer] if answer else []
        for location in answers[:_ANSWERS]:
            landmark = self._near(name, location, enclosing)
            if landmark is not None:
                return landmark
        return None

    def _near(self, name: str, location: Location, enclosing: Place) -> Place | None:
        lat, lon = location.latitude, location.longitude
        if _km(lat, lon, enclosing) > REACH_KM.get(enclosing.kind, 30.0):
            return None
        if enclosing.kind in ("admin1", "country") and self.country_at(lat, lon) != (
            enclosing.country
        ):
            return None
        admin1 = enclosing.name if enclosing.kind == "admin1" else enclosing.admin1
        admin2 = enclosing.name if enclosing.kind == "admin2" else enclosing.admin2
        return Place(
            geonameid=None,
            name=name,
            country=enclosing.country,
            lat=round(lat, 5),
            lon=round(lon, 5),
            kind="user",
            admin1=admin1 if enclosing.kind != "country" else "",
            admin2=admin2 if enclosing.kind not in ("country", "admin1") else "",
        )


def query_for(name: str, enclosing: Place) -> str:
    """The free-text query: the landmark, then the place that holds it, widest last."""
    parts = [name, enclosing.name, enclosing.admin1]
    if enclosing.kind != "country":
        parts.append(enclosing.country)
    return ", ".join(dict.fromkeys(p for p in parts if p))


def _km(lat: float, lon: float, place: Place) -> float:
    return float(great_circle((lat, lon), (place.lat, place.lon)).km)


def add_landmark_arguments(parser: argparse.ArgumentParser) -> None:
    """The options `reelmap extract` and `reelmap ingest` share."""
    parser.add_argument(
        "--landmarks", metavar="SERVICE",
        help="place landmarks the gazetteer lacks with this geopy service (nominatim, "
        "photon, ...); off by default: it sends each landmark's name to that service",
    )  # fmt: skip
    parser.add_argument(
        "--landmarks-file", metavar="DUMP", type=Path,
        help="place them offline from a GeoNames dump file instead (a country's XX.zip or "
        "XX.txt from download.geonames.org/export/dump/)",
    )  # fmt: skip
    parser.add_argument("--geocoder-domain", metavar="HOST", help="service host for --landmarks")
    parser.add_argument(
        "--geocoder-scheme", choices=("http", "https"), help="protocol for --geocoder-domain"
    )


def placer_from_args(args: argparse.Namespace) -> LandmarkPlacer | None:
    """The placer the options ask for, or None; a bad service or file exits with one line."""
    service: str = getattr(args, "landmarks", None) or ""
    dump: Path | None = getattr(args, "landmarks_file", None)
    if not service and dump is None:
        return None
    if service and dump is not None:
        raise SystemExit("reelmap: give one of --landmarks and --landmarks-file")
    if dump is not None:
        from dashboard.geocoders.geonames_file import GeoNamesFileError

        try:
            return file_placer(dump)
        except GeoNamesFileError as error:
            raise SystemExit(f"reelmap: --landmarks-file: {error}") from error
    return LandmarkPlacer(_service(service, args), service, _gazetteer_country_at())


def file_placer(dump: Path) -> LandmarkPlacer:
    """A placer over the GeoNames dump `dump`; raises GeoNamesFileError for a bad file."""
    from dashboard.geocoders.geonames_file import GeoNamesFile

    return LandmarkPlacer(GeoNamesFile(dump), dump.name, _gazetteer_country_at())


def _gazetteer_country_at() -> CountryAt:
    from dashboard.gazetteer import Gazetteer

    gazetteer = Gazetteer.open(progress=False)

    def country_at(lat: float, lon: float) -> str | None:
        nearest = gazetteer.nearest(lat, lon)
        return nearest[0][0].country if nearest else None

    return country_at


def _service(name: str, args: argparse.Namespace) -> GeocodeService:
    if name == "offline":
        raise SystemExit("reelmap: --landmarks needs an online service: the gazetteer has none")
    from dashboard.geocoders import get_geocoder

    options = {
        key: value
        for key, value in (("domain", args.geocoder_domain), ("scheme", args.geocoder_scheme))
        if value
    }
    try:
        return get_geocoder(name, **options)
    except GeocoderNotFound as error:
        raise SystemExit(f"reelmap: --landmarks: {error}") from error
