"""What an article's own wording says about its capitalised words.

A gazetteer knows "Most", "Time" and "Tyler" as towns; the article around them
says otherwise: it writes "most" in lower case, "Tyler Ross" is a person, "Dec."
sits in a date, "from Oak to Pine streets" names streets. These checks read that
wording; the recogniser (recognize.py) decides with them which names are places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from dashboard.geoparse import coordination
from dashboard.geoparse.lexicon import (
    ADMIN_SUFFIXES,
    DATE_ABBREVIATIONS,
    DEMONYMS,
    DIRECTIONS,
    LANDMARK_WORDS,
    MEDIA_NOUNS,
    NOT_PLACES,
    NOT_SPOT_WORDS,
    RELATION_NOUNS,
    STREET_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True, slots=True)
class ArticleWords:
    """What the whole article says about its words, gathered once per document."""

    people: frozenset[str]  # surnames and full names the article uses for people
    given: frozenset[str]  # the other words of those names ("kent" of "Kent Brown")
    sources: dict[str, tuple[int, ...]]  # person word -> first tokens of the names giving it
    sentence_of: dict[int, int]  # token -> sentence number
    starts: frozenset[int]  # the first word of each sentence
    lowercase: frozenset[str]  # words the article writes in lower case ("time", "most")
    entity_of: dict[int, tuple[int, int, str]]  # token -> (start, end, label) of its entity
    located: frozenset[str] = frozenset()  # names the article writes after "in", "at", "near"


def is_common_word(name: str) -> bool:
    """Words that are never a place alone: "Dec.", "Most", "Us", "Islands", "Monday"."""
    lower = name.lower()
    if lower in NOT_PLACES or lower in DATE_ABBREVIATIONS:
        return True
    if " " in name or name.isupper():
        return False  # "US" is a country; "Us" and "us" are not
    return (
        lower in STOP_WORDS
        or lower in LANDMARK_WORDS
        or lower in ADMIN_SUFFIXES
        or lower in DIRECTIONS  # "Downtown" of "Downtown Tulsa"
    )


def weak_name(name: str, article: ArticleWords) -> bool:
    """A one-word name the article also uses as a common word or a given name.

    "Most" and "most", "Time" and "time", "Kent" of "Kent Brown": such a name
    needs a place preposition or a place label, not fame alone.
    """
    if " " in name:
        return False
    lower = name.lower()
    return lower in article.lowercase or lower in article.given


def borne_by_another(name: str, token: int, article: ArticleWords) -> bool:
    """Whether a person the article names elsewhere bears `name` or its last word.

    The name's own reading as a person (spaCy's PERSON at `token`) does not count:
    "in Gran Canaria" is the island even where spaCy calls those words a person.
    """
    words = (name.lower(), name.split()[-1].lower())
    return any(at != token for word in words for at in article.sources.get(word, ()))


def part_of_a_name(doc: Doc, start: int, end: int, article: ArticleWords) -> bool:
    """Glued to another capitalised word ("Priya Patna") or after "wife": part of a name."""
    if start > 0:
        before = doc[start - 1]
        if before.lower_ in RELATION_NOUNS:
            return True
        if before.is_title and before.lower_ not in STOP_WORDS:
            return True
    return end < len(doc) and end not in article.starts and doc[end].is_title


def names_a_street(doc: Doc, start: int, end: int) -> bool:
    """ "Oak Street", "from Oak to Pine streets": the name before a street word is a street.

    A lower-case singular street word is a common noun ("a Lisbon street market").
    The ends of a street's closed stretch are streets too ("Dickson Street, between
    Water and Wellington"), as road-closure notices for a shoot list them.
    """
    if end < len(doc) and is_street_word(doc[end]):
        return True
    if _ends_a_stretch(doc, start):
        return True
    if end + 2 >= len(doc) or doc[end].lower_ not in ("to", "and", "or", "&"):
        return False
    last = coordination.run_end(doc, end + 1)
    return last is not None and last < len(doc) and is_street_word(doc[last])


_STRETCH_REACH = 8  # tokens from a street's name to the "between" of its stretch
_CLOSING_QUOTES = frozenset({'"', "”", "’", "'"})  # "Salt Road" moved from A to B: a title


def _ends_a_stretch(doc: Doc, start: int) -> bool:
    i = start - 1
    if i > 0 and doc[i].lower_ in ("and", "to", "&"):
        i -= 1
        while i > 0 and doc[i].is_title:
            i -= 1  # the stretch's first end
    if i < 1 or doc[i].lower_ not in ("between", "from"):
        return False
    return any(
        is_street_word(t)
        and not t.is_lower
        and doc[t.i - 1].is_title  # "Dickson Street"
        and not (t.i + 1 < len(doc) and doc[t.i + 1].text in _CLOSING_QUOTES)
        for t in doc[max(1, i - _STRETCH_REACH) : i]
    )


def is_street_word(token: Token) -> bool:
    return token.lower_ in STREET_WORDS and (not token.is_lower or token.lower_.endswith("s"))


def names_a_spot(doc: Doc, spot: Span) -> bool:
    """What follows a place's possessive names a spot in it, not a body, a person or a title.

    "Malta's Film Commission", "Spain's Prime Minister", "Rome's The Tourist",
    "Oslo's Jazz festival" and "Leeds' Ayr and" (a list) are not spots.
    """
    if spot[0].lower_ == "the" or spot[0].like_num:
        return False
    if any(t.lower_ in NOT_SPOT_WORDS or t.lower_ in DEMONYMS for t in spot):
        return False
    after = doc[spot.end] if spot.end < len(doc) else None
    return after is None or (
        after.lower_ not in MEDIA_NOUNS and after.lower_ not in coordination.CONJUNCTIONS
    )


def list_shaped(doc: Doc, entity: tuple[int, int, str]) -> bool:
    """An entity that spans a list ("Ayr, Troon and"), not one name."""
    return any(
        t.text == "," or t.lower_ in coordination.CONJUNCTIONS for t in doc[entity[0] : entity[1]]
    )


def sentences(doc: Doc) -> tuple[dict[int, int], frozenset[int]]:
    """Each token's sentence number, and the first word of each sentence.

    A leading newline or quote is not the first word. Token.is_sent_start rescans
    the whole doc on every call, and Token objects are slow to make: this walks
    sentence ranges once.
    """
    index: dict[int, int] = {}
    starts: set[int] = set()
    for number, sentence in enumerate(doc.sents):
        index.update(dict.fromkeys(range(sentence.start, sentence.end), number))
        for i in range(sentence.start, sentence.end):
            if not (doc[i].is_space or doc[i].is_punct):
                starts.add(i)
                break
    return index, frozenset(starts)
