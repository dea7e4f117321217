"""Film knowledge on real filming news: places, roles, productions, dates.

Usage: python -m bench.filming [DEV.jsonl] [--workers 2] [--explain] [--split even|odd]

Runs `reelmap extract --jsonl` over the dev set's texts (only the text and a full
publication date are given to the parser, never the labels), scores the output
with the dev set's own score_filming.py, and prints the table the film-layer
issue tracks, the confusion between roles, per-language figures and throughput.
`--split` scores one half of the items (by position), for checking that a change
fitted on one half also holds on the other.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "filming-dev.jsonl"
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TARGETS = (
    ("filming places: precision", ("filming_places", "precision"), 0.85),
    ("filming places: recall", ("filming_places", "recall"), 0.75),
    ("role accuracy on places found", ("roles", "accuracy"), 0.80),
    ("main productions: recall", ("productions", "recall_main"), 0.80),
    ("productions: precision", ("productions", "precision"), 0.90),
    ("dated events: F1", ("events", "f1"), 0.70),
)


def load_scorer(dev: Path) -> ModuleType:
    """The dev set's own scorer, imported from beside it (it is not copied here)."""
    path = dev.parent / "score_filming.py"
    spec = importlib.util.spec_from_file_location("score_filming", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"bench.filming: no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(items: dict[str, dict[str, Any]], workers: int, tmp: Path) -> tuple[Path, float]:
    """Run the real command line over the texts; return its output and wall time."""
    inputs, output = tmp / "in.jsonl", tmp / "out.jsonl"
    with inputs.open("w", encoding="utf-8") as handle:
        for doc_id, item in items.items():
            record = {"doc_id": doc_id, "text": item["text"]}
            if FULL_DATE.fullmatch(str(item.get("published") or "")):
                record["published"] = item["published"]
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    reelmap = Path(sys.executable).with_name("reelmap")
    command = [str(reelmap), "extract", "--jsonl", str(inputs), "--out", str(output)]
    started = time.perf_counter()
    subprocess.run([*command, "--workers", str(workers), "--quiet"], check=True)
    return output, time.perf_counter() - started


def figure(result: dict[str, Any], path: tuple[str, str]) -> float | None:
    value = result[path[0]][path[1]]
    return None if value is None else float(value)


def print_table(result: dict[str, Any], title: str) -> None:
    print(f"\n{title}")
    print("| figure | measured | target | met |\n|---|---|---|---|")
    for label, path, target in TARGETS:
        value = figure(result, path)
        shown = "-" if value is None else f"{value:.3f}"
        met = "yes" if value is not None and value >= target else "no"
        print(f"| {label} | {shown} | >= {target:.2f} | {met} |")
    places = result["filming_places"]
    print(f"({places['pins']} filming pins against {places['gold']} gold filming places)")


def print_confusion(result: dict[str, Any]) -> None:
    roles = ("filmed", "planned", "setting", "scouted", "other")
    cells = result["roles"]["confusion_gold_to_pred"]
    print("\nroles, gold (rows) -> predicted (columns)")
    print("| gold | " + " | ".join(roles) + " |")
    print("|---" * (len(roles) + 1) + "|")
    for gold in roles:
        row = [str(cells.get(f"{gold}->{pred}", 0)) for pred in roles]
        print(f"| {gold} | " + " | ".join(row) + " |")


def recall_bound(scorer: ModuleType, gold: dict[str, Any], predictions: dict[str, Any]) -> float:
    """Filming-place recall if every placed mention were a filming pin.

    What better roles alone could reach: the gold filming places beyond it are
    ones the parser does not find or cannot place (mostly landmarks the
    gazetteer lacks, which stay approximate and are not pins).
    """
    everywhere = {
        doc_id: {**record, "toponyms": [{**t, "role": "filmed"} for t in record["toponyms"]]}
        for doc_id, record in predictions.items()
    }
    return float(scorer.score(gold, everywhere)["filming_places"]["recall"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", type=Path, nargs="?", default=DEFAULT_DEV)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--explain", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--split", choices=("even", "odd"), help="score one half of the items")
    ap.add_argument("--keep", type=Path, help="also write the predictions to this file")
    args = ap.parse_args()
    if not args.dev.exists():
        raise SystemExit(f"bench.filming: {args.dev} not found (the dev set is not in the project)")
    scorer = load_scorer(args.dev)
    gold = scorer.load(str(args.dev))
    if args.split:
        keep = 0 if args.split == "even" else 1
        gold = {k: v for n, (k, v) in enumerate(gold.items()) if n % 2 == keep}

    with tempfile.TemporaryDirectory() as tmp:
        output, seconds = extract(gold, args.workers, Path(tmp))
        predictions = scorer.load(str(output))
        if args.keep:
            args.keep.write_bytes(output.read_bytes())
    result = scorer.score(gold, predictions, explain=args.explain)
    characters = sum(len(item["text"]) for item in gold.values())

    print_table(result, f"all {len(gold)} items ({args.dev.name})")
    bound = recall_bound(scorer, gold, predictions)
    print(f"recall bound: {bound:.3f} if every placed mention were a filming pin")
    print_confusion(result)
    languages = sorted({str(item.get("language")) for item in gold.values()})
    print("\nper language")
    print("| language | items | pin P | pin R | roles | prod R | prod P | events F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for language in languages:
        subset = {k: v for k, v in gold.items() if v.get("language") == language}
        part = scorer.score(subset, predictions)
        values = [figure(part, path) for _, path, _ in TARGETS]
        shown = " | ".join("-" if v is None else f"{v:.2f}" for v in values)
        print(f"| {language} | {len(subset)} | {shown} |")
    print(
        f"\nthroughput: {len(gold) / seconds:.1f} documents/s, "
        f"{characters / seconds / 1000:.1f} k characters/s with {args.workers} workers "
        f"({seconds:.1f} s wall clock, start-up included)"
    )
    if args.explain:
        for doc_id, lines in result.get("explain", {}).items():
            print(f"\n{doc_id}")
            for line in lines:
                print(f"  {line}")


if __name__ == "__main__":
    main()
