"""Reading stored articles back for review: the article list, and one article with its mentions.

Mentions come back as the model's `Toponym` (place, confidence, alternatives,
reason), so the review page can show a stored article exactly like a fresh parse.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.model import Toponym
from dashboard.store import schema
from dashboard.store.readers import ArticleMeta
from dashboard.store.records import candidates_from_json, place_from_row

ARTICLE_LIST_COLUMNS = (
    "article_id",
    "title",
    "outlet",
    "published",
    "status",
    "error",
    "source",
    "mentions",
)


@dataclass(frozen=True)
class StoredMention:
    """A mention as stored: the parser's reading (or the person's) and its review status."""

    id: int
    toponym: Toponym
    status: str  # auto, confirmed, corrected, rejected


@dataclass(frozen=True)
class StoredArticle:
    id: int
    meta: ArticleMeta
    status: str  # parsed or failed
    error: str | None
    mentions: tuple[StoredMention, ...]


def list_articles(engine: Engine) -> pd.DataFrame:
    """Every stored article, newest first, failures included, with its mention count."""
    a, m = schema.articles, schema.mentions
    mentions = (
        sa.select(sa.func.count())
        .where(m.c.article_id == a.c.id)
        .scalar_subquery()
        .label("mentions")
    )
    query = sa.select(
        a.c.id.label("article_id"),
        a.c.title,
        a.c.outlet,
        a.c.published,
        a.c.status,
        a.c.error,
        a.c.source,
        mentions,
    ).order_by(a.c.published.desc().nulls_last(), a.c.id.desc())
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(ARTICLE_LIST_COLUMNS), dtype=object)
    return frame.astype({"article_id": "int64", "mentions": "int64"})


def load_article(engine: Engine, article_id: int) -> StoredArticle | None:
    """One article with its mentions in text order; None if there is no such article."""
    a, m, p, pr = schema.articles, schema.mentions, schema.places, schema.productions
    with engine.connect() as conn:
        article = conn.execute(sa.select(a).where(a.c.id == article_id)).mappings().first()
        if article is None:
            return None
        rows = (
            conn.execute(
                sa.select(
                    m,
                    pr.c.title.label("production"),
                    p.c.geonameid,
                    p.c.name,
                    p.c.country,
                    p.c.lat,
                    p.c.lon,
                    p.c.kind,
                    p.c.population,
                    p.c.admin1,
                    p.c.admin2,
                )
                .select_from(
                    m.outerjoin(p, p.c.id == m.c.place_id).outerjoin(
                        pr, pr.c.id == m.c.production_id
                    )
                )
                .where(m.c.article_id == article_id)
                .order_by(m.c.span_start, m.c.id)
            )
            .mappings()
            .all()
        )
    meta = ArticleMeta(
        text=article["text"],
        title=article["title"],
        outlet=article["outlet"],
        url=article["url"],
        published=article["published"],
        source=article["source"],
        digest=article["content_hash"],
    )
    mentions = tuple(
        StoredMention(
            id=int(r["id"]),
            toponym=Toponym(
                start=r["span_start"],
                end=r["span_end"],
                surface=r["surface"],
                sentence=r["sentence"],
                place=place_from_row(r) if r["place_id"] is not None else None,
                confidence=float(r["confidence"]),
                reason=r["reason"],
                role=r["role"],
                approximate=bool(r["approximate"]),
                alternatives=candidates_from_json(r["alternatives"]),
                production=r["production"],
            ),
            status=r["status"],
        )
        for r in rows
    )
    return StoredArticle(int(article["id"]), meta, article["status"], article["error"], mentions)


def mention_ids(engine: Engine, article_id: int) -> dict[tuple[int, int], int]:
    """The stored mentions of one article by their character span (start, end)."""
    m = schema.mentions
    query = sa.select(m.c.id, m.c.span_start, m.c.span_end).where(m.c.article_id == article_id)
    with engine.connect() as conn:
        return {(row.span_start, row.span_end): int(row.id) for row in conn.execute(query)}
