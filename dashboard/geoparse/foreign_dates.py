"""Dates in Spanish, French, German and Italian articles, in the words dates.py reads.

spaCy's English model finds few dates in other languages, and dates.py reads
English. So each language's date phrases are found here by their own words
(months, weekdays, "hoy", "Ende", "fino al", "del 13 al 16 de octubre") and
rewritten in English ("October 13 to 16"), and one resolver serves every
language. A phrase that carries its tense ("el pasado octubre", "octobre
prochain") says so. Which event a date dates comes from each language's cue
words (rodaje, tournage, Dreharbeiten, riprese; estreno, sortie, Kinostart,
uscita), and the tense of a bare "en mayo" from the verbs around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from dashboard.geoparse.dates import Tense
from dashboard.model import EventKind

_ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_ENGLISH_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_YEAR = r"(?:1[89]\d\d|20\d\d)"


def _pairs(table: str) -> dict[str, str]:
    """ "hoy: today | ayer: yesterday" as a dict: a language's phrases and their English."""
    return dict(
        (said.strip(), english.strip())
        for said, _, english in (pair.partition(": ") for pair in table.split(" | "))
    )


@dataclass(frozen=True)
class _Language:
    """The date words of one language; phrases are alternatives of regular expressions."""

    months: tuple[str, ...]  # twelve entries, January first; "a|b" for two spellings
    weekdays: tuple[str, ...]  # seven, Monday first
    day: str  # a day of the month, as the language writes it
    of: str  # between day, month and year: "de" in "13 de octubre de 2021"
    start: str  # opens a range or an open start: "del", "desde el"
    to: str  # joins a range: "al", "hasta el"
    until: str  # an open end: "hasta el"
    inside: str  # before a bare month or year: "en"
    parts: dict[str, str]  # "principios de" -> "early"
    relative: dict[str, str]  # "la semana pasada" -> "last week"
    last: str  # "el pasado" before, or "pasado" after, a month: told as past
    next: str  # "el próximo", "próximo": told as future
    article: str  # before a weekday: "el"
    months_capitalised: bool = False  # German nouns; other languages write months in lower case


_LANGUAGES: dict[str, _Language] = {
    "es": _Language(
        months=tuple(
            "enero febrero marzo abril mayo junio julio agosto septiembre|setiembre octubre "
            "noviembre diciembre".split()
        ),
        weekdays=tuple("lunes martes miércoles jueves viernes sábado domingo".split()),
        day=r"(?:[12]?\d|3[01])(?:º|°)?",
        of=r"(?:\s+de(?:l)?)?\s+",
        start=r"(?:del|desde el|a partir del|entre el)",
        to=r"(?:al|hasta el|y el)",
        until=r"(?:hasta el)",
        inside=r"(?:en|durante|para)(?: el mes de)?",
        parts=_pairs(
            "a principios de: early | principios de: early | a comienzos de: early | "
            "a mediados de: mid- | mediados de: mid- | a finales de: late | "
            "finales de: late | a fines de: late | fines de: late"
        ),
        relative=_pairs(
            "hoy: today | ayer: yesterday | esta semana: this week | "
            "la semana pasada: last week | la próxima semana: next week | "
            "la semana que viene: next week | el mes pasado: last month | "
            "el próximo mes: next month | el mes que viene: next month | "
            "este año: this year | el año pasado: last year | el próximo año: next year | "
            "el año que viene: next year"
        ),
        last=r"(?:el pasado|pasado)",
        next=r"(?:el próximo|próximo)",
        article=r"(?:el|este|el próximo)",
    ),
    "fr": _Language(
        months=tuple(
            "janvier février|fevrier mars avril mai juin juillet août|aout septembre octobre "
            "novembre décembre|decembre".split()
        ),
        weekdays=tuple("lundi mardi mercredi jeudi vendredi samedi dimanche".split()),
        day=r"(?:1er|[12]?\d|3[01])",
        of=r"\s+",
        start=r"(?:du|depuis le|à partir du|dès le|entre le)",
        to=r"(?:au|jusqu['’]au|et le)",
        until=r"(?:jusqu['’]au)",
        inside=r"(?:en|au mois d['’]|au mois de|courant)",
        parts=_pairs(
            "début: early | au début de: early | au début d': early | début d': early | "
            "mi-: mid- | à la mi-: mid- | fin: late | à la fin de: late | "
            "à la fin d': late | fin d': late"
        ),
        relative=_pairs(
            "aujourd'hui: today | aujourd’hui: today | hier: yesterday | "
            "cette semaine: this week | la semaine dernière: last week | "
            "la semaine prochaine: next week | le mois dernier: last month | "
            "le mois prochain: next month | cette année: this year | "
            "l'année dernière: last year | l’année dernière: last year | "
            "l'an dernier: last year | l’an dernier: last year | "
            "l'année prochaine: next year | l’année prochaine: next year | "
            "l'an prochain: next year | l’an prochain: next year"
        ),
        last=r"(?:dernier)",
        next=r"(?:prochain)",
        article=r"(?:le|ce)",
    ),
    "de": _Language(
        months=tuple(
            "Januar|Jänner Februar März April Mai Juni Juli August September Oktober "
            "November Dezember".split()
        ),
        weekdays=tuple("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split()),
        day=r"(?:[12]?\d|3[01])\.",
        of=r"\s+",
        start=r"(?:vom|ab dem|ab|seit dem|zwischen dem)",
        to=r"(?:bis zum|bis|und dem|und)",
        until=r"(?:bis zum|bis)",
        inside=r"(?:im|Im|seit|für|schon|bereits)(?: Jahr(?:e)?)?",
        parts={"Anfang": "early", "Mitte": "mid-", "Ende": "late"},
        relative=_pairs(
            "heute: today | gestern: yesterday | diese Woche: this week | "
            "letzte Woche: last week | vergangene Woche: last week | "
            "nächste Woche: next week | letzten Monat: last month | "
            "vergangenen Monat: last month | nächsten Monat: next month | "
            "dieses Jahr: this year | letztes Jahr: last year | "
            "vergangenes Jahr: last year | nächstes Jahr: next year | "
            "im vergangenen Jahr: last year | im nächsten Jahr: next year"
        ),
        last=r"(?:im vergangenen|vergangenen)",
        next=r"(?:im kommenden|kommenden)",
        article=r"(?:am|diesen|kommenden)",
        months_capitalised=True,
    ),
    "it": _Language(
        months=tuple(
            "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
            "novembre dicembre".split()
        ),
        weekdays=tuple("lunedì martedì mercoledì giovedì venerdì sabato domenica".split()),
        day=r"(?:1º|[12]?\d|3[01])",
        of=r"\s+(?:del\s+)?",
        start=r"(?:dal|dall['’]|a partire dal|a partire dall['’]|tra il|fra il)",
        to=r"(?:al|all['’]|e fino al|e fino a|fino al|fino a|e il)",
        until=r"(?:fino al|fino all['’]|fino a)",
        inside=r"(?:a|ad|in|nel|nel mese di|per)",
        parts=_pairs(
            "a inizio: early | all'inizio di: early | all’inizio di: early | "
            "inizio: early | a metà: mid- | metà: mid- | a fine: late | "
            "alla fine di: late | fine: late"
        ),
        relative=_pairs(
            "oggi: today | ieri: yesterday | domani: tomorrow | "
            "questa settimana: this week | la settimana scorsa: last week | "
            "la scorsa settimana: last week | la settimana prossima: next week | "
            "la prossima settimana: next week | il mese scorso: last month | "
            "lo scorso mese: last month | il mese prossimo: next month | "
            "il prossimo mese: next month | quest'anno: this year | "
            "quest’anno: this year | l'anno scorso: last year | "
            "l’anno scorso: last year | lo scorso anno: last year | "
            "l'anno prossimo: next year | l’anno prossimo: next year | "
            "il prossimo anno: next year"
        ),
        last=r"(?:lo scorso|scorso)",
        next=r"(?:il prossimo|prossimo)",
        article=r"(?:il|questo|di)",
    ),
}


# Seasons (spring, summer, autumn, winter; "a|b" for two words) and the words that
# make one this year's ("este verano"), a past ("el verano pasado") or a coming one.
_SEASON_WORDS: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "es": (("primavera", "verano", "otoño", "invierno"), "este", "pasado", "próximo|que viene"),
    "fr": (("printemps", "été", "automne", "hiver"), "cet|ce", "dernier", "prochain"),
    "de": (
        ("Frühling|Frühjahr", "Sommer", "Herbst", "Winter"),
        "diesen|dieses|in diesem",
        "vergangenen|letzten|im vergangenen|im letzten",
        "nächsten|kommenden|im nächsten|im kommenden",
    ),
    "it": (
        ("primavera", "estate", "autunno", "inverno"),
        "quest['’]|questa",
        "scors[oa]",
        "prossim[oa]",
    ),
}
_ENGLISH_SEASONS = ("spring", "summer", "autumn", "winter")


@dataclass(frozen=True, slots=True)
class ForeignDate:
    """A date phrase of the article, with the English that dates.py resolves."""

    start: int
    end: int
    english: str
    tense: Tense | None = None  # when the phrase itself says past or future


def reads(language: str) -> bool:
    """Whether this module knows the date words of `language` (English is dates.py's)."""
    return language in _LANGUAGES


def find(text: str, language: str) -> list[ForeignDate]:
    """The date phrases of `text` in `language` (none for English), in text order.

    Where phrases overlap, the longest wins: "del 13 al 16 de octubre" is one range.
    """
    forms = _forms(language)
    if not forms:
        return []
    found = [d for pattern, english in forms for d in _matches(pattern, english, text)]
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[ForeignDate] = []
    for date in found:
        if kept and date.start < kept[-1].end:
            continue
        kept.append(date)
    return kept


_Reader = Callable[[re.Match[str]], "tuple[str, Tense | None]"]


def _matches(pattern: re.Pattern[str], english: _Reader, text: str) -> Iterator[ForeignDate]:
    for match in pattern.finditer(text):
        said, tense = english(match)
        yield ForeignDate(match.start(), match.end(), said, tense)


@lru_cache(maxsize=8)
def _forms(language: str) -> tuple[tuple[re.Pattern[str], _Reader], ...]:
    """Each date form of the language: its pattern, and how a match reads in English."""
    words = _LANGUAGES.get(language)
    if words is None:
        return ()
    month_number = {
        spelling.lower(): i for i, names in enumerate(words.months) for spelling in names.split("|")
    }
    weekday_number = {name.lower(): i for i, name in enumerate(words.weekdays)}
    month = "(?:" + "|".join(n for names in words.months for n in names.split("|")) + ")"
    weekday = "(?:" + "|".join(words.weekdays) + ")"
    case = 0 if words.months_capitalised else re.IGNORECASE
    edge_before, edge_after = r"(?<![\w'’-])", r"(?![\w'’-])"

    def compile_(body: str, flags: int = 0) -> re.Pattern[str]:
        return re.compile(edge_before + body + edge_after, flags)

    def month_name(name: str | None) -> str:
        return _ENGLISH_MONTHS[month_number[(name or "").lower()]]

    def day_number(day: str | None) -> str:
        return re.sub(r"\D", "", day or "") or "1"

    def on_day(m: re.Match[str], n: str) -> str:
        """ "October 13" (", 2021") from the groups d{n}, m{n}, y{n}."""
        said = f"{month_name(m.group(f'm{n}'))} {day_number(m.group(f'd{n}'))}"
        year = m.group(f"y{n}")
        return f"{said}, {year}" if year else said

    day, of = words.day, words.of

    def full(n: str) -> str:
        """A whole date, "sábado 16 de octubre de 2021", as groups d{n}, m{n} and y{n}."""
        return (
            rf"(?:{weekday},?\s+)?(?P<d{n}>{day}){of}(?P<m{n}>{month})"
            rf"(?:{of}(?P<y{n}>{_YEAR}))?"
        )

    def read_range(m: re.Match[str]) -> tuple[str, Tense | None]:
        if m.group("m1") is None:  # "del 13 al 16 de octubre": the month is said once
            d1, rest = day_number(m.group("d1")), on_day(m, "2")
            name, _, year = rest.partition(", ")
            d2 = name.split()[-1]
            said = f"{name.split()[0]} {d1} to {d2}"
            return (f"{said}, {year}" if year else said), None
        return f"{on_day(m, '1')} to {on_day(m, '2')}", None

    range_ = compile_(
        rf"{words.start}\s+(?:{weekday}\s+)?(?P<d1>{day})(?:{of}(?P<m1>{month})"
        rf"(?:{of}(?P<y1>{_YEAR}))?)?\s+{words.to}\s+" + full("2"),
        case,
    )
    open_end = compile_(rf"{words.until}\s+" + full("1"), case)
    open_start = compile_(rf"{words.start}\s+" + full("1"), case)
    single = compile_(rf"(?:(?:{words.article}|{words.inside})\s+)?" + full("1"), case)
    month_year = compile_(rf"(?:{words.inside}\s+)?(?P<m1>{month}){of}(?P<y1>{_YEAR})", case)
    month_in = compile_(rf"{words.inside}\s+(?P<m1>{month})", case)
    parts = "|".join(sorted(map(re.escape, words.parts), key=len, reverse=True))
    part = compile_(
        rf"(?P<part>{parts})\s*(?P<m1>{month})(?:{of}(?P<y1>{_YEAR}))?", case | re.IGNORECASE
    )
    told = compile_(
        rf"(?:(?P<before>{words.last}|{words.next})\s+(?P<m1>{month})"
        rf"|(?:{words.inside}\s+)?(?P<m2>{month})\s+(?P<after>{words.last}|{words.next}))",
        case,
    )
    year_in = compile_(rf"(?:{words.inside}(?:\s+el)?\s+|(?<=\())(?P<y1>{_YEAR})", re.IGNORECASE)
    relatives = "|".join(sorted(map(re.escape, words.relative), key=len, reverse=True))
    relative = compile_(rf"(?P<rel>{relatives})", re.IGNORECASE)
    on_weekday = compile_(
        rf"{words.article}\s+(?P<wd>{weekday})(?:\s+(?P<after>{words.last}|{words.next}))?",
        case,
    )
    last_words = re.compile(words.last, re.IGNORECASE)

    def tense_of(word: str | None) -> Tense | None:
        if not word:
            return None
        return "past" if last_words.fullmatch(word) else "future"

    def read_part(m: re.Match[str]) -> tuple[str, Tense | None]:
        lead = words.parts[_key(words.parts, m.group("part"))]
        joint = "" if lead.endswith("-") else " "
        said = f"{lead}{joint}{month_name(m.group('m1'))}"
        return (f"{said} {m.group('y1')}" if m.group("y1") else said), None

    def read_told(m: re.Match[str]) -> tuple[str, Tense | None]:
        name = m.group("m1") or m.group("m2")
        return month_name(name), tense_of(m.group("before") or m.group("after"))

    def read_relative(m: re.Match[str]) -> tuple[str, Tense | None]:
        return words.relative[_key(words.relative, m.group("rel"))], None

    def read_weekday(m: re.Match[str]) -> tuple[str, Tense | None]:
        name = _ENGLISH_DAYS[weekday_number[m.group("wd").lower()]]
        return name, tense_of(m.group("after"))

    def month_alone(m: re.Match[str]) -> tuple[str, Tense | None]:
        year = m.groupdict().get("y1")
        return (f"{month_name(m.group('m1'))} {year}" if year else month_name(m.group("m1"))), None

    season, read_season = _season_form(language, words.of, compile_)
    return (
        (range_, read_range),
        (open_end, lambda m: (f"until {on_day(m, '1')}", None)),
        (open_start, lambda m: (f"from {on_day(m, '1')}", None)),
        (single, lambda m: (on_day(m, "1"), None)),
        (month_year, month_alone),
        (part, read_part),
        (told, read_told),
        (month_in, month_alone),
        (year_in, lambda m: (m.group("y1"), None)),
        (season, read_season),
        (relative, read_relative),
        (on_weekday, read_weekday),
    )


def _season_form(
    language: str, of: str, compile_: Callable[..., re.Pattern[str]]
) -> tuple[re.Pattern[str], _Reader]:
    """ "el pasado otoño", "l'été dernier", "im Herbst 2025", "la prossima estate"."""
    names, this, last, next_ = _SEASON_WORDS[language]
    english = {n.lower(): _ENGLISH_SEASONS[i] for i, ns in enumerate(names) for n in ns.split("|")}
    season = "|".join(n for ns in names for n in ns.split("|"))
    told = rf"{this}|{last}|{next_}"
    german = language == "de"  # "Sommer" is a surname too: a German season needs its words
    body = (
        rf"(?:(?P<before>{told})\s+|(?P<im>im|Im)\s+)" if german else rf"(?:(?P<before>{told})\s+)?"
    ) + (
        rf"(?:(?:l|nell|dell|all)['’])?(?P<season>{season})"  # "l'hiver", "nell'estate"
        rf"(?:\s+(?P<after>{last}|{next_}))?(?:{of}(?P<year>{_YEAR}))?"
    )
    pattern = compile_(body, 0 if german else re.IGNORECASE)
    this_words = re.compile(this, re.IGNORECASE)
    last_words = re.compile(last, re.IGNORECASE)

    def read(m: re.Match[str]) -> tuple[str, Tense | None]:
        name = english[m.group("season").lower()]
        if m.group("year"):
            return f"{name} {m.group('year')}", None
        word = m.group("before") or m.group("after")
        if not word:
            return name, None
        if this_words.fullmatch(word):
            return f"this {name}", None
        return (
            (f"last {name}", "past") if last_words.fullmatch(word) else (f"next {name}", "future")
        )

    return pattern, read


def _key(table: dict[str, str], said: str) -> str:
    """The table's entry for `said`, whatever its case and apostrophe."""
    plain = said.lower().replace("’", "'")
    return next(k for k in table if k.lower().replace("’", "'") == plain)


# Cue words per event kind, by language; None marks reporting words, as in events.py.
_CUES: dict[str, tuple[tuple[EventKind | None, str], ...]] = {
    "es": (
        (
            "release",
            r"estren(?:o|os|a|an|ó|aron|ará|arán|arse)|en (?:cines|salas)|"
            r"(?:se )?emit(?:e|ió|irá)|emisión|llegar(?:á|án) a (?:los )?cines|saldrá",
        ),
        (
            "wrap",
            r"termin(?:ó|aron|a|an|ará|arán)|finaliz(?:ó|aron|a|an|ará)|"
            r"conclu(?:yó|yeron|ye|yen|irá)|fin del rodaje",
        ),
        (
            "filming",
            r"comenz(?:ó|aron|ará|arán)|comienz(?:a|an|o)|empez(?:ó|aron|ará|arán)|"
            r"empiez(?:a|an)|arranc(?:ó|aron|a|an|ará)|inici(?:ó|aron|a|an|ará|o)",
        ),
        ("announcement", r"anunci(?:ó|aron|a|ado)|confirm(?:ó|aron|a|ado)"),
        (
            None,
            r"dijo|declaró|explicó|según|publicad[oa]|fundad[oa]|inaugurad[oa]|"
            r"(?:puso|pusieron|pone|ponen) en marcha|lanz(?:ó|aron)|cre(?:ó|aron|ad[oa])",
        ),
    ),
    "fr": (
        (
            "release",
            r"sorti(?:e|es|ra|ront|r)|en salles?|à l['’]affiche|"
            r"diffus(?:é|ée|és|ion|era)|projeté",
        ),
        (
            "wrap",
            r"termin(?:é|ée|e|era|eront)|achev(?:é|ée|era)|s['’]achèv(?:e|era)|"
            r"fin du tournage",
        ),
        (
            "filming",
            r"commenc(?:e|é|era|eront|ent)|début(?:e|é|era|eront|ent)|"
            r"démarr(?:e|é|era|age)|coup d['’]envoi",
        ),
        ("announcement", r"annonc(?:é|ée|e)|confirm(?:é|ée|e)"),
        (None, r"a déclaré|a expliqué|selon|publié|fondée?|inauguré|lancée?|créée?|mise? en place"),
    ),
    "de": (
        (
            "release",
            r"Kinostart|(?:ins|im) Kino|in die Kinos|ausgestrahlt|Ausstrahlung|"
            r"Premiere|erschein(?:t|en)|erscheint",
        ),
        (
            "wrap",
            r"Drehschluss|abgeschlossen|beendet|end(?:et|eten|en) die Dreharbeiten|"
            r"zu Ende (?:gegangen|gehen|ging|gingen)|abgedreht|im Kasten",
        ),
        ("filming", r"Drehstart|Drehbeginn|beginn(?:t|en)|begann(?:en)?|starte(?:t|n|ten)"),
        ("announcement", r"angekündigt|kündigte|bestätigt(?:e)?"),
        (
            None,
            r"sagte|erklärte|laut|veröffentlicht|gegründet|eröffnet|ins Leben gerufen|geschaffen",
        ),
    ),
    "it": (
        (
            "release",
            r"uscit(?:a|o)|uscirà|usciranno|in sala|nelle sale|in onda|"
            r"trasmess[oa]|debutt(?:a|erà|o)",
        ),
        (
            "wrap",
            r"termin(?:a|ano|ate|ati|erà|eranno)|conclu(?:de|dono|se|so|sa)|"
            r"fine delle riprese",
        ),
        (
            "filming",
            r"inizi(?:a|ano|ato|ate|ati|erà|eranno|o)|al via|part(?:ono|ite|iranno)|"
            r"da oggi",
        ),
        ("announcement", r"annunciat[oa]|annuncia|confermat[oa]|conferma"),
        (
            None,
            r"ha detto|ha dichiarato|secondo|pubblicat[oa]|fondat[oa]|inaugurat[oa]|lanciat[oa]|"
            r"creat[oa]|istituit[oa]",
        ),
    ),
}
_TENSES: dict[str, tuple[str, str]] = {  # future, then past
    "es": (
        r"\w+(?:rá|rán)|va(?:n)? a|previst[oa]s?|próxim[oa]s?",
        r"\w+(?:ó|aron)|ha|han|había|habían|fue|fueron|pasad[oa]|estuvo|estuvieron",
    ),
    "fr": (
        r"\w+(?:era|eront|ira|iront)|va|vont|prochaine?s?|prévue?s?",
        r"a|ont|avait|avaient|été|était|étaient|dernière?s?|passée?s?|\w+(?:èrent)",
    ),
    "de": (
        r"wird|werden|soll|sollen|geplant|kommenden?|nächsten?",
        # "sind ... zu Ende gegangen": a perfect tense, told by its participle
        r"wurde|wurden|hat|haben|hatte|hatten|war|waren|gedreht|letzten?|vergangenen?|"
        r"ge(?!plant)\w{3,}(?:t|en)",  # ("geplant" is a plan, not a past)
    ),
    "it": (
        r"\w+(?:rà|ranno)|prossim[oaie]|previst[oaie]",
        r"è|sono|ha|hanno|aveva|avevano|stat[oaie]|scors[oaie]|\w+(?:ò|arono|irono)",
    ),
}


def cues(language: str) -> tuple[tuple[EventKind | None, re.Pattern[str]], ...]:
    """(kind, pattern) per cue class of `language` (empty for English and unknown ones)."""
    return tuple((kind, _words(words)) for kind, words in _CUES.get(language, ()))


def tense_words(language: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Future and past verb patterns of `language`, or None."""
    if language not in _TENSES:
        return None
    future, past = _TENSES[language]
    return _words(future), _words(past)


def _words(alternatives: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
