"""Read side of the gazetteer: ranked name lookups over the built SQLite file.

Only two small things live in memory: the countries and a sorted array of
64-bit hashes of every normalized name, which answers `has_name` without a
query. Everything else is read from SQLite on demand, through one read-only
connection per thread, so a Gazetteer can be shared by Streamlit's threads
and pickled into worker processes (it reopens the file there).
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import numpy as np
from rapidfuzz import fuzz, process

from dashboard.gazetteer.build import build, default_path, is_current, name_hash, prune_stale
from dashboard.gazetteer.normalize import normalize_name
from dashboard.model import Place, PlaceKind

_PLACE_COLUMNS = (
    "p.geonameid, p.name, p.country, p.lat, p.lon, p.kind, p.population, p.admin1, p.admin2"
)

# Parts of a country that news names as if they were countries.
_CONSTITUENT_COUNTRIES = {
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
}

_EARTH_RADIUS_KM = 6371.0088
# Below this many characters a typo-tolerant match finds too much to be useful.
_FUZZY_MIN_LENGTH = 4

_open_lock = threading.Lock()
_opened: dict[Path, Gazetteer] = {}


def _place(row: Sequence[Any]) -> Place:
    return Place(
        geonameid=row[0],
        name=row[1],
        country=row[2],
        lat=row[3],
        lon=row[4],
        kind=cast(PlaceKind, row[5]),
        population=row[6],
        admin1=row[7],
        admin2=row[8],
    )


class Gazetteer:
    """GeoNames places by name, id and country. Data: GeoNames (CC BY 4.0)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._pid = os.getpid()
        con = self._con()
        blob = con.execute("SELECT value FROM meta WHERE key = 'name_hashes'").fetchone()[0]
        self._hashes = np.frombuffer(blob, dtype=np.uint64)
        rows = con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.kind = 'country'"
        ).fetchall()
        self._countries = {row[2]: _place(row) for row in rows}
        self._country_names = dict(_CONSTITUENT_COUNTRIES)
        # Ascending priority, so primary names and larger countries win a shared name.
        for norm, code in con.execute(
            "SELECT n.norm, p.country FROM names n JOIN places p ON p.id = n.place "
            "WHERE p.kind = 'country' ORDER BY n.is_primary, p.population"
        ):
            self._country_names[norm] = code
        self._matches = lru_cache(maxsize=8192)(self._query_matches)
        self._grid: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._grid_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | None = None, progress: bool = True) -> Gazetteer:
        """The gazetteer at `path` (default: the cache), built first if missing or stale.

        Repeated calls in one process return the same object.
        """
        target = (path or default_path()).resolve()
        with _open_lock:
            if target in _opened:
                return _opened[target]
            if not is_current(target):
                build(target, progress=progress)
                if path is None:
                    prune_stale(target)
            gazetteer = _opened[target] = cls(target)
            return gazetteer

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def _con(self) -> sqlite3.Connection:
        if self._pid != os.getpid():
            # A forked worker must not share the parent's SQLite handles.
            self._local = threading.local()
            self._pid = os.getpid()
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            # immutable: the file is never written after its atomic rename.
            con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
            self._local.con = con
        return con

    # -- names -------------------------------------------------------------

    def has_name(self, name: str) -> bool:
        """Whether any place has this (normalized) name; cheap enough per n-gram."""
        norm = normalize_name(name)
        if not norm:
            return False
        key = np.uint64(name_hash(norm))
        i = int(np.searchsorted(self._hashes, key))
        return i < len(self._hashes) and bool(self._hashes[i] == key)

    def lookup(
        self, name: str, countries: Collection[str] | None = None, limit: int = 25
    ) -> list[Place]:
        """Places named `name` (primary or alternate name).

        Ranked: primary-name matches first, then by population.
        """
        return [place for place, _ in self.match_info(name, countries, limit)]

    def match_info(
        self, name: str, countries: Collection[str] | None = None, limit: int = 25
    ) -> list[tuple[Place, bool]]:
        """Like `lookup`, with whether each place matched on its primary name."""
        norm = normalize_name(name)
        if not norm:
            return []
        codes = tuple(sorted({c.upper() for c in countries})) if countries is not None else None
        return list(self._matches(norm, codes, limit))

    def _query_matches(
        self, norm: str, codes: tuple[str, ...] | None, limit: int
    ) -> tuple[tuple[Place, bool], ...]:
        sql = (
            f"SELECT {_PLACE_COLUMNS}, n.is_primary FROM names n JOIN places p ON p.id = n.place "
            "WHERE n.norm = ?"
        )
        params: list[Any] = [norm]
        if codes is not None:
            sql += f" AND p.country IN ({','.join('?' * len(codes))})"
            params += codes
        sql += " ORDER BY n.is_primary DESC, p.population DESC LIMIT ?"
        rows = self._con().execute(sql, [*params, limit]).fetchall()
        return tuple((_place(row), bool(row[9])) for row in rows)

    def suggest(self, query: str, limit: int = 10) -> list[Place]:
        """Places for a picker, most populous first within each group: exact name
        matches, then primary names starting with `query`, then alternate names,
        then (for longer queries) near-misses."""
        prefix = normalize_name(query)
        if not prefix:
            return []
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = (
            self._con()
            .execute(
                f"SELECT {_PLACE_COLUMNS} FROM places p JOIN ("
                "  SELECT place, max(norm = ?) AS exact, max(is_primary) AS prim FROM names"
                "  WHERE norm >= ? AND norm < ? GROUP BY place"
                ") m ON m.place = p.id"
                " ORDER BY m.exact DESC, m.exact OR m.prim DESC, p.population DESC LIMIT ?",
                (prefix, prefix, upper, limit),
            )
            .fetchall()
        )
        found = [_place(row) for row in rows]
        if len(found) < limit and len(prefix) >= _FUZZY_MIN_LENGTH:
            seen = {p.geonameid for p in found}
            found += [p for p in self._near_misses(prefix, limit) if p.geonameid not in seen]
        return found[:limit]

    def _near_misses(self, norm: str, limit: int) -> list[Place]:
        """Places whose name is a close misspelling of `norm` (same first two letters)."""
        head = norm[:2]
        upper = head[:-1] + chr(ord(head[-1]) + 1)
        con = self._con()
        names = con.execute(
            "SELECT norm, place, population FROM names WHERE norm >= ? AND norm < ?", (head, upper)
        ).fetchall()
        scored = process.extract(
            norm, [n[0] for n in names], scorer=fuzz.ratio, score_cutoff=80, limit=limit * 4
        )
        best: dict[int, tuple[float, int]] = {}
        for _, score, index in scored:
            _, place, population = names[index]
            best[place] = max(best.get(place, (0.0, 0)), (score, population))
        ranked = sorted(best, key=lambda place: best[place], reverse=True)[:limit]
        return [
            _place(
                con.execute(
                    f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id = ?", (i,)
                ).fetchone()
            )
            for i in ranked
        ]

    # -- ids and countries -------------------------------------------------

    def get(self, geonameid: str) -> Place | None:
        """The place with this id ("3169070", or "admin:NO.08.1539" for uncoded subdivisions)."""
        row = (
            self._con()
            .execute(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.geonameid = ?", (geonameid,))
            .fetchone()
        )
        return _place(row) if row else None

    def admin_codes(self, place: Place) -> tuple[str, str]:
        """GeoNames admin1 and admin2 codes ("NO.08", "NO.08.1539") of a gazetteer place."""
        row = (
            self._con()
            .execute(
                "SELECT admin1_code, admin2_code FROM places WHERE geonameid = ?",
                (place.geonameid,),
            )
            .fetchone()
        )
        return (row[0], row[1]) if row else ("", "")

    def country(self, code: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code, as a Place."""
        return self._countries.get(code.upper())

    def country_code(self, name: str) -> str | None:
        """ISO code of a country name in English or a local language ("Norge" -> "NO")."""
        return self._country_names.get(normalize_name(name))

    # -- coordinates -------------------------------------------------------

    def nearest(self, lat: float, lon: float, limit: int = 1) -> list[tuple[Place, float]]:
        """Closest populated places to a point, with their distance in km."""
        ids, lats, lons = self._city_grid()
        phi, lam = math.radians(lat), math.radians(lon)
        # Haversine over every town: ~235k points take a few milliseconds.
        a = (
            np.sin((lats - phi) / 2) ** 2
            + math.cos(phi) * np.cos(lats) * np.sin((lons - lam) / 2) ** 2
        )
        km = 2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        count = min(limit, len(km))
        best = np.argpartition(km, count - 1)[:count] if count else np.array([], dtype=int)
        best = best[np.argsort(km[best])]
        con = self._con()
        result = []
        for index in best:
            row = con.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id = ?", (int(ids[index]),)
            ).fetchone()
            result.append((_place(row), float(km[index])))
        return result

    def _city_grid(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        with self._grid_lock:
            if self._grid is None:
                rows = (
                    self._con()
                    .execute("SELECT id, lat, lon FROM places WHERE kind = 'city'")
                    .fetchall()
                )
                table = np.array(rows, dtype=np.float64).reshape(-1, 3)
                self._grid = (
                    table[:, 0].astype(np.int64),
                    np.radians(table[:, 1]),
                    np.radians(table[:, 2]),
                )
            return self._grid
