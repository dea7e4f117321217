"""Which date words become schedule events, of what kind, on which days."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from dashboard.geoparse.events import DateMention, build_events, find_dates, pending_dates
from dashboard.geoparse.recognize import load_nlp
from dashboard.model import Event, Production

if TYPE_CHECKING:
    from spacy.language import Language

WEDNESDAY = date(2021, 3, 10)


def _mentions(sentence: str, *expressions: str) -> list[DateMention]:
    found = []
    for expression in expressions:
        at = sentence.index(expression)
        found.append(DateMention(at, at + len(expression), expression, sentence, 0))
    return found


def _events(sentence: str, *expressions: str, published: date | None = WEDNESDAY) -> list[Event]:
    return build_events(_mentions(sentence, *expressions), [], published, "Night Ferry")


@pytest.mark.parametrize(
    ("sentence", "expression", "published", "kind", "start", "end"),
    [
        # The cue nearest the date names the event.
        (
            "The thriller came out in 2017; cameras rolled in 2016 near Halifax.",
            "2017",
            WEDNESDAY,
            "release",
            date(2017, 1, 1),
            date(2017, 12, 31),
        ),
        (
            "The thriller came out in 2017; cameras rolled in 2016 near Halifax.",
            "2016",
            WEDNESDAY,
            "filming",
            date(2016, 1, 1),
            date(2016, 12, 31),
        ),
        # "will be shot" looks ahead: the participle is no past tense.
        (
            "The pilot will be shot between Nov. 8 and Jan. 26, the producer said.",
            "between Nov. 8 and Jan. 26",
            WEDNESDAY,
            "filming",
            date(2021, 11, 8),
            date(2022, 1, 26),
        ),
        (
            "Cameras will roll on the harbour front Friday.",
            "Friday",
            WEDNESDAY,
            "filming",
            date(2021, 3, 12),
            date(2021, 3, 12),
        ),
        (
            "The crew wrapped on Monday after six weeks in the dunes.",
            "Monday",
            WEDNESDAY,
            "wrap",
            date(2021, 3, 8),
            date(2021, 3, 8),
        ),
        # A year that labels a film is that film's release.
        (
            "Like the 1984 movie, the remake went to the salt flats.",
            "1984",
            WEDNESDAY,
            "release",
            date(1984, 1, 1),
            date(1984, 12, 31),
        ),
        (
            "Tidewater (1998) was shot on the same beach.",
            "1998",
            WEDNESDAY,
            "release",
            date(1998, 1, 1),
            date(1998, 12, 31),
        ),
        (
            "In 2003's Ice Road, the convoy crosses the lake.",
            "2003",
            WEDNESDAY,
            "release",
            date(2003, 1, 1),
            date(2003, 12, 31),
        ),
        (
            "The 1961 production brought a whole studio crew to the village.",
            "1961",
            WEDNESDAY,
            "filming",
            date(1961, 1, 1),
            date(1961, 12, 31),
        ),
        # "the film" is the noun: the verb before it names the event
        (
            "Northlight releases the film in Irish cinemas on November 12.",
            "November 12",
            date(2021, 10, 20),
            "release",
            date(2021, 11, 12),
            date(2021, 11, 12),
        ),
        (
            "The thriller reached cinemas last month.",
            "last month",
            WEDNESDAY,
            "release",
            date(2021, 2, 1),
            date(2021, 2, 28),
        ),
        (
            "The crew will film on the quays on March 22.",
            "March 22",
            WEDNESDAY,
            "filming",
            date(2021, 3, 22),
            date(2021, 3, 22),
        ),
        # "and will" after the date opens another statement, with its own tense.
        (
            "The comedy began filming in Leeds on June 3 and will move to York in July.",
            "June 3",
            date(2021, 6, 20),
            "filming",
            date(2021, 6, 3),
            date(2021, 6, 3),
        ),
        # An announcement looks back; the report of a plan does not make the plan past.
        (
            "The studio confirmed on Monday that the thriller will shoot in Leeds.",
            "Monday",
            WEDNESDAY,
            "announcement",
            date(2021, 3, 8),
            date(2021, 3, 8),
        ),
        (
            "The crew will film on the quays on Monday, the studio announced.",
            "Monday",
            WEDNESDAY,
            "filming",
            date(2021, 3, 15),
            date(2021, 3, 15),
        ),
        # News present tense tells what comes next: the Monday after the article.
        (
            "Filming begins on the quays on Monday, the mayor said.",
            "Monday",
            WEDNESDAY,
            "filming",
            date(2021, 3, 15),
            date(2021, 3, 15),
        ),
        # "before wrapping" after the date is another step of the schedule.
        (
            "The crew will move to the quays in June before wrapping in York.",
            "June",
            WEDNESDAY,
            "next_destination",
            date(2021, 6, 1),
            date(2021, 6, 30),
        ),
        # Opening in cinemas is a release.
        (
            "The thriller will open in Canadian cinemas on March 26.",
            "March 26",
            WEDNESDAY,
            "release",
            date(2021, 3, 26),
            date(2021, 3, 26),
        ),
        # A place that hosted the crew dates the shoot there.
        (
            "The old harbour hosted the crew of the thriller last week.",
            "last week",
            WEDNESDAY,
            "filming",
            date(2021, 3, 1),
            date(2021, 3, 7),
        ),
        # Present tense with no other verb: the nearest November.
        (
            "The holiday romance airs in November on the family channel.",
            "November",
            date(2020, 10, 20),
            "release",
            date(2020, 11, 1),
            date(2020, 11, 30),
        ),
    ],
)
def test_kind_and_span(
    sentence: str, expression: str, published: date, kind: str, start: date, end: date
) -> None:
    events = _events(sentence, expression, published=published)
    assert [(e.kind, e.start, e.end) for e in events] == [(kind, start, end)]


@pytest.mark.parametrize(
    ("sentence", "expression"),
    [
        ("The studio, which opened in 2009, has hosted many shoots.", "2009"),
        ("The mayor said on Monday that the town welcomes film crews.", "Monday"),
        ("Posted by Dana Reyes | March 2, 2021\nThe crew filmed at the pier.", "March 2, 2021"),
        ("The story is set in 1823, but the film was shot in Alberta.", "1823"),
        ("The weather was mild on Tuesday across the county.", "Tuesday"),
        ("The port's history with cinema goes back at least to 1962.", "1962"),
    ],
)
def test_dates_that_date_no_schedule(sentence: str, expression: str) -> None:
    assert _events(sentence, expression) == []


def test_another_films_year_is_not_given_to_the_main_production() -> None:
    sentence = "Like the 1984 movie, Night Ferry went to the salt flats."
    other = _events("Like the 1984 movie, the remake went to the salt flats.", "1984")
    own = build_events(_mentions(sentence, "1984"), [], WEDNESDAY, "Night Ferry")
    assert [e.production for e in other] == [None]
    assert [e.production for e in own] == ["Night Ferry"]


NIGHT_FERRY = Production("Night Ferry", aliases=("Ferry Night",))
HARBOUR = Production("The Harbour Wall")


@pytest.mark.parametrize(
    ("sentence", "expression", "production"),
    [
        # a quoted film right before the date: the date is that film's
        ('The bay is where "The Harbour Wall" was filmed in 1987.', "1987", "The Harbour Wall"),
        ("Crews have filmed in town since “Harbour Wall” in 1987.", "1987", "The Harbour Wall"),
        # the article's own production, by its title or an alias, keeps its date
        ('Cameras rolled on "Ferry Night" in March near the pier.', "March", "Night Ferry"),
        # a quoted name on an earlier line, or in another clause, says nothing of the date
        ('He sang "Blue Water"\nCameras rolled in March near the pier.', "March", "Night Ferry"),
        ('She starred in "Blue Water"; cameras rolled in March.', "March", "Night Ferry"),
    ],
)
def test_a_date_right_after_a_quoted_title_is_that_films(
    sentence: str, expression: str, production: str
) -> None:
    events = build_events(
        _mentions(sentence, expression), [], WEDNESDAY, "Night Ferry", [NIGHT_FERRY, HARBOUR]
    )
    assert [e.production for e in events] == [production]


def test_a_date_of_a_film_the_article_does_not_know_is_left_out() -> None:
    sentence = 'The island is where "Blue Water" was filmed in 1962, the guide says.'
    events = build_events(_mentions(sentence, "1962"), [], WEDNESDAY, "Night Ferry", [NIGHT_FERRY])
    assert events == []


def test_without_a_publication_date_relative_dates_wait_for_one() -> None:
    sentence = "The crew filmed there last month and again in March 2019."
    mentions = _mentions(sentence, "last month", "March 2019")
    events = build_events(mentions, [], None, "Night Ferry")
    assert [(e.expression, e.start) for e in events] == [("March 2019", date(2019, 3, 1))]
    assert pending_dates(mentions, None) == ("last month",)
    assert pending_dates(mentions, WEDNESDAY) == ()


def test_a_year_later_counts_from_the_date_before_it() -> None:
    sentence = "The first film was shot in 1954 and the sequel was filmed a year later."
    events = _events(sentence, "1954", "a year later")
    assert [(e.kind, e.start.year) for e in events] == [("filming", 1954), ("filming", 1955)]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Crews will close the bridge from May 30 to June 28.", ["from May 30 to June 28"]),
        (
            "The series will shoot for 12 weeks starting March 22 in the valley.",
            ["for 12 weeks starting March 22"],
        ),
        ("The unit stays in the port through August.", ["through August"]),
        ("Like the 1989 movie, the sequel went to the desert.", ["1989"]),
        ("It adapts Frank Herbert's 1965 novel about a desert planet.", []),
        ("The office keeps a 1900-strong list of locations.", []),
    ],
)
def test_find_dates_joins_ranges_and_drops_years_that_name_things(
    nlp: Language, text: str, expected: list[str]
) -> None:
    assert [m.text for m in find_dates(nlp(text))] == expected


def test_find_dates_skips_dates_inside_titles(nlp: Language) -> None:
    text = "Fans of Blade Runner 2049 visited the set last week."
    start, end = text.index("Blade"), text.index("2049") + 4
    found = find_dates(nlp(text), lambda offset: start <= offset < end)
    assert [m.text for m in found] == ["last week"]
