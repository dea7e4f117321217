"""Add articles: paste or upload, review what the geoparser found, correct it, save.

Each article becomes a draft that is reviewed on its own: its text with the
places and dates highlighted, and for every place a choice among the
geoparser's alternatives, a gazetteer search or a point on a small map.
Saving stores the article as parsed and then records each change with
`correct_mention`, so the correction also teaches later parses.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

import folium
import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.uploaded_file_manager import UploadedFile
from streamlit_folium import st_folium

from dashboard.app import resources, session, sidebar
from dashboard.app.map_assets import streamlit_static_url, use_local_assets
from dashboard.app.ui import ARTICLE_CSS, Span, escape_markdown, highlight_html
from dashboard.budget import ParseJob, ParsePool, WorkerStartError, budget_from_env
from dashboard.geoparse import MAX_CHARS
from dashboard.model import ArticleResult, Place, Toponym
from dashboard.store.corrections import correct_mention, overrides
from dashboard.store.ingest import save_article
from dashboard.store.readers import (
    MAX_ARTICLE_BYTES,
    MAX_FIELD_CHARS,
    SUFFIXES,
    ArticleMeta,
    SourceArticle,
    check_encodable,
    normalize_text,
    read_safely,
)
from dashboard.store.review import mention_ids

MAX_MB = MAX_ARTICLE_BYTES // (1024 * 1024)
# One request must not be a lever on the server: bounded uploads, bounded parse time.
MAX_FILES = 20
MAX_TOTAL_MB = 20
log = logging.getLogger("reelmap.add")
UNCERTAIN_BELOW = 0.5
QUEUE = "add.queue"
SAVED = "add.saved"
NOTE = "made on the Add articles page"

# Choice ids in each place's picker.
KEEP, NOT_A_PLACE, SEARCH, ON_MAP = "keep", "none", "search", "map"
OPTION_WORDS = {
    NOT_A_PLACE: "Not a place",
    SEARCH: "Another place: search the gazetteer…",
    ON_MAP: "Another place: click it on a map…",
}
ROLE_WORDS = {
    "filmed": "filmed here",
    "planned": "to be filmed here",
    "setting": "story setting",
    "scouted": "scouted",
    "other": "mentioned",
}


@dataclass(frozen=True)
class Draft:
    """One article waiting for review: what was read, and what geoparsing made of it."""

    meta: ArticleMeta
    result: ArticleResult | None
    error: str | None = None

    @property
    def key(self) -> str:
        return self.meta.content_hash[:12]


@dataclass(frozen=True)
class Decision:
    """A person's change to one toponym: a corrected place, or 'not a place'."""

    status: str  # "corrected" or "rejected"
    place: Place | None


def render() -> None:
    settings = resources.settings()
    st.title("Add articles")
    if settings.read_only:
        st.error("This server is read-only: articles cannot be added here.")
        return
    engine = resources.engine(settings.db_url)
    _show_last_saved()
    queue: list[Draft] = st.session_state.get(QUEUE, [])
    if queue:
        _review(engine, queue)
    else:
        _input(engine)


# Input ------------------------------------------------------------------------


def _input(engine: Engine) -> None:
    st.caption(
        "Paste an article or upload files. Reelmap finds the productions, places and dates "
        "in it; you check them before anything is saved."
    )
    source = st.segmented_control(
        "Source", ["Paste text", "Upload files"], default="Paste text", required=True,
        key="add.source", label_visibility="collapsed",
    )  # fmt: skip
    with st.form("add.form", border=True):
        if source == "Paste text":
            title = st.text_input("Headline", placeholder="Optional", max_chars=MAX_FIELD_CHARS)
            text = st.text_area(
                "Article text", height=260, placeholder="Paste the article here",
                max_chars=MAX_CHARS,
            )  # fmt: skip
            outlet_col, url_col = st.columns(2)
            outlet = outlet_col.text_input(
                "Outlet", placeholder="Optional", max_chars=MAX_FIELD_CHARS
            )
            url = url_col.text_input(
                "Link to the article", placeholder="Optional", max_chars=MAX_FIELD_CHARS
            )
        else:
            uploads = st.file_uploader(
                "Article files",
                type=sorted(s.lstrip(".") for s in SUFFIXES),
                accept_multiple_files=True,
                max_upload_size=MAX_MB,
                help="Text, Markdown (front matter welcome), HTML pages or JSON with a text field.",
            )
            st.caption(
                f"Up to {MAX_FILES} files at once, {MAX_MB} MB each and {MAX_TOTAL_MB} MB in all."
            )
        published = st.date_input(
            "Publication date",
            value=date.today(),
            format="YYYY-MM-DD",
            width=220,
            help="Relative dates such as 'last month' are read from this date. "
            "Files that carry their own date keep it.",
        )
        if not st.form_submit_button(
            "Find places", type="primary", icon=":material/travel_explore:"
        ):
            return
    if source == "Paste text":
        articles = [_pasted(text, title, outlet, url)]
    else:
        too_many = _over_limits(uploads or [])
        if too_many:
            st.error(too_many)
            return
        articles = _uploaded(uploads or [])
    if not articles:
        st.warning("Nothing to read yet: paste some text or choose files.")
        return
    st.session_state.pop(SAVED, None)
    st.session_state[QUEUE] = _parse_all(engine, articles, published)
    st.rerun()


def _pasted(text: str, title: str, outlet: str, url: str) -> SourceArticle:
    meta = ArticleMeta(
        text=normalize_text(text), title=title.strip(), outlet=outlet.strip(), url=url.strip(),
        source="pasted",
    )  # fmt: skip
    if not meta.text:
        return SourceArticle(meta, "empty article: no text to read")
    return SourceArticle(meta)


def _over_limits(files: Sequence[UploadedFile]) -> str | None:
    """Why this upload is refused as a whole, or None when it is within the limits."""
    if len(files) > MAX_FILES:
        return f"Too many files: {len(files)} (up to {MAX_FILES} at once)."
    total = sum(upload.size for upload in files)
    if total > MAX_TOTAL_MB * 1024 * 1024:
        return f"Too much at once: {total / 1e6:.1f} MB (up to {MAX_TOTAL_MB} MB in all)."
    return None


@st.cache_resource(show_spinner=False)
def _parse_pool() -> ParsePool:
    """Geoparser processes shared by every session: a slow article costs at most the
    budget, and the server's own process stays free for other sessions meanwhile."""
    return ParsePool(workers=min(2, os.cpu_count() or 1), budget_s=budget_from_env())


def _parse(engine: Engine, meta: ArticleMeta) -> Draft:
    """A draft with the geoparser's findings, or with its one-line reason for failing."""
    try:
        result, error = _parse_pool().parse(
            ParseJob(meta.text, meta.published, meta.title, tuple(overrides(engine)))
        )
    except (WorkerStartError, OSError):  # one line here; the details go to the server log
        log.exception("geoparsing an article from the Add page failed")
        return Draft(meta, None, "the geoparser could not run; see the server log")
    return Draft(meta, result, error)


def _uploaded(files: Sequence[UploadedFile]) -> list[SourceArticle]:
    """Read uploads with the same readers as `reelmap ingest`, through a temporary folder."""
    articles: list[SourceArticle] = []
    with tempfile.TemporaryDirectory(prefix="reelmap-upload-") as folder:
        for number, upload in enumerate(files):
            name = _safe_name(upload.name) or f"upload-{number}.txt"
            path = Path(folder) / f"{number}-{name}"
            path.write_bytes(upload.getvalue())
            for article in read_safely(path):
                meta = replace(article.meta, source=f"upload:{name}")
                articles.append(SourceArticle(meta, article.error))
    return articles


def _safe_name(name: str) -> str:
    """The upload's own file name, as text that can be stored and shown."""
    base = Path(name).name[:200]
    try:
        check_encodable("file name", base)
    except ValueError:
        return ""
    return base


def _parse_all(engine: Engine, articles: Sequence[SourceArticle], published: date) -> list[Draft]:
    """Geoparse each article with a visible status; a bad one becomes a draft with its error."""
    drafts: list[Draft] = []
    with st.status("Reading the articles…", expanded=True) as status:
        status.write("Loading the language model and the gazetteer (slow only the first time).")
        bar = st.progress(0.0)
        for number, article in enumerate(articles, start=1):
            meta = replace(article.meta, published=article.meta.published or published)
            status.update(label=f"Reading article {number} of {len(articles)}…")
            if article.error is not None:
                drafts.append(Draft(meta, None, article.error))
            else:
                drafts.append(_parse(engine, meta))
            bar.progress(number / len(articles))
        status.update(label="Done: review what was found below.", state="complete", expanded=False)
    return drafts


# Review -----------------------------------------------------------------------


def _review(engine: Engine, queue: list[Draft]) -> None:
    draft = queue[0]
    heading = draft.meta.title or "Untitled article"
    count = f"Article 1 of {len(queue)}" if len(queue) > 1 else "One article"
    st.subheader(escape_markdown(heading))
    details = [count, draft.meta.outlet, draft.meta.source.removeprefix("upload:")]
    st.caption(" · ".join(escape_markdown(d) for d in details if d))
    if draft.result is None:
        st.error(f"This article cannot be read: {escape_markdown(draft.error or 'unknown error')}")
        st.button("Skip it", on_click=_drop_first, icon=":material/skip_next:")
        return
    result = draft.result
    published = st.date_input(
        "Publication date",
        value=draft.meta.published or date.today(),
        format="YYYY-MM-DD",
        width=220,
        key=f"add.{draft.key}.published",
        help="Change it and read again if the dates below are off.",
    )
    if published != draft.meta.published:
        st.button(
            "Read again with this date", on_click=_reparse, args=(engine, published),
            icon=":material/refresh:",
        )  # fmt: skip
    titles = ", ".join(p.title for p in result.productions) or "none found"
    st.markdown(f"**Productions:** {escape_markdown(titles)}")

    text_col, places_col = st.columns([3, 2], gap="large")
    with places_col:
        st.markdown("**Places**")
        decisions = _place_choices(draft, result)
        _events(result)
    with text_col:
        st.html(ARTICLE_CSS + highlight_html(result.text, _spans(result, decisions)))
        st.caption(
            "Green: a place · amber: uncertain or not found · grey: not a place · blue: a date."
        )

    save_col, skip_col, _ = st.columns([1, 1, 3])
    if save_col.button("Save", type="primary", icon=":material/save:", width="stretch"):
        try:
            _save(engine, draft, decisions)
        except SQLAlchemyError:  # one line here; the details go to the server log
            log.exception("saving an article from the Add page failed")
            st.error("The article could not be saved: the store refused the write.")
            return
        st.rerun()
    skip_col.button("Skip", on_click=_drop_first, icon=":material/skip_next:", width="stretch")


def _place_choices(draft: Draft, result: ArticleResult) -> dict[int, Decision]:
    """One picker per distinct name and reading; returns the changes, per toponym index.

    An article repeats its places ("Norway" five times): one choice covers
    every mention of the same name that was read as the same place.
    """
    decisions: dict[int, Decision] = {}
    if not result.toponyms:
        st.info("No places found in this article.")
    several = len({t.production for t in result.toponyms}) > 1
    for number, indexes in enumerate(_groups(result.toponyms)):
        toponym = result.toponyms[indexes[0]]
        key = f"add.{draft.key}.{number}"
        alternatives = _alternatives(toponym)
        options = [KEEP, *(f"alt{i}" for i in range(len(alternatives)))]
        options += [NOT_A_PLACE, SEARCH, ON_MAP]
        roles = dict.fromkeys(result.toponyms[i].role for i in indexes)
        details = [" / ".join(ROLE_WORDS.get(role, role) for role in roles)]
        if several and toponym.production:
            details.append(toponym.production)
        if len(indexes) > 1:
            details.append(f"{len(indexes)} mentions")
        choice = st.selectbox(
            escape_markdown(f"{toponym.surface} · {', '.join(details)}"),
            options,
            format_func=partial(_option_label, toponym=toponym, alternatives=alternatives),
            key=key,
            help=escape_markdown(toponym.reason),
        )
        decision = _decision(choice or KEEP, toponym, alternatives, key)
        if decision is not None:
            decisions.update(dict.fromkeys(indexes, decision))
    return decisions


def _groups(toponyms: Sequence[Toponym]) -> list[list[int]]:
    """Toponym indexes grouped by name, place and production, in order of first mention."""
    groups: dict[tuple[str, str | None, str | None], list[int]] = {}
    for index, toponym in enumerate(toponyms):
        place = toponym.place
        where = f"{place.geonameid or ''}|{place.lat:.4f}|{place.lon:.4f}" if place else None
        groups.setdefault((toponym.surface.casefold(), where, toponym.production), []).append(index)
    return list(groups.values())


def _option_label(option: str, *, toponym: Toponym, alternatives: list[Place]) -> str:
    if option == KEEP:
        if toponym.place is None:
            return "Not found: choose below"
        return f"{toponym.place.label} ({toponym.confidence:.0%})"
    if option.startswith("alt"):
        return alternatives[int(option[3:])].label
    return OPTION_WORDS[option]


def _alternatives(toponym: Toponym) -> list[Place]:
    chosen = toponym.place.geonameid if toponym.place else None
    return [c.place for c in toponym.alternatives if c.place.geonameid != chosen]


def _decision(
    choice: str, toponym: Toponym, alternatives: list[Place], key: str
) -> Decision | None:
    if choice == KEEP:
        return None
    if choice == NOT_A_PLACE:
        return Decision("rejected", None)
    if choice.startswith("alt"):
        return Decision("corrected", alternatives[int(choice[3:])])
    place = _searched(toponym, key) if choice == SEARCH else _clicked(toponym, key)
    return Decision("corrected", place) if place is not None else None


def _searched(toponym: Toponym, key: str) -> Place | None:
    query = st.text_input("Search places", value=toponym.surface, key=f"{key}.q")
    found = resources.gazetteer().suggest(query, limit=8) if query.strip() else []
    if not found:
        st.caption("No place by that name.")
        return None
    # A new query starts from its best match, not from the last query's choice.
    return st.selectbox(
        "Matches", found, format_func=lambda p: p.label, key=f"{key}.pick.{query.casefold()}",
        label_visibility="collapsed",
    )  # fmt: skip


def _clicked(toponym: Toponym, key: str) -> Place | None:
    """A user place named like the mention, where the person clicked."""
    start = toponym.place or (toponym.alternatives[0].place if toponym.alternatives else None)
    point = _pick_point((start.lat, start.lon) if start else None, f"{key}.map")
    if point is None:
        st.caption("Click the map where the place is.")
        return None
    lat, lon = point
    near = resources.gazetteer().nearest(lat, lon, limit=1)
    country = near[0][0].country if near else ""
    where = f" near {near[0][0].name} ({near[0][1]:.0f} km)" if near else ""
    st.caption(escape_markdown(f"Picked {lat:.4f}, {lon:.4f}{where}."))
    return Place(
        geonameid=None, name=toponym.surface, country=country, lat=lat, lon=lon, kind="user"
    )


def _pick_point(center: tuple[float, float] | None, key: str) -> tuple[float, float] | None:
    """A small map that remembers, and marks, the last point clicked on it."""
    memory = f"{key}.point"
    picked: tuple[float, float] | None = st.session_state.get(memory)
    spot = picked or center
    picker = folium.Map(
        location=spot or (20.0, 0.0), zoom_start=9 if spot else 2, control_scale=True
    )
    use_local_assets(picker, streamlit_static_url())
    if picked is not None:
        folium.CircleMarker(picked, radius=8, color="#C2410C", weight=3, fill=True).add_to(picker)
    state = st_folium(
        picker, key=key, height=300, use_container_width=True, returned_objects=["last_clicked"]
    )
    clicked = (state or {}).get("last_clicked")
    if isinstance(clicked, dict):
        point = (round(float(clicked["lat"]), 5), round(float(clicked["lng"]), 5))
        if point != picked:
            st.session_state[memory] = point
            st.rerun()  # draw the mark where the click was
    return picked


def _events(result: ArticleResult) -> None:
    if not result.events:
        return
    st.markdown("**Dates**")
    for event in result.events:
        when = (
            event.start.isoformat() if event.start == event.end else f"{event.start} – {event.end}"
        )
        what = event.kind.replace("_", " ").capitalize()
        said = f" (“{event.expression}”)" if event.expression else ""
        st.caption(escape_markdown(f"{what}: {when}{said}"))


def _spans(result: ArticleResult, decisions: dict[int, Decision]) -> list[Span]:
    spans = []
    for index, toponym in enumerate(result.toponyms):
        decision = decisions.get(index)
        place = decision.place if decision else toponym.place
        if decision is not None and decision.status == "rejected":
            kind, label = "rejected", "not a place"
        elif place is None:
            kind, label = "uncertain", "not found"
        elif decision is None and toponym.confidence < UNCERTAIN_BELOW:
            kind, label = "uncertain", f"{place.label} ({toponym.confidence:.0%})"
        else:
            kind, label = "place", place.label
        spans.append(Span(toponym.start, toponym.end, kind, label))
    for event in result.events:
        found = _locate(result.text, event.sentence, event.expression)
        if found is not None:
            spans.append(Span(found, found + len(event.expression), "date", event.kind))
    return spans


def _locate(text: str, sentence: str, expression: str) -> int | None:
    """Where an event's date expression is in the text (events carry no offsets)."""
    at = text.find(sentence) if sentence else -1
    inner = sentence.find(expression) if at >= 0 and expression else -1
    return at + inner if inner >= 0 else None


# Actions ----------------------------------------------------------------------


def _drop_first() -> None:
    queue: list[Draft] = st.session_state.get(QUEUE, [])
    st.session_state[QUEUE] = queue[1:]


def _reparse(engine: Engine, published: date) -> None:
    queue: list[Draft] = st.session_state.get(QUEUE, [])
    draft = queue[0]
    meta = replace(draft.meta, published=published)
    st.session_state[QUEUE] = [_parse(engine, meta), *queue[1:]]


def _save(engine: Engine, draft: Draft, decisions: dict[int, Decision]) -> None:
    """Store the article, then each change as a correction (which later parses reuse)."""
    assert draft.result is not None
    article_id = save_article(engine, draft.meta, draft.result)
    ids = mention_ids(engine, article_id)
    for index, decision in decisions.items():
        toponym = draft.result.toponyms[index]
        mention_id = ids.get((toponym.start, toponym.end))
        if mention_id is not None:
            correct_mention(
                engine, mention_id, place=decision.place, status=decision.status, note=NOTE
            )
    pinned = [
        t for i, t in enumerate(draft.result.toponyms)
        if (decisions[i].place if i in decisions else t.place) is not None
    ]  # fmt: skip
    st.session_state[SAVED] = (
        draft.meta.title or "The article",
        len(pinned),
        [p.title for p in draft.result.productions],
    )
    _drop_first()


def _show_last_saved() -> None:
    """Confirm the last save, with a way to see its pins (until the next article is read)."""
    saved = st.session_state.get(SAVED)
    if saved is None:
        return
    title, places, productions = saved
    st.success(escape_markdown(f"Saved “{title}” with {places} places."), icon=":material/check:")
    if productions and st.button("Show it on the map", icon=":material/map:", key="add.show"):
        st.session_state.pop(SAVED, None)
        sidebar.set_productions([t for t in productions if t])
        session.update(center=None, zoom=None)
        st.switch_page("views/map.py")


if __name__ == "__main__":
    render()
