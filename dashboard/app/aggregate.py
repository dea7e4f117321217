"""What the map shows of a large set of points: the pins in view when few, else clusters.

Sending every filtered pin to the browser costs about 1 MB per 10,000 pins on
every rerun, and the browser then decodes and redraws them all. Past a few
thousand pins the server sends only what the current view needs: the pins
in view when there are few enough, else clusters on a screen grid (a count,
a position, the biggest productions' shares) plus the pins that stand alone.

The index is built once per store revision and filters (see resources). It
sorts the points by their quadkey at a fine grid level (the interleaved bits
of their Web-Mercator tile coordinates), so the grid cells of every coarser
level are runs of consecutive points: clustering a view is a diff over the
points in view, without sorting them by cell. A second order, by latitude,
finds a small view's points without looking at the rest, so a pan or zoom
deep into a million points costs what the view holds. Pure numpy; no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

LEVELS = 24  # the finest grid: 2**24 cells a side, about 2.4 m at the equator
CELL_LEVELS = 2  # a cluster cell is a quarter of a 256 px tile a side: 64 px
TILE_PX = 256
MAX_LAT = 85.05112878  # where Web Mercator ends
PIN_BUDGET = 1_500  # pins sent for one view, at most
SHARES = 5  # productions named in a cluster's ring; the rest count as "others"
# Past this share of all points in a view's band of latitudes, one pass over
# every point finds those in view faster than gathering and sorting the band.
BAND_SCAN_OVER = 0.5
# Shares are tallied in a table of cells x groups when it has no more entries
# than this nor than the points (else counting by sorting the points is cheaper).
TALLY_CELLS = 1 << 20

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class View:
    """A map view: its bounds in degrees (west may be below -180 after panning) and zoom."""

    south: float
    west: float
    north: float
    east: float
    zoom: int

    @classmethod
    def around(cls, center: tuple[float, float], zoom: int, width: int, height: int) -> View:
        """The view a map of ``width`` x ``height`` px shows at ``center`` and ``zoom``."""
        scale = TILE_PX * 2.0**zoom  # world size in px
        _, y = _mercator(center[0], center[1])
        half_w, half_h = width / 2 / scale, height / 2 / scale
        north, south = _latitude(max(y - half_h, 0.0)), _latitude(min(y + half_h, 1.0))
        west, east = center[1] - half_w * 360.0, center[1] + half_w * 360.0
        return cls(south, west, north, east, zoom)

    @classmethod
    def fitting(
        cls, bounds: tuple[float, float, float, float], width: int, height: int, max_zoom: int
    ) -> View:
        """The view a map of ``width`` x ``height`` px takes to fit ``bounds`` (s, w, n, e)."""
        south, west, north, east = bounds
        x0, y0 = _mercator(north, west)
        x1, y1 = _mercator(south, east)
        across = min(width / max(x1 - x0, 1e-12), height / max(y1 - y0, 1e-12))
        zoom = math.floor(math.log2(across / TILE_PX))
        center = (_latitude((y0 + y1) / 2), (west + east) / 2)  # the middle on screen
        return cls.around(center, min(max(zoom, 0), max_zoom), width, height)

    def padded(self, fraction: float) -> View:
        """The view grown by ``fraction`` of its size on every side (so a small pan finds pins)."""
        dy, dx = (self.north - self.south) * fraction, (self.east - self.west) * fraction
        south, north = max(self.south - dy, -90.0), min(self.north + dy, 90.0)
        return View(south, self.west - dx, north, self.east + dx, self.zoom)


@dataclass(frozen=True)
class Cluster:
    """Many points drawn as one: where, how many, how far they reach, whose they are."""

    lat: float
    lon: float
    count: int
    bounds: tuple[float, float, float, float]  # south, west, north, east of its points
    shares: tuple[tuple[int, int], ...]  # (group, points), biggest first, at most SHARES


@dataclass(frozen=True)
class Features:
    """What to draw for one view."""

    rows: Ints  # positions (in the indexed order) of the points drawn as pins, ascending
    clusters: tuple[Cluster, ...]
    in_view: int  # points inside the view


def _mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web-Mercator x, y of a point, each in [0, 1] (y grows southwards)."""
    rad = math.radians(min(max(lat, -MAX_LAT), MAX_LAT))
    return (lon + 180.0) / 360.0, (1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0


def _latitude(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y))))


def _spread(v: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The bits of 32-bit integers moved to the even bit positions of 64-bit ones."""
    v = v & np.uint64(0xFFFFFFFF)
    v = (v | (v << np.uint64(16))) & np.uint64(0x0000FFFF0000FFFF)
    v = (v | (v << np.uint64(8))) & np.uint64(0x00FF00FF00FF00FF)
    v = (v | (v << np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    v = (v | (v << np.uint64(2))) & np.uint64(0x3333333333333333)
    return (v | (v << np.uint64(1))) & np.uint64(0x5555555555555555)


def quadkeys(lat: Floats, lon: Floats) -> npt.NDArray[np.uint64]:
    """Each point's cell at grid level LEVELS, as interleaved x and y bits."""
    side = float(1 << LEVELS)
    rad = np.radians(np.clip(lat, -MAX_LAT, MAX_LAT))
    x = (np.mod(lon + 180.0, 360.0)) / 360.0
    y = (1.0 - np.arcsinh(np.tan(rad)) / np.pi) / 2.0
    xs = np.clip(np.floor(x * side), 0, side - 1).astype(np.uint64)
    ys = np.clip(np.floor(y * side), 0, side - 1).astype(np.uint64)
    return _spread(xs) | (_spread(ys) << np.uint64(1))


class PointIndex:
    """Points (lat, lon, a group code each, such as the production) sorted for views.

    Built once; ``features`` answers a view in time proportional to the
    points inside it. Positions returned refer to the points in the order
    they were given.
    """

    def __init__(self, lat: Floats, lon: Floats, groups: Ints) -> None:
        lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
        keys = quadkeys(lat, lon)
        self.order: Ints = np.argsort(keys, kind="stable").astype(np.int64)
        self.keys = keys[self.order]
        self.lat: Floats = lat[self.order]
        self.lon: Floats = lon[self.order]
        self.groups: Ints = np.asarray(groups, dtype=np.int64)[self.order]
        self.group_count = int(self.groups.max()) + 1 if len(self.groups) else 0
        # The points by latitude: a view's band of latitudes is a run of them.
        self._by_lat: Ints = np.argsort(self.lat, kind="stable").astype(np.int64)
        self._lat_sorted: Floats = self.lat[self._by_lat]

    def __len__(self) -> int:
        return len(self.order)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """South, west, north and east of all points; None without any."""
        if not len(self.order):
            return None
        lat, lon = self.lat, self.lon
        return float(lat.min()), float(lon.min()), float(lat.max()), float(lon.max())

    def _inside(self, view: View) -> Ints:
        """Sorted positions of the points inside ``view`` (longitudes wrap around).

        The view's band of latitudes is found by bisection; only a narrow
        band's points are then looked at, so a view costs what it holds.
        """
        low = int(np.searchsorted(self._lat_sorted, view.south, side="left"))
        high = int(np.searchsorted(self._lat_sorted, view.north, side="right"))
        width = view.east - view.west
        if width >= 360.0 and high - low == len(self.order):
            return np.arange(len(self.order), dtype=np.int64)
        if high - low > BAND_SCAN_OVER * len(self.order):
            mask = (self.lat >= view.south) & (self.lat <= view.north)
            if width < 360.0:
                mask &= np.mod(self.lon - view.west, 360.0) <= width
            return np.flatnonzero(mask).astype(np.int64)
        band = self._by_lat[low:high]
        if width < 360.0:
            band = band[np.mod(self.lon[band] - view.west, 360.0) <= width]
        return np.sort(band)

    def features(self, view: View, *, pin_budget: int = PIN_BUDGET) -> Features:
        """The pins and clusters to draw for ``view``: never more than ``pin_budget`` pins.

        All points in view are pins when they fit the budget. Otherwise they
        are grouped by grid cell (64 px at the view's zoom); cells of one
        point, and cells whose points all lie at one spot (which no zoom
        would separate), become pins while the budget lasts, smallest first;
        every other cell is a cluster.
        """
        inside = self._inside(view)
        total = len(inside)
        if total <= pin_budget:
            return Features(np.sort(self.order[inside]), (), total)
        level = min(max(view.zoom + CELL_LEVELS, 0), LEVELS)
        cells = self.keys[inside] >> np.uint64(2 * (LEVELS - level))
        starts = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1]])
        counts = np.diff(np.r_[starts, total])
        lat, lon = self.lat[inside], self.lon[inside]
        south, north = np.minimum.reduceat(lat, starts), np.maximum.reduceat(lat, starts)
        west, east = np.minimum.reduceat(lon, starts), np.maximum.reduceat(lon, starts)
        one_spot = (south == north) & (west == east)
        candidates = np.flatnonzero(one_spot)  # a cell of one point is at one spot too
        by_size = candidates[np.argsort(counts[candidates], kind="stable")]
        fits = np.cumsum(counts[by_size]) <= pin_budget
        as_pins = np.zeros(len(starts), dtype=bool)
        as_pins[by_size[fits]] = True
        cell_of = np.repeat(np.arange(len(starts)), counts)
        pinned = as_pins[cell_of]
        rows = np.sort(self.order[inside[pinned]])
        clustered = np.flatnonzero(~as_pins)
        shares = self._shares(cell_of[~pinned], self.groups[inside[~pinned]])
        sums_lat = np.add.reduceat(lat, starts)
        sums_lon = np.add.reduceat(lon, starts)
        clusters = tuple(
            Cluster(
                lat=round(float(sums_lat[c] / counts[c]), 5),
                lon=round(float(sums_lon[c] / counts[c]), 5),
                count=int(counts[c]),
                bounds=(float(south[c]), float(west[c]), float(north[c]), float(east[c])),
                shares=shares.get(int(c), ()),
            )
            for c in clustered.tolist()
        )
        return Features(rows, clusters, total)

    def _shares(self, cells: Ints, groups: Ints) -> dict[int, tuple[tuple[int, int], ...]]:
        """Per cell, its biggest groups and their point counts (ties: lower group first)."""
        if not len(cells):
            return {}
        width = max(self.group_count, 1)
        count = int(cells.max()) + 1
        if count * width <= min(TALLY_CELLS, len(cells)):  # a table, no sort of the points
            table = np.bincount(cells * width + groups, minlength=count * width)
            table = table.reshape(count, width)
            keep = min(SHARES, width)
            ranked = np.argsort(-table, axis=1, kind="stable")[:, :keep]  # stable: lower first
            top = np.take_along_axis(table, ranked, axis=1)
            used = np.flatnonzero(top[:, 0])
            return {
                c: tuple((g, n) for g, n in zip(gs, ns, strict=True) if n)
                for c, gs, ns in zip(
                    used.tolist(), ranked[used].tolist(), top[used].tolist(), strict=True
                )
            }
        pairs, tally = np.unique(cells * width + groups, return_counts=True)
        cell, group = pairs // width, pairs % width
        order = np.lexsort((group, -tally, cell))
        cell, group, tally = cell[order], group[order], tally[order]
        first = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
        rank = np.arange(len(cell)) - np.repeat(first, np.diff(np.r_[first, len(cell)]))
        keep_rank = rank < SHARES
        out: dict[int, list[tuple[int, int]]] = {}
        for c, g, n in zip(
            cell[keep_rank].tolist(), group[keep_rank].tolist(), tally[keep_rank].tolist(),
            strict=True,
        ):  # fmt: skip
            out.setdefault(c, []).append((g, n))
        return {c: tuple(v) for c, v in out.items()}
