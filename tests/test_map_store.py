"""A store past the aggregation threshold, on SQLite and PostgreSQL: the map's index over it.

The store is filled through the bulk loader as a batch fills it
(bench/store_fill.py); the frame comes from the dashboard's own query.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bench.store_fill import fill
from dashboard.app.aggregate import PIN_BUDGET, View
from dashboard.app.mapview import AGGREGATE_OVER, MapPoints
from dashboard.store.queries import Filters, locations

pytest_plugins = ["store_fixtures"]

SIZE = AGGREGATE_OVER + 1_000


WORLD = View(-85.0, -180.0, 85.0, 180.0, 2)


def test_a_large_store_is_sent_as_clusters_far_out_and_pins_close_in(engine: Engine) -> None:
    fill(engine, SIZE)
    frame = locations(engine, Filters())
    points = MapPoints(frame)
    assert len(points) == len(frame) == SIZE
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


def test_filters_narrow_the_index(engine: Engine) -> None:
    fill(engine, 400, productions=4)
    first = "Production 001"
    points = MapPoints(locations(engine, Filters(productions=(first,))))
    assert points.titles == (first,)
    assert len(points) == 100
