"""Place recognition on English text: lists, possessives, and words that only look like towns."""

from __future__ import annotations

from functools import lru_cache

import pytest

from dashboard.gazetteer import Gazetteer
from dashboard.geoparse.recognize import Recognizer, load_nlp


@lru_cache(maxsize=1)
def _recognizer() -> Recognizer:
    return Recognizer(Gazetteer.open(progress=False))


def _surfaces(text: str) -> list[str]:
    return [m.surface for m in _recognizer().mentions(load_nlp()(text))]


@pytest.mark.parametrize(
    ("text", "places", "not_places"),
    [
        # A list that starts with a recognised place carries on through names
        # spaCy labels as people or organisations, or does not label at all.
        (
            "The shoot visited Naples, Sorrento and Positano.",
            ["Naples", "Sorrento", "Positano"],
            [],
        ),
        (
            "Filming took place in Funchal, Porto Santo and Madeira.",
            ["Funchal", "Porto Santo", "Madeira"],
            [],
        ),
        (
            "The schedule covers Galway, Clifden and Westport.",
            ["Galway", "Clifden", "Westport"],
            [],
        ),
        ("Scenes were filmed in Brighton and Kos in June.", ["Brighton", "Kos"], []),
        # ... but a list of people after a place stays a list of people.
        (
            "The premiere in Durango drew Kate Bishop, Lena Ortiz and Sam Kowalski.",
            ["Durango"],
            ["Kate Bishop", "Lena Ortiz", "Sam Kowalski"],
        ),
        # A place's possessive names a spot inside it, unless it names an office or a body.
        ("A chase was staged in Bristol's Harbourside last week.", ["Bristol", "Harbourside"], []),
        (
            "Rome's Deputy Mayor welcomed the crew in Rome.",
            ["Rome"],
            ["Deputy Mayor", "Mayor"],
        ),
        ("Cameras rolled on Cardiff's Queen Street at dawn.", ["Cardiff", "Queen Street"], []),
        # A famous town used as a modifier is still the town; a direction word is not a place.
        ("The team finished the Manchester schedule on Friday.", ["Manchester"], []),
        (
            "Roads will close in Downtown Tulsa next week for the shoot.",
            ["Tulsa"],
            ["Downtown", "Downtown Tulsa"],
        ),
        # A city of millions is the place even when spaCy calls it an organisation.
        (
            "The crew flew in from Casablanca, which is where the partner firm is based.",
            ["Casablanca"],
            [],
        ),
        # Streets named by their cross streets are not the towns of the same name.
        (
            "Crews closed Elm Avenue from Tyler to Denton streets in Dallas.",
            ["Dallas"],
            ["Tyler", "Denton"],
        ),
        # ... and so are the ends of a street's closed stretch, however it is written.
        (
            "Traffic is halted on Birch Street, between Tyler and Wellington, near Dallas.",
            ["Dallas"],
            ["Tyler", "Wellington"],
        ),
        (
            "Crews close Oak Terrace from Denton street to the river in Dallas.",
            ["Dallas"],
            ["Denton"],
        ),
        # A town spaCy calls a person, before a part of it; a possessive that names a thing
        (
            "Dubrovnik's old town walls became a royal capital for the series.",
            ["Dubrovnik"],
            [],
        ),
        ("Crowds met at the Moore's Ford bridge near Monroe.", ["Monroe"], ["Moore"]),
        # Two places spaCy reads as one facility are two places.
        (
            '"We looked at Malta and Cyprus before settling on Crete," says the location manager.',
            ["Malta", "Cyprus"],
            ["Malta and Cyprus"],
        ),
        # A town after "in nearby", a landform's name after "at", read as organisations
        (
            "The series previously filmed its first two seasons in Bath and in nearby Bristol.",
            ["Bath", "Bristol"],
            [],
        ),
        ('The crew of "Red Meridian" filmed at Loch Ness and in Glencoe.', ["Loch Ness"], []),
        # A dateline spaCy reads as a person is still the dateline's town.
        (
            "GRANTS PASS, Ore. - The river will serve as the backdrop for a family film.",
            ["GRANTS PASS", "Ore."],
            [],
        ),
        # Hyphens join a name and its particles; a spaced dash ends a dateline's place.
        (
            "The crew filmed in Stratford-upon-Avon and Aix-en-Provence last year.",
            ["Stratford-upon-Avon", "Aix-en-Provence"],
            ["Stratford", "Aix-"],
        ),
        (
            "AUSTIN, Texas - City council approved the incentives.",
            ["AUSTIN", "Texas"],
            ["Texas - City"],
        ),
        # A street word inside a quoted title makes no stretch either.
        (
            'The "Abbey Road" production moved from Morocco to Portugal.',
            ["Morocco", "Portugal"],
            [],
        ),
        # A sentence-opening verb that is also a street word makes no stretch.
        ("Head south from Tozeur, Tunisia, and the salt flats begin.", ["Tozeur", "Tunisia"], []),
    ],
)
def test_lists_possessives_and_modifiers(
    text: str, places: list[str], not_places: list[str]
) -> None:
    surfaces = _surfaces(text)
    for place in places:
        assert place in surfaces, f"{place!r} missing from {surfaces}"
    for name in not_places:
        assert name not in surfaces, f"{name!r} wrongly a place in {surfaces}"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A town before its island or region in brackets, whatever spaCy called it.
        ("The quay at Cala Ratjada (Mallorca) was closed for the shoot.", "Cala Ratjada"),
        ("Playa Blanca (Lanzarote) was closed for the shoot.", "Playa Blanca"),
        ("Marblehead (Massachusetts) hosted the crew.", "Marblehead"),
        # A country before its landmark, and a city of several words no brand is named after.
        (
            "The unit will go east. Jordan's Wadi Rum, a valley the director knows from "
            '"Incendies", and the sands of Abu Dhabi will stand in for the planet.',
            "Jordan",
        ),
        ("The sands of Abu Dhabi were the backdrop.", "Abu Dhabi"),
        # A landscape noun and "of" before a name spaCy read as an organisation.
        ("The drone shots showed the coastal scenery of Barwon Heads.", "Barwon Heads"),
    ],
)
def test_a_town_its_brackets_or_its_landscape_place(text: str, place: str) -> None:
    surfaces = _surfaces(text)
    assert place in surfaces, f"{place!r} missing from {surfaces}"


def test_a_name_in_brackets_that_a_person_bears_is_no_place() -> None:
    text = "Tom Marblehead, the stunt lead, waved. The crew rested at Salem (Marblehead)."
    assert "Marblehead" not in _surfaces(text)


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        # A surname right after a given name spaCy missed, or after "wife".
        ("The director arrived with his wife Nisha Moga. She posted a photo.", "Moga"),
        # A given name the article uses for a person is not a town when it stands alone.
        ("Her friend Tyler Ross joined the crew. Tyler, a stuntman, flew home later.", "Tyler"),
        # A common word that opens a sentence and that the article also writes in lower case.
        ("The shoot ended.\n\n    Most of the cast left; most crew stayed on.", "Most"),
        # Month abbreviations and pronouns are dates and words, not towns.
        ("The shoot runs from Nov. 4 to Jan. 9 in Lagos, and Nov. 4 is a Monday.", "Nov."),
        ("It All Sounds Good to Us: a week on set in Prague.", "Us"),
        # A name after "of" inside a title is not a place of that name.
        ("The Keeper of Time films in Belfast. It is the first time the city hosts it.", "Time"),
        # The last word of a longer capitalised name does not stand alone.
        ("She starred in the Dark Night Rises Batman trilogy in Chicago.", "Batman"),
        # A word of a quoted title is not a town, whatever preposition comes before it.
        ("The studio hosts ‘Songs in Rain’ and ‘A Good Place to Die’ this year.", "Rain"),
        ("The studio hosts ‘Songs in Rain’ and ‘A Good Place to Die’ this year.", "Die"),
        # A lone name spaCy calls a place that no gazetteer has and no "in" comes before.
        ("The Netflix drama shot for six weeks in Leeds.", "Netflix"),
        # The first word of the next name is not part of this one.
        (
            "Drones flew over Fiordland National Park, Mount Aspiring National Park and more.",
            "Fiordland National Park, Mount",
        ),
        # A brand before its work is no place, whatever preposition comes first.
        ("Below is every town that turns up in the Netflix series.", "Netflix"),
        # A church service is no state, whatever its spelling shares with one.
        ("The crew could film the censer swinging only once during a Mass.", "Mass."),
        # Quotes around a name are not part of it.
        ('The crew filmed in Lagos’s "Nollywood" quarter.', 'Nollywood"'),
    ],
)
def test_words_that_only_look_like_towns(text: str, junk: str) -> None:
    surfaces = _surfaces(text)
    assert junk not in surfaces, f"{junk!r} wrongly a place in {surfaces}"


def test_a_place_named_in_a_greeting_is_still_a_place_elsewhere() -> None:
    """A greeting read as a person's name must not make the town a surname."""
    text = "Farewell Madrid, hello Seville! The Madrid leg of the shoot is over."
    assert "Madrid" in _surfaces(text)


def test_every_mention_points_into_the_text() -> None:
    text = "Filming took place in Funchal, Porto Santo and Madeira, and in Bristol's Harbourside."
    for mention in _recognizer().mentions(load_nlp()(text)):
        assert text[mention.start : mention.end] == mention.surface


@pytest.mark.parametrize(
    ("text", "code", "region"),
    [
        ("SAVANNAH, GA (WTOC) - Crews closed the square for a night shoot.", "GA", "Georgia"),
        ("The comedy shot on Richmond Row in London, Ont. last week.", "Ont.", "Ontario"),
        ("MAHONE BAY, N.S. - A crew dressed the main street in lights.", "N.S.", "Nova Scotia"),
    ],
)
def test_a_region_code_after_a_town_it_holds(text: str, code: str, region: str) -> None:
    mentions = _recognizer().mentions(load_nlp()(text))
    found = [m for m in mentions if m.surface == code]
    assert [(m.kind, m.query) for m in found] == [("state_abbreviation", region)]


def test_two_capitals_after_a_name_outside_that_region_are_no_region() -> None:
    """ "Fargo, GA": no Fargo in Georgia, so GA here is not read as the state."""
    text = "The reel was cut by Fargo, GA Films, a small shop."
    assert "GA" not in _surfaces(text)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # Two neighbouring towns written with a slash between them are both places.
        ("The unit spent May in the Marblehead/Swampscott area.", ["Marblehead", "Swampscott"]),
        ("Filming moved to the Senoia/Newnan area in June.", ["Senoia", "Newnan"]),
    ],
)
def test_neighbouring_towns_around_a_slash_are_places(text: str, places: list[str]) -> None:
    surfaces = _surfaces(text)
    for place in places:
        assert place in surfaces, f"{place!r} missing from {surfaces}"


@pytest.mark.parametrize(
    "text",
    [
        # Names around a slash that are not neighbouring places stay what they are.
        "The band played AC/DC and Simon/Garfunkel covers all night.",
        "The playlist mixed Swampscott/Wanaka remixes with older tracks.",
    ],
)
def test_a_slash_between_far_apart_names_makes_no_places(text: str) -> None:
    surfaces = _surfaces(text)
    assert not {"AC", "DC", "Simon", "Garfunkel", "Swampscott", "Wanaka"} & set(surfaces), surfaces


@pytest.mark.parametrize(
    ("text", "surface", "query"),
    [
        # An island read as an organisation, with or without "The" and an adjective.
        ("The Canary Islands are a favourite backdrop for foreign crews.", "Canary Islands", None),
        ("Sunny Corfu Island has welcomed three crews this year.", "Corfu Island", "Corfu"),
        # An island name the gazetteer has only without the word "Islands".
        (
            "Some scenes were shot on the Skiathos Islands last spring.",
            "Skiathos Islands",
            "Skiathos",
        ),
    ],
)
def test_an_island_is_a_place_whatever_spacy_called_it(
    text: str, surface: str, query: str | None
) -> None:
    found = [m for m in _recognizer().mentions(load_nlp()(text)) if m.surface == surface]
    assert found, f"{surface!r} missing"
    if query is not None:
        assert found[0].query == query


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A listicle heading that ends with a road or a building and then its town.
        ("Night Harbour (2019) - Shek O Road, Shek O\n\nThe car chase was shot here.", "Shek O"),
        ("Night Harbour - Freder Centre, Ma Tau Kok\n\nThe police station scenes.", "Ma Tau Kok"),
    ],
)
def test_the_town_after_a_landmark_at_the_end_of_a_heading(text: str, place: str) -> None:
    surfaces = _surfaces(text)
    assert place in surfaces, f"{place!r} missing from {surfaces}"


def test_a_dateline_after_blanked_markup_is_found() -> None:
    """ "<p>PORT HOPE —" becomes a line that opens with spaces once the tags are blanked."""
    text = "\n  PORT HOPE — Crews will dress the main street next week."
    mentions = _recognizer().mentions(load_nlp()(text))
    assert [(m.surface, m.evidence) for m in mentions if m.surface == "PORT HOPE"] == [
        ("PORT HOPE", "a dateline")
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A state or country spaCy calls an organisation, owning a part of its land.
        ("The crew of the drama filmed on Tasmania's west coast in May.", "Tasmania"),
        ("Locals cheered the shoot on Tasmania's northern beaches.", "Tasmania"),
    ],
)
def test_a_region_owning_part_of_its_land_is_a_place(text: str, place: str) -> None:
    surfaces = _surfaces(text)
    assert place in surfaces, f"{place!r} missing from {surfaces}"


@pytest.mark.parametrize(
    ("text", "place", "found"),
    [
        # A well-known place after a preposition in a headline set in capitals.
        ("THE SECRETS OF SHOOTING IN TASMANIA\n\nCrews love the island.", "TASMANIA", True),
        (
            "BIG CREWS HEAD TO MANCHESTER THIS WEEK\n\nThe shoot in Manchester starts soon.",
            "MANCHESTER",
            True,
        ),
        # ... not a small namesake, and not words of a headline in ordinary case.
        ("LIFE IN PARADISE GOES ON\n\nThe crew rested.", "PARADISE", False),
    ],
)
def test_a_place_in_a_headline_in_capitals(text: str, place: str, found: bool) -> None:
    assert (place in _surfaces(text)) is found, _surfaces(text)
