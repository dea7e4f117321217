"""A store of many synthetic locations, written fast through the store's own bulk loader.

Geoparsing a million mentions would take hours; the map only needs rows that
look like a batch's. ``fill`` lays them out as ``reelmap batch`` does (one
partition of articles, productions, places, mentions and events at a time)
and hands each partition to ``dashboard.store.bulk.load_partition``: one
transaction per partition, executemany INSERTs on SQLite and COPY on
PostgreSQL. Deterministic for a given size and seed.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from dashboard.store.bulk import PartitionData, load_partition

PER_ARTICLE = 10  # mentions per article
ARTICLES_PER_PARTITION = 2_000
COUNTRIES = ("NO", "IT", "US", "GB", "FR", "ES", "DE", "JP", "IN", "BR", "CA", "AU")
WORDS = ("crew", "production", "filming", "scenes", "location", "council", "permit", "weeks",
         "village", "harbour", "bridge", "director", "actors", "shoot", "road")  # fmt: skip


def title(p: int) -> str:
    return f"Production {p + 1:03d}"


def fill(engine: Engine, locations: int, *, productions: int = 40, seed: int = 1) -> int:
    """Add about ``locations`` filmed mentions of ``productions`` titles; returns articles added.

    Each production tours its own places (one place per three mentions,
    scattered over the inhabited latitudes); every other mention is dated by
    a filming event.
    """
    rng = random.Random(seed)
    articles = max(1, locations // PER_ARTICLE)
    places_per_production = max(1, locations // productions // 3)
    added = 0
    for first in range(0, articles, ARTICLES_PER_PARTITION):
        batch = range(first, min(first + ARTICLES_PER_PARTITION, articles))
        data = _partition(rng, batch, productions, places_per_production, seed)
        added += load_partition(engine, data).new
    return added


def _partition(
    rng: random.Random, batch: range, productions: int, places_per_production: int, seed: int
) -> PartitionData:
    articles: list[dict[str, Any]] = []
    prods: list[dict[str, Any]] = []
    places: dict[str, dict[str, Any]] = {}
    mentions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for a in batch:
        p = a % productions
        digest = hashlib.sha256(f"reelmap-bench-{seed}-{a}".encode()).hexdigest()
        published = date(2018, 1, 1) + timedelta(days=a % 2000)
        articles.append(
            {
                "content_hash": digest,
                "title": f"Crew of {title(p)} on the move ({a})",
                "outlet": ("Variety", "Deadline", "Screen Daily", "NRK")[a % 4],
                "url": f"https://news.example.org/{a}",
                "published": published,
                "text": "",
                "source": "bench",
            }
        )
        prods.append(
            {"content_hash": digest, "title": title(p), "aliases": [], "year": None,
             "kind": "film"}
        )  # fmt: skip
        for k in range(PER_ARTICLE):
            place = rng.randrange(places_per_production)
            key = f"bench:{p}:{place}"
            if key not in places:
                spot = random.Random(f"{seed}:{key}")
                places[key] = {
                    "key": key,
                    "geonameid": None,
                    "name": f"Place {place} of {title(p)}",
                    "country": COUNTRIES[(p + place) % len(COUNTRIES)],
                    "admin1": "",
                    "admin2": "",
                    "lat": round(spot.uniform(-45, 65), 5),
                    "lon": round(spot.uniform(-125, 145), 5),
                    "kind": "city",
                    "population": 1000,
                }
            sentence = " ".join(rng.choice(WORDS) for _ in range(16)).capitalize() + "."
            mentions.append(
                {
                    "content_hash": digest, "mention": k, "span_start": 0, "span_end": 5,
                    "surface": places[key]["name"], "sentence": sentence, "place_key": key,
                    "production": title(p), "confidence": 0.5 + (a + k) % 50 / 100,
                    "reason": "synthetic", "role": "filmed", "approximate": False,
                    "alternatives": "[]",
                }
            )  # fmt: skip
            if k % 2 == 0:
                start = published - timedelta(days=30 - k)
                events.append(
                    {
                        "content_hash": digest, "event": k, "mention": k, "production": title(p),
                        "kind": "filming", "start_date": start,
                        "end_date": start + timedelta(days=3), "precision": "day",
                        "expression": "synthetic", "sentence": sentence,
                    }
                )  # fmt: skip
    return PartitionData(articles, prods, list(places.values()), mentions, events)
