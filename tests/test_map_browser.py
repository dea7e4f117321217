"""build_map's page in headless Chromium: hostile article text shows as text and runs nothing.

The map is saved as a standalone page next to a link to static/ (laid out as
Streamlit serves it, /app/static/...) and served by a loopback http.server.
Every hostile string would bump ``window.__pwned`` or open a dialog if it ran;
the tests open popups, tooltips, the legend, a cluster's list and the time
player, then check the text is on screen as typed and nothing ran.
A failing test leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
import pytest
from browser_support import CHROMIUM, screenshot_on_failure

from dashboard.app.map_assets import STATIC_DIR
from dashboard.app.mapview import build_map

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]

PWN = "window.__pwned = (window.__pwned || 0) + 1"
IMG = f'<img src=x onerror="{PWN}">'
TEMPLATE = f"${{{PWN}}}"
BACKTICK = f"`;{PWN};`"
SCRIPT = f"</script><script>{PWN}</script>"
SSTI = "{{ 'ssti'.upper() }}"
SVG = "<svg onload=alert(1)>"

# Far apart, so each is its own pin once the map fits them; the last two share a point.
PINS = [
    # (production, place, sentence, article title, outlet, lat, lon)
    (IMG, f"Oslo {TEMPLATE}", f"They shot {IMG} in Oslo.", f"News {BACKTICK}", SVG, 59.9, 10.7),
    (
        f"Film {SSTI}",
        f"Rome {SCRIPT}",
        f"Rome {TEMPLATE} hosted {SSTI}.",
        IMG,
        "Deadline",
        41.9,
        12.5,
    ),
    ("Tenet", "Mumbai", f"Mumbai {BACKTICK} scenes {SVG}.", SCRIPT, TEMPLATE, 19.1, 72.9),
    ("Tenet", f"Tallinn {SVG}", f"Tallinn {IMG} twice.", "Two", "ERR", 59.4, 24.7),
    ("Tenet", f"Tallinn {SVG}", f"Again {SCRIPT} there.", "Three", "ERR", 59.4, 24.7),
]
SINGLE_PINS = 3  # the first three stand alone; the last two form a cluster
WAIT_MS = 20_000


def locations() -> pd.DataFrame:
    rows = []
    for index, (production, place, sentence, title, outlet, lat, lon) in enumerate(PINS):
        rows.append(
            {
                "mention_id": index + 1,
                "production": production,
                "place_id": index + 1,
                "place": place,
                "country": "XX",
                "lat": lat,
                "lon": lon,
                "role": "filmed",
                "confidence": 0.8,
                "status": "auto",
                "approximate": False,
                "start": date(2020, 9, index + 1),
                "end": date(2020, 9, index + 1),
                "precision": "day",
                "sentence": sentence,
                "article_id": index + 1,
                "article_title": title,
                "outlet": outlet,
                "published": date(2020, 10, 8),
                "url": f"javascript:{PWN}" if index % 2 else "https://example.org/a?b=1&c=2",
                "order": index + 1,
            }
        )
    return pd.DataFrame(rows)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Saved maps (no tiles; OpenStreetMap tiles) and static/, on a free loopback port."""
    root = tmp_path_factory.mktemp("map-site")
    (root / "app").mkdir()
    (root / "app" / "static").symlink_to(STATIC_DIR, target_is_directory=True)
    build_map(locations(), tiles=None).save(str(root / "map.html"))
    build_map(locations(), tiles="OpenStreetMap").save(str(root / "tiles.html"))
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser: Any, site: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A saved map (map.html unless parametrized) with all its pins, in a fresh context.

    Requests that leave the loopback server are refused and recorded, as with
    no internet; so are dialogs.
    """
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    tab.dialogs, tab.outside = [], []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.route("**/*", lambda route: refuse_outside(tab, route, site))
    failed_before = request.session.testsfailed
    try:
        tab.goto(f"{site}/{getattr(request, 'param', 'map.html')}")
        tab.wait_for_function(f"document.documentElement.dataset.rmMarkers === '{len(PINS)}'")
    except Exception:
        screenshot_on_failure(tab, request.node.name)
        raise
    yield tab
    if request.session.testsfailed > failed_before:
        screenshot_on_failure(tab, request.node.name)
    context.close()


def refuse_outside(page: Any, route: Any, site: str) -> None:
    if route.request.url.startswith(site):
        route.continue_()
    else:
        page.outside.append(route.request.url)
        route.abort()


# ---- helpers ----------------------------------------------------------------------


def point_of(page: Any, lat: float, lon: float) -> tuple[float, float]:
    """Where on the screen a place is drawn right now."""
    return tuple(
        page.evaluate(
            """([lat, lon]) => {
                const map = Object.values(window).find((v) => v instanceof L.Map);
                const box = map.getContainer().getBoundingClientRect();
                const p = map.latLngToContainerPoint([lat, lon]);
                return [box.left + p.x, box.top + p.y];
            }""",
            [lat, lon],
        )
    )


def popup_text(page: Any) -> str:
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    return str(popup.inner_text())


def assert_nothing_ran(page: Any) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert (
        page.locator(".leaflet-container").locator("img[src=x], svg[onload], script").count() == 0
    )


# ---- tests ----------------------------------------------------------------------------


def test_the_probe_notices_script_that_runs(page: Any) -> None:
    """Guards the other tests: the same payload, inserted raw, does set the flag."""
    page.evaluate("(html) => document.body.insertAdjacentHTML('beforeend', html)", IMG)
    page.wait_for_function("window.__pwned === 1")


@pytest.mark.parametrize("index", range(SINGLE_PINS))
def test_pin_popup_shows_hostile_text_as_text(page: Any, index: int) -> None:
    production, place, sentence, title, outlet, lat, lon = PINS[index]
    page.mouse.click(*point_of(page, lat, lon))
    text = popup_text(page)
    for expected in (production, place, sentence, title, outlet):
        assert expected in text
    links = page.locator(".leaflet-popup-content a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert all(href.startswith("https://") for href in hrefs), hrefs
    assert_nothing_ran(page)


def test_tooltip_and_legend_show_hostile_text_as_text(page: Any) -> None:
    production, place, *_, lat, lon = PINS[0]
    page.mouse.move(*point_of(page, lat, lon))
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert production in tooltip.inner_text()
    assert place in tooltip.inner_text()
    legend = page.locator(".leaflet-control-layers-overlays").inner_text()
    for title in {pin[0] for pin in PINS}:
        assert title in legend
    assert_nothing_ran(page)


def test_a_cluster_of_one_place_lists_its_pins_and_opens_them(page: Any) -> None:
    *_, lat, lon = PINS[-1]
    page.mouse.click(*point_of(page, lat, lon))
    listing = popup_text(page)
    assert "2 mentions here" in listing
    assert PINS[-1][1] in listing  # the place, as text
    page.locator(".rm-list a").first.click()
    details = page.locator(".leaflet-popup-content", has=page.locator(".rm-quote"))
    details.wait_for()
    assert PINS[3][2] in details.inner_text()
    assert_nothing_ran(page)


def test_time_player_labels_show_hostile_text_as_text(page: Any) -> None:
    page.evaluate(
        """() => {
            const range = document.querySelector('.rm-time-range');
            range.value = '600';
            range.dispatchEvent(new Event('input'));
        }"""
    )
    labels = page.locator(".rm-head-label")
    labels.first.wait_for()
    shown = " ".join(labels.all_inner_texts())
    assert any(pin[1] in shown for pin in PINS)
    assert_nothing_ran(page)


@pytest.mark.parametrize("page", ["tiles.html"], indirect=True)
def test_pins_show_when_the_tile_server_cannot_be_reached(page: Any) -> None:
    assert page.outside, "the page never asked for tiles"
    assert all("tile.openstreetmap.org" in url for url in page.outside), page.outside
    assert page.locator(".rm-cluster").count() == 1  # the two pins at one place
    assert page.locator(".leaflet-control-layers-overlays label").count() == 3


def test_the_page_asks_nothing_of_the_internet(page: Any) -> None:
    assert page.outside == []
