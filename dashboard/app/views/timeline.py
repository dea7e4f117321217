"""Timeline: when each production shot where, under the sidebar's filters.

Clicking a stay makes its production the production filter and its place the
selected pin (so the map shows it); clicking an empty part of the chart
clears both again.
"""

from __future__ import annotations

import streamlit as st

from dashboard.app import resources, session, sidebar
from dashboard.app.palette import production_looks
from dashboard.app.state import to_filters
from dashboard.app.timeline import (
    latest_events,
    latest_productions,
    picked,
    timeline_chart,
    timeline_frame,
)

CHART_KEY = "timeline-chart"
MAX_ROWS = 40
MAX_EVENTS = 2_000  # drawn at most; past that the chart and its list would stall the browser
SCROLL_OVER = 14  # rows past which the chart scrolls in a box of its own


def _on_select() -> None:
    """Runs before the rerun, so it may still move the production filter's widget."""
    point = picked(st.session_state.get(CHART_KEY))
    sidebar.set_productions([point.production] if point else [])
    if point and point.pin:
        session.update(selected=point.pin)


def render() -> None:
    settings = resources.settings()
    version = resources.data_version(settings.db_url)
    view = session.view()
    filters = to_filters(view)
    rows = resources.map_locations(settings.db_url, version, filters)
    on_map = rows["production"].unique().tolist()
    schedule, earlier = latest_events(
        resources.schedule(settings.db_url, version, filters), MAX_EVENTS
    )
    frame = timeline_frame(schedule, on_map)

    st.title("Timeline")
    if frame.empty:
        st.info(
            "No dated shoots, wraps or releases match these filters.", icon=":material/event_busy:"
        )
        return
    st.caption(
        "Bars are stays in one place (dashed: announced next destination); symbols mark wraps, "
        "releases and announcements. Click a bar to show that production and place on the map; "
        "click empty space to show them all again."
    )
    if earlier:
        st.caption(
            f"Showing the {MAX_EVENTS:,} latest events; {earlier:,} earlier ones are hidden. "
            "Choose productions or dates in the sidebar to see them."
        )
    frame, hidden = latest_productions(frame, MAX_ROWS)
    if hidden:
        st.caption(
            f"Showing the {MAX_ROWS} most recently active productions; {hidden} more are "
            "hidden. Choose productions in the sidebar to see them."
        )
    rows = frame["production"].value_counts(sort=False)
    colors = {t: look.color for t, look in production_looks(rows.to_dict()).items()}
    chart = timeline_chart(frame, colors, chosen=view.productions)
    many = frame["production"].nunique() > SCROLL_OVER
    box = st.container(height=720, border=False) if many else st.container()
    box.altair_chart(
        chart,
        key=CHART_KEY,
        on_select=_on_select,
        selection_mode="pick",
        width="stretch",
    )
    dated = frame[frame["kind"] != "none"]
    with st.expander("Every dated event, as a list"):
        st.dataframe(
            dated.loc[:, ["production", "what", "where", "when"]],
            column_config={
                "production": "Production",
                "what": "Event",
                "where": "Place",
                "when": "When",
            },
            hide_index=True,
            width="stretch",
        )


if __name__ == "__main__":
    render()
