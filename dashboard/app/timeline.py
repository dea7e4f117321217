"""The shooting timeline: one row per production, a bar per stay in a place.

Built from the store's `schedule` rows. Filming and next-destination events
are bars (a stay somewhere); wraps, releases and announcements are
milestones. A production with no dated event still gets its row, saying so.
Titles sit inside the chart above their bars, so the time axis keeps the
whole width on a phone. Clicking a stay picks its production and its place
(the pin); `picked` reads that back from Streamlit's chart state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

import altair as alt
import pandas as pd

SELECTION: Final = "pick"
STAY_KINDS: Final = ("filming", "next_destination")
MILESTONE_KINDS: Final = ("wrap", "release", "announcement")
KIND_LABELS: Final = {
    "filming": "Filming",
    "next_destination": "Next destination",
    "wrap": "Wrap",
    "release": "Release",
    "announcement": "Announcement",
}
_SHAPES: Final = {"wrap": "diamond", "release": "triangle-up", "announcement": "circle"}
ROW_HEIGHT: Final = 50
NO_DATES: Final = "none"  # the kind of a production's row that has no dated event
NO_DATES_NOTE: Final = "no dates yet"


def timeline_frame(schedule: pd.DataFrame, productions: Iterable[str] = ()) -> pd.DataFrame:
    """Rows the chart draws: dated events with labels, productions ordered by first date.

    Each of `productions` without a dated event gets one row of kind NO_DATES
    at the bottom, so it is listed rather than silently missing.
    """
    columns = ["production", "kind", "start", "end", "precision", "place", "country"]
    picks = ["mention_id"] if "mention_id" in schedule.columns else []
    rows = schedule.loc[:, columns + picks].dropna(subset=["production", "start"]).copy()
    if not picks:
        rows["mention_id"] = None
    rows = rows[rows["kind"].isin(STAY_KINDS + MILESTONE_KINDS)]
    rows["start"] = pd.to_datetime(rows["start"])
    rows["end"] = pd.to_datetime(rows["end"]).fillna(rows["start"])
    # A stay's end date is inclusive: the bar runs to the end of that day.
    rows["bar_end"] = rows["end"] + timedelta(days=1)
    rows["what"] = rows["kind"].map(KIND_LABELS)
    rows["where"] = rows["place"].fillna("").astype(str)
    rows["when"] = [
        _when(s, e, p)
        for s, e, p in zip(rows["start"], rows["end"], rows["precision"], strict=True)
    ]
    rows["pin"] = [int(m) if pd.notna(m) else -1 for m in rows["mention_id"].tolist()]
    rows = rows.drop(columns="mention_id")
    first = rows.groupby("production")["start"].transform("min")
    rows = rows.assign(first=first).sort_values(["first", "start"]).drop(columns="first")
    dated = set(rows["production"])
    missing = sorted({t for t in productions if t and t not in dated}, key=str.casefold)
    if not missing:
        return rows.reset_index(drop=True)
    empty = pd.DataFrame(
        {
            "production": missing,
            "kind": NO_DATES,
            "what": "",
            "where": "",
            "when": NO_DATES_NOTE,
            "pin": -1,
        }
    )
    return pd.concat([rows, empty], ignore_index=True)


def latest_events(schedule: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    """The `limit` dated schedule events that end last (in their order), and how many
    dated ones were left out.

    A chart of a big store's every event (half a million bars for a million
    locations) freezes the browser; the latest ones are what a person looks
    for first, and the sidebar's filters reach the rest.
    """
    starts = pd.to_datetime(schedule["start"])
    dated = schedule[starts.notna()]
    if len(dated) <= limit:
        return schedule, 0
    ends = pd.to_datetime(dated["end"]).fillna(starts[starts.notna()])
    kept = ends.sort_values(ascending=False, kind="stable").index[:limit]
    return dated.loc[dated.index.isin(kept)], len(dated) - limit


def production_order(frame: pd.DataFrame) -> list[str]:
    """Productions top to bottom: the one that started shooting first on top."""
    return list(dict.fromkeys(frame["production"]))


def latest_productions(frame: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    """At most `limit` productions, the most recently active ones; and how many were left out.

    One row per production does not scale to hundreds of them: the chart shows
    the latest and the sidebar's production filter reaches the others.
    """
    last = frame.groupby("production")["bar_end"].max()
    if len(last) <= limit:
        return frame, 0
    kept = set(last.sort_values(ascending=False, na_position="last").index[:limit])
    return frame[frame["production"].isin(kept)], len(last) - limit


def timeline_chart(
    frame: pd.DataFrame,
    colors: Mapping[str, str],
    chosen: Sequence[str] = (),
) -> alt.LayerChart:
    """Bars for stays, symbols for milestones, titles above them; a click picks a stay.

    `chosen` productions stay bright and the others fade (none chosen: all bright).
    """
    order = production_order(frame)
    frame = frame.assign(
        bright=frame["production"].isin(chosen) if chosen else True,
        label=[
            f"{t} · {NO_DATES_NOTE}" if k == NO_DATES else t
            for t, k in zip(frame["production"], frame["kind"], strict=True)
        ],
    )
    pick = alt.selection_point(name=SELECTION, fields=["production", "pin"])
    color = alt.Color(
        "production:N",
        scale=alt.Scale(domain=order, range=[colors.get(t, "#777777") for t in order]),
        legend=None,
    )
    y = alt.Y(
        "production:N",
        sort=order,
        title=None,
        axis=None,
        scale=alt.Scale(paddingInner=0),
    )
    tooltip = [
        alt.Tooltip("production:N", title="Production"),
        alt.Tooltip("what:N", title="Event"),
        alt.Tooltip("where:N", title="Place"),
        alt.Tooltip("when:N", title="When"),
    ]
    fade = alt.condition(alt.datum.bright, alt.value(0.95), alt.value(0.25))
    base = alt.Chart(frame).encode(y=y)
    stays = (
        base.transform_filter(alt.FieldOneOfPredicate(field="kind", oneOf=list(STAY_KINDS)))
        .mark_bar(cornerRadius=4, height=18, yOffset=8, strokeWidth=1.5, cursor="pointer")
        .encode(
            x=alt.X(
                "start:T",
                title=None,
                axis=time_axis(frame),
            ),
            x2="bar_end:T",
            color=color,
            opacity=fade,
            tooltip=tooltip,
            strokeDash=alt.condition(
                alt.datum.kind == "next_destination", alt.value([4, 3]), alt.value([1, 0])
            ),
            # white edges part back-to-back stays; an announced one is a dashed outline
            stroke=alt.condition(alt.datum.kind == "next_destination", color, alt.value("white")),
            fillOpacity=alt.condition(
                alt.datum.kind == "next_destination", alt.value(0.25), alt.value(1.0)
            ),
        )
        .add_params(pick)
    )
    milestones = (
        base.transform_filter(alt.FieldOneOfPredicate(field="kind", oneOf=list(MILESTONE_KINDS)))
        .mark_point(filled=True, size=120, stroke="white", strokeWidth=1.2, yOffset=8)
        .encode(
            x="start:T",
            tooltip=tooltip,
            shape=alt.Shape(
                "what:N",
                scale=alt.Scale(
                    domain=[KIND_LABELS[k] for k in MILESTONE_KINDS],
                    range=[_SHAPES[k] for k in MILESTONE_KINDS],
                ),
                legend=alt.Legend(
                    title=None,
                    orient="top",
                    symbolSize=120,
                    symbolFillColor="#1f2933",
                    symbolStrokeColor="#1f2933",
                    labelFontSize=12,
                ),
            ),
            color=alt.value("#1f2933"),
            opacity=fade,
        )
    )
    # One title per row, inside the plot at its left edge, above the bars.
    titles = (
        alt.Chart(frame)
        .transform_aggregate(label="min(label)", bright="max(bright)", groupby=["production"])
        .mark_text(align="left", baseline="bottom", dy=-4, fontSize=13, fontWeight=600)
        .encode(
            y=y,
            x=alt.value(2),
            text="label:N",
            color=alt.value("#1f2933"),
            opacity=alt.condition(alt.datum.bright, alt.value(1.0), alt.value(0.45)),
        )
    )
    return (
        alt.layer(stays, milestones, titles)
        # fit-x: the height is the rows' own; the axes and legend come on top of it.
        .properties(
            height=ROW_HEIGHT * len(order),
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure_view(strokeWidth=0)
    )


_MONTH_STEPS: Final = (1, 2, 3, 6, 12, 24, 60, 120)
_MOST_TICKS: Final = 12


def time_axis(frame: pd.DataFrame) -> alt.Axis:
    """The time axis on top, its ticks on whole months ("Aug 2024") or whole years ("2010")."""
    ticks = time_ticks(frame)
    label = "%Y" if ticks["interval"] == "year" else "%b %Y"
    return alt.Axis(format=label, grid=True, orient="top", tickCount=ticks)


def time_ticks(frame: pd.DataFrame) -> dict[str, str | int]:
    """Ticks on whole months or years, so that no two ticks read "Aug 2024".

    Vega counts a month step within each year (every 24 months would be every
    January), so steps of a year or more are given in years.
    """
    dated = frame[frame["kind"] != NO_DATES]
    months = 1
    if not dated.empty:
        first, last = pd.Timestamp(dated["start"].min()), pd.Timestamp(dated["bar_end"].max())
        months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((n for n in _MONTH_STEPS if months / n <= _MOST_TICKS), _MONTH_STEPS[-1])
    if step >= 12:
        return {"interval": "year", "step": step // 12}
    return {"interval": "month", "step": step}


@dataclass(frozen=True)
class Picked:
    """What a click on the chart picked: a production, and the pin of its stay if it has one."""

    production: str
    pin: int | None


def picked(chart_state: Any) -> Picked | None:
    """The stay (or milestone) clicked on the chart, from `st.session_state[key]`; None: none."""
    try:
        points = chart_state["selection"][SELECTION]
    except (KeyError, TypeError):
        return None
    if not isinstance(points, list):
        return None
    for point in points:
        if isinstance(point, Mapping) and isinstance(point.get("production"), str):
            pin = point.get("pin")
            if isinstance(pin, bool) or not isinstance(pin, int | float) or pin <= 0:
                return Picked(point["production"], None)
            return Picked(point["production"], int(pin))
    return None


def _when(start: pd.Timestamp, end: pd.Timestamp, precision: Any) -> str:
    """A date range at the precision it is known to: 'Sep 2020', '3 Oct 2020 – 5 Oct 2020'."""
    first, last = _day(start, precision), _day(end, precision)
    return first if first == last else f"{first} – {last}"


def _day(moment: pd.Timestamp, precision: Any) -> str:
    if precision == "year":
        return f"{moment.year}"
    if precision == "month":
        return f"{moment:%b %Y}"
    return f"{moment.day} {moment:%b %Y}"
