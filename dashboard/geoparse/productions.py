"""Find the titles of the films and series an article is about.

News writes titles in quotes ("Mission: Impossible VII") near words such as
film, movie or series. Forms that differ only in numbering (VII vs 7) or in
punctuation are one production; a bare franchise name that prefixes a numbered
title ("Mission: Impossible" before "Mission: Impossible 7") joins that title.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

from dashboard.geoparse.lexicon import DEMONYMS, FILM_INDUSTRIES, TITLE_SMALL_WORDS
from dashboard.geoparse.titles import after_studio, find_unquoted, is_capitalised
from dashboard.model import ROMAN_NUMERALS, Production, title_key

# Each opening quote with the closings it pairs with, so "A" and "B" are two titles.
_QUOTED = re.compile(
    r"“([^”“\n]{2,80})”|(?<![^\s(\[—–-])\"(?=\S)([^\"\n]{2,80}?)(?<=\S)\""
    r"|„([^“”„\n]{2,80})[“”]|«\s?([^»\n]{2,80}?)\s?»"
    # single quotes; an apostrophe inside a word ("'Kings of Jo'burg'") is no closing quote
    r"|(?<![A-Za-z])['‘]((?:[^'‘’\n]|(?<=[A-Za-z])['’](?=[A-Za-z])(?!(?:m|re|ve|ll|d|s|t)\b)){2,80}?)['’](?![A-Za-z])"
)
_FILM_WORDS = re.compile(
    r"\b(film|films|filming|filmed|movie|movies|shoot|shooting|shot|production|sequel|prequel|"
    r"pel[ií]cula|serie|rodaje|rodó|tournage|tourn[ée]e?|s[ée]rie|gedreht|riprese|"
    r"Dreh(?:arbeiten|tage?n?|orte?n?|start|beginn|schluss)|"
    r"girat[oa]|regista|realizador|réalisateur|Regisseur|"
    r"series|season|show|episode|episodes|blockbuster|installment|instalment|franchise|"
    r"release|premiere|set|stunt|director|cast|star|stars|starring|scenes?|"
    r"thriller|documentary|biopic|remake|miniseries|sitcom|wrap(?:s|ped)?|"
    r"cameras?|crews?)\b",
    re.IGNORECASE,
)
# Quoted names that are programmes, nicknames or places, not works.
_NOT_A_WORK_BEFORE = re.compile(
    r"\b(?:program(?:me)?|initiative|scheme|campaign|slogan|motto|brand|song|single|track|album|"
    r"anthem|starring|opera|aria|(?:performance|staging) of(?: [A-Z][\w.-]*['’]s)?|"
    r"(?:fictional|fictitious|imaginary|mythical) (?:town|city|village|island|"
    r"country|kingdom|world|planet)(?: of)?|(?:known|renowned|"
    r"famed|described|billed|dubbed|nicknamed) as(?: the)?|call(?:s|ed|ing)? (?:him|her|it|"
    r"them|itself|the (?:city|town|place|area)))\s*$",
    re.IGNORECASE,
)
_NOT_A_WORK_AFTER = re.compile(
    r"[,.]?\s*(?:initiative|program(?:me)?|scheme|campaign|slogan|brand|fund|development|"
    r"project|label)\b",
    re.IGNORECASE,
)
# A credit right after a quoted sentence-cased title: «"El hombre que...", dirigida por».
_CREDITED_AFTER = re.compile(
    r",?\s*(?:dirigid[ao]|protagonizad[ao]|escrita|réalisée?|diretto|diretta|interpretat[ao]|"
    r"gedreht|inszeniert)\b"
)
# The genres and film words of Spanish, French, German and Italian news, for a
# sentence-cased title: "la comedia «X»", "«X», la nouvelle série de TF1",
# "presentato alla Mostra del Cinema, «X»".
_FOREIGN_GENRES = (
    r"pel[ií]culas?|films?|series?|séries?|miniseries?|telenovelas?|documental(?:es)?|"
    r"documentaires?|Dokumentarfilm|documentari[oi]|comedias?|comédies?|Komödie|commedi[ae]|"
    r"dramas?|drames?|dramm[ai]|thrillers?|w[ée]sterns?|Krimi|polars?|téléfilms?|Fernsehfilm|"
    r"largometraje|long[- ]métrage|Spielfilm|Kinofilm|cortometraje|court[- ]métrage|Kurzfilm|"
    r"cortometraggio|lungometraggio|fiction"
)
_FOREIGN_FILM_WORDS = re.compile(
    rf"\b(?:{_FOREIGN_GENRES}|cine|cinéma|cinema|Kino|Berlinale|Mostra|Filmfestival|"
    r"Festival de Cannes|equipo|équipe|Filmteam|Team|Crew|troupe|reparto|elenco|rodaje|"
    r"tournage|riprese|Dreharbeiten)\b",
    re.IGNORECASE,
)
_GENRE_AFTER = re.compile(
    r"\s*[»”“\"]?\s*,\s*(?:(?:la|le|el|il|lo|l['’]|der|die|das|un|une|una|uno|ein|eine|einen)"
    rf"\s*)?(?:[\w'’-]+\s+){{0,2}}(?:{_FOREIGN_GENRES})\b",
    re.IGNORECASE,
)
# "the war drama "Hill 402"": a genre noun right before the quotes names the work
# (a genre anywhere nearby does not: "drama" alone is too common a word).
_GENRE_RIGHT_BEFORE = re.compile(
    r"\b(?:drama|comedy|musical|western|horror|romance|romcom|thriller|documentary|biopic|"
    r"sitcom|miniseries|series|show|film|movie|feature|sequel|prequel|pilot|spin-?off)\s*$",
    re.IGNORECASE,
)
_YEAR_RIGHT_AFTER = re.compile(r"\s*\((?:19|20)\d\d[)\s–-]")  # '"Summer of Lemons" (2018)'
_SERIES_WORDS = re.compile(
    r"\b(series|season|episode|episodes|show|showrunner|miniseries|"
    r"serie|série|temporada|saison|staffel|stagione|episodio|épisode|folge|miniserie|"
    r"téléfilm|fernsehfilm)\b",  # a TV film belongs with the series
    re.I,
)
_MOVIE_WORDS = re.compile(
    r"\b(film|movie|feature|blockbuster|sequel|prequel|"
    r"pel[ií]cula|largometraje|long[- ]métrage|spielfilm|kinofilm|lungometraggio)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TitleMention:
    start: int
    end: int
    surface: str
    key: str


def _display(surface: str) -> str:
    """The surface with a trailing roman numeral written in digits ("VII" -> "7")."""
    match = re.search(r"\b([IVX]+)$", surface)
    numeral = match.group(1).lower() if match else ""
    if match and numeral in ROMAN_NUMERALS and len(surface) > len(numeral) + 1:
        return surface[: match.start()] + str(ROMAN_NUMERALS[numeral])
    return surface


def _looks_like_title(candidate: str, sentence_case: bool = False) -> bool:
    """Title case in English; Romance and German titles capitalise only the first word."""
    words = candidate.split()
    if not 1 <= len(words) <= 9 or candidate[-1] in ",.!?;" or candidate[0].islower():
        return False
    if sentence_case:
        return not candidate.startswith(("#", "@"))
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    content = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return capitalised >= max(1, len(content) - 1) and not candidate.startswith(("#", "@"))


def _title_cased(surface: str) -> bool:
    return all(
        w[0].isupper() or w[0].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in surface.split()
    )


def find_titles(text: str, need_context: bool = True, language: str = "en") -> list[TitleMention]:
    """Quoted, title-cased strings used near film vocabulary.

    A headline needs no film words nearby (`need_context=False`): a quoted
    name in a film-news headline is the production's title.
    """
    mentions: list[TitleMention] = []
    quoted: dict[TitleMention, tuple[int, int]] = {}  # where each title's quotes are
    uncued: list[TitleMention] = []  # titles with no film word near: kept if listed with one
    not_works: set[str] = set()  # named a song or a programme once, it is that everywhere
    for match in _QUOTED.finditer(text):
        group = match.lastindex or 1
        surface = match.group(group).strip().rstrip(",.")  # American commas sit inside quotes
        if not _looks_like_title(surface, sentence_case=language != "en"):
            continue
        if re.search(r",\s+[a-z]", surface):
            continue  # "And, of course, The Mountain": a quotation, not a title
        if _NOT_A_WORK_BEFORE.search(text, max(0, match.start() - 40), match.start()) or (
            _NOT_A_WORK_AFTER.match(text, match.end())
        ):
            not_works.add(title_key(surface))
            continue  # the 'Film in Georgia' initiative, renowned as the "Moroccan Hollywood"
        if surface.lower() in FILM_INDUSTRIES and re.search(
            r"['’]s\s*$", text[max(0, match.start() - 3) : match.start()]
        ):
            continue  # Morocco's "Hollywood": a nickname
        if language == "en" and not is_capitalised(surface.split()[-1]):
            continue  # a "Wild West feel": English titles end on a capitalised word
        if " " not in surface and surface.lower().endswith(("esque", "-like", "-style")):
            continue  # more "Japanesque" locations: a quoted description, not a work
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        window = text[max(line_start, match.start() - 160) : match.end() + 160]
        if line_end != -1:
            window = window[: line_end - max(line_start, match.start() - 160)]
        mention = TitleMention(
            match.start(group), match.start(group) + len(surface), surface, title_key(surface)
        )
        quoted[mention] = match.span()
        if (
            need_context
            and not _FILM_WORDS.search(window.replace(surface, " "))
            and not (language != "en" and _FOREIGN_FILM_WORDS.search(window.replace(surface, " ")))
            and not _GENRE_RIGHT_BEFORE.search(text, max(0, match.start() - 30), match.start())
            and not _YEAR_RIGHT_AFTER.match(text, match.end())
            and not after_studio(text, match.start())
        ):
            uncued.append(mention)  # a studio's "Aladdin" needs no film word nearby
            continue
        if (
            language != "en"
            and not _title_cased(surface)
            and (
                len(surface.split()) > 9
                or not (
                    _FILM_WORDS.search(text, max(0, match.start() - 50), match.start())
                    or _FOREIGN_FILM_WORDS.search(text, max(0, match.start() - 60), match.start())
                    or _CREDITED_AFTER.match(text, match.end())
                    or _GENRE_AFTER.match(text, match.end())
                )
            )
        ):
            continue  # sentence case: a title only right after its film word, else a quotation
        mentions.append(mention)
    mentions.extend(_listed_with(text, mentions, uncued, quoted))
    return sorted((m for m in mentions if m.key not in not_works), key=lambda m: m.start)


# Between two quoted titles of one list: "“A” and “B”", "X's ‘A’ and Y's ‘B’", "“A” (aka “B”)".
_TITLE_JOINT = re.compile(
    r"\s*(?:,|and|or|&|\(?(?:aka|a\.k\.a\.|also known as))?\s*(?:[A-Z][\w’'&.-]*['’]s\s*)?"
)


def _listed_with(
    text: str,
    cued: list[TitleMention],
    uncued: list[TitleMention],
    quoted: dict[TitleMention, tuple[int, int]],
) -> list[TitleMention]:
    """Quoted titles listed right next to a title the article's film words vouch for.

    Only neighbours in text order can be listed together, so one pass each way
    follows a list of any length in linear time.
    """
    ordered = sorted(quoted, key=lambda m: quoted[m])
    accepted = set(cued)
    waiting = set(uncued)
    for sequence in (ordered, ordered[::-1]):
        for before, after in pairwise(sequence):
            first, second = sorted((before, after), key=lambda m: quoted[m])
            gap = _TITLE_JOINT.fullmatch(text, quoted[first][1], quoted[second][0])
            if before in accepted and after in waiting and gap:
                accepted.add(after)
                waiting.discard(after)
    return [m for m in uncued if m in accepted]


def group_productions(text: str, mentions: list[TitleMention]) -> list[Production]:
    """Merge title forms into productions, most-mentioned first."""
    counts: Counter[str] = Counter(m.key for m in mentions)
    keys = list(counts)
    # A franchise name that prefixes exactly one longer title belongs to it.
    owner: dict[str, str] = {}
    for key in keys:
        # "Mission: Impossible" before "... 7"; "Fallout" after "Mission: Impossible – Fallout".
        longer = [
            k for k in keys if k != key and (k.startswith(key + " ") or k.endswith(" " + key))
        ]
        owner[key] = longer[0] if len(longer) == 1 else key
    grouped: dict[str, list[TitleMention]] = {}
    for mention in mentions:
        grouped.setdefault(owner[mention.key], []).append(mention)
    productions = []
    for key, group in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start)):
        own = [m for m in group if m.key == key]
        forms = Counter(_display(m.surface) for m in own)
        title = forms.most_common(1)[0][0]
        aliases = tuple(sorted({m.surface for m in group} - {title}))
        productions.append(Production(title=title, aliases=aliases, kind=_kind(text, group)))
    return productions


def _kind(text: str, group: list[TitleMention]) -> Literal["film", "series", "unknown"]:
    series = movie = 0
    for mention in group:
        window = text[max(0, mention.start - 120) : mention.end + 120]
        series += len(_SERIES_WORDS.findall(window))
        movie += len(_MOVIE_WORDS.findall(window))
    if series > movie:
        return "series"
    return "film" if movie else "unknown"


_RENAMED = re.compile(
    r"^[\s\"”’']*,?\s*\(?\s*(?:which is |which was |is |was )?(?:now |later |since |formerly |"
    r"previously |originally |also )?(?:titled|called|known as|retitled|renamed|aka|a\.k\.a\.|"
    r"under the (?:working )?title)\s+[\"“'‘]?",
    re.IGNORECASE,
)


def _renamings(text: str, mentions: list[TitleMention]) -> dict[str, str]:
    """Keys joined by an identity statement: "X, now titled Y", "X (aka Y)"."""
    joined: dict[str, str] = {}
    by_start = sorted((m for m in mentions if m.start >= 0), key=lambda m: m.start)
    for first, second in pairwise(by_start):
        between = text[first.end : second.start]
        if len(between) < 40 and _RENAMED.match(between) and first.key != second.key:
            joined[second.key] = joined.get(first.key, first.key)
    return joined


def extract_productions(
    text: str,
    headline: str = "",
    people: Sequence[tuple[int, int]] = (),
    places: Sequence[tuple[int, int]] = (),
    language: str = "en",
) -> tuple[list[Production], list[TitleMention]]:
    """Productions of an article, and where the text names them.

    Quoted titles near film words and bare titles in their frames (see
    titles.py); `people` and `places` are the spans the article uses for
    persons and places, which weak frames do not take as titles. Headline
    titles count as mentions placed before the text (negative offsets), so
    they name the production of places the text mentions before any title of
    its own.
    """
    shift = len(headline) + 1
    from_headline = [
        TitleMention(m.start - shift, m.end - shift, m.surface, m.key)
        for m in find_titles(headline, need_context=False)
    ]
    quoted = find_titles(text, language=language)
    taken = [(m.start, m.end) for m in quoted]
    bare = [
        TitleMention(f.start, f.end, f.surface, title_key(f.surface))
        for f in find_unquoted(text, people, places, language)
        if not any(a < f.end and f.start < b for a, b in taken) and title_key(f.surface)
    ]
    mentions = sorted(from_headline + quoted + _dedupe(bare), key=lambda m: m.start)
    joined = _renamings(text, mentions)
    if joined:
        mentions = [replace(m, key=joined.get(m.key, m.key)) for m in mentions]
    return _numbered_aliases(text, group_productions(text, mentions)), mentions


_UNTITLED = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+(?P<words>(?:(?:new|upcoming|untitled|as-yet-untitled|"
    r"yet-to-be-titled|unnamed|mystery|secret|next|latest|big-budget|major|independent|indie|"
    r"low-budget|high-profile|feature|live-action|romantic|period|action|horror|sci-fi|"
    r"Christmas|holiday|[A-Z][\w+’'.&-]*(?:/[A-Z][\w+’'.&-]*)?)\s+){0,4})"
    r"(?P<noun>film|movie|feature film|series|miniseries|TV series|show|thriller|drama|comedy|"
    r"production|project|picture|flick|documentary|pel[ií]cula|serie|tournage|Film|Serie)"
    r"\b(?!\s+(?:industry|commission|office|festival|crews?|sector|market|studios?|school|"
    r"incentives?|fund|permits?|company|companies|productions|business|-?makers?|location)\b)"
)
_UNNAMED = re.compile(r"untitled|unnamed|yet-to-be-titled|as-yet-untitled|mystery|secret", re.I)
_SHOT_AFTER = re.compile(
    r"\s*(?:\([^)]{0,40}\)\s*)?(?:(?:is|was|are|were|will be|has been|have been)\s+"
    r"(?:being\s+|now\s+|currently\s+)?(?:filmed|shot|shooting|filming|lensed|made|produced|"
    r"in production)\b"
    r"|(?:starring\s+[^,.;]{1,40}?\s+)?(?:shoots|films|wraps|began filming|begins filming|"
    r"starts filming|started filming)\b"  # "Indie film starring X shoots scenes in"
    r"|(?:set|shoot)\b)",  # "converted into a movie set", "closed for a film shoot"
    re.IGNORECASE,
)
# A shoot under way whose production the article never names or describes.
_CREWS_AT_WORK = re.compile(
    r"\b(?:(?:[Pp]roduction|[Ff]ilm|[Mm]ovie|TV|[Cc]amera) crews?|[Tt]he crews?) (?:began|begin|"
    r"begins|will begin|started|start|starts|were|are|was|is|will be|have been|has been)"
    r"(?: \w+ly)? (?:filming|shooting)\b"
    # "pour tourner les six épisodes", "para rodar la serie", "per girare il film"
    r"|\b(?:pour|afin de|va|vont|vient de|viennent de) tourner (?:les?|la|l['’]|des|un|une|ses)\b"
    r"|\b(?:para|va a|van a|acaba de|acaban de) (?:rodar|filmar|grabar) (?:el|la|los|las|un|una)\b"
    r"|\b(?:per|a|sta per|stanno per) girare (?:il|lo|la|le|i|gli|un|una|l['’])\b"
)
_SHOT_BEFORE = re.compile(
    r"\b(?:filming|shooting|production|shoot|cameras rolled|work began|work begins) "
    r"(?:of|on|for)\s+$",
    re.IGNORECASE,
)


def find_untitled(text: str) -> tuple[int, str] | None:
    """An article about a production it does not name: "a new Bollywood movie is being filmed".

    The phrase must say the production has no title yet, or be what is being
    shot ("filming of a new Netflix film"), so a brochure's "the film" does not
    count. Returns where it is named and its description ("Bollywood movie"),
    for the title "Untitled Bollywood movie".
    """
    for match in _UNTITLED.finditer(text):
        explicit = _UNNAMED.search(match.group("words"))
        shot = _SHOT_AFTER.match(text, match.end()) or _SHOT_BEFORE.search(
            text[max(0, match.start() - 40) : match.start()]
        )
        if not explicit and not (shot and match.group(0)[:1] in "aA"):
            continue
        words = [
            w
            for w in match.group("words").split()
            if w.lower()
            not in {
                "new",
                "upcoming",
                "untitled",
                "as-yet-untitled",
                "next",
                "yet-to-be-titled",
                "unnamed",
                "latest",
                "feature",
            }
        ]
        return match.start(), " ".join([*words, match.group("noun").lower()])
    crews = _CREWS_AT_WORK.search(text)
    return (crews.start(), "production") if crews is not None else None


_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
_NOUNS = r"film|movie|instal+ment|entry|chapter|episode|outing|sequel|part"
_NTH = rf"(?P<nth>{'|'.join(_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))"
# "the seventh Mission: Impossible film", "the fifth film in the series".
_NTH_OF_FRANCHISE = re.compile(
    rf"\b[Tt]he {_NTH} (?:(?P<franchise>[A-Z][^\n,.;()]{{1,40}}?) (?P<noun>{_NOUNS})\b|"
    rf"(?P<noun2>{_NOUNS}) (?:in|of) the (?:\w+ )?(?:series|franchise|saga)\b)"
)


_KIND_WORDS = frozenset({"new", "latest", "next", "indie", "independent", "foreign", "local"})


def _kind_of_film(name: str) -> bool:
    """ "the first Korean film", "the second Netflix movie": a kind of film, not a series."""
    words = name.lower().split()
    return all(w in DEMONYMS or w in FILM_INDUSTRIES or w in _KIND_WORDS for w in words)


def _franchise(title: str) -> str:
    """ "Mission: Impossible – Dead Reckoning Part One" -> "Mission: Impossible"."""
    for separator in (r"\s+[–—-]\s+", r":\s+"):
        parts = re.split(separator, title, maxsplit=1)
        if len(parts) == 2:
            return parts[0]
    return title


def _numbered_aliases(text: str, productions: list[Production]) -> list[Production]:
    """Identity by number: the seventh film of a franchise is also "Franchise 7"."""
    if not productions:
        return productions
    for match in _NTH_OF_FRANCHISE.finditer(text):
        nth = match.group("nth").lower()
        number = _ORDINALS.get(nth) or int(re.sub(r"\D", "", nth))
        noun = (match.group("noun") or match.group("noun2")).lower()
        named = match.group("franchise")
        found = next(
            (p for p in productions if named and title_key(p.title).startswith(title_key(named))),
            None,
        )
        if found is None and named and not _kind_of_film(named):
            # "The 25th James Bond film" in a story that names only "Dr. No": a production
            # of its own, known by its number, in the order the text first names it.
            alias = f"{named} {number}"
            if all(title_key(alias) != title_key(p.title) for p in productions):
                at = sum(1 for p in productions if 0 <= text.find(p.title) < match.start())
                productions = [*productions[:at], Production(title=alias), *productions[at:]]
            continue
        owner = found or productions[0]
        base = named or _franchise(owner.title)
        if title_key(base) == title_key(owner.title) and not named:
            continue  # "the second film in the series" of a one-part title says nothing new
        alias = f"{base}: Episode {number}" if noun == "episode" else f"{base} {number}"
        if title_key(alias) not in {title_key(f) for f in (owner.title, *owner.aliases)}:
            productions = [
                replace(p, aliases=tuple(sorted({*p.aliases, alias}))) if p is owner else p
                for p in productions
            ]
    return productions


def _dedupe(mentions: list[TitleMention]) -> list[TitleMention]:
    """One mention per span: two frames may find the same title."""
    seen: dict[tuple[int, int], TitleMention] = {}
    for mention in mentions:
        seen.setdefault((mention.start, mention.end), mention)
    return list(seen.values())
