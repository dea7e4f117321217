"""Data: the filtered locations as a table, downloadable as CSV, GeoJSON and KML.

The downloads are made from the very DataFrame the table pages through, so a
file always holds exactly the filtered rows. The table shows one page of
them at a time: a million rows would otherwise all travel to the browser.
Below them (unless read-only), a person merges or renames productions.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from dashboard import export
from dashboard.app import renames, resources, session
from dashboard.app.state import to_filters
from dashboard.app.ui import plural, safe_url

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


def render() -> None:
    settings = resources.settings()
    version = resources.data_version(settings.db_url)
    frame = resources.locations(settings.db_url, version, to_filters(session.view()))

    st.title("Data")
    if frame.empty:
        st.info("No locations match these filters.", icon=":material/filter_alt:")
    else:
        st.caption(
            f"{plural(len(frame), 'location')} from "
            f"{plural(frame['production'].nunique(), 'production')}. "
            "The downloads contain exactly these rows."
        )
        _downloads(frame)
        shown = _page(frame)
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


def _downloads(frame: pd.DataFrame) -> None:
    """Three buttons; each file is built only when its button is clicked."""
    formats = (
        ("CSV", "csv", "text/csv", lambda: export.to_csv(frame)),
        (
            "GeoJSON",
            "geojson",
            "application/geo+json",
            lambda: json.dumps(export.to_geojson(frame), ensure_ascii=False),
        ),
        ("KML", "kml", "application/vnd.google-earth.kml+xml", lambda: export.to_kml(frame)),
    )
    for column, (label, suffix, mime, build) in zip(st.columns(3), formats, strict=True):
        column.download_button(
            label,
            build,
            file_name=f"{FILE_STEM}.{suffix}",
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


if __name__ == "__main__":
    render()
