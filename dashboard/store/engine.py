"""Opening a store: where it lives, and how SQLite is tuned for several writers.

SQLite is the default (one file, WAL so the dashboard can read while an
ingest writes); PostgreSQL is used when a `postgresql://` URL is given. The
rest of the store code does not know which one it talks to.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from platformdirs import user_data_dir
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

ENV_VAR = "REELMAP_DB"
BUSY_TIMEOUT_S = 60.0
_WRITE_OPTION = "reelmap_write"


def default_url() -> str:
    """The store URL to use when none is given: $REELMAP_DB, else a file in the user data dir."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return to_url(configured)
    return to_url(Path(user_data_dir("reelmap")) / "reelmap.sqlite")


def to_url(target: str | Path) -> str:
    """Accept a SQLAlchemy URL or a plain file path (which means SQLite)."""
    text = str(target)
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        return URL.create("sqlite", database=str(path)).render_as_string()
    url = make_url(text)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver installed
    return url.render_as_string(hide_password=False)


_PASSWORD_IN_URL = re.compile(r"(?P<head>[a-z][\w+.-]*://[^\s:/@]*):(?P<password>[^\s@/]*)@", re.I)


def mask_password(text: str) -> str:
    """`text` with the password of every URL in it replaced by ***, for logs and messages."""
    return _PASSWORD_IN_URL.sub(r"\g<head>:***@", text)


def create_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for `url`, with SQLite's file locking made to wait instead of fail.

    A read-only engine creates nothing (no file, no folder) and its
    connections refuse to write, so a public server cannot change the store.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = sa.create_engine(parsed, pool_pre_ping=True)
        if read_only:
            sa.event.listen(engine, "connect", _postgres_read_only)
        return engine
    kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}}
    if parsed.database in (None, "", ":memory:"):
        # one shared connection, or every checkout would see a different empty database
        kwargs = {"connect_args": {"check_same_thread": False}, "poolclass": StaticPool}
    elif read_only:
        if not Path(parsed.database).is_file():
            raise ReadOnlyStoreError(
                f"no store at {parsed.database}: a read-only server creates nothing; "
                "fill it first with `reelmap ingest --db PATH ARTICLES`"
            )
    else:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, **kwargs)
    sa.event.listen(engine, "connect", _sqlite_read_only if read_only else _sqlite_on_connect)
    sa.event.listen(engine, "begin", _sqlite_on_begin)
    return engine


class ReadOnlyStoreError(RuntimeError):
    """A read-only server found no usable store; the message says what to run."""


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take BEGIN away from the sqlite3 module so SQLAlchemy's transactions are real ones.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")  # durable across process kills in WAL mode
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_read_only(dbapi_connection: Any, _record: Any) -> None:
    # No journal-mode switch (it rewrites the file header); every write is refused.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def _postgres_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


def _sqlite_on_begin(conn: Connection) -> None:
    # A writer takes the write lock up front: a deferred transaction that reads
    # first and writes later fails at once with "database is locked" when
    # another process wrote in between, whatever the busy timeout.
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that will write: all of it commits, or none of it."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE_OPTION: True})
        with conn.begin():
            yield conn
