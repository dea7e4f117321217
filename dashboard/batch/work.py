"""What runs on a Dask worker: load the models once, then geoparse whole partitions.

The worker plugin loads spaCy and the gazetteer when a worker process starts
(and again in a worker the nanny restarts), through the same per-process
`default_parser()` cache every other caller uses. A task reads one partition,
gates and parses its articles, and writes its tables. Written partitions are
found by their manifest and not done twice, so a task Dask retries after a
worker was lost, or a rerun of the whole batch, repeats no work and writes
the same bytes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from dashboard.batch.gate import passes
from dashboard.batch.sources import PartitionSpec, read_partition
from dashboard.batch.tables import PartitionRows, read_manifest, write_partition

if TYPE_CHECKING:
    from dashboard.geocoders.landmarks import LandmarkPlacer
    from dashboard.model import ArticleResult

_WARM_UP_TEXT = "The crew filmed in Oslo, Norway last week."
# spaCy pipelines are not documented as thread-safe; workers may run several threads
_PARSE_LOCK = threading.Lock()


class ParserPlugin(WorkerPlugin):
    """Loads the geoparser into each worker process before its first task."""

    name = "reelmap-parser"

    def setup(self, worker: Any) -> None:
        from dashboard.geoparse import default_parser

        with _PARSE_LOCK:
            default_parser().parse(_WARM_UP_TEXT)


@dataclass(frozen=True, slots=True)
class PartitionReport:
    """What one partition held and what became of it (the manifest's content)."""

    id: str
    label: str
    read: int = 0
    passed: int = 0
    gated: int = 0  # read fine, skipped by the relevance gate
    parsed: int = 0
    failed: int = 0
    places: int = 0
    mentions: int = 0
    landmarks_placed: int = 0  # approximate landmarks given a point by --landmarks-file
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0  # this worker process's CPU time: the cost on a dedicated core
    skipped: bool = False  # written by an earlier run or attempt

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, value: dict[str, Any], *, skipped: bool = False) -> PartitionReport:
        fields = {k: value[k] for k in cls.__dataclass_fields__ if k in value}
        return cls(**{**fields, "skipped": skipped})


def process_partition(
    spec: PartitionSpec, out: str, gate: bool = True, landmarks_file: str | None = None
) -> PartitionReport:
    """Read, gate, geoparse and write one partition (a Dask task; safe to run twice).

    With `landmarks_file`, approximate landmarks are placed from that GeoNames dump.
    """
    folder = Path(out)
    done = read_manifest(folder, spec.id)
    if done is not None:
        return PartitionReport.from_dict(done, skipped=True)
    from dashboard.geoparse import ParseError, parse_article

    started, cpu_started = time.perf_counter(), time.process_time()
    rows = PartitionRows()
    read = passed = gated = placed = 0
    for source in read_partition(spec):
        read += 1
        meta = source.meta
        if source.error is not None:
            rows.add_failure(meta.source, source.error)
            continue
        if gate and not passes(meta.text, meta.title):
            gated += 1
            continue
        passed += 1
        try:
            with _PARSE_LOCK:
                result = parse_article(meta.text, meta.published, headline=meta.title)
                if landmarks_file is not None:
                    located = _file_placer(landmarks_file).place(result)
                    placed += _newly_placed(result, located)
                    result = located
        except ParseError as exc:
            rows.add_failure(meta.source, str(exc))
            continue
        except Exception as exc:  # a geoparser bug must not stop the batch: record it, go on
            rows.add_failure(meta.source, f"geoparser error: {type(exc).__name__}: {exc}")
            continue
        rows.add(meta, result)
    tables = rows.tables()
    report = PartitionReport(
        id=spec.id,
        label=spec.label,
        read=read,
        passed=passed,
        gated=gated,
        parsed=tables["articles"].num_rows,
        failed=tables["failures"].num_rows,
        places=tables["places"].num_rows,
        mentions=tables["mentions"].num_rows,
        landmarks_placed=placed,
        seconds=round(time.perf_counter() - started, 3),
        cpu_seconds=round(time.process_time() - cpu_started, 3),
    )
    write_partition(folder, spec.id, tables, report.to_dict())
    return report


@lru_cache(maxsize=1)
def _file_placer(path: str) -> LandmarkPlacer:
    """The dump, read once per worker process by the first task that needs it."""
    from dashboard.geocoders.landmarks import file_placer

    return file_placer(Path(path))


def _newly_placed(before: ArticleResult, after: ArticleResult) -> int:
    return sum(
        a.approximate and not b.approximate
        for a, b in zip(before.toponyms, after.toponyms, strict=True)
    )
