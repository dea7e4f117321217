"""Data: the filtered locations as a table, downloadable as CSV, GeoJSON and KML.

The page holds the lean map rows (``queries.map_locations``); the table shows
one page of them at a time, with the text of that page's rows alone read
from the store: a million rows would otherwise all travel to the browser,
and all their sentences sit in the server's memory. The downloads are made
from the very rows the table pages through, so a file always holds exactly
the filtered rows; CSV and GeoJSON are written a chunk of rows at a time (the
file is in memory once, never the full table beside it). Below them (unless
read-only), a person merges or renames productions.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Callable, Iterable, Iterator

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard import export
from dashboard.app import renames, resources, session
from dashboard.app.state import to_filters
from dashboard.app.ui import plural, safe_url
from dashboard.store import queries

TABLE_COLUMNS = {
    "production": st.column_config.TextColumn("Production"),
    "order": st.column_config.NumberColumn("#", help="Shooting order within the production"),
    "place": st.column_config.TextColumn("Place"),
    "country": st.column_config.TextColumn("Country"),
    "role": st.column_config.TextColumn("Role"),
    "confidence": st.column_config.ProgressColumn(
        "Confidence", min_value=0.0, max_value=1.0, format="percent"
    ),
    "start": st.column_config.TextColumn("From"),
    "end": st.column_config.TextColumn("To"),
    "sentence": st.column_config.TextColumn("Source sentence", width="large"),
    "article_title": st.column_config.TextColumn("Article"),
    "outlet": st.column_config.TextColumn("Outlet"),
    "published": st.column_config.TextColumn("Published"),
    "url": st.column_config.LinkColumn("Link", display_text="open"),
    "lat": st.column_config.NumberColumn("Lat", format="%.4f"),
    "lon": st.column_config.NumberColumn("Lon", format="%.4f"),
}
FILE_STEM = "reelmap-locations"
PAGE_ROWS = 1_000
PAGE_KEY = "data.page"
DATE_COLUMNS = ("start", "end", "published")
EXPORT_CHUNK = 20_000  # rows read in full at a time for a download


def render() -> None:
    settings = resources.settings()
    version = resources.data_version(settings.db_url)
    frame = resources.map_locations(settings.db_url, version, to_filters(session.view()))

    st.title("Data")
    if frame.empty:
        st.info("No locations match these filters.", icon=":material/filter_alt:")
    else:
        st.caption(
            f"{plural(len(frame), 'location')} from "
            f"{plural(frame['production'].nunique(), 'production')}. "
            "The downloads contain exactly these rows."
        )
        _downloads(resources.engine(settings.db_url), frame)
        shown = resources.complete(settings.db_url, _page(frame))
        st.dataframe(
            table(shown),
            column_config=TABLE_COLUMNS,
            hide_index=True,
            width="stretch",
            height=min(38 + 35 * len(shown), 640),
        )
    if not settings.read_only:
        renames.draw(resources.facets(settings.db_url, version).productions)


def page_rows(total: int, page: int, size: int = PAGE_ROWS) -> slice:
    """The rows of page ``page`` (from 1; out of range: the nearest page)."""
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    return slice((page - 1) * size, min(page * size, total))


def _page(frame: pd.DataFrame) -> pd.DataFrame:
    """One page of the rows, picked above the table when there is more than one."""
    if len(frame) <= PAGE_ROWS:
        return frame
    pages = -(-len(frame) // PAGE_ROWS)
    if int(st.session_state.get(PAGE_KEY, 1)) > pages:  # the filters left fewer pages
        st.session_state[PAGE_KEY] = pages
    page = st.number_input("Page", min_value=1, max_value=pages, step=1, key=PAGE_KEY)
    rows = page_rows(len(frame), int(page))
    st.caption(f"Rows {rows.start + 1:,}–{rows.stop:,} of {len(frame):,} · page {page} of {pages}")
    return frame.iloc[rows]


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as shown: a missing value is an empty cell, never "None"."""
    shown = frame.loc[:, [c for c in TABLE_COLUMNS if c in frame.columns]]
    texts = [c for c in shown.columns if shown[c].dtype == object and c not in DATE_COLUMNS]
    return shown.assign(
        url=shown["url"].map(lambda u: safe_url(u) or None),
        **{c: shown[c].map(_day) for c in DATE_COLUMNS if c in shown.columns},
        **{c: shown[c].fillna("").astype(str) for c in texts if c != "url"},
    )


def _day(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""


def full_chunks(
    engine: Engine, rows: pd.DataFrame, size: int = EXPORT_CHUNK
) -> Iterator[pd.DataFrame]:
    """The map rows in full (``queries.locations`` columns), ``size`` rows at a time."""
    for at in range(0, len(rows), size):
        part = rows.iloc[at : at + size]
        details = queries.location_details(engine, part["mention_id"].to_numpy())
        yield queries.with_details(part, details)


def csv_file(chunks: Iterable[pd.DataFrame]) -> io.BytesIO:
    """``export.to_csv`` of the chunks put together, written chunk by chunk."""
    out = io.BytesIO()
    for n, chunk in enumerate(chunks):
        text = export.to_csv(chunk)
        out.write((text if n == 0 else text.split("\n", 1)[1]).encode())
    return out


def geojson_file(chunks: Iterable[pd.DataFrame]) -> io.BytesIO:
    """``json.dumps(export.to_geojson(...))`` of the chunks put together, chunk by chunk."""
    out = io.BytesIO()
    out.write(b'{"type": "FeatureCollection", "features": [')
    separator = b""
    for chunk in chunks:
        for feature in export.to_geojson(chunk)["features"]:
            out.write(separator + json.dumps(feature, ensure_ascii=False).encode())
            separator = b", "
    out.write(b"]}")
    return out


def kml_file(chunks: Iterable[pd.DataFrame]) -> str:
    """KML needs every row at once (a folder and a colour per production)."""
    return export.to_kml(pd.concat(list(chunks), ignore_index=True))


def _build(
    write: Callable[[Iterable[pd.DataFrame]], io.BytesIO | str], engine: Engine, rows: pd.DataFrame
) -> io.BytesIO | str:
    return write(full_chunks(engine, rows))


def _downloads(engine: Engine, rows: pd.DataFrame) -> None:
    """Three buttons; each file is built only when its button is clicked."""
    formats: tuple[
        tuple[str, str, str, Callable[[Iterable[pd.DataFrame]], io.BytesIO | str]], ...
    ] = (
        ("CSV", "csv", "text/csv", csv_file),
        ("GeoJSON", "geojson", "application/geo+json", geojson_file),
        ("KML", "kml", "application/vnd.google-earth.kml+xml", kml_file),
    )
    for column, (label, suffix, mime, write) in zip(st.columns(3), formats, strict=True):
        column.download_button(
            label,
            functools.partial(_build, write, engine, rows),
            file_name=f"{FILE_STEM}.{suffix}",
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


if __name__ == "__main__":
    render()
