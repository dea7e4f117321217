"""Geocoders with geopy's interface: the offline gazetteer, or any online service.

The offline geocoder uses GeoNames data (CC BY 4.0).
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from dashboard.gazetteer.build import cache_dir
from dashboard.geocoders.base import GeocoderUnreachable, GeocodeService
from dashboard.geocoders.offline import OfflineGazetteer
from dashboard.geocoders.online import CachedGeocoder, online_geocoder

__all__ = [
    "CachedGeocoder",
    "GeocodeService",
    "GeocoderUnreachable",
    "OfflineGazetteer",
    "get_geocoder",
    "online_geocoder",
]


def get_geocoder(name: str = "offline", **kwargs: Any) -> OfflineGazetteer | CachedGeocoder:
    """The geocoder called `name`: "offline", or any geopy service name.

    Online services get a Reelmap user agent and a cache file in the cache
    directory unless `user_agent` / `cache_path` are given.
    """
    if name == "offline":
        return OfflineGazetteer(**kwargs)
    kwargs.setdefault("user_agent", f"reelmap/{version('reelmap')}")
    kwargs.setdefault("cache_path", cache_dir() / "geocoder-cache.sqlite")
    return online_geocoder(name, **kwargs)
