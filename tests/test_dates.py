"""Date expressions resolved against the publication date, with their precision."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.geoparse.dates import resolve

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
