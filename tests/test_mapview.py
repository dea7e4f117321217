"""The map builder without a browser: escaping, colours, dates, routes and the page it writes.

The page's data sits in calls like ``L.Reelmap.locations(group, JSON.parse('...'))``;
``calls`` below reads them back out of the rendered HTML, the way the browser
would, so these tests check what actually ships.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from datetime import date
from typing import Any

import folium
import pandas as pd
import pytest

from dashboard.app.map_assets import (
    FOLIUM_CSS,
    FOLIUM_JS,
    LEAFLET_CSS,
    LEAFLET_JS,
    PACK_OVER,
    STATIC_DIR,
    js_data,
    use_local_assets,
)
from dashboard.app.mapview import (
    START_CENTER,
    START_ZOOM,
    MapState,
    build_map,
    data_layers,
    escape_for_popup,
    format_when,
    map_frame,
    safe_url,
    title_codes,
)
from dashboard.app.palette import PALETTE, SHAPES, Look, kml_color, production_looks

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "`;alert(1);`",
    "${alert(1)}",
    "\"double\" and 'single' quotes",
    "back\\slash before `tick",
    "{{ 'ssti'.upper() }} and {% if 1 %}x{% endif %} {# c #}",
    "</script><script>alert(1)</script>",
)
UNSAFE_IN_OUTPUT = set("<>\"'`${}\\")


# ---- helpers ------------------------------------------------------------------


def row(mention_id: int, production: str = "Dune", **changes: Any) -> dict[str, Any]:
    """A locations row as the store returns it (columns from CONTRACTS.md)."""
    base: dict[str, Any] = {
        "mention_id": mention_id,
        "production": production,
        "place_id": mention_id,
        "place": f"Place {mention_id}, NO",
        "country": "NO",
        "lat": 60.0 + mention_id / 10,
        "lon": 8.0 + mention_id / 10,
        "role": "filmed",
        "confidence": 0.9,
        "status": "auto",
        "approximate": False,
        "start": date(2020, 9, mention_id % 28 + 1),
        "end": date(2020, 9, mention_id % 28 + 1),
        "precision": "day",
        "sentence": f"Filming took place at place {mention_id}.",
        "article_id": 100 + mention_id,
        "article_title": f"Article {mention_id}",
        "outlet": "NRK",
        "published": date(2020, 10, 8),
        "url": f"https://example.org/{mention_id}",
        "order": mention_id,
    }
    base.update(changes)
    return base


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def js_string(body: str) -> str:
    """Undo a single-quoted JavaScript string literal's escapes."""
    escapes = {"\\": "\\", "'": "'", "n": "\n"}

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return chr(int(code[1:], 16)) if code.startswith("u") else escapes[code]

    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", one, body)


def decode(argument: str) -> Any:
    """The value behind a js_data() expression, as the browser would see it."""
    plain = re.fullmatch(r"JSON\.parse\('(.*)'\)", argument, re.DOTALL)
    if plain:
        return json.loads(js_string(plain.group(1)))
    packed = re.fullmatch(r"L\.Reelmap\.unpack\('([A-Za-z0-9+/=]*)'\)", argument)
    assert packed, f"not a js_data expression: {argument[:80]}"
    return json.loads(zlib.decompress(base64.b64decode(packed.group(1))))


def calls(html: str, function: str) -> list[Any]:
    """Arguments of every ``L.Reelmap.<function>(parent, ...);`` in the page.

    ``locations`` takes the pins and a function returning their details; the
    two come back merged into one dict.
    """
    found = []
    for match in re.finditer(rf"L\.Reelmap\.{function}\([a-z_0-9]+, (.*?)\);\n", html):
        arguments = match.group(1)
        later = re.fullmatch(r"(.*), function \(\) \{ return (.*); \}", arguments, re.DOTALL)
        if later:
            found.append(decode(later.group(1)) | decode(later.group(2)))
        else:
            found.append(decode(arguments))
    return found


def page(df: pd.DataFrame, **options: Any) -> str:
    return build_map(df, tiles=None, **options).get_root().render()


# ---- escaping -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("`", "&#96;"),
        ("${alert(1)}", "&#36;&#123;alert(1)&#125;"),
        ("\"a\" 'b'", "&quot;a&quot; &#x27;b&#x27;"),
        ("a\\`b", "a&#92;&#96;b"),
        ("{{ 7*7 }}", "&#123;&#123; 7*7 &#125;&#125;"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ("Åndalsnes – Rauma", "Åndalsnes – Rauma"),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
        (42, "42"),
    ],
)
def test_escape_for_popup(text: object, expected: str) -> None:
    assert escape_for_popup(text) == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_has_no_character_that_could_end_a_context(text: str) -> None:
    assert not UNSAFE_IN_OUTPUT & set(escape_for_popup(text))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&amp;c=2"),
        ("http://example.org", "http://example.org"),
        ("  HTTPS://Example.org/x  ", "HTTPS://Example.org/x"),
        ('https://example.org/"><script>', "https://example.org/&quot;&gt;&lt;script&gt;"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("/relative/path", None),
        ("//example.org/scheme-relative", None),
        ("http:/missing-host", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: object, expected: str | None) -> None:
    assert safe_url(url) == expected


# ---- looks ---------------------------------------------------------------------------


def test_looks_do_not_depend_on_order_and_differ_while_the_palette_lasts() -> None:
    titles = ["Tenet", "Dune", "No Time to Die", "The Witcher", "Mission: Impossible 7"]
    looks = production_looks(titles)
    assert looks == production_looks(list(reversed(titles)))
    assert len({look.color for look in looks.values()}) == len(titles)
    assert {look.color for look in looks.values()} <= set(PALETTE)
    assert {look.shape for look in looks.values()} == {"circle"}


@pytest.mark.parametrize("count", [len(PALETTE) + 1, 20, len(PALETTE) * len(SHAPES)])
def test_past_the_palette_shapes_keep_every_look_distinct(count: int) -> None:
    looks = production_looks({f"Film {i:02d}": 100 - i for i in range(count)})
    assert len(set(looks.values())) == count
    assert all(re.fullmatch(r"#[0-9A-F]{6}", look.color) for look in looks.values())
    assert looks["Film 00"] == Look(PALETTE[0], "circle")  # the most pins: first look


def test_the_palette_goes_to_what_is_shown() -> None:
    """Two productions on screen get the two first colours, whatever else the store has."""
    looks = production_looks({"Zodiac": 3, "Amélie": 5})
    assert [looks["Amélie"].color, looks["Zodiac"].color] == list(PALETTE[:2])


@pytest.mark.parametrize(
    ("hex_color", "kml"),
    [("#0072B2", "ffb27200"), ("#D55E00", "ff005ed5"), ("#000000", "ff000000")],
)
def test_kml_colour_is_aabbggrr(hex_color: str, kml: str) -> None:
    assert kml_color(hex_color) == kml


# ---- dates and route timing ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (date(2020, 10, 8), date(2020, 10, 8), "day", "8 Oct 2020"),
        (date(2020, 10, 8), date(2020, 10, 20), "day", "8 Oct 2020 – 20 Oct 2020"),
        (date(2020, 10, 1), date(2020, 10, 31), "month", "Oct 2020"),
        (date(2020, 9, 1), date(2020, 10, 31), "month", "Sep 2020 – Oct 2020"),
        (date(2021, 1, 1), date(2021, 12, 31), "year", "2021"),
        (date(2020, 10, 8), None, "day", "8 Oct 2020"),
        (None, date(2020, 10, 8), "day", "until 8 Oct 2020"),
        (None, None, None, ""),
    ],
)
def test_format_when(start: date | None, end: date | None, precision: str, expected: str) -> None:
    assert format_when(start, end, precision) == expected


D = date(1970, 1, 1).toordinal()


def day(d: date) -> float:
    return float(d.toordinal() - D)


# ---- the page -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 7, 60])
def test_every_placeable_row_becomes_one_pin(count: int) -> None:
    rows = [row(i, production=f"Film {i % 3}") for i in range(1, count + 1)]
    html = page(frame(*rows, row(999, lat=float("nan"))))
    ids = [i for payload in calls(html, "locations") for i in payload["id"]]
    assert sorted(ids) == list(range(1, count + 1))


def legend(m: folium.Map) -> list[str]:
    """The layer control's entries: every production group's name, in order."""
    return [
        child.layer_name
        for child in m._children.values()
        if isinstance(child, folium.FeatureGroup) and child.control
    ]


def test_one_legend_entry_per_production_with_its_colour_and_count() -> None:
    df = frame(row(1, "Tenet"), row(2, "Dune"), row(3, "Tenet"), row(4, "<b>Bold</b>"))
    m = build_map(df, tiles=None)
    looks = production_looks({"Tenet": 2, "Dune": 1, "<b>Bold</b>": 1})
    entries = legend(m)
    assert [re.search(r'rm-name">(.*?)<', e).group(1) for e in entries] == [
        "&lt;b&gt;Bold&lt;/b&gt;",
        "Dune",
        "Tenet",
    ]
    assert [re.search(r'rm-count">(\d+)<', e).group(1) for e in entries] == ["1", "1", "2"]
    assert f"background:{looks['Tenet'].color}" in entries[2]
    assert looks["Tenet"].color == PALETTE[0]  # the most pins, the first colour
    labels = [payload["label"] for payload in calls(m.get_root().render(), "locations")]
    assert labels == ["&lt;b&gt;Bold&lt;/b&gt;", "Dune", "Tenet"]


def test_route_joins_dated_stops_in_date_order_and_counts_undated_ones() -> None:
    df = frame(
        row(1, order=1, place_id=30, lat=1.0, lon=1.0, start=date(2020, 3, 1)),
        row(2, order=2, place_id=10, lat=3.0, lon=3.0, start=date(2020, 1, 9)),
        row(3, order=3, place_id=20, lat=2.0, lon=2.0, start=date(2020, 2, 1)),
        row(4, order=4, place_id=10, lat=3.0, lon=3.0, start=date(2020, 1, 2)),
        row(5, order=5, place_id=40, lat=5.0, lon=5.0, start=None),
        row(6, order=6, place_id=50, lat=6.0, lon=6.0, start=None),
    )
    [route] = calls(page(df), "route")
    stops = [(lat, lon) for lat, lon, _, _ in route["stops"]]
    assert stops == [(3.0, 3.0), (2.0, 2.0), (1.0, 1.0)]  # by date, not by order
    assert route["stops"][0][2] == day(date(2020, 1, 2))  # the earliest start of the stop
    days = [stop[2] for stop in route["stops"]]
    assert days == sorted(days)
    assert route["undated"] == 2  # shown as pins, not joined


@pytest.mark.parametrize(("routes", "drawn"), [(True, 2), (False, 0)])
def test_routes_only_when_asked(routes: bool, drawn: int) -> None:
    df = frame(row(1, "Dune"), row(2, "Dune"), row(3, "Tenet"), row(4, "Tenet"))
    assert len(calls(page(df, routes=routes), "route")) == drawn


AREA = {"kind": "country", "country": "NO", "place": "Norway", "lat": 62.0, "lon": 10.0}


@pytest.mark.parametrize(
    ("rows", "kept"),
    [
        # a country with a town of the same production inside is not drawn
        ([row(1, **AREA), row(2, country="NO", kind="city")], [2]),
        # ... but is when the town belongs to another production
        ([row(1, **AREA), row(2, "Tenet", country="NO", kind="city")], [1, 2]),
        # ... or lies in another country
        ([row(1, **AREA), row(2, country="SE", kind="city")], [1, 2]),
        # a state is covered by a town in it, not by a town elsewhere in the country
        (
            [
                row(1, kind="admin1", country="NO", admin1="Vestland", place="Vestland, NO"),
                row(2, kind="city", country="NO", admin1="Vestland"),
                row(3, kind="admin1", country="NO", admin1="Oslo", place="Oslo, NO"),
            ],
            [2, 3],
        ),
        # a continent is covered by any place in one of its countries
        ([row(1, kind="continent", country="", place="Europe"), row(2, country="IT")], [2]),
        ([row(1, kind="continent", country="", place="Europe"), row(2, country="JP")], [1, 2]),
        ([row(1, **AREA), row(2, **AREA)], [1, 2]),  # twice the same country covers nothing
    ],
)
def test_areas_with_finer_places_inside_are_left_out(
    rows: list[dict[str, Any]], kept: list[int]
) -> None:
    filled = [{"kind": "city", "admin1": "", **r} for r in rows]
    assert sorted(map_frame(frame(*filled))["mention_id"]) == kept


def test_areas_travel_with_their_size_and_points_without() -> None:
    df = frame(
        row(1, **AREA),
        row(2, "Tenet", kind="city", admin1="Oslo"),
        row(3, "Tenet", kind="admin1", admin1="Vestland"),
    )
    payloads = {p["label"]: p for p in calls(page(df), "locations")}
    norway = payloads["Dune"]["area"][0]
    assert 250_000 < norway < 400_000  # metres: about the size of Norway
    assert payloads["Tenet"]["area"][0] == 0  # the town is a point
    assert payloads["Tenet"]["area"][1] > 0  # the state is an area


@pytest.mark.parametrize(
    ("center", "zoom", "at_start"),
    [
        (START_CENTER, START_ZOOM, True),
        (START_CENTER, START_ZOOM + 1, False),
        ((START_CENTER[0] + 0.1, START_CENTER[1]), START_ZOOM, False),
        (None, None, False),
    ],
)
def test_the_start_position_is_recognised(
    center: tuple[float, float] | None, zoom: int | None, at_start: bool
) -> None:
    assert MapState(None, center, zoom).at_start() is at_start


def test_the_page_loads_only_local_assets() -> None:
    html = build_map(frame(row(1)), tiles="OpenStreetMap").get_root().render()
    links = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert links, "no script or style links found"
    assert all(link.startswith("/app/static/") for link in links), links
    assert not re.search(r"cdn|jsdelivr|code\.jquery|bootstrapcdn|unpkg", html)


def test_assets_are_served_from_the_given_base_url() -> None:
    html = build_map(frame(row(1)), tiles=None, assets="/base/static/").get_root().render()
    links = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/base/static/") for link in links)


def test_hostile_text_reaches_the_page_only_escaped() -> None:
    rows = [
        row(
            i + 1,
            production=text,
            place=text,
            role=text,
            status=text,
            sentence=text,
            article_title=text,
            outlet=text,
            url="javascript:alert(1)",
        )
        for i, text in enumerate(HOSTILE)
    ]
    html = page(frame(*rows))
    for text in HOSTILE:
        assert text not in html
    assert "SSTI" not in html  # the template engine did not evaluate {{ 'ssti'.upper() }}
    payloads = calls(html, "locations")
    assert sorted(p["label"] for p in payloads) == sorted(escape_for_popup(t) for t in HOSTILE)
    for payload in payloads:
        strings = payload["places"] + payload["roles"] + payload["statuses"] + payload["text"]
        strings += [part for article in payload["arts"] for part in article]
        for value in strings:
            assert not UNSAFE_IN_OUTPUT & set(value), value
        assert all(article[0] == "" for article in payload["arts"])  # no javascript: link


def test_pins_travel_apart_from_what_their_popups_show() -> None:
    """The page draws pins first and reads the (much bigger) popup text later."""
    html = page(frame(row(1, sentence="Only popups need this.")))
    call = re.search(
        r"L\.Reelmap\.locations\([a-z_0-9]+, (.*?), function \(\) \{ return (.*); \}", html
    )
    assert call
    pins, details = decode(call.group(1)), decode(call.group(2))
    assert set(pins) == {"label", "color", "shape", "lat", "lon", "id"}
    assert details["text"] == ["Only popups need this."]


def test_popup_fields_are_sent_once_per_distinct_value() -> None:
    df = frame(
        row(1, place="Oslo, NO", article_id=7, confidence=0.42, approximate=True),
        row(2, place="Oslo, NO", article_id=7, status="confirmed"),
        row(3, place="Bergen, NO", article_id=8, url="ftp://example.org/x"),
    )
    [payload] = calls(page(df), "locations")
    assert [payload["places"][i] for i in payload["place"]] == [
        "Oslo, NO",
        "Oslo, NO",
        "Bergen, NO",
    ]
    assert len(payload["places"]) == 2
    assert [payload["arts"][i][0] for i in payload["art"]] == [
        "https://example.org/1",
        "https://example.org/1",
        "",
    ]
    assert payload["conf"] == [42, 90, 90]
    assert payload["approx"] == [1, 0, 0]
    assert [payload["statuses"][i] for i in payload["status"]] == ["auto", "confirmed", "auto"]


@pytest.mark.parametrize(
    ("options", "fit", "selected"),
    [
        ({}, [[60.1, 8.1], [60.2, 8.2]], None),
        ({"selected": 2}, [[60.1, 8.1], [60.2, 8.2]], 2),
        ({"center": (60.0, 8.0), "zoom": 6}, None, None),
    ],
)
def test_view_fits_the_pins_unless_a_view_is_given(
    options: dict[str, Any], fit: list[list[float]] | None, selected: int | None
) -> None:
    [view] = calls(page(frame(row(1), row(2), row(3, lat=None)), **options), "view")
    corners = view["fit"] and [value for corner in view["fit"] for value in corner]
    assert corners == (pytest.approx([v for corner in fit for v in corner]) if fit else None)
    assert view["selected"] == selected


def test_given_looks_win_and_bad_ones_are_ignored() -> None:
    df = frame(row(1, "Dune"), row(2, "Tenet"))
    looks = {"Dune": Look("#123456", "diamond"), "Tenet": Look("red;}", "circle")}
    payloads = calls(page(df, looks=looks), "locations")
    shown = {p["label"]: (p["color"], p["shape"]) for p in payloads}
    assert shown["Dune"] == ("#123456", "diamond")
    tenet = production_looks(["Dune", "Tenet"])["Tenet"]
    assert shown["Tenet"] == (tenet.color, tenet.shape)


def test_a_changed_frame_is_not_served_from_the_cache() -> None:
    before = frame(row(1), row(2))
    after = frame(row(1), row(2, sentence="A different sentence."))
    texts = []
    for df in (before, after, before):
        group = data_layers(df)[0]
        m = folium.Map()
        group.add_to(m)
        texts.append(calls(m.get_root().render(), "locations")[0]["text"])
    assert texts[0] == texts[2] != texts[1]


def test_an_empty_frame_gives_an_empty_map() -> None:
    empty = pd.DataFrame(columns=list(row(1)))
    html = page(empty)
    assert calls(html, "locations") == []
    assert calls(html, "view") == [{"fit": None, "selected": None}]


# ---- js_data ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE, "line\u2028separator", "it's", "é😀"])
def test_js_data_round_trips_and_is_safe_in_a_script(text: str) -> None:
    value = {"text": text, "list": [1, 2.5, None]}
    expression = js_data(value)
    assert decode(expression) == value
    for fragment in ("</", "<!--", "{{", "{%", "{#", "\u2028"):
        assert fragment not in expression


def test_big_packable_data_travels_compressed() -> None:
    value = {"text": ["a sentence that repeats itself"] * (PACK_OVER // 20)}
    packed = js_data(value, packable=True)
    assert packed.startswith("L.Reelmap.unpack('")
    assert len(packed) < PACK_OVER
    assert decode(packed) == value
    assert js_data(value).startswith("JSON.parse(")


# ---- st_folium's answer ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, MapState(None, None, None)),
        ({}, MapState(None, None, None)),
        (
            {
                "last_object_clicked_tooltip": "rm:42 Dune Wadi Rum, JO",
                "center": {"lat": 29.5, "lng": 35.4},
                "zoom": 7,
            },
            MapState(42, (29.5, 35.4), 7),
        ),
        ({"last_object_clicked_tooltip": "Dune rm:42", "zoom": 5.0}, MapState(None, None, 5)),
        ({"last_object_clicked_tooltip": None, "center": {"lat": 1.0}}, MapState(None, None, None)),
    ],
)
def test_map_state_from_st_folium(value: dict[str, Any] | None, expected: MapState) -> None:
    assert MapState.from_component(value) == expected


# ---- local assets -------------------------------------------------------------------------------


@pytest.mark.parametrize("folium_pins", [True, False])
def test_local_assets_exist_and_leaflet_loads_first(folium_pins: bool) -> None:
    m = use_local_assets(folium.Map(), "/app/static", folium_pins=folium_pins)
    scripts = [url for _, url in m.default_js]
    styles = [url for _, url in m.default_css]
    assert scripts[0] == "/app/static/leaflet/leaflet.js"
    expected = set(LEAFLET_JS + LEAFLET_CSS) | (
        set(FOLIUM_JS + FOLIUM_CSS) if folium_pins else set()
    )
    assert {url.removeprefix("/app/static/") for url in scripts + styles} == expected
    for path in expected:
        assert (STATIC_DIR / path).is_file(), path


def test_every_vendored_package_carries_its_licence() -> None:
    folders = [p for p in STATIC_DIR.iterdir() if p.is_dir() and p.name != "reelmap"]
    assert folders
    for folder in folders:
        assert any(f.name.upper().startswith("LICENSE") for f in folder.iterdir()), folder


def test_layer_names_follow_the_data_so_a_rerun_redraws_nothing() -> None:
    df = frame(row(1, "Dune"), row(2, "Tenet"))
    names = [g.get_name() for g in data_layers(df)]
    assert names == [g.get_name() for g in data_layers(df.copy())]
    assert len(set(names)) == len(names)
    for changed in (data_layers(df, selected=2), data_layers(frame(row(1, "Dune"), row(3)))):
        assert not set(names) & {g.get_name() for g in changed}


@pytest.mark.parametrize(
    "categories",
    [None, ["Zeta", "alpha", "Beta", "unused"], ["Beta", "Zeta", "alpha"]],
    ids=["plain strings", "unsorted with an unused one", "sorted"],
)
def testtitle_codes_are_the_same_for_strings_and_categoricals(
    categories: list[str] | None,
) -> None:
    titles = ["Zeta", "alpha", "Beta", "Zeta", "Beta"]
    series = pd.Series(
        titles, dtype=object if categories is None else pd.CategoricalDtype(categories)
    )
    codes, names = title_codes(series)
    assert names == ("Beta", "Zeta", "alpha")
    assert [names[c] for c in codes] == titles
