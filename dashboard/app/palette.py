"""A look per production on screen: a colour, and past the palette a marker shape too.

Colours are dealt to what is shown, not to every production in the store, so
the productions on one screen never share a look while the palette and the
shapes last. Pure Python (no Streamlit, no Folium): exports use it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Okabe & Ito's colour-blind-safe palette, ordered so the first few differ most.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#E69F00",
    "#CC79A7",
    "#56B4E9",
    "#000000",
    "#F0E442",
)
# Drawn by reelmap.js on the map and by CSS in legends; "circle" first.
SHAPES = ("circle", "square", "diamond", "triangle")
FALLBACK_COLOR = "#777777"


@dataclass(frozen=True)
class Look:
    """How one production's pins, legend entry and timeline bars look."""

    color: str
    shape: str = "circle"


def production_looks(shown: Mapping[str, int] | Iterable[str]) -> dict[str, Look]:
    """A look per production on screen, the biggest first, the same whatever their order.

    ``shown`` maps titles to how many pins each has (or is just the titles):
    the productions with most pins get the first colours, all circles; past
    the palette the colours come round again with the next shape.
    """
    weights = dict(shown) if isinstance(shown, Mapping) else dict.fromkeys(shown, 0)
    ranked = sorted(weights, key=lambda t: (-weights[t], t.casefold(), t))
    return {
        title: Look(
            PALETTE[i % len(PALETTE)],
            SHAPES[(i // len(PALETTE)) % len(SHAPES)],
        )
        for i, title in enumerate(ranked)
    }


def kml_color(hex_color: str, alpha: int = 255) -> str:
    """'#RRGGBB' as KML's aabbggrr."""
    red, green, blue = hex_color[1:3], hex_color[3:5], hex_color[5:7]
    return f"{alpha:02x}{blue}{green}{red}".lower()
