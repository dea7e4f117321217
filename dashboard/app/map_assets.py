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

# Load order matters: Leaflet first. reelmap.js also names Leaflet's image folder.
LEAFLET_JS = ("leaflet/leaflet.js", "reelmap/reelmap.js")
LEAFLET_CSS = ("leaflet/leaflet.css", "reelmap/reelmap.css")
# Only for maps that use folium.Icon (Leaflet.awesome-markers).
ICON_JS = ("awesome-markers/leaflet.awesome-markers.min.js",)
ICON_CSS = ("awesome-markers/leaflet.awesome-markers.css",)


def streamlit_static_url() -> str:
    """Where the running Streamlit server serves static/, honouring server.baseUrlPath."""
    from streamlit import config

    prefix = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}{STREAMLIT_STATIC_URL}" if prefix else STREAMLIT_STATIC_URL


def use_local_assets(
    m: folium.Map, base_url: str = STREAMLIT_STATIC_URL, *, icons: bool = True
) -> folium.Map:
    """Point a map's script and style links at our local copies instead of CDNs.

    Works for any Folium map; ``icons`` adds what ``folium.Icon`` needs (our own
    map draws its pins itself and skips it: st_folium loads scripts one by one).
    st_folium reads the same lists when it loads the map into its frame.
    """
    base = base_url.rstrip("/")
    scripts = LEAFLET_JS[:1] + (ICON_JS if icons else ()) + LEAFLET_JS[1:]
    styles = LEAFLET_CSS + (ICON_CSS if icons else ())
    m.default_js = [(path, f"{base}/{path}") for path in scripts]
    m.default_css = [(path, f"{base}/{path}") for path in styles]
    return m
