"""Time the dashboard map in Chromium: our map against one folium.Marker per location.

Runs ``streamlit run bench/dashboard_app.py`` on a free loopback port and, for
each size, measures in Debian's Chromium (through st_folium, as the app uses it):

- open: from opening the page to every pin being on the map (our map reports
  its drawn pin count on the frame's <html>; the plain map has one DOM icon per pin);
- change: from clicking the "First half" filter to the map showing the new pins.

The plain page is given ``--plain-timeout`` seconds per step; past that it is
reported as timed out (100,000 plain markers take minutes). Usage::

    python bench/dashboard.py [--sizes 1000 10000 100000] [--plain-timeout 60]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Frame, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

APP = Path(__file__).with_name("dashboard_app.py")
# Not imported from dashboard.app: run as a script, this file shadows the package.
STATIC_DIR = Path(__file__).resolve().parents[1] / "dashboard" / "app" / "static"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SERVER_OPTIONS = {
    "server.address": "127.0.0.1",
    "server.headless": "true",
    "server.enableStaticServing": "true",
    "server.fileWatcherType": "none",
    "browser.gatherUsageStats": "false",
}
POLL_MS = 25
TARGETS = {"open_10k": 2.0, "open_100k": 4.0, "change": 0.6, "speedup_10k": 5.0}


@dataclass
class Result:
    size: int
    variant: str
    open_s: float | None  # None: timed out
    change_s: float | None
    reopen_s: float | None = None  # a second visitor, once the server has the map cached
    note: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server() -> Iterator[str]:
    """Run the bench app beside a copy of static/ (Streamlit serves static/ next to the script)."""
    with tempfile.TemporaryDirectory(prefix="reelmap-bench-") as tmp:
        shutil.copy(APP, Path(tmp) / APP.name)
        (Path(tmp) / "static").symlink_to(STATIC_DIR, target_is_directory=True)
        port = free_port()
        log = (Path(tmp) / "streamlit.log").open("w")
        command = [sys.executable, "-m", "streamlit", "run", APP.name, "--server.port", str(port)]
        command += [f"--{option}={value}" for option, value in SERVER_OPTIONS.items()]
        proc = subprocess.Popen(command, cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: healthy(url), timeout=60, what="Streamlit to answer")
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)
            log.close()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def wait_until(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        time.sleep(0.1)


def map_frame(page: Page) -> Frame | None:
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    return None


def pins_shown(page: Page, variant: str) -> int | None:
    """Pins on the map right now (None while the map frame is not there)."""
    frame = map_frame(page)
    if frame is None:
        return None
    probe = (
        "Number(document.documentElement.dataset.rmMarkers ?? -1)"
        if variant == "ours"
        else "document.querySelectorAll('.leaflet-marker-icon').length"
    )
    try:
        return int(frame.evaluate(probe))
    except Exception:  # the frame was replaced while we asked
        return None


def time_until(page: Page, variant: str, expected: int, timeout: float) -> float | None:
    """Seconds until the map shows exactly ``expected`` pins, or None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if pins_shown(page, variant) == expected:
            return time.perf_counter() - start
        page.wait_for_timeout(POLL_MS)  # lets Playwright see new frames
    return None


def rows_shown(page: Page) -> int:
    text = page.get_by_text("rows:").inner_text(timeout=120_000)
    return int(text.split(":")[1])


def warm_data(browser: Browser, url: str, size: int) -> tuple[int, int]:
    """Fill the app's data cache; returns the row counts for both filter settings."""
    page = browser.new_page()
    page.goto(f"{url}/?n={size}&variant=data")
    everything = rows_shown(page)
    page.get_by_text("First half").click()
    page.wait_for_function(f"!document.body.innerText.includes('rows: {everything}')")
    half = rows_shown(page)
    page.close()
    return everything, half


def open_page(
    browser: Browser, url: str, variant: str, expected: int, timeout: float
) -> tuple[Page, float | None]:
    """A fresh context (cold browser cache) on the page, and seconds until all pins show."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    waited = time_until(page, variant, expected, timeout)
    return page, None if waited is None else time.perf_counter() - start


def change_filter(
    page: Page, option: str, variant: str, expected: int, timeout: float
) -> float | None:
    """Seconds from clicking a filter option to the map showing its pins (None: timed out).

    A page drawing thousands of DOM pins can be too busy to take the click at all.
    """
    start = time.perf_counter()
    try:
        page.get_by_text(option, exact=True).click(timeout=timeout * 1000)
    except PlaywrightTimeout:
        return None
    waited = time_until(page, variant, expected, timeout - (time.perf_counter() - start))
    return None if waited is None else time.perf_counter() - start


def measure(
    browser: Browser, url: str, size: int, variant: str, counts: tuple[int, int], timeout: float
) -> Result:
    everything, half = counts
    address = f"{url}/?n={size}&variant={variant}"
    page, opened = open_page(browser, address, variant, everything, timeout)
    try:
        if opened is None:
            return Result(size, variant, None, None, note=f"open > {timeout:.0f} s, rest skipped")
        changes = []
        targets = [("First half", half), ("All productions", everything), ("First half", half)]
        for option, expected in targets[: 3 if variant == "ours" else 1]:
            changes.append(change_filter(page, option, variant, expected, timeout))
    finally:
        page.context.close()
    if None in changes:
        return Result(size, variant, opened, None, note=f"change > {timeout:.0f} s")
    times = [c for c in changes if c is not None]
    note = f"median of {len(times)} changes" if len(times) > 1 else ""
    reopened = None
    if variant == "ours":
        page, reopened = open_page(browser, address, variant, everything, timeout)
        page.context.close()
    return Result(size, variant, opened, statistics.median(times), reopened, note)


def fmt(seconds: float | None) -> str:
    return "timeout" if seconds is None else f"{seconds:.2f}"


def ratio(plain: float | None, ours: float | None, timeout: float) -> str:
    if ours is None:
        return "-"
    if plain is None:
        return f">{timeout / ours:.0f}x"
    return f"{plain / ours:.1f}x"


def report(results: list[Result], timeout: float) -> None:
    print(f"{'locations':>10} {'variant':>8} {'open s':>8} {'change s':>9} {'reopen s':>9}  note")
    for r in results:
        reopen = "-" if r.reopen_s is None else fmt(r.reopen_s)
        print(
            f"{r.size:>10,} {r.variant:>8} {fmt(r.open_s):>8} {fmt(r.change_s):>9} "
            f"{reopen:>9}  {r.note}"
        )
    print("(reopen: a second visitor's open, with the map already cached on the server)")
    print("\nplain / ours (higher is better for ours):")
    by = {(r.size, r.variant): r for r in results}
    for size in sorted({r.size for r in results}):
        ours, plain = by.get((size, "ours")), by.get((size, "plain"))
        if ours and plain:
            print(
                f"{size:>10,}  open {ratio(plain.open_s, ours.open_s, timeout):>7}"
                f"  change {ratio(plain.change_s, ours.change_s, timeout):>7}"
            )
    print("\ntargets:")
    for size, target in ((10_000, TARGETS["open_10k"]), (100_000, TARGETS["open_100k"])):
        if (size, "ours") in by:
            seconds = by[(size, "ours")].open_s
            verdict = "ok" if seconds is not None and seconds < target else "MISSED"
            print(f"  {size:,} visible < {target} s: {fmt(seconds)} {verdict}")
    for r in results:
        if r.variant == "ours":
            ok = r.change_s is not None and r.change_s < TARGETS["change"]
            print(
                f"  {r.size:,} filter change < {TARGETS['change']} s: {fmt(r.change_s)} "
                + ("ok" if ok else "MISSED")
            )
    ours10, plain10 = by.get((10_000, "ours")), by.get((10_000, "plain"))
    if ours10 and plain10 and ours10.open_s:
        speedup = (plain10.open_s or timeout) / ours10.open_s
        verdict = "ok" if speedup >= TARGETS["speedup_10k"] else "MISSED"
        goal = TARGETS["speedup_10k"]
        print(f"  10,000 open >= {goal:.0f}x faster than plain: {speedup:.1f}x {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--plain-timeout", type=float, default=60.0)
    parser.add_argument("--variants", nargs="+", default=["ours", "plain"])
    args = parser.parse_args()
    results = []
    with streamlit_server() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in sorted(args.sizes):
            counts = warm_data(browser, url, size)
            for variant in args.variants:
                timeout = args.plain_timeout if variant == "plain" else 120.0
                result = measure(browser, url, size, variant, counts, timeout)
                print(f"  {result}", file=sys.stderr, flush=True)
                results.append(result)
        browser.close()
    report(results, args.plain_timeout)


if __name__ == "__main__":
    main()
