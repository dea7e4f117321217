"""The `reelmap` command: thin wrappers over the functions the app uses too."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from dashboard.model import ArticleResult

MAX_FILE_BYTES = 2_000_000


class InputError(ValueError):
    """A file that cannot be read as an article; the message is one line."""


def read_text_file(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 article file, refusing what is not one with a clear reason."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"too large: {size:,} bytes (limit {limit:,})")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(error.strerror or str(error)) from error
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (bad byte at offset {error.start})") from error


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from error


# extract ----------------------------------------------------------------------


def scorer_record(doc_id: str, result: ArticleResult) -> dict[str, Any]:
    """One JSONL line in the format ../shared/eval/score.py reads."""
    full = result.to_dict()
    toponyms = [
        {
            "start": t.start,
            "end": t.end,
            "name": t.surface,
            "lat": t.place.lat if t.place else None,
            "lon": t.place.lon if t.place else None,
            "geonameid": t.place.geonameid if t.place else None,
            "country": t.place.country if t.place else None,
            "confidence": t.confidence,
            "role": t.role,
        }
        for t in result.toponyms
    ]
    return {"doc_id": doc_id, "text": result.text, "toponyms": toponyms,
            "productions": full["productions"], "events": full["events"]}


def _table(result: ArticleResult, out: TextIO) -> None:
    rows = [("mention", "place", "country", "lat", "lon", "role", "conf")]
    for t in result.toponyms:
        place = t.place
        rows.append((
            t.surface,
            (place.label if place else "?") + (" (approx.)" if t.approximate else ""),
            place.country if place else "",
            f"{place.lat:.3f}" if place else "",
            f"{place.lon:.3f}" if place else "",
            t.role,
            f"{t.confidence:.2f}",
        ))
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell[:40].ljust(w) for cell, w in zip(row, widths, strict=True)), file=out)
    for production in result.productions:
        aliases = f" (also {', '.join(production.aliases)})" if production.aliases else ""
        print(f"production: {production.title}{aliases} [{production.kind}]", file=out)
    for event in result.events:
        where = result.toponyms[event.toponym].surface if event.toponym is not None else "-"
        span = event.start.isoformat() if event.start == event.end else (
            f"{event.start.isoformat()}..{event.end.isoformat()}")
        print(f"event: {event.kind:<16} {span:<22} {event.precision:<5} at {where}"
              f"  ({event.expression or 'implied'})", file=out)


def _extract_files(args: argparse.Namespace) -> int:
    from dashboard.geoparse import ParseError, default_parser

    parser = default_parser()
    failures = 0
    for path in args.files:
        try:
            text = read_text_file(path)
            result = parser.parse(text, args.published)
        except (InputError, ParseError) as error:
            print(f"reelmap: {path}: {error}", file=sys.stderr)
            failures += 1
            continue
        if args.format == "json":
            print(json.dumps({"file": str(path), **result.to_dict()}, ensure_ascii=False))
        else:
            print(f"== {path}")
            _table(result, sys.stdout)
    return 1 if failures else 0


def _read_jsonl(path: Path) -> Iterator[tuple[str, str, date | None] | tuple[str, InputError]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                doc_id = str(record.get("doc_id", number))
                published = record.get("published")
                yield doc_id, str(record["text"]), (
                    date.fromisoformat(published[:10]) if published else None)
            except (ValueError, KeyError, TypeError) as error:
                yield f"line {number}", InputError(f"bad JSONL record: {error}")


_worker_parser: Any = None


def _parse_chunk(chunk: list[tuple[str, str, date | None]]) -> list[dict[str, Any] | str]:
    """Runs in a worker process: one parser per process, reused across chunks."""
    global _worker_parser
    from dashboard.geoparse import ParseError, default_parser

    if _worker_parser is None:
        _worker_parser = default_parser()
    out: list[dict[str, Any] | str] = []
    results = _worker_parser.parse_many((text, published) for _, text, published in chunk)
    for (doc_id, _, _), result in zip(chunk, results, strict=True):
        if isinstance(result, ParseError):
            out.append(f"{doc_id}: {result}")
        else:
            out.append(scorer_record(doc_id, result))
    return out


def _chunks(
    records: Iterator[tuple[str, str, date | None] | tuple[str, InputError]], size: int
) -> Iterator[list[tuple[str, str, date | None]]]:
    chunk: list[tuple[str, str, date | None]] = []
    for record in records:
        if len(record) == 2:
            print(f"reelmap: {record[0]}: {record[1]}", file=sys.stderr)
            continue
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _extract_jsonl(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    total = sum(1 for line in args.jsonl.open(encoding="utf-8") if line.strip())
    failures = 0
    chunks = _chunks(_read_jsonl(args.jsonl), size=16)
    with args.out.open("w", encoding="utf-8") as out, tqdm(
        total=total, unit="doc", desc="extract", disable=args.quiet
    ) as bar:
        if args.workers > 1:
            with ProcessPoolExecutor(args.workers) as pool:
                batches: Iterator[list[dict[str, Any] | str]] = pool.map(_parse_chunk, chunks)
                failures += _write_batches(batches, out, bar)
        else:
            failures += _write_batches(map(_parse_chunk, chunks), out, bar)
    return 1 if failures else 0


def _write_batches(
    batches: Iterator[list[dict[str, Any] | str]], out: TextIO, bar: Any
) -> int:
    failures = 0
    for batch in batches:
        for item in batch:
            if isinstance(item, str):
                print(f"reelmap: {item}", file=sys.stderr)
                failures += 1
            else:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
            bar.update(1)
    return failures


def cmd_extract(args: argparse.Namespace) -> int:
    if args.jsonl:
        if args.out is None:
            raise SystemExit("reelmap extract: --jsonl needs --out")
        return _extract_jsonl(args)
    if not args.files:
        raise SystemExit("reelmap extract: give FILE... or --jsonl IN --out OUT")
    return _extract_files(args)


# main -------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reelmap", description="Filming locations from news articles, on a map."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="geoparse articles and print what was found")
    extract.add_argument("files", nargs="*", type=Path, metavar="FILE")
    extract.add_argument("--published", type=_parse_date, help="publication date, YYYY-MM-DD")
    extract.add_argument("--format", choices=("json", "table"), default="table")
    extract.add_argument("--jsonl", type=Path, help="read {doc_id, text, published?} lines")
    extract.add_argument("--out", type=Path, help="write scorer-format JSONL here")
    extract.add_argument("--workers", type=int, default=1, help="processes for --jsonl")
    extract.add_argument("--quiet", action="store_true", help="no progress bar")
    extract.set_defaults(handler=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = args.handler
    return int(handler(args))


if __name__ == "__main__":
    sys.exit(main())
