"""Names the gazetteer lacks that an article uses for a production or a person are no places.

spaCy's small model reads unfamiliar capitalised names as places; with no gazetteer
entry the resolver would pin them at the town beside them, so the map would show a
film's title or an actor as a filming place. These cases build the mentions and the
resolver's answers by hand, so each one tests the rule, not spaCy's labels.
"""

from __future__ import annotations

import re

import pytest

from dashboard.geoparse import _not_places, _Spans
from dashboard.geoparse.productions import TitleMention
from dashboard.geoparse.recognize import Mention
from dashboard.geoparse.resolve import Resolution
from dashboard.model import Place, Production, title_key

EDINBURGH = Place("2650225", "Edinburgh", "GB", 55.95, -3.19, "city")


def _unplaced(text: str, surface: str) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), surface, "place", surface, "spaCy GPE")


def _people(text: str, names: list[str]) -> _Spans:
    return _Spans(m.span() for name in names for m in re.finditer(re.escape(name), text))


@pytest.mark.parametrize(
    ("text", "surface", "titles", "people", "dropped"),
    [
        # the article's production, written bare
        (
            'The drama "Saawan" wrapped in Edinburgh. Saawan opens in May.',
            "Saawan",
            ["Saawan"],
            [],
            True,
        ),
        # a full name the article tags as a person elsewhere
        (
            "Kurt Brandt spent a month there. Kurt Brandt loved it.",
            "Kurt Brandt",
            [],
            ["Kurt Brandt"],
            True,
        ),
        # one name in a list of people
        (
            "Stars came, from Audrey Hepburn and Maureen Lindqvist to John Wayne.",
            "Maureen Lindqvist",
            [],
            ["Audrey Hepburn", "John Wayne"],
            True,
        ),
        # whose film it is, not where it was shot
        ("I loved filming the Kurt Brandt movie there.", "Kurt Brandt", [], [], True),
        # a place named after a person is still a place
        (
            "The crew built a street at Kwame Mensah's film village near Accra.",
            "Kwame Mensah's film village",
            [],
            ["Kwame Mensah"],
            False,
        ),
        # a street between a surname and another street stays a street
        ("Closed between Dickson and Main Street.", "Main Street", [], ["Dickson"], False),
        # a lone word spaCy took for a person is no evidence against a place
        ("Crews shot in Svaneti. Svaneti is remote.", "Svaneti", [], ["Svaneti"], False),
        # a landmark that a title only contains
        (
            'Crews of "Picnic at Cold Rock" climbed Cold Rock.',
            "Cold Rock",
            ["Picnic at Cold Rock"],
            [],
            False,
        ),
    ],
)
def test_unplaced_names_of_titles_and_people(
    text: str, surface: str, titles: list[str], people: list[str], dropped: bool
) -> None:
    mention = _unplaced(text, surface)
    unplaced = Resolution(EDINBURGH, 0.4, "not in the gazetteer", approximate=True, guessed=True)
    productions = [Production(title=t) for t in titles]
    title_mentions = [TitleMention(-1, -1, t, title_key(t)) for t in titles]
    found = _not_places(
        text, [mention], [unplaced], title_mentions, productions, _people(text, people)
    )
    assert (found == {0}) is dropped


def test_a_place_the_text_locates_is_kept_though_a_film_has_its_name() -> None:
    """ "Roma, the Mexico City neighbourhood" stays a place in a story about the film "Roma"."""
    text = 'The film "Roma" was shot in Roma, the Mexico City neighbourhood.'
    start = text.index("Roma,")
    mention = Mention(start, start + 4, "Roma", "place", "Roma", "spaCy GPE")
    stated = Resolution(EDINBURGH, 0.4, "placed at the city the text names", approximate=True)
    found = _not_places(
        text,
        [mention],
        [stated],
        [TitleMention(10, 14, "Roma", "roma")],
        [Production("Roma")],
        _Spans([]),
    )
    assert found == set()


def test_a_name_the_gazetteer_places_is_kept_whatever_it_shares() -> None:
    """ "Paris" is a place even in an article about a film called "Paris"."""
    text = 'The film "Paris" shot in Paris.'
    mention = Mention(text.rindex("Paris"), len(text) - 1, "Paris", "place", "Paris", "spaCy GPE")
    placed = Resolution(EDINBURGH, 0.9, "in the gazetteer")
    found = _not_places(
        text,
        [mention],
        [placed],
        [TitleMention(10, 15, "Paris", "paris")],
        [Production("Paris")],
        _Spans([]),
    )
    assert found == set()
