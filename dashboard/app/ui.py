"""Showing untrusted text safely: Markdown escaping and the highlighted article.

Article text, titles, place names and URL values come from outside. Streamlit
renders Markdown (with its own directives such as `:red[...]` and `$...$`),
so text is escaped before any `st.markdown`-like call; the highlighted
article is built from HTML-escaped pieces, never from the raw text.
"""

from __future__ import annotations

import html
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.app.palette import Look

_MARKDOWN_SPECIAL = frozenset(string.punctuation)


def escape_markdown(text: str) -> str:
    """`text` shown literally by Streamlit's Markdown (every ASCII punctuation escaped)."""
    escaped = "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)
    # A line break inside Markdown would start a new block (a heading, a list...).
    return " ".join(escaped.split())


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 location', '3 locations', '2 countries'."""
    return f"{count:,} {singular if count == 1 else many or singular + 's'}"


@dataclass(frozen=True)
class Span:
    """A stretch of the article to highlight: a place or a date."""

    start: int
    end: int
    kind: str  # "place", "uncertain", "rejected" or "date": the CSS class
    label: str  # shown on hover


def highlight_html(text: str, spans: Iterable[Span]) -> str:
    """The article as HTML with `spans` wrapped in <mark>; all text is escaped.

    Spans are placed by character offsets; overlapping or out-of-range ones are
    skipped so a bad offset can never cut the text or duplicate it.
    """
    pieces: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position or span.end <= span.start or span.end > len(text):
            continue
        pieces.append(html.escape(text[position : span.start]))
        pieces.append(
            f'<mark class="rm-{html.escape(span.kind)}" title="{html.escape(span.label)}">'
            f"{html.escape(text[span.start : span.end])}</mark>"
        )
        position = span.end
    pieces.append(html.escape(text[position:]))
    return f'<div class="rm-article">{"".join(pieces)}</div>'


ARTICLE_CSS = """
<style>
.rm-article { white-space: pre-wrap; line-height: 1.65; font-size: 0.98rem;
  max-height: 30rem; overflow-y: auto; padding: 0.75rem 1rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.15); }
.rm-article mark { border-radius: 0.25rem; padding: 0 0.15rem; }
.rm-article mark.rm-place { background: #c7ecd9; }
.rm-article mark.rm-uncertain { background: #ffe2a8; }
.rm-article mark.rm-rejected { background: #eeeeee; text-decoration: line-through; }
.rm-article mark.rm-date { background: #d7e3fc; }
</style>
"""


def safe_url(url: object) -> str | None:
    """`url` if it is a web address; None for anything a click could run (javascript: ...)."""
    text = str(url or "").strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    return text if scheme in ("http", "https") and "//" in text[:10] else None


@dataclass(frozen=True)
class Stop:
    """One location in a production's shoot, for the map's side panel."""

    order: int
    place: str
    when: str
    selected: bool = False


def dot(look: Look) -> str:
    """A production's swatch (colours and shapes come from our palette, never from data)."""
    return (
        f'<span class="rm-dot rm-shape-{html.escape(look.shape)}" '
        f'style="background:{html.escape(look.color)}"></span>'
    )


def overview_html(rows: Iterable[tuple[str, Look, str]]) -> str:
    """Productions on the map: (title, look, detail line), escaped."""
    items = "".join(
        f"<li>{dot(look)}<span><b>{html.escape(title)}</b>"
        f"<small>{html.escape(detail)}</small></span></li>"
        for title, look, detail in rows
    )
    return f'<ul class="rm-list">{items}</ul>'


def _stop_items(stops: Iterable[Stop], numbered: bool) -> str:
    return "".join(
        f'<li class="{"rm-current" if stop.selected else ""}">'
        + (
            f'<span class="rm-step">{stop.order}</span>'
            if numbered
            else '<span class="rm-step rm-undated">?</span>'
        )
        + f"<span>{html.escape(stop.place)}<small>{html.escape(stop.when)}</small></span></li>"
        for stop in stops
    )


def shoot_html(title: str, look: Look, dated: Sequence[Stop], undated: Sequence[Stop] = ()) -> str:
    """A production's dated stops in shooting order, then its undated places apart."""
    parts = [f'<div class="rm-shoot-title">{dot(look)}<b>{html.escape(title)}</b></div>']
    if dated:
        parts.append(f'<ol class="rm-list rm-shoot">{_stop_items(dated, True)}</ol>')
    if undated:
        parts.append(
            f'<div class="rm-undated-head">Undated ({len(undated)}): shown on the map, '
            "not on the route</div>"
            f'<ul class="rm-list rm-shoot">{_stop_items(undated, False)}</ul>'
        )
    return "".join(parts)


APP_CSS = """
<style>
/* Less empty space above each page: the top navigation already frames it. */
.block-container { padding-top: 3.2rem; padding-bottom: 2rem; }
/* Room for the four role buttons on one line, on screens wide enough. */
@media (min-width: 992px) { section[data-testid="stSidebar"] { min-width: 340px; } }
h1 { font-size: 2rem; }
.rm-list { list-style: none; padding: 0; margin: 0.25rem 0 0.75rem 0; }
.rm-list li { display: flex; gap: 0.6rem; align-items: flex-start; padding: 0.35rem 0;
  border-bottom: 1px solid rgba(49, 51, 63, 0.08); line-height: 1.3; }
.rm-list li small { display: block; color: #6b7280; font-size: 0.8rem; }
.rm-dot { flex: none; width: 0.8rem; height: 0.8rem; border-radius: 50%; margin-top: 0.2rem;
  display: inline-block; box-shadow: 0 0 0 2px #fff, 0 0 0 3px rgba(0, 0, 0, 0.15); }
.rm-shoot-title { display: flex; gap: 0.6rem; align-items: center; font-size: 1.05rem; }
.rm-step { flex: none; width: 1.4rem; height: 1.4rem; border-radius: 50%; font-size: 0.75rem;
  display: inline-flex; align-items: center; justify-content: center;
  background: #eceae6; color: #1f2933; }
.rm-current { font-weight: 600; }
.rm-undated { background: transparent; border: 1px dashed #9aa1a9; color: #6b7280; }
.rm-undated-head { font-size: 0.8rem; color: #6b7280; margin-top: 0.5rem; }
.rm-shape-square { border-radius: 1px; }
.rm-shape-diamond { border-radius: 0; clip-path: polygon(50% 0, 100% 50%, 50% 100%, 0 50%); }
.rm-shape-triangle { border-radius: 0; clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.rm-current .rm-step { background: #1f2933; color: #fff; }
</style>
"""
