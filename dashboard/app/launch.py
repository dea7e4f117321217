"""How to start the dashboard server, shared by `reelmap serve` and the browser tests.

The store URL and read-only flag travel in the environment (REELMAP_DB,
REELMAP_READ_ONLY; see `dashboard.app.resources.settings`), which only the
user's own processes can read. A URL without a password is also given as a
script argument after `--`, so `ps` says which store is served; a password
never appears on a command line.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

MAIN_SCRIPT = Path(__file__).with_name("main.py")
_TRUE = frozenset({"1", "true", "yes", "on"})  # as dashboard.app.resources reads it


def read_only_from_env(environ: Mapping[str, str]) -> bool:
    """Whether REELMAP_READ_ONLY asks for a read-only server."""
    return environ.get("REELMAP_READ_ONLY", "").strip().lower() in _TRUE


def streamlit_command(
    db_url: str, port: int, read_only: bool = False, address: str = "127.0.0.1"
) -> list[str]:
    """Argument list that runs the dashboard headless on `address:port` against `db_url`.

    Run it with `streamlit_env(db_url, read_only)` as its environment.
    """
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(MAIN_SCRIPT),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # An uncaught error shows a one-line notice, never a traceback with server
        # paths; the details still go to the server log.
        "--client.showErrorDetails",
        "none",
        "--",
    ]
    if not has_password(db_url):
        command += ["--db", db_url]
    if read_only:
        command.append("--read-only")
    return command


def streamlit_env(
    db_url: str, read_only: bool = False, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The server's environment: `base` (default: ours) plus the store URL and the flag."""
    env = dict(os.environ if base is None else base)
    env["REELMAP_DB"] = db_url
    if read_only:
        env["REELMAP_READ_ONLY"] = "1"
    return env


def has_password(db_url: str) -> bool:
    try:
        return make_url(db_url).password is not None
    except ArgumentError:  # not a URL SQLAlchemy can read: keep it off the command line too
        return True


class PortInUse(OSError):
    """The port to serve on is taken; the message names the option to change."""


def check_port(address: str, port: int) -> None:
    """Fail fast, in one line, when `address:port` cannot be bound (Streamlit would
    print a traceback-like error and exit)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError as exc:
            raise PortInUse(
                f"cannot serve on {address}:{port} ({exc.strerror or exc}): "
                "another server is using it; choose a free one with --port"
            ) from None


def run_server(command: list[str], env: Mapping[str, str]) -> int:
    """Run Streamlit until it exits; SIGTERM, SIGHUP or Ctrl-C here stop it too, so no
    orphan keeps the port. Returns its exit status (130 after Ctrl-C)."""
    process = subprocess.Popen(command, env=dict(env), preexec_fn=_die_with_parent)

    def stop(signum: int, _frame: object) -> None:
        raise _Stopped(128 + signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return process.wait()
    except KeyboardInterrupt:
        return 130
    except _Stopped as stopped:
        return stopped.status
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _stop(process)


class _Stopped(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM if `reelmap serve` is killed outright."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
