"""A store of 50,000 locations on the real dashboard: the server aggregates by view.

The store is filled through the store's bulk loader (bench/store_fill.py, as
a batch would fill it). The map then shows server clusters and the pins
that stand alone; clicking a cluster zooms onto its points until they show
as pins; the zoomed view's link reopens the same view in a fresh browser.
The map's own state is read through Leaflet (st_folium's frame exposes it as
``window.map``). A failing test leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import CHROMIUM, Server, screenshot_on_failure
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.store_fill import fill
from dashboard.app.aggregate import PIN_BUDGET
from dashboard.app.mapview import START_CENTER, START_ZOOM
from dashboard.store import connect
from dashboard.store.engine import to_url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]

LOCATIONS = 50_000
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
WAIT_MS = 90_000
SCREEN = {"width": 1400, "height": 900}
MAX_CLICKS = 10  # zooms into a cluster before its points must show as pins

MAP_STATE = """() => {
    const map = window.map, st = map._rm, b = map.getBounds();
    const root = document.documentElement;
    // pins drawn alone, and pins the browser itself gathered into a cell
    const pins = [];
    st.drawn.getLayers().forEach((l) => {
        if (l._rmLoc) { pins.push([l._rmLoc, l._rmIdx]); }
        for (let k = 0; l._rmCell && k < l._rmCell.members.length; k += 2) {
            pins.push([l._rmCell.members[k], l._rmCell.members[k + 1]]);
        }
    });
    return {
        zoom: map.getZoom(),
        center: [map.getCenter().lat, map.getCenter().lng],
        bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()],
        token: root.getAttribute("data-rm-view"),
        viewZoom: Number(root.getAttribute("data-rm-view-zoom")),
        markers: Number(root.getAttribute("data-rm-markers")),
        clusters: Number(root.getAttribute("data-rm-clusters")),
        clustered: Number(root.getAttribute("data-rm-clustered")),
        pins: pins.map(([layer, i]) => [layer._data.id[i], layer._data.lat[i], layer._data.lon[i]]),
        legend: document.querySelectorAll(".leaflet-control-layers-overlays label").length,
    };
}"""


# Where (in the frame) the server cluster nearest the map's centre is drawn.
CLUSTER_NEAR_MIDDLE = """() => {
    const map = window.map, middle = map.getCenter();
    const clusters = map._rm.drawn.getLayers().filter((l) => l._rmServer);
    clusters.sort((a, b) => middle.distanceTo(a.getLatLng()) - middle.distanceTo(b.getLatLng()));
    for (const cluster of clusters) {
        const element = cluster.getElement();
        if (!element) return null;  // the view's features are being replaced
        const box = element.getBoundingClientRect();
        const x = box.x + box.width / 2, y = box.y + box.height / 2;
        const top = document.elementFromPoint(x, y);
        if (top && element.contains(top)) return [x, y];  // not under another marker
    }
    return null;
}"""
CLICK_MS = 15_000  # a click that has not zoomed by then was lost
CLICKS = 5


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = to_url(tmp_path_factory.mktemp("scale-store") / "store.sqlite")
    engine = connect(url)
    fill(engine, LOCATIONS)
    engine.dispose()
    return url


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest, server: Server) -> Iterator[Any]:
    """Opens fresh pages (a new context each); screenshots of them all if the test fails."""
    opened: list[tuple[Any, Any]] = []

    def new_page() -> Any:
        context = browser.new_context(viewport=SCREEN)
        tab = context.new_page()
        tab.set_default_timeout(WAIT_MS)
        opened.append((context, tab))
        return tab

    failed_before = request.session.testsfailed
    yield new_page
    if request.session.testsfailed > failed_before:
        for n, (_, tab) in enumerate(opened):
            screenshot_on_failure(tab, f"{request.node.name}-{n}")
        print(server.log_tail())
    for context, _ in opened:
        context.close()


def settled(page: Any) -> None:
    """Wait until Streamlit has no run in progress: a click during a rerun can be lost."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT_MS
    )


def map_frame(page: Any) -> Any:
    page.locator(MAP_FRAME).wait_for()
    return page.locator(MAP_FRAME).element_handle().content_frame()


def steady(page: Any, frame: Any) -> dict[str, Any]:
    """The map's state once the server's features for the view on screen are drawn.

    The view on screen is settled when the app is idle, the features drawn
    were made for the zoom on screen (a loaded machine reports a move late),
    and they are named by the same token on two polls with the app idle in between.
    """
    previous = None
    while True:
        settled(page)
        frame.wait_for_function(
            "() => document.documentElement.hasAttribute('data-rm-view')", timeout=WAIT_MS
        )
        state = frame.evaluate(MAP_STATE)
        current = state["viewZoom"] == state["zoom"]
        if current and previous is not None and state["token"] == previous["token"]:
            return dict(state)
        previous = state
        page.wait_for_timeout(500)  # a poll interval: the map reports moves 250 ms late


def click_cluster(page: Any, frame: Any) -> None:
    """Click the server cluster nearest the middle where it is drawn, as a person would.

    The features can be replaced just as the click lands, or just before it
    is aimed (a late report of the last move); then the click is made again.
    """
    for _ in range(CLICKS):
        state = steady(page, frame)
        where = frame.evaluate(CLUSTER_NEAR_MIDDLE)
        if where is None:
            continue
        x, y = where
        origin = page.locator(MAP_FRAME).bounding_box()
        page.mouse.click(origin["x"] + x, origin["y"] + y)
        try:
            frame.wait_for_function(
                f"() => window.map.getZoom() > {state['zoom']}", timeout=CLICK_MS
            )
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"{CLICKS} clicks on a cluster did not zoom the map in")


def _received(payload: bytes | str) -> tuple[str, str]:
    """What one message from the server is: ("element", its type), ("finished", how), or other."""
    if isinstance(payload, str):
        return ("text", "")
    message = ForwardMsg()
    message.ParseFromString(payload)
    kind = message.WhichOneof("type") or ""
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        return ("element", message.delta.new_element.WhichOneof("type") or "")
    if kind == "script_finished":
        return ("finished", ForwardMsg.ScriptFinishedStatus.Name(message.script_finished))
    return (kind, "")


def _map_value(payload: bytes | str) -> str | None:
    """The map's value (st_folium's JSON) in one message to the server, or None."""
    if isinstance(payload, str):
        return None
    message = BackMsg()
    message.ParseFromString(payload)
    if message.WhichOneof("type") != "rerun_script":
        return None
    for widget in message.rerun_script.widget_states.widgets:
        if widget.WhichOneof("value") == "json_value" and '"bounds"' in widget.json_value:
            return str(widget.json_value)
    return None


def test_opening_the_map_reports_only_where_it_went(pages: Any, server: Server) -> None:
    """Each report reruns the page, and a click waits behind those runs: a fresh map
    reports neither its start position (it leaves it at once, to fit the pins) nor
    the same view twice (a resize of its frame recentres it by a fraction of a pixel)."""
    page = pages()
    sent: list[str | None] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda p: sent.append(_map_value(p))))
    page.goto(f"{server.url}/")
    state = steady(page, map_frame(page))
    values = [v for v in sent if v is not None]
    reports = [json.loads(v) for n, v in enumerate(values) if n == 0 or v != values[n - 1]]
    assert reports, sent
    for report in reports:
        centre = (report["center"]["lat"], report["center"]["lng"])
        assert report["zoom"] != START_ZOOM or centre != pytest.approx(START_CENTER), reports
    views = [json.dumps([r["bounds"], r["zoom"]]) for r in reports]
    assert len(set(views)) == len(views), reports
    last = reports[-1]
    assert last["zoom"] == state["zoom"]
    assert [last["center"]["lat"], last["center"]["lng"]] == pytest.approx(state["center"])


FILTER_WIDGETS = {"multiselect", "date_input", "button_group", "slider"}


def changed(page: Any, frame: Any, before: dict[str, Any]) -> dict[str, Any]:
    """The map's state once features other than ``before``'s are drawn and steady."""
    frame.wait_for_function(
        "(token) => document.documentElement.getAttribute('data-rm-view') !== token",
        arg=before["token"],
    )
    return steady(page, frame)


@pytest.mark.parametrize(
    "move",
    [
        "void window.map.panBy([500, 0], {animate: false})",
        "void window.map.zoomIn(1, {animate: false})",
    ],
)
def test_a_move_reruns_the_map_alone_and_moves_the_link(
    pages: Any, server: Server, move: str
) -> None:
    page = pages()
    received: list[tuple[str, str]] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(_received(p))))
    page.goto(f"{server.url}/")
    frame = map_frame(page)
    first = steady(page, frame)
    assert received.count(("element", "multiselect")) >= 1  # a full run draws the filters
    frame.evaluate("void window.map.setView([48, 10], 4, {animate: false})")  # not the world
    start = changed(page, frame, first)
    before = dict(parse_qs(urlsplit(page.url).query))
    received.clear()
    frame.evaluate(move)
    moved = changed(page, frame, start)
    page.wait_for_function(
        "(before) => new URL(location.href).search !== before", arg=urlsplit(page.url).query
    )
    settled(page)
    runs = {how for kind, how in received if kind == "finished"}
    assert runs == {"FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}, received
    drawn = {what for kind, what in received if kind == "element"}
    assert not drawn & FILTER_WIDGETS, received
    query = parse_qs(urlsplit(page.url).query)
    assert query != before and float(query["zoom"][0]) == moved["zoom"]
    page.get_by_role("button", name="Share this view").click()
    link = page.get_by_test_id("stPopoverBody").locator("code").inner_text().strip()
    assert parse_qs(urlsplit(link).query) == query


def test_clusters_then_pins_and_the_link_reopens_the_view(pages: Any, server: Server) -> None:
    page = pages()
    page.goto(f"{server.url}/")
    frame = map_frame(page)
    first = steady(page, frame)
    assert first["clusters"] > 0, first
    assert first["markers"] <= PIN_BUDGET, first
    assert first["markers"] + first["clustered"] <= LOCATIONS
    assert first["legend"] == 0  # no legend row per production at this size
    state = first
    for _ in range(MAX_CLICKS):
        if state["clusters"] == 0:
            break
        click_cluster(page, frame)
        state = steady(page, frame)
    assert state["clusters"] == 0 and state["markers"] > 0, state
    assert state["zoom"] > first["zoom"]
    south, west, north, east = state["bounds"]
    inside = {
        pid for pid, lat, lon in state["pins"] if south <= lat <= north and west <= lon <= east
    }
    assert inside, state

    page.wait_for_function(
        "(zoom) => new URL(location.href).searchParams.get('zoom') === String(zoom)",
        arg=state["zoom"],
    )
    query = parse_qs(urlsplit(page.url).query)
    assert float(query["lat"][0]) == pytest.approx(state["center"][0], abs=0.01)
    assert float(query["lon"][0]) == pytest.approx(state["center"][1], abs=0.01)
    again = pages()
    again.goto(page.url)
    reopened = steady(again, map_frame(again))
    assert reopened["zoom"] == state["zoom"]
    assert reopened["center"] == pytest.approx(state["center"], abs=0.01)
    s2, w2, n2, e2 = reopened["bounds"]
    shown = {pid for pid, lat, lon in reopened["pins"] if s2 <= lat <= n2 and w2 <= lon <= e2}
    # the same pins, but for those the rounding of the centre moved across the edge
    assert len(shown ^ inside) <= max(2, len(inside) // 20), (sorted(shown), sorted(inside))
