"""`reelmap extract`: geoparse files or a JSONL batch and print or write what was found.

Every article is parsed in a worker process under a time budget (see
`dashboard.budget`), so one hostile record costs at most the budget and the
batch goes on; each failure is one line on stderr, and the exit status says
whether any record failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from dashboard.budget import ParseJob, ParsePool, WorkerStartError, budget_from_env
from dashboard.geocoders.landmarks import LandmarkPlacer, add_landmark_arguments, placer_from_args
from dashboard.model import ArticleResult
from dashboard.progress import Progress
from dashboard.store.ingest_main import positive_seconds
from dashboard.store.readers import (
    MAX_ARTICLE_BYTES,
    MAX_FIELD_CHARS,
    ReaderError,
    check_encodable,
    load_json,
    parse_published,
    read_safely,
)

_MAX_LINE_BYTES = MAX_ARTICLE_BYTES + 64 * 1024


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE",
        help="article files (txt, md with front matter, html, json, jsonl), read like ingest",
    )  # fmt: skip
    parser.add_argument(
        "--published", type=_parse_date, metavar="YYYY-MM-DD",
        help="publication date for relative dates (default: the file's own, else none)",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=("json", "table"), default="table",
        help="output for FILE...: a table per file, or one JSON object per article",
    )  # fmt: skip
    parser.add_argument(
        "--jsonl", type=Path, metavar="IN",
        help="read {doc_id, text, published?} lines instead of FILE... (needs --out)",
    )  # fmt: skip
    parser.add_argument(
        "--out", type=Path, metavar="OUT", help="write scorer-format JSONL here (with --jsonl)"
    )
    parser.add_argument("--workers", type=int, default=1, help="geoparsing processes (default: 1)")
    parser.add_argument(
        "--budget", type=positive_seconds, default=None, metavar="SECONDS",
        help="longest time one article may take; a slower one fails and the batch goes on "
        "(default: $REELMAP_PARSE_BUDGET_S, else 60)",
    )  # fmt: skip
    parser.add_argument(
        "--quiet", action="store_true",
        help="no progress bar or progress lines, also while the gazetteer is built",
    )  # fmt: skip
    add_landmark_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """0 when every article was parsed, 1 when any failed, 2 when none could be."""
    if args.jsonl and args.out is None:
        raise SystemExit("reelmap extract: --jsonl needs --out")
    if not args.jsonl and not args.files:
        raise SystemExit("reelmap extract: give FILE... or --jsonl IN --out OUT")
    landmarks = placer_from_args(args)
    try:
        return _extract_jsonl(args, landmarks) if args.jsonl else _extract_files(args, landmarks)
    except WorkerStartError as error:
        print(f"reelmap: {error}", file=sys.stderr)
        return 2


def scorer_record(doc_id: str, result: ArticleResult) -> dict[str, Any]:
    """One JSONL line in the format ../shared/eval/score.py reads.

    A landmark placed at its enclosing town has no coordinates of its own, so
    its lat/lon are null here and the enclosing place goes in `approximate_at`.
    """
    full = result.to_dict()
    toponyms = []
    for t in result.toponyms:
        exact = t.place if t.place and not t.approximate else None
        toponyms.append(
            {
                "start": t.start,
                "end": t.end,
                "name": t.surface,
                "lat": exact.lat if exact else None,
                "lon": exact.lon if exact else None,
                "geonameid": exact.geonameid if exact else None,
                "country": t.place.country if t.place else None,
                "confidence": t.confidence,
                "role": t.role,
                "approximate_at": t.place.label if t.place and t.approximate else None,
                "granularity": t.granularity,
            }
        )
    return {
        "doc_id": doc_id,
        "text": result.text,
        "toponyms": toponyms,
        "productions": full["productions"],
        "events": full["events"],
    }


def _table(result: ArticleResult, out: TextIO) -> None:
    if result.notice:
        print(f"notice: {result.notice}", file=out)
    rows = [("mention", "place", "country", "lat", "lon", "role", "conf")]
    for t in result.toponyms:
        place = t.place
        rows.append(
            (
                t.surface,
                (place.label if place else "?") + (" (approx.)" if t.approximate else ""),
                place.country if place else "",
                f"{place.lat:.3f}" if place else "",
                f"{place.lon:.3f}" if place else "",
                t.role,
                f"{t.confidence:.2f}",
            )
        )
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell[:40].ljust(w) for cell, w in zip(row, widths, strict=True)), file=out)
    for production in result.productions:
        aliases = f" (also {', '.join(production.aliases)})" if production.aliases else ""
        print(f"production: {production.title}{aliases} [{production.kind}]", file=out)
    for event in result.events:
        where = result.toponyms[event.toponym].surface if event.toponym is not None else "-"
        span = (
            event.start.isoformat()
            if event.start == event.end
            else (f"{event.start.isoformat()}..{event.end.isoformat()}")
        )
        print(
            f"event: {event.kind:<16} {span:<22} {event.precision:<5} at {where}"
            f"  ({event.expression or 'implied'})",
            file=out,
        )


def _pool(args: argparse.Namespace) -> ParsePool:
    """Workers with the gazetteer built first, here, once (silently with --quiet)."""
    from dashboard.gazetteer import Gazetteer

    Gazetteer.open(progress=not args.quiet)
    return ParsePool(max(1, args.workers), args.budget or budget_from_env())


def _extract_files(args: argparse.Namespace, landmarks: LandmarkPlacer | None) -> int:
    """Each file read like `reelmap ingest` reads it (front matter, HTML, JSON)."""

    def jobs() -> Iterator[tuple[str, ParseJob | str]]:
        for path in args.files:
            for article in read_safely(path):
                name = article.meta.source or str(path)
                if article.error is not None:
                    yield name, article.error
                    continue
                meta = article.meta
                yield name, ParseJob(meta.text, args.published or meta.published, meta.title)

    failures = parsed = 0
    with _pool(args) as pool:
        for name, (result, error) in pool.run(jobs()):
            if result is None:
                _fail(name, error)
                failures += 1
                continue
            parsed += 1
            if landmarks is not None:
                result = landmarks.place(result)
            if args.format == "json":
                print(json.dumps({"file": name, **result.to_dict()}, ensure_ascii=False))
            else:
                print(f"== {name}")
                _table(result, sys.stdout)
    _summary(parsed, failures, landmarks)
    return 1 if failures else 0


def _read_jsonl(path: Path) -> Iterator[tuple[str, ParseJob | str]]:
    """(doc_id, job) per line; a line that is no record yields (where, reason)."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            where = f"line {number}"
            try:
                if len(raw) > _MAX_LINE_BYTES:
                    raise ReaderError(f"record over {_MAX_LINE_BYTES:,} bytes")
                record = load_json(raw.decode("utf-8"))
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ReaderError('no "text" string')
                doc_id = str(record.get("doc_id", number))[:MAX_FIELD_CHARS]
                check_encodable("doc_id", doc_id)
                where = doc_id
                check_encodable("text", record["text"])
                published = record.get("published")
                if isinstance(published, str):
                    published = published[:10]
                yield doc_id, ParseJob(record["text"], parse_published(published))
            except UnicodeDecodeError as error:
                yield where, f"bad JSONL record: not UTF-8 (invalid byte at {error.start})"
            except ReaderError as error:
                yield where, f"bad JSONL record: {error}"


def _extract_jsonl(args: argparse.Namespace, landmarks: LandmarkPlacer | None) -> int:
    with args.jsonl.open("rb") as handle:
        total = sum(1 for line in handle if line.strip())
    failures = parsed = 0
    with (
        args.out.open("w", encoding="utf-8") as out,
        Progress("extract", "doc", total, enabled=not args.quiet) as bar,
        _pool(args) as pool,
    ):
        for doc_id, (result, error) in pool.run(_read_jsonl(args.jsonl)):
            if result is None:
                _fail(doc_id, error)
                failures += 1
            else:
                if landmarks is not None:
                    result = landmarks.place(result)
                out.write(json.dumps(scorer_record(doc_id, result), ensure_ascii=False) + "\n")
                parsed += 1
            bar.update(1, failed=failures)
    _summary(parsed, failures, landmarks)
    return 1 if failures else 0


def _fail(name: str, error: str | None) -> None:
    line = f"reelmap: {name}: {error or 'unknown error'}"
    print("".join(ch if ch.isprintable() else "?" for ch in line), file=sys.stderr)


def _summary(parsed: int, failures: int, landmarks: LandmarkPlacer | None) -> None:
    print(f"reelmap: extract: {parsed} parsed, {failures} failed", file=sys.stderr)
    if landmarks is not None:
        landmarks.report()
