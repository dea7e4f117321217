"""`reelmap batch` on Dask against today's `reelmap ingest --workers`, and the gate's effect.

    python -m bench.batch [--articles 200] [--full] [--eval-dir ../shared/eval]

1. Overhead: the same filming articles (demo articles in data/articles/, each copy
   made unique by a closing line) through `ingest --workers 1/2` (a fresh process,
   SQLite) and through the batch on a LocalCluster of 1 and 2 workers, gate off,
   loading the same kind of SQLite store. Wall clock from start to end, models
   loading included on both sides; the ratio is batch time / ingest time.
2. The gate: a realistic mix, local news (LGL's texts, if ../shared/eval is there)
   9:1 with the filming articles, through the batch with the gate on and off.
3. The gate's recall on the filming dev set and its skip share on LGL, alone.
4. Peak memory per worker, and a projection of the cores needed for 10 million
   articles in 24 hours from the per-core rate: articles per CPU second the workers
   spent inside partitions (so other load on the machine does not inflate it).

The default (200 articles) runs in a few minutes on 2 cores; --full uses the
issue's 2,000.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster

from bench.ingest import build_corpus, demo_articles, run_ingest
from dashboard.batch.gate import passes
from dashboard.batch.run import BatchSummary, run_batch
from dashboard.store import connect
from dashboard.store.readers import ArticleMeta

ROOT = Path(__file__).resolve().parents[1]
TARGET_ARTICLES, TARGET_SECONDS = 10_000_000, 24 * 3600


def write_jsonl(path: Path, records: Sequence[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def filming_records(demo: Sequence[ArticleMeta], count: int, tag: str) -> list[dict[str, Any]]:
    """The same copies bench.ingest writes as Markdown, as JSONL records."""
    records = []
    for i in range(count):
        meta = demo[i % len(demo)]
        records.append(
            {
                "text": f"{meta.text}\n\n(Copy {i} of this report, made for the {tag} benchmark.)",
                "title": meta.title,
                "outlet": meta.outlet,
                "url": meta.url,
                "published": meta.published.isoformat() if meta.published else None,
            }
        )
    return records


def local_news(lgl: Path, count: int) -> list[dict[str, Any]]:
    texts = [json.loads(line)["text"] for line in lgl.open(encoding="utf-8") if line.strip()]
    return [{"text": f"{texts[i % len(texts)]}\n\n(Copy {i}.)"} for i in range(count)]


def timed_batch(
    source: Path, out: Path, workers: int, *, gate: bool, partition_size: int, db: Path | None
) -> tuple[BatchSummary, float, list[float]]:
    """Run the batch on a fresh LocalCluster; (summary, seconds with start-up, peak MB/worker)."""
    started = time.perf_counter()
    engine = connect(str(db)) if db else None
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        summary = run_batch(
            [str(source)],
            out,
            engine=engine,
            client=client,
            partition_size=partition_size,
            gate=gate,
            progress=False,
        )
        seconds = time.perf_counter() - started
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if engine is not None:
        engine.dispose()
    return summary, seconds, sorted(peaks.values())


def cpu_seconds(out: Path) -> float:
    """Seconds the workers spent in partitions (no start-up): the per-core cost."""
    return sum(json.loads(p.read_text())["seconds"] for p in (out / "_partitions").glob("*.json"))


def gate_figures(eval_dir: Path) -> None:
    dev, lgl = eval_dir / "filming-dev.jsonl", eval_dir / "LGL.gold.jsonl"
    if not (dev.exists() and lgl.exists()):
        print(f"gate: {eval_dir} has no filming-dev.jsonl / LGL.gold.jsonl; skipped")
        return
    items = [json.loads(line) for line in dev.open(encoding="utf-8")]
    about = [d for d in items if d.get("productions")]
    controls = [d for d in items if not d.get("productions")]
    local = [json.loads(line)["text"] for line in lgl.open(encoding="utf-8")]
    started = time.perf_counter()
    kept = sum(passes(d["text"]) for d in about)
    control_kept = sum(passes(d["text"]) for d in controls)
    skipped = sum(not passes(t) for t in local)
    per_article = (time.perf_counter() - started) / (len(items) + len(local))
    print(
        f"gate: recall {kept}/{len(about)} = {kept / len(about):.3f} on filming-dev items with "
        f"productions ({control_kept}/{len(controls)} controls without productions pass too); "
        f"skips {skipped}/{len(local)} = {skipped / len(local):.3f} of LGL; "
        f"{per_article * 1e6:.0f} µs per article"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=200, help="filming articles (default 200)")
    parser.add_argument("--full", action="store_true", help="the issue's 2,000 articles")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "articles")
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--partition-size", type=int, default=0, help="default: articles / 8")
    args = parser.parse_args(argv)
    count = 2000 if args.full else args.articles
    size = args.partition_size or max(10, count // 8)

    gate_figures(args.eval_dir)
    demo = demo_articles(args.data)
    with tempfile.TemporaryDirectory(prefix="reelmap-bench-batch-") as tmp_name:
        tmp = Path(tmp_name)
        build_corpus(demo, tmp / "md", count)
        source = write_jsonl(tmp / "filming.jsonl", filming_records(demo, count, "ingest"))
        print(f"corpus: {count} filming articles from {len(demo)} demo articles; "
              f"partitions of {size}")  # fmt: skip
        per_core = 0.0
        for workers in (1, 2):
            new, ingest_s = run_ingest(tmp / "md", tmp / f"ingest-{workers}.sqlite", workers)
            summary, batch_s, peaks = timed_batch(
                source, tmp / f"out-{workers}", workers, gate=False, partition_size=size,
                db=tmp / f"batch-{workers}.sqlite",
            )  # fmt: skip
            if workers == 1:
                per_core = summary.parsed / cpu_seconds(tmp / f"out-{workers}")
            print(
                f"{workers} worker(s): ingest {new / ingest_s:.1f} articles/s ({ingest_s:.1f} s), "
                f"batch {summary.parsed / batch_s:.1f} articles/s ({batch_s:.1f} s): "
                f"batch/ingest time {batch_s / ingest_s:.2f}; "
                f"peak per worker {', '.join(f'{p:.0f}' for p in peaks)} MB"
            )
        print(f"per-core rate, filming articles (CPU time in partitions): {per_core:.1f}/s")
        projections = [("filming articles only", per_core)]

        lgl = args.eval_dir / "LGL.gold.jsonl"
        if not lgl.exists():
            print(f"mix: {lgl} not found; the gate's throughput gain is not measured")
        else:
            filming = filming_records(demo, max(1, count // 10), "mix")
            mix = write_jsonl(tmp / "mix.jsonl", local_news(lgl, count - len(filming)) + filming)
            results = {}
            for gate in (False, True):
                out = tmp / f"mix-{'gated' if gate else 'all'}"
                summary, seconds, _ = timed_batch(
                    mix, out, 2, gate=gate, partition_size=size, db=None
                )
                results[gate] = (summary, seconds, summary.read / cpu_seconds(out))
            (s_all, t_all, c_all), (s_gate, t_gate, c_gate) = results[False], results[True]
            projections += [("mix, ungated", c_all), ("mix, gated", c_gate)]
            print(
                f"mix 9:1 LGL:filming, {s_gate.read} articles, 2 workers: gate skips "
                f"{s_gate.gated}/{s_gate.read} = {s_gate.gated / s_gate.read:.3f}; "
                f"ungated {s_all.read / t_all:.1f} articles/s, gated {s_gate.read / t_gate:.1f} "
                f"articles/s wall clock (x{t_all / t_gate:.1f}); per core (CPU time in "
                f"partitions) x{c_gate / c_all:.1f}: {c_all:.1f} -> {c_gate:.1f} articles/s"
            )
        for label, rate in projections:
            cores = TARGET_ARTICLES / TARGET_SECONDS / rate
            print(f"projection, {label}: {cores:.0f} cores for 10 million articles in 24 h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
