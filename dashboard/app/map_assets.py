"""Local copies of the map's JavaScript and CSS, so maps work with no internet.

Folium points at public CDNs by default; offline the page stays white and
st_folium's frame stays 0 px high. The files live in ``static/`` beside the
app's main script, which Streamlit serves at ``/app/static/`` when
``server.enableStaticServing`` is on (see static/README.md for their origin).
"""

from __future__ import annotations

from pathlib import Path

import folium

STATIC_DIR = Path(__file__).with_name("static")
STREAMLIT_STATIC_URL = "/app/static"

# Load order matters: Leaflet first, our own layers last.
JS_FILES = (
    "leaflet/leaflet.js",
    "markercluster/leaflet.markercluster.js",
    "awesome-markers/leaflet.awesome-markers.min.js",
    "topojson-client/topojson-client.min.js",
    "reelmap/reelmap.js",
)
CSS_FILES = (
    "leaflet/leaflet.css",
    "markercluster/MarkerCluster.css",
    "awesome-markers/leaflet.awesome-markers.css",
    "reelmap/reelmap.css",
)


def streamlit_static_url() -> str:
    """Where the running Streamlit server serves static/, honouring server.baseUrlPath."""
    from streamlit import config

    prefix = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}{STREAMLIT_STATIC_URL}" if prefix else STREAMLIT_STATIC_URL


def use_local_assets(m: folium.Map, base_url: str = STREAMLIT_STATIC_URL) -> folium.Map:
    """Point a map's script and style links at our local copies instead of CDNs.

    Works for any Folium map (pins with ``folium.Icon`` included); st_folium
    reads the same lists when it loads the map into its frame.
    """
    base = base_url.rstrip("/")
    m.default_js = [(path, f"{base}/{path}") for path in JS_FILES]
    m.default_css = [(path, f"{base}/{path}") for path in CSS_FILES]
    return m
