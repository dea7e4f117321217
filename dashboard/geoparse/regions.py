"""Names the gazetteer lacks or gets wrong: world regions and city abbreviations.

GeoNames' populated places know "Middle East" only as a village in Maryland
and "Southeast Asia" not at all, so an article about a shoot "in the Middle
East" would get a pin in the US. These regions span several countries: they
resolve to an area (kind "continent"), which is never a filming pin.
Centres are rough midpoints of each region, good for drawing an area only.
"""

from __future__ import annotations

from dashboard.gazetteer import normalize_name
from dashboard.model import Place

_WORLD_REGIONS: dict[str, tuple[str, float, float]] = {
    name: (name, lat, lon)
    for name, lat, lon in (
        ("Middle East", 29.0, 42.0),
        ("Near East", 33.0, 38.0),
        ("Far East", 35.0, 120.0),
        ("Arabian Peninsula", 23.0, 46.0),
        ("Southeast Asia", 8.0, 110.0),
        ("East Asia", 35.0, 115.0),
        ("South Asia", 22.0, 79.0),
        ("Central Asia", 43.0, 65.0),
        ("North Africa", 27.0, 14.0),
        ("West Africa", 12.0, -3.0),
        ("East Africa", 0.0, 37.0),
        ("Southern Africa", -25.0, 25.0),
        ("Sub-Saharan Africa", 0.0, 20.0),
        ("Maghreb", 31.0, 3.0),
        ("Latin America", -8.0, -62.0),
        ("Central America", 13.0, -86.0),
        ("Caribbean", 17.0, -72.0),
        ("Scandinavia", 63.0, 15.0),
        ("Nordic countries", 63.0, 15.0),
        ("Balkans", 43.0, 20.0),
        ("Western Europe", 48.0, 5.0),
        ("Eastern Europe", 50.0, 28.0),
        ("Central Europe", 49.0, 15.0),
        ("Northern Europe", 58.0, 15.0),
        ("Southern Europe", 41.0, 14.0),
        ("Central and Eastern Europe", 49.0, 22.0),
        ("Mediterranean", 37.0, 15.0),
    )
}
_BY_KEY = {normalize_name(name): value for name, value in _WORLD_REGIONS.items()}
_BY_KEY.update(
    {
        normalize_name("South East Asia"): _WORLD_REGIONS["Southeast Asia"],
        normalize_name("the Balkans"): _WORLD_REGIONS["Balkans"],
        normalize_name("the Caribbean"): _WORLD_REGIONS["Caribbean"],
        normalize_name("the Middle East"): _WORLD_REGIONS["Middle East"],
        normalize_name("Nordics"): _WORLD_REGIONS["Nordic countries"],
    }
)

# Written bare in running text these mean the city, not the state ("shot in LA").
CITY_ABBREVIATIONS = {"LA": "Los Angeles"}


def world_region(name: str) -> Place | None:
    """The multi-country region this name means, as an area place, if it is one."""
    found = _BY_KEY.get(normalize_name(name))
    if found is None:
        return None
    label, lat, lon = found
    return Place(f"region:{normalize_name(label)}", label, "", lat, lon, "continent")
