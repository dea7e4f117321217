"""One search box for productions and places.

A production result opens that production; a place result lists what was
filmed there and nearby, each opening that production with its pin there.
Matching ignores case and accents ("dubrovnik", "Åndalsnes" / "andalsnes")
and looks at word starts, so "mat" finds Matera but not Dumat.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.app import session, sidebar
from dashboard.app.state import ViewState
from dashboard.app.ui import escape_markdown, plural

NEARBY_KM = 50.0
MAX_PRODUCTIONS = 6
MAX_PLACES = 4
MAX_LISTED = 6  # productions listed per place
EARTH_KM = 6371.0
SEARCH_KEY = "search.text"


@dataclass(frozen=True)
class Hit:
    """One production at or near a place: what a result's button opens."""

    production: str
    pin: int  # mention id of its nearest pin
    km: float  # 0 at the place itself


@dataclass(frozen=True)
class PlaceResult:
    place: str
    here: tuple[Hit, ...]
    nearby: tuple[Hit, ...]


@dataclass(frozen=True)
class Results:
    productions: tuple[str, ...]
    places: tuple[PlaceResult, ...]


def fold(text: str) -> str:
    """Text compared without case or accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search(query: str, productions: Sequence[str], locations: pd.DataFrame) -> Results:
    """Productions whose title and places whose name have a word starting with `query`."""
    wanted = fold(" ".join(query.split()))
    if len(wanted) < 2:
        return Results((), ())
    pattern = re.compile(r"(?<!\w)" + re.escape(wanted))
    titles = tuple(t for t in productions if pattern.search(fold(t)))[:MAX_PRODUCTIONS]
    places: list[PlaceResult] = []
    if not locations.empty:
        named = locations.drop_duplicates("place_id")
        names = named["place"].astype(str)
        first = names.str.split(",").str[0]
        matches = named[[bool(pattern.search(fold(n))) for n in first]]
        for _, place in matches.head(MAX_PLACES).iterrows():
            places.append(_place_result(place, locations))
    return Results(titles, tuple(places))


def _place_result(place: pd.Series, locations: pd.DataFrame) -> PlaceResult:
    km = _distance_km(float(place["lat"]), float(place["lon"]), locations)
    rows = locations.assign(km=km).loc[km <= NEARBY_KM].sort_values(["km", "mention_id"])
    here: list[Hit] = []
    nearby: list[Hit] = []
    for title, group in rows.groupby("production", sort=False):
        best = group.iloc[0]
        at_place = bool((group["place_id"] == place["place_id"]).any())
        pin = group[group["place_id"] == place["place_id"]].iloc[0] if at_place else best
        hit = Hit(str(title), int(pin["mention_id"]), 0.0 if at_place else float(best["km"]))
        (here if at_place else nearby).append(hit)
    return PlaceResult(str(place["place"]), tuple(here[:MAX_LISTED]), tuple(nearby[:MAX_LISTED]))


def _distance_km(lat: float, lon: float, rows: pd.DataFrame) -> np.ndarray:
    """Great-circle distance from (lat, lon) to every row, in km."""
    lat1, lon1 = math.radians(lat), math.radians(lon)
    lat2 = np.radians(rows["lat"].to_numpy(dtype=float))
    lon2 = np.radians(rows["lon"].to_numpy(dtype=float))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


# ---- the box on the map page ------------------------------------------------------


def open_view(production: str, pin: int | None = None) -> None:
    """Show one production (and a pin of it) with every other filter at its default."""
    sidebar.reset_filters()
    session.set_view(ViewState(productions=(production,), selected=pin))
    sidebar.set_productions([production])
    if pin is not None:
        session.update(selected=pin)
    st.session_state[SEARCH_KEY] = ""


def draw(productions: Sequence[str], locations: pd.DataFrame) -> None:
    """The search box and, under it, what it found."""
    query = st.text_input(
        "Search productions and places",
        key=SEARCH_KEY,
        placeholder="A title or a place, e.g. Matera",
        icon=":material/search:",
        label_visibility="collapsed",
    )
    if not query.strip():
        return
    found = search(query, productions, locations)
    if not found.productions and not found.places:
        st.caption("Nothing found: try another spelling, or fewer letters.")
        return
    with st.container(border=True):
        for n, title in enumerate(found.productions):
            st.button(
                escape_markdown(title), key=f"search.p{n}", icon=":material/movie:",
                type="tertiary", on_click=open_view, args=(title,),
            )  # fmt: skip
        for n, place in enumerate(found.places):
            _draw_place(n, place)


def _draw_place(n: int, place: PlaceResult) -> None:
    st.markdown(f"**:material/location_on: {escape_markdown(place.place)}**")
    if place.here:
        st.caption(f"Filmed here: {plural(len(place.here), 'production')}")
    for k, hit in enumerate(place.here):
        st.button(
            escape_markdown(hit.production), key=f"search.h{n}.{k}", type="tertiary",
            on_click=open_view, args=(hit.production, hit.pin),
        )  # fmt: skip
    if place.nearby:
        st.caption(f"Nearby (within {NEARBY_KM:.0f} km)")
    for k, hit in enumerate(place.nearby):
        st.button(
            escape_markdown(f"{hit.production} · {hit.km:.0f} km"), key=f"search.n{n}.{k}",
            type="tertiary", on_click=open_view, args=(hit.production, hit.pin),
        )  # fmt: skip
