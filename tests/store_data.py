"""Hand-made geoparse results for the store tests: the store is tested on these, not the parser."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.model import (
    ArticleResult,
    Candidate,
    Event,
    Place,
    Production,
    Role,
    Toponym,
)
from dashboard.store.readers import ArticleMeta


def count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def place(
    name: str,
    country: str,
    lat: float,
    lon: float,
    *,
    gid: str | None = None,
    kind: str = "city",
    admin1: str = "",
) -> Place:
    return Place(gid, name, country, lat, lon, kind, 1000, admin1)  # type: ignore[arg-type]


OSLO = place("Oslo", "NO", 59.91, 10.75, gid="3143244", admin1="Oslo")
ROME = place("Rome", "IT", 41.89, 12.48, gid="3169070", admin1="Lazio")
VENICE = place("Venice", "IT", 45.44, 12.33, gid="3164603", admin1="Veneto")
TORONTO = place("Toronto", "CA", 43.70, -79.42, gid="6167865", admin1="Ontario")


def toponym(
    text: str,
    surface: str,
    where: Place | None,
    *,
    production: str | None = None,
    role: Role = "filmed",
    confidence: float = 0.9,
    alternatives: tuple[Candidate, ...] = (),
    nth: int = 0,
) -> Toponym:
    """A mention of the `nth` (0-based) occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Toponym(
        start=start,
        end=start + len(surface),
        surface=surface,
        sentence=text,
        place=where,
        confidence=confidence,
        reason="test data",
        role=role,
        alternatives=alternatives,
        production=production,
    )


def filming(start: date, end: date, *, production: str | None, toponym: int | None) -> Event:
    return Event("filming", start, end, "day", "test dates", "a sentence", production, toponym)


def article(
    text: str,
    toponyms: tuple[Toponym, ...] = (),
    *,
    productions: tuple[Production, ...] = (),
    events: tuple[Event, ...] = (),
    published: date | None = date(2021, 5, 1),
    title: str = "A report",
    source: str = "",
) -> tuple[ArticleMeta, ArticleResult]:
    """Metadata and a parse result for one made-up article."""
    meta = ArticleMeta(
        text=text,
        title=title,
        outlet="Test Times",
        url="https://example.org/a",
        published=published,
        source=source,
    )
    return meta, ArticleResult(text, published, toponyms, productions, events)
