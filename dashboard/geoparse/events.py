"""Schedule events: what happened (or will) when, and where.

A date becomes an event when a cue near it says what kind of event it is
(filming, wrap, next destination, release, announcement): the cue closest to
the date wins, so "released in 2017 and filmed in 2016" gives one release and
one filming event. A year written as a film's label ("the 1989 movie",
"Top Gun (1986)") is that film's release. The tense around the date places
year-less dates ("March", "Friday") before or after the publication date.
Without a publication date, relative dates stay unresolved (`pending_dates`)
instead of being read against today's clock. Spanish, French, German and
Italian articles bring their own date phrases, cue words and tenses
(foreign_dates.py) to the same reading.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from dashboard.geoparse import foreign_dates, languages
from dashboard.geoparse.dates import Tense, needs_publication_date, resolve
from dashboard.geoparse.recognize import doc_text
from dashboard.model import Event, EventKind, Production, Toponym, title_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # character offsets of `text` in the article
    end: int
    text: str
    sentence: str
    sentence_start: int  # where `sentence` starts in the article
    english: str = ""  # what dates.py reads, for an article not in English
    tense: Tense | None = None  # told by the phrase itself: "el pasado octubre"
    language: str = "en"

    @property
    def words(self) -> str:
        """The expression in the words the resolver reads."""
        return self.english or self.text


# Cues, by the kind of event they announce. None marks words whose dates are
# when something was said ("said Tuesday") or when a studio, fund or programme
# came to be ("opened in 2010"): no schedule of a production.
@dataclass(frozen=True, slots=True)
class _Cue:
    kind: EventKind | None
    pattern: re.Pattern[str]
    penalty: float = 0.0  # characters added to its distance: weaker than other cues


_CUES: tuple[_Cue, ...] = (
    _Cue(
        "release",
        re.compile(
            r"\b(releas(ed|es|ing)|(to|will|would) (be )?release|release (date|on|in)|"
            r"(theatrical|its|his|her|their|wide|digital|cinema|global) release|"
            r"premier(e|es|ed|ing)|debut(s|ed|ing)?|air(s|ed|ing)?|to air|broadcast|"
            r"stream(s|ed|ing)|screen(ing|ings|ed)|available (for viewing|on)|"
            r"(hits?|reach(es|ed)?) (theaters|theatres|cinemas|screens)|"
            r"in (theaters|theatres|cinemas)|due out|"
            r"opens? (on|to)|(opens?|opened|will open) in (\w+ )?(cinemas|theaters|theatres)|"
            r"arrives?|set to arrive|out (on|in)|film festivals?|remade|"
            r"grossing)\b",
            re.I,
        ),
    ),
    _Cue(
        "wrap",
        re.compile(
            r"\b(wrap(ped|s|ping)?( up)?|end of (filming|shooting|production)|"
            r"(finish|complet|conclud)(ed|es|e|ing)( (filming|shooting|production))?|"
            r"will end|ends?)\b",
            re.I,
        ),
    ),
    _Cue(
        "next_destination",
        re.compile(
            r"\b(next (destination|stop|location)|head(s|ed|ing)? (to|back)|"
            # "goes back at least to 1962" tells a history, not the crew's next move
            r"mov(e|es|ed|ing) (on )?to|return(s|ed|ing)? to|"
            r"go(es)? back(?! (?:at least|as far as|all the way|decades|years|centuries)\b)|"
            r"postpone[ds]?)\b",
            re.I,
        ),
    ),
    _Cue(
        "filming",
        re.compile(
            # "releases the film on July 21": the noun names no shoot, the verb before it does
            r"\b((?<!the )(?<!\ba )(?<!\ban )(?<!this )(?<!\bits )(?<!\bhis )(?<!\bher )"
            r"(?<!their )(?<!['’]s )films?|film(ed|ing)|shoot(s|ing)|shot|lens(ed|ing)|rolled|"
            r"direct(ed|ing)|"
            r"(begin|began|begun|begins|start|started|starts|commence[ds]?|resume[ds]?|"
            r"kick(ed|s)? off))\b",
            re.I,
        ),
    ),
    _Cue(  # nouns of a shoot: weaker than a verb ("wrapped its shoot last month")
        "filming",
        re.compile(
            r"\b(shoot|stunts?|scenes?|production|on location|on set|cameras?|"
            r"principal photography|backdrops?|closures?|extras|casting|"
            r"host(s|ed|ing)? (the )?(crew|cast|shoot|production|filming))\b",
            re.I,
        ),
        penalty=15.0,
    ),
    _Cue(
        "announcement",
        re.compile(
            r"\b(announc(e|ed|es|ement)|confirm(ed|s)?|unveil(ed|s)?|issued|reported)\b", re.I
        ),
    ),
    _Cue(
        None,
        re.compile(
            r"\b(said|told|according to|posted|updated|published|press release|wrote|"
            r"tweeted|halted|suspended|paused|cancell?ed|founded|established|set up|launched|"
            r"introduced|(re)?opened|built|formed)\b",
            re.I,
        ),
    ),
)
_NEXT_CLAUSE = re.compile(
    r"\band (?:then |also )?(?:will|would|was|were|is|are|has|had|\w+ed)\b"
    r"|\b(?:before|after) \w+ing\b"  # "moves to Essaouira in June before wrapping"
)
_CUE_REACH = 90  # characters: a cue further from the date speaks about something else
_MARGIN = 40  # characters read past the reach, so a cue that straddles it still matches
_TENSE_REACH = 300  # characters of a clause read for its verbs' tense
_FUTURE = re.compile(
    r"\b(will|['’]ll|shall|set to|scheduled|slated|due|expected|plans?|planning|"
    r"going to|upcoming|about to|(is|are) to|would|hopes? to|aims? to|"
    r"(is|are) (beginning|starting|filming|shooting|heading|moving|returning)|"
    r"begins|starts|kicks off|commences|resumes|heads|arrives|"  # news present: what is next
    r"continuing|ongoing)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(was|were|had|did|has been|have been|ago|last|began|started|filmed|shot|wrapped|"
    r"released|premiered|aired|opened|finished|completed|came|went|took|arrived|spent|"
    r"returned|moved|announced|concluded|commenced|resumed|confirmed|revealed|unveiled)\b",
    re.I,
)
_REPORTING = re.compile(
    r"announced|confirmed|revealed|unveiled|said|told|reported|according to|wrote|tweeted|posted",
    re.I,
)


def _reported_after(sentence: str, end: int, match: re.Match[str]) -> bool:
    """A reporting verb after the date and a comma: ", the studio announced"."""
    return (
        match.start() >= end
        and _REPORTING.fullmatch(match.group(0)) is not None
        and "," in sentence[end : match.start()]
    )


_PASSIVE = re.compile(r"\b(be|being|to)\s+$", re.I)  # "will be shot": a participle, no past
_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s+and\b|\b(but|while|although|which|who|whose)\b")
# A year that labels a film, as in "the 1989 movie" or "Top Gun (1986)".
_FILM_NOUNS = (
    r"film|movie|picture|epic|classic|feature|blockbuster|hit|success|thriller|drama|"
    r"comedy|western|musical|documentary|version|adaptation|remake|series|show|animation|"
    r"biopic|sequel|prequel|release|flick|adventure|horror|romance|miniseries|sitcom"
)
_NOT_MODIFIER = r"(?!(?:a|an|the|and|or|to|of|in|on|at|for|with|by|when|as)\b)"
_LABEL_AFTER = re.compile(
    rf"^['’]?s?\s*(?:{_NOT_MODIFIER}[\w-]+\s+){{0,2}}?(?:\w+-)?(?:{_FILM_NOUNS})s?\b", re.I
)
_LABEL_BEFORE = re.compile(rf"\b(?:{_FILM_NOUNS})s? of\s*$", re.I)  # "the top film of 2010"
_MAKING_AFTER = re.compile(rf"^\s*(?:{_NOT_MODIFIER}[\w-]+\s+)?(?:production|shoot)s?\b", re.I)
_YEAR = re.compile(r"^\(?(1[89]\d\d|20\d\d)\)?$")
# Spoken-of time of a story, not of a schedule.
_STORY_TIME = ("set in", "takes place in", "set during", "set back in", "is set in", "born in")


def _nearest_cue(
    sentence: str,
    start: int,
    end: int,
    cues: Sequence[_Cue] = _CUES,
    next_clause: re.Pattern[str] = _NEXT_CLAUSE,
) -> EventKind | None:
    """The kind named by the cue nearest the date (None: no cue, or a reporting word)."""
    best: tuple[float, EventKind | None] | None = None
    low, high = max(0, start - _CUE_REACH - _MARGIN), min(len(sentence), end + _CUE_REACH + _MARGIN)
    for cue in cues:
        for match in cue.pattern.finditer(sentence, low, high):
            if match.start() < end and match.end() > start:
                continue  # the cue is inside the date expression
            if match.end() <= start:
                distance = float(start - match.end())
            else:  # cues before the date read first; "and" starts another statement
                gap = sentence[end : match.end()]  # with the cue: "before wrapping"
                distance = (match.start() - end) * 1.2 + (30 if next_clause.search(gap) else 0)
            if _CLAUSE_BREAK.search(sentence[min(match.end(), end) : max(match.start(), start)]):
                distance += _CUE_REACH / 2
            if _reported_after(sentence, end, match):
                distance += _CUE_REACH / 2  # "films on Monday, the studio announced": a report
            distance += cue.penalty
            if distance <= _CUE_REACH and (best is None or distance < best[0]):
                best = (distance, cue.kind)
    return best[1] if best else None


# "y se estrenará", "et il sortira", "und kommt", "e uscirà": another statement follows.
_FOREIGN_NEXT_CLAUSE = re.compile(r"\b(?:y|e|ed|et|und|pero|mais|aber|ma)\b", re.IGNORECASE)
_FOREIGN_CLAUSE_BREAK = re.compile(rf"[;:—–]|{_FOREIGN_NEXT_CLAUSE.pattern}", re.IGNORECASE)


@lru_cache(maxsize=8)
def _foreign_cues(language: str) -> tuple[_Cue, ...]:
    """The cues of another language: its event words, then its filming words."""
    shoot = languages.role_cues(language)
    return (
        *(_Cue(kind, pattern) for kind, pattern in foreign_dates.cues(language)),
        *(_Cue("filming", shoot[role]) for role in ("filmed", "planned") if role in shoot),
    )


def _tense(
    sentence: str,
    start: int,
    end: int,
    future_words: re.Pattern[str] = _FUTURE,
    past_words: re.Pattern[str] = _PAST,
    clause_break: re.Pattern[str] = _CLAUSE_BREAK,
    next_clause: re.Pattern[str] | None = _NEXT_CLAUSE,
) -> Tense:
    """Future or past from the verbs around the date; "any" when nothing says.

    "began filming on June 3 and will move on in July": the statement after
    "and will" has its own tense.
    """
    low = max(0, start - _TENSE_REACH)
    breaks = list(clause_break.finditer(sentence, low, start))
    clause_start = breaks[-1].end() if breaks else low
    high = min(len(sentence), end + _TENSE_REACH)
    ends = [m.start() for m in (clause_break.search(sentence, end, high),) if m]
    if next_clause is not None:
        ends += [m.start() for m in (next_clause.search(sentence, end, high),) if m]
    clause = sentence[clause_start:start] + " " + sentence[end : min(ends, default=high)]
    here = start - clause_start
    future = [m.start() for m in future_words.finditer(clause)]
    past = [
        m.start()
        for m in past_words.finditer(clause)
        if not _PASSIVE.search(clause[: m.start()])
        # "will film on Tuesday, the studio announced": the report's tense, not the shoot's
        and not (
            m.start() > here and _REPORTING.fullmatch(m.group()) and "," in clause[here : m.start()]
        )
    ]
    if future and not past:
        return "future"
    if past and not future:
        return "past"
    if future and past:  # the verb nearest the date decides
        near_future = min(abs(p - here) for p in future)
        near_past = min(abs(p - here) for p in past)
        return "future" if near_future < near_past else "past"
    return "any"


def _film_label(mention: DateMention, at: int) -> EventKind | None:
    """'release' for a date that labels a film, 'filming' for "the 1954 production".

    "the 1989 movie", "Top Gun (1986)", "2001's Rush Hour 2", "their March 2021
    Apple TV flick".
    """
    text = mention.text.strip()
    sentence = mention.sentence
    end = at + len(mention.text)
    before, after = sentence[max(0, at - 2) : at], sentence[end : end + 40]
    possessive = re.search(r"['’]s$", text) or re.match(r"^['’]s\b", after)
    if possessive and re.match(r"^(?:['’]s)?\s+[\"“‘']?[A-Z0-9]", after):
        return "release"
    if not re.search(r"\b(1[89]\d\d|20\d\d)\)?$", text):
        return None
    if _YEAR.match(text) and before.endswith("(") and after.startswith(")"):
        return "release"
    if _MAKING_AFTER.match(after):
        return "filming"
    if _LABEL_AFTER.match(after) or _LABEL_BEFORE.search(sentence[:at]):
        return "release"
    return None


def _is_dateline(mention: DateMention, at: int) -> bool:
    """A date alone on its line, or beside a byline bar: when the page was written."""
    sentence = mention.sentence
    line_start = sentence.rfind("\n", 0, at) + 1
    line_end = sentence.find("\n", at + len(mention.text))
    line = sentence[line_start : line_end if line_end >= 0 else len(sentence)]
    rest = line.replace(mention.text, " ")
    if "(" in sentence[max(0, at - 2) : at]:
        return False  # "Top Gun (1986)" heading a paragraph labels the film
    if "|" in rest or re.match(r"^\s*by\s", rest, re.I):
        return True
    return line_end >= 0 and len(re.findall(r"\w+", rest)) <= 1


def _offset_in_sentence(mention: DateMention) -> int:
    guess = mention.start - mention.sentence_start
    if mention.sentence[guess : guess + len(mention.text)] == mention.text:
        return guess
    found = [m.start() for m in re.finditer(re.escape(mention.text), mention.sentence)]
    return min(found, key=lambda i: abs(i - guess)) if found else max(0, guess)


@dataclass(frozen=True, slots=True)
class _Reading:
    kind: EventKind
    tense: Tense
    labels_film: bool


def _read(mention: DateMention) -> _Reading | None:
    """What kind of event a date mention dates, and the tense it is told in."""
    at = _offset_in_sentence(mention)
    end = at + len(mention.text)
    if mention.sentence[:at].lower().rstrip().endswith(_STORY_TIME) or _is_dateline(mention, at):
        return None
    label = _film_label(mention, at)
    if label is not None:
        return _Reading(label, "past", label == "release")
    if mention.language != "en":
        return _read_foreign(mention, at, end)
    kind = _nearest_cue(mention.sentence, at, end)
    if kind is None:
        return None
    return _Reading(kind, _tense(mention.sentence, at, end), False)


def _read_foreign(mention: DateMention, at: int, end: int) -> _Reading | None:
    cues = _foreign_cues(mention.language)
    kind = _nearest_cue(mention.sentence, at, end, cues, _FOREIGN_NEXT_CLAUSE)
    verbs = foreign_dates.tense_words(mention.language)
    if kind is None or verbs is None:
        return None
    tense = mention.tense or _tense(
        mention.sentence, at, end, *verbs, _FOREIGN_CLAUSE_BREAK, next_clause=None
    )
    return _Reading(kind, tense, False)


def build_events(
    dates: Sequence[DateMention],
    toponyms: Sequence[Toponym],
    published: date | None,
    default_production: str | None,
    productions: Sequence[Production] = (),
) -> list[Event]:
    events: list[Event] = []
    forms = {p.title: {title_key(t) for t in (p.title, *p.aliases)} for p in productions}
    dated_sentences: set[str] = set()
    anchor: date | None = None
    by_sentence: dict[str, list[int]] = {}
    for i, toponym in enumerate(toponyms):
        by_sentence.setdefault(toponym.sentence, []).append(i)
    for mention in dates:
        reading = _read(mention)
        span = resolve(mention.words, published, reading.tense if reading else "any", anchor)
        if span is not None:
            anchor = span.start
        if reading is None or span is None:
            continue
        if reading.labels_film:  # another film's year: no place, maybe no production
            index, production = None, _labelled_production(mention, default_production)
        else:
            index = _place_in_sentence(mention, toponyms, by_sentence, reading.kind)
            owner = toponyms[index].production if index is not None else None
            production = owner or default_production
            quoted = _quoted_before(mention)
            if quoted is not None and quoted not in forms.get(production or "", set()):
                # '"The Wild Bunch" in 1968': that film's date, if the article knows the film
                production = next((t for t, keys in forms.items() if quoted in keys), None)
                if production is None:
                    continue
        events.append(
            Event(
                reading.kind,
                span.start,
                span.end,
                span.precision,
                mention.text,
                mention.sentence,
                production,
                index,
            )
        )
        dated_sentences.add(mention.sentence)
    if published is not None:
        events.extend(_undated_plans(toponyms, published, dated_sentences, events))
    return sorted(events, key=lambda e: (e.start, e.kind, e.end, e.expression))


# A title in quotes, then a few words on the same line, then the date: '"Dr. No" was
# filmed in 1962', '"Lawrence of Arabia" in 1962'.
_QUOTED_BEFORE = re.compile(r"[“\"‘]([^“”\"‘’\n]{2,80})[”\"’]((?:[ \t]+[\w’'-]+){0,4}[ \t]+)$")


def _quoted_before(mention: DateMention) -> str | None:
    """The title key of a quoted title a date is told of, right before it in its clause."""
    at = _offset_in_sentence(mention)
    quoted = _QUOTED_BEFORE.search(mention.sentence[max(0, at - 120) : at])
    if quoted is None or _CLAUSE_BREAK.search(quoted.group(2)):
        return None
    return title_key(quoted.group(1))


def pending_dates(dates: Sequence[DateMention], published: date | None) -> tuple[str, ...]:
    """Date words that would date an event once the publication date is known.

    An article without a date keeps them, so the app can ask for its date.
    """
    if published is not None:
        return ()
    pending = [m.text for m in dates if needs_publication_date(m.words) and _read(m) is not None]
    return tuple(dict.fromkeys(pending))


def _labelled_production(mention: DateMention, main: str | None) -> str | None:
    """A film's year belongs to the main production only when its title is beside it."""
    if not main:
        return None
    at = _offset_in_sentence(mention)
    window = mention.sentence[max(0, at - len(main) - 8) : at + len(mention.text) + len(main) + 16]
    return main if main.lower() in window.lower() else None


def _place_in_sentence(
    mention: DateMention,
    toponyms: Sequence[Toponym],
    by_sentence: Mapping[str, Sequence[int]],
    kind: EventKind,
) -> int | None:
    if kind in ("release", "announcement"):
        return None
    wanted = ("planned",) if kind == "next_destination" else ("filmed", "planned")
    inside = [
        i
        for i in by_sentence.get(mention.sentence, ())
        if toponyms[i].role in wanted and toponyms[i].place is not None
    ]
    if not inside:
        return None
    return min(inside, key=lambda i: abs(toponyms[i].start - mention.start))


_NEXT_STOP = re.compile(
    r"\b(next (destination|stop|location)|head(s|ing)? (to|for)|mov(e|es|ing) on to)\b",
    re.I,
)


def _undated_plans(
    toponyms: Sequence[Toponym], published: date, dated: set[str], events: Sequence[Event]
) -> list[Event]:
    """A place named as the next stop, with no date of its own, follows the article's date.

    Only explicit next-stop words count: a plan with no such words is no schedule.
    """
    linked = {e.toponym for e in events}
    seen: set[str] = set()
    extra = []
    for i, toponym in enumerate(toponyms):
        if (
            toponym.role != "planned"
            or toponym.place is None
            or i in linked
            or toponym.sentence in dated
            or not _NEXT_STOP.search(toponym.sentence)
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


# gathering -------------------------------------------------------------------

_JOINERS = frozenset({"to", "through", "thru", "until", "till", "and", "-", "–", "—", "into"})
_STARTERS = frozenset({"starting", "beginning", "commencing", "from"})
_LEADS = frozenset(
    {"from", "between", "through", "thru", "until", "till", "since", "starting", "beginning"}
)
# Words after a bare year that keep it a date: "in 2019 and", "2019 when".
_DATE_FOLLOWERS = frozenset(
    {
        "and",
        "or",
        "to",
        "until",
        "through",
        "when",
        "in",
        "on",
        "at",
        "after",
        "before",
        "with",
        "for",
        "as",
        "while",
        "but",
        "the",
        "a",
        "an",
        "by",
        "from",
        "so",
        "then",
        "this",
        "that",
    }
)
_BARE_YEAR = re.compile(r"^(?:(?:the|a|its|his|her|their) )?\d{4}(?:-\d\d(?:\d\d)?)?$")
_DAY_NAMES = ("Today", "Tomorrow", "Yesterday", "Tonight")
_LABEL_WORD = re.compile(rf"^(?:{_FILM_NOUNS}|production|shoot)s?$", re.I)


def find_dates(
    doc: Doc, in_title: Callable[[int], bool] = lambda _: False, language: str = "en"
) -> list[DateMention]:
    """The article's date expressions, ranges joined, in text order.

    spaCy's DATE entities, less years that name a book or a story's time and
    those inside production titles (`in_title(offset)`: "Blade Runner 2049"); a leading "from",
    "until" or "between" is kept, and two dates joined by "to", "and" or
    "starting" become one range ("for 12 weeks starting March 22"). In another
    language, its own date phrases (foreign_dates.py).
    """
    text = doc_text(doc)
    if foreign_dates.reads(language):
        return _foreign_dates(doc, text, in_title, language)
    spans = [
        ent
        for ent in doc.ents
        if ent.label_ == "DATE"
        and not in_title(ent.start_char)
        and _is_calendar_date(doc, ent)
        and not (ent.text in _DAY_NAMES and ent.start != ent.sent.start)  # a title word
    ]
    mentions: list[DateMention] = []
    i = 0
    while i < len(spans):
        first = spans[i]
        start_token, end_token = first.start, first.end
        while i + 1 < len(spans) and _joined(doc, end_token, spans[i + 1]):
            i += 1
            end_token = spans[i].end
        lead = doc[start_token - 1] if start_token > 0 else None
        if lead is not None and lead.lower_ in _LEADS | {"for"}:
            start_token -= 1
        sentence = doc[start_token].sent
        start, end = doc[start_token].idx, doc[end_token - 1].idx + len(doc[end_token - 1])
        s_text = sentence.text.strip()
        s_start = sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
        mentions.append(DateMention(start, end, text[start:end], s_text, s_start))
        i += 1
    return mentions


def _foreign_dates(
    doc: Doc, text: str, in_title: Callable[[int], bool], language: str
) -> list[DateMention]:
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    starts = [a for a, _ in sentences]
    mentions = []
    for found in foreign_dates.find(text, language):
        if in_title(found.start):
            continue
        a, b = sentences[max(0, bisect.bisect_right(starts, found.start) - 1)]
        sentence = text[a:b]
        s_start = a + (len(sentence) - len(sentence.lstrip()))
        mentions.append(
            DateMention(
                found.start,
                found.end,
                text[found.start : found.end],
                sentence.strip(),
                s_start,
                found.english,
                found.tense,
                language,
            )
        )
    return mentions


def _joined(doc: Doc, end_token: int, following: Span) -> bool:
    """True when only a range word ("to", "and", "starting") separates two dates."""
    between = doc[end_token : following.start]
    if doc[end_token - 1].sent.start != following.sent.start:
        return False
    words = [t.lower_ for t in between if not t.is_punct or t.text in "-–—"]
    return len(words) == 1 and (words[0] in _JOINERS or words[0] in _STARTERS)


def _is_calendar_date(doc: Doc, ent: Span) -> bool:
    """False for years that name a thing or a story's time, not a schedule.

    "Frank Herbert's 1965 novel", "the 1986 original", "a story set in 1823";
    a year before a film word ("the 1989 movie") stays: it dates a release.
    """
    bare_year = bool(_BARE_YEAR.match(ent.text.lower()))
    if (
        bare_year
        and ent.end + 1 < len(doc)
        and doc[ent.end].text == "-"
        and doc[ent.end + 1].is_alpha
        and not doc[ent.end].whitespace_
    ):
        return False  # "a 1900-strong list"
    if ent.end < len(doc) and bare_year:
        follower = doc[ent.end]
        if (
            follower.is_alpha
            and follower.is_lower
            and follower.lower_ not in _DATE_FOLLOWERS
            and not _labels_film(doc, ent.end)
            and "year" not in (t.lower_ for t in doc[ent.end : ent.end + 2])  # fiscal year
        ):
            return False
    before = doc[max(0, ent.start - 3) : ent.start].text.lower()
    return not before.endswith(_STORY_TIME)


def _labels_film(doc: Doc, index: int) -> bool:
    """A film word within the two words after a year: "1989 movie", "1962 epic"."""
    return any(_LABEL_WORD.match(t.text) for t in doc[index : index + 2])
