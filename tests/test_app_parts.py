"""The dashboard's pure parts: escaping, the highlighted article, the timeline, settings."""

from __future__ import annotations

import html
import re
import sys
from datetime import date

import pandas as pd
import pytest

from dashboard.app.launch import MAIN_SCRIPT, streamlit_command
from dashboard.app.resources import Settings, parse_settings
from dashboard.app.timeline import (
    NO_DATES,
    NO_DATES_NOTE,
    SELECTION,
    Picked,
    latest_events,
    latest_productions,
    picked,
    time_ticks,
    timeline_chart,
    timeline_frame,
)
from dashboard.app.ui import Span, escape_markdown, highlight_html, plural, safe_url

# ---- escaping ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Rome", "Rome"),
        ("Åndalsnes, NO", "Åndalsnes\\, NO"),
        ("**bold** _it_", "\\*\\*bold\\*\\* \\_it\\_"),
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"),
        ("<img src=x>", "\\<img src\\=x\\>"),
        (":red[alarm] $x^2$", "\\:red\\[alarm\\] \\$x\\^2\\$"),
        ("a\\b `c`", "a\\\\b \\`c\\`"),
        ("# title\n- item", "\\# title \\- item"),
    ],
)
def test_escape_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JavaScript://%0aalert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("/relative/path", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url: object, kept: bool) -> None:
    assert (safe_url(url) is not None) == kept


@pytest.mark.parametrize(
    ("count", "words", "expected"),
    [
        (1, ("pin",), "1 pin"),
        (3, ("pin",), "3 pins"),
        (2, ("country", "countries"), "2 countries"),
        (12345, ("pin",), "12,345 pins"),
    ],
)
def test_plural(count: int, words: tuple[str, ...], expected: str) -> None:
    assert plural(count, *words) == expected


# ---- highlighted article ---------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> filmed in Oslo & <b>Rome</b>."


def test_highlight_escapes_text_and_labels() -> None:
    oslo = HOSTILE.index("Oslo")
    rome = HOSTILE.index("Rome")
    out = highlight_html(
        HOSTILE,
        [
            Span(oslo, oslo + 4, "place", 'Oslo "<x>"'),
            Span(rome, rome + 4, "uncertain", "Rome"),
        ],
    )
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert '<mark class="rm-place" title="Oslo &quot;&lt;x&gt;&quot;">Oslo</mark>' in out
    assert '<mark class="rm-uncertain" title="Rome">Rome</mark>' in out


@pytest.mark.parametrize(
    "spans",
    [
        [],
        [Span(0, 4, "place", "a"), Span(2, 6, "place", "overlaps")],
        [Span(5, 3, "place", "backwards")],
        [Span(0, 999, "place", "past the end")],
        [Span(10, 12, "date", "b"), Span(0, 4, "place", "a")],  # given out of order
    ],
)
def test_highlight_never_loses_or_repeats_text(spans: list[Span]) -> None:
    text = "Oslo and Rome, 2021."
    out = highlight_html(text, spans)
    assert html.unescape(re.sub(r"<[^>]*>", "", out)) == text


# ---- timeline ------------------------------------------------------------------


def schedule_rows() -> pd.DataFrame:
    rows = [
        ("Late", "filming", date(2021, 3, 1), date(2021, 3, 5), "day", "Oslo, NO"),
        ("Late", "release", date(2022, 1, 7), date(2022, 1, 7), "day", ""),
        ("Early", "filming", date(2020, 9, 1), date(2020, 9, 30), "month", "Rome, IT"),
        ("Early", "next_destination", date(2020, 10, 1), date(2020, 10, 1), "day", "Venice, IT"),
        ("Early", "wrap", date(2020, 12, 1), date(2020, 12, 1), "day", ""),
        ("Undated", "filming", None, None, None, "Paris, FR"),
    ]
    frame = pd.DataFrame(rows, columns=["production", "kind", "start", "end", "precision", "place"])
    return frame.assign(country="", mention_id=None, article_id=1)


def test_timeline_frame_orders_productions_and_labels_dates() -> None:
    frame = timeline_frame(schedule_rows())
    assert list(dict.fromkeys(frame["production"])) == ["Early", "Late"]  # undated is left out
    early = frame[frame["kind"] == "filming"].iloc[0]
    assert early["when"] == "Sep 2020"
    assert early["bar_end"] == pd.Timestamp(2020, 10, 1)  # the end day is inclusive
    stint = frame[(frame["production"] == "Late") & (frame["kind"] == "filming")].iloc[0]
    assert stint["when"] == "1 Mar 2021 – 5 Mar 2021"


@pytest.mark.parametrize(("limit", "kept", "hidden"), [(5, ["Early", "Late"], 0), (1, ["Late"], 1)])
def test_timeline_keeps_the_latest_productions(limit: int, kept: list[str], hidden: int) -> None:
    frame, left_out = latest_productions(timeline_frame(schedule_rows()), limit)
    assert list(dict.fromkeys(frame["production"])) == kept
    assert left_out == hidden


@pytest.mark.parametrize(
    ("limit", "kept", "hidden"),
    [
        (9, ["Late", "Late", "Early", "Early", "Early", "Undated"], 0),
        (2, ["Late", "Late"], 3),  # the undated event is no event to show
        (3, ["Late", "Late", "Early"], 2),
    ],
)
def test_timeline_keeps_the_events_that_end_last(limit: int, kept: list[str], hidden: int) -> None:
    events, left_out = latest_events(schedule_rows(), limit)
    assert list(events["production"]) == kept
    assert left_out == hidden
    if hidden:
        assert events["end"].min() >= schedule_rows()["end"].dropna().sort_values().iloc[hidden]


def test_productions_without_dates_keep_a_row_that_says_so() -> None:
    frame = timeline_frame(schedule_rows(), productions=["Late", "Undated", "Never seen"])
    rows = frame[frame["kind"] == NO_DATES]
    assert list(rows["production"]) == ["Never seen", "Undated"]  # after the dated ones
    assert set(rows["when"]) == {NO_DATES_NOTE}
    assert list(dict.fromkeys(frame["production"]))[-2:] == ["Never seen", "Undated"]


def test_timeline_chart_picks_a_stay_and_fades_the_others() -> None:
    frame = timeline_frame(schedule_rows())
    spec = timeline_chart(frame, {"Early": "#0072B2"}, chosen=["Late"]).to_dict()
    [param] = spec["params"]
    assert param["name"] == SELECTION
    assert param["select"]["fields"] == ["production", "pin"]
    data = next(iter(spec["datasets"].values()))
    bright = {row["production"]: row["bright"] for row in data}
    assert bright == {"Early": False, "Late": True}


@pytest.mark.parametrize(
    ("first", "last", "ticks"),
    [
        (date(2024, 8, 1), date(2024, 8, 31), ("month", 1)),
        (date(2024, 8, 1), date(2025, 3, 31), ("month", 1)),  # eight months: a tick each
        (date(2024, 1, 1), date(2025, 6, 30), ("month", 2)),
        (date(2020, 9, 1), date(2022, 1, 7), ("month", 2)),
        (date(2019, 1, 1), date(2022, 12, 31), ("month", 6)),
        (date(2012, 1, 1), date(2024, 1, 1), ("year", 2)),  # Vega's 24 months: each January
        (date(1962, 1, 1), date(2024, 1, 1), ("year", 10)),
    ],
)
def test_time_axis_ticks_fall_on_whole_months_or_years(
    first: date, last: date, ticks: tuple[str, int]
) -> None:
    rows = [("A", "filming", first, first, "day", ""), ("A", "release", last, last, "day", "")]
    frame = pd.DataFrame(rows, columns=["production", "kind", "start", "end", "precision", "place"])
    frame = timeline_frame(frame.assign(country="", mention_id=None, article_id=1))
    expected = {"interval": ticks[0], "step": ticks[1]}
    assert time_ticks(frame) == expected
    axis = timeline_chart(frame, {}, chosen=[]).to_dict()["layer"][0]["encoding"]["x"]["axis"]
    assert axis["tickCount"] == expected
    assert axis["format"] == ("%Y" if ticks[0] == "year" else "%b %Y")


def test_time_axis_of_undated_productions_only() -> None:
    frame = timeline_frame(schedule_rows().iloc[5:], productions=["Undated"])
    assert time_ticks(frame) == {"interval": "month", "step": 1}


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"selection": {SELECTION: [{"production": "Dune", "pin": 7}]}}, Picked("Dune", 7)),
        ({"selection": {SELECTION: [{"production": "Dune", "pin": -1}]}}, Picked("Dune", None)),
        ({"selection": {SELECTION: [{"production": "Dune"}]}}, Picked("Dune", None)),
        ({"selection": {SELECTION: [{"production": "A", "pin": True}]}}, Picked("A", None)),
        ({"selection": {SELECTION: []}}, None),
        ({"selection": {SELECTION: {}}}, None),
        ({"selection": {}}, None),
        (None, None),
        ({"selection": {SELECTION: [{"production": 3}, "junk"]}}, None),
    ],
)
def test_picked(state: object, expected: Picked | None) -> None:
    assert picked(state) == expected


# ---- how the server starts -------------------------------------------------------


def test_streamlit_command_runs_main_headless_on_loopback() -> None:
    command = streamlit_command("sqlite:///x.db", 8765, read_only=True)
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(MAIN_SCRIPT)]
    flags = dict(zip(command[5:-4:2], command[6:-4:2], strict=True))
    assert flags["--server.port"] == "8765"
    assert flags["--server.address"] == "127.0.0.1"
    assert flags["--server.headless"] == "true"
    assert command[-4:] == ["--", "--db", "sqlite:///x.db", "--read-only"]
    assert parse_settings(command[command.index("--") + 1 :], {}) == Settings(
        "sqlite:///x.db", True
    )


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, Settings(None, False)),
        ([], {"REELMAP_DB": "pg", "REELMAP_READ_ONLY": "1"}, Settings("pg", True)),
        ([], {"REELMAP_READ_ONLY": "no"}, Settings(None, False)),
        (["--db", "a"], {"REELMAP_DB": "b"}, Settings("a", False)),
        (["--read-only"], {}, Settings(None, True)),
        (["-k", "test_x", "--d", "nope"], {}, Settings(None, False)),  # no abbreviations
    ],
)
def test_parse_settings(argv: list[str], environ: dict[str, str], expected: Settings) -> None:
    assert parse_settings(argv, environ) == expected
