"""A one-page Streamlit app for bench/dashboard.py: synthetic pins through st_folium.

Query parameters: ``n`` (number of locations) and ``variant``: ``ours`` (the
dashboard's map), ``plain`` (one folium.Marker per location) or ``data`` (only
build the data, to warm the cache). A radio button switches between all
productions and the first half, which is the filter change being timed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.app.map_assets import streamlit_static_url, use_local_assets
from dashboard.app.mapview import escape_for_popup, render_map

PRODUCTIONS = 40
OUTLETS = ("Variety", "Deadline", "The Hollywood Reporter", "NRK", "Screen Daily", "The Local")
WORDS = ("crew", "production", "filming", "scenes", "location", "council", "permit", "weeks",
         "village", "harbour", "bridge", "director", "actors", "shoot", "station", "road",
         "castle", "coast", "valley", "square", "market", "night")  # fmt: skip


@st.cache_data(show_spinner=False)
def synthetic_locations(n: int) -> pd.DataFrame:
    """``n`` mentions of 40 productions, each touring about n/120 places."""
    rng = random.Random(n)
    rows = []
    per_production = max(1, n // PRODUCTIONS)
    for index in range(n):
        p = min(index // per_production, PRODUCTIONS - 1)
        k = index - p * per_production
        place = k // 3
        rng_place = random.Random(p * 100_003 + place)
        lat, lon = rng_place.uniform(-45, 65), rng_place.uniform(-125, 145)
        start = date(2019, 1, 1) + timedelta(days=30 * p + 2 * place)
        sentence = " ".join(rng.choice(WORDS) for _ in range(22)).capitalize() + "."
        rows.append(
            {
                "mention_id": index + 1,
                "production": f"Production {p + 1:02d}",
                "place_id": p * 100_000 + place,
                "place": f"Place {place} of production {p + 1}",
                "country": "XX",
                "lat": lat,
                "lon": lon,
                "role": "filmed",
                "confidence": 0.5 + (index % 50) / 100,
                "status": "auto",
                "approximate": False,
                "start": start,
                "end": start + timedelta(days=5),
                "precision": "day",
                "sentence": sentence,
                "article_id": index // 4,
                "article_title": f"Crew of production {p + 1} arrives in place {place}",
                "outlet": OUTLETS[index % len(OUTLETS)],
                "published": start - timedelta(days=3),
                "url": f"https://news.example.org/{index // 4}",
                "order": place + 1,
            }
        )
    return pd.DataFrame(rows)


def plain_map(df: pd.DataFrame) -> folium.Map:
    """The straightforward way: one Folium marker with a popup per location."""
    m = folium.Map(location=[20, 10], zoom_start=2, tiles=None)
    use_local_assets(m, streamlit_static_url())
    for row in df.itertuples():
        folium.Marker(
            [row.lat, row.lon],
            popup=escape_for_popup(f"{row.production}: {row.place}"),
        ).add_to(m)
    return m


def main() -> None:
    n = int(st.query_params.get("n", "1000"))
    variant = st.query_params.get("variant", "ours")
    frame = synthetic_locations(n)
    scope = st.radio("Productions", ["All productions", "First half"], horizontal=True)
    if scope == "First half":
        frame = frame[frame["production"] <= f"Production {PRODUCTIONS // 2:02d}"]
    st.markdown(f"rows: {len(frame)}")
    if variant == "ours":
        render_map(frame, tiles=None, key="bench", height=600, track_view=False)
    elif variant == "plain":
        st_folium(plain_map(frame), height=600, use_container_width=True, returned_objects=[])


main()
