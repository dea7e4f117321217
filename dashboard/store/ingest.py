"""Ingest: read articles, geoparse them, store each one in its own transaction.

Every article commits on its own, keyed by its content hash, so a run that is
killed can simply be started again: what was committed is found unchanged,
what was not is parsed again. Geoparsing runs in worker processes under a
per-article time budget (see `dashboard.budget`), so no one file can hang or
end the batch; only this process writes, which keeps SQLite's single-writer
rule easy to honour.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.budget import ParseJob, ParsePool
from dashboard.geocoders.landmarks import LandmarkPlacer
from dashboard.model import ArticleResult, Event, Override, Production
from dashboard.progress import Progress
from dashboard.store import schema
from dashboard.store.corrections import overrides
from dashboard.store.engine import write_transaction
from dashboard.store.readers import (
    ArticleMeta,
    SourceArticle,
    discover,
    read_safely,
)
from dashboard.store.records import (
    bump_revision,
    candidates_to_json,
    insert_or_skip,
    upsert_place,
    upsert_production,
)

Outcome = Literal["new", "unchanged", "failed"]


@dataclass(frozen=True)
class Failure:
    """An article that could not be ingested, and why."""

    source: str
    error: str

    def __str__(self) -> str:
        # file names and parser messages may carry terminal control characters
        return "".join(ch if ch.isprintable() else "?" for ch in f"{self.source}: {self.error}")


@dataclass
class IngestSummary:
    """What one ingest run did; `str()` gives the one-line report."""

    new: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    place_ids: set[int] = field(default_factory=set)
    production_titles: set[str] = field(default_factory=set)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def places(self) -> int:
        """Distinct places named by the articles stored in this run."""
        return len(self.place_ids)

    @property
    def productions(self) -> int:
        """Distinct productions found in the articles stored in this run."""
        return len(self.production_titles)

    def __str__(self) -> str:
        return (
            f"{self.new} new, {self.unchanged} unchanged, {self.failed} failed articles; "
            f"{self.places} places, {self.productions} productions in {self.seconds:.1f} s"
        )


def ingest_paths(
    engine: Engine,
    paths: Sequence[Path],
    *,
    workers: int = 1,
    progress: bool = True,
    budget_s: float | None = None,
    landmarks: LandmarkPlacer | None = None,
) -> IngestSummary:
    """Ingest article files and folders; idempotent, resumable, one transaction per article.

    With `budget_s`, each article is parsed in a worker process and stored as
    failed when it takes longer; without it (and one worker) parsing runs in
    this process, unbounded, which is only for trusted input such as tests.
    With `landmarks`, landmarks the gazetteer lacks are looked up online here,
    in this one process, so the service's rate limit holds across workers.
    """
    started = time.perf_counter()
    files = discover(Path(p) for p in paths)
    summary = IngestSummary()
    rules = overrides(engine)
    with Progress("ingest", "article", len(files), enabled=progress) as bar:
        pending = _to_parse(engine, files, summary, bar)
        for source, result, error in _parsed(pending, rules, workers, budget_s, progress):
            if result is not None and landmarks is not None:
                result = landmarks.place(result)
            _record(engine, source.meta, result, error, summary)
            bar.update(1, new=summary.new, failed=summary.failed)
    summary.seconds = time.perf_counter() - started
    return summary


def _parsed(
    sources: Iterator[SourceArticle],
    rules: list[Override],
    workers: int,
    budget_s: float | None,
    progress: bool,
) -> Iterator[tuple[SourceArticle, ArticleResult | None, str | None]]:
    """Parse results in input order; read failures pass straight through."""
    if budget_s is None and workers <= 1:
        for source in sources:
            yield (source, *_parse_source(source, rules))
        return
    from dashboard.gazetteer import Gazetteer

    # Build the gazetteer once here, with one progress bar, before every
    # worker would find it missing and wait for it.
    Gazetteer.open(progress=progress)
    jobs = ((s, _job(s)) for s in sources)
    with ParsePool(workers, budget_s, rules) as pool:
        for source, (result, error) in pool.run(jobs):
            yield source, result, error


def _job(source: SourceArticle) -> ParseJob | str:
    if source.error is not None:
        return source.error
    meta = source.meta
    return ParseJob(meta.text, meta.published, meta.title)


def _to_parse(
    engine: Engine, files: list[Path], summary: IngestSummary, bar: Progress
) -> Iterator[SourceArticle]:
    """Articles that still need work; the ones already stored are counted as unchanged here."""
    seen: set[str] = set()
    for path in files:
        sources = read_safely(path)
        bar.add_total(len(sources) - 1)
        for source in sources:
            digest = source.meta.content_hash
            if digest in seen or _stored_status(engine, digest) == "parsed":
                summary.unchanged += 1
                bar.update(1)
                continue
            seen.add(digest)
            yield source


def _stored_status(engine: Engine, digest: str) -> str | None:
    articles = schema.articles
    with engine.connect() as conn:
        query = sa.select(articles.c.status).where(articles.c.content_hash == digest)
        return conn.execute(query).scalar()


def _record(
    engine: Engine,
    meta: ArticleMeta,
    result: ArticleResult | None,
    error: str | None,
    summary: IngestSummary,
) -> None:
    with write_transaction(engine) as conn:
        saved = _save(conn, meta, result, error)
    if saved.outcome == "failed":
        summary.failures.append(Failure(meta.source or meta.content_hash[:12], error or ""))
    elif saved.outcome == "unchanged":
        summary.unchanged += 1
    else:
        summary.new += 1
        summary.place_ids.update(saved.place_ids)
        if result is not None:
            summary.production_titles.update(p.title for p in result.productions)


def save_article(
    engine: Engine, meta: ArticleMeta, result: ArticleResult | None, error: str | None = None
) -> int:
    """Store one article with what geoparsing found (or the error); return its id.

    An article whose text is already stored is left as it is, so corrections
    made on it survive a re-ingest; an article stored as failed is replaced.
    """
    if (result is None) == (error is None):
        raise ValueError("give either a parse result or an error, not both or neither")
    with write_transaction(engine) as conn:
        return _save(conn, meta, result, error).article_id


@dataclass(frozen=True)
class _Saved:
    article_id: int
    outcome: Outcome
    place_ids: frozenset[int] = frozenset()


def _save(
    conn: Connection, meta: ArticleMeta, result: ArticleResult | None, error: str | None
) -> _Saved:
    articles = schema.articles
    values = {
        "title": meta.title,
        "outlet": meta.outlet,
        "url": meta.url,
        "published": meta.published or (result.published if result else None),
        "text": result.text if result is not None else meta.text,
        "status": "failed" if error is not None else "parsed",
        "error": error,
        "source": meta.source,
        "ingested_at": datetime.now(UTC),
    }
    article_id, previous = _claim(conn, meta.content_hash, values)
    if previous == "parsed":
        return _Saved(article_id, "unchanged")
    if previous == "failed":
        conn.execute(sa.update(articles).where(articles.c.id == article_id).values(**values))
    place_ids: frozenset[int] = frozenset()
    if result is not None and error is None:
        place_ids = _save_findings(conn, article_id, result)
        if meta.source:
            # the same source failed before (a file since fixed): that failure is history now
            conn.execute(
                sa.delete(articles).where(
                    articles.c.source == meta.source,
                    articles.c.status == "failed",
                    articles.c.id != article_id,
                )
            )
    bump_revision(conn)
    return _Saved(article_id, "failed" if error is not None else "new", place_ids)


def _claim(conn: Connection, digest: str, values: Mapping[str, object]) -> tuple[int, str | None]:
    """The article's row and its status before this call (None: inserted just now)."""
    found = _find(conn, digest)
    if found is not None:
        return found
    inserted = conn.execute(
        insert_or_skip(conn, schema.articles, "content_hash")
        .values(content_hash=digest, **values)
        .returning(schema.articles.c.id)
    ).scalar()
    if inserted is not None:
        return int(inserted), None
    # a concurrent ingest committed the same text between our look-up and insert
    found = _find(conn, digest)
    assert found is not None
    return found


def _find(conn: Connection, digest: str) -> tuple[int, str] | None:
    articles = schema.articles
    row = conn.execute(
        sa.select(articles.c.id, articles.c.status).where(articles.c.content_hash == digest)
    ).first()
    return (int(row.id), str(row.status)) if row is not None else None


def _save_findings(conn: Connection, article_id: int, result: ArticleResult) -> frozenset[int]:
    """Productions, mentions and schedule events of one article; returns its place ids."""
    titles = {p.title: p for p in result.productions}
    for title in [t.production for t in result.toponyms] + [e.production for e in result.events]:
        if title and title not in titles:
            titles[title] = Production(title)
    production_ids = {title: upsert_production(conn, p) for title, p in titles.items()}
    if production_ids:
        conn.execute(
            sa.insert(schema.article_productions),
            [
                {"article_id": article_id, "production_id": pid}
                for pid in sorted(set(production_ids.values()))
            ],
        )
    place_ids = [upsert_place(conn, t.place) if t.place else None for t in result.toponyms]
    mention_ids: list[int] = []
    if result.toponyms:
        rows = [
            {
                "article_id": article_id,
                "span_start": t.start,
                "span_end": t.end,
                "surface": t.surface,
                "sentence": t.sentence,
                "place_id": place_id,
                "production_id": production_ids[t.production] if t.production else None,
                "confidence": t.confidence,
                "reason": t.reason,
                "role": t.role,
                "approximate": t.approximate,
                "alternatives": candidates_to_json(t.alternatives),
                "status": "auto",
            }
            for t, place_id in zip(result.toponyms, place_ids, strict=True)
        ]
        inserted = conn.execute(
            sa.insert(schema.mentions).returning(
                schema.mentions.c.id, sort_by_parameter_order=True
            ),
            rows,
        )
        mention_ids = [int(v) for v in inserted.scalars()]
    if result.events:
        conn.execute(
            sa.insert(schema.schedule_events),
            [
                _event_row(article_id, e, production_ids, mention_ids, place_ids)
                for e in result.events
            ],
        )
    return frozenset(pid for pid in place_ids if pid is not None)


def _event_row(
    article_id: int,
    event: Event,
    production_ids: dict[str, int],
    mention_ids: list[int],
    place_ids: list[int | None],
) -> dict[str, object]:
    linked = event.toponym
    if linked is not None and not 0 <= linked < len(mention_ids):
        linked = None  # an index the parser got wrong must not point at another mention
    return {
        "article_id": article_id,
        "production_id": production_ids[event.production] if event.production else None,
        "place_id": place_ids[linked] if linked is not None else None,
        "mention_id": mention_ids[linked] if linked is not None else None,
        "kind": event.kind,
        "start_date": event.start,
        "end_date": event.end,
        "precision": event.precision,
        "expression": event.expression,
        "sentence": event.sentence,
    }


def _parse_source(
    source: SourceArticle, rules: Sequence[Override]
) -> tuple[ArticleResult | None, str | None]:
    if source.error is not None:
        return None, source.error
    from dashboard.geoparse import ParseError, parse_article

    try:
        result = parse_article(
            source.meta.text, source.meta.published, overrides=rules, headline=source.meta.title
        )
        return result, None
    except ParseError as exc:
        return None, str(exc)
    except Exception as exc:  # a geoparser bug must not stop the batch: record it, go on
        return None, f"geoparser error: {type(exc).__name__}: {exc}".splitlines()[0]
