"""Persistent answers of online geocoders, so no query is sent twice.

Answers are kept as JSON (address, point and the service's raw record), keyed
by a hash of service, endpoint, method, query and call options. Empty answers
are kept too: asking again would give the same nothing. Errors are not kept.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from geopy.location import Location

from dashboard.geocoders.base import GeocodeResult, location_from_json, location_to_json

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    method TEXT NOT NULL,
    query TEXT NOT NULL,
    answer TEXT NOT NULL,
    created REAL NOT NULL
)
"""


class GeocodeCache:
    """SQLite store of geocoder answers, shared by threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        with self._lock, self._con:
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute(_SCHEMA)

    @staticmethod
    def key(service: str, endpoint: str, method: str, query: Any, options: dict[str, Any]) -> str:
        """Stable key of one call; `options` must be JSON-able (others are stringified)."""
        material = json.dumps(
            [service, endpoint, method, query, options], sort_keys=True, default=str
        )
        return hashlib.sha256(material.encode()).hexdigest()

    def get(self, key: str) -> tuple[bool, GeocodeResult]:
        """(found, answer): `found` tells a cached empty answer from a miss."""
        with self._lock:
            row = self._con.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        if row is None:
            return False, None
        data = json.loads(row[0])
        if data is None:
            return True, None
        if isinstance(data, list):
            return True, [location_from_json(item) for item in data]
        return True, location_from_json(data)

    def put(self, key: str, service: str, method: str, query: Any, answer: GeocodeResult) -> None:
        """Remember an answer (None, one Location or a list of them)."""
        data: Any
        if answer is None:
            data = None
        elif isinstance(answer, Location):
            data = location_to_json(answer)
        else:
            data = [location_to_json(item) for item in answer]
        with self._lock, self._con:
            self._con.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    service,
                    method,
                    json.dumps(query, default=str),
                    json.dumps(data),
                    time.time(),
                ),
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._con.execute("SELECT count(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        """Close the connection (tests use temporary directories)."""
        with self._lock:
            self._con.close()
