"""The Data page shows large results a page at a time and writes its downloads in chunks."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy.engine import Engine

from bench.store_fill import fill
from dashboard import export
from dashboard.app.views.data import csv_file, full_chunks, geojson_file, kml_file, page_rows
from dashboard.store.queries import Filters, locations, map_locations

pytest_plugins = ["store_fixtures"]


def _numbered(text: str) -> str:
    """KML's element ids come from simplekml's process-wide counter: number them afresh."""
    ids: dict[str, str] = {}
    return re.sub(r'(id="|>#)(\d+)', lambda m: m[1] + ids.setdefault(m[2], str(len(ids))), text)


@pytest.mark.parametrize(
    ("total", "page", "size", "rows"),
    [
        (0, 1, 1000, (0, 0)),
        (10, 1, 1000, (0, 10)),
        (2500, 1, 1000, (0, 1000)),
        (2500, 3, 1000, (2000, 2500)),
        (2500, 9, 1000, (2000, 2500)),  # past the end: the last page
        (2500, 0, 1000, (0, 1000)),  # before the start: the first page
        (3000, 3, 1000, (2000, 3000)),
    ],
)
def test_a_page_holds_its_rows_and_never_falls_off_either_end(
    total: int, page: int, size: int, rows: tuple[int, int]
) -> None:
    found = page_rows(total, page, size)
    assert (found.start, found.stop) == rows


@pytest.mark.parametrize("chunk", [1, 7, 40, 10_000])
def test_downloads_written_in_chunks_are_the_files_of_the_whole_table(
    engine: Engine, chunk: int
) -> None:
    fill(engine, 40, productions=3)
    rows = map_locations(engine, Filters())
    whole = locations(engine, Filters())
    files = {
        "csv": (csv_file, export.to_csv(whole)),
        "geojson": (geojson_file, json.dumps(export.to_geojson(whole), ensure_ascii=False)),
        "kml": (kml_file, export.to_kml(whole)),
    }
    for name, (write, expected) in files.items():
        made = write(full_chunks(engine, rows, chunk))
        text = made if isinstance(made, str) else made.getvalue().decode()
        assert _numbered(text) == _numbered(expected), name
    assert len(json.loads(files["geojson"][1])["features"]) == 40
