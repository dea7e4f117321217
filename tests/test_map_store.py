"""A store past the aggregation threshold, on SQLite and PostgreSQL: the map's index over it.

The store is filled through the bulk loader as a batch fills it
(bench/store_fill.py); the rows come from the dashboard's own queries: the
lean map rows (``map_locations``), with the text of the pins drawn read by
id (``location_details``), as the map page reads them.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from bench.store_fill import fill
from dashboard.app.aggregate import PIN_BUDGET, View
from dashboard.app.mapview import AGGREGATE_OVER, MapPoints
from dashboard.store.queries import (
    DETAIL_COLUMNS,
    LOCATION_COLUMNS,
    MAP_COLUMNS,
    Filters,
    location_details,
    locations,
    map_locations,
    with_details,
)

pytest_plugins = ["store_fixtures"]

SIZE = AGGREGATE_OVER + 1_000


WORLD = View(-85.0, -180.0, 85.0, 180.0, 2)


def _points(engine: Engine, filters: Filters) -> MapPoints:
    def complete(rows: pd.DataFrame) -> pd.DataFrame:
        details = location_details(engine, rows["mention_id"].to_numpy())
        return with_details(rows, details)

    return MapPoints(map_locations(engine, filters), details=complete)


def test_a_large_store_is_sent_as_clusters_far_out_and_pins_close_in(engine: Engine) -> None:
    fill(engine, SIZE)
    points = _points(engine, Filters())
    assert len(points) == len(points.frame) == SIZE
    place = points.drawn.iloc[0]
    close = View.around((float(place["lat"]), float(place["lon"])), 9, 1000, 620)
    for view, clustered in ((WORLD, True), (close, False)):
        features = points.features(view)
        assert bool(features.clusters) == clustered, view
        assert len(features.rows) + sum(c.count for c in features.clusters) == features.in_view
        assert len(features.rows) <= PIN_BUDGET
        assert clustered or len(features.rows) > 0
        pins = points.drawn.iloc[features.rows]
        assert pins["lat"].between(view.south, view.north).all()
        assert pins["lon"].between(view.west, view.east).all()
        if clustered:
            assert features.in_view == SIZE  # the synthetic places lie between 45 S and 65 N
        else:  # the pins drawn come with their text, read for them alone
            full = points.complete(pins)
            assert list(full.columns) == list(LOCATION_COLUMNS)
            assert full["sentence"].str.len().gt(0).all()
            assert full["mention_id"].tolist() == pins["mention_id"].tolist()


def test_filters_narrow_the_index(engine: Engine) -> None:
    fill(engine, 400, productions=4)
    first = "Production 001"
    points = _points(engine, Filters(productions=(first,)))
    assert points.titles == (first,)
    assert len(points) == 100


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(roles=()),
        Filters(productions=("Production 002", "Production 004")),
        Filters(productions=("No such production",)),
        Filters(countries=("NO", "JP")),
        Filters(min_confidence=0.8),
        Filters(date_from=date(2018, 2, 1), date_to=date(2018, 3, 15)),
    ],
)
def test_the_lean_rows_are_the_locations_without_their_text(
    engine: Engine, filters: Filters
) -> None:
    fill(engine, 600, productions=5)
    lean = map_locations(engine, filters)
    full = locations(engine, filters)
    assert list(lean.columns) == list(MAP_COLUMNS)
    assert {str(t) for t in lean.dtypes} == set(MAP_COLUMNS.values())
    assert len(lean) == len(full)
    for column in MAP_COLUMNS:
        shown = with_details(lean, full.loc[:, list(DETAIL_COLUMNS)])[column]
        pd.testing.assert_series_equal(shown, full[column], check_names=False)
    if filters.productions == ("No such production",):
        assert lean.empty
    elif filters.date_from is not None:
        assert 0 < len(lean) < 600


@pytest.mark.parametrize("wanted", [[], [3], [5, 1, 5], list(range(1, 40, 3))])
def test_details_are_read_for_the_wanted_mentions_alone(engine: Engine, wanted: list[int]) -> None:
    fill(engine, 40, productions=2)
    details = location_details(engine, np.array(wanted, dtype=np.int64))
    assert list(details.columns) == list(DETAIL_COLUMNS)
    assert details["mention_id"].tolist() == sorted(set(wanted))
    assert details["sentence"].str.endswith(".").all()
