"""Map: every filtered location as a pin; beside it, the selected pin's story."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app import mapview, resources, session
from dashboard.app.state import MAX_ZOOM, MIN_ZOOM, ViewState, to_filters
from dashboard.app.ui import Stop, escape_markdown, overview_html, plural, safe_url, shoot_html

MAP_KEY = "main-map"
LAST_EVENT = "map.last_event"
REQUEST = "map.request"
ARRIVED = "map.arrived"
OVERVIEW_ROWS = 10
ARRIVAL_DEGREES = 0.05  # how close a reported centre must be to the requested one


def render() -> None:
    settings = resources.settings()
    version = resources.data_version(settings.db_url)
    view = session.view()
    frame = resources.locations(settings.db_url, version, to_filters(view))
    view = _drop_stale_pin(view, frame)

    _summary(frame)
    if frame.empty:
        st.info(
            "No locations match these filters. Widen them in the sidebar, or add articles.",
            icon=":material/location_off:",
        )
    map_col, detail_col = st.columns([7, 3], gap="medium")
    colors = mapview.production_colors(resources.facets(settings.db_url, version).productions)
    with map_col:
        _draw_map(frame, view, colors)
    with detail_col:
        _side_panel(frame, session.view(), colors)


def _draw_map(frame: pd.DataFrame, view: ViewState, colors: dict[str, str]) -> None:
    """Draw the pins; take a new click and a new map position back into the view.

    st_folium keeps returning the last click and position on every rerun, so
    only values that changed since the previous run count as the user's doing.
    """
    center, zoom = _requested_position(view)
    event = mapview.render_map(
        frame, center=center, zoom=zoom, selected=view.selected, colors=colors, key=MAP_KEY
    )
    previous = st.session_state.get(LAST_EVENT)
    st.session_state[LAST_EVENT] = event
    if not isinstance(previous, mapview.MapState):
        return
    changes: dict[str, object] = {}
    if event.selected != previous.selected and event.selected in set(frame["mention_id"]):
        changes["selected"] = event.selected
    moved = (event.center, event.zoom) != (previous.center, previous.zoom)
    if moved and event.center is not None and event.zoom is not None and _arrived(event):
        changes["center"] = (round(event.center[0], 5), round(event.center[1], 5))
        changes["zoom"] = min(max(event.zoom, MIN_ZOOM), MAX_ZOOM)
    if changes:
        session.update(**changes)


def _arrived(event: mapview.MapState) -> bool:
    """False while the map has not yet reached a requested position.

    A freshly mounted map first reports its default world view; taking that
    for the person's doing would overwrite the position a link asked for.
    """
    center, zoom = st.session_state.get(REQUEST, (None, None))
    if center is None or st.session_state.get(ARRIVED, True):
        return True
    assert event.center is not None
    there = event.zoom == zoom and all(
        abs(a - b) < ARRIVAL_DEGREES for a, b in zip(event.center, center, strict=True)
    )
    st.session_state[ARRIVED] = there
    return there


def _requested_position(view: ViewState) -> tuple[tuple[float, float] | None, int | None]:
    """Where the map is told to go: a fixed request, never the position it just reported.

    Echoing the reported position back makes the map move, report and rerun
    without end. The request is the view's position when the map page is
    opened (from a link, or coming back from another page) and nothing (fit
    the pins) after a filter change; while the person pans, it stays put.
    """
    if view.center is None or view.zoom is None:
        request: tuple[tuple[float, float] | None, int | None] = (None, None)
    elif session.previous_page() != session.current_page():
        request = (view.center, view.zoom)
        st.session_state[ARRIVED] = False
    else:
        request = st.session_state.get(REQUEST, (None, None))
    st.session_state[REQUEST] = request
    return request


def _drop_stale_pin(view: ViewState, frame: pd.DataFrame) -> ViewState:
    """A selected pin that is not on the map is forgotten (with a note if the URL named it)."""
    if view.selected is None or view.selected in set(frame["mention_id"]):
        return view
    if session.from_url():
        session.add_note(f"Ignored pin={view.selected}: no such pin with these filters.")
    return session.update(selected=None)


def _summary(frame: pd.DataFrame) -> None:
    pins, productions = len(frame), frame["production"].nunique()
    countries = frame["country"].nunique()
    counts = (
        plural(pins, "location"),
        plural(productions, "production"),
        plural(countries, "country", "countries"),
    )
    st.markdown("#### " + " · ".join(counts))


def _side_panel(frame: pd.DataFrame, view: ViewState, colors: dict[str, str]) -> None:
    """The selected pin's story and its production's shoot; else what is on the map."""
    row = frame[frame["mention_id"] == view.selected]
    if row.empty:
        _overview(frame, colors)
        return
    pin = row.iloc[0]
    title = str(pin["production"] or "Unknown production")
    shoot = frame[frame["production"] == pin["production"]].sort_values("order")
    stops = [
        Stop(
            order=int(stop["order"]),
            place=str(stop["place"]),
            when=mapview.format_when(stop["start"], stop["end"], stop["precision"]),
            selected=int(stop["mention_id"]) == view.selected,
        )
        for _, stop in shoot.iterrows()
    ]
    st.html(shoot_html(title, colors.get(title, "#777777"), stops))
    st.markdown(f"> {escape_markdown(str(pin['sentence']))}")
    published = mapview.format_day(pin["published"]) if pin["published"] else ""
    source = " · ".join(str(v) for v in (pin["article_title"], pin["outlet"], published) if v)
    st.caption(escape_markdown(source))
    link = safe_url(pin["url"])
    if link:
        st.link_button("Read the article", link, icon=":material/open_in_new:")
    st.caption(escape_markdown(f"Confidence {pin['confidence']:.0%} · {pin['role']}"))


def _overview(frame: pd.DataFrame, colors: dict[str, str]) -> None:
    """The productions with the most pins, with their counts and shooting spans."""
    if frame.empty:
        return
    counts = frame["production"].value_counts(sort=True)
    rows = []
    for title in counts.index[:OVERVIEW_ROWS]:
        group = frame[frame["production"] == title]
        dated = group.dropna(subset=["start"])
        when = (
            mapview.format_when(dated["start"].min(), dated["end"].max(), "month")
            if not dated.empty
            else "no dates yet"
        )
        detail = f"{plural(len(group), 'location')} · {when}"
        rows.append((str(title), colors.get(str(title), "#777777"), detail))
    st.html(overview_html(rows))
    if len(counts) > OVERVIEW_ROWS:
        st.caption(f"… and {plural(len(counts) - OVERVIEW_ROWS, 'more production')}.")
    st.caption("Click a pin to read the sentence that put it on the map.")


if __name__ == "__main__":
    render()
