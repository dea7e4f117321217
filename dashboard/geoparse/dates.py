"""Resolve date expressions against the article's publication date.

News dates are mostly relative ("last month", "next spring"), so each one is
resolved to a span (start, end) with the precision the words actually carry:
"last month" in an article of 2020-10-08 is all of September 2020, not the 8th.
Absolute dates go to dateparser, with the publication date as the base for
missing parts.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser

from dashboard.model import Precision


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: date
    end: date
    precision: Precision


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "a few": 3,
    "few": 3,
    "a couple of": 2,
    "couple of": 2,
}

# Expressions that are ages, durations or clock times, never calendar dates.
_NOT_A_DATE = re.compile(
    r"(year|month|week|day)s?[- ]old|^\d+[- ](year|month|week|day|hour|minute)s?$|"
    r"^(the )?(past|last|next|first|final|previous|coming) (\w+ )?(days|weeks|months|years)$|"
    r"^(\w+ )?(decades?|centur(y|ies)|hours?|minutes?)$|"
    r"^(daily|weekly|monthly|annually|years|days)$",
    re.IGNORECASE,
)


def month_span(year: int, month: int) -> DateSpan:
    last = calendar.monthrange(year, month)[1]
    return DateSpan(date(year, month, 1), date(year, month, last), "month")


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _season_span(year: int, season: str, part: str | None) -> DateSpan:
    first, last = _SEASONS[season]
    end_year = year + 1 if first > last else year
    start = date(year, first, 1)
    end = date(end_year, last, calendar.monthrange(end_year, last)[1])
    return _part_of(DateSpan(start, end, "month"), part)


def _part_of(span: DateSpan, part: str | None) -> DateSpan:
    """Narrow a span to its early / mid / late third."""
    if part is None:
        return span
    days = (span.end - span.start).days + 1
    third = days // 3
    if part == "early":
        return DateSpan(span.start, span.start + timedelta(days=third - 1), span.precision)
    if part in ("mid", "middle of"):
        return DateSpan(
            span.start + timedelta(days=third), span.end - timedelta(days=third), span.precision
        )
    return DateSpan(span.end - timedelta(days=third - 1), span.end, span.precision)


def _year_span(year: int, part: str | None) -> DateSpan:
    span = DateSpan(date(year, 1, 1), date(year, 12, 31), "year")
    if part is None:
        return span
    narrowed = _part_of(span, part)
    return DateSpan(narrowed.start, narrowed.end, "month")


def _nearest_month_year(month: int, published: date, tense: str) -> int:
    """Year of a bare month name: the past occurrence unless the sentence looks ahead."""
    if tense == "future":
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


_PART = r"(?:(?P<part>early|mid|late|middle of|end of|beginning of|start of)[- ])?(?:the )?"
_RELATIVE = re.compile(
    rf"^(?:in |during |by |since |until |over |on |for )?{_PART}"
    r"(?P<which>last|next|this|past|previous|coming|following|current)\s+"
    r"(?P<unit>year|month|week|spring|summer|autumn|fall|winter|weekend)$",
    re.IGNORECASE,
)
_AGO = re.compile(
    r"^(?P<count>\d+|a few|a couple of|several|an?|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve)\s+(?P<unit>day|week|month|year)s?\s+"
    r"(?P<dir>ago|later|from now|earlier)$",
    re.IGNORECASE,
)
_EARLIER_THIS_YEAR = re.compile(
    r"^(?P<dir>earlier|later) (?:this|in the) (?P<unit>year|month|week)$", re.IGNORECASE
)
_SEASON = re.compile(
    rf"^(?:in |during |by |over |until )?{_PART}(?P<season>spring|summer|autumn|fall|winter)"
    r"(?: of)?(?: (?P<year>\d{4}))?$",
    re.IGNORECASE,
)
_MONTH_ONLY = re.compile(
    rf"^(?:in |during |by |since |until |through |from )?{_PART}"
    r"(?P<month>[a-z]+)\.?(?:,? (?P<year>\d{4}))?$",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(rf"^(?:in |during |by |since |until |through )?{_PART}(?P<year>\d{{4}})$")
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def resolve(expression: str, published: date | None, tense: str = "past") -> DateSpan | None:
    """Turn a date expression into a span, or None when it is no calendar date.

    `tense` ("past" or "future") decides bare names such as "March" or "Friday".
    """
    text = " ".join(expression.strip().split()).rstrip(".,;:")
    low = text.lower()
    if not low or _NOT_A_DATE.search(low):
        return None
    base = published or date.today()
    for resolver in (_resolve_relative, _resolve_named):
        span = resolver(low, base, tense)
        if span is not None:
            return span
    return _resolve_absolute(text, base, tense)


def _resolve_relative(low: str, base: date, tense: str) -> DateSpan | None:
    if low in _DAY_WORDS:
        day = base + timedelta(days=_DAY_WORDS[low])
        return DateSpan(day, day, "day")
    match = _RELATIVE.match(low)
    if match:
        return _relative_unit(match["which"], match["unit"], match["part"], base)
    match = _AGO.match(low)
    if match:
        count = int(match["count"]) if match["count"].isdigit() else _NUMBER_WORDS[match["count"]]
        sign = -1 if match["dir"] in ("ago", "earlier") else 1
        return _offset(base, match["unit"], sign * count)
    match = _EARLIER_THIS_YEAR.match(low)
    if match:
        return _earlier_later(match["dir"], match["unit"], base)
    return None


def _relative_unit(which: str, unit: str, part: str | None, base: date) -> DateSpan:
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}
    delta = step.get(which, 0)
    if unit == "year":
        return _year_span(base.year + delta, part)
    if unit == "month":
        year, month = _shift_month(base.year, base.month, delta)
        return _part_of(month_span(year, month), part)
    if unit in ("week", "weekend"):
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=delta)
        if unit == "weekend":
            return DateSpan(monday + timedelta(days=5), monday + timedelta(days=6), "day")
        return DateSpan(monday, monday + timedelta(days=6), "day")
    season_year = base.year + delta
    if delta == 0 and unit in ("winter",) and base.month <= 2:
        season_year -= 1
    return _season_span(season_year, unit, part)


def _offset(base: date, unit: str, amount: int) -> DateSpan:
    if unit == "day":
        day = base + timedelta(days=amount)
        return DateSpan(day, day, "day")
    if unit == "week":
        day = base + timedelta(weeks=amount)
        monday = day - timedelta(days=day.weekday())
        return DateSpan(monday, monday + timedelta(days=6), "day")
    if unit == "month":
        year, month = _shift_month(base.year, base.month, amount)
        return month_span(year, month)
    return _year_span(base.year + amount, None)


def _earlier_later(direction: str, unit: str, base: date) -> DateSpan:
    if unit == "year":
        start, end = date(base.year, 1, 1), date(base.year, 12, 31)
    elif unit == "month":
        span = month_span(base.year, base.month)
        start, end = span.start, span.end
    else:
        start = base - timedelta(days=base.weekday())
        end = start + timedelta(days=6)
    if direction == "earlier":
        return DateSpan(start, base, "month" if unit != "week" else "day")
    return DateSpan(base, end, "month" if unit != "week" else "day")


def _resolve_named(low: str, base: date, tense: str) -> DateSpan | None:
    match = _SEASON.match(low)
    if match:
        if match["year"]:
            year = int(match["year"])
        else:
            season_start = _SEASONS[match["season"]][0]
            year = _nearest_month_year(season_start, base, tense)
        return _season_span(year, match["season"], match["part"])
    match = _MONTH_ONLY.match(low)
    if match and match["month"] in _MONTHS:
        month = _MONTHS[match["month"]]
        year = int(match["year"]) if match["year"] else _nearest_month_year(month, base, tense)
        return _part_of(month_span(year, month), match["part"])
    match = _YEAR_ONLY.match(low)
    if match:
        return _year_span(int(match["year"]), match["part"])
    weekday = low.removeprefix("on ").removeprefix("last ").removeprefix("next ")
    if weekday in _WEEKDAYS:
        shift = (_WEEKDAYS[weekday] - base.weekday()) % 7
        day = (
            base + timedelta(days=shift)
            if tense == "future"
            else base - timedelta(days=(7 - shift) % 7 or 7)
        )
        return DateSpan(day, day, "day")
    return None


_HAS_DAY = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b(?!\d)")
_HAS_MONTH = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE
)


def _resolve_absolute(text: str, base: date, tense: str) -> DateSpan | None:
    if not re.search(r"\d", text) or not _HAS_MONTH.search(text):
        return None
    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "future" if tense == "future" else "past",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["month"],
    }
    cleaned = re.sub(r"^(on|by|from|since|until|in) ", "", text, flags=re.IGNORECASE)
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None
    without_year = re.sub(r"\b\d{4}\b", "", cleaned)
    if _HAS_DAY.search(without_year):
        day = parsed.date()
        return DateSpan(day, day, "day")
    return month_span(parsed.year, parsed.month)
