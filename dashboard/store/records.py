"""Conversions between model objects and rows, and the upserts every writer shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from dashboard.model import Candidate, Place, Production, title_key
from dashboard.store import schema


def place_key(place: Place) -> str:
    """Identity of a place in the store: its gazetteer id, or its own fields for a user place."""
    if place.geonameid:
        return place.geonameid
    return f"user:{place.name}|{place.country}|{place.lat:.6f}|{place.lon:.6f}"


def production_key(title: str) -> str:
    """Titles that differ in case, punctuation or numbering ("VII" / "7") are one production."""
    return title_key(title)


def place_to_dict(place: Place) -> dict[str, Any]:
    return {
        "geonameid": place.geonameid,
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "population": place.population,
        "admin1": place.admin1,
        "admin2": place.admin2,
    }


def place_from_row(row: Mapping[Any, Any]) -> Place:
    """A Place from a `places` row or from a stored alternative's dict."""
    return Place(
        geonameid=row["geonameid"],
        name=row["name"],
        country=row["country"],
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        kind=row["kind"],
        population=int(row["population"]),
        admin1=row["admin1"],
        admin2=row["admin2"],
    )


def candidates_to_json(candidates: tuple[Candidate, ...]) -> list[dict[str, Any]]:
    return [
        {"place": place_to_dict(c.place), "confidence": c.confidence, "reason": c.reason}
        for c in candidates
    ]


def candidates_from_json(items: list[dict[str, Any]]) -> tuple[Candidate, ...]:
    return tuple(
        Candidate(place_from_row(i["place"]), float(i["confidence"]), i["reason"]) for i in items
    )


def insert_or_skip(conn: Connection, table: sa.Table, key: str) -> sa.Insert:
    """An INSERT that does nothing when a row with the same unique `key` exists.

    ON CONFLICT DO NOTHING waits for a concurrent writer of the same key instead
    of failing, on both backends.
    """
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    return dialect_insert(table).on_conflict_do_nothing(index_elements=[key])


def upsert_place(conn: Connection, place: Place) -> int:
    """The id of `place` in the store, adding it the first time it is seen."""
    table = schema.places
    key = place_key(place)
    found = conn.execute(sa.select(table.c.id).where(table.c.key == key)).scalar()
    if found is not None:
        return int(found)
    conn.execute(insert_or_skip(conn, table, "key").values(key=key, **place_to_dict(place)))
    return int(conn.execute(sa.select(table.c.id).where(table.c.key == key)).scalar_one())


def _known_as(conn: Connection, production: Production) -> sa.RowMapping | None:
    """A stored production this one is known to be, by its title or one of its aliases.

    Articles join titles ("Dead Reckoning Part One, the seventh film in the
    series"), so a later article under either name lands on the same row.
    """
    table = schema.productions
    keys = {production_key(form) for form in (production.title, *production.aliases)} - {""}
    row = (
        conn.execute(sa.select(table).where(table.c.key.in_(sorted(keys))).order_by(table.c.id))
        .mappings()
        .first()
    )
    if row is not None:
        return row
    words = sorted(production_key(production.title).split(), key=lambda w: (-len(w), w))
    if not words or len(words[0]) < 4:
        return None
    rows = conn.execute(
        sa.select(table)
        .where(sa.cast(table.c.aliases, sa.Text).ilike(f"%{words[0]}%"))
        .order_by(table.c.id)
        .limit(50)
    ).mappings()
    return next((r for r in rows if keys & {production_key(a) for a in r["aliases"]}), None)


def upsert_production(conn: Connection, production: Production) -> int:
    """The id of `production`, merging aliases, year and kind into what is known."""
    table = schema.productions
    key = production_key(production.title)
    row = conn.execute(sa.select(table).where(table.c.key == key)).mappings().first()
    if row is None:
        row = _known_as(conn, production)
    if row is None:
        values = {
            "key": key,
            "title": production.title,
            "aliases": sorted(set(production.aliases)),
            "year": production.year,
            "kind": production.kind,
        }
        conn.execute(insert_or_skip(conn, table, "key").values(**values))
        row = conn.execute(sa.select(table).where(table.c.key == key)).mappings().one()
    names = set(production.aliases)
    if production_key(production.title) != row["key"]:
        names.add(production.title)  # joined under another title: keep this one as an alias
    merged = {
        "aliases": sorted(set(row["aliases"]) | names),
        "year": row["year"] if row["year"] is not None else production.year,
        "kind": row["kind"] if row["kind"] != "unknown" else production.kind,
    }
    if any(merged[name] != row[name] for name in merged):
        conn.execute(sa.update(table).where(table.c.id == row["id"]).values(**merged))
    return int(row["id"])


def bump_revision(conn: Connection) -> None:
    """Mark that the store changed, so cached dashboard queries are recomputed."""
    state = schema.store_state
    conn.execute(sa.update(state).where(state.c.id == 1).values(revision=state.c.revision + 1))
