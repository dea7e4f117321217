"""What every test needs from its process, whatever ran in it before."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import Server, chromium, running_server


@pytest.fixture(autouse=True)
def keep_main_module() -> Iterator[None]:
    """Streamlit's AppTest leaves the app script as `__main__`, and a process
    started with `spawn` (Dask's workers, a worker pool) runs `__main__` again:
    it would start the dashboard instead of the work."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own that holds only the built gazetteer, so
    geocoder caches written by a command never reach the user's."""
    from dashboard.gazetteer.build import default_path

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / default_path().name).symlink_to(default_path())
    monkeypatch.setenv("REELMAP_CACHE_DIR", str(cache))
    return cache


# The browser test modules share these; each module defines its own `store_url`.


@pytest.fixture(scope="module")
def server(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The dashboard as `reelmap serve` starts it, on the module's store."""
    with running_server(store_url, tmp_path_factory.mktemp("server-logs")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched
