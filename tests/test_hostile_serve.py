"""`reelmap serve` as a local attacker and an operator see it: no password in `ps`,
read-only means no writes, SIGTERM leaves no orphan, a busy port is one line."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from browser_support import free_port, wait_until_ready
from streamlit.testing.v1 import AppTest

from dashboard.app.launch import MAIN_SCRIPT
from dashboard.store import StoreError, connect, schema
from dashboard.store.engine import to_url
from dashboard.store.ingest import ingest_paths

pytest_plugins = ["store_fixtures"]

SECRET = "s3cret-Pa55"
START_TIMEOUT_S = 120


def _serve(env_extra: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    inherited = {
        k: v for k, v in os.environ.items() if k not in ("REELMAP_DB", "REELMAP_READ_ONLY")
    }
    env = {**inherited, **env_extra}
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "serve", "--no-demo", "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_until_ready(f"http://127.0.0.1:{port}", process, START_TIMEOUT_S)
    return process, port


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def stopped() -> Iterator[list[subprocess.Popen[str]]]:
    """Servers started by a test, killed at the end if the test did not stop them."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_no_password_in_ps_and_a_stop_signal_stops_streamlit(
    stop: signal.Signals, stopped: list[subprocess.Popen[str]]
) -> None:
    # Streamlit's health endpoint answers before any page opens the store, so no
    # server has to exist at this URL for the command lines to be checked.
    url = f"postgresql://reelmap:{SECRET}@127.0.0.1:9/reelmap"
    process, port = _serve({"REELMAP_DB": url, "REELMAP_READ_ONLY": "1"})
    stopped.append(process)
    children = _children(process.pid)
    assert children, "reelmap serve should run Streamlit as its child"
    for pid in [process.pid, *children]:
        assert SECRET not in _cmdline(pid)
    assert "streamlit" in _cmdline(children[0])

    process.send_signal(stop)  # to reelmap serve alone, as a supervisor or `kill` would
    process.wait(timeout=30)
    _, err = process.communicate()
    assert SECRET not in err and "reelmap:***@" in err and "(read-only)" in err
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)  # poll interval while the child shuts down
    assert not any(_alive(pid) for pid in children), "Streamlit outlived reelmap serve"
    with socket.socket() as probe:
        # As a restarted server would: the polls' closed connections may still be in
        # TIME_WAIT, but nothing may be listening on the port any more.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))


def test_a_busy_port_is_one_line_naming_the_option() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "dashboard.cli", "serve", "--no-demo", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert f"127.0.0.1:{port}" in line and "--port" in line


def test_read_only_by_environment_does_not_create_or_fill_a_store(
    tmp_path: Path, stopped: list[subprocess.Popen[str]]
) -> None:
    store = tmp_path / "nothing-here.sqlite"
    process, _ = _serve({"REELMAP_READ_ONLY": "1"}, "--db", str(store))
    stopped.append(process)
    process.terminate()
    process.wait(timeout=30)
    assert not store.exists() and not list(tmp_path.iterdir())


def test_read_only_connect_refuses_empty_stores_and_creates_nothing(store_url: str) -> None:
    with pytest.raises(StoreError, match="reelmap ingest"):
        connect(store_url, read_only=True)
    engine = sa.create_engine(store_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == []
    finally:
        engine.dispose()


def test_read_only_connect_refuses_writes(tmp_path: Path) -> None:
    url = to_url(tmp_path / "store.sqlite")
    connect(url).dispose()
    engine = connect(url, read_only=True)
    try:
        with pytest.raises(sa.exc.OperationalError), engine.begin() as conn:
            conn.execute(sa.delete(schema.articles))
    finally:
        engine.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_browsing_read_only_leaves_the_store_bytes_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text('The crew of "Night Harbour" filmed in Bergen, Norway.')
    store = tmp_path / "store.sqlite"
    engine = connect(str(store))
    ingest_paths(engine, [folder], progress=False)
    engine.dispose()
    before = _digest(store)
    monkeypatch.setenv("REELMAP_DB", to_url(store))
    monkeypatch.setenv("REELMAP_READ_ONLY", "1")
    app = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=60)
    app.run()
    for page in ("timeline", "data", "map"):
        app.switch_page(f"views/{page}.py").run()
        assert not app.exception, [e.value for e in app.exception]
    assert _digest(store) == before


def test_a_second_gazetteer_build_waits_and_reuses_the_first(tmp_path: Path) -> None:
    from dashboard.gazetteer import Gazetteer, default_path
    from dashboard.gazetteer.build import _build_lock

    built = Gazetteer.open(progress=False).path
    target = tmp_path / default_path().name
    waiter = [
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; from dashboard.gazetteer.build import build; "
        "print(build(Path(sys.argv[1]), progress=True))",
        str(target),
    ]
    with _build_lock(target, progress=False):
        second = subprocess.Popen(waiter, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert second.stderr is not None
        said = second.stderr.readline()  # written when it finds the lock taken
        assert "waiting for another process to build the gazetteer" in said
        assert second.poll() is None, "the second build must wait for the lock"
        shutil.copy(built, target)  # what the first build would have written
    out, err = second.communicate(timeout=60)
    assert float(out) == 0.0, err  # it reused the file instead of building again
