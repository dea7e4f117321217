"""A cheap first test of whether an article is about a production being filmed.

Most of a news archive is not about filming, and spaCy's NER is the expensive
step, so each article is first scored on its vocabulary with three regular
expressions (well under a millisecond). The cues are classes of words, in the
languages the corpus has (English, Spanish, French, German, Italian):

- filming words ("filmed", "film crew", "rodaje", "tournage", "Dreharbeiten",
  "riprese"): the act of shooting a production, or the film itself;
- screen words ("movie", "series", "actress", "Netflix", "película"): the
  screen world;
- shoot words ("shooting", "crew", "on location", "studio", "wrapped"):
  ambiguous alone (local news has shootings, fire crews and studios).

Filming and screen words score 2 each, shoot words 1, each distinct word once.
An article passes with a score of at least 3 that includes a filming or screen
word: "filmed" with "shot" passes, "shooting" with "crew" does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(*alternatives: str) -> re.Pattern[str]:
    """One pattern for whole words of lowercased text."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_FILMING = _words(
    r"films?", r"film(?:ed|ing)", r"filmmak\w*", r"film-?makers?", r"refilm\w*",
    r"principal photography", r"movie sets?", r"film sets?",
    # es / pt
    r"rodajes?", r"rod(?:ar|ando|ado|ada|aron|ó)", r"filmaci[oó]n(?:es)?",
    r"film(?:ar|ando|ado|ada|aron|ó)", r"grabaci[oó]n(?:es)?",
    # fr
    r"tournages?", r"tourn[ée](?:e|s|es)? (?:à|au|en|dans)",
    # de
    r"dreharbeiten", r"drehort\w*", r"gedreht", r"drehtag\w*", r"filmteams?",
    # it
    r"riprese", r"girat[oaie] (?:a|in|nel|nella|tra)", r"set cinematografic\w*",
)  # fmt: skip

_SCREEN = _words(
    r"movies?", r"motion pictures?", r"cinema\w*", r"cinemat\w*", r"screenplays?",
    r"screenwrit\w*", r"showrunners?", r"blockbusters?", r"sequels?", r"prequels?",
    r"remakes?", r"box office", r"hollywood", r"bollywood", r"nollywood", r"netflix", r"hbo",
    r"hulu", r"amazon prime", r"prime video", r"apple tv\+?", r"disney\+?", r"paramount",
    r"warner bros\.?", r"lionsgate", r"(?:tv|television|drama|web|limited) series",
    r"miniseries", r"mini-series", r"docuseries", r"sitcoms?", r"telenovelas?", r"k-dramas?",
    r"documentar(?:y|ies)", r"actors?", r"actress(?:es)?", r"co-?stars?", r"starring",
    # es / it / pt
    r"pel[ií]culas?", r"largometrajes?", r"cortometrajes?", r"cine", r"cineastas?",
    r"actor(?:es)?", r"actriz", r"actrices", r"attori", r"attrice", r"regista", r"serie tv",
    # fr
    r"cin[ée]ma\w*", r"long-m[ée]trage", r"court-m[ée]trage", r"séries?", r"series? t[ée]l[ée]\w*",
    r"t[ée]l[ée]film",
    r"com[ée]dien(?:ne)?s?", r"acteurs?", r"actrices?", r"r[ée]alisat(?:eur|rice)s?",
    # de
    r"kinofilm\w*", r"spielfilm\w*", r"fernsehserien?", r"serie", r"serien", r"schauspieler\w*",
    r"regisseur\w*", r"drehbuch\w*", r"kino",
)  # fmt: skip

_SHOOT = _words(
    r"shoot(?:s|ing)?", r"shot", r"reshoots?", r"on location", r"locations?", r"on set",
    r"location scout\w*", r"scouting", r"wrap(?:s|ped)?", r"crews?", r"extras",
    r"casting(?: calls?)?", r"production (?:crews?|company|companies|team|office)",
    r"productions?", r"producers?", r"soundstages?", r"backlots?", r"studios?", r"scenes?",
    r"directors?", r"cast", r"series", r"episodes?", r"dramas?", r"thrillers?", r"screens?",
    r"directed by",
    # es / fr / de / it
    r"grab(?:ar|ando|ado|ada|aron|ó)", r"locaciones", r"escenas?", r"sc[èe]nes?",
    r"tourn(?:er|é|ée|és|ées|ait|aient|era|eront)", r"plateaux?", r"drehen", r"dreht(?:e|en)?",
    r"szenen?", r"girare", r"girando", r"scene", r"produzione",
)  # fmt: skip

_STRONG, _WEAK, _PASS_SCORE = 2, 1, 3


@dataclass(frozen=True, slots=True)
class GateVerdict:
    """Whether an article goes on to geoparsing, and the counts that decided it."""

    passed: bool
    score: int
    filming: int  # distinct words of each class
    screen: int
    shoot: int


def relevance(text: str, title: str = "") -> GateVerdict:
    """Score an article (headline included) for the gate; cheap enough for every record."""
    body = f"{title}\n{text}".lower() if title else text.lower()
    filming = len({m.group(0) for m in _FILMING.finditer(body)})
    screen = len({m.group(0) for m in _SCREEN.finditer(body)})
    shoot = len({m.group(0) for m in _SHOOT.finditer(body)})
    score = _STRONG * (filming + screen) + _WEAK * shoot
    passed = score >= _PASS_SCORE and filming + screen > 0
    return GateVerdict(passed, score, filming, screen, shoot)


def passes(text: str, title: str = "") -> bool:
    """True when the article may be about a production being filmed."""
    return relevance(text, title).passed
