"""The server's view aggregation: grid keys, views, and what a view is sent."""

from __future__ import annotations

import base64
import json
import math
import re
import zlib
from typing import Any

import numpy as np
import pandas as pd
import pytest
from map_frames import location_frame

from dashboard.app import aggregate
from dashboard.app.aggregate import (
    LEVELS,
    SHARES,
    TILE_PX,
    PointIndex,
    View,
    quadkeys,
)
from dashboard.app.mapview import OTHERS_COLOR, MapPoints, _cluster_data


def _index(points: list[tuple[float, float, int]]) -> PointIndex:
    lat, lon, groups = zip(*points, strict=True) if points else ((), (), ())
    return PointIndex(np.array(lat, float), np.array(lon, float), np.array(groups, np.int64))


def _scatter(n: int, seed: int = 7, groups: int = 9) -> PointIndex:
    rng = np.random.default_rng(seed)
    return PointIndex(
        rng.uniform(-50, 70, n), rng.uniform(-170, 170, n), rng.integers(0, groups, n)
    )


WORLD = View(-85.0, -180.0, 85.0, 180.0, 2)


@pytest.mark.parametrize(
    ("lat", "lon", "cell"),
    [
        (85.0, -180.0, 0),  # north-west quarter: x 0, y 0
        (10.0, 10.0, 1),  # north-east: x 1, y 0
        (-10.0, -10.0, 2),  # south-west: x 0, y 1
        (-85.0, 179.99, 3),  # south-east: x 1, y 1
        (0.0, 0.0, 3),  # the origin falls into the south-east quarter
        (89.9, 0.0, 1),  # beyond Web Mercator's edge: clipped, not lost
    ],
)
def test_the_coarsest_grid_level_is_the_quarter_of_the_world(
    lat: float, lon: float, cell: int
) -> None:
    key = quadkeys(np.array([lat]), np.array([lon]))[0]
    assert int(key >> np.uint64(2 * (LEVELS - 1))) == cell


@pytest.mark.parametrize(
    ("lat", "lon", "level", "x", "y"),
    [(48.8566, 2.3522, 10, 518, 352), (-33.8688, 151.2093, 12, 3768, 2457)],
)
def test_a_key_holds_its_tile_at_every_level(
    lat: float, lon: float, level: int, x: int, y: int
) -> None:
    key = int(quadkeys(np.array([lat]), np.array([lon]))[0] >> np.uint64(2 * (LEVELS - level)))
    tile_x = sum(((key >> (2 * b)) & 1) << b for b in range(level))
    tile_y = sum(((key >> (2 * b + 1)) & 1) << b for b in range(level))
    assert (tile_x, tile_y) == (x, y)  # the slippy-map tile of Paris at 10, Sydney at 12


@pytest.mark.parametrize(
    ("center", "zoom", "width", "height"),
    [((0.0, 0.0), 2, 1000, 620), ((59.9, 10.7), 9, 390, 844), ((-33.9, 151.2), 14, 1400, 900)],
)
def test_a_view_around_a_centre_is_as_wide_as_the_screen(
    center: tuple[float, float], zoom: int, width: int, height: int
) -> None:
    view = View.around(center, zoom, width, height)
    assert view.zoom == zoom
    assert view.east - view.west == pytest.approx(width / (TILE_PX * 2**zoom) * 360)
    assert view.south < center[0] < view.north and view.west < center[1] < view.east


@pytest.mark.parametrize(
    "bounds",
    [(62.0, 6.8, 62.6, 7.7), (18.0, -77.0, 48.0, 55.0), (41.89, 12.51, 41.89, 12.51)],
)
def test_a_fitting_view_holds_the_bounds_at_the_closest_zoom_that_does(
    bounds: tuple[float, float, float, float],
) -> None:
    view = View.fitting(bounds, 1000, 620, max_zoom=9)
    south, west, north, east = bounds
    assert view.south <= south and north <= view.north and view.west <= west and east <= view.east
    if view.zoom < 9:
        middle = ((view.south + view.north) / 2, (view.west + view.east) / 2)
        closer = View.around(middle, view.zoom + 1, 1000, 620)  # the bounds no longer fit
        assert not (
            closer.south <= south
            and north <= closer.north
            and closer.west <= west
            and east <= closer.east
        )


def test_padding_grows_a_view_on_every_side_within_the_poles() -> None:
    view = View(-80.0, -10.0, 80.0, 10.0, 3).padded(0.25)
    assert (view.west, view.east) == (-15.0, 15.0)
    assert (view.south, view.north) == (-90.0, 90.0)


@pytest.mark.parametrize(
    ("points", "view", "rows"),
    [
        ([], WORLD, []),
        ([(59.9, 10.7, 0), (41.9, 12.5, 1)], WORLD, [0, 1]),
        ([(59.9, 10.7, 0), (41.9, 12.5, 1)], View(50.0, 0.0, 70.0, 20.0, 5), [0]),
        ([(10.0, -175.0, 0), (10.0, 120.0, 0)], View(0.0, 170.0, 20.0, 190.0, 5), [0]),  # wraps
        ([(10.0, 175.0, 0), (10.0, 0.0, 0)], View(0.0, -190.0, 20.0, -170.0, 5), [0]),
        ([(10.0, 0.0, 0)] * 3, View(-5.0, -5.0, 5.0, 5.0, 5), []),
    ],
    ids=["empty", "all", "in-view", "east-of-180", "west-of-180", "outside"],
)
def test_few_points_in_view_are_all_pins(
    points: list[tuple[float, float, int]], view: View, rows: list[int]
) -> None:
    features = _index(points).features(view)
    assert features.rows.tolist() == rows
    assert features.clusters == ()
    assert features.in_view == len(rows)


@pytest.mark.parametrize(
    ("size", "budget", "view"),
    [
        (5_000, 100, WORLD),
        (20_000, 2_500, WORLD),
        (20_000, 300, View(0.0, -20.0, 50.0, 60.0, 6)),
        (20_000, 50, View(0.0, -20.0, 50.0, 60.0, 12)),
    ],
)
def test_many_points_in_view_are_clusters_that_account_for_every_point(
    size: int, budget: int, view: View
) -> None:
    index = _scatter(size)
    features = index.features(view, pin_budget=budget)
    counted = len(features.rows) + sum(c.count for c in features.clusters)
    assert counted == features.in_view > budget
    assert len(features.rows) <= budget
    assert features.clusters
    lat, lon = index.lat[np.argsort(index.order)], index.lon[np.argsort(index.order)]
    for cluster in features.clusters:
        south, west, north, east = cluster.bounds
        assert south - 1e-5 <= cluster.lat <= north + 1e-5  # the mean, rounded to 5 places
        assert west - 1e-5 <= cluster.lon <= east + 1e-5
        shares = [n for _, n in cluster.shares]
        assert len(shares) <= SHARES and sum(shares) <= cluster.count
        assert shares == sorted(shares, reverse=True)
    assert all(view.south <= lat[r] <= view.north for r in features.rows.tolist())
    assert all(view.west <= lon[r] <= view.east for r in features.rows.tolist())


def test_a_cluster_counts_each_group_it_holds() -> None:
    points = [(45.0 + k * 1e-3, 7.0, k % 3) for k in range(30)] + [(45.0, 7.0 + 1e-3, 5)]
    [cluster] = _index(points).features(WORLD, pin_budget=10).clusters
    assert cluster.count == 31
    assert cluster.shares == ((0, 10), (1, 10), (2, 10), (5, 1))  # ties: lower group first


@pytest.mark.parametrize(("copies", "budget", "pins"), [(40, 50, 40), (40, 30, 0)])
def test_points_at_one_spot_are_pins_while_the_budget_lasts(
    copies: int, budget: int, pins: int
) -> None:
    """No zoom would separate them: a cluster of them could never be opened."""
    spread = [(30.0 + k, -100.0 + 2 * k, 0) for k in range(budget + 1)]
    same = [(60.0, 20.0, 1)] * copies
    features = _index(spread + same).features(
        View(-85.0, -180.0, 85.0, 180.0, 1), pin_budget=budget
    )
    at_spot = [r for r in features.rows.tolist() if r >= len(spread)]
    assert len(at_spot) == pins
    assert len(features.rows) <= budget


def test_the_features_of_a_view_do_not_depend_on_the_order_of_the_points() -> None:
    index = _scatter(8_000, seed=3)
    lat, lon = index.lat[np.argsort(index.order)], index.lon[np.argsort(index.order)]
    groups = index.groups[np.argsort(index.order)]
    shuffle = np.random.default_rng(5).permutation(len(lat))
    again = PointIndex(lat[shuffle], lon[shuffle], groups[shuffle])
    view = View(-20.0, -60.0, 50.0, 80.0, 4)
    one, two = index.features(view, pin_budget=200), again.features(view, pin_budget=200)
    assert sorted(one.rows.tolist()) == sorted(shuffle[two.rows].tolist())
    assert [(c.count, c.shares, c.bounds) for c in one.clusters] == [
        (c.count, c.shares, c.bounds) for c in two.clusters
    ]
    assert [c.lat for c in one.clusters] == pytest.approx([c.lat for c in two.clusters])


VIEWS = [
    WORLD,
    View(-60.0, -240.0, 80.0, 250.0, 1),  # wider than the world
    View(35.0, -15.0, 65.0, 40.0, 4),
    View(45.0, 0.0, 52.0, 12.0, 6),
    View(48.0, 2.0, 49.0, 3.5, 9),
    View(-40.0, 150.0, 10.0, 200.0, 4),  # across the antimeridian
    View(-40.0, -200.0, 10.0, -160.0, 4),
    View(80.0, 0.0, 85.0, 10.0, 7),  # where no point is
]


@pytest.mark.parametrize("scan_over", [0.0, 0.5, 2.0])  # always scan, by band size, never scan
@pytest.mark.parametrize("view", VIEWS)
def test_the_points_in_view_are_found_whichever_way_they_are_looked_for(
    view: View, scan_over: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aggregate, "BAND_SCAN_OVER", scan_over)
    index = _scatter(20_000, seed=11)
    found = index._inside(view)
    inside = (index.lat >= view.south) & (index.lat <= view.north)
    if view.east - view.west < 360.0:
        inside &= np.mod(index.lon - view.west, 360.0) <= view.east - view.west
    assert found.tolist() == np.flatnonzero(inside).tolist()


@pytest.mark.parametrize("groups", [3, 40, 600])
def test_shares_tallied_in_a_table_are_the_shares_counted_by_sorting(
    groups: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = _scatter(30_000, seed=2, groups=groups)
    views = [View(-50.0, -170.0, 70.0, 170.0, z) for z in (1, 3, 5)]
    tallied = [index.features(v, pin_budget=100).clusters for v in views]
    monkeypatch.setattr(aggregate, "TALLY_CELLS", 0)
    sorted_ = [index.features(v, pin_budget=100).clusters for v in views]
    assert tallied == sorted_
    assert all(tallied)


def _frame(n: int, productions: int = 12) -> pd.DataFrame:
    return location_frame(n, productions=productions)


@pytest.mark.parametrize(("mention", "found"), [(3, True), (30, True), (4, False), (None, False)])
def test_map_points_find_a_pin_by_its_mention(mention: int | None, found: bool) -> None:
    points = MapPoints(_frame(20))
    at = points.position(mention)
    assert (at is not None) == found == points.known(mention)
    if at is not None:
        assert int(points.drawn.iloc[at]["mention_id"]) == mention


def _decoded(expression: str) -> Any:
    """The value of a js_data expression (plain or packed)."""
    packed = re.fullmatch(r"L\.Reelmap\.unpack\('([^']*)'\)", expression)
    if packed:
        return json.loads(zlib.decompress(base64.b64decode(packed.group(1))))
    plain = re.fullmatch(r"JSON\.parse\('(.*)'\)", expression, re.DOTALL)
    assert plain, expression[:80]
    return json.loads(plain.group(1).encode().decode("unicode_escape"))


def _pin_ids(group: Any) -> list[int]:
    ids = []
    for call in group._children.values():
        pins = re.match(r"(.*?\)), function", call.arguments, re.DOTALL)
        assert pins, call.arguments[:80]
        ids += _decoded(pins.group(1))["id"]
    return sorted(ids)


@pytest.mark.parametrize("select", [False, True])
def test_a_large_view_sends_three_groups_whatever_the_number_of_productions(
    select: bool,
) -> None:
    points = MapPoints(_frame(6_000, productions=300))
    features = points.features(View(-40.0, -100.0, 60.0, 100.0, 3))
    assert features.clusters  # 6,000 points over the view: clustered
    sent = set(features.rows.tolist())
    hidden = next(r for r in range(len(points)) if r not in sent)  # a pin inside a cluster
    selected = int(points.drawn.iloc[hidden]["mention_id"]) if select else None
    groups = points.layers(features, selected=selected, fit=True)
    assert [g.layer_name for g in groups] == ["pins", "clusters", "view"]
    assert all(not g.control for g in groups)  # no legend row per production
    expected = sorted(points.drawn.iloc[sorted(sent)]["mention_id"].tolist())
    if selected is not None:
        expected = sorted([*expected, selected])  # sent wherever it is, so its popup opens
    assert _pin_ids(groups[0]) == expected
    [clusters] = groups[1]._children.values()
    assert _decoded(clusters.arguments)["count"] == [c.count for c in features.clusters]
    [view] = groups[2]._children.values()
    told = _decoded(view.arguments)
    assert told["selected"] == selected and told["fit"] is not None and told["token"]


def test_cluster_rings_take_the_productions_colours_and_grey_for_the_rest() -> None:
    frame = _frame(400, productions=8).assign(lat=45.0 + np.arange(400) * 1e-4, lon=7.0)
    points = MapPoints(frame)
    [cluster] = points.index.features(WORLD, pin_budget=100).clusters
    assert cluster.count == 400
    data = _cluster_data([cluster], points.titles, points.looks)
    [ring] = data["shares"]  # type: ignore[misc]
    colours = [colour for colour, _ in ring]
    assert colours[:SHARES] == [points.looks[points.titles[g]].color for g, _ in cluster.shares]
    assert colours[-1] == OTHERS_COLOR and sum(n for _, n in ring) == 400
    assert math.isclose(data["lat"][0], cluster.lat)  # type: ignore[index]


def test_a_covered_area_is_a_known_location_but_not_a_drawn_pin() -> None:
    frame = _frame(2, productions=1).assign(
        kind=["country", "city"], lat=[62.0, 59.9], lon=[10.0, 10.7], country="NO"
    )
    points = MapPoints(frame)
    area, city = frame["mention_id"].tolist()
    assert points.known(area) and points.position(area) is None  # Norway, covered by Oslo
    assert points.known(city) and points.position(city) == 0
