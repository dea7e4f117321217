"""The locations map: a colour per production, clusters, routes and a time player.

Pins, routes and the player are drawn by our small Leaflet script
(static/reelmap/reelmap.js) from compact JSON, because one Folium object per
pin is far too slow past a few thousand pins. Every untrusted string is
escaped here, in Python, before it reaches the page; the script only joins
the escaped pieces.

Under Streamlit, ``render_map`` keeps the base map fixed and sends the data as
st_folium's ``feature_group_to_add``, so a filter change updates the map in
place instead of rebuilding it.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby, pairwise
from typing import Any

import folium
import numpy as np
import pandas as pd

from dashboard.app.map_assets import (
    STREAMLIT_STATIC_URL,
    ReelmapCall,
    js_data,
    js_later,
    streamlit_static_url,
    use_local_assets,
)

DEFAULT_TILES = "OpenStreetMap"

# Okabe & Ito's colour-blind-safe palette, ordered so the first few differ most.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#E69F00",
    "#CC79A7",
    "#56B4E9",
    "#000000",
    "#F0E442",
)
MAX_SENTENCE = 400
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
UNCERTAIN_BELOW = 0.5

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


# ---- colours --------------------------------------------------------------


def production_colors(titles: Iterable[str]) -> dict[str, str]:
    """A colour per production, the same for the same set of titles whatever their order.

    Pass every production the app knows (not just the filtered ones) to keep a
    production's colour steady while filters change.
    """
    unique = sorted(set(titles), key=lambda t: (t.casefold(), t))
    return {title: PALETTE[i % len(PALETTE)] for i, title in enumerate(unique)}


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


def route_times(starts: Sequence[date | None], span: tuple[date, date] | None) -> list[float]:
    """Player time of each stop of a route, in days since 1970 (or stop numbers).

    Dated stops keep their start date; undated stops sit between their dated
    neighbours; a route without any date is spread over the whole span; with
    no dates anywhere (``span`` None) the stop number is the time. Times never
    go backwards along the route.
    """
    n = len(starts)
    if span is None:
        return [float(i) for i in range(n)]
    known = [(i, _epoch_day(d)) for i, d in enumerate(starts) if d is not None]
    if not known:
        lo, hi = _epoch_day(span[0]), _epoch_day(span[1])
        step = (hi - lo) / (n - 1) if n > 1 else 0.0
        return [lo + i * step for i in range(n)]
    times = [known[0][1]] * known[0][0]  # before the first date: wait for it
    for (j0, t0), (j1, t1) in pairwise(known):
        times += [t0 + (t1 - t0) * (i - j0) / (j1 - j0) for i in range(j0, j1)]
    times += [known[-1][1]] * (n - known[-1][0])  # after the last date: stay there
    for i in range(1, n):
        times[i] = max(times[i], times[i - 1])
    return times


# ---- the data sent to the page -------------------------------------------------

_FIELDS = (
    "mention_id", "production", "place_id", "place", "lat", "lon", "role", "confidence",
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


def _legend_label(title: str, color: str, count: int) -> str:
    """A production's entry in the layer control, which doubles as the legend."""
    return (
        f'<span class="rm-swatch" style="background:{color}"></span>'
        f'<span class="rm-name">{escape_for_popup(title)}</span>'
        f'<span class="rm-count">{count}</span>'
    )


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
        frame = df.loc[df["lat"].notna() & df["lon"].notna(), list(_FIELDS)]
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
        self.stop_keys = list(zip(frame["order"].tolist(), frame["place_id"].tolist(), strict=True))
        self.productions: dict[str, slice] = {}  # rows of each production
        at = 0
        for title, run in groupby(frame["production"].tolist()):
            size = sum(1 for _ in run)
            self.productions[title] = slice(at, at + size)
            at += size
        dated = [d for d in self.starts if d is not None]
        self.span = (min(dated), max(dated)) if dated else None

    def _local(self, name: str, rows: slice) -> tuple[list[int], list[Any]]:
        """A slice's codes renumbered into the table entries it uses."""
        used, codes = np.unique(self.codes[name][rows], return_inverse=True)
        table = self.tables[name]
        return codes.tolist(), [table[k] for k in used.tolist()]

    def locations(
        self, title: str, label: str, color: str
    ) -> tuple[dict[str, object], dict[str, object]]:
        """One production's pins, and the details its popups show.

        Both go column by column; the details' text columns index the tables.
        They are apart so the page can draw the pins before reading the text.
        """
        rows = self.productions[title]
        pins = {
            "label": label,
            "color": color,
            "lat": self.lat[rows],
            "lon": self.lon[rows],
            "id": self.ids[rows],
        }
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
        """One production's route: [lat, lon, player time, place] per stop, in shooting order.

        A stop is a location (order, place); it starts at the earliest start
        any of its mentions gives, and staying at the same point is no new stop.
        """
        rows = self.productions[title]
        stops: dict[tuple[object, object], list[Any]] = {}
        for i in range(rows.start, rows.stop):
            start = self.starts[i]
            stop = stops.get(self.stop_keys[i])
            if stop is None:
                place = self.tables["place"][self.codes["place"][i]]
                stops[self.stop_keys[i]] = [self.lat[i], self.lon[i], start, place]
            elif start is not None and (stop[2] is None or start < stop[2]):
                stop[2] = start
        route: list[list[Any]] = []
        for stop in stops.values():
            if not route or route[-1][:2] != stop[:2]:
                route.append(stop)
        times = route_times([stop[2] for stop in route], self.span)
        return {
            "label": label,
            "color": color,
            "axis": "order" if self.span is None else "date",
            "stops": [
                [lat, lon, t, place] for (lat, lon, _, place), t in zip(route, times, strict=True)
            ],
        }


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
        location=list(center) if center else [30.0, 10.0],
        zoom_start=zoom if zoom is not None else 2,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
    )
    use_local_assets(m, assets, folium_pins=False)
    if tiles:
        folium.TileLayer(tiles, control=False).add_to(m)
    ReelmapCall("setup", js_data({"time": True, "outline": True})).add_to(m)
    return m


@dataclass(frozen=True)
class _Production:
    """One production's legend entry and script arguments, ready to send."""

    legend: str
    pins: str
    details: str
    route: str


_CACHE_SIZE = 4
_cache: OrderedDict[tuple[object, ...], list[_Production]] = OrderedDict()
_cache_lock = threading.Lock()


def _fingerprint(df: pd.DataFrame) -> str:
    """A digest of the frame's contents (a tenth of the cost of building the map)."""
    rows = pd.util.hash_pandas_object(df.loc[:, list(_FIELDS)], index=False)
    return hashlib.blake2b(rows.to_numpy().tobytes(), digest_size=12).hexdigest()


def _productions(df: pd.DataFrame, colors: Mapping[str, str] | None) -> list[_Production]:
    """Every production's payloads, in legend order."""
    pins = _Pins(df)
    palette = production_colors(pins.productions)
    if colors:
        palette.update({t: c for t, c in colors.items() if _HEX_COLOUR.fullmatch(c)})
    out = []
    for title in sorted(pins.productions, key=lambda t: (t.casefold(), t)):
        color, label = palette[title], escape_for_popup(title)
        rows = pins.productions[title]
        where, details = pins.locations(title, label, color)
        out.append(
            _Production(
                legend=_legend_label(title, color, rows.stop - rows.start),
                pins=js_data(where, packable=True),
                details=js_later(js_data(details, packable=True)),
                route=js_data(pins.route(title, label, color), packable=True),
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
    colors: Mapping[str, str] | None = None,
    selected: int | None = None,
    fit: bool = True,
) -> list[folium.FeatureGroup]:
    """Everything that depends on the data: a group per production, then the view.

    Each production's pins and route sit in one group, toggled together from
    the legend. ``fit`` sends the pins' bounds: the map moves onto them when
    they change (not when only the selection does); ``selected`` (a mention
    id) is ringed and its popup opened.
    The payloads of the last few frames are kept: Streamlit reruns the page on
    every click, and rebuilding 100,000 pins takes about a second.
    """
    fingerprint = _fingerprint(df) if len(df) else ""
    key = (fingerprint, tuple(sorted((colors or {}).items())))
    with _cache_lock:
        productions = _cache.get(key)
        if productions is not None:
            _cache.move_to_end(key)
    if productions is None:
        productions = _productions(df, colors)
        with _cache_lock:
            _cache[key] = productions
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    groups = []
    for production in productions:
        group = folium.FeatureGroup(name=production.legend)
        ReelmapCall("locations", production.pins, production.details).add_to(group)
        ReelmapCall("route", production.route).add_to(group)
        groups.append(group)
    view = folium.FeatureGroup(name="view", control=False)
    bounds = _bounds(df) if fit else None
    ReelmapCall("view", js_data({"fit": bounds, "selected": selected})).add_to(view)
    groups.append(view)
    return groups


# ---- public entry points ----------------------------------------------------------


def build_map(
    df: pd.DataFrame,
    *,
    tiles: str | None = DEFAULT_TILES,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    selected: int | None = None,
    colors: Mapping[str, str] | None = None,
    assets: str = STREAMLIT_STATIC_URL,
) -> folium.Map:
    """The whole map as one Folium object, for saving or embedding.

    ``df`` is the store's locations frame. With no ``center``/``zoom`` the map
    fits its pins. ``assets`` is the URL the static/ folder is served at.
    """
    m = _base_map(tiles=tiles, center=center, zoom=zoom, assets=assets)
    groups = data_layers(df, colors=colors, selected=selected, fit=center is None and zoom is None)
    for group in groups:
        group.add_to(m)
    if len(groups) > 1:
        folium.LayerControl(collapsed=False).add_to(m)
    return m


@dataclass(frozen=True)
class MapState:
    """What the user did on the map, for the app's URL state."""

    selected: int | None  # mention id of the last pin clicked
    center: tuple[float, float] | None
    zoom: int | None

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
        )


def render_map(
    df: pd.DataFrame,
    *,
    tiles: str | None = DEFAULT_TILES,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    selected: int | None = None,
    colors: Mapping[str, str] | None = None,
    key: str = "reelmap-map",
    height: int = 620,
    track_view: bool = True,
) -> MapState:
    """Show the map in a Streamlit page and report clicks and the view.

    The base map never changes with the data, so st_folium keeps the same map
    and swaps the data groups in place on a filter change. The map fits new
    pins; a ``center`` and ``zoom`` (from the URL, say) are applied after that
    whenever they change, so an opened link shows its view. ``track_view``
    reruns the app on every pan so the view can go into the URL; each rerun
    sends the data again (about 1 MB per 10,000 pins).
    """
    from streamlit_folium import st_folium

    base = _base_map(tiles=tiles, center=None, zoom=None, assets=streamlit_static_url())
    groups = data_layers(df, colors=colors, selected=selected)
    returned = ["last_object_clicked_tooltip"] + (["center", "zoom"] if track_view else [])
    value = st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=returned,
        center=center,
        zoom=zoom,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=False) if len(groups) > 1 else None,
    )
    return MapState.from_component(value)
