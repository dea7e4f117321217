"""The geoparser end to end: recognition, resolution, productions, roles, events."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashboard.geoparse import ParseError, Parser, parse_article, without_markup
from dashboard.geoparse.resolve import haversine_km
from dashboard.model import ArticleResult, Override, Place, Toponym

# The sample article's facts, retold in the project's own words (the original lives in
# ../shared/seeds, which a user's clone does not have).
SEED = Path(__file__).resolve().parent / "fixtures" / "train-stunt-article.txt"
ROME = Place(None, "Rome", "IT", 41.8919, 12.5113, "city")
ANDALSNES = Place(None, "Åndalsnes", "NO", 62.567, 7.687, "city")


@pytest.fixture(scope="module")
def seed() -> ArticleResult:
    return parse_article(SEED.read_text(encoding="utf-8"), date(2020, 10, 8))


def _by_surface(result: ArticleResult, surface: str) -> list[Toponym]:
    return [t for t in result.toponyms if t.surface.startswith(surface)]


def test_seed_rauma_is_the_norwegian_municipality(seed: ArticleResult) -> None:
    rauma = _by_surface(seed, "Rauma")
    assert rauma, "Rauma not recognised"
    for toponym in rauma:
        assert toponym.place is not None and toponym.place.country == "NO"
        assert haversine_km(toponym.place, ANDALSNES) < 30
        assert all(c.place.country != "FI" or c.confidence < 0.1 for c in toponym.alternatives)


def test_seed_strand_roma_and_norway(seed: ArticleResult) -> None:
    strand = _by_surface(seed, "Strand")
    assert strand and all(t.place and t.place.country == "NO" for t in strand)
    roma = _by_surface(seed, "Roma")
    assert roma and all(t.place and haversine_km(t.place, ROME) < 25 for t in roma)
    norway = _by_surface(seed, "Norway")
    assert norway and all(t.place and t.place.kind == "country" for t in norway)


@pytest.mark.parametrize(
    "name",
    [
        "Cruise",
        "Tom Cruise",
        "Hunt",
        "Ethan Hunt",
        "Paramount",
        "Ferguson",
        "Rebecca Ferguson",
        "Hayley Atwell",
        "McQuarrie",
        "Simon Pegg",
        "Vanessa Kirby",
    ],
)
def test_seed_people_and_companies_are_not_places(seed: ArticleResult, name: str) -> None:
    assert not [t for t in seed.toponyms if name in t.surface or t.surface in name.split()]


def test_seed_production_dates_and_order(seed: ArticleResult) -> None:
    assert [p.title for p in seed.productions][:1] == ["Mission: Impossible 7"]
    assert "Mission: Impossible VII" in seed.productions[0].aliases
    events = {(e.kind, e.start, e.end, e.precision) for e in seed.events}
    assert ("release", date(2021, 11, 19), date(2021, 11, 19), "day") in events
    stunt = [e for e in seed.events if e.expression.lower() == "last month"]
    assert stunt and stunt[0].kind == "filming"
    assert (stunt[0].start, stunt[0].end, stunt[0].precision) == (
        date(2020, 9, 1),
        date(2020, 9, 30),
        "month",
    )
    # Norway is where it was shot; Rome is next.
    roma = _by_surface(seed, "Roma")[0]
    assert roma.role == "planned"
    assert any(t.role == "filmed" for t in _by_surface(seed, "Norway"))
    norway_first = min(
        e.start
        for e in seed.events
        if e.toponym is not None and seed.toponyms[e.toponym].surface == "Norway"
    )
    rome_first = min(
        e.start
        for e in seed.events
        if e.toponym is not None and seed.toponyms[e.toponym].surface == "Roma"
    )
    assert norway_first < rome_first


def test_every_toponym_points_into_the_text(seed: ArticleResult) -> None:
    for toponym in seed.toponyms:
        assert seed.text[toponym.start : toponym.end] == toponym.surface
        assert toponym.surface in toponym.sentence
        assert 0.0 <= toponym.confidence <= 1.0
        assert toponym.reason


@pytest.mark.parametrize(
    ("text", "surface", "country", "near"),
    [
        # A container written after the name decides between namesakes.
        ("The crew filmed in Paris, Texas, for two days.", "Paris", "US", (33.66, -95.56)),
        ("The crew filmed in Paris, France, for two days.", "Paris", "FR", (48.85, 2.35)),
        (
            "Shooting moved to Perth, Scotland, after a week in Dundee.",
            "Perth",
            "GB",
            (56.40, -3.43),
        ),
        (
            "Shooting moved to Perth and Fremantle in Western Australia.",
            "Perth",
            "AU",
            (-31.95, 115.86),
        ),
        ("Cameras rolled in London, Ontario, near Toronto.", "London", "CA", (42.98, -81.23)),
        # Other places in the article pull a name towards them.
        (
            "The crew filmed in Rauma after a week in Molde and Ålesund.",
            "Rauma",
            "NO",
            (62.57, 7.69),
        ),
        ("After Turku and Pori, the crew reached Rauma.", "Rauma", "FI", (61.13, 21.51)),
        # A demonym implies the country.
        (
            "The Jordanian desert at Wadi Rum stood in for Arrakis; filming also used Aqaba.",
            "Aqaba",
            "JO",
            (29.53, 35.01),
        ),
    ],
)
def test_resolution_uses_context(
    text: str, surface: str, country: str, near: tuple[float, float]
) -> None:
    result = parse_article(text, date(2021, 1, 1))
    found = [t for t in result.toponyms if t.surface == surface]
    assert found, f"{surface!r} not recognised in {text!r}"
    place = found[0].place
    assert place is not None and place.country == country
    assert haversine_km(place, Place(None, "", "", near[0], near[1], "city")) < 60


@pytest.mark.parametrize(
    ("text", "places", "not_places"),
    [
        (
            "Denzel Washington filmed scenes in Atlanta last spring.",
            ["Atlanta"],
            ["Washington", "Denzel Washington"],
        ),
        (
            "Warner Bros. and Paramount Pictures announced the shoot in Budapest.",
            ["Budapest"],
            ["Paramount"],
        ),
        (
            "Our thanks to the Strand and Rauma Municipalities for their patience.",
            ["Strand", "Rauma Municipalities"],
            [],
        ),
        (
            "The Norwegian crew worked in the Norwegian countryside near Geiranger.",
            ["Norwegian"],
            [],
        ),
        ("ALEXANDRIA, La. (AP) — A crew filmed downtown.", ["ALEXANDRIA", "La."], []),
    ],
)
def test_recognition_keeps_places_and_drops_people(
    text: str, places: list[str], not_places: list[str]
) -> None:
    surfaces = [t.surface for t in parse_article(text, date(2021, 1, 1)).toponyms]
    for place in places:
        assert place in surfaces, f"{place!r} missing from {surfaces}"
    for name in not_places:
        assert name not in surfaces, f"{name!r} wrongly a place in {surfaces}"


def test_demonym_resolves_to_its_country() -> None:
    result = parse_article(
        'The Norwegian countryside was the backdrop for the train stunt in the film "Fjord Run".'
    )
    demonym = [t for t in result.toponyms if t.surface == "Norwegian"]
    assert demonym and demonym[0].place is not None and demonym[0].place.kind == "country"
    assert demonym[0].place.country == "NO" and demonym[0].role == "filmed"


def test_landmark_falls_back_to_enclosing_place_marked_approximate() -> None:
    text = "The stunt was filmed at the Helsetkopen Mountain near Stranda, Norway."
    result = parse_article(text, date(2020, 9, 10))
    landmark = [t for t in result.toponyms if "Helsetkopen" in t.surface]
    assert landmark, [t.surface for t in result.toponyms]
    assert landmark[0].approximate and landmark[0].place is not None
    assert landmark[0].place.country == "NO"
    assert landmark[0].confidence < 0.6


@pytest.mark.parametrize(
    ("text", "landmark", "fallback"),
    [
        # a town its own name holds, in a country the article reads
        (
            'The film "Salt Road" shot scenes on San Diego Bay, far from Fallon.',
            "San Diego Bay",
            "San Diego",
        ),
        ('The crew of "Salt Road" spent May at Lake Garda and in Verona.', "Lake Garda", "Garda"),
        # else the place named nearest to it, not the first of its sentence
        (
            "The crew filmed in the docks of Belfast and at the Kelvingrove Bandstand in "
            'Glasgow for "Salt Road".',
            "Kelvingrove Bandstand",
            "Glasgow",
        ),
        # else the town the article keeps naming, not the middle of its country
        (
            'Police will close blocks in Baton Rouge next week for the shoot of "River Song". '
            "The mayor of Baton Rouge welcomed the crew.\n\nDrivers should avoid Lafayette "
            "Street, which will be closed for filming on Tuesday.",
            "Lafayette Street",
            "Baton Rouge",
        ),
        # ... though a clause about the landmark itself places it
        (
            '"Lost Hours" was shot in Japan, and one building dominates it: the Park Hyatt '
            "Tokyo, whose guest floors sit at the top of a skyscraper in Shinjuku.",
            "Park Hyatt Tokyo",
            "Shinjuku",
        ),
        # not a place that only describes someone in the sentence
        (
            'Iceland hosted the crew of "Salt Road". Its director, who lives in Los Angeles, '
            "shot for nine days near Skogafoss.",
            "Skogafoss",
            "Iceland",
        ),
    ],
)
def test_a_landmark_falls_back_to_the_place_it_is_in(
    text: str, landmark: str, fallback: str
) -> None:
    found = [t for t in parse_article(text).toponyms if t.surface == landmark]
    assert found and found[0].approximate and found[0].place is not None
    assert found[0].place.name == fallback, found[0].reason


def test_override_replays_a_correction() -> None:
    text = "The crew filmed in Springfield for a week."
    before = parse_article(text)
    target = Place("4250542", "Springfield", "US", 39.80, -89.64, "city", admin1="Illinois")
    assert before.toponyms and before.toponyms[0].place is not None
    after = parse_article(
        text, overrides=[Override("Springfield", target, None, "corrected by a user")]
    )
    assert after.toponyms[0].place == target
    assert after.toponyms[0].confidence == 1.0
    assert "corrected by a user" in after.toponyms[0].reason
    rejected = parse_article(text, overrides=[Override("springfield", None)])
    assert not rejected.toponyms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("abc\x00def", "binary"),
        ("\x01\x02\x03\x04" * 50, "binary"),
        ("word " * 250_000, "too long"),
    ],
)
def test_bad_input_raises_parse_error(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_article(text)


def test_parse_many_keeps_going_after_a_bad_item() -> None:
    parser = Parser()
    items = [("Filming started in Oslo.", None), ("", None), ("They shot in Lisbon.", None)]
    results = list(parser.parse_many(items))
    assert isinstance(results[1], ParseError)
    assert [t.surface for t in results[0].toponyms] == ["Oslo"]  # type: ignore[union-attr]
    assert [t.surface for t in results[2].toponyms] == ["Lisbon"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        'The crew of "Dune" filmed in Jordan, adapting Frank Herbert\'s 1965 novel.',
        'Like the 1986 original, "Top Gun: Maverick" was filmed over Nevada.',
        'The story of "The Revenant" is set in 1823, but it was filmed in Alberta.',
    ],
)
def test_years_that_name_things_are_not_events(text: str) -> None:
    result = parse_article(text, date(2021, 6, 1))
    assert not [e for e in result.events if e.start.year < 2000], result.events


@pytest.mark.parametrize(
    "text",
    [
        "Filmed in Kingston and Ottawa.</p><p>During the shoot, crews came back.",
        'It shot in <a href="https://example.org/x">Kingston</a> and <em>Ottawa</em>.',
        "Filmed in Kingston and Ottawa.<br/>Crews came back later.",
    ],
)
def test_html_tags_left_in_the_text_do_not_hide_places(text: str) -> None:
    places = {t.surface for t in parse_article(text).toponyms}
    assert {"Kingston", "Ottawa"} <= places, places


@pytest.mark.parametrize(
    ("text", "blanked"),
    [
        ("Toronto.</p><p>During", "Toronto.\n   \n  During"),
        ('a <a href="x">link</a> here', "a " + " " * 12 + "link" + " " * 4 + " here"),
        ("if a < b > c then", "if a < b > c then"),  # prose keeps its signs
        ("<Toronto>", "<Toronto>"),  # no such tag: left alone
    ],
)
def test_markup_is_blanked_at_the_same_length(text: str, blanked: str) -> None:
    assert without_markup(text) == blanked
    assert len(blanked) == len(text)


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ('The film "Red Lake" shot on Gozo and Comino for a week.', "Comino", "MT"),
        ('The series "Red Lake" filmed across Vancouver Island.', "Vancouver Island", "CA"),
        ('The film "Red Lake" was shot in Crete last spring.', "Crete", "GR"),  # not Nebraska
    ],
)
def test_islands_are_placed(text: str, surface: str, country: str) -> None:
    found = [t for t in parse_article(text).toponyms if t.surface == surface]
    assert found and found[0].place is not None and found[0].place.country == country
    assert found[0].role == "filmed" and found[0].granularity == "region"
