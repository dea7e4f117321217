"""The `reelmap` command: thin wrappers over the functions the app uses too."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from error


def cmd_extract(args: argparse.Namespace) -> int:
    from dashboard import extract_main

    return extract_main.run(args)


# ingest, export, serve ---------------------------------------------------------------

DEMO_ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
DB_HELP = "store URL or SQLite file (default: $REELMAP_DB, then the user data folder)"


def cmd_ingest(args: argparse.Namespace) -> int:
    from dashboard.store import ingest_main

    return ingest_main.run(args)


def cmd_batch(args: argparse.Namespace) -> int:
    from dashboard.batch import main as batch_main

    return batch_main.run(args)


def cmd_landmarks(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from dashboard.geocoders.landmarks import placer_from_args
    from dashboard.store import StoreError, connect
    from dashboard.store.engine import mask_password
    from dashboard.store.ingest_main import first_line
    from dashboard.store.landmarks import place_stored_landmarks

    placer = placer_from_args(args)
    if placer is None:
        print(
            "reelmap landmarks: give --landmarks SERVICE or --landmarks-file DUMP", file=sys.stderr
        )
        return 2
    try:
        engine = connect(args.db)
    except (StoreError, SQLAlchemyError, OSError) as exc:
        print(f"reelmap: cannot open the store: {mask_password(first_line(exc))}", file=sys.stderr)
        return 2
    try:
        done = place_stored_landmarks(engine, placer)
    finally:
        engine.dispose()
    print(done)
    if placer.unreachable:
        print(f"reelmap: the others stay at their towns: {placer.unreachable}", file=sys.stderr)
        return 1
    return 0


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
    from dashboard.budget import budget_from_env
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
        summary = ingest_paths(
            engine, [articles], workers=min(2, os.cpu_count() or 1), budget_s=budget_from_env()
        )
        print(f"reelmap: {summary}", file=sys.stderr)
    finally:
        engine.dispose()


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.app.launch import (
        PortInUse,
        check_port,
        has_password,
        read_only_from_env,
        run_server,
        streamlit_command,
        streamlit_env,
    )
    from dashboard.store.engine import default_url, mask_password, to_url

    url = to_url(args.db) if args.db else default_url()
    read_only = args.read_only or read_only_from_env(os.environ)
    if args.db and has_password(args.db):
        print(
            "reelmap: warning: a password in --db is visible to other users in `ps`; "
            "set REELMAP_DB instead",
            file=sys.stderr,
        )
    try:
        check_port(args.address, args.port)
    except PortInUse as error:
        print(f"reelmap: {error}", file=sys.stderr)
        return 2
    if not args.no_demo and not read_only:
        ensure_demo_data(url)
    command = streamlit_command(url, args.port, read_only=read_only, address=args.address)
    mode = " (read-only)" if read_only else ""
    print(
        f"reelmap: serving {mask_password(url)}{mode} at http://{args.address}:{args.port}",
        file=sys.stderr,
    )
    return run_server(command, streamlit_env(url, read_only))


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
    gazetteer = Gazetteer.open(path, progress=not args.quiet)
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

    from dashboard import extract_main

    extract = commands.add_parser("extract", help="geoparse articles and print what was found")
    extract_main.add_arguments(extract)
    extract.set_defaults(handler=cmd_extract)

    from dashboard.store import ingest_main

    ingest = commands.add_parser("ingest", help="geoparse articles into the store")
    ingest_main.add_arguments(ingest)
    ingest.set_defaults(handler=cmd_ingest)

    from dashboard.batch import main as batch_main

    batch = commands.add_parser("batch", help="geoparse article archives on a Dask cluster")
    batch_main.add_arguments(batch)
    batch.set_defaults(handler=cmd_batch)

    from dashboard.geocoders.landmarks import add_landmark_arguments

    landmarks = commands.add_parser(
        "landmarks", help="give stored landmarks that sit at their town their own points"
    )
    landmarks.add_argument("--db", help=DB_HELP)
    add_landmark_arguments(landmarks)
    landmarks.set_defaults(handler=cmd_landmarks)

    export = commands.add_parser("export", help="write the filtered locations as a file")
    export.add_argument(
        "--format", choices=("csv", "geojson", "kml"), default="geojson",
        help="file format (default: geojson)",
    )  # fmt: skip
    export.add_argument("--db", help=DB_HELP)
    export.add_argument("--film", action="append", help="production title (repeatable)")
    export.add_argument("--country", action="append", help="ISO country code (repeatable)")
    export.add_argument(
        "--role",
        action="append",
        choices=("filmed", "planned", "setting", "scouted", "other"),
        help="place role (repeatable; default: filmed)",
    )
    export.add_argument("--all-roles", action="store_true", help="every role")
    export.add_argument(
        "--from", dest="date_from", type=_parse_date, metavar="YYYY-MM-DD",
        help="only places filmed on or after this date",
    )  # fmt: skip
    export.add_argument(
        "--to", dest="date_to", type=_parse_date, metavar="YYYY-MM-DD",
        help="only places filmed on or before this date",
    )  # fmt: skip
    export.add_argument(
        "--min-confidence", type=float, default=0.0, metavar="0..1",
        help="leave out places resolved with less confidence (default: 0)",
    )  # fmt: skip
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.set_defaults(handler=cmd_export)

    serve = commands.add_parser("serve", help="start the dashboard")
    serve.add_argument("--db", help=DB_HELP + "; prefer REELMAP_DB for a URL with a password")
    serve.add_argument("--port", type=int, default=8501, help="port to serve on (default: 8501)")
    serve.add_argument(
        "--address", default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0: everyone)",
    )  # fmt: skip
    serve.add_argument(
        "--read-only", action="store_true",
        help="no Add page and no writes at all, not even creating the store "
        "(also REELMAP_READ_ONLY=1)",
    )  # fmt: skip
    serve.add_argument(
        "--no-demo", action="store_true", help="do not fill an empty store with the demo corpus"
    )
    serve.set_defaults(handler=cmd_serve)

    geocode = commands.add_parser("geocode", help="look a place up with a geocoder")
    geocode.add_argument("query", help="a place name or address")
    geocode.add_argument(
        "--service",
        default="offline",
        help="offline (default) or a geopy service: nominatim, photon, ...",
    )
    geocode.add_argument("--domain", help="service host, e.g. a self-hosted Nominatim")
    geocode.add_argument("--scheme", choices=("http", "https"), help="protocol for --domain")
    geocode.add_argument("--limit", type=int, default=5, help="most results shown (default: 5)")
    geocode.set_defaults(handler=cmd_geocode)

    gazetteer = commands.add_parser("gazetteer", help="build the offline gazetteer, look names up")
    gazetteer.add_argument("names", nargs="*", help="names to look up")
    gazetteer.add_argument("--quiet", action="store_true", help="no progress bar while building")
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
