"""From an article's text to its places, productions and schedule.

parse_article() is the one entry point the CLI, the store and the app share:
recognise mentions -> resolve them together -> attach productions, roles and
dated events. Everything is offline; the only file read is the gazetteer.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from dashboard.gazetteer import Gazetteer, normalize_name
from dashboard.geoparse import languages
from dashboard.geoparse.coordination import LIST_GAP
from dashboard.geoparse.events import build_events, find_dates, pending_dates
from dashboard.geoparse.productions import (
    TitleMention,
    extract_productions,
    find_untitled,
)
from dashboard.geoparse.recognize import Mention, Recognizer, doc_text, load_nlp
from dashboard.geoparse.resolve import Resolution, Resolver, haversine_km
from dashboard.geoparse.roles import PlaceSpan, RoleDecision, decide_roles
from dashboard.model import (
    ArticleResult,
    Event,
    Override,
    Place,
    Production,
    Toponym,
    title_key,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_CHARS = 1_000_000  # spaCy's own limit; longer input is almost surely not an article

__all__ = ["ParseError", "Parser", "default_parser", "parse_article", "validate_text"]


class ParseError(ValueError):
    """The input cannot be an article; the message is one line for the user."""


def validate_text(text: str) -> str:
    """Reject what is not an article text, with a reason a person can act on."""
    if not text or not text.strip():
        raise ParseError("empty article: no text to read")
    if "\x00" in text:
        raise ParseError("binary data, not text")
    if len(text) > MAX_CHARS:
        raise ParseError(f"too long: {len(text):,} characters (limit {MAX_CHARS:,})")
    control = sum(1 for ch in text[:10_000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > 0.01 * min(len(text), 10_000):
        raise ParseError("binary data, not text (control characters)")
    return text


# Tags left in text pasted or scraped from a web page. Only known HTML tag
# names match, so "a < b > c" in prose stays as it is.
_MARKUP = re.compile(
    r"</?(?P<tag>p|br|div|span|a|em|strong|b|i|u|small|sup|sub|li|ul|ol|h[1-6]|blockquote|"
    r"figure|figcaption|img|section|article|header|footer|table|tr|td|th)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    "p br div li ul ol h1 h2 h3 h4 h5 h6 blockquote figure figcaption section article header "
    "footer table tr".split()
)


def without_markup(text: str) -> str:
    """HTML tags blanked out, at the same length so every offset still points into `text`.

    "Toronto.</p><p>During" is two sentences to a reader; to the tokenizer it is
    one word unless the tags go. A block tag becomes a line break.
    """
    if "<" not in text:
        return text

    def blank(match: re.Match[str]) -> str:
        width = match.end() - match.start()
        if match.group("tag").lower() in _BLOCK_TAGS:
            return "\n" + " " * (width - 1)
        return " " * width

    return _MARKUP.sub(blank, text)


class Parser:
    """A loaded spaCy pipeline and gazetteer; parse many articles with one."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.open()
        self.nlp = load_nlp()
        self.recognizer = Recognizer(self.gazetteer)
        self.resolver = Resolver(self.gazetteer)

    def parse(
        self,
        text: str,
        published: date | None = None,
        overrides: Sequence[Override] = (),
        headline: str = "",
    ) -> ArticleResult:
        validate_text(text)
        return self._from_doc(self.nlp(without_markup(text)), published, overrides, headline)

    def parse_many(
        self,
        items: Iterable[tuple[str, date | None]],
        overrides: Sequence[Override] = (),
        batch_size: int = 32,
    ) -> Iterator[ArticleResult | ParseError]:
        """Parse a stream of (text, published); bad items yield their ParseError."""
        pending: list[tuple[str, date | None]] = []

        def flush() -> Iterator[ArticleResult]:
            docs = self.nlp.pipe([without_markup(t) for t, _ in pending], batch_size=batch_size)
            for doc, (_, published) in zip(docs, pending, strict=True):
                yield self._from_doc(doc, published, overrides)
            pending.clear()

        for text, published in items:
            try:
                validate_text(text)
            except ParseError as error:
                yield from flush()
                yield error
                continue
            pending.append((text, published))
            if len(pending) >= batch_size:
                yield from flush()
        yield from flush()

    def _from_doc(
        self, doc: Doc, published: date | None, overrides: Sequence[Override], headline: str = ""
    ) -> ArticleResult:
        text = doc_text(doc)
        language = languages.detect(text)
        mentions = self.recognizer.mentions_in(doc, language)
        people = _people_spans(text, doc)
        # Names spaCy calls places count as places for the title rules, placed or not
        # ("the desert scenes of Arrakis" names a planet, not a film).
        places = [(m.start, m.end) for m in mentions] + [
            (e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC")
        ]
        productions, titles = extract_productions(text, headline, people, places, language)
        masked = _Spans(_title_spans(text, titles, productions))
        mentions = [m for m in mentions if not masked.covers(m.start)]
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        starts = [s for s, _ in sentences]
        owner_of = _Owners(text, titles, productions)
        owners = [
            owner_of(m.start, sentences[max(0, bisect.bisect_right(starts, m.start) - 1)])
            for m in mentions
        ]
        applied = _match_overrides(mentions, owners, overrides)
        keep = [i for i in range(len(mentions)) if not (i in applied and applied[i].place is None)]
        mentions = [mentions[i] for i in keep]
        owners = [owners[i] for i in keep]
        applied = {new: applied[old] for new, old in enumerate(keep) if old in applied}
        resolutions = self.resolver.resolve(mentions, text, applied)
        named = _not_places(text, mentions, resolutions, titles, productions, _Spans(people))
        if named:
            keep = [i for i in range(len(mentions)) if i not in named]
            mentions = [mentions[i] for i in keep]
            owners = [owners[i] for i in keep]
            resolutions = [resolutions[i] for i in keep]
        numbers = [max(0, bisect.bisect_right(starts, m.start) - 1) for m in mentions]
        decisions = _roles_by_sentence(text, sentences, mentions, numbers, language)
        toponyms = []
        for mention, resolution, production, number, decision in zip(
            mentions, resolutions, owners, numbers, decisions, strict=True
        ):
            s_start, s_end = sentences[number]
            reason = resolution.reason
            if mention.evidence:
                reason = f"{reason} (found as {mention.evidence}; role: {decision.cue})"
            toponyms.append(
                Toponym(
                    start=mention.start,
                    end=mention.end,
                    surface=mention.surface,
                    sentence=text[s_start:s_end].strip(),
                    place=resolution.place,
                    confidence=round(resolution.confidence, 3),
                    reason=reason,
                    role=decision.role,
                    approximate=resolution.approximate,
                    alternatives=resolution.alternatives,
                    production=production,
                )
            )
        toponyms = _with_list_mates(text, _with_containers(toponyms, decisions), decisions)
        if productions:
            shot = _with_dateline_shoot(text, toponyms, decisions)
            if shot != toponyms:  # the dateline town's state holds the shoot too
                shot = _with_containers(shot, decisions)
            toponyms = shot
        if not productions:
            toponyms, productions = _without_title(text, toponyms)
        date_mentions = find_dates(doc, masked.covers, language)
        main = productions[0].title if productions else None
        events = build_events(date_mentions, toponyms, published, main, productions)
        toponyms = _with_dated_plans(toponyms, events, published)
        productions = _with_release_years(productions, events)
        return ArticleResult(
            text=text,
            published=published,
            toponyms=tuple(toponyms),
            productions=tuple(productions),
            events=tuple(events),
            pending_dates=tuple(pending_dates(date_mentions, published)),
            language=language,
            notice=languages.notice(language),
        )


def _not_places(
    text: str,
    mentions: Sequence[Mention],
    resolutions: Sequence[Resolution],
    titles: Sequence[TitleMention],
    productions: Sequence[Production],
    people: _Spans,
) -> set[int]:
    """Guessed places whose name the article gives a production or a person.

    spaCy reads an unfamiliar capitalised name as a place ("Mausam has completed
    its schedule", "Oliver Stone's unit"); with no gazetteer entry it would be
    pinned at the town beside it. A name the article gives a production or a
    person is that, not a landmark.
    """
    keys = {m.key for m in titles} | {
        title_key(form) for p in productions for form in (p.title, *p.aliases)
    }

    def person(mention: Mention) -> bool:
        # A full name, all of it: not "Lincoln" of "Lincoln Memorial" beside Abraham
        # Lincoln, nor a lone unfamiliar word spaCy takes for a person ("Svaneti").
        if " " not in mention.surface:
            return False
        if people.covers(mention.start) and people.covers(mention.end - 1):
            return True
        # "Audrey Hepburn and X": a list of people, its neighbour a full name
        listed = _LIST_BEFORE.search(text, max(0, mention.start - 12), mention.start)
        before = people.around(listed.start() - 1) if listed else None
        return before is not None and " " in text[before[0] : before[1]].strip()

    return {
        i
        for i, (mention, resolution) in enumerate(zip(mentions, resolutions, strict=True))
        if resolution.guessed  # not "Roma, the Mexico City neighbourhood" of the film "Roma"
        and (
            title_key(mention.surface) in keys
            or person(mention)
            or _CREDIT_AFTER.match(text, mention.end) is not None  # "the Oliver Stone movie"
        )
    }


# A list's separator right before a name: ", " or " and ".
_LIST_BEFORE = re.compile(r"(?:,\s*|\s+(?:and|&)\s+)$")
# A name that a film word follows names whose film it is, not where it was shot.
_CREDIT_AFTER = re.compile(
    r"['’]?s?\s+(?:movie|film|picture|series|biopic|sequel)\b(?!\s+(?:village|studios?|sets?|"
    r"city|locations?|festival|industry|commission|office|school|academy|fund|market|hub))"
)


def _roles_by_sentence(
    text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    numbers: Sequence[int],
    language: str,
) -> list[RoleDecision]:
    """Each mention's role, decided with the other places of its sentence."""
    by_sentence: dict[int, list[int]] = {}
    for i, number in enumerate(numbers):
        by_sentence.setdefault(number, []).append(i)
    decisions: list[RoleDecision | None] = [None] * len(mentions)
    for number, indexes in by_sentence.items():
        s_start, s_end = sentences[number]
        sentence = text[s_start:s_end]
        neighbours = tuple(
            text[a:b].strip() for a, b in sentences[max(0, number - 1) : number + 2] if a != s_start
        )
        spans = [
            PlaceSpan(
                mentions[i].start - s_start,
                mentions[i].end - s_start,
                mentions[i].surface,
                mentions[i].kind == "demonym",
            )
            for i in indexes
        ]
        after = [text[mentions[i].end : mentions[i].end + 30] for i in indexes]
        for i, decision in zip(
            indexes, decide_roles(sentence, spans, neighbours, after, language), strict=True
        ):
            decisions[i] = decision
    return [d for d in decisions if d is not None]


def _without_title(text: str, toponyms: list[Toponym]) -> tuple[list[Toponym], list[Production]]:
    """An article that names no production: an untitled one it describes, or none.

    With no production at all (a film commission's brochure, an incentive
    story) no place is a filming place: nothing was shown to be shot there.
    """
    untitled = find_untitled(text)
    if untitled is None and _ABOUT_A_PRODUCTION.search(text):
        return toponyms, []  # "the film", "the shoot": one production, its title not found
    if untitled is None:
        return [
            replace(t, role="other", reason=f"{t.reason}; no production named")
            if t.role in ("filmed", "planned")
            else t
            for t in toponyms
        ], []
    filmed = next((t for t in toponyms if t.role == "filmed" and t.place is not None), None)
    title = f"Untitled {untitled[1]}"
    if filmed is not None and filmed.place is not None:
        title = f"{title} in {filmed.place.name}"
    production = Production(title=title, kind=_untitled_kind(untitled[1]))
    return [replace(t, production=title) for t in toponyms], [production]


# The noun in lower case: "the Film In Malaysia Incentive" names a scheme, not a film.
_ABOUT_A_PRODUCTION = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Oo]ur) (?:film|movie|series|show|production|shoot|miniseries|feature|"
    r"picture|sequel|episode)(?:['’]s)?\b(?! (?:industry|commission|office|festival|sector|"
    r"market|incentives?|fund|business|capital|hub|destination|tourism)\b)"
)


def _untitled_kind(description: str) -> Literal["film", "series", "unknown"]:
    last = description.split()[-1]
    if last in ("series", "miniseries", "show", "serie"):
        return "series"
    return (
        "film"
        if last in ("film", "movie", "flick", "feature", "thriller", "picture")
        else "unknown"
    )


def _contains(outer: Place, inner: Place) -> bool:
    if outer.kind == "country":
        return inner.country == outer.country and inner.kind != "country"
    if outer.kind == "admin1":
        return inner.country == outer.country and inner.admin1 == outer.name
    if outer.kind == "admin2":
        return inner.country == outer.country and inner.admin2 == outer.name
    return False


_FILMING = ("filmed", "planned")
_NEAR_KM = 25  # an unmarked street or district this close to a shoot belongs to it
_FINE_KINDS = ("city", "admin2", "user")


def _with_containers(
    toponyms: Sequence[Toponym], decisions: Sequence[RoleDecision]
) -> list[Toponym]:
    """Places the sentence said nothing about take their role from the article's shoot.

    A region that holds a filming place was filmed in too ("Morocco" around
    "Ouarzazate"), and so is a filming place named again; a town or street a
    few kilometres from one, or inside a country or region the article says
    was filmed, is part of the same shoot ("Main Street" in a story about
    filming in Cambridge); so is a dateline town where the article's shoot
    happened. Places whose sentence gave a role (a home, a premiere) keep it.
    Continents are never filming places: they are too large to be a pin.
    """
    filmed = list(
        {
            (t.place.geonameid or t.place.label): t
            for t in toponyms
            if t.role in _FILMING and t.place is not None and t.place.kind != "continent"
        }.values()
    )[:200]
    fine = [t for t in filmed if t.place is not None and t.place.kind in _FINE_KINDS]
    out = []
    for toponym, decision in zip(toponyms, decisions, strict=True):
        place = toponym.place
        if place is not None and place.kind == "continent":
            if toponym.role in _FILMING:
                toponym = replace(toponym, role="other")  # a story may still be set there
        elif place is not None and not decision.governed:
            inner = next(
                (
                    t
                    for t in filmed
                    if _contains(place, t.place)  # type: ignore[arg-type]
                    or t.place == place
                ),
                None,
            )
            if inner is None and toponym.role == "other" and place.kind in _FINE_KINDS:
                inner = next(
                    (t for t in fine if haversine_km(place, t.place) <= _NEAR_KM),  # type: ignore[arg-type]
                    None,
                ) or next(
                    (
                        t
                        for t in filmed
                        if t.place is not None
                        and t.place.kind != "continent"
                        and t.role == "filmed"
                        and _contains(t.place, place)
                    ),
                    None,
                )
            if inner is not None:
                toponym = replace(
                    toponym,
                    role=inner.role,
                    production=toponym.production or inner.production,
                    reason=f"{toponym.reason}; part of the shoot at {inner.surface}",
                )
        out.append(toponym)
    return out


_SHOOT_WORDS = re.compile(r"\b(?:filming|filmed|shooting|shoot|shot on location|on set)\b", re.I)


def _with_dateline_shoot(
    text: str, toponyms: list[Toponym], decisions: Sequence[RoleDecision]
) -> list[Toponym]:
    """A local story about a shoot that places it nowhere: the shoot is in its dateline town.

    "HARTFORD, CT - Streets are covered in fake snow ... the movie is filming
    downtown" names the production and its streets but no other place; the
    streets are not in the gazetteer, so the town of the dateline is the pin.
    """
    if any(
        d.role in _FILMING and t.place is not None and not t.approximate
        for t, d in zip(toponyms, decisions, strict=True)
    ):  # the text itself places the shoot (a state that holds a street does not)
        return toponyms
    if not _SHOOT_WORDS.search(text):
        return toponyms
    out = list(toponyms)
    for i, (toponym, decision) in enumerate(zip(toponyms, decisions, strict=True)):
        place = toponym.place
        if decision.cue == "dateline" and place is not None and place.kind in _FINE_KINDS:
            out[i] = replace(
                toponym,
                role="filmed",
                reason=f"{toponym.reason}; the dateline town of a shoot placed nowhere else",
            )
            break
    return out


_LIST_REACH_KM = 200  # a list of local places: a namesake abroad is another reading


def _with_list_mates(
    text: str, toponyms: list[Toponym], decisions: Sequence[RoleDecision]
) -> list[Toponym]:
    """Places of one list share the shoot one of them was found part of.

    "Newnan, Grantville and Turin" with nothing said of them: if Newnan turns
    out to be a filming place, so are the others.
    """
    out = list(toponyms)
    for order in (range(1, len(out)), range(len(out) - 2, -1, -1)):
        for i in order:
            j = i - 1 if order.step == 1 else i + 1
            mate, here = out[j], out[i]
            first, second = (mate, here) if j < i else (here, mate)
            if (
                here.role == "other"
                and not decisions[i].governed
                and mate.role in ("filmed", "planned")
                and not decisions[j].governed
                and mate.place is not None
                and here.place is not None
                and LIST_GAP.fullmatch(text, first.end, second.start)
                and haversine_km(mate.place, here.place) <= _LIST_REACH_KM
            ):
                out[i] = replace(
                    here,
                    role=mate.role,
                    production=here.production or mate.production,
                    reason=f"{here.reason}; listed with {mate.surface}",
                )
    return out


def _title_spans(
    text: str, titles: Sequence[TitleMention], productions: Sequence[Production]
) -> list[tuple[int, int]]:
    """Where production titles are written, quoted or not ("The Last of Us" is no US).

    Unquoted repeats count only for titles of three words or more: "Paris, Texas"
    unquoted is more likely the town than the film. A shorter one counts where
    a production shoots ("Largo will be filming in Port Hope"): a town does not.
    """
    spans = [(t.start, t.end) for t in titles if t.start >= 0]
    for production in productions:
        for form in (production.title, *production.aliases):
            repeats = re.finditer(re.escape(form), text)
            if len(form.split()) >= 3:
                spans.extend(m.span() for m in repeats)
            else:
                spans.extend(m.span() for m in repeats if _SHOOTS_AFTER.match(text, m.end()))
    return spans


# A production as the subject of its shoot ("X will be filming", "X wrapped") or
# before the word for it ("the X film"; not "the X film festival").
_SHOOTS_AFTER = re.compile(
    r"\s+(?:(?:will be|is|are|was|were|has been|have been|had been|began|begins|started|"
    r"starts|will start|continues|continued)\s+)?(?:filming|shooting|to film|to shoot)\b"
    r"|\s+(?:films|shoots|wrapped|wraps|will film|will shoot|filmed scenes|shot scenes)\b"
    r"|\s+(?:film|movie|sequel|shoot)\b(?!\s+(?:festival|industry|commission|office|fund))",
    re.IGNORECASE,
)


_DASH = re.compile(r"\s+[-–—]\s+")
_POSSESSIVE = re.compile(r"['’]s?(?=\s|$)")


def _people_spans(text: str, doc: Doc) -> list[tuple[int, int]]:
    """Where the article names people: its PERSON entities, and their names' words
    wherever else they stand ("Tom Cruise" ... "Cruise filmed"), which are no titles.

    A "person" in lower case ("la luna se rodó", English spaCy on Spanish) is no name.
    A "person" across a dash ("Strangers - John Simm") is the name after it, and one
    across a possessive ("David Michod's War Machine") the name before it.
    """
    names = []
    for e in doc.ents:
        if e.label_ != "PERSON":
            continue
        dashes = list(_DASH.finditer(e.text))
        start = e.start_char + (dashes[-1].end() if dashes else 0)
        possessive = _POSSESSIVE.search(text, start, e.end_char)
        end = possessive.start() if possessive else e.end_char
        if text[start : start + 1].isupper() and end > start:
            names.append((start, end))
    spans = list(names)
    words = {
        word
        for a, b in names
        if " " in text[a:b]
        for word in text[a:b].split()
        if len(word) > 2 and word[:1].isupper()
    }
    if words:
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b")
        spans.extend(m.span() for m in pattern.finditer(text))
    return sorted(set(spans))


class _Spans:
    """Character spans (merged), asked many times whether they cover an offset."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def covers(self, offset: int) -> bool:
        return self.around(offset) is not None

    def around(self, offset: int) -> tuple[int, int] | None:
        """The span that covers `offset`, if any."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 and offset < self.ends[i] else None


class _Owners:
    """Which production a place belongs to, in an article that may name several.

    A title in the place's own sentence wins (the nearest before it, else the
    first after it: "Jordan doubled for Mars in 'The Martian'"); then the last
    title named shortly before; then the production the article is mostly about.
    A title named only as a reference ("the valley made famous by 'Lawrence of
    Arabia'") owns no place: the sentence is about another production's shoot.
    A title named inside a paragraph ("... and where 'Dr. No' was filmed in
    1962") governs the rest of that paragraph only; one that opens its paragraph
    or stands as a heading governs the paragraphs after it too.
    """

    _REACH = 600  # characters back that a title still governs: about a paragraph

    def __init__(
        self, text: str, titles: Sequence[TitleMention], productions: Sequence[Production]
    ) -> None:
        self.main = productions[0].title if productions else None
        by_key = {
            title_key(form): production.title
            for production in reversed(productions)
            for form in (production.title, *production.aliases)
        }
        named = sorted(
            (t.start, by_key.get(t.key, self.main))
            for t in titles
            if t.start < 0 or not _REFERENCE_BEFORE.search(text, max(0, t.start - 40), t.start)
        )
        self.starts = [start for start, _ in named]
        self.owners = [owner for _, owner in named]
        # How far each title governs the text after it: to its paragraph's end, or on.
        self.until = [_governs_until(text, start) for start in self.starts]

    def __call__(self, offset: int, sentence: tuple[int, int]) -> str | None:
        if self.main is None:
            return None
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.starts[i] >= sentence[0]:
            return self.owners[i]
        if i + 1 < len(self.starts) and self.starts[i + 1] < sentence[1]:
            return self.owners[i + 1]
        for j in range(i, -1, -1):  # the latest title named before that still governs here
            if self.starts[j] >= 0 and offset - self.starts[j] > self._REACH:
                break
            if offset < self.until[j]:
                return self.owners[j]
        return self.main


def _governs_until(text: str, start: int) -> int | float:
    """Where a title named at `start` stops owning the places after it.

    One in the headline (start < 0), or in its paragraph's first sentence, heads
    what follows; one named later in a paragraph is an aside of that paragraph.
    """
    if start < 0:
        return float("inf")
    line_start = text.rfind("\n", 0, start) + 1
    if _SENTENCE_END.search(text, line_start, start) is None:
        return float("inf")
    line_end = text.find("\n", start)
    return len(text) if line_end < 0 else line_end


_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s")


# Words before a title that name it as a reference, not as the production shooting here.
_REFERENCE_BEFORE = re.compile(
    r"\b(?:made famous by|famous (?:from|for)|known (?:from|for)|knows? from(?: shooting)?|"
    r"(?:had |has )?also (?:serviced|hosted|appeared in|been used (?:in|for))|as seen in|"
    r"(?:also|previously|once|earlier) (?:made|shot|filmed|directed)|"
    r"recogni[sz]e[ds]? (?:it )?from)\s+(?:the (?:film|movie|series) )?[\"“‘']?$",
    re.IGNORECASE,
)


def _match_overrides(
    mentions: Sequence[Mention], owners: Sequence[str | None], overrides: Sequence[Override]
) -> dict[int, Override]:
    if not overrides:
        return {}
    by_name: dict[str, list[Override]] = {}
    for override in overrides:
        by_name.setdefault(normalize_name(override.surface), []).append(override)
    applied: dict[int, Override] = {}
    for i, mention in enumerate(mentions):
        options = by_name.get(normalize_name(mention.surface), [])
        specific = [o for o in options if o.production is not None and o.production == owners[i]]
        general = [o for o in options if o.production is None]
        chosen = specific or general
        if chosen:
            applied[i] = chosen[-1]
    return applied


_PLAN_KINDS = frozenset({"filming", "start", "next_destination"})
_ASIDE_OPEN = re.compile(r"\b(?:which|who|where)\b[^,;]*$")


def _with_dated_plans(
    toponyms: list[Toponym], events: Sequence[Event], published: date | None
) -> list[Toponym]:
    """A shoot the article dates after its own day is a plan, whatever the verb says.

    "starts filming in Wicklow next month", "the park will be closed for the
    shoot Aug. 12-16": the present tense or a closure notice reads as a shoot
    under way, but the date puts it ahead.
    """
    if published is None:
        return toponyms
    out = list(toponyms)
    for event in events:
        i = event.toponym
        if i is None or event.kind not in _PLAN_KINDS or event.start <= published:
            continue
        place, sentence = out[i], out[i].sentence
        at, when = sentence.find(place.surface), sentence.find(event.expression)
        if 0 <= at < when and _ASIDE_OPEN.search(sentence, 0, at) and "," in sentence[at:when]:
            continue  # "X, which has been filming in Y, begins in July": the aside has its past
        if place.role == "filmed":
            out[i] = replace(
                out[i],
                role="planned",
                reason=f"{out[i].reason}; its shoot is dated ahead ({event.expression})",
            )
    return out


def _with_release_years(productions: list[Production], events: Sequence[Event]) -> list[Production]:
    years: dict[str, int] = {}
    for event in events:
        if event.kind == "release" and event.production:
            years.setdefault(event.production, event.start.year)
    return [replace(p, year=years.get(p.title, p.year)) for p in productions]


@lru_cache(maxsize=1)
def default_parser() -> Parser:
    """One parser per process: spaCy and the gazetteer load once."""
    return Parser()


def parse_article(
    text: str,
    published: date | None = None,
    *,
    overrides: Sequence[Override] = (),
    gazetteer: Gazetteer | None = None,
    headline: str = "",
) -> ArticleResult:
    """Geoparse one article (its headline only names productions).

    Raises ParseError for text that is no article.
    """
    parser = default_parser() if gazetteer is None else Parser(gazetteer)
    return parser.parse(text, published, overrides, headline)
