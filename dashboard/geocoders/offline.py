"""geopy geocoder over the offline gazetteer: no network, no rate limit.

Queries may carry context after commas ("Rauma, Norway", "Strand, Rogaland"):
a part that names a country restricts the country, any other part must be
the place's admin1 or admin2 name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from dashboard.gazetteer import Gazetteer, normalize_name
from dashboard.geocoders.base import GeocodeResult
from dashboard.model import Place

DEFAULT_LIMIT = 10


class OfflineGazetteer(Geocoder):
    """Geocode against the bundled GeoNames gazetteer (data: GeoNames, CC BY 4.0)."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        timeout: Any = DEFAULT_SENTINEL,
        user_agent: str | None = None,
    ) -> None:
        super().__init__(timeout=timeout, user_agent=user_agent)
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.open()

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        country_codes: str | Iterable[str] | None = None,
        limit: int | None = None,
    ) -> GeocodeResult:
        """Places named `query`, best first (see `Gazetteer.lookup` for the ranking).

        `timeout` is accepted for geopy compatibility; lookups are local.
        """
        countries = _codes(country_codes)
        wanted = 1 if exactly_one else limit or DEFAULT_LIMIT
        places = self.gazetteer.lookup(query, countries, limit=wanted)
        if not places and "," in query:
            places = self._with_context(query, countries, wanted)
        return self._result([(p, None) for p in places], exactly_one)

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        limit: int | None = None,
    ) -> GeocodeResult:
        """The populated places nearest to a point ("lat, lon", a tuple or a Point)."""
        point = Point(query)
        wanted = 1 if exactly_one else limit or DEFAULT_LIMIT
        found = self.gazetteer.nearest(point.latitude, point.longitude, limit=wanted)
        return self._result(list(found), exactly_one)

    def _with_context(self, query: str, countries: set[str] | None, limit: int) -> list[Place]:
        name, *context = (part.strip() for part in query.split(","))
        regions: list[str] = []
        for part in context:
            code = self.gazetteer.country_code(part)
            if code is None:
                regions.append(normalize_name(part))
            elif countries is None or code in countries:
                countries = {code}
            else:
                return []  # the query's country contradicts country_codes
        places = self.gazetteer.lookup(name, countries, limit=max(limit, 100))
        for region in regions:
            places = [
                p for p in places if region in (normalize_name(p.admin1), normalize_name(p.admin2))
            ]
        return places[:limit]

    def _result(self, found: list[tuple[Place, float | None]], exactly_one: bool) -> GeocodeResult:
        locations = [_location(place, km) for place, km in found]
        if not locations:
            return None
        return locations[0] if exactly_one else locations


def _codes(country_codes: str | Iterable[str] | None) -> set[str] | None:
    if country_codes is None:
        return None
    if isinstance(country_codes, str):
        country_codes = [country_codes]
    return {code.upper() for code in country_codes}


def _location(place: Place, distance_km: float | None) -> Location:
    raw: dict[str, Any] = asdict(place)
    if distance_km is not None:
        raw["distance_km"] = distance_km
    return Location(place.label, (place.lat, place.lon), raw)
