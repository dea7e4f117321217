"""Helpers for tests that drive the real dashboard in headless Chromium.

`running_server` starts `streamlit run` exactly as `reelmap serve` does (the
command comes from `dashboard.app.launch`) on a free loopback port and polls
until it answers; `chromium` launches Debian's Chromium through Playwright.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.app.launch import streamlit_command, streamlit_env

CHROMIUM = Path(os.environ.get("REELMAP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
STARTUP_TIMEOUT_S = 90.0
POLL_INTERVAL_S = 0.2


@dataclass
class Server:
    """A running dashboard: its base URL and its log file."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll Streamlit's health endpoint until it answers, the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the dashboard exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(POLL_INTERVAL_S)  # a poll interval, not a wait for something to happen
    raise TimeoutError(f"the dashboard did not answer at {url} within {timeout:.0f} s")


@contextmanager
def running_server(db_url: str, log_dir: Path, *, read_only: bool = False) -> Iterator[Server]:
    """`streamlit run dashboard/app/main.py` against `db_url`, stopped on exit."""
    port = free_port()
    log = log_dir / f"streamlit-{port}.log"
    env = streamlit_env(
        db_url, read_only, {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    )
    with log.open("wb") as sink:
        process = subprocess.Popen(
            streamlit_command(db_url, port, read_only=read_only),
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=log_dir,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_ready(server.url, process, STARTUP_TIMEOUT_S)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def chromium() -> Iterator[Any]:
    """A Playwright Chromium browser (Debian's binary; never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot_on_failure(page: Any, name: str) -> Path:
    """Save what the page showed when a test failed, for the person reading the log."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
