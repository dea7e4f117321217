"""Exports of the locations table (as `store.queries.locations` returns it).

Pure functions from a DataFrame to text or a dict, so the app's download
buttons and the command line produce the same files. Article text is
untrusted: each format escapes it the way its readers need.
"""

from __future__ import annotations

import html
import math
import re
from datetime import date, datetime
from typing import Any

import pandas as pd
import simplekml

from dashboard.app.palette import kml_color, production_looks

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids even when escaped; article text may carry them.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NO_PRODUCTION = "(no production)"


def to_csv(df: pd.DataFrame) -> str:
    """CSV with a header; text that a spreadsheet would run as a formula is quoted with '."""
    safe = df.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_defuse_formula)
    return safe.to_csv(index=False, lineterminator="\n")


def _defuse_formula(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_geojson(df: pd.DataFrame) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: a Point per row at [lon, lat], other columns as properties."""
    features = []
    for record in df.to_dict(orient="records"):
        lon, lat = float(record["lon"]), float(record["lat"])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            continue  # a position is required, and NaN is not valid JSON
        properties = {k: _json_value(v) for k, v in record.items() if k not in ("lat", "lon")}
        feature: dict[str, Any] = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties,
        }
        if isinstance(properties.get("mention_id"), int):
            feature["id"] = properties["mention_id"]
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def _json_value(value: Any) -> Any:
    """Plain JSON types only: dates as ISO strings, missing values and NaN as null."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_kml(df: pd.DataFrame) -> str:
    """KML 2.2: a Folder per production, a Placemark per location, dated with a TimeSpan.

    Each production's placemarks share one style in the colour the map gives it.
    """
    kml = simplekml.Kml(name="Reelmap filming locations")
    kml.parsetext(parse=False)  # we escape ourselves: simplekml passes CDATA sections through raw
    titles = df["production"].fillna("").astype(str)
    looks = production_looks(titles.value_counts(sort=False).to_dict())
    for production, rows in df.groupby(titles, sort=True):
        folder = kml.newfolder(name=_xml_text(str(production) or _NO_PRODUCTION))
        style = simplekml.Style()
        style.iconstyle.color = kml_color(looks[str(production)].color)
        style.iconstyle.scale = 1.1
        style.iconstyle.icon.href = (
            "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
        )
        style.labelstyle.scale = 0.8
        for record in rows.sort_values("order").to_dict(orient="records"):
            point = folder.newpoint(
                name=_xml_text(str(record["place"])),
                description=_xml_text(_description(record)),
                coords=[(float(record["lon"]), float(record["lat"]))],
            )
            point.style = style
            start, end = _json_value(record.get("start")), _json_value(record.get("end"))
            if start:
                point.timespan.begin = start
                point.timespan.end = end or start
    return str(kml.kml())


def _description(record: dict[str, Any]) -> str:
    """The popup shown by KML viewers: HTML, with every value from articles escaped."""
    lines = [
        f"<b>{html.escape(str(record['production'] or '') or _NO_PRODUCTION)}</b>",
        html.escape(str(record.get("sentence") or "")),
    ]
    when = " – ".join(
        str(v) for v in (_json_value(record.get("start")), _json_value(record.get("end"))) if v
    )
    if when:
        lines.append(f"Dates: {html.escape(when)}")
    source = ", ".join(
        str(v)
        for v in (
            record.get("article_title"),
            record.get("outlet"),
            _json_value(record.get("published")),
        )
        if v
    )
    if source:
        lines.append(f"Source: {html.escape(source)}")
    url = str(record.get("url") or "")
    if url.startswith(("http://", "https://")):
        lines.append(f'<a href="{html.escape(url, quote=True)}">article</a>')
    return "<br/>".join(lines)


def _xml_text(text: str) -> str:
    """Text safe inside an XML element: markup characters escaped, forbidden controls dropped."""
    return html.escape(_XML_FORBIDDEN.sub("", text), quote=False)
