"""Timeline: when each production shot where, under the sidebar's filters.

Clicking a production's row makes it the production filter (and so what the
map shows); clicking an empty part of the chart clears that filter again.
"""

from __future__ import annotations

import streamlit as st

from dashboard.app import resources, session, sidebar
from dashboard.app.mapview import production_colors
from dashboard.app.state import to_filters
from dashboard.app.timeline import (
    latest_productions,
    picked_productions,
    timeline_chart,
    timeline_frame,
)

CHART_KEY = "timeline-chart"
MAX_ROWS = 40


def _on_select() -> None:
    """Runs before the rerun, so it may still move the production filter's widget."""
    sidebar.set_productions(picked_productions(st.session_state.get(CHART_KEY)))


def render() -> None:
    settings = resources.settings()
    version = resources.data_version(settings.db_url)
    view = session.view()
    frame = timeline_frame(resources.schedule(settings.db_url, version, to_filters(view)))

    st.title("Timeline")
    if frame.empty:
        st.info(
            "No dated shoots, wraps or releases match these filters.", icon=":material/event_busy:"
        )
        return
    st.caption(
        "Bars are stays in one place (dashed: announced next destination); symbols mark wraps, "
        "releases and announcements. Click a row to show only that production on the map; "
        "click empty space to show them all again."
    )
    frame, hidden = latest_productions(frame, MAX_ROWS)
    if hidden:
        st.caption(
            f"Showing the {MAX_ROWS} most recently active productions; {hidden} more are "
            "hidden. Choose productions in the sidebar to see them."
        )
    colors = production_colors(resources.facets(settings.db_url, version).productions)
    st.altair_chart(
        timeline_chart(frame, colors, selected=view.productions),
        key=CHART_KEY,
        on_select=_on_select,
        selection_mode="pick",
        width="stretch",
    )
    with st.expander("Every dated event, as a list"):
        st.dataframe(
            frame.loc[:, ["production", "what", "where", "when"]],
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
