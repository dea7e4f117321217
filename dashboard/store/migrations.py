"""Schema versions: create a fresh store, or bring an older one up to date.

A fresh store is created from `schema` directly and stamped with the newest
version. An existing store runs, in order, each step newer than the version it
records in `schema_version`. When `schema.py` changes, append a step here that
makes the same change to existing stores and raise `SCHEMA_VERSION`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.store import schema
from dashboard.store.engine import write_transaction

# Any constant works: it only has to be the same for every Reelmap process.
_PG_MIGRATION_LOCK = 0x5EE1_3A9


class StoreError(RuntimeError):
    """The store cannot be used by this version of Reelmap."""


@dataclass(frozen=True)
class Migration:
    """One step from `version - 1` to `version`."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _map_indexes(conn: Connection) -> None:
    for index in schema.MAP_INDEXES:
        index.create(conn, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (  # steps after the version-1 baseline
    Migration(
        2,
        "production merges and renames",
        lambda conn: schema.production_names.create(conn, checkfirst=True),
    ),
    Migration(3, "indexes for the map's filters", _map_indexes),
)


def migrate(
    engine: Engine,
    migrations: Sequence[Migration] = MIGRATIONS,
    latest: int = schema.SCHEMA_VERSION,
) -> int:
    """Create or upgrade the schema in one transaction; return the version now in force.

    A store that is up to date is only read, so a read-only store opens too.
    Safe to call from several processes at once: SQLite serialises the write
    transactions, PostgreSQL takes an advisory lock first.
    """
    with engine.connect() as conn:
        current = _version(conn, latest)
    if current == latest:
        return current
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
        current = _version(conn, latest)  # again: another process may have migrated meanwhile
        if current is None:
            schema.metadata.create_all(conn)
            conn.execute(sa.insert(schema.store_state).values(id=1, revision=1))
            _stamp(conn, latest, "created")
            return latest
        for step in sorted(migrations, key=lambda m: m.version):
            if current < step.version <= latest:
                step.apply(conn)
                _stamp(conn, step.version, step.description)
                current = step.version
        return current


def require_current(engine: Engine, latest: int = schema.SCHEMA_VERSION) -> int:
    """For a read-only server: the store's version if it is up to date, else a
    StoreError saying what to run (nothing is created or migrated here)."""
    with engine.connect() as conn:
        current = _version(conn, latest)
    if current is None:
        raise StoreError(
            "the store is empty and this server is read-only: fill it first with "
            "`reelmap ingest --db URL ARTICLES`"
        )
    if current < latest:
        raise StoreError(
            f"the store has schema version {current}, older than this Reelmap ({latest}), and "
            "this server is read-only: upgrade it first by running any `reelmap` command "
            "that writes, e.g. `reelmap ingest --db URL ARTICLES`"
        )
    return current


def _version(conn: Connection, latest: int) -> int | None:
    """The store's schema version; None for an empty database."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return None
    found = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    current = int(found or 0)
    if current > latest:
        raise StoreError(
            f"the store has schema version {current}, newer than this Reelmap knows "
            f"({latest}): upgrade Reelmap"
        )
    return current


def _stamp(conn: Connection, version: int, description: str) -> None:
    conn.execute(
        sa.insert(schema.schema_version).values(
            version=version, description=description, applied_at=datetime.now(UTC)
        )
    )
