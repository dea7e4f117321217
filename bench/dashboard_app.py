"""A one-page Streamlit app for bench/dashboard.py: a store's locations through our map.

The store is named by REELMAP_BENCH_DB; its locations are read with the
dashboard's own queries. Query parameter ``variant``:

- ``ours``: what the map page does (the lean map rows, indexed; past
  ``mapview.AGGREGATE_OVER`` pins the server aggregates by view and reads the
  text of the drawn pins alone, else every pin is sent with its text; the
  map is a fragment, so a pan or zoom reruns it alone);
- ``today``: every pin sent to the browser with the full locations frame, as
  the map page did before (cache key: a digest of the frame);
- ``pydeck``: a deck.gl ScatterplotLayer of the same points (st.pydeck_chart);
- ``plain``: one folium.Marker per location;
- ``data``: only read the data, to learn the counts and the server's seconds;
- ``forget``: drop the per-filter rows and indexes ``data`` made, so the
  variants measured next build them as a visitor's clicks would.

A radio button switches between all productions and the first half, which
is the filter change being timed. The page prints what the benchmark reads:
row counts, the mode, and the server's seconds for reading the store's map
table (once per store revision), selecting the filter's rows from it and
indexing them (both once per filter).
"""

from __future__ import annotations

import os
import threading
import time

import folium
import pandas as pd
import pydeck as pdk  # type: ignore[import-untyped]  # a Streamlit dependency
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit_folium import st_folium

from dashboard.app.aggregate import View
from dashboard.app.map_assets import streamlit_static_url, use_local_assets
from dashboard.app.mapview import (
    AGGREGATE_OVER,
    FIT_MAX_ZOOM,
    MapPoints,
    MapState,
    escape_for_popup,
    render_map,
    render_view_map,
)
from dashboard.app.resources import spare_the_collector
from dashboard.store import connect, queries
from dashboard.store.queries import Filters
from dashboard.store.snapshot import MapTable

KEY = "bench"
HEIGHT = 600
WIDTH_GUESS = 1000
FIRST_HALF = "First half"
SPARE_AFTER_RUN = threading.Event()


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    return connect(os.environ["REELMAP_BENCH_DB"], read_only=True)


@st.cache_resource(show_spinner=False)
def titles() -> list[str]:
    return queries.facets(engine()).productions


@st.cache_resource(show_spinner=False)
def table() -> tuple[MapTable, float]:
    """Every map row of the store in memory, as the dashboard holds it, and its read time."""
    start = time.perf_counter()
    read = MapTable.read(engine())
    return read, time.perf_counter() - start


@st.cache_resource(show_spinner=False, max_entries=4)
def rows(filters: Filters) -> tuple[pd.DataFrame, float]:
    """The lean map rows for ``filters``, selected from the table, and the seconds it took."""
    start = time.perf_counter()
    frame = table()[0].select(filters)
    return frame, time.perf_counter() - start


def complete(part: pd.DataFrame) -> pd.DataFrame:
    """Map rows with their text, as the dashboard's resources.complete reads them."""
    details = queries.location_details(engine(), part["mention_id"].to_numpy())
    return queries.with_details(part, details)


@st.cache_resource(show_spinner=False, max_entries=4)
def points(filters: Filters) -> tuple[MapPoints, float]:
    """The map's index and the seconds it took to build."""
    frame, _ = rows(filters)
    start = time.perf_counter()
    built = MapPoints(frame, details=complete)
    took = time.perf_counter() - start
    SPARE_AFTER_RUN.set()  # as resources.map_points does: spared once the page is drawn
    return built, took


@st.cache_resource(show_spinner=False, max_entries=2)
def full(filters: Filters) -> pd.DataFrame:
    """Every location in full: what today's and the plain map send."""
    return queries.locations(engine(), filters)


def plain_map(df: pd.DataFrame) -> folium.Map:
    """The straightforward way: one Folium marker with a popup per location."""
    m = folium.Map(location=[20, 10], zoom_start=2, tiles=None)
    use_local_assets(m, streamlit_static_url())
    for row in df.itertuples():
        folium.Marker(
            [row.lat, row.lon],
            popup=escape_for_popup(f"{row.production}: {row.place}"),
        ).add_to(m)
    return m


def deck(data: MapPoints) -> pdk.Deck:
    """The same points as a ScatterplotLayer, coloured by production."""
    drawn = data.drawn
    colours = {
        title: [int(look.color[i : i + 2], 16) for i in (1, 3, 5)]
        for title, look in data.looks.items()
    }
    frame = pd.DataFrame(
        {
            "lat": drawn["lat"].to_numpy(),
            "lon": drawn["lon"].to_numpy(),
            "color": drawn["production"].astype(str).map(colours).tolist(),
        }
    )
    layer = pdk.Layer(
        "ScatterplotLayer",
        frame,
        get_position="[lon, lat]",
        get_fill_color="color",
        radius_min_pixels=3,
        pickable=False,
    )
    return pdk.Deck(
        layers=[layer],
        map_style=None,
        initial_view_state=pdk.ViewState(latitude=20, longitude=10, zoom=1),
    )


@st.fragment
def our_map(data: MapPoints, filters: Filters) -> None:
    """The map as the map page draws it: in a fragment, so a pan reruns the map alone."""
    if len(data) > AGGREGATE_OVER:
        reported = MapState.from_component(st.session_state.get(KEY)).view()
        bounds = data.index.bounds() or (-60.0, -180.0, 75.0, 180.0)
        view = reported or View.fitting(bounds, WIDTH_GUESS, HEIGHT, FIT_MAX_ZOOM)
        render_view_map(data, view.padded(0.25), tiles=None, key=KEY, height=HEIGHT)
    else:
        render_map(data.full(), tiles=None, key=KEY, height=HEIGHT, data_key=filters)


def main() -> None:
    variant = st.query_params.get("variant", "ours")
    scope = st.radio("Productions", ["All productions", FIRST_HALF], horizontal=True)
    everything = titles()
    filters = Filters(productions=tuple(everything[: len(everything) // 2]))
    if scope != FIRST_HALF:
        filters = Filters()
    if variant == "forget":  # the map table stays: a server reads it once per store revision
        rows.clear()
        points.clear()
        st.markdown("forgotten")
        return
    read_s = table()[1]
    frame, select_s = rows(filters)
    data, index_s = points(filters)
    aggregated = variant == "ours" and len(data) > AGGREGATE_OVER
    st.markdown(
        f"rows: {len(frame)} · drawn: {len(data)} · mode: {'view' if aggregated else 'all'} · "
        f"read: {read_s:.2f} s · select: {select_s:.2f} s · index: {index_s:.2f} s"
    )
    if variant == "ours":
        our_map(data, filters)
    elif variant == "today":
        render_map(full(filters), tiles=None, key=KEY, height=HEIGHT)
    elif variant == "pydeck":
        st.pydeck_chart(deck(data), height=HEIGHT)
    elif variant == "plain":
        st_folium(
            plain_map(full(filters)), height=HEIGHT, use_container_width=True, returned_objects=[]
        )


main()
if SPARE_AFTER_RUN.is_set():  # as main.py's resources.end_run does
    SPARE_AFTER_RUN.clear()
    spare_the_collector()
