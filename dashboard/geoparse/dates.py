"""Resolve date expressions against the publication date.

News dates are mostly relative ("last month", "next spring") or leave out the
year ("May 30"), so each one is resolved to a span (start, end) with the
precision the words actually carry: "last month" in an article of 2020-10-08 is
all of September 2020, not the 8th. Without a publication date only
expressions that carry their own year resolve: anything else would be a date
made up from today's clock.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import dateparser

from dashboard.model import Precision

Tense = Literal["past", "future", "any"]


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: date
    end: date
    precision: Precision


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
# Named periods of the year: (first month, last month).
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
    "holiday season": (11, 12),
    "holidays": (11, 12),
    "christmas": (12, 12),
}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
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
_COUNT = (
    r"\d+|a few|a couple of|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve"
)

# Expressions that are ages, durations or clock times, never calendar dates.
_NOT_A_DATE = re.compile(
    r"(year|month|week|day)s?[- ]old|^(for )?\d+[- ](year|month|week|day|hour|minute)s?$|"
    r"^(the )?(past|last|next|first|final|previous|coming) (\w+ )?(days|weeks|months|years)$|"
    r"^(\w+ )?(decades?|centur(y|ies)|hours?|minutes?)$|"
    r"^(daily|weekly|monthly|annually|years|days)$|\d:\d\d",
    re.IGNORECASE,
)


def month_span(year: int, month: int) -> DateSpan:
    last = calendar.monthrange(year, month)[1]
    return DateSpan(date(year, month, 1), date(year, month, last), "month")


def _day(day: date) -> DateSpan:
    return DateSpan(day, day, "day")


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
    if part in ("early", "beginning of", "start of"):
        return DateSpan(span.start, span.start + timedelta(days=third - 1), span.precision)
    if part in ("mid", "middle of"):
        return DateSpan(
            span.start + timedelta(days=third), span.end - timedelta(days=third), span.precision
        )
    return DateSpan(span.end - timedelta(days=third - 1), span.end, span.precision)


def _year_span(year: int, part: str | None, last_year: int | None = None) -> DateSpan:
    span = DateSpan(date(year, 1, 1), date(last_year or year, 12, 31), "year")
    if part is None:
        return span
    narrowed = _part_of(span, part)
    return DateSpan(narrowed.start, narrowed.end, "month")


def _pick_year(first: date, last: date, base: date, tense: Tense, slack: int) -> int:
    """Offset in years (-1, 0, +1) that puts a year-less span where the words point.

    The span as given lies in the publication year. "past" takes the latest
    occurrence that starts by the publication date (plus `slack` days), "future"
    the earliest that ends on or after it (less `slack`), "any" the nearest. A
    date on the publication day itself is that day, whatever the tense.
    """
    options = []
    for shift in (-1, 0, 1):
        a, b = _add_years(first, shift), _add_years(last, shift)
        gap = 0 if a <= base <= b else min(abs((a - base).days), abs((b - base).days))
        options.append((shift, a, b, gap))
    if tense == "past":
        fits = [o for o in options if o[1] <= base + timedelta(days=slack)]
        return max(fits, key=lambda o: o[0])[0]
    if tense == "future":
        fits = [o for o in options if o[2] >= base - timedelta(days=slack)]
        return min(fits, key=lambda o: o[0])[0]
    return min(options, key=lambda o: (o[3], abs(o[0])))[0]


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


_PART = (
    r"(?:the )?(?:(?P<part>early|mid|late|middle of|end of|beginning of|start of)[- ])?(?:the )?"
)
_RELATIVE = re.compile(
    rf"^(?:in |during |by |since |until |over |on |for |at |towards? )?{_PART}"
    r"(?P<which>last|next|this|past|previous|coming|following|current)\s+"
    r"(?P<unit>year|month|week|spring|summer|autumn|fall|winter|weekend|holiday season)$",
    re.IGNORECASE,
)
_AGO = re.compile(
    rf"^(?P<count>{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>ago|from now)$",
    re.IGNORECASE,
)
_LATER = re.compile(
    rf"^(?P<count>{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>later|earlier|before|after)$",
    re.IGNORECASE,
)
_IN_TIME = re.compile(
    rf"^(?:with)?in\s+(?:the next\s+)?(?P<count>{_COUNT})\s+(?P<unit>day|week|month|year)s?"
    r"(?:['’]?s?\s+time)?$",
    re.IGNORECASE,
)
_EARLIER_THIS_YEAR = re.compile(
    r"^(?P<dir>earlier|later) (?:this|in the) (?P<unit>year|month|week)$", re.IGNORECASE
)
_SEASON = re.compile(
    rf"^(?:in |during |by |over |until |this )?{_PART}"
    r"(?P<season>spring|summer|autumn|fall|winter|holiday season|holidays|christmas)"
    r"(?: of)?(?: (?P<year>\d{4}))?$",
    re.IGNORECASE,
)
_MONTH_ONLY = re.compile(
    rf"^(?:in |during |by |since |until |through |from |of )?{_PART}"
    r"(?P<month>[a-z]+)\.?(?:,? (?:of )?(?P<year>\d{4}))?$",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(
    rf"^(?:in |during |by |since |until |through |of )?{_PART}(?P<year>1[89]\d\d|20\d\d)$"
)
_YEARS = re.compile(r"^(?:the )?(?P<a>1[89]\d\d|20\d\d)\s*[-–/]\s*(?P<b>\d{4}|\d\d)(?: \w+ year)?$")
_DECADE = re.compile(rf"^(?:in |during )?{_PART}(?P<decade>1[89]\d0|20\d0)['’]?s$")
_WEEKDAY = re.compile(
    r"^(?:on |the )?(?P<which>last |next |this |this past |this coming )?(?P<day>[a-z]+)\.?"
    r"(?: (?:morning|afternoon|evening|night|tonight))?$"
)
_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "yesterday": -1, "tomorrow": 1}
_ORDINAL = r"(?:st|nd|rd|th)?"
_WEEKDAY_PREFIX = re.compile(r"^(?:on )?(?:the )?(?P<weekday>[a-z]+)\.?,? (?=\S)")
_MONTH_DAY = re.compile(
    rf"^(?:the )?(?P<month>[a-z]+)\.? (?P<day>\d{{1,2}}){_ORDINAL}(?:,? (?P<year>\d{{4}}))?$"
)
_DAY_MONTH = re.compile(
    rf"^(?:the )?(?P<day>\d{{1,2}}){_ORDINAL} (?:of )?(?P<month>[a-z]+)\.?"
    r"(?:,? (?P<year>\d{4}))?$"
)
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)$")
# Two days of one month: "Jan. 20-23", "July 30 and 31", "12 and 13 April".
_DAY_PAIR = re.compile(
    rf"^(?:(?P<m1>[a-z]+)\.? )?(?P<d1>\d{{1,2}}){_ORDINAL}\s*(?:-|–|—|to|through|and|&)\s*"
    rf"(?P<d2>\d{{1,2}}){_ORDINAL}(?: (?:of )?(?P<m2>[a-z]+)\.?)?(?:,? (?P<year>\d{{4}}))?$"
)
_RANGE_WORDS = r"to|through|thru|until|till|and|-|–|—|into"
_OPEN_START = re.compile(
    r"^(?:from|starting|beginning|commencing|as of|as from|on|in) (?P<rest>.+)$"
)
_OPEN_END = re.compile(r"^(?:through|thru|until|till|to|up to|up until|by) (?P<rest>.+)$")
_SINCE = re.compile(r"^since (?P<rest>.+)$")
_FOR_STARTING = re.compile(
    rf"^(?:for )?(?:(?:about|around|some|roughly|nearly) )?(?P<count>{_COUNT})[- ]"
    r"(?P<unit>day|week|month)s?,? (?:starting|beginning|from|commencing|as of) (?P<rest>.+)$"
)


def resolve(
    expression: str,
    published: date | None,
    tense: Tense = "past",
    anchor: date | None = None,
) -> DateSpan | None:
    """Turn a date expression into a span, or None when it is no calendar date.

    `tense` decides year-less dates such as "March" or "Friday"; `anchor` is
    the last date the text gave, for "a year later". Without `published`, only
    dates that carry their own year resolve.
    """
    text = " ".join(expression.strip().strip("()").split()).rstrip(".,;:")
    low = re.sub(r"['’]s$", "", text.lower()).strip()
    if not low or _NOT_A_DATE.search(low):
        return None
    low = _THE_UNIT.sub(r"\g<part> this \g<unit>", low)  # "the end of the month"
    year_word = _YEAR_WORD.search(low)
    if year_word is not None and published is not None and _HAS_DAY.search(low):
        # "from April 2 to July 28 this year": the year the days fall in
        year = published.year + {"last": -1, "this": 0, "next": 1}[year_word["which"]]
        low = f"{low[: year_word.start()]}, {year}"
    return _resolve(low, published, tense, anchor)


_THE_UNIT = re.compile(
    r"(?P<part>\b(?:end|beginning|start|middle) of) the (?P<unit>month|year|week)$"
)
_YEAR_WORD = re.compile(r",? (?P<which>last|this|next) year$")
_HAS_DAY = re.compile(r"[a-z]\.? \d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)? (?:of )?[a-z]")


def needs_publication_date(expression: str) -> bool:
    """True for a date that resolves only against a publication date ("last month")."""
    if resolve(expression, None, "any") is not None:
        return False
    return resolve(expression, _ANY_DAY, "any") is not None


_ANY_DAY = date(2001, 6, 15)  # any day serves: only whether the words resolve matters


def _resolve(low: str, base: date | None, tense: Tense, anchor: date | None) -> DateSpan | None:
    for resolver in (_resolve_range, _resolve_one):
        span = resolver(low, base, tense, anchor)
        if span is not None:
            return span
    return None


def _resolve_one(low: str, base: date | None, tense: Tense, anchor: date | None) -> DateSpan | None:
    """One date (no range): counted from the anchor, carrying its year, or relative."""
    match = _IN_TIME.match(low)
    if match:
        return None if base is None else _offset(base, match["unit"], _count(match["count"]))
    low = re.sub(r"^(?:in|during|around|about|circa|on) ", "", low)
    match = _LATER.match(low)
    if match:
        if anchor is None:
            return None
        sign = -1 if match["dir"] in ("earlier", "before") else 1
        return _offset(anchor, match["unit"], sign * _count(match["count"]))
    dated = _with_own_year(low)
    if dated is not None:
        return dated
    if base is None:
        return None
    return (
        _resolve_relative(low, base)
        or _resolve_named(low, base, tense)
        or _resolve_day(low, base, tense)
    )


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _with_own_year(low: str) -> DateSpan | None:
    """Dates that carry their year: they need no publication date."""
    match = _YEAR_ONLY.match(low)
    if match:
        return _year_span(int(match["year"]), match["part"])
    match = _YEARS.match(low)
    if match:
        first, second = int(match["a"]), match["b"]
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if first < last <= first + 10:
            return _year_span(first, None, last)
    match = _DECADE.match(low)
    if match:
        start = int(match["decade"])
        return _part_of(_year_span(start, None, start + 9), match["part"])
    match = _SEASON.match(low)
    if match and match["year"]:
        return _season_span(int(match["year"]), match["season"], match["part"])
    match = _MONTH_ONLY.match(low)
    if match and match["year"] and match["month"] in _MONTHS:
        return _part_of(month_span(int(match["year"]), _MONTHS[match["month"]]), match["part"])
    match = _ISO.match(low)
    if match:
        return _safe_day(int(match["year"]), int(match["month"]), int(match["day"]))
    rest = _strip_weekday(low)[1]
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.match(rest)
        if match and match["year"] and match["month"] in _MONTHS:
            return _safe_day(int(match["year"]), _MONTHS[match["month"]], int(match["day"]))
    match = _DAY_PAIR.match(rest)
    if match and match["year"]:
        return _day_pair(match, int(match["year"]))
    return _fallback(low)


def _safe_day(year: int, month: int, day: int) -> DateSpan | None:
    try:
        return _day(date(year, month, day))
    except ValueError:
        return None


def _strip_weekday(low: str) -> tuple[int | None, str]:
    """'Tuesday, Nov. 17' -> (1, 'nov. 17'); the weekday can then pick the year."""
    match = _WEEKDAY_PREFIX.match(low)
    if match and match["weekday"] in _WEEKDAYS:
        return _WEEKDAYS[match["weekday"]], low[match.end() :]
    return None, low


def _day_pair(match: re.Match[str], year: int) -> DateSpan | None:
    month_name = match["m1"] or match["m2"]
    if month_name not in _MONTHS or (match["m1"] and match["m2"]):
        return None
    month, first, last = _MONTHS[month_name], int(match["d1"]), int(match["d2"])
    if not 1 <= first < last <= calendar.monthrange(year, month)[1]:
        return None
    return DateSpan(date(year, month, first), date(year, month, last), "day")


def _fallback(low: str) -> DateSpan | None:
    """Other written forms with a year, read by dateparser and kept only if the year agrees."""
    years = re.findall(r"\b(1[89]\d\d|20\d\d)\b", low)
    if len(years) != 1 or not any(m in low.split() for m in _MONTHS):
        return None
    parsed = dateparser.parse(
        low, languages=["en"], settings={"REQUIRE_PARTS": ["month", "year"], "STRICT_PARSING": True}
    )
    if parsed is None or parsed.year != int(years[0]):
        return None
    return _day(parsed.date())


def _resolve_relative(low: str, base: date) -> DateSpan | None:
    """Words counted from the publication day: "yesterday", "last month", "two weeks ago"."""
    if low in _DAY_WORDS:
        return _day(base + timedelta(days=_DAY_WORDS[low]))
    match = _RELATIVE.match(low)
    if match:
        return _relative_unit(match["which"], match["unit"], match["part"], base)
    match = _AGO.match(low)
    if match:
        sign = -1 if match["dir"] == "ago" else 1
        return _offset(base, match["unit"], sign * _count(match["count"]))
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
    if delta == 0:
        season_year = base.year - 1 if unit == "winter" and base.month <= 2 else base.year
        return _season_span(season_year, unit, part)
    # "next summer" said in March is this year's; "last summer" said in October too:
    # the nearest whole season on that side of the article's date.
    season_year = base.year - 2 if delta < 0 else base.year - 1
    while True:
        span = _season_span(season_year, unit, None)
        if (delta < 0 and span.end >= base) or (delta > 0 and span.start > base):
            break
        season_year += 1
    if delta < 0:
        season_year -= 1
    return _season_span(season_year, unit, part)


def _offset(base: date, unit: str, amount: int) -> DateSpan:
    if unit == "day":
        return _day(base + timedelta(days=amount))
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


def _resolve_named(low: str, base: date, tense: Tense) -> DateSpan | None:
    """Seasons, months and weekdays without a year: placed by the tense."""
    # The year is chosen for the whole season or month, then narrowed:
    # "late October" in early October is this October.
    match = _SEASON.match(low)
    if match and match["season"] == "christmas" and not low.startswith("this "):
        return None  # a bare "Christmas" is mostly a genre ("a Christmas movie")
    if match:
        whole = _season_span(base.year, match["season"], None)
        shift = 0 if low.startswith("this ") else _pick_year(whole.start, whole.end, base, tense, 0)
        return _part_of(_shifted(whole, shift), match["part"])
    match = _MONTH_ONLY.match(low)
    if match and match["month"] in _MONTHS:
        whole = month_span(base.year, _MONTHS[match["month"]])
        shift = _pick_year(whole.start, whole.end, base, tense, 0)
        return _part_of(_shifted(whole, shift), match["part"])
    match = _WEEKDAY.match(low)
    if match and match["day"] in _WEEKDAYS:
        return _day(_weekday(_WEEKDAYS[match["day"]], (match["which"] or "").strip(), base, tense))
    return None


def _shifted(span: DateSpan, years: int) -> DateSpan:
    return DateSpan(_add_years(span.start, years), _add_years(span.end, years), span.precision)


def _weekday(weekday: int, which: str, base: date, tense: Tense) -> date:
    """The named weekday nearest the publication day in the direction the words point.

    A bare weekday is the publication day itself when the names agree; "last"
    and "next" always move at least one day.
    """
    ahead = (weekday - base.weekday()) % 7
    behind = (base.weekday() - weekday) % 7
    if which == "next":
        return base + timedelta(days=ahead or 7)
    if which in ("last", "this past"):
        return base - timedelta(days=behind or 7)
    if which in ("this", "this coming") or tense == "future":
        return base + timedelta(days=ahead)
    if tense == "any" and ahead < behind:
        return base + timedelta(days=ahead)
    return base - timedelta(days=behind)


def _resolve_day(low: str, base: date, tense: Tense) -> DateSpan | None:
    """'May 30', 'Tuesday, Nov. 17', '21 October', 'Jan. 20-23' without a year."""
    weekday, rest = _strip_weekday(low)
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.match(rest)
        if match and match["month"] in _MONTHS:
            month, day = _MONTHS[match["month"]], int(match["day"])
            if not 1 <= day <= 31 or (month == 2 and day == 29):
                return None
            span = _safe_day(base.year, month, day)
            return None if span is None else _place_year(span, base, tense, weekday)
    match = _DAY_PAIR.match(rest)
    if match:
        span = _day_pair(match, base.year)
        return None if span is None else _place_year(span, base, tense, weekday)
    return None


def _place_year(span: DateSpan, base: date, tense: Tense, weekday: int | None) -> DateSpan:
    if weekday is not None:  # the weekday written beside the date names its year
        for shift in (0, -1, 1):
            if _add_years(span.start, shift).weekday() == weekday:
                return _shifted(span, shift)
    return _shifted(span, _pick_year(span.start, span.end, base, tense, 14))


def _resolve_range(
    low: str, base: date | None, tense: Tense, anchor: date | None
) -> DateSpan | None:
    """Spans written as ranges: 'from May 30 to June 28', 'through August', ..."""
    match = _FOR_STARTING.match(low)
    if match:
        first = _resolve(match["rest"], base, tense, anchor)
        if first is None:
            return None
        last = _offset(first.start, match["unit"], _count(match["count"])).start
        if match["unit"] == "day":
            last -= timedelta(days=1)
        return DateSpan(first.start, max(first.start, last), first.precision)
    match = _SINCE.match(low)
    if match:
        first = _resolve(match["rest"], base, "past", anchor)
        if first is None or base is None:
            return first
        return DateSpan(first.start, max(first.end, base), first.precision)
    match = _OPEN_END.match(low)
    if match:  # "through August": from the publication day to the end of August
        until = _resolve(match["rest"], base, "future" if tense == "any" else tense, anchor)
        if until is None or base is None or base > until.end:
            return until
        return DateSpan(min(base, until.start), until.end, until.precision)
    match = _OPEN_START.match(low)
    if match:
        return _resolve(match["rest"], base, tense, anchor)
    return _between(re.sub(r"^(?:between|from|starting|beginning) ", "", low), base, tense, anchor)


def _between(low: str, base: date | None, tense: Tense, anchor: date | None) -> DateSpan | None:
    """'A to B': each side resolved, the year written on one side lent to the other."""
    for connector in re.finditer(rf"\s*(?:\b(?:{_RANGE_WORDS})\b|[-–—])\s*", low):
        left, right = low[: connector.start()].strip(), low[connector.end() :].strip()
        if not left or not right:
            continue
        year = _TRAILING_YEAR.search(right)
        lent = year is not None and not _TRAILING_YEAR.search(left)
        first = _resolve_one(f"{left} {year[1]}" if lent and year else left, base, tense, anchor)
        if first is None:
            continue
        second = _second_half(right, first, base, tense, anchor)
        if second is None:
            continue
        if first.start > second.end and lent:  # "Nov. 3 to Jan. 31, 2008" starts in 2007
            first = _shifted(first, -1)
        return DateSpan(first.start, max(first.end, second.end), _coarser(first, second))
    return None


_TRAILING_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)$")


def _coarser(first: DateSpan, second: DateSpan) -> Precision:
    if first.precision == second.precision:
        return first.precision
    return "month"


def _second_half(
    right: str, first: DateSpan, base: date | None, tense: Tense, anchor: date | None
) -> DateSpan | None:
    """The end of a range, read after its start: a bare day takes the start's month."""
    if right.isdigit() and len(right) <= 2 and first.precision == "day":
        return _safe_day(first.start.year, first.start.month, int(right))
    own = _with_own_year(right)
    if own is not None:
        return own
    # Resolve as if published on the start day, looking ahead from it.
    second = _resolve_one(right, first.start, "future", anchor)
    if second is None and base is not None:
        second = _resolve_one(right, base, tense, anchor)
    return second
