"""Geoparsing quality and speed on the LGL dev set, beside nine published systems.

Usage: python -m bench.lgl [--eval-dir ../shared/eval] [--workers 2] [--limit N]

Runs `reelmap extract --jsonl` over the dev set's texts (gold answers are
never given to the parser), scores the output with the dev set's own
score.py (--match eupeg) and prints one table with the stored outputs of the
published systems, then throughput (documents/s with all workers; CPU time
per document over all processes, which a shared machine's load disturbs less;
and the start-up alone, timed on a one-document run) and peak memory (largest
process, and the gazetteer alone).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = (
    "CLAVIN",
    "CamCoder",
    "DBpedia",
    "Edinburgh",
    "GeoTxt",
    "SpaCyNER",
    "StanfordNER",
    "TopoCluster",
    "Yahoo",
)


def score(scorer: Path, gold: Path, predictions: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(predictions), "--match", "eupeg", "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out)
    recognition = result["recognition"]["eupeg"]
    resolution = result["resolution"]
    return {
        "P": recognition["precision"],
        "R": recognition["recall"],
        "F1": recognition["f1"],
        "acc@161": resolution["acc@k"],
        "AUC": resolution["AUC"],
    }


def peak_rss_mb(code: str) -> float:
    """Peak RSS of a fresh interpreter running `code` (ru_maxrss of the child)."""
    script = f"{code}\nimport resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    return int(out) / 1024


def extract(inputs: Path, out: Path, workers: int) -> tuple[float, resource.struct_rusage, float]:
    """Run `reelmap extract --jsonl`: (wall seconds, its rusage with its workers', peak MB)."""
    command = [sys.executable, "-m", "dashboard.cli", "extract", "--jsonl", str(inputs)]
    command += ["--out", str(out), "--workers", str(workers), "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        sys.exit(f"extract failed with status {status}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, usage, max(usage.ru_maxrss, children.ru_maxrss) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = ap.parse_args()
    gold = args.eval_dir / "LGL.gold.jsonl"
    scorer = args.eval_dir / "score.py"

    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in.jsonl"
        ours = Path(tmp) / "reelmap.jsonl"
        count = 0
        with gold.open() as src, inputs.open("w") as dst:
            for line in src:
                if args.limit and count >= args.limit:
                    break
                doc = json.loads(line)
                dst.write(json.dumps({"doc_id": doc["doc_id"], "text": doc["text"]}) + "\n")
                count += 1
        # Warm the gazetteer cache so the timing measures parsing, not the one-off build.
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from dashboard.gazetteer import Gazetteer; Gazetteer.open(progress=False)",
            ],
            check=True,
        )
        first = Path(tmp) / "first.jsonl"
        with inputs.open() as src:
            first.write_text(src.readline())
        startup, _, _ = extract(first, Path(tmp) / "first.out.jsonl", args.workers)
        load = os.getloadavg()[0]
        elapsed, usage, peak = extract(inputs, ours, args.workers)
        cpu = usage.ru_utime + usage.ru_stime  # extract and its workers, reaped before it exits

        rows = [("Reelmap", score(scorer, gold, ours))]
        for system in SYSTEMS:
            stored = args.eval_dir / f"LGL.{system}.jsonl"
            if stored.exists():
                rows.append((system, score(scorer, gold, stored)))

    print(f"LGL dev set, {count} documents, --match eupeg (AUC: lower is better)")
    print(f"{'system':<12} {'P':>6} {'R':>6} {'F1':>6} {'acc@161':>8} {'AUC':>6}")
    for name, s in sorted(rows, key=lambda r: -r[1]["F1"]):
        auc = f"{s['AUC']:.3f}" if s["AUC"] is not None else "   -"
        print(f"{name:<12} {s['P']:6.3f} {s['R']:6.3f} {s['F1']:6.3f} {s['acc@161']:8.3f} {auc:>6}")
    gazetteer = peak_rss_mb(
        "from dashboard.gazetteer import Gazetteer; "
        "g = Gazetteer.open(progress=False); g.lookup('Paris')"
    )
    baseline = peak_rss_mb("import dashboard.model")
    print(
        f"\nthroughput: {count / elapsed:.1f} documents/s with {args.workers} worker(s) "
        f"({elapsed:.1f} s wall, including start-up; load average {load:.1f} before)"
    )
    print(
        f"cpu: {1000 * cpu / count:.0f} ms per document over all processes ({cpu:.1f} s); "
        f"start-up alone: {startup:.1f} s wall for a one-document run"
    )
    print(f"peak memory: {peak:.0f} MB (largest single process)")
    print(
        f"gazetteer loaded alone: {gazetteer - baseline:.0f} MB above a bare interpreter "
        f"({gazetteer:.0f} MB peak)"
    )


if __name__ == "__main__":
    main()
