"""The real dashboard in headless Chromium: pins, filters, shared links, adding, escaping.

One server (started the way `reelmap serve` starts it) runs for the module,
against a store seeded with app_seed's articles. The map lives in
st_folium's iframe; its script writes the number of pins it drew on the
frame's <html> element (data-rm-markers), which the tests wait on.
A failing test leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from app_seed import DUNE, FILMED_PINS, MI7, XSS, seed
from browser_support import CHROMIUM, Server, screenshot_on_failure

from dashboard.app.extent import drop_covered_areas
from dashboard.store import connect
from dashboard.store.engine import to_url
from dashboard.store.queries import Filters, locations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]

SAMPLE_ARTICLE = Path(__file__).resolve().parent / "fixtures" / "train-stunt-article.txt"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
WAIT_MS = 60_000
ALL_PINS = sum(FILMED_PINS.values())


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = to_url(tmp_path_factory.mktemp("browser-store") / "store.sqlite")
    engine = connect(url)
    seed(engine)
    engine.dispose()
    return url


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, server: Server) -> Iterator[Any]:
    """A fresh browser context (no cookies, no state) per test; a screenshot if it fails."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    failed_before = request.session.testsfailed
    yield tab
    if request.session.testsfailed > failed_before:
        screenshot_on_failure(tab, request.node.name)
        print(server.log_tail())
    context.close()


# ---- helpers ----------------------------------------------------------------


def open_map(page: Any, server: Server, query: str = "") -> None:
    page.goto(f"{server.url}/{query}")
    page.locator(MAP_FRAME).wait_for()


def expect_pins(page: Any, count: int) -> None:
    """Wait until the map has drawn exactly `count` pins."""
    from playwright.sync_api import expect

    root = page.frame_locator(MAP_FRAME).locator("html")
    expect(root).to_have_attribute("data-rm-markers", str(count), timeout=WAIT_MS)


def choose_production(page: Any, title: str) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("combobox", name="Productions").click()
    page.get_by_role("option", name=title, exact=True).click()
    page.keyboard.press("Escape")
    sidebar.get_by_role("button", name=f"Remove {title}", exact=True).wait_for()


def query_of(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_for_query(page: Any, name: str, value: str) -> None:
    page.wait_for_function(
        "([name, value]) => new URL(location.href).searchParams.getAll(name).includes(value)",
        arg=[name, value],
    )


def click_pin(page: Any, store_url: str, production: str) -> int:
    """Click the first pin of `production` where a person would; returns its mention id.

    The pin's position comes from the store; the map is zoomed to it through
    Leaflet's own API (st_folium exposes the map as `window.map`), then the
    mouse clicks that spot, so the app sees a real click.
    """
    pin = locations(connect(store_url), Filters(productions=(production,))).iloc[0]
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => window.map && window.map._loaded")
    point = frame.evaluate(
        """([lat, lon]) => new Promise((done) => {
            const map = window.map;
            map.setView([lat, lon], 12, {animate: false});
            requestAnimationFrame(() => requestAnimationFrame(() => {
                const p = map.latLngToContainerPoint([lat, lon]);
                done([p.x, p.y]);
            }));
        })""",
        [float(pin["lat"]), float(pin["lon"])],
    )
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    return int(pin["mention_id"])


# ---- tests -------------------------------------------------------------------


def test_map_shows_every_default_pin(page: Any, server: Server) -> None:
    open_map(page, server)
    expect_pins(page, ALL_PINS)


def test_choosing_a_film_changes_the_pins(page: Any, server: Server) -> None:
    open_map(page, server)
    expect_pins(page, ALL_PINS)
    choose_production(page, DUNE)
    expect_pins(page, FILMED_PINS[DUNE])
    wait_for_query(page, "film", DUNE)
    choose_production(page, MI7)
    expect_pins(page, FILMED_PINS[DUNE] + FILMED_PINS[MI7])
    wait_for_query(page, "film", MI7)
    assert query_of(page)["film"] == [DUNE, MI7]


def test_shared_link_reopens_the_same_view(page: Any, server: Server, browser: Any) -> None:
    open_map(page, server, "?role=all&conf=0.5")
    expect_pins(page, ALL_PINS + 2 - 1)  # two more with every role, one less under 50 %
    choose_production(page, MI7)
    expect_pins(page, 2)  # Åndalsnes and the planned Rome
    wait_for_query(page, "film", MI7)
    page.wait_for_function("() => new URL(location.href).searchParams.has('zoom')")
    page.get_by_role("button", name="Share this view").click()
    link = page.get_by_test_id("stPopoverBody").locator("code").inner_text().strip()
    shared = query_of_link(link)
    assert filters_of(shared) == {"role": ["all"], "conf": ["0.5"], "film": [MI7]}

    other = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        friend = other.new_page()
        friend.set_default_timeout(WAIT_MS)
        friend.goto(link)
        friend.locator(MAP_FRAME).wait_for()
        expect_pins(friend, 2)
        sidebar = friend.get_by_test_id("stSidebar")
        sidebar.get_by_role("button", name=f"Remove {MI7}", exact=True).wait_for()
        reopened = query_of(friend)
        assert filters_of(reopened) == filters_of(shared)
        assert reopened["zoom"] == shared["zoom"]
        # A different window size may round the centre to another pixel; more is a moved view.
        pixel = 360 / (256 * 2 ** int(shared["zoom"][0]))
        for axis in ("lat", "lon"):
            assert float(reopened[axis][0]) == pytest.approx(float(shared[axis][0]), abs=2 * pixel)
    finally:
        other.close()


def query_of_link(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


def filters_of(query: dict[str, list[str]]) -> dict[str, list[str]]:
    return {k: v for k, v in query.items() if k not in ("lat", "lon", "zoom")}


def test_clicking_a_pin_puts_it_in_the_url(page: Any, server: Server, store_url: str) -> None:
    open_map(page, server, f"?film={DUNE}")
    expect_pins(page, FILMED_PINS[DUNE])
    target = click_pin(page, store_url, DUNE)
    wait_for_query(page, "pin", str(target))
    page.get_by_text("Read the article").wait_for()


def test_hostile_article_text_stays_text(page: Any, server: Server, store_url: str) -> None:
    open_map(page, server)
    expect_pins(page, ALL_PINS)
    target = click_pin(page, store_url, XSS)
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup-content")
    popup.wait_for()
    shown = popup.inner_text()
    assert "<img src=x onerror=window.__pwned=1>" in shown
    assert "`" in shown and "${window.__pwned=2}" in shown
    assert "<b>Redux</b>" in shown  # the production title, as typed
    wait_for_query(page, "pin", str(target))
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    assert frame.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => window.__pwned") is None
    assert frame.locator(".leaflet-popup-content img").count() == 0


def test_adding_an_article_puts_its_pins_on_the_map(
    page: Any, server: Server, store_url: str
) -> None:
    before = len(locations(connect(store_url), Filters(productions=(MI7,))))
    page.goto(f"{server.url}/add")
    page.get_by_label("Headline").fill("Cruise films a train stunt in Norway")
    page.get_by_label("Article text").fill(SAMPLE_ARTICLE.read_text())
    for part, value in (("year", "2020"), ("month", "10"), ("day", "08")):
        page.get_by_role("spinbutton", name=f"{part}, Publication date").click()
        page.keyboard.type(value)
    page.get_by_role("button", name="Find places").click()
    page.get_by_text("Productions:").wait_for()
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile("^Saved “")).wait_for()
    after = len(locations(connect(store_url), Filters(productions=(MI7,))))
    assert after > before
    page.get_by_role("button", name="Show it on the map").click()
    page.locator(MAP_FRAME).wait_for()
    shown = drop_covered_areas(locations(connect(store_url), Filters(productions=(MI7,))))
    expect_pins(page, len(shown))  # a country holding finer pins of the film is no pin
    wait_for_query(page, "film", MI7)


def test_selecting_on_the_timeline_filters_the_map(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/timeline")
    chart = page.get_by_test_id("stVegaLiteChart")
    budapest = chart.locator('svg [aria-roledescription="bar"][aria-label*="Place: Budapest"]')
    budapest.click()
    wait_for_query(page, "film", DUNE)
    # the timeline follows the filter: one row, Dune's
    page.wait_for_function(
        "() => { const svg = document.querySelector('[data-testid=stVegaLiteChart] svg');"
        " return svg && !svg.textContent.includes('No Time to Die'); }"
    )
    assert "Dune" in (chart.locator("svg").first.text_content() or "")

    # an empty spot in the row clears the selection, and with it the filter
    bar = budapest.bounding_box()
    plot = chart.locator("svg").first.bounding_box()
    page.mouse.click(plot["x"] + plot["width"] * 0.6, bar["y"] + bar["height"] / 2)
    page.wait_for_function("() => !new URL(location.href).searchParams.has('film')")

    budapest.click()
    wait_for_query(page, "film", DUNE)
    page.get_by_role("link", name="Map").click()
    page.locator(MAP_FRAME).wait_for()
    expect_pins(page, FILMED_PINS[DUNE])


def test_correcting_a_place_by_clicking_a_map(page: Any, server: Server, store_url: str) -> None:
    title = "A crime drama shoots in the capital"
    page.goto(f"{server.url}/add")
    page.get_by_label("Headline").fill(title)
    page.get_by_label("Article text").fill(
        'The crime drama "Night Shift" filmed in Oslo, Norway, last week.'
    )
    page.get_by_role("button", name="Find places").click()
    oslo = page.get_by_role("combobox", name=re.compile("^Oslo"))
    oslo.click()
    page.get_by_role("option", name="Another place: click it on a map…").click()
    picker = page.locator(MAP_FRAME)
    picker.wait_for()
    frame = picker.element_handle().content_frame()
    frame.wait_for_function("() => window.map && window.map._loaded")
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 30)
    page.get_by_text(re.compile("^Picked ")).wait_for()
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile("^Saved “")).wait_for()

    saved = locations(connect(store_url), Filters(roles=()))
    pin = saved[(saved["article_title"] == title) & saved["place"].str.startswith("Oslo")]
    assert len(pin) == 1
    gazetteer_oslo = (59.91, 10.75)
    moved = abs(pin["lat"].iloc[0] - gazetteer_oslo[0]) + abs(
        pin["lon"].iloc[0] - gazetteer_oslo[1]
    )
    assert 0.01 < moved < 1.0  # where the click was, a few km from the city centre
