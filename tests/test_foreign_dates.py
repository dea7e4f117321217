"""Dates in Spanish, French, German and Italian articles: found, read in English, resolved.

The sentences are written for these tests; each language gets its ranges,
open ends, parts of months, relative words and tense-bearing phrases.
"""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.geoparse import foreign_dates, parse_article

# Each case: language, text, then what is found as "surface = English", with "(past)" or
# "(future)" when the phrase says its own tense.
PHRASES = [
    ("es", "Rodaron el pasado octubre en Cádiz.", ["el pasado octubre = October (past)"]),
    ("es", "Se rodará del 3 al 9 de mayo de 2025.",
     ["del 3 al 9 de mayo de 2025 = May 3 to 9, 2025"]),
    ("es", "desde el 5 de mayo hasta el 20 de junio", ["* = May 5 to June 20"]),
    ("es", "a finales de septiembre", ["* = late September"]),
    ("es", "Hoy graban; la semana pasada no.", ["Hoy = today", "la semana pasada = last week"]),
    ("es", "octubre próximo", ["* = October (future)"]),
    ("fr", "Tourné en septembre 2019 à Lyon.", ["en septembre 2019 = September 2019"]),
    ("fr", "du 2 au 6 juin", ["* = June 2 to 6"]),
    ("fr", "jusqu’au 1er mars", ["* = until March 1"]),
    ("fr", "mi-août 2021 puis fin septembre",
     ["mi-août 2021 = mid-August 2021", "fin septembre = late September"]),
    ("fr", "en janvier dernier", ["* = January (past)"]),
    ("de", "vom 4. bis 8. März 2024", ["* = March 4 to 8, 2024"]),
    ("de", "Gedreht wurde im Juni, Anfang Juli war Schluss.",
     ["im Juni = June", "Anfang Juli = early July"]),
    ("de", "Schon 2016 war das Team hier.", ["Schon 2016 = 2016"]),
    ("de", "bis zum 30. April", ["* = until April 30"]),
    ("it", "dal 7 al 12 aprile", ["* = April 7 to 12"]),
    ("it", "a partire dal 2 maggio e fino a sabato 10 maggio", ["* = May 2 to May 10"]),
    ("it", "lo scorso luglio e l'anno prossimo",
     ["lo scorso luglio = July (past)", "l'anno prossimo = next year"]),
    ("it", "il classico (1962)", ["1962 = 1962"]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), PHRASES)
def test_date_phrases_read_in_english(language: str, text: str, expected: list[str]) -> None:
    found = foreign_dates.find(text, language)
    said = [
        f"{text[d.start : d.end]} = {d.english}" + (f" ({d.tense})" if d.tense else "")
        for d in found
    ]
    assert said == [e.replace("* =", f"{text} =") for e in expected]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "August Kranz spielt den Vater."),  # a given name, not the month
        ("es", "La Clínica Mayo abrió una sede."),  # a name, not May
        ("fr", "Un film sur Mars et ses lunes."),  # the planet, not March
        ("it", "Il regista Marzo Bianchi parla."),
        ("en", "Filmed in May 2020."),  # English is dates.py's business
    ],
)
def test_names_that_look_like_months_are_no_dates(language: str, text: str) -> None:
    assert foreign_dates.find(text, language) == []


PUBLISHED = date(2024, 10, 15)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        (
            "El equipo de la serie rodó el pasado agosto en las calles de Cádiz.",
            "filming", "2024-08-01", "2024-08-31",
        ),
        (  # the phrase says past, though the verb is future
            "El rodaje de la serie, el pasado mayo en Cádiz, será recordado por todos.",
            "filming", "2024-05-01", "2024-05-31",
        ),
        (
            "La película se rodará en Sevilla del 3 al 9 de noviembre y se estrenará en 2026.",
            "filming", "2024-11-03", "2024-11-09",
        ),
        (
            "Le tournage du film a eu lieu à Lyon en mars et il sortira dans les salles en 2025.",
            "filming", "2024-03-01", "2024-03-31",
        ),
        (
            "Le tournage de la série se poursuit à Nantes jusqu'au 20 octobre avec toute l'équipe.",
            "filming", "2024-10-15", "2024-10-20",
        ),
        (
            "Die Dreharbeiten in Graz wurden im Mai abgeschlossen, sagte die Produzentin.",
            "wrap", "2024-05-01", "2024-05-31",
        ),
        (
            "Der Film wird im Mai in Graz gedreht, und die Produktion sucht noch Statisten.",
            "filming", "2025-05-01", "2025-05-31",
        ),
        # seasons, with the words that place them (the article is of 15 October 2024)
        (
            "El rodaje de la serie tuvo lugar en Cádiz el verano pasado.",
            "filming", "2024-06-01", "2024-08-31",
        ),
        (
            "Le tournage de la série a eu lieu à Lyon l'hiver dernier.",
            "filming", "2023-12-01", "2024-02-29",
        ),
        (
            "Die Dreharbeiten der Serie fanden im Herbst 2023 in Graz statt.",
            "filming", "2023-09-01", "2023-11-30",
        ),
        (
            "Le riprese della serie si terranno a Bari la prossima estate.",
            "filming", "2025-06-01", "2025-08-31",
        ),
        (  # "sind ... geplant" is a plan, though sein and a participle make it
            "Die Dreharbeiten der Serie sind im Mai in Graz geplant.",
            "filming", "2025-05-01", "2025-05-31",
        ),
        (  # a perfect tense looks back: the Friday before the article (a Tuesday)
            "Die Dreharbeiten der Serie sind am Freitag in Graz zu Ende gegangen.",
            "wrap", "2024-10-11", "2024-10-11",
        ),
        (
            "Le riprese del film si svolgeranno a Torino dal 4 al 9 novembre con tutta la troupe.",
            "filming", "2024-11-04", "2024-11-09",
        ),
        (
            "Il film uscirà nelle sale a fine marzo, dopo le riprese che si sono svolte a Bari.",
            "release", "2025-03-22", "2025-03-31",
        ),
    ],
)  # fmt: skip
def test_articles_in_other_languages_get_their_schedule(
    text: str, kind: str, start: str, end: str
) -> None:
    result = parse_article(text, PUBLISHED)
    assert result.language != "en"
    assert (kind, date.fromisoformat(start), date.fromisoformat(end)) in [
        (e.kind, e.start, e.end) for e in result.events
    ]


def test_an_article_without_a_date_keeps_its_relative_dates_pending() -> None:
    result = parse_article("Las grabaciones de la serie comenzaron la semana pasada en Bilbao.")
    assert result.language == "es" and result.events == ()
    assert result.pending_dates == ("la semana pasada",)
