"""What every Reelmap geocoder shares: the call shape and the one error we raise.

Geocoders follow geopy's convention (`geocode(query, exactly_one=...)` and
`reverse(point, exactly_one=...)` returning `geopy.location.Location`), so
the offline gazetteer and any online service are interchangeable.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeAlias

from geopy.exc import GeopyError
from geopy.location import Location

GeocodeResult: TypeAlias = "Location | list[Location] | None"


class GeocodeService(Protocol):
    """Anything that geocodes like a geopy geocoder."""

    def geocode(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> GeocodeResult:
        """Places matching `query`."""
        ...

    def reverse(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> GeocodeResult:
        """Places at or near the point `query`."""
        ...


class GeocoderUnreachable(GeopyError):
    """A geocoding service could not be reached; the message is one line for the UI.

    It is not a GeocoderServiceError on purpose: geopy's RateLimiter retries
    those, and retrying a refused connection only makes the user wait.
    """


def location_to_json(location: Location) -> dict[str, Any]:
    """A Location as plain JSON (address, point, raw), enough to rebuild it."""
    point = location.point
    return {
        "address": location.address,
        "point": [point.latitude, point.longitude, point.altitude],
        "raw": location.raw,
    }


def location_from_json(data: dict[str, Any]) -> Location:
    """The inverse of `location_to_json`."""
    return Location(data["address"], tuple(data["point"]), data["raw"])
