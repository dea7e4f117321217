"""Geoparsing news archives on a Dask cluster: `reelmap batch`.

sources (JSONL, JSONL.gz, Parquet) -> partitions -> on each Dask worker: the
relevance gate, then the same `parse_article` as everywhere else -> Parquet
tables per partition -> optionally the store (PostgreSQL COPY, or SQLite).
"""

DEFAULT_PARTITION_SIZE = 2000  # records per partition: a few MB of text in a worker at once
FAILURES_FILE = "failures.jsonl"  # in the output folder: every record that failed, and why
