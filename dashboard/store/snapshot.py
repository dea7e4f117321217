"""The store's map rows at one revision, held in memory and filtered there.

Reading a million map rows out of SQL takes seconds, and a dashboard asks
for a new filter combination on every click. A server reads every map row
once per store revision (all roles, no filter) into a `MapTable` and answers
each filter with boolean masks over its columns, which takes milliseconds.
`MapTable.select` gives exactly what `queries.map_locations` gives for the
same filters (a test holds the two together); the SQL path stays for the
command line, which asks once and goes.

A big store's table is also saved as a Parquet file (`save`, `load`), so a
restarted server shows it in a second while it reads the store again.
`save_elsewhere` reads and saves it in a child process
(``python -m dashboard.store.snapshot``): a server that reads a big store in
the background keeps the interpreter for the requests it answers meanwhile.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.engine import Engine

from dashboard.store import connect
from dashboard.store.engine import mask_password
from dashboard.store.queries import (
    MAP_COLUMNS,
    Facets,
    Filters,
    facets,
    ranked_map_rows,
    shooting_order,
)

_EVERYTHING = Filters(roles=())
_PART = "shooting_part"  # the column that holds `parts` in a saved table
_REVISION = b"reelmap.revision"  # the Parquet metadata key of the saved revision
_FACETS = b"reelmap.facets"  # ... and of the filters' choices, as JSON


@dataclass(frozen=True)
class MapTable:
    """Every map row of a store revision (``queries.MAP_COLUMNS``) in shooting order,
    with the shooting-order partition (a title, or an untitled article) of each row,
    and the filters' choices (``queries.facets``), read with them."""

    frame: pd.DataFrame
    parts: np.ndarray
    facets: Facets

    @classmethod
    def read(cls, engine: Engine) -> MapTable:
        """All map rows, read once: every role, every date, every confidence."""
        frame, parts = ranked_map_rows(engine, _EVERYTHING)
        return cls(frame, parts, facets(engine))

    def __len__(self) -> int:
        return len(self.frame)

    def save(self, path: Path, revision: str) -> None:
        """Write the table and the store revision it was read at; atomic (a reader
        sees the old file or the new one, never half of one)."""
        table = pa.Table.from_pandas(self.frame.assign(**{_PART: self.parts}), preserve_index=False)
        metadata = {
            **(table.schema.metadata or {}),
            _REVISION: revision.encode(),
            _FACETS: json.dumps(_facets_json(self.facets)).encode(),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        pq.write_table(table.replace_schema_metadata(metadata), partial)
        os.replace(partial, path)

    @classmethod
    def load(cls, path: Path) -> tuple[MapTable, str] | None:
        """A table ``save`` wrote, and its revision; None when there is none or it is
        not one this code wrote (another version's columns, a damaged file)."""
        try:
            table = pq.read_table(path)
            frame = table.to_pandas()
        except (OSError, ValueError):
            return None
        metadata = table.schema.metadata or {}
        revision, choices = metadata.get(_REVISION), metadata.get(_FACETS)
        expected = [*MAP_COLUMNS, _PART]
        if revision is None or choices is None or list(frame.columns) != expected:
            return None
        try:
            parts = frame.pop(_PART).to_numpy(dtype=np.int64)
            frame = frame.astype(MAP_COLUMNS)
            saved_facets = _facets_from_json(json.loads(choices))
        except (TypeError, ValueError, KeyError):
            return None
        return cls(frame, parts, saved_facets), revision.decode()

    def select(self, filters: Filters) -> pd.DataFrame:
        """The rows that pass ``filters``, numbered in shooting order among themselves,
        as ``queries.map_locations(engine, filters)`` returns them."""
        keep = self.mask(filters)
        frame = self.frame if keep is None else self.frame.loc[keep]
        parts = self.parts if keep is None else self.parts[keep]
        frame = frame.assign(order=shooting_order(parts)).reset_index(drop=True)
        return frame.assign(production=frame["production"].cat.remove_unused_categories())

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Which rows pass ``filters``; None when all do."""
        frame = self.frame
        keep: np.ndarray | None = None

        def narrow(passes: np.ndarray) -> None:
            nonlocal keep
            keep = passes if keep is None else keep & passes

        if filters.productions:
            narrow(frame["production"].isin(filters.productions).to_numpy())
        if filters.countries:
            narrow(frame["country"].isin(filters.countries).to_numpy())
        if filters.roles:
            narrow(frame["role"].isin(filters.roles).to_numpy())
        if filters.min_confidence > 0:
            narrow(frame["confidence"].to_numpy() >= filters.min_confidence)
        published = frame["published"].to_numpy()
        if filters.date_from is not None:
            # A pin is dated by its first filming event, else by its article's date;
            # an unknown date passes no date filter (as NULL fails a comparison in SQL).
            last = _or(frame["end"].to_numpy(), published)
            narrow(last >= np.datetime64(filters.date_from, "s"))
        if filters.date_to is not None:
            first = _or(frame["start"].to_numpy(), published)
            narrow(first <= np.datetime64(filters.date_to, "s"))
        return keep


def _facets_json(choices: Facets) -> dict[str, Any]:
    days = {"date_min": choices.date_min, "date_max": choices.date_max}
    return {
        "productions": choices.productions,
        "countries": choices.countries,
        "roles": choices.roles,
        **{name: None if day is None else day.isoformat() for name, day in days.items()},
    }


def _facets_from_json(data: dict[str, Any]) -> Facets:
    """``_facets_json`` read back; KeyError, TypeError or ValueError if it is not that."""

    def day(name: str) -> date | None:
        return None if data[name] is None else date.fromisoformat(data[name])

    def strings(name: str) -> list[str]:
        return [str(v) for v in data[name]]

    return Facets(
        productions=strings("productions"),
        countries=strings("countries"),
        roles=strings("roles"),
        date_min=day("date_min"),
        date_max=day("date_max"),
    )


def _or(days: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """``days`` with the missing ones taken from ``fallback`` (SQL's coalesce)."""
    return np.where(np.isnat(days), fallback, days)


def save_elsewhere(store_url: str, path: Path, revision: str) -> None:
    """Read the map table of the store at ``store_url`` in a child process and save it
    at ``path`` (as read at ``revision``). The URL goes through a pipe, never the
    command line, where anyone on the machine could read a password."""
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.store.snapshot", str(path), revision],
        input=store_url,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise OSError(f"reading the map table in a child process failed: {mask_password(last)}")


def main(argv: Sequence[str]) -> int:
    """``python -m dashboard.store.snapshot PATH REVISION`` with the store URL on stdin."""
    if len(argv) != 2:
        usage = "usage: python -m dashboard.store.snapshot PATH REVISION < STORE_URL"
        print(usage, file=sys.stderr)
        return 2
    engine = connect(sys.stdin.read().strip(), read_only=True)
    try:
        MapTable.read(engine).save(Path(argv[0]), argv[1])
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
