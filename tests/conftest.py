"""What every test needs from its process, whatever ran in it before."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def keep_main_module() -> Iterator[None]:
    """Streamlit's AppTest leaves the app script as `__main__`, and a process
    started with `spawn` (Dask's workers, a worker pool) runs `__main__` again:
    it would start the dashboard instead of the work."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main
