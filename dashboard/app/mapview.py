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
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import folium
import pandas as pd
from folium.template import Template

from dashboard.app.map_assets import STREAMLIT_STATIC_URL, streamlit_static_url, use_local_assets

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

_MORE_ENTITIES = (("\\", "&#92;"), ("`", "&#96;"), ("$", "&#36;"), ("{", "&#123;"), ("}", "&#125;"))
_TEMPLATE_TAG = re.compile(r"\{(?=[{%#])")
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
    for char, entity in _MORE_ENTITIES:
        escaped = escaped.replace(char, entity)
    return escaped


def safe_url(url: object) -> str | None:
    """An escaped http(s) link, or None for anything else (javascript:, data:, relative)."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return escape_for_popup(parts.geturl())


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element and inert to Jinja."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e")
    # In JSON "{{", "{%" and "{#" can only sit inside strings; keep them from
    # ever reading as Jinja tags (see escape_for_popup).
    return _TEMPLATE_TAG.sub(r"\\u007b", text)


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


class _Mention(NamedTuple):
    """One row of the locations frame, as the map needs it."""

    mention_id: int
    production: str
    place_id: object
    place: object
    lat: float
    lon: float
    role: object
    confidence: float
    status: object
    approximate: object
    start: object
    end: object
    precision: str | None
    sentence: object
    article_id: object
    article_title: object
    outlet: object
    published: object
    url: object
    order: int


def _mentions(df: pd.DataFrame) -> list[_Mention]:
    """The rows that can be placed, in production then shooting order."""
    if df.empty:
        return []
    frame = df.loc[df["lat"].notna() & df["lon"].notna(), list(_Mention._fields)]
    frame = frame.sort_values(["production", "order", "mention_id"], kind="stable")
    columns = [frame[name].tolist() for name in _Mention._fields]
    return [_Mention._make(values) for values in zip(*columns, strict=True)]


# Places, roles, outlets and dates repeat across thousands of rows: escape each once.
_escape_repeated = lru_cache(maxsize=16_384)(escape_for_popup)


@lru_cache(maxsize=16_384)
def _place_html(place: object, approximate: object) -> str:
    note = ' <span class="rm-approx">(approximate)</span>' if approximate is True else ""
    return _escape_repeated(place) + note


@lru_cache(maxsize=16_384)
def _meta_html(
    role: object, start: object, end: object, precision: str | None, percent: int, status: object
) -> str:
    """Role, dates, confidence and review status on one line."""
    when = format_when(_as_date(start), _as_date(end), precision)
    sure = f"confidence {percent}%"
    if percent < UNCERTAIN_BELOW * 100:
        sure = f'<span class="rm-uncertain">uncertain, {sure}</span>'
    parts = (_escape_repeated(role), escape_for_popup(when), sure, _escape_repeated(status))
    return " · ".join(p for p in parts if p)


def _sentence_html(sentence: object) -> str:
    text = "" if sentence is None or sentence != sentence else str(sentence)  # None or NaN
    if len(text) > MAX_SENTENCE:
        text = text[: MAX_SENTENCE - 1].rsplit(" ", 1)[0] + " …"
    return escape_for_popup(text)


def _article_html(m: _Mention) -> str:
    """The article a pin came from: linked title, outlet and date."""
    title = escape_for_popup(m.article_title or "Untitled article")
    link = safe_url(m.url)
    if link:
        title = f'<a href="{link}" target="_blank" rel="noopener noreferrer">{title}</a>'
    byline = (_escape_repeated(m.outlet), format_day(_as_date(m.published)))
    return f'<div class="rm-src">{title}<br>{" · ".join(p for p in byline if p)}</div>'


def legend_label(title: str, color: str, count: int) -> str:
    """A production's entry in the layer control, which doubles as the legend."""
    return (
        f'<span class="rm-swatch" style="background:{color}"></span>'
        f'<span class="rm-name">{escape_for_popup(title)}</span>'
        f'<span class="rm-count">{count}</span>'
    )


class _Table:
    """Distinct strings, sent once and referred to by index."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def add(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.items)
            self.items.append(text)
        return self._index[text]


def _locations_payload(label: str, color: str, mentions: list[_Mention]) -> dict[str, object]:
    """A production's pins: [lat, lon, id, place, article, meta, sentence] with shared tables."""
    places, articles, metas = _Table(), _Table(), _Table()
    article_refs: dict[object, int] = {}
    points = []
    for m in mentions:
        if m.article_id not in article_refs:
            article_refs[m.article_id] = articles.add(_article_html(m))
        percent = round(float(m.confidence) * 100)
        meta = _meta_html(m.role, m.start, m.end, m.precision, percent, m.status)
        points.append(
            [
                round(float(m.lat), 5),
                round(float(m.lon), 5),
                int(m.mention_id),
                places.add(_place_html(m.place, m.approximate)),
                article_refs[m.article_id],
                metas.add(meta),
                _sentence_html(m.sentence),
            ]
        )
    return {
        "label": label,
        "color": color,
        "places": places.items,
        "arts": articles.items,
        "metas": metas.items,
        "pts": points,
    }


def _route_stops(mentions: list[_Mention]) -> list[tuple[float, float, date | None, str]]:
    """One stop per location in shooting order, with its earliest known start."""
    stops: dict[tuple[object, object], tuple[float, float, date | None, str]] = {}
    for m in mentions:  # already in shooting order
        key = (m.order, m.place_id)
        start = _as_date(m.start)
        if key in stops:
            lat, lon, known, place = stops[key]
            if start is not None and (known is None or start < known):
                stops[key] = (lat, lon, start, place)
        else:
            place = _place_html(m.place, m.approximate)
            stops[key] = (round(float(m.lat), 5), round(float(m.lon), 5), start, place)
    route: list[tuple[float, float, date | None, str]] = []
    for stop in stops.values():
        if route and route[-1][:2] == stop[:2]:
            continue  # staying put is not a leg
        route.append(stop)
    return route


def _route_payload(
    label: str, color: str, mentions: list[_Mention], span: tuple[date, date] | None
) -> dict[str, object]:
    """A production's route: [lat, lon, player time, place] per stop."""
    stops = _route_stops(mentions)
    times = route_times([start for _, _, start, _ in stops], span)
    route = [[lat, lon, t, place] for (lat, lon, _, place), t in zip(stops, times, strict=True)]
    return {
        "label": label,
        "color": color,
        "axis": "order" if span is None else "date",
        "stops": route,
    }


# ---- Folium elements ------------------------------------------------------------


class _Text(folium.Element):
    """Ready-made script text for the page.

    Branca would compile a rendered script as a Jinja template, evaluating any
    ``{{ }}`` that came from the data; this element hands its text over as is.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


class _Call(folium.MacroElement):
    """One call into reelmap.js, with its parent map or group and a JSON argument."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Reelmap.{{ this.function }}({{ this._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, payload: object) -> None:
        super().__init__()
        self._name = "ReelmapCall"
        self.function = function
        self.payload = _script_json(payload)

    def render(self, **kwargs: object) -> None:
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(_Text(script), name=self.get_name())


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
    use_local_assets(m, assets)
    if tiles:
        folium.TileLayer(tiles, control=False).add_to(m)
    _Call("setup", {"time": True, "outline": True}).add_to(m)
    return m


def _production_group(
    title: str, color: str, mentions: list[_Mention], span: tuple[date, date] | None
) -> folium.FeatureGroup:
    """One production's pins and route, toggled together from the legend."""
    label = escape_for_popup(title)
    group = folium.FeatureGroup(name=legend_label(title, color, len(mentions)))
    _Call("locations", _locations_payload(label, color, mentions)).add_to(group)
    _Call("route", _route_payload(label, color, mentions, span)).add_to(group)
    return group


def data_layers(
    df: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    selected: int | None = None,
    fit: bool = True,
) -> list[folium.FeatureGroup]:
    """Everything that depends on the data: a group per production, then the view.

    ``fit`` moves the map onto the pins whenever the set of pins changes;
    ``selected`` (a mention id) is highlighted and its popup opened.
    """
    mentions = _mentions(df)
    by_production: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_production.setdefault(str(m.production), []).append(m)
    palette = production_colors(by_production)
    if colors:
        palette.update({t: c for t, c in colors.items() if _HEX_COLOUR.fullmatch(c)})
    starts = [d for d in (_as_date(m.start) for m in mentions) if d is not None]
    span = (min(starts), max(starts)) if starts else None
    groups = [
        _production_group(title, palette[title], by_production[title], span)
        for title in sorted(by_production, key=lambda t: (t.casefold(), t))
    ]
    ids = sorted(int(m.mention_id) for m in mentions)
    signature = hashlib.sha1(json.dumps(ids).encode()).hexdigest()[:16] if fit and ids else None
    view = folium.FeatureGroup(name="view", control=False)
    _Call("view", {"fit": signature, "selected": selected}).add_to(view)
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
    and swaps the data groups in place on a filter change. Give ``center`` and
    ``zoom`` to hold a view (from the URL, say); leave them None to fit the pins.
    ``track_view`` makes panning rerun the app so the view can go into the URL.
    """
    from streamlit_folium import st_folium

    base = _base_map(tiles=tiles, center=None, zoom=None, assets=streamlit_static_url())
    fit = center is None and zoom is None
    groups = data_layers(df, colors=colors, selected=selected, fit=fit)
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
