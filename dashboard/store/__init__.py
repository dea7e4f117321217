"""The Reelmap store: articles, places, mentions and schedules in SQLite or PostgreSQL.

`connect()` opens (and creates or upgrades) a store; ingest, corrections and
queries live in their own modules and take the engine it returns.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from dashboard.store.engine import ReadOnlyStoreError, create_engine, default_url, to_url
from dashboard.store.migrations import StoreError, migrate, require_current

__all__ = ["StoreError", "connect", "default_url"]


def connect(url: str | None = None, *, read_only: bool = False) -> Engine:
    """Open the store at `url` (a SQLAlchemy URL or a file path), else $REELMAP_DB, else
    the file in the user's data directory; create or upgrade its schema first.

    Read-only opens only an existing, up-to-date store and never writes to it.
    """
    target = to_url(url) if url else default_url()
    if not read_only:
        engine = create_engine(target)
        migrate(engine)
        return engine
    try:
        engine = create_engine(target, read_only=True)
    except ReadOnlyStoreError as exc:
        raise StoreError(str(exc)) from None
    try:
        require_current(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine
