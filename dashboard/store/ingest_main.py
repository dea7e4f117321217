"""Command line for ingesting: `python -m dashboard.store.ingest_main PATH... [--db URL]`.

`reelmap ingest` reuses `add_arguments` and `run`, so both behave the same.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.store import connect
from dashboard.store.ingest import ingest_paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="article files or folders")
    parser.add_argument("--db", help="store URL or SQLite file (default: $REELMAP_DB, then the "
                        "user data folder)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=1, help="geoparsing processes")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    """Ingest, print the one-line summary and each failure; 2 if a path does not exist."""
    engine = connect(args.db)
    try:
        summary = ingest_paths(
            engine, args.paths, workers=max(1, args.workers), progress=not args.no_progress
        )
    except FileNotFoundError as exc:
        print(f"reelmap: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(summary)
    for failure in summary.failures:
        print(f"  failed: {failure}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="reelmap ingest", description="Geoparse articles into the Reelmap store."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
