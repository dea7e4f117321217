"""Read-only queries behind the dashboard: pins, schedule, filter choices.

All filtering happens in SQL with bound parameters (SQLAlchemy expressions),
so a filter value taken from a URL can never change the statement itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.model import ROLES, Place
from dashboard.store import schema
from dashboard.store.corrections import named_productions, shown_title

UNTITLED = "Untitled production"
_Query = TypeVar("_Query", bound="sa.Select[Any]")

# Column -> dtype. "object" columns hold Python dates or None (never NaN), so a
# missing date or precision reads as None whatever pandas' default string type is.
LOCATION_COLUMNS: dict[str, str] = {
    "mention_id": "int64",
    "production": "object",
    "place_id": "int64",
    "place": "object",
    "country": "object",
    "kind": "object",  # the place's granularity: continent, country, admin1, admin2, city, user
    "admin1": "object",
    "lat": "float64",
    "lon": "float64",
    "role": "object",
    "confidence": "float64",
    "status": "object",
    "approximate": "bool",
    "start": "object",
    "end": "object",
    "precision": "object",
    "sentence": "object",
    "article_id": "int64",
    "article_title": "object",
    "outlet": "object",
    "published": "object",
    "url": "object",
    "order": "int64",
}
SCHEDULE_COLUMNS: dict[str, str] = {
    "production": "object",
    "kind": "object",
    "start": "object",
    "end": "object",
    "precision": "object",
    "place": "object",
    "country": "object",
    "mention_id": "Int64",
    "article_id": "int64",
}
# Schedule events that say where and when a production shoots; they date its pins.
_DATING_KINDS = ("filming", "next_destination")


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows; the defaults show every filming location."""

    productions: tuple[str, ...] = ()  # production titles; empty = all
    countries: tuple[str, ...] = ()  # ISO2; empty = all
    roles: tuple[str, ...] = ("filmed",)  # empty = all roles
    date_from: date | None = None
    date_to: date | None = None
    min_confidence: float = 0.0


@dataclass(frozen=True)
class Facets:
    """The values the filters can take, for the sidebar's widgets."""

    productions: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    date_min: date | None = None
    date_max: date | None = None


def locations(engine: Engine, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per place mention that passes `filters`, numbered in shooting order.

    A pin is dated by the filming event linked to its mention; without one,
    `start`/`end` stay empty and the article's `published` date stands in for
    date filtering and ordering.
    """
    m, a, p, pr = schema.mentions, schema.articles, schema.places, schema.productions
    dating = _dating_events()
    named = named_productions()
    title = shown_title(pr, named)
    production = sa.func.coalesce(title, sa.literal(UNTITLED + " ") + sa.cast(a.c.id, sa.Text))
    day_from = sa.func.coalesce(dating.c.end_date, a.c.published)
    day_to = sa.func.coalesce(dating.c.start_date, a.c.published)
    order = (
        sa.func.row_number()
        .over(
            partition_by=production,
            order_by=(
                dating.c.start_date.asc().nulls_last(),
                a.c.published.asc().nulls_last(),
                m.c.id,
            ),
        )
        .label("order")
    )
    query = (
        sa.select(
            m.c.id.label("mention_id"),
            title.label("title"),
            p.c.id.label("place_id"),
            p.c.name,
            p.c.admin1,
            p.c.admin2,
            p.c.kind,
            p.c.country,
            p.c.lat,
            p.c.lon,
            m.c.role,
            m.c.confidence,
            m.c.status,
            m.c.approximate,
            dating.c.start_date.label("start"),
            dating.c.end_date.label("end"),
            dating.c.precision,
            m.c.sentence,
            a.c.id.label("article_id"),
            a.c.title.label("article_title"),
            a.c.outlet,
            a.c.published,
            a.c.url,
            order,
        )
        .select_from(
            m.join(a, a.c.id == m.c.article_id)
            .join(p, p.c.id == m.c.place_id)
            .outerjoin(pr, pr.c.id == m.c.production_id)
            .outerjoin(named, named.c.key == pr.c.key)
            .outerjoin(dating, sa.and_(dating.c.mention_id == m.c.id, dating.c.rank == 1))
        )
        .where(a.c.status == "parsed", m.c.status != "rejected")
    )
    query = _only_productions(query, title, filters.productions)
    if filters.countries:
        query = query.where(p.c.country.in_(filters.countries))
    if filters.roles:
        query = query.where(m.c.role.in_(filters.roles))
    if filters.min_confidence > 0:
        query = query.where(m.c.confidence >= filters.min_confidence)
    if filters.date_from is not None:
        query = query.where(day_from >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(day_to <= filters.date_to)
    query = query.order_by(production, order)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    records = [
        {
            "mention_id": int(r["mention_id"]),
            "production": r["title"] or untitled_label(r["outlet"], r["published"]),
            "place_id": int(r["place_id"]),
            "place": _label(r["name"], r["admin2"], r["admin1"], r["country"], r["kind"]),
            "country": r["country"],
            "kind": r["kind"],
            "admin1": r["admin1"] if r["kind"] != "admin1" else r["name"],
            "lat": float(r["lat"]),
            "lon": float(r["lon"]),
            "role": r["role"],
            "confidence": float(r["confidence"]),
            "status": r["status"],
            "approximate": bool(r["approximate"]),
            "start": r["start"],
            "end": r["end"],
            "precision": r["precision"],
            "sentence": r["sentence"],
            "article_id": int(r["article_id"]),
            "article_title": r["article_title"],
            "outlet": r["outlet"],
            "published": r["published"],
            "url": r["url"],
            "order": int(r["order"]),
        }
        for r in rows
    ]
    return _frame(_wanted(records, filters.productions), LOCATION_COLUMNS)


def schedule(engine: Engine, filters: Filters = Filters()) -> pd.DataFrame:
    """Dated events (filming stints, wraps, releases, ...) for the timeline.

    Events without a place or without a linked mention are kept whatever the
    country, role and confidence filters say: those filters are about places.
    """
    e, a, p, pr, m = (
        schema.schedule_events,
        schema.articles,
        schema.places,
        schema.productions,
        schema.mentions,
    )
    named = named_productions()
    title = shown_title(pr, named)
    query = (
        sa.select(
            title.label("title"),
            a.c.outlet,
            a.c.published,
            e.c.kind,
            e.c.start_date.label("start"),
            e.c.end_date.label("end"),
            e.c.precision,
            p.c.name,
            p.c.admin1,
            p.c.admin2,
            p.c.kind.label("place_kind"),
            p.c.country,
            p.c.lat,
            p.c.lon,
            e.c.mention_id,
            e.c.article_id,
        )
        .select_from(
            e.join(a, a.c.id == e.c.article_id)
            .outerjoin(pr, pr.c.id == e.c.production_id)
            .outerjoin(named, named.c.key == pr.c.key)
            .outerjoin(p, p.c.id == e.c.place_id)
            .outerjoin(m, m.c.id == e.c.mention_id)
        )
        .where(a.c.status == "parsed")
    )
    query = _only_productions(query, title, filters.productions)
    if filters.countries:
        query = query.where(sa.or_(e.c.place_id.is_(None), p.c.country.in_(filters.countries)))
    if filters.roles:
        query = query.where(sa.or_(e.c.mention_id.is_(None), m.c.role.in_(filters.roles)))
    if filters.min_confidence > 0:
        query = query.where(
            sa.or_(e.c.mention_id.is_(None), m.c.confidence >= filters.min_confidence)
        )
    if filters.date_from is not None:
        query = query.where(e.c.end_date >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(e.c.start_date <= filters.date_to)
    query = query.order_by(title, e.c.start_date, e.c.id)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    records = [
        {
            "production": r["title"] or untitled_label(r["outlet"], r["published"]),
            "kind": r["kind"],
            "start": r["start"],
            "end": r["end"],
            "precision": r["precision"],
            "place": (
                _label(r["name"], r["admin2"], r["admin1"], r["country"], r["place_kind"])
                if r["name"] is not None
                else ""
            ),
            "country": r["country"] or "",
            "mention_id": r["mention_id"],
            "article_id": int(r["article_id"]),
        }
        for r in rows
    ]
    return _frame(_wanted(records, filters.productions), SCHEDULE_COLUMNS)


def facets(engine: Engine) -> Facets:
    """Every production, country and role present, and the span of known dates."""
    a, m, p, pr, ap, e = (
        schema.articles,
        schema.mentions,
        schema.places,
        schema.productions,
        schema.article_productions,
        schema.schedule_events,
    )
    parsed = a.c.status == "parsed"
    live = sa.and_(parsed, m.c.status != "rejected")
    named = named_productions()
    with engine.connect() as conn:
        titles = (
            conn.execute(
                sa.select(shown_title(pr, named))
                .distinct()
                .select_from(
                    pr.join(ap, ap.c.production_id == pr.c.id)
                    .join(a, a.c.id == ap.c.article_id)
                    .outerjoin(named, named.c.key == pr.c.key)
                )
                .where(parsed)
            )
            .scalars()
            .all()
        )
        untitled = conn.execute(
            sa.select(a.c.outlet, a.c.published)
            .distinct()
            .select_from(
                m.join(a, a.c.id == m.c.article_id)
                .outerjoin(pr, pr.c.id == m.c.production_id)
                .outerjoin(named, named.c.key == pr.c.key)
            )
            .where(live, shown_title(pr, named).is_(None))
        ).all()
        countries = (
            conn.execute(
                sa.select(p.c.country)
                .distinct()
                .select_from(m.join(a, a.c.id == m.c.article_id).join(p, p.c.id == m.c.place_id))
                .where(live, p.c.country != "")
            )
            .scalars()
            .all()
        )
        roles = (
            conn.execute(
                sa.select(m.c.role)
                .distinct()
                .select_from(m.join(a, a.c.id == m.c.article_id))
                .where(live)
            )
            .scalars()
            .all()
        )
        published = conn.execute(
            sa.select(sa.func.min(a.c.published), sa.func.max(a.c.published)).where(parsed)
        ).one()
        scheduled = conn.execute(
            sa.select(sa.func.min(e.c.start_date), sa.func.max(e.c.end_date))
            .select_from(e.join(a, a.c.id == e.c.article_id))
            .where(parsed)
        ).one()
    lows = [d for d in (published[0], scheduled[0]) if d is not None]
    highs = [d for d in (published[1], scheduled[1]) if d is not None]
    shown = {t for t in titles if t} | {untitled_label(o, d) for o, d in untitled}
    return Facets(
        productions=sorted(shown, key=lambda t: (t.casefold(), t)),
        countries=sorted(countries),
        roles=[role for role in ROLES if role in set(roles)],
        date_min=min(lows, default=None),
        date_max=max(highs, default=None),
    )


def data_version(engine: Engine) -> str:
    """A token that changes whenever anything is written: the key for cached queries."""
    state = schema.store_state
    with engine.connect() as conn:
        revision = conn.execute(sa.select(state.c.revision).where(state.c.id == 1)).scalar_one()
    return f"r{revision}"


def _dating_events() -> sa.Subquery:
    """Per mention, its filming events ranked earliest first (rank 1 dates the pin)."""
    e = schema.schedule_events
    return (
        sa.select(
            e.c.mention_id,
            e.c.start_date,
            e.c.end_date,
            e.c.precision,
            sa.func.row_number()
            .over(partition_by=e.c.mention_id, order_by=(e.c.start_date, e.c.id))
            .label("rank"),
        )
        .where(e.c.mention_id.is_not(None), e.c.kind.in_(_DATING_KINDS))
        .subquery("dating")
    )


def untitled_label(outlet: str | None, published: date | None) -> str:
    """What an unnamed production (or a place named with none) is called: never blank."""
    when = f"{published.day} {published:%b %Y}" if published else ""
    detail = " ".join(part for part in ((outlet or "").strip(), when) if part)
    return f"{UNTITLED}, {detail}" if detail else UNTITLED


def _only_productions(query: _Query, title: Any, wanted: Sequence[str]) -> _Query:
    """Rows of the wanted productions; untitled ones are picked out by label afterwards."""
    if not wanted:
        return query
    named = [t for t in wanted if not t.startswith(UNTITLED)]
    if len(named) == len(wanted):
        return query.where(title.in_(named))
    return query.where(sa.or_(title.in_(named), title.is_(None)))


def _wanted(records: list[dict[str, Any]], wanted: Sequence[str]) -> list[dict[str, Any]]:
    """Only the records of the wanted productions (all of them when none is named)."""
    if not wanted:
        return records
    keep = set(wanted)
    return [r for r in records if r["production"] in keep]


@lru_cache(maxsize=65536)
def _label(name: str, admin2: str, admin1: str, country: str, kind: str) -> str:
    """Place.label for a row; cached because many pins share a few places."""
    return Place(None, name, country, 0.0, 0.0, kind, 0, admin1, admin2).label  # type: ignore[arg-type]


def _frame(records: Sequence[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: pd.Series([r[name] for r in records], dtype=dtype)
            for name, dtype in columns.items()
        }
    )
