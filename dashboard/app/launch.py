"""How to start the dashboard server, shared by `reelmap serve` and the browser tests.

The database URL and read-only flag travel as script arguments after `--`
(see `dashboard.app.resources.settings`), so the command alone says which
store is served; the environment variables REELMAP_DB and REELMAP_READ_ONLY
still work when the arguments are absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

MAIN_SCRIPT = Path(__file__).with_name("main.py")


def streamlit_command(
    db_url: str, port: int, read_only: bool = False, address: str = "127.0.0.1"
) -> list[str]:
    """Argument list that runs the dashboard headless on `address:port` against `db_url`."""
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
        "--",
        "--db",
        db_url,
    ]
    if read_only:
        command.append("--read-only")
    return command
