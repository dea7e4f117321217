"""Any geopy online service, rate-limited and answered from a cache when it can be.

Free services (Nominatim, Photon) ask for at most one request per second and
ban clients that resend the same queries, hence RateLimiter plus a persistent
cache in front of every call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geopy.exc import GeocoderTimedOut, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder

from dashboard.geocoders.base import GeocodeResult, GeocoderUnreachable
from dashboard.geocoders.cache import GeocodeCache


class CachedGeocoder:
    """A geopy geocoder behind RateLimiter and a GeocodeCache."""

    def __init__(
        self,
        service: str,
        geocoder: Geocoder,
        cache: GeocodeCache,
        *,
        min_delay_seconds: float = 1.0,
        max_retries: int = 2,
    ) -> None:
        self.service = service
        self.geocoder = geocoder
        self.cache = cache
        # Where requests go, so a cache shared by two servers keeps their answers apart.
        self.endpoint = str(getattr(geocoder, "api", type(geocoder).__name__))
        # One limiter for both methods: services count every request.
        self.rate_limiter = RateLimiter(
            self._send,
            min_delay_seconds=min_delay_seconds,
            max_retries=max_retries,
            error_wait_seconds=max(min_delay_seconds, 1.0),
            swallow_exceptions=False,
        )

    def geocode(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> GeocodeResult:
        """Like the service's geocode(); cached answers never touch the network."""
        return self._cached("geocode", query, exactly_one, kwargs)

    def reverse(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> GeocodeResult:
        """Like the service's reverse(); cached answers never touch the network."""
        return self._cached("reverse", query, exactly_one, kwargs)

    def _cached(
        self,
        method: str,
        query: Any,
        exactly_one: bool,
        kwargs: dict[str, Any],
    ) -> GeocodeResult:
        options = {**kwargs, "exactly_one": exactly_one}
        options.pop("timeout", None)  # how long to wait does not change the answer
        key = GeocodeCache.key(self.service, self.endpoint, method, query, options)
        found, answer = self.cache.get(key)
        if found:
            return answer
        answer = self.rate_limiter(method, query, exactly_one=exactly_one, **kwargs)
        self.cache.put(key, self.service, method, query, answer)
        return answer

    def _send(self, method: str, query: Any, **kwargs: Any) -> GeocodeResult:
        """One request to the service; "cannot connect" becomes a one-line
        GeocoderUnreachable, which RateLimiter does not retry."""
        try:
            result: GeocodeResult = getattr(self.geocoder, method)(query, **kwargs)
        except (GeocoderUnavailable, GeocoderTimedOut) as error:
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            message = f"{self.service} geocoder unreachable at {self.endpoint}: {reason}"
            raise GeocoderUnreachable(message) from error
        return result


def online_geocoder(
    service: str,
    *,
    user_agent: str,
    cache_path: Path,
    min_delay_seconds: float = 1.0,
    max_retries: int = 2,
    **service_kwargs: Any,
) -> CachedGeocoder:
    """geopy's `service` (e.g. "nominatim", "photon") with rate limit and cache.

    `service_kwargs` go to the geopy class (domain=, scheme=, api_key=, ...).
    Unknown services raise geopy's GeocoderNotFound, which lists the valid names.
    """
    cls = get_geocoder_for_service(service)
    geocoder = cls(user_agent=user_agent, **service_kwargs)
    return CachedGeocoder(
        service,
        geocoder,
        GeocodeCache(cache_path),
        min_delay_seconds=min_delay_seconds,
        max_retries=max_retries,
    )
