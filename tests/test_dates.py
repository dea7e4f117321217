"""Date expressions resolved against the publication date, with their precision."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.geoparse.dates import needs_publication_date, resolve

PUBLISHED = date(2020, 10, 8)  # a Thursday


@pytest.mark.parametrize(
    ("expression", "tense", "start", "end", "precision"),
    [
        ("Last month", "past", date(2020, 9, 1), date(2020, 9, 30), "month"),
        ("last month", "past", date(2020, 9, 1), date(2020, 9, 30), "month"),
        ("next month", "future", date(2020, 11, 1), date(2020, 11, 30), "month"),
        ("this month", "past", date(2020, 10, 1), date(2020, 10, 31), "month"),
        ("next week", "future", date(2020, 10, 12), date(2020, 10, 18), "day"),
        ("last year", "past", date(2019, 1, 1), date(2019, 12, 31), "year"),
        ("next year", "future", date(2021, 1, 1), date(2021, 12, 31), "year"),
        ("yesterday", "past", date(2020, 10, 7), date(2020, 10, 7), "day"),
        ("two weeks ago", "past", date(2020, 9, 21), date(2020, 9, 27), "day"),
        ("three months ago", "past", date(2020, 7, 1), date(2020, 7, 31), "month"),
        ("November 19, 2021", "future", date(2021, 11, 19), date(2021, 11, 19), "day"),
        ("Dec. 5, 2020", "past", date(2020, 12, 5), date(2020, 12, 5), "day"),
        ("March 3", "past", date(2020, 3, 3), date(2020, 3, 3), "day"),
        ("March", "past", date(2020, 3, 1), date(2020, 3, 31), "month"),
        ("March", "future", date(2021, 3, 1), date(2021, 3, 31), "month"),
        ("late October", "past", date(2020, 10, 22), date(2020, 10, 31), "month"),
        ("summer 2021", "future", date(2021, 6, 1), date(2021, 8, 31), "month"),
        ("in the spring", "future", date(2021, 3, 1), date(2021, 5, 31), "month"),
        ("2019", "past", date(2019, 1, 1), date(2019, 12, 31), "year"),
        ("earlier this year", "past", date(2020, 1, 1), date(2020, 10, 8), "month"),
    ],
)
def test_resolves(expression: str, tense: str, start: date, end: date, precision: str) -> None:
    span = resolve(expression, PUBLISHED, tense)
    assert span is not None
    assert (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize(
    "expression", ["58-year-old", "four-hour", "the past two years", "decades", "daily", "", "soon"]
)
def test_not_calendar_dates(expression: str) -> None:
    assert resolve(expression, PUBLISHED) is None


def test_relative_dates_follow_the_publication_date() -> None:
    one = resolve("last month", date(2021, 1, 15))
    assert one is not None and (one.start, one.end) == (date(2020, 12, 1), date(2020, 12, 31))


@pytest.mark.parametrize(
    ("expression", "published", "tense", "start", "end"),
    [
        # A span of days inside one month is no year ("-23" is not 2023).
        ("Jan. 20-23", date(2021, 1, 10), "future", date(2021, 1, 20), date(2021, 1, 23)),
        ("March 3-7", PUBLISHED, "past", date(2020, 3, 3), date(2020, 3, 7)),
        ("11-14 June", PUBLISHED, "future", date(2021, 6, 11), date(2021, 6, 14)),
        ("Sept. 9 and 10", PUBLISHED, "past", date(2020, 9, 9), date(2020, 9, 10)),
        # A date on the publication day is that day, not a year later.
        ("October 8", PUBLISHED, "future", PUBLISHED, PUBLISHED),
        ("8 October", PUBLISHED, "any", PUBLISHED, PUBLISHED),
        ("Thursday", PUBLISHED, "future", PUBLISHED, PUBLISHED),
        # A weekday told in the future is ahead of the publication day.
        ("Friday", PUBLISHED, "future", date(2020, 10, 9), date(2020, 10, 9)),
        ("on Monday", PUBLISHED, "future", date(2020, 10, 12), date(2020, 10, 12)),
        ("Monday", PUBLISHED, "past", date(2020, 10, 5), date(2020, 10, 5)),
        ("next Thursday", PUBLISHED, "any", date(2020, 10, 15), date(2020, 10, 15)),
        ("last Thursday", PUBLISHED, "any", date(2020, 10, 1), date(2020, 10, 1)),
        # A weekday written beside a date picks that date's year, whatever the tense.
        ("Tuesday, Nov. 17", PUBLISHED, "past", date(2020, 11, 17), date(2020, 11, 17)),
        ("Sunday 4 October", date(2021, 1, 5), "future", date(2020, 10, 4), date(2020, 10, 4)),
        # A date a few days past, told in the future, is not pushed to next year.
        ("October 2", PUBLISHED, "future", date(2020, 10, 2), date(2020, 10, 2)),
    ],
)
def test_day_dates(expression: str, published: date, tense: str, start: date, end: date) -> None:
    span = resolve(expression, published, tense)  # type: ignore[arg-type]
    assert span is not None
    assert (span.start, span.end, span.precision) == (start, end, "day")


@pytest.mark.parametrize(
    ("expression", "tense", "start", "end", "precision"),
    [
        ("from May 30 to June 28", "future", date(2021, 5, 30), date(2021, 6, 28), "day"),
        ("from Aug. 3 through Sept. 12", "past", date(2020, 8, 3), date(2020, 9, 12), "day"),
        ("between Nov. 3 and Jan. 31", "future", date(2020, 11, 3), date(2021, 1, 31), "day"),
        ("Dec. 14 to Feb. 2, 2019", "past", date(2018, 12, 14), date(2019, 2, 2), "day"),
        ("this week", "past", date(2020, 10, 5), date(2020, 10, 11), "day"),
        ("Monday and Tuesday", "past", date(2020, 10, 5), date(2020, 10, 6), "day"),
        ("early July", "future", date(2021, 7, 1), date(2021, 7, 10), "month"),
        ("late October", "future", date(2020, 10, 22), date(2020, 10, 31), "month"),
        ("for 12 weeks starting March 22", "future", date(2021, 3, 22), date(2021, 6, 14), "day"),
        ("for ten days from Nov. 2", "future", date(2020, 11, 2), date(2020, 11, 11), "day"),
        ("between March and May", "past", date(2020, 3, 1), date(2020, 5, 31), "month"),
        ("June and July 2019", "past", date(2019, 6, 1), date(2019, 7, 31), "month"),
        ("through August", "future", PUBLISHED, date(2021, 8, 31), "month"),
        ("until mid-December", "future", PUBLISHED, date(2020, 12, 21), "month"),
        ("since June", "past", date(2020, 6, 1), PUBLISHED, "month"),
        ("from July 2021 to March 2022", "past", date(2021, 7, 1), date(2022, 3, 31), "month"),
        ("2021-22", "past", date(2021, 1, 1), date(2022, 12, 31), "year"),
        ("in the 1970s", "past", date(1970, 1, 1), date(1979, 12, 31), "year"),
        ("the end of 2022", "past", date(2022, 9, 2), date(2022, 12, 31), "month"),
        ("this holiday season", "future", date(2020, 11, 1), date(2020, 12, 31), "month"),
        ("in three weeks' time", "future", date(2020, 10, 26), date(2020, 11, 1), "day"),
        # the nearest whole season on the side its word says (the article is of October)
        ("last summer", "past", date(2020, 6, 1), date(2020, 8, 31), "month"),
        ("next summer", "future", date(2021, 6, 1), date(2021, 8, 31), "month"),
        ("next winter", "future", date(2020, 12, 1), date(2021, 2, 28), "month"),
        ("last winter", "past", date(2019, 12, 1), date(2020, 2, 29), "month"),
        # "the month" of a part of it is the article's month; a year word dates the days
        ("the end of the month", "future", date(2020, 10, 22), date(2020, 10, 31), "month"),
        ("from April 2 to July 28 this year", "past", date(2020, 4, 2), date(2020, 7, 28), "day"),
        ("from May 3 to May 9 last year", "past", date(2019, 5, 3), date(2019, 5, 9), "day"),
    ],
)
def test_ranges(expression: str, tense: str, start: date, end: date, precision: str) -> None:
    span = resolve(expression, PUBLISHED, tense)  # type: ignore[arg-type]
    assert span is not None
    assert (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize(
    "expression",
    [
        "last month",
        "next week",
        "Friday",
        "tomorrow",
        "this summer",
        "two weeks ago",
        "March 3",
        "early July",
        "from May 30 to June 28",
        "through August",
    ],
)
def test_relative_dates_without_a_publication_date_stay_unresolved(expression: str) -> None:
    assert resolve(expression, None) is None
    assert needs_publication_date(expression)


@pytest.mark.parametrize(
    ("expression", "start", "end"),
    [
        ("March 3, 2019", date(2019, 3, 3), date(2019, 3, 3)),
        ("spring 2018", date(2018, 3, 1), date(2018, 5, 31)),
        ("in 2016", date(2016, 1, 1), date(2016, 12, 31)),
        ("from May 30 to June 28, 2013", date(2013, 5, 30), date(2013, 6, 28)),
        ("Jan. 20-23, 2022", date(2022, 1, 20), date(2022, 1, 23)),
    ],
)
def test_dates_with_their_own_year_need_no_publication_date(
    expression: str, start: date, end: date
) -> None:
    span = resolve(expression, None)
    assert span is not None and (span.start, span.end) == (start, end)
    assert not needs_publication_date(expression)


@pytest.mark.parametrize(
    "expression",
    ["4421", "Dec 2015 - 17:36", "20 October 20", "Christmas", "for 12 weeks", "February 30"],
)
def test_street_numbers_clock_times_and_holidays_are_not_dates(expression: str) -> None:
    assert resolve(expression, PUBLISHED) is None


@pytest.mark.parametrize(
    ("expression", "anchor", "year"),
    [("a year later", date(1954, 5, 1), 1955), ("two years earlier", date(2010, 1, 1), 2008)],
)
def test_later_and_earlier_count_from_the_last_date_given(
    expression: str, anchor: date, year: int
) -> None:
    span = resolve(expression, PUBLISHED, anchor=anchor)
    assert span is not None and span.start.year == year == span.end.year
    assert resolve(expression, PUBLISHED) is None  # with nothing to count from
