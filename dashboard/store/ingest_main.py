"""Command line for ingesting: `python -m dashboard.store.ingest_main PATH... [--db URL]`.

`reelmap ingest` reuses `add_arguments` and `run`, so both behave the same.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from dashboard.budget import WorkerStartError, budget_from_env
from dashboard.geocoders.landmarks import add_landmark_arguments, placer_from_args
from dashboard.store import StoreError, connect
from dashboard.store.engine import mask_password
from dashboard.store.ingest import ingest_paths


def positive_seconds(value: str) -> float:
    """argparse type: a number of seconds above zero."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {value!r}")
    return seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="article files or folders")
    parser.add_argument("--db", help="store URL or SQLite file (default: $REELMAP_DB, then the "
                        "user data folder)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=1, help="geoparsing processes (default: 1)")
    parser.add_argument(
        "--budget",
        type=positive_seconds,
        default=None,
        metavar="SECONDS",
        help="longest time one article may take to parse; a slower one is stored as failed "
        "and the batch goes on (default: $REELMAP_PARSE_BUDGET_S, else 60)",
    )
    parser.add_argument(
        "--no-progress", "--quiet", action="store_true",
        help="no progress bar or progress lines (a bar is only drawn on a terminal anyway)",
    )  # fmt: skip
    add_landmark_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Ingest, print the one-line summary and each failure.

    Exit status: 0 all stored, 1 some articles failed, 2 a path does not exist or
    the geoparser cannot start.
    """
    landmarks = placer_from_args(args)
    try:
        engine = connect(args.db)
    except (StoreError, SQLAlchemyError, OSError) as exc:  # one line, password masked
        print(f"reelmap: cannot open the store: {mask_password(first_line(exc))}", file=sys.stderr)
        return 2
    try:
        summary = ingest_paths(
            engine,
            args.paths,
            workers=max(1, args.workers),
            progress=not args.no_progress,
            budget_s=args.budget or budget_from_env(),
            landmarks=landmarks,
        )
    except (FileNotFoundError, WorkerStartError) as exc:
        print(f"reelmap: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(summary)
    if landmarks is not None:
        landmarks.report(sys.stdout)
    for failure in summary.failures:
        print(f"  failed: {failure}")
    return 1 if summary.failed else 0


def first_line(exc: BaseException) -> str:
    """The first line of an error's message: commands report errors in one line."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="reelmap ingest", description="Geoparse articles into the Reelmap store."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
