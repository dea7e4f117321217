"""Map: every filtered location as a pin; beside it (below it on a phone), the story.

The overview shows pins only; routes appear once productions are picked, and
the side panel then lists each one's dated stops in order and its undated
places apart. Past ``mapview.AGGREGATE_OVER`` pins the map shows what the
server aggregated for the view on screen (pins where few, clusters where
many, no routes and no legend); each pan or zoom sends that view's features.

The map is a fragment: a pan or zoom reruns the map alone (and writes the
view into the URL and the Share link), never the filters, the search box or
the side panel. A click that selects another pin reruns the whole page, so
the side panel tells that pin's story.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app import mapview, resources, search, session, sidebar
from dashboard.app.aggregate import View
from dashboard.app.palette import FALLBACK_COLOR, Look
from dashboard.app.state import MAX_ZOOM, MIN_ZOOM, ViewState, to_filters, wrap_longitude
from dashboard.app.ui import Stop, escape_markdown, overview_html, plural, safe_url, shoot_html
from dashboard.store.queries import Filters

MAP_KEY = "main-map"
LAST_EVENT = "map.last_event"
REQUEST = "map.request"
ARRIVED = "map.arrived"
OVERVIEW_ROWS = 10
SHOOTS_LISTED = 3  # picked productions whose stops the side panel lists
ARRIVAL_DEGREES = 0.05  # how close a reported centre must be to the requested one
MAP_HEIGHT = 620
# The map's width is only known once it reports its bounds; until then assume a wide one.
MAP_WIDTH_GUESS = 1000
VIEW_PADDING = 0.25  # features are sent for a view this much bigger on each side


def render() -> None:
    settings = resources.settings()
    version = resources.data_version(settings.db_url)
    view = session.view()
    filters = to_filters(view)
    points = resources.map_points(settings.db_url, version, filters)
    view = _drop_stale_pin(view, points)

    _summary(points)
    facets = resources.facets(settings.db_url, version)
    search.draw(facets.productions, resources.map_locations(settings.db_url, version, Filters()))
    if points.frame.empty:
        st.info(
            "No locations match these filters. Widen them in the sidebar, or add articles.",
            icon=":material/location_off:",
        )
    map_col, detail_col = st.columns([7, 3], gap="medium")
    _requested_position(view)
    with map_col:
        _map_fragment(points, (version, filters))
    with detail_col:
        _side_panel(points, session.view())


@st.fragment
def _map_fragment(points: mapview.MapPoints, data_key: object) -> None:
    """The map, rerun alone on a pan or zoom; a newly selected pin reruns the page.

    Its arguments are the full run's (a filter change is a full run). A run of
    the fragment alone ends no run of main.py, so it writes the URL and draws
    the Share link itself, on every run (Streamlit keeps the place of what a
    fragment draws outside it only if every full run draws it too).
    """
    before = session.view()
    _draw_map(points, before, data_key)
    after = session.view()
    if after.selected != before.selected:
        st.rerun(scope="app")
    session.write_url(after)
    sidebar.draw_share(after)


def _draw_map(points: mapview.MapPoints, view: ViewState, data_key: object) -> None:
    """Draw the pins; take a new click and a new map position back into the view.

    st_folium keeps returning the last click and position on every rerun, so
    only values that changed since the previous run count as the user's doing.
    """
    center, zoom = st.session_state.get(REQUEST, (None, None))
    if len(points) > mapview.AGGREGATE_OVER:
        event = mapview.render_view_map(
            points,
            _view_on_screen(points, center, zoom),
            center=center,
            zoom=zoom,
            selected=view.selected,
            key=MAP_KEY,
            height=MAP_HEIGHT,
        )
    else:
        event = mapview.render_map(
            points.full(),
            center=center,
            zoom=zoom,
            selected=view.selected,
            looks=points.looks,
            routes=bool(view.productions),
            key=MAP_KEY,
            height=MAP_HEIGHT,
            data_key=data_key,
        )
    previous = st.session_state.get(LAST_EVENT)
    st.session_state[LAST_EVENT] = event
    if not isinstance(previous, mapview.MapState):
        return
    changes: dict[str, object] = {}
    if event.selected != previous.selected and points.known(event.selected):
        changes["selected"] = event.selected
    moved = (event.center, event.zoom) != (previous.center, previous.zoom)
    center, zoom = event.center, event.zoom
    placed = center is not None and zoom is not None and not event.at_start()
    if moved and placed and center is not None and zoom is not None and _arrived(event):
        changes["center"] = (round(center[0], 5), round(wrap_longitude(center[1]), 5))
        changes["zoom"] = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
    if changes:
        session.update(**changes)


def _view_on_screen(
    points: mapview.MapPoints, center: tuple[float, float] | None, zoom: int | None
) -> View:
    """The view to send features for: the one the map last reported, else the one it is
    asked to go to (a link's), else the one fitting every pin.

    The map reports its bounds on the rerun a pan or zoom causes (st_folium puts
    them into the session state under its key before the page runs).
    """
    reported = mapview.MapState.from_component(st.session_state.get(MAP_KEY)).view()
    if reported is not None and center is None:
        return reported.padded(VIEW_PADDING)
    if center is not None and zoom is not None:
        if reported is not None and st.session_state.get(ARRIVED, True):
            return reported.padded(VIEW_PADDING)
        return View.around(center, zoom, MAP_WIDTH_GUESS, MAP_HEIGHT).padded(VIEW_PADDING)
    bounds = points.index.bounds() or (-60.0, -180.0, 75.0, 180.0)
    fitted = View.fitting(bounds, MAP_WIDTH_GUESS, MAP_HEIGHT, mapview.FIT_MAX_ZOOM)
    return fitted.padded(VIEW_PADDING)


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


def _requested_position(view: ViewState) -> None:
    """Set where the map is told to go: a fixed request, never the position it just reported.

    Echoing the reported position back makes the map move, report and rerun
    without end. The request is the view's position when the map page is
    opened (from a link, or coming back from another page) and nothing (fit
    the pins) after a filter change; while the person pans, it stays put. Set
    by full runs only: the map's fragment reads it on every run.
    """
    if view.center is None or view.zoom is None:
        request: tuple[tuple[float, float] | None, int | None] = (None, None)
    elif session.previous_page() != session.current_page():
        request = (view.center, view.zoom)
        st.session_state[ARRIVED] = False
    else:
        request = st.session_state.get(REQUEST, (None, None))
    st.session_state[REQUEST] = request


def _drop_stale_pin(view: ViewState, points: mapview.MapPoints) -> ViewState:
    """A selected pin that is not on the map is forgotten (with a note if the URL named it)."""
    if view.selected is None or points.known(view.selected):
        return view
    if session.from_url():
        session.add_note(f"Ignored pin={view.selected}: no such pin with these filters.")
    return session.update(selected=None)


def _summary(points: mapview.MapPoints) -> None:
    """What the map shows, counted as drawn (an area covered by finer places is not)."""
    drawn = points.drawn
    pins, productions = len(drawn), len(points.titles)
    countries = len({str(c) for c in drawn["country"].dropna().unique().tolist()} - {""})
    counts = (
        plural(pins, "location"),
        plural(productions, "production"),
        plural(countries, "country", "countries"),
    )
    st.markdown("#### " + " · ".join(counts))


def _side_panel(points: mapview.MapPoints, view: ViewState) -> None:
    """The selected pin's story; else the picked productions' shoots; else what is on the map."""
    frame, drawn, looks = points.frame, points.drawn, points.looks
    row = frame[frame["mention_id"] == view.selected] if view.selected is not None else frame[:0]
    if not row.empty:
        _pin_story(drawn, points.complete(row).iloc[0], view, looks)
    elif view.productions and not frame.empty:
        shown = set(frame["production"].unique().tolist())
        picked = [t for t in view.productions if t in shown]
        for title in picked[:SHOOTS_LISTED]:
            _shoot(drawn, title, looks, selected=None)
        if len(picked) > SHOOTS_LISTED:
            st.caption(f"… and {plural(len(picked) - SHOOTS_LISTED, 'more production')}.")
        st.caption("Click a pin to read the sentence that put it on the map.")
    else:
        _overview(frame, looks)


def _shoot(drawn: pd.DataFrame, title: str, looks: dict[str, Look], selected: int | None) -> None:
    """One production's places as the map draws them (``drawn``, see ``mapview.map_frame``):
    dated in date order, undated apart.

    A place with any dated mention is dated; the same place twice in a row is
    one stop; a place with no date at all is listed once, apart.
    """
    shoot = drawn[drawn["production"] == title]
    picked = shoot.loc[shoot["mention_id"] == selected, "place_id"].tolist()
    dated = shoot.dropna(subset=["start"]).sort_values(["start", "order"], kind="stable")
    stops: list[Stop] = []
    for _, stop in dated.iterrows():
        when = mapview.format_when(stop["start"], stop["end"], stop["precision"])
        if stops and stops[-1].place == str(stop["place"]):
            continue
        current = int(stop["place_id"]) in picked
        stops.append(Stop(len(stops) + 1, str(stop["place"]), when, current))
    undated = shoot[shoot["start"].isna() & ~shoot["place_id"].isin(dated["place_id"])]
    apart = [
        Stop(0, str(stop["place"]), "", int(stop["place_id"]) in picked)
        for _, stop in undated.drop_duplicates("place_id").iterrows()
    ]
    look = looks.get(title, Look(FALLBACK_COLOR))
    st.html(shoot_html(title, look, stops, apart))


def _pin_story(
    drawn: pd.DataFrame, pin: pd.Series, view: ViewState, looks: dict[str, Look]
) -> None:
    """The sentence that put the pin there, its source, and its production's shoot."""
    _shoot(drawn, str(pin["production"]), looks, selected=view.selected)
    st.markdown(f"> {escape_markdown(str(pin['sentence'] or ''))}")
    published = mapview.format_day(pin["published"]) if pin["published"] else ""
    source = " · ".join(str(v) for v in (pin["article_title"], pin["outlet"], published) if v)
    st.caption(escape_markdown(source))
    link = safe_url(pin["url"])
    if link:
        st.link_button("Read the article", link, icon=":material/open_in_new:")
    st.caption(escape_markdown(f"Confidence {pin['confidence']:.0%} · {pin['role']}"))


def _overview(frame: pd.DataFrame, looks: dict[str, Look]) -> None:
    """The productions with the most pins, with their counts and shooting spans."""
    if frame.empty:
        return
    spans = frame.groupby("production", observed=True, sort=True).agg(
        pins=("mention_id", "size"), first=("start", "min"), last=("end", "max")
    )
    spans = spans.sort_values("pins", ascending=False, kind="stable")
    rows = []
    for title, span in spans.head(OVERVIEW_ROWS).iterrows():
        first, last = span["first"], span["last"]
        dated = pd.notna(first)
        when = mapview.format_when(first.date(), last.date(), "month") if dated else "no dates yet"
        detail = f"{plural(int(span['pins']), 'location')} · {when}"
        rows.append((str(title), looks.get(str(title), Look(FALLBACK_COLOR)), detail))
    st.html(overview_html(rows))
    if len(spans) > OVERVIEW_ROWS:
        st.caption(f"… and {plural(len(spans) - OVERVIEW_ROWS, 'more production')}.")
    st.caption(
        "Pick productions in the sidebar to follow their routes. "
        "Click a pin to read the sentence that put it on the map."
    )


if __name__ == "__main__":
    render()
