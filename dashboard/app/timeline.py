"""The shooting timeline: one row per production, a bar per stay in a place.

Built from the store's `schedule` rows. Filming and next-destination events
are bars (a stay somewhere); wraps, releases and announcements are
milestones. Clicking a row selects its production; `picked_productions`
reads that selection back from Streamlit's chart state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
ROW_HEIGHT: Final = 42


def timeline_frame(schedule: pd.DataFrame) -> pd.DataFrame:
    """Rows the chart draws: dated events with labels, productions ordered by first date."""
    columns = ["production", "kind", "start", "end", "precision", "place", "country"]
    rows = schedule.loc[:, columns].dropna(subset=["production", "start"]).copy()
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
    first = rows.groupby("production")["start"].transform("min")
    return rows.assign(first=first).sort_values(["first", "start"]).drop(columns="first")


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
    kept = set(last.sort_values(ascending=False).index[:limit])
    return frame[frame["production"].isin(kept)], len(last) - limit


def timeline_chart(
    frame: pd.DataFrame,
    colors: Mapping[str, str],
    selected: Sequence[str] = (),
) -> alt.LayerChart:
    """Bars for stays, symbols for milestones, a clickable production selection."""
    order = production_order(frame)
    pick = alt.selection_point(
        name=SELECTION,
        fields=["production"],
        value=[{"production": title} for title in selected] or alt.Undefined,
    )
    color = alt.Color(
        "production:N",
        scale=alt.Scale(domain=order, range=[colors.get(t, "#777777") for t in order]),
        legend=None,
    )
    y = alt.Y(
        "production:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=260, labelFontSize=13, labelPadding=8, ticks=False),
    )
    tooltip = [
        alt.Tooltip("production:N", title="Production"),
        alt.Tooltip("what:N", title="Event"),
        alt.Tooltip("where:N", title="Place"),
        alt.Tooltip("when:N", title="When"),
    ]
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    stays = (
        base.transform_filter(alt.FieldOneOfPredicate(field="kind", oneOf=list(STAY_KINDS)))
        .mark_bar(cornerRadius=4, height=alt.RelativeBandSize(0.55), strokeWidth=1.5)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y", grid=True, orient="top")),
            x2="bar_end:T",
            color=color,
            opacity=alt.condition(pick, alt.value(0.95), alt.value(0.2)),
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
        .mark_point(filled=True, size=140, stroke="white", strokeWidth=1.2)
        .encode(
            x="start:T",
            shape=alt.Shape(
                "what:N",
                scale=alt.Scale(
                    domain=[KIND_LABELS[k] for k in MILESTONE_KINDS],
                    range=[_SHAPES[k] for k in MILESTONE_KINDS],
                ),
                legend=alt.Legend(
                    title=None,
                    orient="top",
                    symbolSize=140,
                    symbolFillColor="#1f2933",
                    symbolStrokeColor="#1f2933",
                    labelFontSize=13,
                ),
            ),
            color=alt.value("#1f2933"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.25)),
        )
    )
    return (
        alt.layer(stays, milestones)
        # fit-x: the height is the rows' own; the axes and legend come on top of it.
        .properties(
            height=ROW_HEIGHT * len(order),
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure_view(strokeWidth=0)
    )


def picked_productions(chart_state: Any) -> list[str]:
    """Production titles selected on the chart, from `st.session_state[key]`."""
    try:
        points = chart_state["selection"][SELECTION]
    except (KeyError, TypeError):
        return []
    if not isinstance(points, list):
        return []
    titles = [p.get("production") for p in points if isinstance(p, Mapping)]
    return list(dict.fromkeys(t for t in titles if isinstance(t, str)))


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
