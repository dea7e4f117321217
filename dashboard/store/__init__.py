"""The Reelmap store: articles, places, mentions and schedules in SQLite or PostgreSQL.

`connect()` opens (and creates or upgrades) a store; ingest, corrections and
queries live in their own modules and take the engine it returns.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from dashboard.store.engine import create_engine, default_url, to_url
from dashboard.store.migrations import StoreError, migrate

__all__ = ["StoreError", "connect", "default_url"]


def connect(url: str | None = None) -> Engine:
    """Open the store at `url` (a SQLAlchemy URL or a file path), else $REELMAP_DB, else
    the file in the user's data directory; create or upgrade its schema first."""
    engine = create_engine(to_url(url) if url else default_url())
    migrate(engine)
    return engine
