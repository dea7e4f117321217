"""The browser side of our maps: local script copies and calls into reelmap.js.

Local copies of Leaflet and its helpers, so maps work with no internet.

Folium points at public CDNs by default; offline the page stays white and
st_folium's frame stays 0 px high. The files live in ``static/`` beside the
app's main script, which Streamlit serves at ``/app/static/`` when
``server.enableStaticServing`` is on (see static/README.md for their origin).
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path

import folium
from folium.template import Template

STATIC_DIR = Path(__file__).with_name("static")
STREAMLIT_STATIC_URL = "/app/static"

# Load order matters: Leaflet first. reelmap.js also names Leaflet's image folder.
LEAFLET_JS = ("leaflet/leaflet.js", "reelmap/reelmap.js")
LEAFLET_CSS = ("leaflet/leaflet.css", "reelmap/reelmap.css")
# Only for Folium's own pins: folium.Popup parses its HTML with jQuery and
# folium.Icon draws with Leaflet.awesome-markers.
FOLIUM_JS = ("jquery/jquery.min.js", "awesome-markers/leaflet.awesome-markers.min.js")
FOLIUM_CSS = ("awesome-markers/leaflet.awesome-markers.css",)


def streamlit_static_url() -> str:
    """Where the running Streamlit server serves static/, honouring server.baseUrlPath."""
    from streamlit import config

    prefix = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}{STREAMLIT_STATIC_URL}" if prefix else STREAMLIT_STATIC_URL


def use_local_assets(
    m: folium.Map, base_url: str = STREAMLIT_STATIC_URL, *, folium_pins: bool = True
) -> folium.Map:
    """Point a map's script and style links at our local copies instead of CDNs.

    Works for any Folium map. ``folium_pins`` adds what folium.Popup and
    folium.Icon need; our own map draws its pins itself and skips them
    (st_folium loads scripts one after another, so each one costs).
    st_folium reads the same lists when it loads the map into its frame.
    """
    base = base_url.rstrip("/")
    scripts = LEAFLET_JS[:1] + (FOLIUM_JS if folium_pins else ()) + LEAFLET_JS[1:]
    styles = LEAFLET_CSS + (FOLIUM_CSS if folium_pins else ())
    m.default_js = [(path, f"{base}/{path}") for path in scripts]
    m.default_css = [(path, f"{base}/{path}") for path in styles]
    return m


PACK_OVER = 32_000  # bytes of JSON past which a packable argument travels compressed
_TEMPLATE_TAG = re.compile(r"\{(?=[{%#])")
_JS_STRING_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def js_data(value: object, *, packable: bool = False) -> str:
    """A JavaScript expression for ``value``.

    Normally JSON.parse of a string literal: V8 parses a big JSON string several
    times faster than the same data written as a literal. Past PACK_OVER bytes
    a ``packable`` value travels deflated and base64-encoded instead (a promise
    of the value, see reelmap.js): a third of the bytes or less to push through
    st_folium, Streamlit and the browser. Either way the text is safe inside a
    <script> element and inert to Jinja: no "</script", "<!--", "{{", "{%", "{#".
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if packable and len(text) > PACK_OVER:
        packed = base64.b64encode(zlib.compress(text.encode(), 1)).decode("ascii")
        return f"L.Reelmap.unpack('{packed}')"
    text = text.replace("\\", "\\\\").replace("'", "\\'")
    for char, escape in _JS_STRING_ESCAPES:
        text = text.replace(char, escape)
    text = _TEMPLATE_TAG.sub(r"\\u007b", text)
    return f"JSON.parse('{text}')"


def js_later(expression: str) -> str:
    """A function returning ``expression``: the page evaluates it only when asked."""
    return f"function () {{ return {expression}; }}"


class _Text(folium.Element):
    """Ready-made script text for the page.

    Branca would compile a rendered script as a Jinja template, evaluating any
    ``{{ }}`` that came from the data; this element hands its text over as is.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


class ReelmapCall(folium.MacroElement):
    """One call into reelmap.js: ``L.Reelmap.<function>(<parent>, <arguments>...)``.

    The arguments are JavaScript text, normally from ``js_data``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Reelmap.{{ this.function }}({{ this._parent.get_name() }}, {{ this.arguments }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, *arguments: str) -> None:
        super().__init__()
        self._name = "ReelmapCall"
        self.function = function
        self.arguments = ", ".join(arguments)

    def render(self, **kwargs: object) -> str:
        figure = self.get_root()
        assert isinstance(figure, folium.Figure), "render a ReelmapCall inside a map"
        script = str(self._template.module.script(self, kwargs))
        figure.script.add_child(_Text(script), name=self.get_name())
        return script
