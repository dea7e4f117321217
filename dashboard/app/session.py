"""The current view of one browser session, kept in step with the URL.

The URL is read once, when a session starts; from then on the session's
`ViewState` is the truth and the URL is rewritten from it after every run.
Widgets are seeded from the view rather than owning it, because Streamlit
forgets a widget's value on any page that does not draw it (About, Add).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from dashboard.app.state import FacetsLike, ViewState, decode, encode

_VIEW = "reelmap.view"
_NOTES = "reelmap.notes"
_FROM_URL = "reelmap.from_url"
_CURRENT_PAGE = "reelmap.page"
_PREVIOUS_PAGE = "reelmap.previous_page"


def start(facets: FacetsLike) -> None:
    """Read the view from the URL if this session has none yet."""
    if _VIEW in st.session_state:
        return
    view, notes = decode(url_params(), facets)
    st.session_state[_VIEW] = view
    st.session_state[_NOTES] = notes
    st.session_state[_FROM_URL] = True


def from_url() -> bool:
    """Whether this run is the one that read the view from the URL (stale pins get a note)."""
    return bool(st.session_state.get(_FROM_URL))


def settle(page: str) -> None:
    """End of a run on `page`: later runs take the view from the session, not the URL."""
    st.session_state[_FROM_URL] = False
    st.session_state[_PREVIOUS_PAGE] = page
    st.session_state.pop(_CURRENT_PAGE, None)


def enter(page: str) -> None:
    """Start of a run on `page` (its url_path; "" for the map)."""
    st.session_state[_CURRENT_PAGE] = page


def current_page() -> str | None:
    return st.session_state.get(_CURRENT_PAGE)


def previous_page() -> str | None:
    """The page the previous run showed (None on a session's first run)."""
    return st.session_state.get(_PREVIOUS_PAGE)


def view() -> ViewState:
    found = st.session_state.get(_VIEW)
    return found if isinstance(found, ViewState) else ViewState()


def set_view(new: ViewState) -> None:
    st.session_state[_VIEW] = new


def update(**changes: Any) -> ViewState:
    """Change some fields of the current view (usable from widget callbacks)."""
    new = replace(view(), **changes)
    set_view(new)
    return new


def notes() -> list[str]:
    """Plain-text notes about URL values that were ignored (escape before showing)."""
    return list(st.session_state.get(_NOTES, []))


def add_note(note: str) -> None:
    st.session_state[_NOTES] = [*notes(), note]


def dismiss_notes() -> None:
    st.session_state[_NOTES] = []


def url_params() -> dict[str, list[str]]:
    """Every query parameter with all its values (repeated keys kept)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def write_url(current: ViewState | None) -> None:
    """Make the address bar show `current` (None: no view parameters, e.g. on About)."""
    wanted = encode(current) if current is not None else {}
    if url_params() != wanted:
        st.query_params.from_dict(wanted)
