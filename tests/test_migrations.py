"""Migration 3: a store made before the map's indexes gets them, keeps its rows, and reads the same.

A version-2 store is made as one was: today's schema without the indexes
migration 3 adds, stamped version 2 (the two versions differ in nothing else).
It is filled through the bulk loader, then opened as any command opens it.
"""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from bench.store_fill import fill
from dashboard.store import connect, schema
from dashboard.store.engine import create_engine
from dashboard.store.queries import Filters, locations, map_locations

pytest_plugins = ["store_fixtures"]

MAP_INDEXES = {index.name for index in schema.MAP_INDEXES}


def _indexes(engine: sa.Engine) -> set[str]:
    inspector = sa.inspect(engine)
    tables = {str(index.table.name) for index in schema.MAP_INDEXES}  # type: ignore[union-attr]
    return {str(i["name"]) for t in tables for i in inspector.get_indexes(t)}


def _version_2_store(url: str) -> None:
    """A store as Reelmap left it at schema version 2, with a few hundred locations."""
    engine = connect(url)
    fill(engine, 300, productions=3)
    with engine.begin() as conn:
        for index in schema.MAP_INDEXES:
            index.drop(conn)
        conn.execute(sa.delete(schema.schema_version))
        conn.execute(
            sa.insert(schema.schema_version).values(
                version=2, description="created", applied_at=sa.func.now()
            )
        )
    engine.dispose()


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(productions=("Production 002",)), Filters(countries=("NO", "IT"))],
)
def test_an_old_store_gets_the_map_indexes_and_keeps_its_locations(
    store_url: str, filters: Filters
) -> None:
    _version_2_store(store_url)
    old = create_engine(store_url)  # opened without migrating
    assert not (_indexes(old) & MAP_INDEXES)
    before = locations(old, filters)
    old.dispose()

    engine = connect(store_url)
    try:
        assert _indexes(engine) >= MAP_INDEXES
        with engine.connect() as conn:
            versions = conn.execute(
                sa.select(schema.schema_version.c.version).order_by(schema.schema_version.c.version)
            ).scalars()
            assert list(versions) == [2, 3]
        after = locations(engine, filters)
        assert len(after) == len(map_locations(engine, filters)) > 0
        pd.testing.assert_frame_equal(before, after)
    finally:
        engine.dispose()
