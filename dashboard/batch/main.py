"""The `reelmap batch` command line: arguments and the command body."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.batch import DEFAULT_PARTITION_SIZE, FAILURES_FILE


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from error
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="JSONL, JSONL.gz or Parquet: files, folders, globs",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for the Parquet tables")
    parser.add_argument("--db", help="also load into this store (SQLite file or SQLAlchemy URL)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler, tcp://host:8786")
    parser.add_argument(
        "--workers", type=_positive, default=2, help="local worker processes (no --scheduler)"
    )
    parser.add_argument(
        "--partition-size",
        type=_positive,
        default=DEFAULT_PARTITION_SIZE,
        help=f"records per partition (default {DEFAULT_PARTITION_SIZE})",
    )
    parser.add_argument(
        "--no-gate", action="store_true", help="geoparse every article, not only filming news"
    )
    parser.add_argument(
        "--landmarks-file", metavar="DUMP", type=Path,
        help="place landmarks the gazetteer lacks from this GeoNames dump (XX.zip or XX.txt), "
        "which every worker must see; each worker reads it into memory once",
    )  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from dashboard.batch.run import run_batch
    from dashboard.batch.sources import SourceError
    from dashboard.geocoders.geonames_file import GeoNamesFileError, check_dump
    from dashboard.store import StoreError, connect

    engine = None
    try:
        if args.landmarks_file is not None:
            check_dump(args.landmarks_file)  # before a cluster starts, not in every worker
        if args.db:
            engine = connect(args.db)
        summary = run_batch(
            args.sources,
            args.out,
            engine=engine,
            scheduler=args.scheduler,
            workers=args.workers,
            partition_size=args.partition_size,
            gate=not args.no_gate,
            landmarks_file=args.landmarks_file,
            progress=not args.quiet,
        )
    except GeoNamesFileError as exc:
        print(f"reelmap batch: --landmarks-file: {exc}", file=sys.stderr)
        return 2
    except (SourceError, StoreError, OSError) as exc:
        print(f"reelmap batch: {exc}", file=sys.stderr)
        return 2
    finally:
        if engine is not None:
            engine.dispose()
    print(summary)
    if summary.failed or summary.broken_partitions:
        print(f"failures listed in {args.out / FAILURES_FILE}")
    return 1 if summary.broken_partitions else 0
