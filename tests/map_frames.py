"""Location rows as the map reads them from the store, for tests that need thousands."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd


def location_frame(
    n: int,
    *,
    productions: int = 12,
    seed: int = 11,
    lat: tuple[float, float] = (-40.0, 60.0),
    lon: tuple[float, float] = (-100.0, 100.0),
    mention_step: int = 3,
) -> pd.DataFrame:
    """``n`` filmed places spread at random over ``lat`` x ``lon``, one row each.

    Mention ids go in steps of ``mention_step``, so a test can ask for one that
    no row has.
    """
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "mention_id": np.arange(1, n + 1) * mention_step,
            "production": [f"Film {k % productions:02d}" for k in range(n)],
            "place_id": np.arange(n),
            "place": [f"Place {k}" for k in range(n)],
            "country": "NO",
            "kind": "city",
            "admin1": "",
            "lat": rng.uniform(*lat, n),
            "lon": rng.uniform(*lon, n),
            "role": "filmed",
            "confidence": 0.9,
            "status": "auto",
            "approximate": False,
            "start": [date(2020, 1, 1)] * n,
            "end": [date(2020, 1, 2)] * n,
            "precision": "day",
            "sentence": "Shot here.",
            "article_id": np.arange(n) // 4,
            "article_title": "News",
            "outlet": "Variety",
            "published": [date(2020, 2, 1)] * n,
            "url": "https://example.org/",
            "order": np.arange(n) + 1,
        }
    )
