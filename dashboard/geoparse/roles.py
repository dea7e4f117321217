"""Decide what each place is to the production: filmed, planned, setting, scouted, other.

Only filming places become pins, so a story setting ("Calgary stands in for
Boston"), a premiere, a dateline or a crew's home town must not look filmed.
The decision follows the sentence's structure, not a window of words:

1. the place's own frame: a dateline ("LONDON (Reuters) -"), "X-based", a
   possessive that names an institution ("Georgia's Ministry"), the film
   industry ("Bollywood"), an origin ("visitors from X"), a reference point
   ("a village near X");
2. coordination: the places of one list share their governor ("shot in A, B
   and C"; "Fez, Morocco");
3. the governing cue: the nearest cue phrase before the place in its clause
   ("filmed in X", "set in X", "premiered in X", "will head to X"), with its
   tense (a plan when the clause looks ahead) and negation;
4. a cue after a subject ("Malta doubles for Spain", "X, where the crew
   filmed", "X hosted the shoot").

Each sentence's cues are matched once, and each place then looks only at
the cues around it, so a sentence that lists a thousand places costs a
thousand small lookups, not a thousand scans of the sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import cast

from dashboard.geoparse import languages
from dashboard.geoparse.lexicon import FILM_INDUSTRIES
from dashboard.model import Role


@dataclass(frozen=True, slots=True)
class RoleDecision:
    role: Role
    cue: str
    governed: bool = True  # False: nothing in the sentence decided it (a default)


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    """A place mention as the role rules see it: offsets inside its sentence."""

    start: int
    end: int
    surface: str
    is_demonym: bool = False


def _words(*phrases: str) -> str:
    return "|".join(phrases)


# Cue phrases, each with the role it gives the places it governs.
_CUES: tuple[tuple[Role, str], ...] = (
    (
        "scouted",
        _words(
            # "scouted locations in X" (before "scout" alone, and before "locations")
            r"scout(?:ed|ing|s)? (?:for )?(?:possible |potential |new |more )?locations?",
            r"scout(?:ed|ing|s)?",
            r"considered",
            r"(?:we|they|producers|the producers|the team) (?:also )?looked at(?= (?-i:[A-Z]))",
            r"(?:originally|initially|first) (?:planned|scheduled|set|intended|meant|wanted|"
            r"looked|hoped|slated|due|supposed|going)"
            r"(?: to (?:\w+ )?(?:shoot|film|be shot|be filmed|be made|make))?",
            r"(?:almost|nearly) (?:been )?(?:filmed|shot|made)",
            # a plan told in the past and dropped: "it was then thought they would finish in X"
            r"(?:was|were|had been) (?:then |first |once |initially |originally )?(?:thought|"
            r"hoped|expected) (?:that )?(?:they|it|the (?:crew|production|film|team)) would"
            r"(?: (?:\w+ )?(?:shoot|film|be shot|be filmed|finish|make))?",
            r"(?:original|first|initial) plans? (?:was|were|had been|called for) "
            r"(?:to (?:\w+ ){0,3}(?:film|shoot|make|shot)\w*)?",
            r"look(?:ed|ing) at (?:filming|shooting)",
            # a wish told in the past: "he was very keen to make it in X" (and did not)
            r"(?:was|were|had been) [\"“”']?(?:very |so |really |particularly )?keen[\"“”']? "
            r"to (?:make|film|shoot)(?: it| the (?:film|series|show|movie))?",
            # a place weighed in thought: "so the producer thought: maybe X"
            r"(?:thought|wondered|mused)\s*[:,]?\s*(?:maybe|perhaps|what about|how about|why not)",
            r"passed on",
            r"turned down",
            r"ruled out",
            r"in the running",
            r"lost out",
            r"cancel+ed",
            r"called off",
            r"scrapped",
            # "relocated the shoot of its series "X" from Morocco": the object may be long
            # ("moved on from X" leaves a finished shoot behind: X was filmed)
            r"(?:moved|relocated|shifted|pulled out|pulled) (?!on )(?:[^\s.;:!?]+ ){0,8}?"
            r"(?:away )?from",
            r"(?:was|were) (?:due|supposed|scheduled|set|meant|planned) to "
            r"(?:shoot|film|be shot|be filmed|be(?= (?:in|at) ))"
            r"(?= .{0,80}\b(?:when|but|until|before)\b)",
            r"instead of",
            r"rather than",
            r"in place of",
            r"competition with",
            r"competing with",
            r"(?:(?:was|were|is|are) (?:not |never )?)?(?:an|the only|the best) options?",
        ),
    ),
    (
        "setting",
        _words(
            r"(?:is|are|was|were|be|being) (?:\w+ )?set (?:in|during|against|on)",
            r"set (?:in|against) (?:the )?(?:fictional|real|present-day|modern|ancient|medieval)",
            r"(?:films?|movies?|series|shows?|stor(?:y|ies)|dramas?|novels?|action|plot|tales?|"
            r"comed(?:y|ies)|thrillers?|adventures?|westerns?|musicals?|romances?|sagas?|epics?|"
            r"sitcoms?|miniseries|projects?|productions?|scenes?|episodes?) "
            r"(?:(?:is|was|are|were) )?(?:\w+ )?set (?:in|during|against)",
            r"(?<=, )set (?:in|during|against)",
            r"set (?:entirely|mostly|largely|mainly|primarily|wholly) (?:in|during|on)",
            r"takes? place (?:in|on|at)",
            r"took place (?:in|on|at)(?= .{0,40}\b(?:story|plot|film|novel|century|\d{4}s?)\b)",
            r"story (?:of|about|unfolds|follows|begins|starts|moves)",
            r"(?:films?|movies?|series|documentar(?:y|ies)|dramas?|shows?|biopics?|sagas?) "
            r"(?:(?:is|was|are|were) )?about",  # the film's subject, not its location
            r"plot",
            r"follows?",
            r"(?:cinematic |story['’]s |fictional )?background (?:in|of)",
            r"route (?:from|between|through)",
            r"journey(?:s)? (?:from|to|across|through)",
            r"travels? (?:to|from|across|through)",
            r"trip to",
            r"flees?(?: to)?",
            r"escapes? to",
            r"portray(?:s|ed|ing)?",
            r"depict(?:s|ed|ing)?",
            r"stands? in for",
            r"stood in for",
            r"standing in for",
            r"stand-ins? for",
            r"fill(?:s|ed|ing)? in for",  # "the airport filled in for Winnipeg's"
            r"sub(?:s|bed|bing)? for",
            r"cheat(?:s|ed|ing)? (?:\w+ )?as",
            r"mimic(?:s|ked|king)?",
            r"resembl(?:e|es|ed|ing)",
            r"look(?:s|ed|ing)? (?:anything |much |just |exactly )?like",
            r"(?:could|can|would) pass for",
            r"doubl(?:e|es|ed|ing) (?:for|as)",
            r"doubling(?: \w+){0,3} for",
            # "doubling parts of Vancouver Island for Alaska": the place doubled sits between
            r"doubl(?:e|es|ed|ing)(?: [A-Za-z'’-]+){1,6}? for(?= (?:the |a |an )?[A-Z])",
            r"(?:dress|disguis|transform|turn)\w* (?:up |them |it |\w+ )?as",
            # "transformed Main Street into Paris": what the street plays is the story's
            r"(?:dress|disguis|transform|turn|convert|chang)\w* (?:[\w'’-]+ ){0,3}?into",
            r"pass(?:es|ed)? (?:off )?(?:for|as)",
            r"recreat(?:e|es|ed|ing)",
            r"to (?:look like|resemble|represent|play)",
            # "scenes meant to be Casablanca" (not "meant to be in Casablanca": a plan)
            r"(?:meant|supposed|intended) to (?:be|represent|play)(?= (?:the |a )?(?-i:[A-Z]))",
            r"represent(?:s|ed|ing)?",
            r"(?:masquerad|pos)(?:e|es|ed|ing) as",
            r"fictional",
            r"where we find",
        ),
    ),
    (
        "other",
        _words(
            r"premiere[ds]?",
            r"premiering",
            # "the film opens in Athens in March": a release (or the story's first scene)
            r"(?:opens?|opened|opening|will open) (?:in|at|across)(?= (?:the )?(?-i:[A-Z]))",
            r"(?:film )?festival",
            r"red carpet",
            r"screen(?:ed|ing|ings)",
            r"(?:press|news) conference",
            r"told (?:reporters|journalists|the press)",
            r"awards?",
            r"ceremony",
            r"summit",
            r"box office",
            r"(?:was |were )?born",
            r"grew up",
            r"raised",
            r"lives?",
            r"living",
            r"resid(?:es|ing|ed)",
            r"based",
            r"headquartered",
            r"headquarters",
            r"native",
            r"hometown",
            r"(?:family |deep |local )?roots in",
            r"partners? in",  # "RecordTv and its partner in Casablanca": a company's base
            r"film commissions?",
            r"film office",
            r"(?:tax )?incentives?",
            r"rebates?",
            r"broadcast",
            r"stream(?:s|ed|ing)? (?:on|in)",  # where it is watched, not where it was shot
            r"casting (?:calls?|directors?|sessions?|agenc(?:y|ies)|office)",
            r"air(?:s|ed)? (?:in|on)",
            r"(?:is|was|will be) released",
            # a prize won at a festival: "won the Palme d'Or at Cannes"
            r"(?:won|wins|winning|took|takes|picked up|scooped) (?:the |a |an |its |their )?"
            r"(?:[\w'’-]+ ){0,4}?(?:prize|award|palme d['’]or|golden \w+|\w+ lion|\w+ bear|"
            r"oscar|trophy|top honours?|top prize)s? (?:at|in)",
            r"release (?:in|across)",
            r"flights? (?:to|from)",
            r"flew (?:in )?from",
            r"returned (?:home |back )?to",
            r"(?:moved|came) (?:back|home) to",
            r"office",
            r"set up (?:a |its |their |the )?(?:base|camp|headquarters|HQ|office)",  # no film set
            # after the shoot: editing, sound and effects are done elsewhere
            r"post-?production",
            r"(?:edited|edit|editing|sound mix(?:ed|ing)?|visual effects|VFX)(?: work)? (?:in|at)",
        ),
    ),
    (
        "planned",
        _words(
            # ("will no longer shoot in X": the negation reads before the verb, see _one_role)
            r"will (?!not |never |no longer )(?:\w+ ){0,2}(?:film|shoot|head|move|travel|go|"
            r"relocate|continue|begin|start|"
            r"resume|return|be filmed|be shot|be filming|be shooting|shift|come|arrive|visit)",
            r"['’]ll (?:\w+ ){0,2}(?:film|shoot|head|move|travel|go|be filming|be shooting)",
            r"(?:is|are|was|were) (?:set|scheduled|due|expected|slated|planning|planned|going|"
            r"supposed|poised|about|preparing|gearing up) to (?:\w+ ){0,2}(?:film|shoot|begin|"
            r"start|head|move|go|travel|relocate|continue|resume|be filmed|be shot|return|"
            r"arrive)",
            r"to be (?:filmed|shot|lensed)",
            r"next (?:schedule|stop|destination|leg|location|shoot|block|chapter)",
            r"heads? (?:to|for|over to|off to)",
            r"heading (?:to|for|over to|off to)",
            r"(?:moves?|moving) on to",
            r"before (?:moving|heading|travell?ing|relocating|going)(?: on| over| back)? to",
            r"then (?:moves?|heads?|travels?|goes|relocates?) to",
            r"plans? to (?:film|shoot)",
            r"planning to (?:film|shoot)",
            r"upcoming (?:shoot|filming|schedule)",
            r"here we come",
            r"here comes?",  # "Look out, Hollywood: here comes Tulsa"
            r"(?:is|are) coming to",
            r"resumption of (?:filming|shooting|production)",
            r"postpone[ds]? (?:\w+ ){0,3}(?:shoot|shooting|filming|schedule)",
            r"(?:moving|moves?|relocating|relocates?) (?:its |their |the )?production to",
            r"(?:unit|crew|production|shoot|team) (?:moves|heads|travels|relocates) (?:on )?to",
            # a production (not a person) moving somewhere moves its shoot there
            r"(?:series|shows?|productions?|films?|movies?|shoots?)(?: that| which)? (?:have |has |"
            r"had )?(?:moved|relocated|returned|come back) (?:back |home )?to",
            r"gearing up for",
        ),
    ),
    (
        "filmed",
        _words(
            # "the first movie to be shot entirely in X" happened; "is to be shot" is a plan
            r"(?:first|only|last|latest|second|third)(?: [\w-]+){0,4} to be (?:shot|filmed)",
            r"(?:re-?)?film(?:ed|ing|s)?",
            r"cameras? (?:(?:first|finally|have|had|will|already) )?(?:rolled|roll(?:s|ing)?|"
            r"(?:began|begins?|start(?:s|ed)?) (?:to )?roll(?:ing)?)",
            r"(?:re-?)?shoot(?:s|ing)?",
            r"(?:has |have |had )?mov(?:ed|es|ing) on from",  # done shooting there
            r"(?:film|movie)-?making",
            r"(?:re-?)?shot",
            r"lens(?:ed|ing)",
            r"wrap(?:ped|s|ping)?(?: up)?",
            r"on location",
            r"locations?",
            r"scenes?",
            r"sequences?",
            r"footage",
            r"(?:film |movie )?sets?",
            r"production(?: (?:took|is taking|has taken) place| is| was"
            r"| moved(?! (?:away )?from))?",  # "production moved from X": X lost the shoot
            r"crews?",
            r"cameras?(?: rolled| rolling| roll)?",
            r"principal photography",
            # "Production on X got under way in Galway" (only after a shoot noun: see _one_role)
            r"(?:get|got|gets|getting|is|was|are|were|went|been) under ?way",
            # "completed its first schedule in X": a block of shooting days
            r"(?:complet|finish|conclud|wrapp|start|began|begin|kick|resum)\w*(?: off)? "
            r"(?:(?:its|the|their|his|her|a) )?(?:[\w-]+ ){0,2}schedules?",
            r"stunts?",
            r"backdrops?",
            r"studios?",
            r"soundstages?",
            r"host(?:s|ed|ing)?",
            r"played host",
            r"playing host",
            r"used",
            r"chose",
            r"opted for",
            r"settled on",
            r"picked",
            r"but (?:rather |also |instead )?(?=in|at|on|around)",
        ),
    ),
)
# Every cue starts a word, or is "'ll" right after one: trying the alternatives only
# there (not at each character) halves the time the sentences' cue scan takes.
_CUE_PATTERN = re.compile(
    r"(?:(?<!\w)(?=\w)|(?<=\w)(?=['’]))(?:"
    + "|".join(f"(?P<{role}>\\b(?:{words})\\b)" for role, words in _CUES)
    + ")",
    re.IGNORECASE,
)
# "a Toronto film company", "booming film industries", "the city's main film studio":
# the trade and its facilities, not a shoot.
_TRADE_AFTER = re.compile(
    r"\s+(?:industr(?:y|ies)|compan(?:y|ies)|offices?|commissions?|festivals?|funds?|studios?|"
    r"incentives?|schools?|sectors?|hubs?|communit(?:y|ies)|business(?:es)?|markets?|"
    r"fatigue|friendly|relationships?|relations|ties|co-?operation|partnerships?|"
    r"collaborations?|agreements?|treat(?:y|ies)|exchanges?)\b",
    re.IGNORECASE,
)
_NAME_GOES_ON = re.compile(r"\s+[A-Z][\w&'’-]*")
# "Oslo Film Commission", "the Leeds Film Fest": a cue word that names an institution.
_INSTITUTION_WORD = re.compile(
    r"\s+(?:Commissions?|Office|Fest(?:ival)?s?|Authority|Board|Council|Institute|School|"
    r"Society|Scene|Industry|Awards?|Academy|Fund|Centre|Center|Club|Week|Days|Market|Critics|"
    r"Alliance|Association|Guild|Archive|Museum)\b"
)


@lru_cache(maxsize=8)
def _cue_pattern(language: str) -> re.Pattern[str]:
    """English cues, or the cue lexicon languages.py keeps for Spanish, French, ..."""
    cues = languages.role_cues(language)
    if not cues:
        return _CUE_PATTERN
    return re.compile(
        "|".join(f"(?P<{role}>{pattern.pattern})" for role, pattern in cues.items()),
        re.IGNORECASE,
    )


# Where a clause ends: a governor does not reach across these.
_CLAUSE_BREAK = re.compile(
    # "Warner Bros. Studios", "Mr. Cruise", "J. R. R.": an abbreviation's stop ends nothing
    r"[;!?()\[\]\n]|\s[–—]\s|\s-\s|(?<!\bBros)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)"
    r"(?<!\bSt)(?<!\bMt)(?<!\bJr)(?<!\bInc)(?<!\bCo)(?<!\bLtd)(?<!\b[A-Z])\.\s|"
    r"\b(?:while|whereas|although|though|meanwhile|however)\b|"
    r"\bbut\b(?!\s+(?:rather\s+|also\s+|instead\s+)?(?:in|at|on|around)\b)",
    re.IGNORECASE,
)
_SHORT_ASIDE = re.compile(r"\((?:[^()\n]{1,40})\)")
_FUTURE = re.compile(
    r"\b(?:will|['’]ll|shall|(?:is|are|was|were) (?:set|scheduled|due|expected|slated|planning|"
    r"going|poised|about) to|(?:is|are) to be|plans? to|planning to|later this (?:year|month)|"
    r"hopes? to|hoping to|aims? to|intends? to|"  # a wish is a plan
    r"(?:is|are) planned (?:for|in|at)|"  # "interiors are planned for a studio in Rome"
    r"in the coming|gears? up|next (?:destination|stop|location|schedule|leg|week|month|year|"
    r"spring|summer|autumn|fall|winter)|tomorrow|"
    # "scenes for an upcoming film": a film not out yet, not a shoot still to come
    r"upcoming(?!\s+(?:[\w-]+\s+)?(?:films?|movies?|series|shows?|features?|dramas?|"
    r"thrillers?|comed(?:y|ies)|seasons?|releases?|titles?|projects?)\b))\b"
    r"(?!.*\b(?:is|are) being (?:filmed|shot)\b)",  # "upcoming X is being filmed": now
    re.IGNORECASE,
)
# "could not get permission to film in X", "no pudo obtener el permiso para grabar en X": a
# shoot that was sought and refused, read right before the filming cue of any language.
_PERMISSION_REFUSED = re.compile(
    r"(?:\b(?:not|never|no|unable|failed|denied|refused|without|nunca|sin|neg(?:ó|aron)|"
    r"deneg(?:ó|aron)|pas|non|nicht|keine?|verweigert)\b|n['’]t\b)"
    r"(?:\s+[\w'’]+){0,4}?(?:\s+|(?<=\w['’]))(?:permission|permits?|approval|permiso|"
    r"permisos|autorización|autorisation|permis|permesso|autorizzazione|(?:Dreh)?genehmigung)"
    r"\s+(?:to|para|pour|per|di|de|zu|zum)\s+$",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"(?:\b(?:not|never|no longer|nor)|n['’]t)\b(?:\s+\w+){0,2}\s*$", re.I)
_SPECULATION = re.compile(
    r"\b(?:whether|not yet clear|unclear|rumou?r(?:s|ed)?|speculat(?:e|ed|ion)|might|could|"
    r"possibly|perhaps|if the)\b",
    re.IGNORECASE,
)

# The place's own frame, read from the words right around it.
_AFTER_OTHER = re.compile(
    r"^(?:[-‐](?:based|born|headquartered|raised|bred|native)\b|\s+(?:native|natives|born|"
    r"-based)\b)",
    re.IGNORECASE,
)
# "Indiana films", "Nigerian filmmakers": a place naming where films or their makers come
# from ("a Georgia film shoot" is a shoot, and "the film" one production).
_FILMS_OF = re.compile(
    r"^\s+(?:films|movies|filmmakers|film-makers|moviemakers|cinema)\b"
    r"(?!\s+(?:shoots?|sets?|crews?|locations?|shot|filmed|were shot|are shot))",
    re.IGNORECASE,
)
# "the Queensland local", "a professional Austin actress": a person from the place ("Galway
# residents watched the shoot" says where the shoot was, so residents are no such person).
_PERSON_FROM = re.compile(
    r"^\s+(?:local|actors?|actress(?:es)?|musicians?|artists?|singers?|"
    r"playwrights?|novelists?|comedians?)\b(?!\s+(?:productions?|shoots?|crews?|sets?|"
    r"locations?|time)\b)",
    re.IGNORECASE,
)
# "the United Arab Emirates capital of Abu Dhabi": the country gives a city's address.
# "Roman-era Judea", "1920s Havana", "Egypt in the 1930s": a place as it was in a period
# long gone is one a story shows, since no camera goes there now.
_PERIOD_BEFORE = re.compile(
    r"(?:\b(?:1[5-9]|20)\d0s|\b[A-Z][a-z]+-era|\b(?:medieval|ancient|biblical|wartime|"
    r"war-torn|pre-war|post-war|prewar|postwar|Victorian|Edwardian|Elizabethan|Tudor|"
    r"Renaissance|Depression-era|Soviet-era|colonial-era))\s+$"
)
_PERIOD_AFTER = re.compile(
    r"^\s+(?:(?:in|of|during) the (?:(?:early |late |mid-)?(?:1[5-9]|20)\d0s|"
    r"\d{1,2}(?:st|nd|rd|th) century)|circa (?:AD |BC )?\d)",
    re.IGNORECASE,
)
_COMPANY_SLASH = re.compile(
    r"\b(?:Casting|Productions?|Pictures|Films|Studios|Entertainment|Media|Agency)\s*/\s*$"
)
# "stars Ana Reyes as a nurse in Seville": an actor, the part, and the part's place.
_CHARACTER_AS = re.compile(
    r"\b[A-Z][\w'’-]+ as (?:a|an) (?:[a-z][\w-]* ){1,3}(?:in|from|living in|working in)\s+"
    r"(?:the\s+)?$"
)
_AFTER_A_STOP = re.compile(r"(?:^|\n)\s*After\s+$")
# The place that plays another, in the four other languages: "Lecce farà da Marsiglia",
# "Úbeda se convertirá en la Roma del siglo XVI", "Görlitz wurde in ... verwandelt".
_STANDS_IN_AFTER = re.compile(
    r"[^,.;]{0,40}?\b(?:farà da|fa da|ha fatto da|hace de|hará de|hizo de|hace las veces de|"
    r"se convertirá en|se convirtió en|se transform(?:e|era|a) en|a été transformée? en|"
    r"joue(?:ra)? le rôle de|(?:wurde|wird)\b[^,.;]{0,40}?\b(?:verwandelt|umgewandelt)|"
    r"(?:wurde|wird) zu|è stat[oa] trasformat[oa] in)\b"
    r"|\s+in\b[^,.;]{0,40}?\b(?:verwandelt|umgewandelt)\b",  # "X in das Berlin ... verwandelt"
    re.IGNORECASE,
)
_VIEWED_AFTER = re.compile(r"[^,.;]{0,60}?\b(?:besichtigt|angeschaut|begutachtet)\b")
_SITES_BEFORE = re.compile(r"\b(?:Motive|Drehorte|Locations)\b[^,.;]{0,60}$")
# "die im heutigen Kiel spielt": a German clause ends on its verb, after the place.
_PLAYS_IN_AFTER = re.compile(r"\s+spiel(?:t|en|te|ten)\b(?!\s+(?:in|im|auf|an)\b)")
_CAPITAL_AFTER = re.compile(r"^\s+capital\s+(?:city\s+)?(?:of\s+)?[A-Z]")
_POSSESSIVE = re.compile(r"^['’]s?\s+(?P<next>[\w-]+(?:\s+[\w-]+)?)", re.IGNORECASE)
# "Scotland's most iconic city centres", "Jordan's best-known desert": spots of the land.
_FINEST_SPOTS = re.compile(
    r"^['’]s?\s+(?:most|best|biggest|largest|finest|oldest|prettiest|highest|first)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:city|cities|towns?|villages?|streets?|squares?|landscapes?|"
    r"beach(?:es)?|coast(?:line)?s?|islands?|deserts?|mountains?|valleys?|lakes?|parks?|"
    r"castles?|landmarks?|neighbou?rhoods?|districts?|regions?|spots?|sites?|locations?)\b",
    re.IGNORECASE,
)
_POSSESSIVE_COMPANY = re.compile(
    r"^['’]s?\s+(?:[A-Z][\w&.-]*\s+){1,3}(?:Productions?|Pictures|Films|Studios?|Entertainment|"
    r"Media|Group|Company|Network|Television|TV|Channel|Film Commission|Film Office)\b"
)
# "the Baghdad of American Sniper", "the Tehran seen in Homeland": a story's place.
_STORY_PLACE = re.compile(
    r"^\s+(?:of\s+(?:the\s+)?[A-Z]|(?:that|which)?\s*(?:will\s+)?(?:be\s+)?(?:seen|featured|"
    r"shown|depicted|portrayed|appears?|appeared|appearing)\s+in\b)"
)
_INSTITUTIONS = re.compile(
    r"^(?:government|ministry|minister|film|industry|economy|president|prime|premier|"
    r"tourism|tourist|highest|biggest|best|largest|most|first|own|national|leading|top|tax|"
    r"incentives?|cash|rebates?|fund|screen|council|authority|royal|culture|cultural|"
    r"department|state|agency|production|producers?|studios?|office|commission|people|"
    r"capital|entertainment|cinema|movie|tv|television|media|broadcaster|channel|army|"
    r"military|police|king|queen|prince|official|officials|leaders?|history|answer|"
    r"version|own)\b",
    re.IGNORECASE,
)
_BEFORE_OTHER = re.compile(
    r"(?:\b(?P<origin>(?:crews?|cast|actors?|actress(?:es)?|visitors?|extras|people|team|"
    r"compan(?:y|ies)|group|producers?|filmmakers?|tourists|fans|travell?ers|immigrants?|"
    r"boys?|girls?|man|woman|men|women|famil(?:y|ies)|stars?|natives?|residents?|locals|"
    r"director|writer|singer|musician|journalists?|students?|delegation) (?:\w+ )?from)|"
    # "would shoot outside of X": away from it ("shot just outside X" is by it)
    r"\b(?P<away>(?<!just )(?<!right )(?<!immediately )(?<!directly )outside of)|"
    r"\b(?P<reference>near|close to|(?:north|south|east|west)(?:east|west)? of|(?:km|kilometres|"
    r"kilometers|miles|hours?|minutes?) (?:away )?from|flight from|drive from|away from|"
    r"outskirts of|"
    # "a short trip by long-tail boat from X", "drive west from X": a way to get there
    r"(?:trip|ride|walk|sail|journey|crossing)(?: by [\w-]+(?: [\w-]+)?)? from|"
    r"(?:drive|head|travel|walk)\s+(?:north|south|east|west)\w*\s+(?:of|from|out of)|"
    # "à une vingtaine de kilomètres de X", "a 20 km de X", "20 Kilometer von X"
    r"(?:km|kilom[eè]tres|kil[oó]metros|chilometri|kilometern?)\s+(?:de|du|des|d['’]|da|di|"
    r"dal|dalla|von|vom|from)|"
    r"(?:pr[eè]s|non loin|cerca|vicino|unweit|nahe)\s+(?:de|du|des|d['’]|a|al|von|vom))|"
    r"\b(?P<comparison>the (?:\w+ )?(?:hollywood|bollywood|answer|version|equivalent) of|"
    r"(?:is|as|became|become|becomes|becoming) the new|"  # "Toronto is the new New York"
    # "the provincial capital of British Columbia": an address, not the shoot's place
    r"(?:provincial|state|regional|national|federal) capital of|"
    r"(?<!cities )(?<!towns )(?<!places )(?<!locations )(?<!countries )(?<!spots )"
    r"(?<!destinations )(?<!areas )(?<!regions )(?<!states )"  # "cities like Delhi": examples
    r"(?:like|than|compared (?:to|with)|similar to|unlike|nothing to do with|no relation to)|"
    # "as good as any crew he had worked with in the U.S.": the yardstick, not the shoot
    r"(?:as|than) any (?:[\w'’-]+ ){0,6}?(?:in|at|from))"
    r")(?:\s+(?:the\s+)?|(?<=['’]))$",
    re.IGNORECASE,
)
# "the Tokyo Metropolitan Government", "the Calgary Herald": a body or a paper named
# after the place, which says nothing of where anything was shot.
_NAMED_BODY = re.compile(
    r"(?:[ -](?:[A-Z][\w&'’-]*|of|and|for|&)){0,4}?[ -](?:Government|Ministry|Council|Police|"
    r"Department|Authority|Board|Corporation|Summit|Chamber|Parliament|Assembly|Senate|"
    r"Times|Herald|Tribune|Gazette|Journal|Post|Chronicle|Courier|Examiner|Telegraph|"
    r"Star-Ledger|Sun-Times|Dispatch|Inquirer|Free Press|Self-Defen[cs]e Forces?|Forces|"
    r"Army|Navy|Community Theat(?:re|er)|Theat(?:re|er) Company|Symphony|Philharmonic|"
    # "the Berlin festival": its screenings are no shoot
    r"Orchestra|Players|[Ff]estival|[Ff]ilm [Ff]estival|Film Fest|Biennale)\b"
)
# "the ‘Harrison Ford of Finland’", "the “Hollywood of the South”": a nickname's place.
_EPITHET = re.compile(r"[‘“\"'](?:[Tt]he\s+)?(?:[A-Z][\w.'’-]*\s+){1,3}of\s+(?:the\s+)?$")
_CLOSING_QUOTES = ("’", "”", '"', "'")
# "shot near X", "filmed just outside X": the shoot itself was by X (not "a village near X").
_SHOT_NEAR = re.compile(
    r"\b(?:shot|filmed|filming|shooting|shoots?|films|scenes|footage|Studios?|Stages|"
    r"tourn[ée]e?s?|film[ée]e?s?|rodad[oa]s?|filmad[oa]s?|girat[oaie]|gedreht)\s+"
    r"(?:(?:it|them|scenes|[“\"‘'][^”\"’']{1,60}[”\"’'])\s+)?"  # shot "Pale Horizon" near X
    # "shot in a disused hotel near X", "filmed on a beach near X": the spot is by X
    # (a hamlet or village near X is a place of its own, not X)
    r"(?:(?:in|at|on|inside)\s+(?:a|an|the)\s+"
    r"(?:(?!(?:hamlet|village|town|city|settlement)s?\b)[a-z][\w-]*\s+){1,3})?"
    r"(?:(?:just|right|somewhere|mostly|largely|entirely|partly|also)\s+"
    r"|for\s+(?:[\w-]+\s+){1,3}?(?:days?|weeks?|months?|nights?)\s+)*$",  # "for nine days near"
    re.IGNORECASE,
)
# "a casting director for the film is in X", "the show's production office is now at X":
# where the staff who hire and plan sit, not where the cameras are.
_STAFF_IS_IN = re.compile(
    r"\b(?:casting (?:directors?|agents?|agenc(?:y|ies)|teams?|offices?)|production offices?|"
    r"(?:its|their|the film['’]s|the series['’]|the show['’]s) offices?|headquarters)\b"
    r"[^.;:!?\n]{0,80}?\b(?:is|are|was|were|has been|have been|will be)\s+"
    r"(?:now\s+|currently\s+|also\s+|still\s+|already\s+)?(?:based\s+|located\s+|set up\s+)?"
    r"(?:in|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A dateline opens the story's first sentence; "Queenstown: Autumn 2024" heads a section.
_STORY_FOLLOWS = re.compile(r"[^\n]*?\b[a-z]{3,}")
_DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Za-z.'’ -]{1,40}?)(?:,\s*[A-Z][A-Za-z.]{1,20}\.?)?\s*"
    r"(?:\([^)\n]{1,40}\)\s*)?(?::\s|[-–—]\s|—)"
)
_SUBJECT_CUE = re.compile(
    r"^(?:\s*\([^()\n]{1,40}\)|\))?"  # "Adeje (Tenerife) witnessed", "(Tenerife) witnessed"
    r"(?:\s+(?:countryside|desert|coast|coastline|mountains?|landscapes?|capital|city|"
    r"village|town|island|streets?|locations?|port|old town|skyline|harbou?r))?"
    r"\s*(?:,\s*(?:which|that)\s+|\s+(?:which|that)\s+|\s+)?"
    r"(?:has|have|had)?\s*(?:also\s+|recently\s+|again\s+|already\s+|once\s+)?"
    r"(?:is|was|were|are|has been|have been|will be|had been|will)?\s*(?:being\s+|also\s+)?"
    r"(?P<verb>doubl\w*|stand\w* in|stood in|serv\w* as|play\w* (?:host|the role|a (?:\w+ )?role)|"
    r"host\w*|used|chosen|transformed|dressed|turned into|film\w*|shot|shoot\w*|witness\w*|"
    r"provid\w* (?:the )?(?:backdrop|setting|locations?)|welcom\w*|lent|lend\w*|"
    r"gets? a starring role|appear\w* (?:in|as)|sub(?:bed|s)? for|"
    r"(?:the |a )?(?:\w+ )?(?:backdrop|setting|location|stand-in)s?(?: for| of)?)\b",
    re.IGNORECASE,
)
# "Oban has seen 'Night Owl' visit", "the town has seen three productions arrive": the
# place as subject of a visit whose visitor is a production.
_SEEN_A_VISIT = re.compile(
    r"^\s+(?:has|have|had)\s+(?:also\s+|recently\s+|already\s+|now\s+|just\s+)?"
    r"(?:seen|welcomed|hosted)\s+(?:[‘“\"'][^’”\"\n]{1,60}[’”\"']|(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:crews?|casts?|productions?|shoots?|films?|series|shows?|"
    r"movies?))\s+(?:visit|arrive|come|roll in|film|shoot|return)\w*\b",
    re.IGNORECASE,
)
# "X is a major setting in the film": a place of its story, where the cameras may never go.
_STORY_SETTING = re.compile(
    r"\s+(?:(?:in|of)\s+)?(?:the|this|that|his|her|their)\s+(?:film|movie|series|show|story|novel|"
    r"book|plot|drama)\b",
    re.IGNORECASE,
)
# "X, where the crew filmed" and the same relative clause in the other languages read.
_WHERE_WORDS = {
    "en": r"(?:(?:which|that) (?:is|was|has been) )?(?:where|in which|on which|at which)",
    "es": r"(?:donde|en donde|adonde|en (?:el|la|los|las) que)",
    "fr": r"(?:où|dans lequel|dans laquelle)",
    "de": r"(?:wo|wohin|in (?:dem|der|denen))",
    "it": r"(?:dove|in cui)",
}
# "Morocco will also be Saudi Arabia", "Malta played Marseille": one place acting another.
_PLAYS_THE_PART = re.compile(
    r"\s+(?:(?:will|would|could|can|has|have|had|also|even|easily|once|again|often)\s+)*"
    r"(?:be|been|become|became|becomes|play|plays|played|playing)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_LIST_JOIN = re.compile(
    r"^(?:\s*,\s*|\s*,?\s+(?:and|or|&|as well as|y|e|et|und|ed|o|ou|oder|sowie)\s+|\s*/\s*|\s+)"
    r"(?:the\s+)?$"
)  # the joiners of the four other languages read too: "in Lübeck und Wismar"
# "historic Clunes, the lush glades of the Dandenongs and the coast of Barwon Heads":
# the list goes on through descriptions of each place.
# The list may run through one place that is no mention (a name the gazetteer lacks).
_DESCRIBED_ITEM = (
    r"(?:,\s*(?:and\s+)?|\s+and\s+)the\s+(?:[a-z]+\s+){0,3}(?:of|in|at|around)\s+(?:the\s+)?"
)
_DESCRIBED_LIST_JOIN = re.compile(
    rf"^\s*(?:{_DESCRIBED_ITEM}[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*)?{_DESCRIBED_ITEM}$"
)
_LANDSCAPE = re.compile(
    r"^\s*(?:countryside|desert|coast|coastline|mountains?|mountainside|landscapes?|capital|"
    r"city|village|town|fjords?|islands?|border|wilderness|highlands|lakes?|locations?|"
    r"streets|valleys?|forests?|outback|bush|plains|steppe|jungle|waters)\b",
    re.IGNORECASE,
)
_MAX_GAP_WORDS = 12
_STAND_IN_REACH = 40
_SHORT_SENTENCE = 8
_WEAK_NOUN = re.compile(
    r"locations?|crews?|studios?|soundstages?|backdrops?|(?:film |movie )?sets?|stunts?|"
    r"cameras?|footage|production",
    re.IGNORECASE,
)
# "the locations of historic Clunes", "the backdrop of Petra": the place holds them.
_SCENES_OF = re.compile(r"\s+of\s+(?:(?:the|historic|old|downtown)\s+)?$")
_LOCATIVE_GAP = re.compile(
    r"(?:\s+[\w'’-]+){0,4}?\s+(?:in|at|on|around|across|throughout|along|near|outside|inside|"
    r"over|off|to|from|into|through|within|between)\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,3}$"
    r"|\s*(?:,\s*)?$",
    re.IGNORECASE,
)
# A sentence that tells the plot: its places are the story's, unless a shoot governs them.
_PLOT = re.compile(
    r"\b(?:protagonists?|heroine|hero|characters?|the story|plot|storyline|narrative|tale of|"
    r"fictional|fugitive|kidnapp(?:ed|ing)|hostage|is accused|finds (?:himself|herself|themselves)|"
    r"must (?:fight|find|escape|travel|return|save)|falls? in love|on the run|mission to|"
    r"is sent to|were sent|was sent|is tricked|embarks?|sets? out)\b"
    r"|\bstar(?:s|ring)? (?:[A-Z][\w'’-]+ ){1,3}as (?:a|an)\b",  # "stars Rashida Jones as an"
)
# "John Rambo (Sylvester Stallone)": a character and its actor, so the line tells the plot;
# "Las Canteras Beach (Gran Canaria)" is a place and its island (told apart by the places).
_CAST = re.compile(
    r"[A-Z][\w-]+(?: [A-Z][\w-]+)? \((?P<actor>(?:[A-Z][\w'’-]+ ){1,2}[A-Z][\w'’-]+)\)"
)
# Cues of the 'other' kind that, in a plot, describe what characters do.
_STORY_OTHER = re.compile(r"^(?:lives?|living|resid|born|grew up|raised|returned to|flew)", re.I)
_LOCATIVE_END = re.compile(r"\b(?:in|at|on|around|across|near|outside)\s+(?:the\s+)?$", re.I)
_STRONG_FILMING = re.compile(
    r"(?:re-?)?(?:film(?:ed|ing)|shoot(?:s|ing)?|shot|lens|wrap|on location|principal|scenes?|"
    r"sequences?|footage|rod|tourn|Dreh|gedreht|ripres|girat|"
    r"grab(?:ó|aron|aba|aban|ando|ación|aciones|ar|arse|ad[oa]s?)\b)",
    re.IGNORECASE,
)
# Only small words stand between the clause's start and its subject.
_SUBJECT_START = re.compile(
    r"\s*(?:(?:the|a|an|and|also|even|both|in|at|today|now|meanwhile|historic|nearby|"
    r"(?:city|town|village|island|region|province|state|port|capital) of|[\"“”'‘’«»]|"
    r"\d+\.|[-•*])\s*)*$",
    re.IGNORECASE,
)
_HAPPENS = re.compile(r"tak|took", re.IGNORECASE)
_POST_PRODUCTION = re.compile(r"\bpost-?production\b", re.IGNORECASE)
_OPENS = re.compile(r"open|will open", re.IGNORECASE)
_UNDER_WAY = re.compile(r".* under ?way$", re.IGNORECASE)
_SHOOT_NOUN = re.compile(
    r"\b(?:filming|shooting|shoot|(?<!post-)(?<!post)production|photography|rodaje|tournage|riprese|"
    r"Dreharbeiten)\b",
    re.IGNORECASE,
)
# "at Origo Film Studios in Budapest", "at the Pinewood Studios near London".
_NAMED_STUDIO = re.compile(
    r"\b(?:at|in|inside|on the stages of)\s+(?:the\s+)?(?:[A-Z][\w'’&.-]*\s+){1,3}"
    r"(?:Film\s+|Movie\s+)?(?:Studios?|Soundstages?|Stages)\s+(?:[A-Z][\w'’-]*\s+){0,2}"
    r"(?:in|at|near|outside)\s+(?:the\s+)?$"
)
# "landed in Spain to shoot a road movie": a purpose right after the place.
_THERE_TO_SHOOT = re.compile(
    r"\s*,?\s*(?:(?:last|this|next) \w+ )?to (?:film|shoot|lens)(?![\w-])"
    # "installée à Bastia ... jusqu'à la fin novembre pour tourner": a stay for the shoot
    r"|[^.;:]{0,80}?\b(?:pour (?:y )?tourner|pour le tournage|para (?:rodar|filmar|grabar)|"
    r"para el rodaje|per (?:girare|le riprese)|um (?:dort )?zu drehen|für die Dreharbeiten)\b",
    re.I,
)
# "in Denver next week for the shoot": a purpose after the place governs it.
_FOR_A_SHOOT = re.compile(
    r"^[^,;:]{0,60}?\bfor (?:a |an |the |its |their |his |her )?(?:[\w\"“”'’-]+ ){0,4}?"
    r"(?:shoot|shooting|filming|film shoot|movie shoot|scenes?)\b",
    re.IGNORECASE,
)
_MADE_A_SET = re.compile(  # "Main Street in Cambridge was converted into a movie set"
    r"^[^,;:]{0,60}?\b(?:converted|turned|transformed|made over) into (?:a |an |the )?"
    r"(?:[\w-]+ ){0,3}?(?:movie|film|TV|television|series) set\b",
    re.IGNORECASE,
)
# "neighbourhoods that can double for the U.S.", "the ability to look like Moscow": what a
# place can pass for is a likeness, not the place of any production's story ("we could
# cheat it as Boston" is a production's choice, so a past "could" is no likeness).
_COULD_PASS = re.compile(
    r"\b(?:can|able|ability|capable)(?:\s+(?:to|of))?\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)
_COULD_BE = re.compile(r"\b(?:could|might|may) (?:\w+ )?be\b", re.IGNORECASE)
_LIKENESS = re.compile(
    r"(?:(?:can|could) )?(?:to )?(?:doubl|stand|pass|look|resembl|mimic|sub|cheat|fill)",
    re.IGNORECASE,
)
_DEMONYM_GAP = re.compile(r"\s+(?:(?:a|an|the)\s+)?", re.IGNORECASE)
_MOVED_FROM = re.compile(r"\bfrom$", re.IGNORECASE)
_TO_DESTINATION = re.compile(r"\b(?:to|for|into)\s+(?:the\s+)?$", re.IGNORECASE)
_SPLIT_SETTING = re.compile(
    r"stand|stood|sub|doubl|dress|disguis|transform|turn|pass|masquerad|pos", re.IGNORECASE
)


_WINDOW = 240  # characters of context any one rule reads around a place


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    role: Role
    text: str


class _Sentence:
    """A sentence with its cues and clause breaks, matched once for all its places."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        words = text.split()
        self.length = len(words)  # in words
        headed = sum(w[:1].isupper() for w in words) > 0.6 * len(words)  # a headline
        lexicon = languages.lexicon(language)
        # German capitalises every noun: "Die Dreharbeiten fanden ... statt" is no name.
        names_by_case = not (lexicon is not None and lexicon.nouns_capitalised)
        self.cues = tuple(
            _Cue(
                m.start(),
                m.end(),
                "other" if _a_film_not_made(text, m) else _cue_role(text, m),
                m.group(0),
            )
            for m in _cue_pattern(language).finditer(text)
            if not (headed is False and names_by_case and _in_a_name(text, m.start(), m.end()))
            and not (m.group(0)[:1].isupper() and _INSTITUTION_WORD.match(text, m.end()))
        )
        self.ends = tuple(c.end for c in self.cues)
        # A short aside in brackets ("Adeje (Tenerife) witnessed") does not end the clause.
        asides = [m.span() for m in _SHORT_ASIDE.finditer(text)]  # in order, disjoint
        aside_starts = [a for a, _ in asides]

        def in_aside(offset: int) -> bool:
            i = bisect.bisect_right(aside_starts, offset) - 1
            return i >= 0 and offset < asides[i][1]

        self.breaks = tuple(
            m.end() for m in _CLAUSE_BREAK.finditer(text) if not in_aside(m.start())
        )
        # Lines of their own (a heading the sentencizer ran into the next sentence)
        # tell the plot or not each on their own.
        lines = list(re.finditer(r"[^\n]+", text)) if language == "en" else []
        self.plot_lines = tuple(
            (m.start(), m.end()) for m in lines if _PLOT.search(m.group(0)) is not None
        )
        # Lines that tell the plot only by naming an actor in brackets: (start, end, where
        # the bracketed names are), for decide_roles to check against the places.
        self.cast_lines = tuple(
            (m.start(), m.end(), tuple(c.span("actor") for c in cast))
            for m in lines
            if _PLOT.search(m.group(0)) is None
            and (cast := [c for c in _CAST.finditer(text, m.start(), m.end())])
        )
        self.locative_end = _locative_end(language)

    def clause(self, offset: int) -> tuple[int, int]:
        """Bounds of the clause around `offset`, no wider than the rules' window."""
        i = bisect.bisect_right(self.breaks, offset)
        start = self.breaks[i - 1] if i > 0 else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return max(start, offset - _WINDOW), min(end, offset + _WINDOW)

    def plot(self, offset: int, place_starts: Sequence[int] = ()) -> bool:
        """Whether the line around `offset` tells the story's plot.

        A name in brackets after another is an actor after a character, unless a
        place (`place_starts`, in order) is what the brackets hold.
        """
        if any(start <= offset < end for start, end in self.plot_lines):
            return True

        def a_place(a: int, b: int) -> bool:
            i = bisect.bisect_left(place_starts, a)
            return i < len(place_starts) and place_starts[i] < b

        return any(
            start <= offset < end and not all(a_place(a, b) for a, b in actors)
            for start, end, actors in self.cast_lines
        )

    def cue_before(self, offset: int) -> _Cue | None:
        i = bisect.bisect_right(self.ends, offset) - 1
        return self.cues[i] if i >= 0 else None

    def cue_after(self, offset: int) -> _Cue | None:
        i = bisect.bisect_left(self.ends, offset + 1)
        while i < len(self.cues) and self.cues[i].start < offset:
            i += 1
        return self.cues[i] if i < len(self.cues) else None

    def cue_between(self, start: int, end: int, role: str) -> _Cue | None:
        """The first cue of `role` inside [start, end); the clause bounds the scan."""
        i = bisect.bisect_left(self.ends, start + 1)
        while i < len(self.cues) and self.cues[i].end <= end:
            if self.cues[i].start >= start and self.cues[i].role == role:
                return self.cues[i]
            i += 1
        return None

    def before(self, span: PlaceSpan) -> str:
        return self.text[max(0, span.start - _WINDOW) : span.start]


def _cue_role(text: str, match: re.Match[str]) -> Role:
    """The role a cue gives; "film company", "film industry" name the trade, not a shoot."""
    if _TRADE_AFTER.match(text, match.end()):
        return "other"
    return cast(Role, match.lastgroup)


def _in_a_name(text: str, start: int, end: int) -> bool:
    """ "The Norwegian Film Incentive": a capitalised cue inside a name is no cue."""
    if not text[start].isupper() or not text[:start].strip():
        return False
    before = text[max(0, start - 30) : start].split()
    after = text[end : end + 30].split()
    if before and before[-1][-1] in "–—:":  # "Hollywood–Here comes X": a phrase starts
        return False
    capital_before = bool(before) and before[-1][:1].isupper()
    capital_after = (
        bool(after)
        and after[0][:1].isupper()
        and text[end : end + 1] == " "
        and text[start:end].split()[-1][:1].isupper()  # "We looked at Tacoma": no name
    )
    return capital_before or capital_after


# "the film", "Gerwig's film": the noun, not the verb "to film". What is done with the
# film ("releases the film in UK cinemas", "screened the film in Toronto") is no shoot,
# unless a verb of making governs it ("shot the film in Paris", "to make a film in Rome").
_FILM_NOUN = re.compile(r"films?", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|this|that|these|those|its|his|her|their|our|my|your)|['’]s)\s+"
    r"(?:(?:new|first|latest|next|last|upcoming|whole|entire|same)\s+)?$",
    re.IGNORECASE,
)
_IN_AFTER = re.compile(r"\s+(?:in|at|across|throughout)\b", re.IGNORECASE)
_MAKING_BEFORE = re.compile(
    r"\b(?:mak(?:e|es|ing)|made|direct(?:s|ed|ing)?|produc(?:e|es|ed|ing)|shoot(?:s|ing)?|"
    r"shot|film(?:s|ed|ing)|complet(?:e|es|ed|ing)|finish(?:es|ed|ing)?|wrap(?:s|ped|ping)?)"
    r"(?:\s+[\w'’-]+){0,5}\s*$",
    re.IGNORECASE,
)


def _a_film_not_made(text: str, cue: re.Match[str]) -> bool:
    """ "the film in X" where a verb other than one of making governs the film."""
    if not _FILM_NOUN.fullmatch(cue.group(0)) or not _IN_AFTER.match(text, cue.end()):
        return False
    before = text[max(0, cue.start() - 60) : cue.start()]
    determiner = _DETERMINER_BEFORE.search(before)
    if determiner is None:
        return False
    return _MAKING_BEFORE.search(before, 0, determiner.start()) is None


@lru_cache(maxsize=256)
def _sentence(text: str, language: str) -> _Sentence:
    """Sentences come back as neighbours of the next one: match each once."""
    return _Sentence(text, language)


def _governing(sent: _Sentence, span: PlaceSpan, clause_start: int) -> _Cue | None:
    """The nearest cue before the place inside its clause, not too far away.

    A noun that only suggests filming ("locations", "crew", "studio") governs
    a place through a preposition of place ("locations in X", "the crew at
    X"), not through a list of assets ("locations such as X").
    """
    cue = sent.cue_before(span.start)
    if cue is None or cue.start < clause_start:
        return None
    gap = sent.text.count(" ", cue.end, span.start)
    if gap > _MAX_GAP_WORDS and not (
        # "has stood in for locales ranging from Brazil in 'Fast Five' ... to India":
        # what a stand-in plays runs on through its list, to the clause's end
        gap <= _STAND_IN_REACH and cue.role == "setting" and _SPLIT_SETTING.match(cue.text)
    ):
        return None
    if (
        _WEAK_NOUN.fullmatch(cue.text)
        and not _LOCATIVE_GAP.match(sent.text, cue.end, span.start)
        and not _SCENES_OF.match(sent.text, cue.end, span.start)
    ):
        return None
    return cue


def _frame(sent: _Sentence, span: PlaceSpan) -> RoleDecision | None:
    """Rules that read only the words right around the place."""
    before = sent.before(span)
    after = sent.text[span.end : span.end + 60]
    if span.surface.lower() in FILM_INDUSTRIES and not re.search(
        r"\b(?:film(?:ed|ing)|shot|shoot(?:ing)?) (?:in|at)\s+$", before, re.I
    ):
        return RoleDecision("other", "the film industry, not a place")
    if (
        _AFTER_A_STOP.search(before)
        and after.startswith(",")
        and any(c.role == "planned" and c.start > span.end for c in sent.cues)
    ):  # "After Bath, the crew heads to Lacock": the stop it leaves was filmed
        return RoleDecision("filmed", "a stop the shoot moves on from")
    line = before[before.rfind("\n") + 1 :]
    if not line.strip() and (span.start == 0 or "\n" in before or len(before) < _WINDOW):
        dateline = _DATELINE.match(sent.text, span.start - len(line))
        if (
            dateline
            and dateline.end() > span.start
            and _STORY_FOLLOWS.match(sent.text, dateline.end())
        ):
            return RoleDecision("other", "dateline")
    if _AFTER_OTHER.match(after):
        return RoleDecision("other", "a base or origin (X-based)")
    if _FILMS_OF.match(after):  # "to bring Indiana films to theatres": films made there
        return RoleDecision("other", "films or filmmakers from the place")
    if _PERSON_FROM.match(after):
        return RoleDecision("other", "a person from the place")
    if _CAPITAL_AFTER.match(after):
        return RoleDecision("other", "the address of its capital")
    possessive = _POSSESSIVE.match(after)
    if (
        possessive
        and (_INSTITUTIONS.match(possessive.group("next")) or _POSSESSIVE_COMPANY.match(after))
        and not _FINEST_SPOTS.match(after)
    ):
        return RoleDecision("other", f"possessive: {span.surface}'s {possessive.group('next')}")
    if _STAFF_IS_IN.search(before[-140:]):
        return RoleDecision("other", "where the production's staff are")
    if sent.language != "en" and _STANDS_IN_AFTER.match(sent.text, span.end):
        return RoleDecision("filmed", "stands in for another place")  # "Lecce farà da Marsiglia"
    if sent.language == "de" and _PLAYS_IN_AFTER.match(after):
        return RoleDecision("setting", "where the story plays (spielt)")
    if sent.language == "de" and _VIEWED_AFTER.match(after) and _SITES_BEFORE.search(before):
        return RoleDecision("scouted", "sites viewed (besichtigt)")  # "Motive in X besichtigt"
    if _PERIOD_BEFORE.search(before[-40:]) or _PERIOD_AFTER.match(after):
        return RoleDecision("setting", "a place in a past period (the story's)")
    if _COMPANY_SLASH.search(before[-40:]):  # "Reel Casting/LA": the firm's office
        return RoleDecision("other", "a company's office")
    if _CHARACTER_AS.search(before[-80:]):  # "Jackie Chan as a stranger in LA"
        return RoleDecision("setting", "a character's place")
    if re.search(r"\bthe\s+$", before) and _STORY_PLACE.match(after):
        return RoleDecision("setting", "a place of the story (the X of a title)")
    body = _NAMED_BODY.match(after)
    if body:
        return RoleDecision("other", f"a body named after the place: {span.surface}{body.group(0)}")
    if _EPITHET.search(before[-60:]) and after[:1] in _CLOSING_QUOTES:
        return RoleDecision("other", "an epithet: the ... of X, in quotes")
    frame = _BEFORE_OTHER.search(before[-80:])
    if frame:
        kind = frame.lastgroup or "reference"
        if kind == "reference" and _SHOT_NEAR.search(before[-80:][: frame.start()]):
            return None  # "shot near X": the cameras were by X, so the shoot's cue decides
        return RoleDecision("other", f"{kind}: {frame.group(0).strip()}")
    return None


@lru_cache(maxsize=8)
def _where_clause(language: str) -> re.Pattern[str]:
    words = _WHERE_WORDS.get(language, _WHERE_WORDS["en"])
    return re.compile(rf"^\s*,?\s*{words}\b", re.IGNORECASE)


def _after_subject(
    sent: _Sentence, span: PlaceSpan, clause_start: int, clause_end: int
) -> RoleDecision | None:
    """A place before its verb: "Malta doubles for Spain", "X, where they filmed",
    "Hungary has been packed with productions"."""
    text = sent.text
    rest = text[span.end : clause_end]
    subject = _SUBJECT_CUE.match(rest)
    if subject and (
        _INSTITUTION_WORD.match(rest, subject.end("verb"))
        or (subject.group("verb")[:1].isupper() and _NAME_GOES_ON.match(rest, subject.end("verb")))
    ):  # "Oslo Film Commission", "Tokyo Location Box": a body named after the place
        return RoleDecision("other", f"an institution: {span.surface}{rest[: subject.end()]}")
    if subject and _TRADE_AFTER.match(rest, subject.end("verb")):
        return RoleDecision("other", f"the trade: {span.surface}{rest[: subject.end()]}")
    if subject:
        verb = subject.group("verb")
        if verb.lower().endswith(("setting", "setting of")) and _STORY_SETTING.match(
            rest, subject.end()
        ):
            return RoleDecision("setting", f"{span.surface} {verb} in the story")
        role: Role = "planned" if re.search(r"\bwill\b", subject.group(0), re.I) else "filmed"
        return RoleDecision(role, f"{span.surface} {verb}")
    if _SEEN_A_VISIT.match(rest):
        role = "planned" if _FUTURE.search(text, clause_start, clause_end) else "filmed"
        return RoleDecision(role, "a production visited it")
    if _FOR_A_SHOOT.match(rest):
        role = "planned" if _FUTURE.search(text, clause_start, clause_end) else "filmed"
        return RoleDecision(role, "for a shoot")
    if _MADE_A_SET.match(rest):
        role = "planned" if _FUTURE.search(text, clause_start, clause_end) else "filmed"
        return RoleDecision(role, "made into a set")
    cue = sent.cue_after(span.end)
    if cue is None or cue.end > clause_end:
        return None
    if _where_clause(sent.language).match(rest):
        wish = sent.cue_between(span.end, clause_end, "scouted")
        if wish is not None:  # "X, where the production wanted to film": it did not
            return RoleDecision("scouted", f"where ... {wish.text}")
        base = sent.cue_between(span.end, clause_end, "other")
        if base is not None:  # "X, where the crew is based": a crew's base, not its set
            return RoleDecision("other", f"where ... {base.text}")
        if cue.role == "filmed" and _FUTURE.search(text, span.end, cue.end):
            return RoleDecision("planned", f"where ... {cue.text}")
        return RoleDecision(cue.role, f"where ... {cue.text}")  # "X, where the story is set"
    if _SUBJECT_START.match(text, clause_start, span.start):
        role = cue.role
        if role == "setting" and _SPLIT_SETTING.match(cue.text):
            role = "filmed"  # the subject of "doubles for" is where the cameras were
        if role == "filmed" and _FUTURE.search(text, span.end, cue.end):
            role = "planned"
        return RoleDecision(role, f"{span.surface} ... {cue.text}")
    return None


def _one_role(sent: _Sentence, span: PlaceSpan) -> tuple[RoleDecision | None, int]:
    """The place's role and where in the sentence its evidence starts."""
    framed = _frame(sent, span)
    if framed is not None:
        return framed, span.start
    clause_start, clause_end = sent.clause(span.start)
    studio = _NAMED_STUDIO.search(sent.text, max(clause_start, span.start - 80), span.start)
    if studio is not None:  # "at Origo Film Studios in Budapest": the stages are in the city
        role: Role = "planned" if _FUTURE.search(sent.text, clause_start, clause_end) else "filmed"
        return RoleDecision(role, f"a studio in it: {studio.group(0).strip()}"), studio.start()
    cue = _governing(sent, span, clause_start)
    if (
        cue is not None
        and _UNDER_WAY.match(cue.text)
        and not _SHOOT_NOUN.search(sent.text, clause_start, cue.start)
    ):
        cue = None  # "work is under way in Leeds": not a shoot
    if cue is None:
        return _after_subject(sent, span, clause_start, clause_end), span.start
    text = sent.text
    if (
        cue.role == "other"
        and _THERE_TO_SHOOT.match(text, span.end)
        and not re.search(r"\bfrom\b", text[cue.start : span.start], re.I)
    ):  # "a production company landed in Spain to shoot": the trip was for the shoot
        purpose: Role = "planned" if _FUTURE.search(text, clause_start, clause_end) else "filmed"
        return RoleDecision(purpose, "there to shoot"), cue.start
    if (
        cue.role == "scouted"
        and _MOVED_FROM.search(cue.text)
        and _TO_DESTINATION.search(text, cue.end, span.start)
    ):  # "moved from Australia to Prague": the shoot went to the place after "to"
        moved: Role = "planned" if _FUTURE.search(text, clause_start, clause_end) else "filmed"
        return RoleDecision(moved, f"{cue.text} ... to"), cue.start
    if cue.role in ("filmed", "planned") and _PERMISSION_REFUSED.search(
        text[max(clause_start, cue.start - 90) : cue.start]
    ):
        return RoleDecision("scouted", f"permission refused to {cue.text}"), cue.start
    if _NEGATION.search(text, max(clause_start, cue.start - 30), cue.start):
        return RoleDecision("other", f"negated: not {cue.text}"), cue.start
    planning = cue.role in ("filmed", "planned")
    if planning and _SPECULATION.search(text, clause_start, span.start):
        return RoleDecision("other", f"speculation before {cue.text}"), cue.start
    role = cue.role
    if (
        role == "setting"
        and _LIKENESS.match(cue.text)
        and (
            _COULD_PASS.search(text, max(clause_start, cue.start - 40), cue.start)
            or re.match(r"can ", cue.text, re.IGNORECASE)
            or _COULD_BE.search(text, cue.end, span.start)
        )
    ):
        return RoleDecision("other", f"a likeness, no story's place ({cue.text})"), cue.start
    if (
        role == "setting"
        and _HAPPENS.match(cue.text)
        and _POST_PRODUCTION.search(text, clause_start, cue.start)
    ):  # "post-production will take place in London": work after the shoot
        return RoleDecision("other", f"post-production {cue.text}"), cue.start
    if (
        role == "setting"
        and _HAPPENS.match(cue.text)
        and _SHOOT_NOUN.search(text, clause_start, cue.start)
    ):
        role = "filmed"  # "filming took place in X": the shoot happened there, not the story
    if (
        role == "other"
        and _OPENS.match(cue.text)
        and _SHOOT_NOUN.search(text, clause_start, cue.start)
    ):
        role = "filmed"  # "the shoot opened in Athens": the shoot began there, no release
    if role == "filmed" and _FUTURE.search(text, clause_start, cue.end):
        role = "planned"  # a filming cue in a clause that looks ahead is a plan
    if role == "filmed" and sent.language != "en":
        _, clause_end = sent.clause(span.start)
        plan = sent.cue_between(span.end, clause_end, "planned")
        if plan is not None and "," not in text[span.end : plan.start]:
            role = "planned"  # "Elf Drehtage sind in Salzburg geplant": the verb comes last
    return RoleDecision(role, cue.text), cue.start


_CONTRAST = re.compile(r"\b(?:but|however|instead|whereas|pero|mais|aber|ma)\b", re.IGNORECASE)


@lru_cache(maxsize=8)
def _locative_end(language: str) -> re.Pattern[str]:
    """ "in (the)", or the language's own place prepositions ("a", "en la", "à l'")."""
    lexicon = languages.lexicon(language)
    if lexicon is None:
        return _LOCATIVE_END
    prepositions = "|".join(sorted(map(re.escape, lexicon.prepositions), key=len, reverse=True))
    articles = "|".join(sorted(map(re.escape, lexicon.articles), key=len, reverse=True))
    return re.compile(rf"\b(?:{prepositions})\s+(?:(?:{articles})(?:\s+|['’]))?$", re.I)


def _locative_in_filming_sentence(
    sent: _Sentence, span: PlaceSpan, others: Sequence[PlaceSpan] = ()
) -> RoleDecision | None:
    """A place after "in"/"at" in a sentence about a shoot, with no nearer governor.

    ``others`` are the sentence's places in text order (found by bisection, so a
    sentence listing thousands of places stays linear).

    Romance and German news often put the place first and the shoot after it
    ("A Torino iniziano le riprese", "En Corse se tournent..."): the cue may
    stand anywhere in the sentence, and a planned shoot makes a planned place.
    """
    if not sent.locative_end.search(sent.before(span)):
        return None
    strong = next(
        (c for c in sent.cues if c.role in ("filmed", "planned") and _STRONG_FILMING.match(c.text)),
        None,
    )
    if strong is None:
        return None
    between = sent.text[min(span.end, strong.end) : max(span.start, strong.start)]
    if _CONTRAST.search(between):
        return None  # "a background in X, but was filmed in Y": the shoot is Y's
    i = bisect.bisect_left(others, strong.end, key=lambda other: other.start)
    while i < len(others) and others[i].start <= strong.end + 40:
        if others[i] is not span and _LOCATIVE_GAP.fullmatch(
            sent.text, strong.end, others[i].start
        ):
            return None  # "a series in the U.S. ... shot in Morocco": the shoot names its place
        i += 1
    return RoleDecision(strong.role, f"in a sentence about filming ({strong.text})", governed=False)


def _borrowed(sent: _Sentence, neighbours: Sequence[_Sentence]) -> RoleDecision:
    if sent.length <= _SHORT_SENTENCE:
        for neighbour in neighbours:
            plans = [c for c in neighbour.cues if c.role == "planned"]
            if plans:
                return RoleDecision("planned", f"{plans[-1].text} (nearby sentence)")
    return RoleDecision("other", "no filming cue governs it", governed=False)


def decide_roles(
    sentence: str,
    spans: Sequence[PlaceSpan],
    neighbours: tuple[str, ...] = (),
    after_texts: Sequence[str] = (),
    language: str = "en",
) -> list[RoleDecision]:
    """Roles of the places of one sentence, in order (offsets relative to `sentence`).

    A place listed right after another ("in A, B and C", "Fez, Morocco",
    "visitors from Santiago, Chile") shares its role unless a cue of its own
    stands between the two. A demonym is a place only when it qualifies a
    landscape ("the Norwegian countryside"); otherwise it describes people
    ("the Norwegian crew"). A short sentence with no cue borrows a plan from
    its neighbours ("...their next destination... 'Buckle up, Roma.'").
    """
    sent = _sentence(sentence, language)
    starts = [span.start for span in spans]
    nearby: list[_Sentence] | None = None
    decisions: list[RoleDecision] = []
    for n, span in enumerate(spans):
        after = after_texts[n] if n < len(after_texts) else sentence[span.end : span.end + 30]
        if span.is_demonym and not _LANDSCAPE.match(after):
            cue = sent.cue_before(span.start)
            if (
                cue is not None
                and cue.role == "setting"
                and _DEMONYM_GAP.fullmatch(sentence, cue.end, span.start)
            ):  # "to represent a Turkish prison": the story's Turkey, whatever the noun
                decisions.append(RoleDecision("setting", f"{cue.text} a {span.surface} place"))
                continue
            decisions.append(RoleDecision("other", "a demonym describing people or things"))
            continue
        own, evidence_at = _one_role(sent, span)
        gap = sentence[spans[n - 1].end : span.start] if n > 0 else ""
        if (
            n > 0
            and _PLAYS_THE_PART.fullmatch(gap)
            and not spans[n - 1].is_demonym
            and span.surface.lower() not in FILM_INDUSTRIES  # "X has become Hollywood"
        ):
            decisions[-1] = RoleDecision("filmed", f"{spans[n - 1].surface} plays a part")
            decisions.append(RoleDecision("setting", f"played by {spans[n - 1].surface}"))
            continue
        listed = n > 0 and (
            (len(gap) < 20 and _LIST_JOIN.match(gap))
            or (len(gap) < 100 and _DESCRIBED_LIST_JOIN.match(gap))
        )
        if listed and (own is None or evidence_at < spans[n - 1].start):
            # "HARTFORD, CT -": the reporter is in the town; the state holds the
            # town, so it may still take the article's shoot (not so the town).
            dateline_state = decisions[-1].cue == "dateline"
            decisions.append(
                replace(decisions[-1], governed=False) if dateline_state else decisions[-1]
            )
            continue
        if sent.plot(span.start, starts) and (
            own is None or (own.role == "other" and _STORY_OTHER.match(own.cue))
        ):
            own = RoleDecision("setting", "a place in the story's plot")
        if own is None:
            own = _locative_in_filming_sentence(sent, span, spans)
        if own is None:
            if nearby is None:
                nearby = [_sentence(text, language) for text in neighbours]
            own = _borrowed(sent, nearby)
        decisions.append(own)
    return decisions


def decide_role(
    sentence: str,
    offset: int,
    neighbours: tuple[str, ...] = (),
    *,
    is_demonym: bool = False,
    after_text: str = "",
    surface: str = "",
    language: str = "en",
) -> RoleDecision:
    """Role of the one place mentioned at `offset` (relative to `sentence`)."""
    end = offset + len(surface) if surface else offset
    span = PlaceSpan(offset, end, surface, is_demonym)
    return decide_roles(sentence, [span], neighbours, [after_text], language)[0]
