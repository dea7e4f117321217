"""Decide what each place is to the production: filmed, planned, setting, scouted, other.

Only filming places become pins by default, so a story setting ("Calgary
stands in for Boston") or a place that was only scouted must not look filmed.
The decision reads the mention's sentence: cue phrases split it into what
comes before and after the cue ("X doubles for Y": X filmed, Y setting).
Sentences without a cue borrow a weaker one from their neighbours ("...their
next destination... 'Buckle up, Roma.'").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.model import Role

# (pattern, role of places after the cue, role of places before it)
_SPLIT_CUES: tuple[tuple[re.Pattern[str], Role, Role | None], ...] = (
    (
        re.compile(
            r"\b(doubl(e|es|ed|ing) (for|as)|stand(s|ing)? in for|stood in for|"
            r"stands? in as|dressed (up )?as|poses? as|posing as|recreat(e|es|ed|ing)|"
            r"to look like|transformed into|substitut(e|es|ed|ing) for|(was|were|is|are) "
            r"presented as|passed off as|turned into|becomes|became)\b",
            re.I,
        ),
        "setting",
        "filmed",
    ),
    (re.compile(r"\bbut (rather )?(in|at|on|around|near)\b", re.I), "filmed", None),
    (re.compile(r"\b(instead of|rather than|in place of)\b", re.I), "scouted", "filmed"),
    (
        re.compile(
            r"\b(but|before) (chose|choosing|settled on|opted for|went with|picked)\b", re.I
        ),
        "filmed",
        "scouted",
    ),
)
_SCOUTED = re.compile(
    r"\b(scout(ed|ing)?|considered|passed on|turned down|ruled out|was in the running|"
    r"dropped|rejected|lost out)\b",
    re.I,
)
_SETTING = re.compile(
    r"\b(is set in|are set in|was set in|set in (the )?(fictional|real)|takes place in|"
    r"take place in|story (of|is set)|the fictional|depicts?|portray(s|ed)?|story unfolds)\b",
    re.I,
)
_PLANNED = re.compile(
    r"\b(next (destination|stop|location)|will (film|shoot|head|move|travel|go|continue|"
    r"begin|start|relocate|be filming|be shooting|shift)|(is|are) (set|scheduled|due|expected|"
    r"slated|planning|going) to (film|shoot|begin|start|head|move|go|travel|relocate|continue)|"
    r"heads? (to|for)|heading (to|for)|here we come|buckle up|plans? to (film|shoot)|"
    r"upcoming shoot|before moving (on )?to|then (move|head|travel)s? to|moves? on to|"
    r"to follow in|later this year in|will be (filmed|shot)|starts? filming|"
    r"begins? (filming|shooting|production))\b",
    re.I,
)
_FILMED = re.compile(
    r"\b(film(ed|ing|s)?|shoot(ing|s)?|shot|lens(ed|ing)|production|on location|"
    r"location(s)?|set (photos|videos|footage)|on set|stunts?|scenes?|wrapp?(ed|ing)?|"
    r"wrap|crew|cameras? (rolled|roll|rolling)|principal photography|sequences?|footage|"
    r"back ?lot|sound ?stages?|studios?)\b",
    re.I,
)
_OTHER = re.compile(
    r"\b(premiere[ds]?|red carpet|festival|born in|grew up in|lives? in|hometown|"
    r"box office|screening|screened|headquartered|based in|native of|press tour)\b",
    re.I,
)
_LANDSCAPE = re.compile(
    r"^\s*(countryside|desert|coast|coastline|mountains?|mountainside|landscape|capital|"
    r"city|village|town|fjords?|islands?|border|wilderness|highlands|lakes?|locations?|"
    r"streets|valleys?|forests?|outback|bush|plains|steppe|jungle|waters)\b",
    re.I,
)


_NEGATED = re.compile(
    r"\b(not|never|n't|no longer)\s+(\w+\s+){0,2}(shot|filmed|film|shoot|lensed|used)\b", re.I
)
# Speculation before the place: "it is not yet clear whether ... or even back to X".
_SPECULATIVE = re.compile(
    r"\b(whether|not yet clear|unclear|rumou?r(s|ed)?|speculat(e|ed|ion)|might|could|possibly|"
    r"perhaps|if the)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class RoleDecision:
    role: Role
    cue: str


def _split_role(sentence: str, offset: int) -> RoleDecision | None:
    for pattern, after, before in _SPLIT_CUES:
        match = pattern.search(sentence)
        if match is None:
            continue
        if offset >= match.end():
            return RoleDecision(after, match.group(0))
        if before is not None:
            return RoleDecision(before, match.group(0))
    return None


def _plain_role(sentence: str, offset: int | None = None) -> RoleDecision | None:
    """The role a sentence's cue words give the place at `offset`.

    "Planned" wins only when its cue comes before the place or the sentence
    has no other filming words ("filmed in Norway before heading to Rome").
    """
    for pattern in (_NEGATED, _SPECULATIVE):
        match = pattern.search(sentence)
        if match and (offset is None or match.start() < offset):
            return RoleDecision("other", match.group(0))
    for pattern, role in ((_SCOUTED, "scouted"), (_SETTING, "setting"), (_OTHER, "other")):
        match = pattern.search(sentence)
        if match:
            return RoleDecision(role, match.group(0))  # type: ignore[arg-type]
    planned = list(_PLANNED.finditer(sentence))
    filmed = [
        m
        for m in _FILMED.finditer(sentence)
        if not any(p.start() <= m.start() < p.end() for p in planned)
    ]
    if planned:
        before = [p for p in planned if offset is None or p.start() < offset]
        if before or not filmed:
            return RoleDecision("planned", (before or planned)[-1].group(0))
    if filmed:
        return RoleDecision("filmed", filmed[0].group(0))
    return None


def decide_role(
    sentence: str,
    offset: int,
    neighbours: tuple[str, ...] = (),
    *,
    is_demonym: bool = False,
    after_text: str = "",
) -> RoleDecision:
    """Role of the place mentioned at `offset` (relative to `sentence`).

    A demonym is a place only when it qualifies a landscape ("the Norwegian
    countryside"); otherwise it describes people ("the Norwegian crew").
    """
    if is_demonym and not _LANDSCAPE.match(after_text):
        return RoleDecision("other", "a demonym describing people or things")
    decision = _split_role(sentence, offset) or _plain_role(sentence, offset)
    if decision is not None:
        return decision
    # Only a plan carries over from a neighbouring sentence ("...their next
    # destination... 'Buckle up, Roma.'"); filming words next door prove little.
    for neighbour in neighbours:
        borrowed = _plain_role(neighbour)
        if borrowed is not None and borrowed.role == "planned":
            return RoleDecision(borrowed.role, f"{borrowed.cue} (nearby sentence)")
    return RoleDecision("other", "no filming cue nearby")
