"""The filter sidebar and the Share control, drawn on the pages that show data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from dashboard.app import resources, session
from dashboard.app.state import DEFAULT_ROLE, ROLE_CHOICES, ViewState, encode
from dashboard.store.queries import Facets

FILMS = "f.films"
COUNTRIES = "f.countries"
DATES = "f.dates"
ROLE = "f.role"
CONFIDENCE = "f.conf"
_WIDGETS = (FILMS, COUNTRIES, DATES, ROLE, CONFIDENCE)
_GENERATION = "f.generation"
_SHARE_SLOT = "f.share_slot"  # where this run's filters left room for the Share control

ROLE_LABELS = {"filmed": "Filmed", "planned": "Planned", "setting": "Setting", "all": "All"}
ROLE_HELP = (
    "Filmed: places where a shoot happened. Planned: announced shoots. "
    "Setting: where the story is set, which is not always where it was shot."
)


def draw_filters(facets: Facets) -> ViewState:
    """Draw the filters, seeded from the session's view, and return the view they describe."""
    current = session.view()
    _seed(current, facets)
    bar = st.sidebar
    bar.subheader("Filters")
    films = bar.multiselect(
        "Productions",
        facets.productions,
        key=_key(FILMS),
        placeholder="All productions",
        help="Type to search. Leave empty to see every production.",
    )
    date_from, date_to = _date_filter(current, facets)
    countries = bar.multiselect(
        "Countries",
        facets.countries,
        key=_key(COUNTRIES),
        format_func=resources.country_label,
        placeholder="All countries",
    )
    role = bar.segmented_control(
        "Role of the place",
        ROLE_CHOICES,
        key=_key(ROLE),
        required=True,
        format_func=ROLE_LABELS.__getitem__,
        help=ROLE_HELP,
        width="stretch",
    )
    percent = bar.slider(
        "Minimum confidence",
        min_value=0,
        max_value=100,
        step=5,
        key=_key(CONFIDENCE),
        format="%d%%",
        help="Hide places the geoparser was unsure about.",
    )
    new = replace(
        current,
        productions=tuple(films),
        countries=tuple(countries),
        role=role or DEFAULT_ROLE,
        date_from=date_from,
        date_to=date_to,
        min_confidence=round(percent / 100, 2),
    )
    if _filters_of(new) != _filters_of(current):
        new = replace(new, center=None, zoom=None)  # let the map fit the new pins
    if _filters_of(new) != _filters_of(ViewState()):
        bar.button("Reset filters", icon=":material/filter_alt_off:", on_click=reset_filters)
    st.session_state[_SHARE_SLOT] = bar.empty()
    session.set_view(new)
    return new


def set_productions(titles: Sequence[str]) -> None:
    """Point the production filter at `titles` (callback-safe: runs before widgets draw)."""
    session.update(productions=tuple(titles), selected=None, center=None, zoom=None)
    _renew_widgets()


def reset_filters() -> None:
    """Back to every production, place and date; the map fits all pins again."""
    current = session.view()
    session.set_view(ViewState(selected=current.selected))
    _renew_widgets()


def _key(widget: str) -> str:
    """The widget's key in this generation of the filters."""
    return f"{widget}.{st.session_state.get(_GENERATION, 0)}"


def _renew_widgets() -> None:
    """Replace the filter widgets with new ones, seeded from the view on the next draw.

    Setting a drawn widget's value is not enough: a browser that has not yet
    received the new value sends the old one with its next rerun, and the old
    one wins. Widgets under new keys have no old value to send back.
    """
    for widget in _WIDGETS:
        st.session_state.pop(_key(widget), None)
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def share_link(view: ViewState) -> str:
    """The address that reopens `view` on the current page."""
    query = urlencode(encode(view), doseq=True)
    base = st.context.url or ""
    return f"{base}?{query}" if query else base or "?"


def draw_share(view: ViewState) -> None:
    """A Share button that shows the view's link with a copy button.

    Drawn into its place under the filters, replacing the one drawn before in
    this run: the map's fragment draws it again after a pan (see views/map.py).
    """
    slot = st.session_state.get(_SHARE_SLOT)
    box = slot.container() if slot is not None else st.sidebar
    with box.popover("Share this view", icon=":material/share:", width="stretch"):
        st.caption("Anyone with this link sees the same filters, pin and map position.")
        st.code(share_link(view), language=None, wrap_lines=True)


def _seed(current: ViewState, facets: Facets) -> None:
    """Give each filter widget its value from the view, unless it already has one."""
    seeds: dict[str, Any] = {
        _key(FILMS): [t for t in current.productions if t in facets.productions],
        _key(COUNTRIES): [c for c in current.countries if c in facets.countries],
        _key(ROLE): current.role,
        _key(CONFIDENCE): round(current.min_confidence * 100),
    }
    for key, value in seeds.items():
        if key not in st.session_state:
            st.session_state[key] = value
    # Options can shrink after a correction; a stale choice would make the widget fail.
    for widget, options in ((FILMS, facets.productions), (COUNTRIES, facets.countries)):
        key = _key(widget)
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


def _date_filter(current: ViewState, facets: Facets) -> tuple[date | None, date | None]:
    """A date range picker over the dates in the store; a full range means no date filter."""
    if facets.date_min is None or facets.date_max is None:
        return None, None
    low = min(facets.date_min, current.date_from or facets.date_min)
    high = max(facets.date_max, current.date_to or facets.date_max)
    seeded = (current.date_from or facets.date_min, current.date_to or facets.date_max)
    # Seeded through `value` only: a date widget keeps its own state once drawn.
    picked = st.sidebar.date_input(
        "Dates",
        value=seeded,
        min_value=low,
        max_value=high,
        key=_key(DATES),
        format="YYYY-MM-DD",
        help="Shoots, wraps and releases that overlap this range.",
    )
    chosen = [d for d in (picked if isinstance(picked, tuple) else (picked,)) if d is not None]
    if not chosen:
        return None, None
    start = chosen[0]
    end = chosen[1] if len(chosen) > 1 else None
    return (
        start if start > facets.date_min else None,
        end if end is not None and end < facets.date_max else None,
    )


def _filters_of(view: ViewState) -> tuple[object, ...]:
    return (
        view.productions,
        view.countries,
        view.role,
        view.date_from,
        view.date_to,
        view.min_confidence,
    )
