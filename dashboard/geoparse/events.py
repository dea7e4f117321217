"""Schedule events: what happened (or will) when, and where.

A date in a sentence becomes an event when the sentence says what kind of
event it is (filming, wrap, next destination, release, announcement). Places
whose role is "planned" but whose sentence has no date still get a
next-destination event on the publication date, so a route can put Rome after
the Norway shoot that the same article reports as done.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dashboard.geoparse.dates import resolve
from dashboard.model import Event, EventKind, Toponym

_KIND_CUES: tuple[tuple[EventKind, re.Pattern[str]], ...] = (
    (
        "release",
        re.compile(
            r"\b(releas(e|ed|es|ing)|premiere[ds]?|arrive[sd]? (in|on)|"
            r"set to arrive|hits? (theaters|theatres|cinemas|screens)|"
            r"debut(s|ed)?|in (theaters|theatres|cinemas)|open(s|ed)? (in|on)|"
            r"streaming|out (on|in))\b",
            re.I,
        ),
    ),
    (
        "wrap",
        re.compile(
            r"\b(wrap(ped|s)?|end of (filming|shooting|production)|"
            r"finish(ed|es)? (filming|shooting)|completed (filming|shooting))\b",
            re.I,
        ),
    ),
    (
        "next_destination",
        re.compile(
            r"\b(next (destination|stop|location)|will (film|shoot|"
            r"head|move)|heads? to|heading to|(is|are) (set|scheduled|due|"
            r"expected|slated) to (film|shoot|begin|start)|"
            r"starts? (filming|shooting)|begins? (filming|shooting))\b",
            re.I,
        ),
    ),
    (
        "filming",
        re.compile(
            r"\b(film(ed|ing)?|shoot(ing)?|shot|lens(ed|ing)|stunts?|"
            r"scenes?|production|on location|on set|cameras?)\b",
            re.I,
        ),
    ),
    (
        "announcement",
        re.compile(r"\b(announc(e|ed|es|ement)|confirm(ed|s)?|revealed|unveil(ed)?)\b", re.I),
    ),
)
_FUTURE = re.compile(
    r"\b(will|shall|is set to|are set to|is due|scheduled|upcoming|next|"
    r"slated|expected to|plans? to|going to)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    sentence: str
    sentence_start: int


def event_kind(sentence: str) -> EventKind | None:
    for kind, pattern in _KIND_CUES:
        if pattern.search(sentence):
            return kind
    return None


def build_events(
    dates: Sequence[DateMention],
    toponyms: Sequence[Toponym],
    published: date | None,
    default_production: str | None,
) -> list[Event]:
    events: list[Event] = []
    dated_sentences: set[str] = set()
    for mention in dates:
        kind = event_kind(mention.sentence)
        if kind is None:
            continue
        tense = "future" if _FUTURE.search(mention.sentence) or kind == "release" else "past"
        span = resolve(mention.text, published, tense)
        if span is None:
            continue
        index = _place_in_sentence(mention, toponyms, kind)
        production = toponyms[index].production if index is not None else default_production
        events.append(
            Event(
                kind,
                span.start,
                span.end,
                span.precision,
                mention.text,
                mention.sentence,
                production or default_production,
                index,
            )
        )
        dated_sentences.add(mention.sentence)
    if published is not None:
        events.extend(_undated_plans(toponyms, published, dated_sentences, events))
    return sorted(events, key=lambda e: (e.start, e.kind))


def _place_in_sentence(
    mention: DateMention, toponyms: Sequence[Toponym], kind: EventKind
) -> int | None:
    if kind in ("release", "announcement"):
        return None
    wanted = ("planned",) if kind == "next_destination" else ("filmed", "planned")
    inside = [
        i
        for i, t in enumerate(toponyms)
        if t.sentence == mention.sentence and t.role in wanted and t.place is not None
    ]
    if not inside:
        return None
    return min(inside, key=lambda i: abs(toponyms[i].start - mention.start))


def _undated_plans(
    toponyms: Sequence[Toponym], published: date, dated: set[str], events: Sequence[Event]
) -> list[Event]:
    linked = {e.toponym for e in events}
    seen: set[str] = set()
    extra = []
    for i, toponym in enumerate(toponyms):
        if (
            toponym.role != "planned"
            or toponym.place is None
            or i in linked
            or toponym.sentence in dated
        ):
            continue
        key = toponym.place.geonameid or toponym.place.name
        if key in seen:
            continue
        seen.add(key)
        extra.append(
            Event(
                "next_destination",
                published,
                published,
                "day",
                "",
                toponym.sentence,
                toponym.production,
                i,
            )
        )
    return extra
