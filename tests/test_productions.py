"""Production titles: one production per film, whatever the numbering or quotes."""

from __future__ import annotations

import pytest

from dashboard.geoparse import parse_article
from dashboard.geoparse.productions import extract_productions
from dashboard.model import title_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mission: Impossible 7", "Mission: Impossible VII"),
        ("Mission: Impossible VII", "mission impossible 7"),
        ("Dune: Part Two", "Dune Part Two"),
        ("The Lord of the Rings", "the lord of the rings"),
    ],
)
def test_same_title(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Dune", "Dune: Part Two"), ("Mission: Impossible 7", "Mission: Impossible 8")]
)
def test_different_titles(a: str, b: str) -> None:
    assert title_key(a) != title_key(b)


@pytest.mark.parametrize(
    ("text", "titles", "kind"),
    [
        (
            'Filming of "Mission: Impossible VII" continues; the "Mission: Impossible 7" crew '
            "moved on.",
            ["Mission: Impossible 7"],
            "unknown",
        ),
        ('The new "Dune" movie shot in Jordan.', ["Dune"], "film"),
        (
            "Season two of 'The Last of Us' is filming in British Columbia.",
            ["The Last of Us"],
            "series",
        ),
        ('"Oh hi everyone, didn\'t see you there," she wrote from the set.', [], None),
        ('He called the shoot "a dream" in an interview.', [], None),
        # programmes, nicknames and phrases in quotes are no titles
        ("The 'Shoot in Lagos' initiative pays crews of any film 20%.", [], None),
        ('The film crews love the town, known as the "Malian Hollywood".', [], None),
        ('The director wanted a "Wild West feel" for the film.', [], None),
        # a song, a fictional town, a nickname and a cast are not the production
        (
            'The song "Blue Lanterns" from the film "Copper Sky" was shot at the pier. '
            'Later the famous "Blue Lanterns" closed the film.',
            ["Copper Sky"],
            None,
        ),
        ("The harbour doubles as the fictional town of 'Gullmouth' in the film.", [], None),
        # a quoted title listed with one the film words vouch for is a title too
        (
            "In a long winter the offices hosted Disney’s ‘Copper Sky’ and Tumbleweed’s "
            "‘Paper Moons’.\nThe town’s book club read ‘Blue Hour’ and ‘Glass Lanterns’.",
            ["Copper Sky", "Paper Moons"],
            None,
        ),
        # a studio's possessive is film context enough
        ("Crowds lined the quay for Disney’s “Copper Sky,” said the mayor.", ["Copper Sky"], None),
        (
            'The film crew of "Copper Sky" moved on from Lagos\u2019s "Nollywood".',
            ["Copper Sky"],
            None,
        ),
        ("The indie film starring 'the Marlon Brando of Iceland' shot on the coast.", [], None),
        # a genre word or a wrap is film context too
        ('The thriller "Salt Road" wrapped in Iver.', ["Salt Road"], None),
        ('Cameras are rolling on "Salt Road" in Iver.', ["Salt Road"], None),
    ],
)
def test_extract(text: str, titles: list[str], kind: str | None) -> None:
    productions, _ = extract_productions(text)
    assert [p.title for p in productions] == titles
    if kind is not None:
        assert productions[0].kind == kind


def test_franchise_name_joins_the_numbered_title() -> None:
    text = (
        'The next "Mission: Impossible" movie is in production. '
        '"Mission: Impossible VII" filmed a stunt.'
    )
    productions, _ = extract_productions(text)
    assert len(productions) == 1
    assert productions[0].title == "Mission: Impossible 7"
    assert set(productions[0].aliases) == {"Mission: Impossible", "Mission: Impossible VII"}


def test_headline_names_the_production_without_film_words() -> None:
    productions, mentions = extract_productions(
        "The crew moved to Siena's rooftops for the chase.",
        headline="'Quantum of Solace' swaps the Atacama for Siena",
    )
    assert [p.title for p in productions] == ["Quantum of Solace"]
    assert all(m.start < 0 for m in mentions)


def test_short_form_joins_the_full_title() -> None:
    productions, _ = extract_productions(
        'Filming of "Mission: Impossible – Fallout" ended in Norway.',
        headline="'Fallout' wraps at Preikestolen",
    )
    assert [p.title for p in productions] == ["Mission: Impossible – Fallout"]
    assert productions[0].aliases == ("Fallout",)


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        # a genre word before the title
        ("The comedy Paper Moons wrapped in Leeds.", ["Paper Moons"]),
        ("Netflix's new series Harbour Watch began filming.", ["Harbour Watch"]),
        # credits and subject frames after it
        ("Copper Sky, starring Ana Ruiz, shot for a month.", ["Copper Sky"]),
        ("Copper Sky star Ana Ruiz was seen on set.", ["Copper Sky"]),
        ("Copper Sky is being filmed in Porto this spring.", ["Copper Sky"]),
        ("Copper Sky (2019) was the first to use the quarry.", ["Copper Sky"]),
        ("Copper Sky (2019), starring Ana Ruiz, used the quarry.", ["Copper Sky"]),
        # single quotes after a studio's possessive; a run cut inside quotes is no title
        ("The crew of Netflix’s ‘Paper Moons’ filmed in Leeds.", ["Paper Moons"]),
        ("She starred in the drama ‘Last Winter, the Snow Falls’ (2013).", []),
        # contractions are no titles
        ('"I\'m filming in Leeds," she said.', []),
        ("The crime picture Glass Lanterns considered Perth before filming.", ["Glass Lanterns"]),
        (
            "Fans know it from The Quiet Harbour, the police thriller and cult classic.",
            ["The Quiet Harbour"],
        ),
        # of/for frames and working titles
        ("The filming of Copper Sky closed the bridge.", ["Copper Sky"]),
        ("Crews shooting for Copper Sky blocked the road.", ["Copper Sky"]),
        ("The thriller, under the working title Blue Hour, moved north.", ["Blue Hour"]),
        ("Studio chief Lee's Copper Sky, which wrapped last week, cost little.", ["Copper Sky"]),
        # a list of titles after a plural genre
        (
            "Shows like Harbour Watch, Paper Moons and Copper Sky filmed here.",
            ["Harbour Watch", "Paper Moons", "Copper Sky"],
        ),
        # a number after "No." belongs to the title; "set" is an English noun too
        ("The film is a remake of the comedy hit Wife No. 2, due in May.", ["Wife No. 2"]),
        ("Ana Ruiz on the set of Copper Sky in Leeds's Corn Exchange.", ["Copper Sky"]),
        # people and places in a title's frame are not titles
        ("The 41-year-old actor was seen on the set in Leeds.", []),
        (
            "Copper Sky, which is Ana Ruiz's production for Netflix, was shot in Leeds.",
            ["Copper Sky"],
        ),
        ("Buses stopped for filming in Corn Square, a film about Leeds.", []),
        # title-cased headlines: the genre after "TV", a verb that ends the title
        ("British TV Series Harbour Watch Shoots in Malta", ["Harbour Watch"]),
        ("Where Harbour Watch Was Filmed in Toronto", ["Harbour Watch"]),
        ("Cash Rebate Will Attract Foreign Crews To Shoot Films In Leeds", []),
        ("Quiet Coast Films, the producer, opened an office in Leeds.", []),
        # a strong frame may hold a name spaCy takes for a person
        (
            "Crews shot the filming location for Captain Ruiz’s Violin (2001) here.",
            ["Captain Ruiz’s Violin"],
        ),
        # a location blog's entry line: "Title - Actor (Year) - Place"
        ("Copper Sky - Ana Ruiz (2019) - Kirkgate Market, Leeds", ["Copper Sky"]),
        # headcounts, companies, things and people the verb frames meet are no titles
        ("Around 300 crew from abroad joined the shoot in Leeds.", []),
        ("The Northern Lights Cinema production began filming in Leeds.", []),
        ("The hall of the Glass Crown, was filmed in a castle near Leeds.", []),
        ("Fans visit the streets of Leeds where Park Min-seo shot it.", []),
        ('The film "Copper Sky" had its premiere on the Gold Coast on Saturday.', ["Copper Sky"]),
        ('The scene, set during a performance of Verdi\'s "Nabucco", was shot in Leeds.', []),
        # a name spaCy calls a place is no title, even when it is on no map
        (
            "The cold open of the film Dune sets up a contrast with the desert scenes of "
            "Arrakis that follow.",
            ["Dune"],
        ),
        # a rival in a comparison and a place with its article are no titles
        ("Rather than chasing big budget movies like Leeds does, York courts indie films.", []),
        ("Seen in many blockbuster films The Balearic Islands have hosted crews for years.", []),
        # ordinary capitalised words are no titles
        ("Crews filmed in the old town all week.", []),
        ("Casting directors said the film industry is busy.", []),
        ("In February, the production moved to Malta.", []),
        # a director's possessive, even where spaCy reads both as one person
        (
            "They shot in Oman for Peter Weir’s Copper Sky. It opens in May.",
            ["Copper Sky"],
        ),
        # ... but an actor's possessive before one word names a character
        ("Fans spotted Pedro Pascal’s Joel, a smuggler, crossing a bridge in Calgary.", []),
        # a city's adjective before "shoot" is no title
        ("The Venetian shoot was called off when Venice closed its squares.", []),
        # a counted list of works names each of them
        (
            "The old harbour has been in three war movies, Salt Harbour, The Iron Gate and "
            "Blue Ridge.",
            ["Salt Harbour", "The Iron Gate", "Blue Ridge"],
        ),
        # an apostrophe inside a single-quoted title does not end it
        ("‘Kings of Tom’s Town’ is filmed in Durban.", []),
        ("‘Nights in Jo’burg’ is filmed in Durban.", ["Nights in Jo’burg"]),
        # "live-action" before a title, as a genre word
        (
            "The studio picked Charleston for its upcoming live-action Paper Lanterns.",
            ["Paper Lanterns"],
        ),
        # a studio's brand is no title
        ("It airs under Hallmark’s Evergreen brand this winter.", []),
        # a time phrase before a verb of the shoot is no title
        ("During 2019 shoots, lorries and crews filled the square.", []),
        # a franchise, trilogy or saga names its films
        ("Crews of the Iron Tide franchise returned to Gdansk.", ["Iron Tide"]),
        ("Much of the Salt Kings trilogy was shot near Tozeur.", ["Salt Kings"]),
        # a quoted name with its crew is a production; a quoted "-esque" word describes
        ('The "Copper Sky" crew moved to York.', ["Copper Sky"]),
        ('Few towns have more "Japanesque" locations for crews than Himeji.', []),
        # a list entry's year, or its span of years, after the title
        ('2. "Summer of Lemons" (2018) - Dubrovnik and Sicily', ["Summer of Lemons"]),
        ("1. Game of Thrones (2011-2019)\nThe old walls became a capital.", ["Game of Thrones"]),
        # a genre noun right before the quotes names the work, with no other film word
        ('In Auckland, the war drama "Hill 402" recreated a beach landing.', ["Hill 402"]),
        # a modal or negated passive still says what was (not) shot
        ("Copper Sky couldn't be shot in Tibet, so the crew went to Morocco.", ["Copper Sky"]),
        # after a count, "films" is a noun and the name before it a modifier
        ("Dowd has found extras for five previous Ruiz films in Canton.", []),
    ],
)
def test_bare_titles_are_found_by_their_frames(text: str, titles: list[str]) -> None:
    """Through the whole parser: weak frames need to know who is a person."""
    productions = parse_article(text).productions
    assert sorted(p.title for p in productions) == sorted(titles)


def test_a_title_in_sentence_case_follows_its_genre_word_in_spanish() -> None:
    text = (
        "El thriller Cien noches de lluvia, del director Pablo Ruiz, se rodó en Valencia "
        "durante el verano, con escenas en el puerto y en las calles del centro de la ciudad."
    )
    assert "Cien noches de lluvia" in [p.title for p in parse_article(text).productions]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a maker after "de" is not part of the title; a place the title names is
        (
            "La serie Cien noches de Canal Nueve, que retrata la vida en el puerto, se rodó "
            "en Valencia durante meses.",
            "Cien noches",
        ),
        (
            "La película Los amantes de Teruel, que se rodó en Aragón durante el invierno, "
            "tiene un reparto enorme.",
            "Los amantes de Teruel",
        ),
    ],
)
def test_a_sentence_cased_title_ends_before_its_maker(text: str, title: str) -> None:
    assert [p.title for p in parse_article(text).productions] == [title]


@pytest.mark.parametrize(
    "text",
    [
        "Se rodaron aquí Mar de fondo (1987), de Luis Gil; El hombre que vendió la luna (1961).",
        "La ciudad es famosa. El hombre que vendió la luna se rodó en el puerto de Valencia.",
    ],
)
def test_a_sentence_cased_title_before_its_year_or_verb_in_spanish(text: str) -> None:
    assert "El hombre que vendió la luna" in [p.title for p in parse_article(text).productions]


def test_tv_belongs_to_the_italian_genre_word_not_to_the_title() -> None:
    text = (
        "Da maggio Catania ospita il set di una serie TV su un vecchio pescatore. Le "
        "riprese della serie TV Luce di Sicilia, girata a Catania, durano un mese."
    )
    assert [p.title for p in parse_article(text).productions] == ["Luce di Sicilia"]


def test_a_quoted_sentence_cased_title_before_its_credit_in_spanish() -> None:
    text = (
        "Desde el viernes se puede ver una película rodada en Uruguay: “El hombre que vendió "
        "la luna”, dirigida por Ana Ruiz, que se filmó en Montevideo."
    )
    assert "El hombre que vendió la luna" in [p.title for p in parse_article(text).productions]


def test_a_list_entry_heading_is_a_title_when_its_text_is_about_a_film() -> None:
    text = (
        "Dramas shot abroad\n\nSeries from Seoul travel further every year.\n\n\n"
        "Blue Harbour\n\nA fisherman, Kim (Park Ji-ho), falls for a diver. The series "
        "filmed in Lisbon.\n\n\nSpotlight on Portugal\n\nThe country offers a rebate."
    )
    assert [p.title for p in parse_article(text).productions] == ["Blue Harbour"]


def test_identity_statements_join_titles() -> None:
    text = (
        'The film "Paper Moons", now titled "Silver Tide", wrapped. '
        '"Silver Tide" is the third film in the series "Moon Trilogy".'
    )
    productions, _ = extract_productions(text)
    assert len([p for p in productions if p.title in ("Paper Moons", "Silver Tide")]) == 1


def test_the_nth_film_of_a_franchise_is_also_its_number() -> None:
    productions, _ = extract_productions(
        'Tom Cruise took "Mission: Impossible – Dead Reckoning Part One" to Rome, '
        "where the seventh film in the series had its premiere."
    )
    assert "Mission: Impossible 7" in productions[0].aliases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a franchise's numbered film that the story never names is a production of its own
        (
            'The 12th Harry Lime film began shooting in Vienna, where "The Third Man" was '
            "made in 1948.",
            ["Harry Lime 12", "The Third Man"],
        ),
        # a nationality before "film" is a kind of film, not a franchise
        ('It may be the first Korean film to shoot abroad since "Parasite".', ["Parasite"]),
    ],
)
def test_a_numbered_film_of_an_unnamed_franchise(text: str, expected: list[str]) -> None:
    productions, _ = extract_productions(text)
    assert [p.title for p in productions] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Straight from the set on Tasmania's West Coast, the cast of 'Copper Sky' rested.",
        "The premiere on Scotland's east coast drew the cast of 'Copper Sky'.",
    ],
)
def test_a_place_and_its_part_after_on_are_no_title(text: str) -> None:
    """ "the set on Tasmania's West Coast" says where the set stands."""
    from dashboard.geoparse import parse_article

    assert [p.title for p in parse_article(text).productions] == ["Copper Sky"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("El rodaje de la serie «La sal» comenzó en Morella la semana pasada.", "series"),
        ("Le tournage de la série « Marées hautes » a commencé à Saint-Malo.", "series"),
        ("Die Dreharbeiten zur Serie „Salz“ begannen im Mai in Lübeck.", "series"),
        ("La película «La sal» se rodó en Morella durante el invierno.", "film"),
        ("Der Spielfilm „Salz“ wurde im Winter in Lübeck gedreht.", "film"),
    ],
)
def test_a_production_kind_from_the_articles_own_words(text: str, kind: str) -> None:
    productions = parse_article(text).productions
    assert [p.kind for p in productions] == [kind], productions


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        # a genre after the title, in apposition
        (
            "El equipo filmó en Almería «El jinete de sal», un wéstern con Tomás Arriaga.",
            ["El jinete de sal"],
        ),
        (
            "À Saint-Malo s'installera l'équipe de « Marées hautes », la nouvelle série de TF1.",
            ["Marées hautes"],
        ),
        # a genre or a film festival right before it
        (
            "Für die Komödie „Oma fährt ans Meer“ war das Team in Italien unterwegs.",
            ["Oma fährt ans Meer"],
        ),
        (
            "Présenté hier au Festival de Cannes, « Les Oiseaux du port » a été applaudi.",
            ["Les Oiseaux du port"],
        ),
        # the noun with its article is no title
        ("Il film è stato girato in sei settimane tra Susa e Bardonecchia.", []),
    ],
)
def test_sentence_cased_titles_in_other_languages(text: str, titles: list[str]) -> None:
    assert sorted(p.title for p in parse_article(text).productions) == sorted(titles)
