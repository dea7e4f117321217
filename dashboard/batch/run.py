"""Running a batch: plan partitions, compute them on a Dask cluster, load the store.

The driver (this process) only plans, watches and loads; workers read the
sources and write the Parquet tables themselves, so the output folder and
the sources must be visible to every worker (one machine, or a shared file
system on a cluster). Loading into the store happens here, one transaction
per partition as each completes, so SQLite's single writer is respected and
PostgreSQL gets COPY.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
from distributed import Client, LocalCluster, as_completed
from sqlalchemy.engine import Engine
from tqdm import tqdm

from dashboard.batch import DEFAULT_PARTITION_SIZE, FAILURES_FILE
from dashboard.batch.sources import PartitionSpec, discover, plan
from dashboard.batch.tables import (
    read_manifest,
    read_partition_tables,
    table_path,
)
from dashboard.batch.work import ParserPlugin, PartitionReport, process_partition


@dataclass
class BatchSummary:
    """What a batch did; `str()` gives the report printed at the end."""

    partitions: int = 0
    skipped_partitions: int = 0  # written by an earlier run
    read: int = 0
    passed: int = 0
    gated: int = 0
    parsed: int = 0
    failed: int = 0
    places: int = 0  # distinct places in the output
    mentions: int = 0
    landmarks_file: str = ""  # the GeoNames dump landmarks were placed from, if any
    landmarks_placed: int = 0
    stored_new: int = 0
    stored_unchanged: int = 0
    seconds: float = 0.0
    broken_partitions: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles read per second of wall clock."""
        return self.read / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        lines = [
            f"{self.read} articles read in {self.partitions} partitions "
            f"({self.skipped_partitions} already written); {self.passed} passed the gate "
            f"({self.gated} skipped by it), "
            f"{self.parsed} parsed, {self.failed} failed; {self.places} places, "
            f"{self.mentions} mentions; {self.seconds:.1f} s, {self.rate:.1f} articles/s",
        ]
        if self.landmarks_file:
            lines.append(
                f"landmarks: {self.landmarks_placed} mentions placed from {self.landmarks_file}"
            )
        if self.stored_new or self.stored_unchanged:
            lines.append(f"store: {self.stored_new} new, {self.stored_unchanged} unchanged")
        lines.extend(f"partition failed: {label}" for label in self.broken_partitions)
        return "\n".join(lines)


def run_batch(
    sources: Sequence[str],
    out: Path,
    *,
    engine: Engine | None = None,
    client: Client | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    gate: bool = True,
    landmarks_file: Path | None = None,
    progress: bool = True,
) -> BatchSummary:
    """Geoparse every article of `sources` into Parquet under `out` (and the store, if given).

    Uses `client` if given, else connects to `scheduler`, else starts a
    LocalCluster of `workers` processes for the duration of the call. With
    `landmarks_file` (a GeoNames dump every worker can read), workers place the
    approximate landmarks of each article from it, as `extract --landmarks-file` does.
    """
    started = time.perf_counter()
    specs = plan(discover(sources), partition_size)
    out.mkdir(parents=True, exist_ok=True)
    landmarks = str(landmarks_file.resolve()) if landmarks_file is not None else None
    summary = BatchSummary(
        partitions=len(specs), landmarks_file=landmarks_file.name if landmarks_file else ""
    )
    broken: dict[str, str] = {}
    for spec in specs:
        if spec.error:
            broken[spec.id] = spec.error
            summary.broken_partitions.append(f"{spec.path}: {spec.error}")
    written = {s.id: read_manifest(out, s.id) for s in specs if not s.error}
    todo = [s for s in specs if not s.error and written[s.id] is None]
    with ExitStack() as stack:
        earlier = [(s, m) for s in specs if (m := written.get(s.id)) is not None]
        results: Iterator[tuple[PartitionSpec, PartitionReport | None, str | None]] = (
            (s, PartitionReport.from_dict(m, skipped=True), None) for s, m in earlier
        )
        if todo:  # no cluster, and no models loaded, when every partition is written
            if client is None:
                client = stack.enter_context(_client(scheduler, workers))
            if progress and scheduler and client.dashboard_link:
                print(f"reelmap: Dask dashboard at {client.dashboard_link}", file=sys.stderr)
            client.register_plugin(ParserPlugin())
            results = itertools.chain(results, _compute(client, todo, out, gate, landmarks))
        bar = stack.enter_context(
            tqdm(total=len(specs), unit="partition", disable=not progress, file=sys.stderr)
        )
        for spec, report, error in results:
            if error is not None:
                broken[spec.id] = error
                summary.broken_partitions.append(f"{spec.label}: {error}")
            else:
                assert report is not None
                _count(summary, report)
                if engine is not None:
                    _load(engine, out, spec, summary)
            bar.update(1)
            bar.set_postfix(parsed=summary.parsed, failed=summary.failed, refresh=False)
    summary.places = _distinct_places(out, [s for s in specs if s.id not in broken])
    _write_failures(out, specs, broken)
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a LocalCluster started (and stopped) here."""
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # Build the gazetteer once here, before every new worker finds it missing and builds its own.
    from dashboard.gazetteer import Gazetteer

    Gazetteer.open()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _compute(
    client: Client, specs: Sequence[PartitionSpec], out: Path, gate: bool, landmarks: str | None
) -> Iterator[tuple[PartitionSpec, PartitionReport | None, str | None]]:
    """(spec, report, error) for each partition computed on the cluster, as they complete."""
    # Task keys name the output too: a scheduler may still hold a result of the same
    # partition computed for another output folder, and must not hand that back.
    run = hashlib.sha256(f"{out.resolve()}\0{gate}\0{landmarks}".encode()).hexdigest()[:12]
    by_key = {f"reelmap-partition-{s.id}-{run}": s for s in specs}
    futures = client.map(
        process_partition,
        specs,
        out=str(out),
        gate=gate,
        landmarks_file=landmarks,
        key=list(by_key),
        retries=1,
    )
    for future in as_completed(futures):
        spec = by_key[future.key]
        try:
            yield spec, future.result(), None
        except Exception as exc:  # one unreadable file must not stop the batch: report it
            yield spec, None, f"{type(exc).__name__}: {exc}"
        finally:
            future.release()


def _count(summary: BatchSummary, report: PartitionReport) -> None:
    summary.skipped_partitions += report.skipped
    summary.read += report.read
    summary.passed += report.passed
    summary.gated += report.gated
    summary.parsed += report.parsed
    summary.failed += report.failed
    summary.mentions += report.mentions
    summary.landmarks_placed += report.landmarks_placed


def _load(engine: Engine, out: Path, spec: PartitionSpec, summary: BatchSummary) -> None:
    from dashboard.store.bulk import PartitionData, load_partition

    tables = read_partition_tables(out, spec.id)
    names = PartitionData.__dataclass_fields__
    loaded = load_partition(engine, PartitionData(**{n: tables[n].to_pylist() for n in names}))
    summary.stored_new += loaded.new
    summary.stored_unchanged += loaded.unchanged


def _distinct_places(out: Path, specs: Sequence[PartitionSpec]) -> int:
    keys: set[str] = set()
    for spec in specs:
        table = pq.read_table(table_path(out, "places", spec.id), columns=["key"])
        keys.update(table["key"].to_pylist())
    return len(keys)


def _write_failures(out: Path, specs: Sequence[PartitionSpec], broken: dict[str, str]) -> None:
    """One file listing every record that failed, with its reason, in input order."""
    lines = []
    for spec in specs:
        if spec.id in broken:
            lines.append({"source": spec.label, "reason": f"partition failed: {broken[spec.id]}"})
            continue
        lines.extend(pq.read_table(table_path(out, "failures", spec.id)).to_pylist())
    target = out / FAILURES_FILE
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    temporary.replace(target)
