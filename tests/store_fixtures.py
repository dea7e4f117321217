"""Fixtures for the store tests: a store per test on SQLite and on a real PostgreSQL.

Test modules load these with `pytest_plugins = ["store_fixtures"]` (and never
import this module themselves, so pytest can rewrite its asserts).

PostgreSQL comes from $REELMAP_TEST_PG_URL when set; otherwise one throwaway
server is started for the test session (initdb into a temporary folder, a free
loopback port, Unix socket in that folder) and stopped at the end. Each test
gets its own schema on that server, dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import Engine, make_url

from dashboard.store import connect
from dashboard.store.engine import to_url

PG_BIN = Path(os.environ.get("REELMAP_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_ENV_URL = "REELMAP_TEST_PG_URL"


@dataclass
class PostgresServer:
    """A PostgreSQL server started for the tests, owned by the `postgres` user when we are root."""

    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        _pg_tool("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def start_postgres(attempts: int = 3) -> PostgresServer:
    """initdb + pg_ctl start on a free loopback port; returns once it accepts connections."""
    # Not under pytest's tmp dir: that one is private to root, and the server runs as `postgres`.
    folder = Path(tempfile.mkdtemp(prefix="reelmap-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = str(folder / "data")
    try:
        _pg_tool("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        for _ in range(attempts):  # a free port can be taken before the server binds it
            port = _free_port()
            settings = (
                f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            # -w: pg_ctl polls the server until it accepts connections (at most -t seconds)
            if _pg_tool("pg_ctl", "-D", data, "-l", str(folder / "log"), "-o", settings,
                        "-w", "-t", "60", "start", check=False) == 0:  # fmt: skip
                break
        else:
            raise RuntimeError(f"PostgreSQL did not start: {(folder / 'log').read_text()[-500:]}")
        server = PostgresServer(folder, port)
        with psycopg.connect(_libpq(server.url)) as conn:
            conn.execute("SELECT 1")
        return server
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _pg_tool(name: str, *args: str, check: bool = True) -> int:
    """Run a PostgreSQL program; as root, as the `postgres` user (initdb refuses root)."""
    command = [str(PG_BIN / name), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=check, capture_output=True, cwd="/").returncode


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _libpq(url: str) -> str:
    """The URL in the form psycopg takes (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a PostgreSQL server for this test session."""
    configured = os.environ.get(PG_ENV_URL)
    if configured:
        yield to_url(configured)
        return
    if not (PG_BIN / "initdb").exists():
        reason = f"no PostgreSQL binaries in {PG_BIN} and {PG_ENV_URL} is not set"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI must test PostgreSQL, not skip it quietly
        pytest.skip(reason)
    server = start_postgres()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def pg_schema_url(pg_server_url: str) -> Iterator[str]:
    """A URL whose connections work in a fresh schema of their own, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(pg_server_url), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    url = make_url(pg_server_url).update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq(pg_server_url), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty store, on each backend in turn."""
    if request.param == "sqlite":
        return to_url(tmp_path / "store.sqlite")
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """A connected, migrated, empty store."""
    engine = connect(store_url)
    try:
        yield engine
    finally:
        engine.dispose()
