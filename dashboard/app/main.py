"""Reelmap dashboard entry point: `streamlit run dashboard/app/main.py`.

This script is the frame around every page: it opens the store, reads the
view from the URL on a session's first run, draws the filters on the pages
that show data, runs the chosen page, then writes the view back to the URL.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.app import resources, session, sidebar
from dashboard.app.ui import APP_CSS, escape_markdown
from dashboard.store import StoreError
from dashboard.store.engine import mask_password

VIEWS = Path(__file__).with_name("views")
ASSETS = Path(__file__).with_name("assets")

st.set_page_config(
    page_title="Reelmap",
    page_icon=str(ASSETS / "icon.svg"),
    layout="wide",
    initial_sidebar_state="auto",
    menu_items={"About": "Reelmap: where films and series are shot, from the news."},
)

st.logo(str(ASSETS / "logo.svg"), icon_image=str(ASSETS / "icon.svg"), size="large")


@st.fragment(run_every=2.0)
def _newer_articles(db_url: str | None, revision: str) -> None:
    """While a newer revision of a big store is read in the background: say so, and
    rerun the page once the new copy is in."""
    if resources.shown(db_url).revision != revision:
        st.rerun(scope="app")
    st.info(
        "Newer articles are being read; the map updates when they are in.", icon=":material/sync:"
    )


settings = resources.settings()
try:
    shown = resources.start_run(settings.db_url)
    version = shown.revision
    facets = resources.facets(settings.db_url, version)
except (StoreError, SQLAlchemyError, OSError) as exc:  # say why the store cannot open; stop
    reason = mask_password((str(exc).strip().splitlines() or [type(exc).__name__])[0])
    st.error(f"Cannot open the Reelmap store: {escape_markdown(reason)}")
    st.stop()

session.start(facets)
if shown.behind:
    _newer_articles(settings.db_url, version)

map_page = st.Page(
    VIEWS / "map.py", title="Map", icon=":material/map:", url_path="map", default=True
)
timeline_page = st.Page(
    VIEWS / "timeline.py", title="Timeline", icon=":material/view_timeline:", url_path="timeline"
)
data_page = st.Page(VIEWS / "data.py", title="Data", icon=":material/table:", url_path="data")
add_page = st.Page(
    VIEWS / "add.py", title="Add articles", icon=":material/post_add:", url_path="add"
)
about_page = st.Page(VIEWS / "about.py", title="About", icon=":material/info:", url_path="about")

pages = [map_page, timeline_page, data_page]
if not settings.read_only:
    pages.append(add_page)
pages.append(about_page)
page = st.navigation(pages, position="top")
st.html(APP_CSS)

session.enter(page.url_path)
shows_data = page.url_path in ("", timeline_page.url_path, data_page.url_path)
if shows_data:
    sidebar.draw_filters(facets)
    notes_box = st.container()  # filled after the page: the map page may add a note

page.run()

if shows_data:
    if page.url_path != map_page.url_path:  # the map draws it, and again after every pan
        sidebar.draw_share(session.view())
    if session.notes():
        with notes_box:
            lines = "\n".join(f"- {escape_markdown(note)}" for note in session.notes())
            st.warning(
                f"Parts of this link could not be used, so defaults apply:\n{lines}",
                icon=":material/link_off:",
            )
            st.button(
                "Dismiss", key="dismiss-notes", on_click=session.dismiss_notes, type="tertiary"
            )
session.write_url(session.view() if shows_data else None)
session.settle(page.url_path)
resources.end_run()
