"""Loading a batch's partitions into the store: many articles per transaction.

`reelmap batch` writes each partition's findings as rows (see dashboard.batch.tables);
this module puts one partition into the store in one transaction, with
PostgreSQL's COPY for the large tables, and plain multi-row INSERTs on SQLite.
It keeps `reelmap ingest`'s rules: an article is identified by its content
hash; one already stored as parsed is left alone (with any corrections made on
it), one stored as failed is replaced; productions merge their aliases, year
and kind; places are shared by key. Loading the same partition twice, or two
loaders racing on the same texts, adds nothing twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.model import Production
from dashboard.store import schema
from dashboard.store.engine import write_transaction
from dashboard.store.records import (
    bump_revision,
    insert_or_skip,
    production_key,
    upsert_production,
)

Row = Mapping[str, Any]
_CHUNK = 500  # keys per IN (...) list
_ARTICLE_COLUMNS = (
    "content_hash", "title", "outlet", "url", "published", "text", "status", "error", "source",
    "ingested_at",
)  # fmt: skip


@dataclass(frozen=True)
class PartitionData:
    """One partition's rows, as `dashboard.batch.tables` lays them out."""

    articles: Sequence[Row]
    productions: Sequence[Row]
    places: Sequence[Row]
    mentions: Sequence[Row]
    events: Sequence[Row]


@dataclass(frozen=True)
class LoadResult:
    new: int
    unchanged: int
    place_ids: frozenset[int] = frozenset()


def load_partition(engine: Engine, data: PartitionData) -> LoadResult:
    """Store the partition's articles that are not stored yet, all in one transaction."""
    articles = _first_by(data.articles, ("content_hash",))
    if not articles:
        return LoadResult(0, 0)
    with write_transaction(engine) as conn:
        hashes = [str(a["content_hash"]) for a in articles]
        for chunk in _chunks(hashes):
            conn.execute(
                sa.delete(schema.articles).where(
                    schema.articles.c.content_hash.in_(chunk), schema.articles.c.status == "failed"
                )
            )
        now = datetime.now(UTC)
        article_ids = _insert_articles(
            conn,
            [
                {
                    **{k: a[k] for k in ("content_hash", "title", "outlet", "url", "published")},
                    "text": a["text"],
                    "status": "parsed",
                    "error": None,
                    "source": a["source"],
                    "ingested_at": now,
                }
                for a in articles
            ],
        )
        if not article_ids:
            return LoadResult(0, len(articles))
        mentions = [
            m for m in _first_by(data.mentions, ("content_hash", "mention"))
            if m["content_hash"] in article_ids
        ]  # fmt: skip
        place_ids = _place_ids(conn, data.places, {m["place_key"] for m in mentions})
        production_ids = _productions(conn, data.productions, article_ids)
        mention_ids = _write_mentions(conn, mentions, article_ids, place_ids, production_ids)
        _write_events(conn, data.events, article_ids, production_ids, mention_ids)
        bump_revision(conn)
    return LoadResult(
        len(article_ids), len(articles) - len(article_ids), frozenset(place_ids.values())
    )


def _first_by(rows: Iterable[Row], key: tuple[str, ...]) -> list[Row]:
    """Rows without repeats of `key` (the same text twice in one partition)."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for row in rows:
        value = tuple(row[k] for k in key)
        if value not in seen:
            seen.add(value)
            kept.append(row)
    return kept


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _insert_articles(conn: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert the articles not stored yet; returns content hash -> id of those inserted now."""
    table = schema.articles
    if conn.dialect.name == "postgresql":
        # COPY cannot skip conflicts: stage the rows, then one INSERT ... ON CONFLICT DO NOTHING
        columns = ", ".join(_ARTICLE_COLUMNS)
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE _bulk_articles ON COMMIT DROP AS "
            f"SELECT {columns} FROM articles WITH NO DATA"
        )
        _copy(conn, "_bulk_articles", list(_ARTICLE_COLUMNS), rows, json_columns=())
        inserted = conn.exec_driver_sql(
            f"INSERT INTO articles ({columns}) SELECT {columns} FROM _bulk_articles "
            "ON CONFLICT (content_hash) DO NOTHING RETURNING id, content_hash"
        )
        return {str(r.content_hash): int(r.id) for r in inserted}
    # SQLite: this transaction holds the write lock, so look-up-then-insert cannot race
    stored: set[str] = set()
    for chunk in _chunks([r["content_hash"] for r in rows]):
        query = sa.select(table.c.content_hash).where(table.c.content_hash.in_(chunk))
        stored.update(conn.execute(query).scalars())
    fresh = [r for r in rows if r["content_hash"] not in stored]
    if not fresh:
        return {}
    conn.execute(sa.insert(table), fresh)
    ids: dict[str, int] = {}
    for chunk in _chunks([r["content_hash"] for r in fresh]):
        query = sa.select(table.c.content_hash, table.c.id).where(table.c.content_hash.in_(chunk))
        ids.update({str(h): int(i) for h, i in conn.execute(query)})
    return ids


def _place_ids(conn: Connection, places: Iterable[Row], used: set[Any]) -> dict[str, int]:
    """Store id of every place key the new mentions use, adding the places not yet known."""
    table = schema.places
    rows = [dict(p) for p in _first_by(places, ("key",)) if p["key"] in used]
    if not rows:
        return {}
    conn.execute(insert_or_skip(conn, table, "key"), rows)
    ids: dict[str, int] = {}
    for chunk in _chunks([r["key"] for r in rows]):
        query = sa.select(table.c.key, table.c.id).where(table.c.key.in_(chunk))
        ids.update({str(k): int(i) for k, i in conn.execute(query)})
    return ids


def _productions(
    conn: Connection, rows: Iterable[Row], article_ids: Mapping[str, int]
) -> dict[tuple[str, str], int]:
    """(content hash, title) -> production id; links each new article to its productions.

    Rows of one production are merged first (aliases joined, the first year and
    the first known kind kept), which is what upserting them one by one gives.
    """
    rows = _first_by(rows, ("content_hash", "title"))
    rows = [r for r in rows if r["content_hash"] in article_ids]
    merged: dict[str, Production] = {}
    for row in rows:
        key = production_key(row["title"])
        found = merged.get(key)
        aliases = tuple(row["aliases"] or ())
        if found is None:
            merged[key] = Production(row["title"], aliases, row["year"], row["kind"])
        else:
            merged[key] = Production(
                found.title,
                tuple(sorted(set(found.aliases) | set(aliases))),
                found.year if found.year is not None else row["year"],
                found.kind if found.kind != "unknown" else row["kind"],
            )
    ids = {key: upsert_production(conn, production) for key, production in merged.items()}
    by_title = {
        (str(r["content_hash"]), str(r["title"])): ids[production_key(r["title"])] for r in rows
    }
    links = sorted({(article_ids[h], pid) for (h, _), pid in by_title.items()})
    _write(
        conn,
        schema.article_productions,
        [{"article_id": a, "production_id": p} for a, p in links],
    )
    return by_title


def _new_ids(conn: Connection, table: sa.Table, count: int) -> list[int]:
    """`count` fresh primary keys for `table`, so rows can be COPYed with their ids known."""
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        found = conn.execute(
            sa.text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table.name, "n": count},
        )
        return sorted(int(v) for v in found.scalars())
    # SQLite: the write lock is held, so max(id) cannot move under us
    top = conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()
    return list(range(int(top) + 1, int(top) + 1 + count))


def _write_mentions(
    conn: Connection,
    mentions: Sequence[Row],
    article_ids: Mapping[str, int],
    place_ids: Mapping[str, int],
    production_ids: Mapping[tuple[str, str], int],
) -> dict[tuple[str, int], tuple[int, int | None]]:
    """Insert the mentions; returns (content hash, index) -> (mention id, place id)."""
    ids = _new_ids(conn, schema.mentions, len(mentions))
    rows = []
    found: dict[tuple[str, int], tuple[int, int | None]] = {}
    for mention_id, m in zip(ids, mentions, strict=True):
        digest = str(m["content_hash"])
        place_id = place_ids.get(m["place_key"]) if m["place_key"] else None
        found[(digest, int(m["mention"]))] = (mention_id, place_id)
        rows.append(
            {
                "id": mention_id,
                "article_id": article_ids[digest],
                "span_start": m["span_start"],
                "span_end": m["span_end"],
                "surface": m["surface"],
                "sentence": m["sentence"],
                "place_id": place_id,
                "production_id": production_ids.get((digest, m["production"]))
                if m["production"]
                else None,
                "confidence": m["confidence"],
                "reason": m["reason"],
                "role": m["role"],
                "approximate": m["approximate"],
                "alternatives": json.loads(m["alternatives"]),
                "status": "auto",
            }
        )
    _write(conn, schema.mentions, rows)
    return found


def _write_events(
    conn: Connection,
    events: Iterable[Row],
    article_ids: Mapping[str, int],
    production_ids: Mapping[tuple[str, str], int],
    mentions: Mapping[tuple[str, int], tuple[int, int | None]],
) -> None:
    rows = []
    for e in _first_by(events, ("content_hash", "event")):
        digest = str(e["content_hash"])
        if digest not in article_ids:
            continue
        linked = mentions.get((digest, int(e["mention"]))) if e["mention"] is not None else None
        rows.append(
            {
                "article_id": article_ids[digest],
                "production_id": production_ids.get((digest, e["production"]))
                if e["production"]
                else None,
                "place_id": linked[1] if linked else None,
                "mention_id": linked[0] if linked else None,
                "kind": e["kind"],
                "start_date": e["start_date"],
                "end_date": e["end_date"],
                "precision": e["precision"],
                "expression": e["expression"],
                "sentence": e["sentence"],
            }
        )
    _write(conn, schema.schedule_events, rows)


def _write(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Many rows into `table`: COPY on PostgreSQL, one executemany INSERT elsewhere."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(sa.insert(table), rows)
        return
    json_columns = tuple(c.name for c in table.columns if isinstance(c.type, sa.JSON))
    _copy(conn, table.name, list(rows[0]), rows, json_columns=json_columns)


def _copy(
    conn: Connection,
    table: str,
    columns: list[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    json_columns: tuple[str, ...],
) -> None:
    quote = conn.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    raw = conn.connection.driver_connection  # psycopg's connection, inside this transaction
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in columns])
