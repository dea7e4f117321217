"""What a large map keeps ready per view: each view's features are read and built once."""

from __future__ import annotations

import gc
import weakref

import pandas as pd
import pytest
from map_frames import location_frame

from dashboard.app.aggregate import View
from dashboard.app.mapview import VIEWS_KEPT, MapPoints
from dashboard.app.resources import spare_the_collector
from dashboard.app.state import wrap_longitude

# Views with a few dozen of the 8,000 points each: all pins, whose text is read.
EUROPE = View(45.0, 0.0, 55.0, 10.0, 6)
ASIA = View(20.0, 100.0, 30.0, 110.0, 6)
AMERICA = View(30.0, -100.0, 40.0, -90.0, 6)


def _frame(n: int) -> pd.DataFrame:
    """``n`` rows spread over the world, ten productions."""
    return location_frame(n, productions=10, seed=3, lat=(-50.0, 70.0), lon=(-170.0, 170.0))


class Reads:
    """The details callable of a MapPoints that counts how often the store would be read."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, rows: pd.DataFrame) -> pd.DataFrame:
        self.calls += 1
        return rows


def _scripts(groups: list) -> list[list[str]]:  # type: ignore[type-arg]
    return [[call.arguments for call in group._children.values()] for group in groups]


@pytest.mark.parametrize(
    ("views", "reads"),
    [
        ([EUROPE], 1),
        ([EUROPE, EUROPE], 1),  # a rerun that did not move the map
        ([EUROPE, ASIA, EUROPE], 2),  # back where it was
        ([EUROPE, ASIA, AMERICA], 3),
    ],
)
def test_each_view_is_read_and_built_once(views: list[View], reads: int) -> None:
    counter = Reads()
    points = MapPoints(_frame(8_000), details=counter)
    fresh = MapPoints(_frame(8_000))
    for view in views:
        kept = points.view_layers(view, selected=None, fit=True)
        made = fresh.layers(fresh.features(view), selected=None, fit=True, zoom=view.zoom)
        assert _scripts(kept) == _scripts(made)  # the same map as one built afresh
    assert counter.calls == reads


@pytest.mark.parametrize("selected", [None, 17])
def test_the_views_kept_are_the_last_ones_used(selected: int | None) -> None:
    counter = Reads()
    points = MapPoints(_frame(8_000), details=counter)
    views = [View(k, k, k + 10.0, k + 10.0, 6) for k in range(VIEWS_KEPT + 1)]
    for view in views:
        points.view_layers(view, selected=selected)
    assert counter.calls == len(views)
    points.view_layers(views[-1], selected=selected)  # still kept
    assert counter.calls == len(views)
    points.view_layers(views[0], selected=selected)  # the oldest went
    assert counter.calls == len(views) + 1
    points.view_layers(views[-1], selected=None if selected else 5)  # another pin: another view
    assert counter.calls == len(views) + 2


@pytest.mark.parametrize(
    ("reported", "kept"),
    [(361.40625, 1.40625), (-190.0, 170.0), (179.5, 179.5), (180.0, -180.0), (-540.0, -180.0)],
)
def test_a_centre_panned_round_the_world_goes_into_the_link_as_the_same_meridian(
    reported: float, kept: float
) -> None:
    assert wrap_longitude(reported) == pytest.approx(kept)


class _Cycle:
    """An object that refers to itself: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_the_collector_is_spared_what_is_held_and_still_frees_what_is_dropped() -> None:
    dropped = weakref.ref(_Cycle())  # garbage already
    held = _Cycle()
    try:
        spare_the_collector()
        assert dropped() is None  # collected, not frozen with the rest
        assert gc.get_freeze_count() > 0
        evicted = weakref.ref(held)
        del held  # frozen while held, garbage now: a full pass does not see it
        gc.collect()
        assert evicted() is not None
        spare_the_collector()  # the next data load thaws and collects it
        assert evicted() is None
    finally:
        gc.unfreeze()
