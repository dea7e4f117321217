"""Ingest throughput: articles per second with 1 and 2 workers, and the store's size on disk.

Builds a corpus of 1,000 articles from the demo articles in data/articles/ (each copy
gets a closing line of its own, so every copy has its own content hash), then
runs `python -m dashboard.store.ingest_main` on it once per worker count into a
fresh SQLite store. Times are wall clock from start to exit, so they include
loading spaCy and the gazetteer, as a user running the command would see.

    python -m bench.ingest [--articles 1000] [--workers 1 2] [--data data/articles]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

from dashboard.store.readers import ArticleMeta, discover, read_file

ROOT = Path(__file__).resolve().parents[1]


def demo_articles(folder: Path) -> list[ArticleMeta]:
    """Every readable article in the demo corpus."""
    articles = [s.meta for path in discover([folder]) for s in read_file(path) if s.error is None]
    if not articles:
        raise SystemExit(f"no demo articles found in {folder}")
    return articles


def build_corpus(demo: Sequence[ArticleMeta], folder: Path, count: int) -> None:
    """`count` Markdown articles cycling through `demo`, each made unique by its last line."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        meta = demo[i % len(demo)]
        front = {"title": meta.title, "outlet": meta.outlet, "url": meta.url}
        if meta.published:
            front["published"] = meta.published.isoformat()
        body = f"{meta.text}\n\n(Copy {i} of this report, made for the ingest benchmark.)\n"
        text = f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{body}"
        (folder / f"copy-{i:05d}.md").write_text(text, encoding="utf-8")


def store_size(db: Path) -> int:
    """Bytes on disk of a SQLite store, with its WAL and shared-memory files."""
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def run_ingest(corpus: Path, db: Path, workers: int) -> tuple[int, float]:
    """Ingest in a fresh process; return (new articles, seconds)."""
    command = [
        sys.executable,
        "-m",
        "dashboard.store.ingest_main",
        "--db",
        str(db),
        "--workers",
        str(workers),
        "--no-progress",
        str(corpus),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    found = re.match(r"(\d+) new", done.stdout)
    if found is None:
        raise SystemExit(f"unexpected ingest output: {done.stdout!r} {done.stderr[-500:]!r}")
    return int(found.group(1)), seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "articles")
    args = parser.parse_args(argv)

    demo = demo_articles(args.data)
    with tempfile.TemporaryDirectory(prefix="reelmap-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        build_corpus(demo, corpus, args.articles)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.iterdir())
        print(f"corpus: {args.articles} articles from {len(demo)} demo articles, {words:,} words")
        for workers in args.workers:
            db = Path(tmp) / f"store-{workers}.sqlite"
            new, seconds = run_ingest(corpus, db, workers)
            print(
                f"{workers} worker{'s' if workers > 1 else ''}: {new} articles in {seconds:.1f} s"
                f" = {new / seconds:.1f} articles/s; store {store_size(db) / 1e6:.1f} MB on disk"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
