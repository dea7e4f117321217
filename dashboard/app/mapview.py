"""The locations map: a look per production, clusters, areas, routes and a time player.

Pins, routes and the player are drawn by our small Leaflet script
(static/reelmap/reelmap.js) from compact JSON, because one Folium object per
pin is far too slow past a few thousand pins. Every untrusted string is
escaped here, in Python, before it reaches the page; the script only joins
the escaped pieces.

Country-, state- and continent-level places are drawn as hollow rings about
their size (see ``extent``), never clustered with point pins. A production's
route joins only its dated stops, in date order; it is drawn for the
productions a person picked, not on the overview.

Under Streamlit, ``render_map`` keeps the base map fixed and sends the data as
st_folium's ``feature_group_to_add``, so a filter change updates the map in
place instead of rebuilding it. Past ``AGGREGATE_OVER`` pins the page sends
only what the current view needs (``MapPoints.layers``, see ``aggregate``):
a pan or zoom then swaps those few thousand features, never the whole set.
The server indexes the store's lean map rows and reads the popup text
(sentence, article) of the pins it sends alone, by id.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from typing import Any

import folium
import numpy as np
import pandas as pd

from dashboard.app.aggregate import PIN_BUDGET, Cluster, Features, PointIndex, View
from dashboard.app.extent import area_radius_m, drop_covered_areas
from dashboard.app.map_assets import (
    STREAMLIT_STATIC_URL,
    ReelmapCall,
    js_data,
    js_later,
    streamlit_static_url,
    use_local_assets,
)
from dashboard.app.palette import SHAPES, Look, production_looks

DEFAULT_TILES = "OpenStreetMap"
# Where a freshly mounted map starts, before it fits its pins.
START_CENTER = (30.0, 10.0)
START_ZOOM = 2
MAX_SENTENCE = 400
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
UNCERTAIN_BELOW = 0.5
# Past this many drawn pins the server aggregates by view instead of sending them all.
AGGREGATE_OVER = 5_000
OTHERS_COLOR = "#9a9a9a"  # a cluster's productions past the ones it names
FIT_MAX_ZOOM = 9  # reelmap.js fits the pins no closer than this
VIEWS_KEPT = 16  # views whose features a large map keeps ready (MapPoints.view_layers)

_WEB_URL = re.compile(r"https?://[^/\s?#]", re.IGNORECASE)
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_CLICKED = re.compile(r"rm:(\d+)\b")


# ---- escaping -------------------------------------------------------------


def escape_for_popup(text: object) -> str:
    """Escape text for Leaflet popups, tooltips and layer names.

    ``html.escape`` is not enough: Folium places popup and tooltip text inside
    JavaScript template literals, where a backtick ends the literal and ``${...}``
    runs code, and a backslash can undo the escape that follows it. Braces go
    too: branca compiles rendered scripts as Jinja templates, so ``{{ ... }}``
    in text would run on the server.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    escaped = html.escape(str(text), quote=True)
    return (
        escaped.replace("\\", "&#92;")
        .replace("`", "&#96;")
        .replace("$", "&#36;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def safe_url(url: object) -> str | None:
    """An escaped http(s) link, or None for anything else (javascript:, data:, relative)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return escape_for_popup(url) if _WEB_URL.match(url) else None


# ---- looks ----------------------------------------------------------------


def map_looks(df: pd.DataFrame) -> dict[str, Look]:
    """A look per production on this map, the ones with most pins first."""
    if df.empty:
        return {}
    counts = df["production"].value_counts(sort=False)  # a categorical's unused ones count 0
    return production_looks({str(k): int(v) for k, v in counts.items() if v})


# ---- dates and route timing ------------------------------------------------


def _as_date(value: object) -> date | None:
    """Dates arrive as date, datetime, Timestamp, ISO string, None or NaT."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):  # Timestamp is a datetime
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


def format_day(day: date | None, precision: str | None = "day") -> str:
    """A date as precise as it is known: "8 Oct 2020", "Oct 2020" or "2020"."""
    if day is None:
        return ""
    if precision == "year":
        return str(day.year)
    month = f"{_MONTHS[day.month - 1]} {day.year}"
    return month if precision == "month" else f"{day.day} {month}"


def format_when(start: date | None, end: date | None, precision: str | None) -> str:
    """The span a location was (or will be) shot, as text."""
    first, last = format_day(start, precision), format_day(end, precision)
    if first and last and last != first:
        return f"{first} – {last}"
    if first:
        return first
    return f"until {last}" if last else ""


def _epoch_day(day: date) -> float:
    return float(day.toordinal() - date(1970, 1, 1).toordinal())


# ---- the data sent to the page -------------------------------------------------

_FIELDS = (
    "mention_id", "production", "place_id", "place", "country", "kind", "lat", "lon", "role",
    "confidence",
    "status", "approximate", "start", "end", "precision", "sentence", "article_id",
    "article_title", "outlet", "published", "url", "order",
)  # fmt: skip


def _sentence_html(sentence: object) -> str:
    text = "" if sentence is None or sentence != sentence else str(sentence)  # None or NaN
    if len(text) > MAX_SENTENCE:
        text = text[: MAX_SENTENCE - 1].rsplit(" ", 1)[0] + " …"
    return escape_for_popup(text)


def _escaped(column: str) -> Callable[[pd.DataFrame], list[str]]:
    return lambda rows: [escape_for_popup(value) for value in rows[column].tolist()]


def _whens(rows: pd.DataFrame) -> list[str]:
    spans = zip(
        rows["start"].tolist(), rows["end"].tolist(), rows["precision"].tolist(), strict=True
    )
    return [escape_for_popup(format_when(_as_date(s), _as_date(e), p)) for s, e, p in spans]


def _articles(rows: pd.DataFrame) -> list[list[str]]:
    """[link or "", title, outlet · date] per article."""
    out = []
    for title, url, outlet, published in zip(
        rows["article_title"].tolist(), rows["url"].tolist(), rows["outlet"].tolist(),
        rows["published"].tolist(), strict=True,
    ):  # fmt: skip
        byline = (escape_for_popup(outlet), format_day(_as_date(published)))
        title = escape_for_popup(title or "Untitled article")
        out.append([safe_url(url) or "", title, " · ".join(p for p in byline if p)])
    return out


def _legend_label(title: str, look: Look, count: int) -> str:
    """A production's entry in the layer control, which doubles as the legend."""
    return (
        f'<span class="rm-swatch rm-shape-{look.shape}" style="background:{look.color}"></span>'
        f'<span class="rm-name">{escape_for_popup(title)}</span>'
        f'<span class="rm-count">{count}</span>'
    )


_PLACE_DEFAULTS = {"kind": "city", "country": "", "admin1": ""}


def map_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The rows a map draws: placeable ones, areas covered by finer places left out.

    Frames without a ``kind`` column (made by hand) count as point places.
    """
    placed = df["lat"].notna() & df["lon"].notna()
    frame = df if placed.all() else df.loc[placed]  # no copy of a million rows for nothing
    missing = {k: v for k, v in _PLACE_DEFAULTS.items() if k not in frame.columns}
    return drop_covered_areas(frame.assign(**missing) if missing else frame)


class _Pins:
    """The placeable rows in production then shooting order, ready to send.

    Places, roles, dates, statuses and articles repeat across many pins: each
    distinct one is escaped once (in ``tables``) and rows refer to it by code,
    so a production's payload carries only the entries its pins use. This
    keeps 100,000 pins to about a second of Python.
    """

    # (name of the codes column, name of its table, key columns, table maker)
    _TABLES: tuple[tuple[str, str, list[str], Callable[[pd.DataFrame], list[Any]]], ...] = (
        ("place", "places", ["place"], _escaped("place")),
        ("role", "roles", ["role"], _escaped("role")),
        ("status", "statuses", ["status"], _escaped("status")),
        ("when", "whens", ["start", "end", "precision"], _whens),
        ("art", "arts", ["article_id"], _articles),
    )

    def __init__(self, df: pd.DataFrame) -> None:
        frame = map_frame(df).loc[:, list(_FIELDS)]
        frame = frame.assign(production=frame["production"].astype(str))
        frame = frame.sort_values(["production", "order", "mention_id"], kind="stable")
        self.codes: dict[str, np.ndarray] = {}
        self.tables: dict[str, list[Any]] = {}
        for name, _, keys, make in self._TABLES:
            codes = frame.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
            self.codes[name] = codes
            self.tables[name] = make(frame.iloc[np.unique(codes, return_index=True)[1]])
        self.lat = frame["lat"].astype(float).round(5).tolist()
        self.lon = frame["lon"].astype(float).round(5).tolist()
        self.ids = frame["mention_id"].astype(int).tolist()
        self.conf = (frame["confidence"].astype(float) * 100).round().astype(int).tolist()
        self.approx = frame["approximate"].eq(True).astype(int).tolist()
        self.text = [_sentence_html(s) for s in frame["sentence"].tolist()]
        self.starts = [_as_date(d) for d in frame["start"].tolist()]
        self.area = [
            round(area_radius_m(str(k), str(c or "")))
            for k, c in zip(frame["kind"].tolist(), frame["country"].tolist(), strict=True)
        ]
        self.stop_keys = list(zip(frame["order"].tolist(), frame["place_id"].tolist(), strict=True))
        self.productions: dict[str, slice] = {}  # rows of each production
        at = 0
        for title, run in groupby(frame["production"].tolist()):
            size = sum(1 for _ in run)
            self.productions[title] = slice(at, at + size)
            at += size

    def _local(self, name: str, rows: slice) -> tuple[list[int], list[Any]]:
        """A slice's codes renumbered into the table entries it uses."""
        used, codes = np.unique(self.codes[name][rows], return_inverse=True)
        table = self.tables[name]
        return codes.tolist(), [table[k] for k in used.tolist()]

    def locations(
        self, title: str, label: str, look: Look
    ) -> tuple[dict[str, object], dict[str, object]]:
        """One production's pins, and the details its popups show.

        Both go column by column; the details' text columns index the tables.
        They are apart so the page can draw the pins before reading the text.
        """
        rows = self.productions[title]
        pins: dict[str, object] = {
            "label": label,
            "color": look.color,
            "shape": look.shape,
            "lat": self.lat[rows],
            "lon": self.lon[rows],
            "id": self.ids[rows],
        }
        areas = self.area[rows]
        if any(areas):
            pins["area"] = areas  # metres; 0 for a point
        details: dict[str, object] = {
            "uncertain": round(UNCERTAIN_BELOW * 100),
            "approx": self.approx[rows],
            "conf": self.conf[rows],
            "text": self.text[rows],
        }
        for name, table, *_ in self._TABLES:
            details[name], details[table] = self._local(name, rows)
        return pins, details

    def route(self, title: str, label: str, color: str) -> dict[str, object]:
        """One production's route: its dated stops in date order, and how many places are undated.

        Each dated mention is a stop at its start date; staying at the same
        point is no new stop. A place none of whose mentions has a date stays
        a pin but is not joined: where it falls in the shoot is not known.
        Each stop is [lat, lon, day (days since 1970), place].
        """
        rows = range(self.productions[title].start, self.productions[title].stop)
        dated = sorted(
            (i for i in rows if self.starts[i] is not None),
            key=lambda i: (self.starts[i], self.stop_keys[i]),
        )
        route: list[list[Any]] = []
        for i in dated:
            day = self.starts[i]
            if day is not None and (not route or route[-1][:2] != [self.lat[i], self.lon[i]]):
                place = self.tables["place"][self.codes["place"][i]]
                route.append([self.lat[i], self.lon[i], _epoch_day(day), place])
        seen = {self.stop_keys[i][1] for i in dated}
        undated = {self.stop_keys[i][1] for i in rows if self.starts[i] is None} - seen
        return {"label": label, "color": color, "stops": route, "undated": len(undated)}


# ---- Folium elements ------------------------------------------------------------


def _base_map(
    *,
    tiles: str | None,
    center: tuple[float, float] | None,
    zoom: int | None,
    assets: str,
) -> folium.Map:
    """The map without data: tiles, outline, player and local assets."""
    m = folium.Map(
        location=list(center) if center else list(START_CENTER),
        zoom_start=zoom if zoom is not None else START_ZOOM,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
    )
    use_local_assets(m, assets, folium_pins=False)
    if tiles:
        folium.TileLayer(tiles, control=False).add_to(m)
    ReelmapCall("setup", js_data({"time": True, "outline": True, "shapes": SHAPES})).add_to(m)
    return m


@dataclass(frozen=True)
class _Production:
    """One production's legend entry and script arguments, ready to send."""

    legend: str
    pins: str
    details: str
    route: str  # drawn only when routes are asked for


_CACHE_SIZE = 4
_cache: OrderedDict[tuple[object, ...], list[_Production]] = OrderedDict()
_cache_lock = threading.Lock()


def _fingerprint(df: pd.DataFrame) -> str:
    """A digest of the frame's contents (a tenth of the cost of building the map)."""
    columns = [c for c in _FIELDS if c in df.columns]
    rows = pd.util.hash_pandas_object(df.loc[:, columns], index=False)
    return hashlib.blake2b(rows.to_numpy().tobytes(), digest_size=12).hexdigest()


def _productions(df: pd.DataFrame, looks: Mapping[str, Look] | None) -> list[_Production]:
    """Every production's payloads, in legend order."""
    pins = _Pins(df)
    chosen = production_looks({t: r.stop - r.start for t, r in pins.productions.items()})
    for title, look in (looks or {}).items():
        if title in chosen and _HEX_COLOUR.fullmatch(look.color) and look.shape in SHAPES:
            chosen[title] = look
    out = []
    for title in sorted(pins.productions, key=lambda t: (t.casefold(), t)):
        look, label = chosen[title], escape_for_popup(title)
        rows = pins.productions[title]
        where, details = pins.locations(title, label, look)
        out.append(
            _Production(
                legend=_legend_label(title, look, rows.stop - rows.start),
                pins=js_data(where, packable=True),
                details=js_later(js_data(details, packable=True)),
                route=js_data(pins.route(title, label, look.color), packable=True),
            )
        )
    return out


def _bounds(df: pd.DataFrame) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the pins, or None without any."""
    placed = df.loc[df["lat"].notna() & df["lon"].notna(), ["lat", "lon"]].astype(float)
    if placed.empty:
        return None
    low, high = placed.min(), placed.max()
    return [[float(low["lat"]), float(low["lon"])], [float(high["lat"]), float(high["lon"])]]


def data_layers(
    df: pd.DataFrame,
    *,
    looks: Mapping[str, Look] | None = None,
    selected: int | None = None,
    fit: bool = True,
    routes: bool = True,
    data_key: Hashable | None = None,
) -> list[folium.FeatureGroup]:
    """Everything that depends on the data: a group per production, then the view.

    Each production's pins and (with ``routes``) route sit in one group,
    toggled together from the legend. ``fit`` sends the pins' bounds: the map
    moves onto them when they change (not when only the selection does);
    ``selected`` (a mention id) is ringed and its popup opened. ``looks``
    overrides the look given to a production on this map.
    The payloads of the last few frames are kept: Streamlit reruns the page on
    every click, and rebuilding 100,000 pins takes about a second. They are
    found again by ``data_key`` (say the store revision and the filters, which
    determine the frame), or else by a digest of the frame's contents, which
    costs a tenth of a build on every rerun.
    """
    fingerprint = data_key if data_key is not None else _fingerprint(df) if len(df) else ""
    key = (fingerprint, tuple(sorted((looks or {}).items())))
    with _cache_lock:
        productions = _cache.get(key)
        if productions is not None:
            _cache.move_to_end(key)
    if productions is None:
        productions = _productions(df, looks)
        with _cache_lock:
            _cache[key] = productions
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    groups = []
    bounds = _bounds(map_frame(df)) if fit and len(df) else None
    view_args = js_data({"fit": bounds, "selected": selected})
    # Names that depend only on what is drawn: st_folium re-adds the layers
    # only when their script text changes, so a rerun with the same data
    # (the person panned, say) costs the page nothing.
    stable = _digest(repr((key, routes, view_args)))
    for n, production in enumerate(productions):
        group = folium.FeatureGroup(name=production.legend)
        group._id = f"{stable}{n}"
        ReelmapCall("locations", production.pins, production.details).add_to(group)
        if routes:
            ReelmapCall("route", production.route).add_to(group)
        groups.append(group)
    view = folium.FeatureGroup(name="view", control=False)
    view._id = f"{stable}v"
    ReelmapCall("view", view_args).add_to(view)
    groups.append(view)
    return groups


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def legend_control(groups: Sequence[folium.FeatureGroup]) -> folium.LayerControl | None:
    """The layer control that lists the groups (the legend), named after them."""
    if len(groups) < 2:
        return None
    control = folium.LayerControl(collapsed=False)
    control._id = _digest(" ".join(g.get_name() for g in groups))
    return control


# ---- large sets: what the current view needs ---------------------------------------


def _cluster_data(
    clusters: Sequence[Cluster], titles: Sequence[str], looks: Mapping[str, Look]
) -> dict[str, object]:
    """The clusters, column by column; a ring's shares as [colour, pins], "others" last."""
    shares = []
    for cluster in clusters:
        ring = [
            [looks[titles[g]].color if titles[g] in looks else OTHERS_COLOR, n]
            for g, n in cluster.shares
        ]
        rest = cluster.count - sum(n for _, n in cluster.shares)
        shares.append([*ring, [OTHERS_COLOR, rest]] if rest else ring)
    return {
        "lat": [c.lat for c in clusters],
        "lon": [c.lon for c in clusters],
        "count": [c.count for c in clusters],
        "bounds": [[round(v, 5) for v in c.bounds] for c in clusters],
        "shares": shares,
    }


def title_codes(titles: pd.Series) -> tuple[np.ndarray, tuple[str, ...]]:
    """Each row's title as a code into the sorted distinct titles.

    A categorical (the store's map rows) is recoded through its categories,
    without making a string per row, which for a million rows is most of the
    cost of indexing them.
    """
    if isinstance(titles.dtype, pd.CategoricalDtype):
        used = titles.cat.remove_unused_categories()
        codes = used.cat.codes.to_numpy()
        if not (codes < 0).any():
            names = [str(c) for c in used.cat.categories]
            order = sorted(range(len(names)), key=names.__getitem__)
            rank = np.empty(len(names), dtype=np.int64)
            rank[order] = np.arange(len(names))
            return rank[codes], tuple(names[i] for i in order)
    codes, uniques = pd.factorize(titles.astype(str), sort=True)
    return codes, tuple(str(t) for t in uniques)


class MapPoints:
    """A large frame's drawn pins, indexed for views: built once per store revision and filters.

    The page keeps one per (revision, filters) in memory and asks it, on every
    rerun, only for the features of the view on screen. ``df`` may be the
    store's lean map rows (``queries.map_locations``): then ``details`` turns
    some of its rows into full ``locations`` rows, with the text popups show,
    and only the pins drawn (or, for a small map, all of them) are ever read
    in full. Without ``details``, ``df`` must be full rows already.
    """

    def __init__(
        self, df: pd.DataFrame, details: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    ) -> None:
        drawn = map_frame(df)
        self.frame = df
        self.drawn = drawn
        self._details = details
        self._full: pd.DataFrame | None = None
        codes, self.titles = title_codes(drawn["production"])
        self.looks = map_looks(drawn)
        self.index = PointIndex(
            drawn["lat"].to_numpy(dtype=float), drawn["lon"].to_numpy(dtype=float), codes
        )
        ids = drawn["mention_id"].to_numpy(dtype=np.int64)
        self._id_order = np.argsort(ids, kind="stable")
        self._ids = ids[self._id_order]
        self._all_ids = np.sort(df["mention_id"].to_numpy(dtype=np.int64))
        self._views: OrderedDict[tuple[View, int | None, bool], _ViewPayload] = OrderedDict()
        self._views_lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.drawn)

    def known(self, mention_id: int | None) -> bool:
        """Whether the mention is among the locations (drawn or not: a covered area is not)."""
        if mention_id is None or not len(self._all_ids):
            return False
        at = int(np.searchsorted(self._all_ids, mention_id))
        return at < len(self._all_ids) and int(self._all_ids[at]) == mention_id

    def position(self, mention_id: int | None) -> int | None:
        """Where a mention's pin is among the drawn rows (None: not drawn)."""
        if mention_id is None or not len(self._ids):
            return None
        at = int(np.searchsorted(self._ids, mention_id))
        if at < len(self._ids) and int(self._ids[at]) == mention_id:
            return int(self._id_order[at])
        return None

    def features(self, view: View) -> Features:
        return self.index.features(view, pin_budget=PIN_BUDGET)

    def complete(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Some of the frame's rows as full ``locations`` rows (with their popup text)."""
        return rows if self._details is None else self._details(rows)

    def full(self) -> pd.DataFrame:
        """Every row in full, read once: for a map small enough to send every pin."""
        if self._full is None:
            self._full = self.complete(self.frame)
        return self._full

    def layers(
        self,
        features: Features,
        *,
        selected: int | None = None,
        fit: bool = True,
        zoom: int | None = None,
    ) -> list[folium.FeatureGroup]:
        """Three groups: the view's pins (all productions in one), its clusters, the view.

        ``zoom`` is the zoom the features were made for: the map states it, so a
        reader (or a test) can tell features for the view on screen from late ones.

        One group for the pins, whatever the number of productions: st_folium
        re-adds every group on a change, and a legend row per production
        means nothing at this size (the side panel names the biggest ones).
        The selected pin is always sent, so its popup opens wherever it is.
        """
        return self._payload(features, selected, fit, zoom).groups()

    def view_layers(
        self, view: View, *, selected: int | None = None, fit: bool = True
    ) -> list[folium.FeatureGroup]:
        """``layers(features(view))``, remembered for the last few views.

        Every visitor's first view of the same filters is the same one, and a
        rerun that does not move the map (a click, a resize) asks again for
        the view it has: those cost a lookup instead of a tenth of a second.
        """
        key = (view, selected, fit)
        with self._views_lock:
            payload = self._views.get(key)
            if payload is not None:
                self._views.move_to_end(key)
        if payload is None:
            payload = self._payload(self.features(view), selected, fit, view.zoom)
            with self._views_lock:
                self._views[key] = payload
                while len(self._views) > VIEWS_KEPT:
                    self._views.popitem(last=False)
        return payload.groups()

    def _payload(
        self, features: Features, selected: int | None, fit: bool, zoom: int | None
    ) -> _ViewPayload:
        rows = features.rows
        at = self.position(selected)
        if at is not None and at not in set(rows.tolist()):
            rows = np.sort(np.r_[rows, at])
        productions = (
            _productions(self.complete(self.drawn.iloc[rows]), self.looks) if len(rows) else []
        )
        data = _cluster_data(features.clusters, self.titles, self.looks)
        bounds = self.index.bounds()
        fitted = [[bounds[0], bounds[1]], [bounds[2], bounds[3]]] if fit and bounds else None
        token = _digest(repr((rows.tolist(), data, fitted, selected)))
        opts = {"fit": fitted, "selected": selected, "token": token, "zoom": zoom}
        return _ViewPayload(
            pins=tuple((p.pins, p.details) for p in productions),
            clusters=js_data(data, packable=True),
            view=js_data(opts),
        )


@dataclass(frozen=True)
class _ViewPayload:
    """One view's script arguments, ready to send (see ``MapPoints.layers``)."""

    pins: tuple[tuple[str, str], ...]  # per production: its pins and their details
    clusters: str
    view: str

    def groups(self) -> list[folium.FeatureGroup]:
        """Fresh Folium groups around the arguments (st_folium renames and moves its groups)."""
        pins = folium.FeatureGroup(name="pins", control=False)
        for where, details in self.pins:
            ReelmapCall("locations", where, details).add_to(pins)
        clusters = folium.FeatureGroup(name="clusters", control=False)
        ReelmapCall("clusters", self.clusters).add_to(clusters)
        view = folium.FeatureGroup(name="view", control=False)
        ReelmapCall("view", self.view).add_to(view)
        return [pins, clusters, view]


# ---- public entry points ----------------------------------------------------------


def build_map(
    df: pd.DataFrame,
    *,
    tiles: str | None = DEFAULT_TILES,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    selected: int | None = None,
    looks: Mapping[str, Look] | None = None,
    routes: bool = True,
    assets: str = STREAMLIT_STATIC_URL,
) -> folium.Map:
    """The whole map as one Folium object, for saving or embedding.

    ``df`` is the store's locations frame. With no ``center``/``zoom`` the map
    fits its pins. ``assets`` is the URL the static/ folder is served at.
    """
    m = _base_map(tiles=tiles, center=center, zoom=zoom, assets=assets)
    fit = center is None and zoom is None
    groups = data_layers(df, looks=looks, selected=selected, fit=fit, routes=routes)
    for group in groups:
        group.add_to(m)
    control = legend_control(groups)
    if control is not None:
        control.add_to(m)
    return m


@dataclass(frozen=True)
class MapState:
    """What the user did on the map, for the app's URL state."""

    selected: int | None  # mention id of the last pin clicked
    center: tuple[float, float] | None
    zoom: int | None
    bounds: tuple[float, float, float, float] | None = None  # south, west, north, east

    @classmethod
    def from_component(cls, value: Mapping[str, Any] | None) -> MapState:
        """Read st_folium's return value (any part may be missing)."""
        value = value or {}
        found = _CLICKED.match(str(value.get("last_object_clicked_tooltip") or ""))
        centre = value.get("center") or {}
        lat, lng = centre.get("lat"), centre.get("lng")
        zoom = value.get("zoom")
        return cls(
            selected=int(found.group(1)) if found else None,
            center=(float(lat), float(lng)) if lat is not None and lng is not None else None,
            zoom=int(zoom) if isinstance(zoom, int | float) else None,
            bounds=_reported_bounds(value.get("bounds")),
        )

    def view(self) -> View | None:
        """The view the map reported, if it reported one."""
        if self.bounds is None or self.zoom is None:
            return None
        return View(*self.bounds, zoom=self.zoom)

    def at_start(self) -> bool:
        """Whether this is the position a fresh map starts at, before it fits its pins.

        st_folium reports that position as soon as the map exists; it is the
        map's doing, not the person's, and must not go into the URL.
        """
        if self.center is None or self.zoom != START_ZOOM:
            return False
        return all(abs(a - b) < 1e-6 for a, b in zip(self.center, START_CENTER, strict=True))


def _reported_bounds(value: object) -> tuple[float, float, float, float] | None:
    """st_folium's {"_southWest": {lat, lng}, "_northEast": {lat, lng}} as (s, w, n, e)."""
    if not isinstance(value, Mapping):
        return None
    low, high = value.get("_southWest"), value.get("_northEast")
    if not isinstance(low, Mapping) or not isinstance(high, Mapping):
        return None
    corners = (low.get("lat"), low.get("lng"), high.get("lat"), high.get("lng"))
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in corners):
        return None
    south, west, north, east = (float(v) for v in corners)  # type: ignore[arg-type]
    return (south, west, north, east) if south <= north and west <= east else None


def render_map(
    df: pd.DataFrame,
    *,
    tiles: str | None = DEFAULT_TILES,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    selected: int | None = None,
    looks: Mapping[str, Look] | None = None,
    routes: bool = True,
    key: str = "reelmap-map",
    height: int = 620,
    track_view: bool = True,
    data_key: Hashable | None = None,
) -> MapState:
    """Show the map in a Streamlit page and report clicks and the view.

    The base map never changes with the data, so st_folium keeps the same map
    and swaps the data groups in place on a filter change. Without a
    ``center`` and ``zoom`` the map fits its pins (unless the person moved it
    meanwhile); with them (from the URL, say) it goes there instead. ``track_view``
    reruns the app on every pan so the view can go into the URL; each rerun
    sends the data again (about 1 MB per 10,000 pins). ``data_key`` names the
    frame's contents (see ``data_layers``).
    """
    fit = center is None or zoom is None
    groups = data_layers(
        df, looks=looks, selected=selected, fit=fit, routes=routes, data_key=data_key
    )
    returned = ["center", "zoom"] if track_view else []
    return _show(groups, legend_control(groups), tiles, center, zoom, key, height, returned)


def render_view_map(
    points: MapPoints,
    view: View,
    *,
    tiles: str | None = DEFAULT_TILES,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    selected: int | None = None,
    key: str = "reelmap-map",
    height: int = 620,
    track_view: bool = True,
) -> MapState:
    """Show what ``view`` needs of a large set (see ``MapPoints``), as ``render_map`` does.

    The map reports its bounds back; the page asks for the features of the
    new view on the rerun a pan or zoom causes, and only those travel.
    """
    fit = center is None or zoom is None
    groups = points.view_layers(view, selected=selected, fit=fit)
    returned = ["center", "zoom", "bounds"] if track_view else ["bounds"]
    return _show(groups, None, tiles, center, zoom, key, height, returned)


def _show(
    groups: list[folium.FeatureGroup],
    control: folium.LayerControl | None,
    tiles: str | None,
    center: tuple[float, float] | None,
    zoom: int | None,
    key: str,
    height: int,
    returned: list[str],
) -> MapState:
    """st_folium on the fixed base map; ``returned``: what a move reports (and reruns for)
    besides clicks. Only the aggregated map asks for bounds: a resize changes them,
    and every extra rerun is one more moment a click can be lost in."""
    from streamlit_folium import st_folium

    base = _base_map(tiles=tiles, center=None, zoom=None, assets=streamlit_static_url())
    value = st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=["last_object_clicked_tooltip", *returned],
        center=center,
        zoom=zoom,
        feature_group_to_add=groups,
        layer_control=control,
    )
    return MapState.from_component(value)
