"""Where place-ness spreads from a recognised name: its list and its possessive.

spaCy labels the items of one list inconsistently ("in Seville, Ronda and
Jerez de la Frontera" may come out GPE, PERSON, PERSON), joins two islands into
one ORG ("Rhodes and Kos") or drops an item ("Lima and Cusco"). Writers rarely put
people and towns in one bare list, so a capitalised name coordinated with a
recognised place is a candidate place; a name right after a place's possessive
("Bristol's Harbourside") is a spot inside that place. This module only finds
the token spans; the recogniser decides which candidates are names of places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CONJUNCTIONS = frozenset({"and", "or", "&"})
# The text between two places of one list: "A, B", "A and B", "A/B", "A, and B".
LIST_GAP = re.compile(r"\s*(?:,|and|or|&|/|,\s*and)\s*")
POSSESSIVES = frozenset({"'s", "’s"})
MAX_NAME_TOKENS = 4
# Items walked from one place each way. Places found in a list spread further
# themselves, so a long list is still covered, at a cost linear in its length.
MAX_LIST_ITEMS = 12


@dataclass(frozen=True, slots=True)
class Item:
    """A whole capitalised name next to a place, as a token range [start, end)."""

    start: int
    end: int
    listed: bool  # the list it is in has a conjunction, not only commas ("A, B and C")


def is_name_token(token: Token) -> bool:
    """A word that can be part of a proper name: "Costa", "PERU", the "-" in "Baden-Baden"."""
    if token.is_title or (token.is_upper and token.is_alpha and len(token) > 1):
        return True
    return token.text == "-" and not token.whitespace_


def _hyphened_particle(doc: Doc, i: int) -> bool:
    """The "en" of "Aix-en-Provence": a small word between two joining hyphens."""
    token = doc[i]
    return (
        token.is_lower
        and token.is_alpha
        and 0 < i < len(doc) - 1
        and doc[i - 1].text == "-"
        and not doc[i - 1].whitespace_
        and not token.whitespace_
        and doc[i + 1].text == "-"
    )


def run_end(doc: Doc, start: int) -> int | None:
    """End of the whole name that starts at `start`, or None if there is none or it is too long."""
    end = start
    limit = MAX_NAME_TOKENS + 2  # hyphens and their particles are short
    while (
        end < len(doc)
        and end - start <= limit
        and (is_name_token(doc[end]) or _hyphened_particle(doc, end))
    ):
        end += 1
    while end > start and doc[end - 1].text == "-":
        end -= 1  # a name does not end on its hyphen
    if end == start or end - start > limit or doc[start].text == "-":
        return None
    return end


def run_start(doc: Doc, last: int, floor: int) -> int | None:
    """Start of the whole name that ends at token `last`; it may not begin before `floor`."""
    begin = last + 1
    while begin > floor and last + 1 - begin <= MAX_NAME_TOKENS and is_name_token(doc[begin - 1]):
        begin -= 1
    if begin == last + 1 or last + 1 - begin > MAX_NAME_TOKENS or doc[begin].text == "-":
        return None
    return begin


def items_after(doc: Doc, end: int) -> list[Item]:
    """Names listed after a place ending at token `end`: ", B", " and C", ", and D"."""
    found: list[tuple[int, int, bool]] = []
    i = end
    while i < len(doc) and len(found) < MAX_LIST_ITEMS:
        j = i
        comma = doc[j].text == ","
        j += comma
        conjunction = j < len(doc) and doc[j].lower_ in CONJUNCTIONS
        j += conjunction
        if not (comma or conjunction) or j >= len(doc):
            break
        k = run_end(doc, j)
        if k is None:
            break
        found.append((j, k, conjunction))
        i = k
    listed = any(c for _, _, c in found)
    return [Item(a, b, listed) for a, b, _ in found]


def items_before(doc: Doc, start: int, floor: int) -> list[Item]:
    """Names listed before a place starting at token `start`, nearest first, not before `floor`."""
    found: list[tuple[int, int, bool]] = []
    i = start
    while i > floor and len(found) < MAX_LIST_ITEMS:
        j = i - 1
        conjunction = doc[j].lower_ in CONJUNCTIONS
        j -= conjunction
        comma = j >= floor and doc[j].text == ","
        j -= comma
        if not (comma or conjunction) or j < floor:
            break
        begin = run_start(doc, j, floor)
        if begin is None:
            break
        found.append((begin, j + 1, conjunction))
        i = begin
    listed = any(c for _, _, c in found)
    return [Item(a, b, listed) for a, b, _ in found]


def possessed(doc: Doc, end: int) -> Item | None:
    """The name right after a place's possessive ending at token `end` ("Bath's Royal Crescent")."""
    if end + 1 >= len(doc) or doc[end].text not in POSSESSIVES:
        return None
    k = run_end(doc, end + 1)
    return None if k is None else Item(end + 1, k, False)


def list_parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The names a list-shaped span holds ("Rhodes and Kos" -> two), or [] if it is one name."""
    parts: list[tuple[int, int]] = []
    begin = start
    for i in range(start, end + 1):
        if i < end and doc[i].text != "," and doc[i].lower_ not in CONJUNCTIONS:
            continue
        if begin < i:
            if any(not is_name_token(t) for t in doc[begin:i]):
                return []
            parts.append((begin, i))
        begin = i + 1
    return parts if len(parts) >= 2 else []
