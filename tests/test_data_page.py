"""The Data page shows large results a page at a time."""

from __future__ import annotations

import pytest

from dashboard.app.views.data import page_rows


@pytest.mark.parametrize(
    ("total", "page", "size", "rows"),
    [
        (0, 1, 1000, (0, 0)),
        (10, 1, 1000, (0, 10)),
        (2500, 1, 1000, (0, 1000)),
        (2500, 3, 1000, (2000, 2500)),
        (2500, 9, 1000, (2000, 2500)),  # past the end: the last page
        (2500, 0, 1000, (0, 1000)),  # before the start: the first page
        (3000, 3, 1000, (2000, 3000)),
    ],
)
def test_a_page_holds_its_rows_and_never_falls_off_either_end(
    total: int, page: int, size: int, rows: tuple[int, int]
) -> None:
    found = page_rows(total, page, size)
    assert (found.start, found.stop) == rows
