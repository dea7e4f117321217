"""The `reelmap` command: thin wrappers over the functions the app uses too."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from dashboard.model import ArticleResult


class InputError(ValueError):
    """A record that cannot be read as an article; the message is one line."""


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from error


# extract ----------------------------------------------------------------------


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


def _extract_files(args: argparse.Namespace) -> int:
    """Each file read like `reelmap ingest` reads it (front matter, HTML, JSON)."""
    from dashboard.geoparse import ParseError, default_parser
    from dashboard.store.readers import read_file

    parser = default_parser()
    failures = 0
    for path in args.files:
        try:
            articles = list(read_file(path))
        except OSError as error:
            articles = []
            print(f"reelmap: {path}: {error.strerror or error}", file=sys.stderr)
            failures += 1
        for article in articles:
            name = article.meta.source or str(path)
            try:
                if article.error is not None:
                    raise InputError(article.error)
                result = parser.parse(
                    article.meta.text,
                    args.published or article.meta.published,
                    headline=article.meta.title,
                )
            except (InputError, ParseError) as error:
                print(f"reelmap: {name}: {error}", file=sys.stderr)
                failures += 1
                continue
            if args.format == "json":
                print(json.dumps({"file": name, **result.to_dict()}, ensure_ascii=False))
            else:
                print(f"== {name}")
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
                yield (
                    doc_id,
                    str(record["text"]),
                    (date.fromisoformat(published[:10]) if published else None),
                )
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
    with (
        args.out.open("w", encoding="utf-8") as out,
        tqdm(total=total, unit="doc", desc="extract", disable=args.quiet) as bar,
    ):
        if args.workers > 1:
            with ProcessPoolExecutor(args.workers) as pool:
                batches: Iterator[list[dict[str, Any] | str]] = pool.map(_parse_chunk, chunks)
                failures += _write_batches(batches, out, bar)
        else:
            failures += _write_batches(map(_parse_chunk, chunks), out, bar)
    return 1 if failures else 0


def _write_batches(batches: Iterator[list[dict[str, Any] | str]], out: TextIO, bar: Any) -> int:
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


# ingest, export, serve ---------------------------------------------------------------

DEMO_ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


def cmd_ingest(args: argparse.Namespace) -> int:
    from dashboard.store import ingest_main

    return ingest_main.run(args)


def _filters(args: argparse.Namespace) -> Any:
    from dashboard.store.queries import Filters

    return Filters(
        productions=tuple(args.film or ()),
        countries=tuple(c.upper() for c in args.country or ()),
        roles=() if args.all_roles else tuple(args.role or ("filmed",)),
        date_from=args.date_from,
        date_to=args.date_to,
        min_confidence=args.min_confidence,
    )


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard import export
    from dashboard.store import connect
    from dashboard.store.queries import locations

    engine = connect(args.db)
    try:
        frame = locations(engine, _filters(args))
    finally:
        engine.dispose()
    if args.format == "csv":
        text = export.to_csv(frame)
    elif args.format == "geojson":
        text = json.dumps(export.to_geojson(frame), ensure_ascii=False, indent=1)
    else:
        text = export.to_kml(frame)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(frame)} locations to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def ensure_demo_data(db: str | None, articles: Path = DEMO_ARTICLES) -> None:
    """Fill an empty store with the bundled demo corpus, so a fresh machine shows a map."""
    from dashboard.store import connect
    from dashboard.store.ingest import ingest_paths
    from dashboard.store.review import list_articles

    engine = connect(db)
    try:
        if len(list_articles(engine)) or not articles.is_dir():
            return
        count = len(list(articles.glob("*.md")))
        print(
            f"reelmap: the store is empty; ingesting the {count} demo articles in {articles} "
            "(first run only, about a minute)...",
            file=sys.stderr,
        )
        summary = ingest_paths(engine, [articles], workers=min(2, os.cpu_count() or 1))
        print(f"reelmap: {summary}", file=sys.stderr)
    finally:
        engine.dispose()


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.app.launch import streamlit_command
    from dashboard.store.engine import default_url, to_url

    url = to_url(args.db) if args.db else default_url()
    if not args.no_demo and not args.read_only:
        ensure_demo_data(url)
    command = streamlit_command(url, args.port, read_only=args.read_only, address=args.address)
    print(f"reelmap: serving {url} at http://{args.address}:{args.port}", file=sys.stderr)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 130


# geocoding and the gazetteer ---------------------------------------------------------


def cmd_geocode(args: argparse.Namespace) -> int:
    from dashboard.geocoders import GeocoderUnreachable, get_geocoder

    options: dict[str, Any] = {}
    if args.domain:
        options["domain"] = args.domain
    if args.scheme:
        options["scheme"] = args.scheme
    geocoder = get_geocoder(args.service, **options)
    try:
        found = geocoder.geocode(args.query, exactly_one=False) or []
    except GeocoderUnreachable as error:
        print(f"reelmap: {error}", file=sys.stderr)
        return 1
    for location in found[: args.limit]:
        print(f"{location.latitude:9.4f} {location.longitude:10.4f}  {location.address}")
    if not found:
        print(f"reelmap: no place called {args.query!r}", file=sys.stderr)
        return 1
    return 0


def cmd_gazetteer(args: argparse.Namespace) -> int:
    from dashboard.gazetteer import Gazetteer, default_path

    path = default_path()
    gazetteer = Gazetteer.open(path, progress=True)
    size = path.stat().st_size / 1e6
    print(f"gazetteer: {path} ({size:.1f} MB); GeoNames data, CC BY 4.0")
    for name in args.names:
        for place in gazetteer.lookup(name, limit=5):
            print(
                f"  {name}: {place.label} [{place.kind}, pop. {place.population:,}] "
                f"{place.lat:.3f},{place.lon:.3f}"
            )
    return 0


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

    from dashboard.store import ingest_main

    ingest = commands.add_parser("ingest", help="geoparse articles into the store")
    ingest_main.add_arguments(ingest)
    ingest.set_defaults(handler=cmd_ingest)

    export = commands.add_parser("export", help="write the filtered locations as a file")
    export.add_argument("--format", choices=("csv", "geojson", "kml"), default="geojson")
    export.add_argument("--db", help="store URL or SQLite file")
    export.add_argument("--film", action="append", help="production title (repeatable)")
    export.add_argument("--country", action="append", help="ISO country code (repeatable)")
    export.add_argument(
        "--role",
        action="append",
        choices=("filmed", "planned", "setting", "scouted", "other"),
        help="place role (repeatable; default: filmed)",
    )
    export.add_argument("--all-roles", action="store_true", help="every role")
    export.add_argument("--from", dest="date_from", type=_parse_date)
    export.add_argument("--to", dest="date_to", type=_parse_date)
    export.add_argument("--min-confidence", type=float, default=0.0)
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.set_defaults(handler=cmd_export)

    serve = commands.add_parser("serve", help="start the dashboard")
    serve.add_argument("--db", help="store URL or SQLite file")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--read-only", action="store_true", help="no Add page, no writes")
    serve.add_argument(
        "--no-demo", action="store_true", help="do not fill an empty store with the demo corpus"
    )
    serve.set_defaults(handler=cmd_serve)

    geocode = commands.add_parser("geocode", help="look a place up with a geocoder")
    geocode.add_argument("query")
    geocode.add_argument(
        "--service",
        default="offline",
        help="offline (default) or a geopy service: nominatim, photon, ...",
    )
    geocode.add_argument("--domain", help="service host, e.g. a self-hosted Nominatim")
    geocode.add_argument("--scheme", choices=("http", "https"))
    geocode.add_argument("--limit", type=int, default=5)
    geocode.set_defaults(handler=cmd_geocode)

    gazetteer = commands.add_parser("gazetteer", help="build the offline gazetteer, look names up")
    gazetteer.add_argument("names", nargs="*", help="names to look up")
    gazetteer.set_defaults(handler=cmd_gazetteer)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = args.handler
    try:
        return int(handler(args))
    except BrokenPipeError:
        # `reelmap extract ... | head`: the reader left; stop quietly, like other tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
