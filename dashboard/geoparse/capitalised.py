"""Place mentions in Spanish, French, German and Italian text, without a model for them.

spaCy's English entity recogniser misses most places in these languages, but
their news writes place names as capitalised words ("Castellammare del
Golfo", "l'Île-Rousse"), so each capitalised run is matched against the
gazetteer and kept only with context that makes it a place: a place
preposition ("en", "à", "nach", "a"), a settlement noun ("la provincia de"),
a following region ("Sherbrooke, Québec"), or a name too well known to be
anything else. Function words, words the article also writes in lowercase,
people it names, the front of a longer name ("Paris Hilton") and German
nouns after an article are never places. spaCy's English entities are used
only for people, and only where they look like names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dashboard.geoparse.languages import Lexicon
from dashboard.geoparse.lexicon import NOT_PLACES
from dashboard.geoparse.recognize import Mention, _at, _dedupe

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dashboard.gazetteer import Gazetteer

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|[^\w\s]")
_MAX_NAME_WORDS = 6
_LIST_JOINERS = frozenset({",", "y", "e", "et", "und", "ed", "o", "ou", "oder", "sowie"})
WELL_KNOWN_POPULATION = 50_000


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


def _tokens(text: str, lexicon: Lexicon) -> list[_Token]:
    """Words, numbers and punctuation; elided articles split off ("l'Écosse")."""
    tokens = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        parts = re.split(r"(['’])", word, maxsplit=1)
        if len(parts) == 3 and parts[0].lower() in lexicon.elisions and parts[2]:
            head, apostrophe, rest = parts
            cut = len(head) + len(apostrophe)
            tokens.append(_Token(start, start + cut, head + apostrophe))
            tokens.append(_Token(start + cut, match.end(), rest))
            continue
        tokens.append(_Token(start, match.end(), word))
    return tokens


_OPENING_MARKS = frozenset('.!?:;«»"“”„(—–-')


def _sentence_openers(text: str, tokens: list[_Token]) -> frozenset[int]:
    """Indices of tokens that open a sentence, a line or a quotation."""
    return frozenset(
        k
        for k, token in enumerate(tokens)
        if k == 0
        or tokens[k - 1].text in _OPENING_MARKS
        or "\n" in text[tokens[k - 1].end : token.start]
    )


def _bare(token: _Token) -> str:
    """The word without an elision mark: "l'" -> "l", "jusqu'" -> "jusqu"."""
    return token.lower.rstrip("'’")


class CapitalisedRecognizer:
    """Finds place mentions in one non-English article (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        # Set per article by mentions(): sentence-opening tokens, and the words the
        # article also writes in lowercase (common words, whatever towns share them).
        self._openers: frozenset[int] = frozenset()
        self._lowercase: frozenset[str] = frozenset()

    def mentions(self, doc: Doc) -> list[Mention]:
        text = doc.text
        tokens = _tokens(text, self.lexicon)
        self._openers = _sentence_openers(text, tokens)
        self._lowercase = frozenset(t.text for t in tokens if t.text.islower())
        sentence_starts = [s.start_char for s in doc.sents]
        people = self._people(doc)
        found: list[Mention] = []
        rejected: list[tuple[int, int, str, int]] = []  # token span, name, sentence
        last_end = -1  # the token after the last place kept
        i = 0
        while i < len(tokens):
            match = self._longest_name(tokens, i)
            if match is None:
                i += 1
                continue
            end, name = match
            start = tokens[i].start
            sentence = max(0, bisect.bisect_right(sentence_starts, start) - 1)
            if name.lower() in people:
                i = end
                continue
            evidence = self._evidence(tokens, i, end, name)
            if evidence is None and self._listed_after(tokens, i, end, last_end):
                evidence = f"listed with {found[-1].surface}"
            if evidence is None:
                rejected.append((i, end, name, sentence))
                i += 1
                continue
            found.append(_at(start, name, "place", evidence, sentence))
            i = last_end = end
        # One sense per article: a name kept once as a place is a place elsewhere too,
        # unless that other use is a part of a longer name.
        kept = {m.surface for m in found}
        found.extend(
            _at(tokens[i].start, name, "place", "named as a place elsewhere in the article", n)
            for i, end, name, n in rejected
            if name in kept
            and not self._after_name(tokens, i)
            and self._continues(tokens, end) is None
        )
        return _dedupe(found)

    def _listed_after(self, tokens: list[_Token], i: int, end: int, last_end: int) -> bool:
        """ "en Morella y Cantavieja", "in Lübeck, Travemünde und Wismar": a list of places.

        The preposition is not repeated, so a name right after a kept place and a
        list joiner is a place too, unless it opens a longer name ("y Antonio Banderas").
        """
        return (
            i >= 1
            and last_end == i - 1
            and tokens[i - 1].lower in _LIST_JOINERS
            and not self._after_name(tokens, i)
            and self._continues(tokens, end) is None
        )

    def _people(self, doc: Doc) -> set[str]:
        """Names and surnames of people, from spaCy's PERSON entities that look like names.

        The English model labels many non-English phrases PERSON ("de la",
        "Comunidad Valenciana"): only runs of two or three capitalised words
        that the gazetteer does not know as one name count.
        """
        words: set[str] = set()
        for ent in doc.ents:
            parts = ent.text.split()
            if ent.label_ != "PERSON" or not 2 <= len(parts) <= 3:
                continue
            if not all(self._is_name(p) for p in parts) or self.gazetteer.has_name(ent.text):
                continue
            words.update((ent.text.lower(), parts[-1].lower()))
        return words

    def _is_name(self, word: str) -> bool:
        """Capitalised, not a function word, not an acronym ("AFP", "TF1")."""
        return (
            word[:1].isupper()
            and not (word.isupper() and len(word) > 1)
            and word.lower() not in self.lexicon.stopwords
        )

    def _longest_name(self, tokens: list[_Token], i: int) -> tuple[int, str] | None:
        """(end token, text) of the longest gazetteer name starting at token i."""
        first = tokens[i]
        if not first.text[:1].isupper():
            return None
        words = [first]
        for token in tokens[i + 1 : i + 2 * _MAX_NAME_WORDS]:
            if token.start - words[-1].end not in (0, 1):
                break  # names do not span line breaks or double spaces
            if not (self._is_name(token.text) or token.lower in self.lexicon.connectors):
                break
            words.append(token)
        for size in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
            if not self._is_name(words[size - 1].text):
                continue  # a name ends with a capitalised word, not "de"
            name = " ".join(t.text for t in words[:size])
            if self._usable(name) and self.gazetteer.has_name(name):
                return i + size, name
        return None

    def _usable(self, name: str) -> bool:
        lower = name.lower()
        return lower not in self.lexicon.stopwords and lower not in NOT_PLACES and len(name) > 2

    def _continues(self, tokens: list[_Token], end: int) -> int | None:
        """Index of the name word that carries a name on past token `end`, if any.

        "Sainte-Lucie de Tallano", "Michaël Youn": the gazetteer name is only
        the front of something longer.
        """
        j = end
        while j < len(tokens) and tokens[j].lower in self.lexicon.connectors:
            j += 1
        if j == len(tokens) or tokens[j].start - tokens[j - 1].end not in (0, 1):
            return None
        word = tokens[j].text
        # German capitalises every noun: "Ende September" is no town in a month.
        if self._is_name(word) or (self.lexicon.nouns_capitalised and word[:1].isupper()):
            return j
        return None

    def _after_name(self, tokens: list[_Token], i: int) -> bool:
        """Whether token i follows a capitalised word of the same name ("Dalla Chiesa").

        A capitalised function word opening a sentence ("A Palermo", "Da X")
        is only capitalised because it opens the sentence.
        """
        if i == 0 or not tokens[i - 1].text[:1].isupper():
            return False
        word = _bare(tokens[i - 1])
        if word in self.lexicon.elisions:
            return False  # "L'Île-Rousse": the article, not a name
        function_word = (
            word in self.lexicon.stopwords
            or word in self.lexicon.prepositions
            or word in self.lexicon.articles
        )  # "In Österreich", "En Valencia": capitalised only as the sentence's first word
        return not (function_word and i - 1 in self._openers)

    def _evidence(self, tokens: list[_Token], i: int, end: int, name: str) -> str | None:
        """Why the name at tokens[i:end] is a place, or None when nothing says so."""
        lex = self.lexicon
        before = _bare(tokens[i - 1]) if i > 0 else ""
        before2 = _bare(tokens[i - 2]) if i > 1 else ""
        single = end - i == 1
        if before in lex.person_titles or self._after_name(tokens, i):
            return None  # "el alcalde X"; "Harrison Ford": part of a longer name
        more = self._continues(tokens, end)
        if more is not None:
            # Only "Town Region" ("Bastia Corse") lets the front stand alone.
            rest = self._longest_name(tokens, more)
            if more != end or rest is None or not self._is_region(rest[1]):
                return None
        # German "die Altstadt", "einem Zug": a noun; "die Schweiz" is a country.
        if (
            lex.nouns_capitalised
            and single
            and before in lex.articles
            and (before.startswith("ein") or self.gazetteer.country_code(name) is None)
        ):
            return None
        if before in lex.prepositions:
            return f"after '{tokens[i - 1].text}'"
        if (
            before in lex.articles
            and before2 in lex.prepositions
            and (not (lex.nouns_capitalised and single) or self._is_region(name))
        ):
            return f"after '{tokens[i - 2].text} {tokens[i - 1].text}'"
        if before in lex.of_words and before2 in lex.settlement_nouns:
            return f"'{tokens[i - 2].text} {tokens[i - 1].text}'"
        if before in lex.settlement_nouns and lex.nouns_capitalised:
            return f"after '{tokens[i - 1].text}'"  # "die Stadt Wien"
        after = tokens[end].text if end < len(tokens) else ""
        if after == "," and end + 1 < len(tokens) and self._is_region(tokens[end + 1].text):
            return "followed by its region or country"
        if self._is_well_known(name) and name.lower() not in self._lowercase:
            return "a well-known place name"
        return None

    def _is_region(self, name: str) -> bool:
        """A country, or a populous first-level region ("Österreich", "Corse")."""
        if self.gazetteer.country_code(name) is not None:
            return True
        return any(
            place.kind == "admin1"
            and place.population >= WELL_KNOWN_POPULATION
            and (primary or " " in name)
            for place, primary in self.gazetteer.match_info(name, limit=3)
        )

    def _is_well_known(self, name: str) -> bool:
        """A region or a large town under its own name: rarely anything else in news."""
        if self._is_region(name):
            return True
        return any(
            primary and place.population >= WELL_KNOWN_POPULATION
            for place, primary in self.gazetteer.match_info(name, limit=3)
        )
