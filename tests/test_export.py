"""Exports of the locations table: CSV, GeoJSON (RFC 7946) and KML 2.2, with hostile text."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from lxml import etree
from store_data import OSLO, ROME, article, filming, toponym

from dashboard.app.palette import kml_color, production_looks
from dashboard.export import to_csv, to_geojson, to_kml
from dashboard.model import Production
from dashboard.store import connect
from dashboard.store.ingest import save_article
from dashboard.store.queries import LOCATION_COLUMNS, Filters, locations

KML = "{http://www.opengis.net/kml/2.2}"
HOSTILE_TITLE = 'Ocean\'s <b>Eleven</b> & "Co"'
HOSTILE_SENTENCE = (
    "<script>alert(1)</script> shot in Oslo <![CDATA[x]]></description><evil/> ]]> \x07 `${x}`"
)
FORMULA_TITLE = '=HYPERLINK("http://evil.example","click")'

# A small schema for what RFC 7946 requires of a FeatureCollection of Points.
GEOJSON_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "properties": {"type": ["object", "null"]},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "minItems": 2,
                                "maxItems": 3,
                                "prefixItems": [
                                    {"type": "number", "minimum": -180, "maximum": 180},
                                    {"type": "number", "minimum": -90, "maximum": 90},
                                ],
                            },
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def df(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """A real locations table, with markup, CDATA tricks and a spreadsheet formula in it."""
    engine = connect(str(Path(tmp_path_factory.mktemp("export")) / "x.sqlite"))
    save_article(
        engine,
        *article(
            HOSTILE_SENTENCE,
            (toponym(HOSTILE_SENTENCE, "Oslo", OSLO, production=HOSTILE_TITLE),),
            productions=(Production(HOSTILE_TITLE),),
            events=(
                filming(date(2021, 3, 1), date(2021, 3, 9), production=HOSTILE_TITLE, toponym=0),
            ),
            title=FORMULA_TITLE,
        ),
    )
    text = "Beta filmed in Rome."
    save_article(engine, *article(text, (toponym(text, "Rome", ROME, production="Beta"),)))
    frame = locations(engine, Filters())
    engine.dispose()
    return frame


def test_csv_has_every_column_and_defuses_formulas(df: pd.DataFrame) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(df))))
    assert list(rows[0]) == list(LOCATION_COLUMNS)
    by_place = {r["place"].split(",")[0]: r for r in rows}
    assert by_place["Oslo"]["article_title"] == "'" + FORMULA_TITLE
    assert by_place["Oslo"]["production"] == HOSTILE_TITLE
    assert (by_place["Oslo"]["start"], by_place["Rome"]["start"]) == ("2021-03-01", "")
    assert float(by_place["Rome"]["lat"]) == ROME.lat


def test_geojson_is_a_valid_rfc7946_feature_collection(df: pd.DataFrame) -> None:
    collection = to_geojson(df)
    jsonschema.validate(collection, GEOJSON_SCHEMA)
    json.dumps(collection, allow_nan=False)  # strictly JSON: no NaN, dates, numpy types
    by_place = {f["properties"]["place"].split(",")[0]: f for f in collection["features"]}
    assert by_place["Oslo"]["geometry"]["coordinates"] == [OSLO.lon, OSLO.lat]
    props = by_place["Oslo"]["properties"]
    assert (props["start"], props["end"], props["published"]) == (
        "2021-03-01",
        "2021-03-09",
        "2021-05-01",
    )
    assert props["sentence"] == HOSTILE_SENTENCE  # data, not markup: escaping is the viewer's job
    assert by_place["Rome"]["properties"]["start"] is None
    assert by_place["Oslo"]["id"] == props["mention_id"]


def test_kml_is_kml_22_with_a_folder_per_production(df: pd.DataFrame) -> None:
    root = etree.fromstring(to_kml(df).encode("utf-8"))
    assert root.tag == f"{KML}kml"
    [document] = root.findall(f"{KML}Document")
    folders = document.findall(f"{KML}Folder")
    assert [f.findtext(f"{KML}name") for f in folders] == ["Beta", HOSTILE_TITLE]
    placemarks = root.findall(f".//{KML}Placemark")
    assert len(placemarks) == len(df)
    oslo = next(p for p in placemarks if p.findtext(f"{KML}name", "").startswith("Oslo"))
    lon, lat, _ = oslo.findtext(f".//{KML}Point/{KML}coordinates", "").split(",")
    assert (float(lon), float(lat)) == (OSLO.lon, OSLO.lat)
    assert oslo.findtext(f"{KML}TimeSpan/{KML}begin") == "2021-03-01"
    # nothing from the article became an element, and the popup HTML carries it escaped
    tags = {etree.QName(el).localname for el in root.iter() if isinstance(el.tag, str)}
    assert tags <= {
        "kml",
        "Document",
        "name",
        "Folder",
        "Placemark",
        "description",
        "Point",
        "coordinates",
        "TimeSpan",
        "begin",
        "end",
        *STYLE_TAGS,
    }
    description = oslo.findtext(f"{KML}description", "")
    assert "&lt;script&gt;" in description and "<script" not in description
    assert "&lt;![CDATA[" in description and "\x07" not in description
    assert f"<b>{'Ocean&#x27;s &lt;b&gt;Eleven'}" in description


STYLE_TAGS = ("Style", "IconStyle", "Icon", "href", "color", "colorMode", "scale", "heading")
STYLE_TAGS += ("LabelStyle", "styleUrl")


def test_kml_placemarks_wear_their_productions_colour(df: pd.DataFrame) -> None:
    root = etree.fromstring(to_kml(df).encode("utf-8"))
    styles = {
        s.get("id"): s.findtext(f"{KML}IconStyle/{KML}color") for s in root.iter(f"{KML}Style")
    }
    looks = production_looks(df["production"].value_counts(sort=False).to_dict())
    seen = {}
    for folder in root.iter(f"{KML}Folder"):
        title = folder.findtext(f"{KML}name")
        for placemark in folder.findall(f"{KML}Placemark"):
            colour = styles[placemark.findtext(f"{KML}styleUrl", "").lstrip("#")]
            assert colour == kml_color(looks[html.unescape(title or "")].color)
            seen[title] = colour
    assert len(set(seen.values())) == len(seen) == 2  # one colour per production


def test_empty_table_exports_empty_documents() -> None:
    empty = pd.DataFrame({name: [] for name in LOCATION_COLUMNS})
    assert to_csv(empty).strip() == ",".join(LOCATION_COLUMNS)
    assert to_geojson(empty) == {"type": "FeatureCollection", "features": []}
    root = etree.fromstring(to_kml(empty).encode("utf-8"))
    assert root.findall(f".//{KML}Placemark") == []
