"""The map tells each shoot's story, on a phone (390x844) and a desktop (1400x900).

One dashboard server (started as `reelmap serve` starts it) runs for the
module, against app_seed's stores plus its stories: a country covered by
finer places, a country with none, an undated place, an untitled production
and one without any date. The tests read the map's own state through
Leaflet (st_folium's frame exposes it as `window.map`) and the layout through
bounding boxes. A failing test leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from app_seed import BOND, DRAWN, DUNE, MI7, NORTH, QUIET, UNTITLED_LABEL, seed, seed_stories
from browser_support import CHROMIUM, Server, screenshot_on_failure

from dashboard.app.mapview import map_frame
from dashboard.store import connect
from dashboard.store.engine import to_url
from dashboard.store.queries import Filters, locations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
WAIT_MS = 60_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}
SCREENS = pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
FRESH_OPENS = 20
AT_ONCE = 4  # fresh opens loading together: the server and browser under load


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = to_url(tmp_path_factory.mktemp("story-store") / "store.sqlite")
    engine = connect(url)
    seed(engine)
    seed_stories(engine)
    engine.dispose()
    return url


@pytest.fixture
def contexts(browser: Any, request: pytest.FixtureRequest, server: Server) -> Iterator[Any]:
    """Opens fresh pages (a new context each); screenshots of them all if the test fails."""
    opened: list[tuple[Any, Any]] = []

    def new_page(screen: dict[str, int]) -> Any:
        context = browser.new_context(viewport=screen)
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


# ---- helpers ----------------------------------------------------------------


def link(server: Server, **params: str) -> str:
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    return f"{server.url}/?{query}" if query else f"{server.url}/"


def map_ready(page: Any, pins: int) -> Any:
    """The map's frame once it has drawn `pins` pins (and fitted them, if it was to)."""
    from playwright.sync_api import expect

    page.locator(MAP_FRAME).wait_for()
    root = page.frame_locator(MAP_FRAME).locator("html")
    expect(root).to_have_attribute("data-rm-markers", str(pins), timeout=WAIT_MS)
    return page.locator(MAP_FRAME).element_handle().content_frame()


def settled(page: Any) -> None:
    """Wait until Streamlit has no run in progress: a click during a rerun can be lost."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT_MS
    )


def drawn(engine_url: str, production: str) -> Any:
    return map_frame(locations(connect(engine_url), Filters(productions=(production,))))


def box_inside(inner: dict[str, float], outer: dict[str, float], slack: float = 1.0) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


MAP_STATE = """() => {
    const map = window.map, st = map._rm;
    const b = map.getBounds();
    const drawn = st.drawn.getLayers().filter((l) => l._rmLoc);
    return {
        zoom: map.getZoom(),
        center: [map.getCenter().lat, map.getCenter().lng],
        bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()],
        routes: st.routes.map((r) => ({stops: r._data.stops.map((s) => s[2]),
                                       undated: r.undated()})),
        areas: drawn.filter((l) => l instanceof L.Reelmap.AreaRing)
                    .map((l) => l._rmLoc._data.id[l._rmIdx]),
        points: drawn.filter((l) => !(l instanceof L.Reelmap.AreaRing))
                     .map((l) => l._rmLoc._data.id[l._rmIdx]),
        clusters: st.drawn.getLayers().filter((l) => l._rmCell).map((l) =>
            l._rmCell.members.filter((m, k) => k % 2 === 0).length),
        looks: st.layers.map((l) => [l._data.color, l._data.shape]),
    };
}"""


# ---- 5: a film link always fits its film -----------------------------------------------


def test_film_links_fit_the_film_in_twenty_fresh_opens(
    contexts: Any, server: Server, store_url: str
) -> None:
    films = [MI7, DUNE, BOND, NORTH]
    for batch in range(0, FRESH_OPENS, AT_ONCE):
        opens = []
        for n in range(batch, batch + AT_ONCE):
            film = films[n % len(films)]
            page = contexts(PHONE if n % 2 else DESKTOP)
            page.goto(link(server, film=film), wait_until="commit")
            opens.append((page, film))
        for page, film in opens:
            rows = drawn(store_url, film)
            frame = map_ready(page, len(rows))
            state = frame.evaluate(MAP_STATE)
            south, west, north, east = state["bounds"]
            for lat, lon in zip(rows["lat"], rows["lon"], strict=True):
                assert south <= lat <= north and west <= lon <= east, (film, state)
            assert state["zoom"] > 2, (film, state)  # not the world view
            # the fitted view, not the world view, goes into the URL
            page.wait_for_function(
                "(zoom) => new URL(location.href).searchParams.get('zoom') === String(zoom)",
                arg=state["zoom"],
            )
            query = parse_qs(urlsplit(page.url).query)
            assert float(query["lat"][0]) == pytest.approx(state["center"][0], abs=0.01)
            assert float(query["lon"][0]) == pytest.approx(state["center"][1], abs=0.01)


# ---- 1: routes only where they mean something -------------------------------------------


@SCREENS
def test_overview_has_no_routes_and_a_picked_film_joins_only_dated_stops(
    contexts: Any, server: Server, store_url: str, screen: dict[str, int]
) -> None:
    page = contexts(screen)
    page.goto(link(server))
    every = map_frame(locations(connect(store_url)))
    assert map_ready(page, len(every)).evaluate(MAP_STATE)["routes"] == []

    page.goto(link(server, film=NORTH))
    rows = drawn(store_url, NORTH)
    state = map_ready(page, DRAWN[NORTH]).evaluate(MAP_STATE)
    [route] = state["routes"]
    assert len(route["stops"]) == int(rows["start"].notna().sum())
    assert route["stops"] == sorted(route["stops"])  # in date order
    assert route["undated"] == int(rows["start"].isna().sum()) == 1
    player = page.frame_locator(MAP_FRAME).locator(".rm-time")
    assert "1 undated" in player.inner_text()
    page.get_by_text("Undated (1)").wait_for()  # the side panel lists it apart


# ---- 2: a look per production on screen; a legend that folds ----------------------------


@SCREENS
def test_visible_productions_never_share_a_look_and_the_legend_stays_small(
    contexts: Any, server: Server, store_url: str, screen: dict[str, int]
) -> None:
    page = contexts(screen)
    page.goto(link(server))
    every = map_frame(locations(connect(store_url)))
    state = map_ready(page, len(every)).evaluate(MAP_STATE)
    looks = [tuple(look) for look in state["looks"]]
    assert len(looks) == every["production"].nunique() == len(set(looks))

    legend = page.frame_locator(MAP_FRAME).locator(".rm-legend")
    head = legend.locator(".rm-legend-head")
    mapped = page.locator(MAP_FRAME).bounding_box()
    phone = screen is PHONE
    opened = "false" if phone else "true"  # folded on a phone, open on a desktop
    assert head.get_attribute("aria-expanded") == opened
    box = legend.bounding_box()
    share = box["width"] * box["height"] / (mapped["width"] * mapped["height"])
    assert share < (0.2 if phone else 0.25), share
    assert box_inside(box, mapped)
    if not phone:
        assert UNTITLED_LABEL in legend.inner_text()  # never a blank entry
    head.click()
    assert head.get_attribute("aria-expanded") == ("true" if phone else "false")
    assert box_inside(legend.bounding_box(), mapped)


# ---- 3: places at their true size ---------------------------------------------------------


def test_countries_are_rings_apart_from_points_and_covered_ones_are_left_out(
    contexts: Any, server: Server, store_url: str
) -> None:
    page = contexts(DESKTOP)
    page.goto(link(server, film=NORTH))
    rows = locations(connect(store_url), Filters(productions=(NORTH,)))
    frame = map_ready(page, DRAWN[NORTH])
    state = frame.evaluate(MAP_STATE)
    by_id = rows.set_index("mention_id")
    assert [by_id.loc[i, "place"] for i in state["areas"]] == ["Italy"]
    assert "Norway" not in {by_id.loc[i, "place"] for i in state["points"] + state["areas"]}
    # zoomed far out, the points cluster but the ring stays out of every cluster
    frame.evaluate("() => { window.map.setZoom(1, {animate: false}); }")
    frame.wait_for_function("() => window.map.getZoom() === 1")
    state = frame.evaluate(MAP_STATE)
    assert len(state["areas"]) == 1
    assert sum(state["clusters"]) + len(state["points"]) == DRAWN[NORTH] - 1


# ---- 4: the phone layout --------------------------------------------------------------------


@SCREENS
def test_controls_sit_inside_the_map_and_the_story_follows_it(
    contexts: Any, server: Server, screen: dict[str, int]
) -> None:
    page = contexts(screen)
    page.goto(link(server, film=NORTH))
    map_ready(page, DRAWN[NORTH])
    mapped = page.locator(MAP_FRAME).bounding_box()
    inside = page.frame_locator(MAP_FRAME)
    controls = (
        ".leaflet-control-zoom",
        ".rm-legend",
        ".rm-time",
        ".leaflet-control-scale",
        ".leaflet-control-attribution",
    )
    boxes = {name: inside.locator(name).bounding_box() for name in controls}
    for name, box in boxes.items():
        assert box_inside(box, mapped), name
    for (one, a), (other, b) in itertools.combinations(boxes.items(), 2):
        assert not overlap(a, b), (one, other)
    story = page.locator(".rm-shoot-title").bounding_box()
    if screen is PHONE:
        assert mapped["width"] >= 0.9 * screen["width"] - 32  # the map fills the width
        assert story["y"] >= mapped["y"] + mapped["height"]  # the side panel follows below
    else:
        assert story["x"] >= mapped["x"] + mapped["width"]  # beside the map


@SCREENS
def test_timeline_uses_the_width_and_lists_undated_productions(
    contexts: Any, server: Server, screen: dict[str, int]
) -> None:
    page = contexts(screen)
    page.goto(f"{server.url}/timeline")
    chart = page.get_by_test_id("stVegaLiteChart")
    svg = chart.locator("svg").first
    svg.wait_for()
    main = page.get_by_test_id("stMain").bounding_box()
    assert svg.bounding_box()["width"] >= 0.8 * (main["width"] - 64)
    assert f"{QUIET} · no dates yet" in (svg.text_content() or "")


# ---- 7: the timeline picks a place -------------------------------------------------------------


def test_clicking_a_stay_selects_its_pin_and_empty_space_clears(
    contexts: Any, server: Server, store_url: str
) -> None:
    page = contexts(DESKTOP)
    page.goto(f"{server.url}/timeline")
    chart = page.get_by_test_id("stVegaLiteChart")
    budapest = chart.locator('svg [aria-roledescription="bar"][aria-label*="Place: Budapest"]')
    budapest.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('film') === 'Dune'")
    page.wait_for_function("() => new URL(location.href).searchParams.has('pin')")
    pin = int(parse_qs(urlsplit(page.url).query)["pin"][0])
    dune = locations(connect(store_url), Filters(productions=(DUNE,)))
    assert dune.set_index("mention_id").loc[pin, "place"].startswith("Budapest")

    bar = budapest.bounding_box()
    plot = chart.locator("svg").first.bounding_box()
    page.mouse.click(plot["x"] + plot["width"] * 0.6, bar["y"] + bar["height"] / 2)
    page.wait_for_function(
        "() => !['film', 'pin'].some((k) => new URL(location.href).searchParams.has(k))"
    )


# ---- 8: one search box -----------------------------------------------------------------------


@pytest.mark.parametrize(("query", "found"), [("matera", BOND), ("Dubrovnik", UNTITLED_LABEL)])
def test_search_finds_a_place_and_opens_what_was_filmed_there(
    contexts: Any, server: Server, store_url: str, query: str, found: str
) -> None:
    page = contexts(PHONE)
    page.goto(link(server))
    page.frame_locator(MAP_FRAME).locator("html[data-rm-markers]").wait_for()
    settled(page)  # as a person would: search once the page has finished loading
    box = page.get_by_placeholder("A title or a place, e.g. Matera")
    box.fill(query)
    box.press("Enter")
    page.get_by_text("Filmed here: 1 production").wait_for()
    settled(page)
    page.get_by_role("button", name=found).click()
    page.wait_for_function(
        "(film) => new URL(location.href).searchParams.get('film') === film", arg=found
    )
    pin = int(parse_qs(urlsplit(page.url).query)["pin"][0])
    rows = locations(connect(store_url), Filters(productions=(found,)))
    assert rows.set_index("mention_id").loc[pin, "place"].casefold().startswith(query.casefold())
    # The result's view is the URL: reopened, it shows the film's pins. (Updating the
    # open map in place can miss the new data under heavy load; see the closing note.)
    page.goto(page.url)
    map_ready(page, len(rows))
