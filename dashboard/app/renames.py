"""Merging and renaming productions, on the Data page (never in read-only mode).

Articles name one production in several ways ("Mission: Impossible 7",
"Mission: Impossible – Dead Reckoning Part One"); a person joins them under
one title, or corrects one. Each change is a correction in the store
(`store.corrections`), applied to stored and later articles, and undoable here.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.app import resources, session, sidebar
from dashboard.app.ui import escape_markdown
from dashboard.store import corrections
from dashboard.store.queries import UNTITLED

PICK = "names.pick"
TITLE = "names.title"
MESSAGE = "names.message"


def draw(productions: Sequence[str]) -> None:
    """The merge/rename form and the list of changes in force, in an expander."""
    named = [t for t in productions if not t.startswith(UNTITLED)]
    engine = resources.engine(resources.settings().db_url)
    changes = corrections.name_changes(engine)
    with st.expander("Merge or rename productions", icon=":material/merge:"):
        st.caption(
            "Pick two or more productions to join them under one title (the others become "
            "its aliases), or one to rename it. This applies to stored and future articles "
            "and can be undone below."
        )
        picked = st.multiselect("Productions", named, key=PICK, placeholder="Choose productions")
        if picked and not st.session_state.get(TITLE):
            st.session_state[TITLE] = picked[0]
        st.text_input("Title", key=TITLE, max_chars=200)
        verb = "Merge" if len(picked) > 1 else "Rename"
        st.button(
            f"{verb} {len(picked)} production{'s' if len(picked) != 1 else ''}"
            if picked
            else "Merge or rename",
            disabled=not picked,
            on_click=_apply,
            icon=":material/merge:" if len(picked) > 1 else ":material/edit:",
        )
        message = st.session_state.pop(MESSAGE, None)
        if message:
            kind, text = message
            (st.success if kind == "ok" else st.error)(escape_markdown(text))
        if changes:
            st.markdown("**In force**")
        for change in changes:
            left, right = st.columns([5, 1], vertical_alignment="center")
            gathered = ", ".join(change.originals)
            left.markdown(
                escape_markdown(f"{change.kind.capitalize()}: {gathered} → {change.title}")
            )
            right.button(
                "Undo",
                key=f"names.undo.{change.action}",
                on_click=_undo,
                args=(change.action, change.title, change.originals),
            )


def _apply() -> None:
    """Merge or rename what is picked; a bad request says why in one line."""
    picked = list(st.session_state.get(PICK) or [])
    title = str(st.session_state.get(TITLE) or "")
    engine = resources.engine(resources.settings().db_url)
    try:
        if len(picked) > 1:
            corrections.merge_productions(engine, picked, title)
        else:
            corrections.rename_production(engine, picked[0] if picked else "", title)
    except (ValueError, LookupError) as exc:
        st.session_state[MESSAGE] = ("error", f"Not changed: {exc}")
        return
    new = " ".join(title.split())
    _follow(picked, new)
    st.session_state[MESSAGE] = ("ok", f"Now shown as “{new}”.")
    st.session_state[PICK] = []
    st.session_state[TITLE] = ""


def _undo(action: int, title: str, originals: Sequence[str]) -> None:
    engine = resources.engine(resources.settings().db_url)
    try:
        corrections.undo_name_change(engine, action)
    except LookupError as exc:
        st.session_state[MESSAGE] = ("error", str(exc))
        return
    _follow([title], *originals[:1])
    st.session_state[MESSAGE] = ("ok", f"Undone: “{title}” is split back.")


def _follow(old: Sequence[str], new: str) -> None:
    """Keep the production filter on the renamed production instead of losing it."""
    current = session.view().productions
    if not any(t in old for t in current):
        return
    kept = [t for t in current if t not in old]
    sidebar.set_productions([*kept, new] if new not in kept else kept)
