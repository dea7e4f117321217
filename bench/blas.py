"""The entity recogniser's matrix products: numpy's BLAS against thinc's blis.

Reelmap runs spaCy's recogniser through numpy's BLAS (OpenBLAS in numpy's
wheels), one thread, instead of thinc's default blis (dashboard/geoparse/nlp.py).
This prints the recogniser's time per article with each, measured in the same
process in alternating rounds so that a busy machine disturbs both alike, the
ratio, and whether the two give the same entities to the token.

    python -m bench.blas [--rounds 3] [FILE.jsonl]

Texts: the demo articles in data/articles/, or the `text` of each line of a
JSONL file (such as the LGL dev set).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from thinc.api import NumpyOps

from dashboard.geoparse.nlp import Entities
from dashboard.geoparse.recognize import load_nlp
from dashboard.store.readers import read_file

ROOT = Path(__file__).resolve().parents[1]


def texts_from(path: Path | None) -> list[str]:
    if path is None:
        paths = sorted((ROOT / "data" / "articles").glob("*.md"))
        return [a.meta.text for p in paths for a in read_file(p) if a.error is None]
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", nargs="?", type=Path, help="texts (default: the demo articles)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = texts_from(args.jsonl)
    nlp = load_nlp()
    entities = nlp.get_pipe("ner")
    assert isinstance(entities, Entities)
    model = entities.ner.model
    backends = {"numpy BLAS": NumpyOps(use_blis=False), "blis": NumpyOps(use_blis=True)}
    times: dict[str, list[float]] = {name: [] for name in backends}
    found: dict[str, list[list[tuple[int, int, str]]]] = {}
    for _ in range(args.rounds):
        for name, ops in backends.items():
            for node in model.walk():
                node.ops = ops
            entities.ops = ops
            start = time.process_time()
            docs = list(nlp.pipe(texts, batch_size=1))
            times[name].append((time.process_time() - start) / len(texts) * 1000)
            found[name] = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]
    print(f"{len(texts)} articles, {args.rounds} alternating rounds, spaCy pipeline CPU time")
    for name, values in times.items():
        rounds = " ".join(f"{v:.1f}" for v in values)
        print(f"  {name:<10} {statistics.median(values):6.1f} ms per article (rounds: {rounds})")
    ratio = statistics.median(times["blis"]) / statistics.median(times["numpy BLAS"])
    print(f"blis / numpy BLAS: {ratio:.2f}x")
    same = found["blis"] == found["numpy BLAS"]
    print(f"same entities with both: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
