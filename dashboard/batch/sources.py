"""Article sources at scale: JSONL, JSONL.gz and Parquet files, cut into partitions.

A partition is a range of records of one file, small enough (a few thousand
articles) that a worker holds it in memory at once. Its id hashes the file's
path, size, modification time and the range, so a rerun on unchanged input
finds the partitions it already wrote, and a changed file is done again.

Records are read the way `reelmap ingest` and `reelmap extract` read JSONL
(same text normalisation, fields and source names), so the batch parses
exactly what they would.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from dashboard.store.readers import (
    MAX_ARTICLE_BYTES,
    ArticleMeta,
    SourceArticle,
    normalize_text,
    parse_published,
)

Format = Literal["jsonl", "jsonl.gz", "parquet"]
FORMATS: dict[str, Format] = {".jsonl": "jsonl", ".jsonl.gz": "jsonl.gz", ".parquet": "parquet"}
_COLUMNS = ("text", "title", "outlet", "url", "published", "date")


class SourceError(ValueError):
    """A source path that names no readable article file; the message is one line."""


@dataclass(frozen=True, slots=True)
class PartitionSpec:
    """Records [start, stop) of one file (line numbers for JSONL, rows for Parquet)."""

    path: str
    format: Format
    start: int
    stop: int
    offset: int = 0  # byte offset of line `start` in a plain JSONL file
    version: str = ""  # the file's size and modification time when it was planned
    error: str = ""  # why the file could not be read while planning (then nothing to compute)

    @property
    def id(self) -> str:
        key = f"{self.path}\0{self.version}\0{self.start}\0{self.stop}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]

    @property
    def label(self) -> str:
        return self.path if self.error else f"{self.path}[{self.start}:{self.stop}]"


def file_format(path: Path) -> Format | None:
    name = path.name.lower()
    for suffix, fmt in sorted(FORMATS.items(), key=lambda item: -len(item[0])):
        if name.endswith(suffix):
            return fmt
    return None


def discover(sources: Iterable[str]) -> list[Path]:
    """Article files named by paths, folders (searched recursively) or glob patterns."""
    found: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.is_file() and file_format(p))
        elif path.is_file():
            if file_format(path) is None:
                raise SourceError(f"{source}: not a .jsonl, .jsonl.gz or .parquet file")
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(source, recursive=True))
            matches = [p for p in matches if p.is_file() and file_format(p)]
            if not matches:
                raise SourceError(f"{source}: no such file, folder or matching files")
        found.extend(matches)
    return sorted(set(found), key=str)


def plan(files: Iterable[Path], size: int) -> list[PartitionSpec]:
    """Partitions of at most `size` records covering every record of every file once."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    specs: list[PartitionSpec] = []
    for path in files:
        kind: Format = file_format(path) or "jsonl"
        try:
            stat = path.stat()
            version = f"{stat.st_size}:{stat.st_mtime_ns}"
            ranges = _ranges(path, kind, size)
        except (OSError, EOFError, ValueError) as exc:  # a broken file: report it, go on
            reason = f"cannot read the file: {type(exc).__name__}: {exc}".splitlines()[0]
            specs.append(PartitionSpec(str(path), kind, 0, 0, error=reason))
            continue
        specs.extend(PartitionSpec(str(path), kind, a, b, at, version) for a, b, at in ranges)
    return specs


def _ranges(path: Path, kind: Format, size: int) -> list[tuple[int, int, int]]:
    if kind == "parquet":
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(path).metadata.num_rows
        return [(start, min(start + size, rows), 0) for start in range(0, rows, size)]
    return _line_ranges(path, kind == "jsonl.gz", size)


def _open(path: Path, compressed: bool) -> io.BufferedIOBase:
    return gzip.open(path, "rb") if compressed else path.open("rb")


def _line_ranges(path: Path, compressed: bool, size: int) -> list[tuple[int, int, int]]:
    """(first line, line after the last, byte offset of the first) of each run of `size`
    non-blank lines; line numbers start at 1 as in `reelmap ingest` sources."""
    ranges: list[tuple[int, int, int]] = []
    start, offset, records, position, number = 1, 0, 0, 0, 0
    with _open(path, compressed) as handle:
        for number, line in enumerate(handle, start=1):
            if records == size and line.strip():
                ranges.append((start, number, offset))
                start, offset, records = number, position, 0
            if line.strip():
                records += 1
            position += len(line)
    if records:
        ranges.append((start, number + 1, offset))
    return ranges


def read_partition(spec: PartitionSpec) -> Iterator[SourceArticle]:
    """The partition's articles; a malformed record yields its reason, not an exception."""
    if spec.format == "parquet":
        yield from _parquet_rows(spec)
        return
    with _open(Path(spec.path), spec.format == "jsonl.gz") as handle:
        number = 1
        if spec.offset:
            handle.seek(spec.offset)
            number = spec.start
        for raw in handle:
            if number >= spec.stop:
                break
            if number >= spec.start and raw.strip():
                yield from_json_line(f"{spec.path}#{number}", raw)
            number += 1


def _parquet_rows(spec: PartitionSpec) -> Iterator[SourceArticle]:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(spec.path)
    columns = [c for c in _COLUMNS if c in handle.schema_arrow.names]
    first = 0
    for group in range(handle.num_row_groups):
        rows = handle.metadata.row_group(group).num_rows
        if first + rows > spec.start and first < spec.stop:
            table = handle.read_row_group(group, columns=columns)
            low, high = max(spec.start - first, 0), min(spec.stop - first, rows)
            for index, record in enumerate(table.slice(low, high - low).to_pylist(), start=low):
                yield from_record(f"{spec.path}#{first + index + 1}", record)
        first += rows


def from_json_line(source: str, raw: bytes) -> SourceArticle:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return _failure(source, raw, f"not UTF-8 text (invalid byte at offset {exc.start})")
    except ValueError as exc:
        return _failure(source, raw, f"invalid JSON: {exc}")
    return from_record(source, record, raw)


def from_record(source: str, record: Any, raw: bytes | None = None) -> SourceArticle:
    """An article from one record: `text` (required), `title`, `outlet`, `url`, `published`."""
    identity = raw if raw is not None else repr(record).encode("utf-8")
    if not isinstance(record, Mapping) or not isinstance(record.get("text"), str):
        return _failure(source, identity, 'record without a "text" string')

    def field(name: str) -> str:
        value = record.get(name)
        if isinstance(value, Mapping | list):
            raise ValueError(f"{name} is not a single value")
        return str(value).strip() if value is not None else ""

    text = normalize_text(record["text"])
    try:
        meta = ArticleMeta(
            text=text,
            title=field("title"),
            outlet=field("outlet"),
            url=field("url"),
            published=parse_published(record.get("published", record.get("date"))),
            source=source,
        )
    except ValueError as exc:  # the store's readers reject such a record too
        return _failure(source, identity, str(exc))
    if not text:
        return SourceArticle(meta, "empty article")
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        return SourceArticle(meta, "too large: article text over 2 MB")
    return SourceArticle(meta)


def _failure(source: str, raw: bytes, error: str) -> SourceArticle:
    meta = ArticleMeta(text="", source=source, digest=hashlib.sha256(raw).hexdigest())
    return SourceArticle(meta, error)
