"""`reelmap batch`: the relevance gate, sources, and real runs on a Dask LocalCluster.

The cluster tests start one LocalCluster of 2 worker processes for the module
and run the batch on a few demo articles mixed with local news and malformed
records, in the three source formats. They check the output against
`reelmap extract` and `reelmap ingest` run in this process, then kill a worker
mid-run and rerun.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from distributed import Client, LocalCluster
from sqlalchemy.engine import Engine
from test_geonames_file import DUMP
from test_landmarks import ARTICLE as LANDMARK_ARTICLE
from test_landmarks import extracted

from dashboard.batch import FAILURES_FILE
from dashboard.batch.gate import passes
from dashboard.batch.run import BatchSummary, run_batch
from dashboard.batch.sources import SourceError, discover, plan, read_partition
from dashboard.cli import main as reelmap
from dashboard.store import connect, schema
from dashboard.store.ingest import ingest_paths
from dashboard.store.readers import ArticleMeta, read_file, text_hash

pytest_plugins = ["store_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
SQUARE = "Pulaski Square"  # a landmark of LANDMARK_ARTICLE that the file DUMP places
DEMO = ROOT / "data" / "articles"
DEADLINE_S = 120.0
LOCAL_NEWS = [
    "The city council voted on Tuesday to repave Main Street and add a bus lane. "
    "The parks director said work starts in May. Report {n}.",
    "Police said a shooting near the high school left one man injured; fire crews closed "
    "two roads for an hour. Report {n}.",
    "The school board approved a series of budget cuts after a long meeting in the "
    "library studio. Report {n}.",
]


# --- The relevance gate


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("", "The crew filmed scenes for the new thriller in the old harbour last week."),
        ("Movie shoot closes bridge", "Extras are needed on Friday, the producers said."),
        ("", "El rodaje de la película comenzó en Valencia con cientos de extras."),
        ("", "Le tournage de la série a commencé à Ajaccio, selon la production."),
        ("", "Die Dreharbeiten für den neuen Kinofilm beginnen im Mai in Salzburg."),
        ("", "Le riprese del film sono iniziate a Palermo con attori locali."),
        ("", "Netflix's new series shot its opening scenes on location in Cape Town."),
    ],
)
def test_gate_passes_filming_news(title: str, text: str) -> None:
    assert passes(text, title)


@pytest.mark.parametrize("template", LOCAL_NEWS)
def test_gate_skips_local_news(template: str) -> None:
    assert not passes(template.format(n=1))


def test_gate_needs_a_screen_word_not_only_ambiguous_ones() -> None:
    text = "Crews were at the scene of the shooting; the studio's director said production stops."
    assert not passes(text)
    assert passes(text + " The film will open next year.")


# --- Sources


def _records(count: int) -> list[dict[str, Any]]:
    metas = [s.meta for p in sorted(DEMO.glob("*.md")) for s in read_file(p) if s.error is None]
    if len(metas) < count:
        pytest.skip(f"needs {count} demo articles in {DEMO}")
    return [_record(m) for m in metas[:count]]


def _record(meta: ArticleMeta) -> dict[str, Any]:
    return {
        "text": meta.text,
        "title": meta.title,
        "outlet": meta.outlet,
        "url": meta.url,
        "published": meta.published.isoformat() if meta.published else None,
    }


def _write(path: Path, records: list[Any], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    body = ("\n".join(lines) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".parquet"):
        pq.write_table(pa.Table.from_pylist(records), path, row_group_size=2)
    elif path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(body))
    else:
        path.write_bytes(body)
    return path


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz", "a.parquet"])
@pytest.mark.parametrize("size", [1, 2, 3, 50])
def test_partitions_cover_every_record_once(tmp_path: Path, name: str, size: int) -> None:
    records = [{"text": f"Article number {i}.", "title": f"T{i}"} for i in range(7)]
    path = _write(tmp_path / name, records)
    specs = plan(discover([str(tmp_path)]), size)
    read = [s.meta for spec in specs for s in read_partition(spec)]
    assert [m.text for m in read] == [r["text"] for r in records]
    assert [m.title for m in read] == [r["title"] for r in records]
    assert len(specs) == -(-len(records) // size)
    assert len({s.id for s in specs}) == len(specs)
    assert all(m.source.startswith(f"{path}#") for m in read)


@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_blank_lines_neither_count_nor_shift_line_numbers(tmp_path: Path, size: int) -> None:
    lines = ["", '{"text": "a"}', "", "", '{"text": "b"}', '{"text": "c"}', "", '{"text": "d"}']
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")  # no newline at the end either
    specs = plan([path], size)
    mine = [s.meta.source for spec in specs for s in read_partition(spec)]
    assert mine == [s.meta.source for s in read_file(path)]
    assert len(specs) == -(-4 // size)


def test_jsonl_records_read_as_extract_and_ingest_read_them(tmp_path: Path) -> None:
    extra = ("", '{"text": "x", "published": "2020-10-08"}')
    path = _write(tmp_path / "a.jsonl", _records(3), extra)
    mine = [s.meta for spec in plan([path], 2) for s in read_partition(spec)]
    theirs = [s.meta for s in read_file(path)]
    assert mine == theirs
    assert [m.source for m in mine] == [m.source for m in theirs]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{broken", "invalid JSON"),
        ('{"title": "no text"}', "text"),
        ('{"text": 42}', "text"),
        ('["text"]', "text"),
        ('{"text": "   "}', "empty"),
        ('{"text": "x", "title": {"a": 1}}', "title"),
        ('{"text": "x", "published": "the day before yesterday"}', "published"),
    ],
)
def test_malformed_records_fail_with_their_reason_as_in_ingest(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = _write(tmp_path / "a.jsonl", [{"text": "fine"}], (line, '{"text": "also fine"}'))
    read = [s for spec in plan([path], 10) for s in read_partition(spec)]
    assert [s.error is None for s in read] == [True, False, True]
    assert reason in str(read[1].error)
    assert read[1].meta.source == f"{path}#2"
    theirs = list(read_file(path))  # `reelmap ingest` refuses the same record
    assert [s.error is None for s in theirs] == [True, False, True]


def test_sources_that_name_nothing_are_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(SourceError, match=r"not a \.jsonl"):
        discover([str(tmp_path / "notes.txt")])
    with pytest.raises(SourceError, match="no such file"):
        discover([str(tmp_path / "missing-*.jsonl")])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-*.jsonl"], "no such file"),
        (["notes.txt"], "not a .jsonl"),
    ],
)
def test_cli_reports_bad_sources_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    sources = [str(tmp_path / a) for a in args]
    assert reelmap(["batch", *sources, "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert message in error
    assert error.count("\n") == 1


def test_cli_refuses_a_landmarks_file_that_is_no_dump_before_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path / "news.jsonl", [{"text": LANDMARK_ARTICLE}])
    (tmp_path / "notes.txt").write_text("no dump here\n", encoding="utf-8")
    out = tmp_path / "out"
    options = ["--out", str(out), "--landmarks-file", str(tmp_path / "notes.txt")]
    assert reelmap(["batch", str(source), *options]) == 2
    error = capsys.readouterr().err
    assert error.startswith("reelmap batch: --landmarks-file: ") and "no landmark rows" in error
    assert error.count("\n") == 1
    assert not out.exists()


def test_cli_refuses_an_empty_partition_size(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        reelmap(["batch", "x.jsonl", "--out", "o", "--partition-size", "0"])
    assert "must be at least 1" in capsys.readouterr().err


# --- Real runs on a LocalCluster


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Demo articles and local news in three formats, malformed lines in one; and all of it
    (the valid records) in one plain JSONL file for `extract` and `ingest`."""
    folder = tmp_path_factory.mktemp("sources")
    demo = _records(5)
    local = [{"text": t.format(n=i), "title": ""} for i, t in enumerate(LOCAL_NEWS)]
    parts = [demo[:2] + local[:1], demo[2:4] + local[1:2], demo[4:] + local[2:]]
    _write(folder / "in" / "a.jsonl", parts[0], ("{broken", '{"text": 5}'))
    _write(folder / "in" / "b.jsonl.gz", parts[1])
    _write(folder / "in" / "c.parquet", parts[2])
    everything = _write(folder / "all.jsonl", [r for p in parts for r in p])
    return {"sources": [str(folder / "in")], "all": everything, "demo": demo, "local": local}


def _batch(client: Client, corpus: dict[str, Any], out: Path, **options: Any) -> BatchSummary:
    return run_batch(
        corpus["sources"], out, client=client, partition_size=2, progress=False, **options
    )


@pytest.fixture(scope="module")
def first_run(
    client: Client, corpus: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, BatchSummary]:
    out = tmp_path_factory.mktemp("batch") / "out"
    return out, _batch(client, corpus, out)


def _table(out: Path, name: str) -> list[dict[str, Any]]:
    files = sorted((out / name).glob("part-*.parquet"))
    return [row for f in files for row in pq.read_table(f).to_pylist()]


def _extract_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    capsys.readouterr()
    assert reelmap(["extract", str(path), "--format", "json"]) == 0
    found = {}
    for line in capsys.readouterr().out.splitlines():
        item = json.loads(line)
        item.pop("file")
        found[text_hash(item["text"])] = item
    return found


def test_batch_output_equals_extract(
    first_run: tuple[Path, BatchSummary],
    corpus: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, summary = first_run
    expected = _extract_json(corpus["all"], capsys)
    batch = {a["content_hash"]: json.loads(a["result"]) for a in _table(out, "articles")}
    gated = {h for h, item in expected.items() if passes(item["text"], "")}
    assert gated  # the demo articles are filming news
    assert set(batch) <= set(expected)
    assert {text_hash(r["text"]) for r in corpus["local"]}.isdisjoint(batch)
    assert batch == {h: expected[h] for h in batch}
    assert summary.parsed == len(batch) == len(corpus["demo"])
    assert summary.gated == len(corpus["local"])
    mentions = _table(out, "mentions")
    assert len(mentions) == sum(len(r["toponyms"]) for r in batch.values()) == summary.mentions


def test_malformed_records_go_to_the_failures_file(first_run: tuple[Path, BatchSummary]) -> None:
    out, summary = first_run
    failures = [json.loads(line) for line in (out / FAILURES_FILE).read_text().splitlines()]
    assert [f["source"].rsplit("/", 1)[-1] for f in failures] == ["a.jsonl#4", "a.jsonl#5"]
    assert "invalid JSON" in failures[0]["reason"]
    assert "text" in failures[1]["reason"]
    assert summary.failed == 2
    assert summary.read == summary.parsed + summary.gated + summary.failed


def _snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(out)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != FAILURES_FILE
    }


def test_rerun_changes_nothing(
    client: Client, corpus: dict[str, Any], first_run: tuple[Path, BatchSummary]
) -> None:
    out, summary = first_run
    before = _snapshot(out)
    again = _batch(client, corpus, out)
    assert again.skipped_partitions == again.partitions == summary.partitions
    assert (again.read, again.parsed, again.failed) == (summary.read, summary.parsed, 2)
    assert _snapshot(out) == before


def test_rerun_redoes_only_partitions_without_a_manifest(
    client: Client, corpus: dict[str, Any], first_run: tuple[Path, BatchSummary]
) -> None:
    out, summary = first_run
    articles = _table(out, "articles")
    manifest = sorted((out / "_partitions").glob("*.json"))[0]
    (out / "articles" / f"part-{manifest.stem}.parquet").unlink()
    manifest.unlink()  # as if the worker died after writing some tables
    again = _batch(client, corpus, out)
    assert again.skipped_partitions == summary.partitions - 1
    assert sorted(_table(out, "articles"), key=str) == sorted(articles, key=str)
    assert manifest.exists()


def test_broken_files_are_reported_and_the_batch_goes_on(
    client: Client, corpus: dict[str, Any], tmp_path: Path
) -> None:
    good = _write(tmp_path / "in" / "good.jsonl", corpus["demo"][:1])
    (tmp_path / "in" / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n' * 50)[:40])
    (tmp_path / "in" / "bad.parquet").write_bytes(b"PAR1 this is no parquet file")
    summary = run_batch([str(tmp_path / "in")], tmp_path / "out", client=client, progress=False)
    assert summary.parsed == 1
    assert len(summary.broken_partitions) == 2
    failures = [json.loads(x) for x in (tmp_path / "out" / FAILURES_FILE).read_text().splitlines()]
    assert sorted(Path(f["source"]).name for f in failures) == ["bad.parquet", "cut.jsonl.gz"]
    assert all("cannot read the file" in f["reason"] for f in failures)
    assert good.exists()


def test_landmarks_from_a_geonames_file_are_placed_as_extract_places_them(
    client: Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path / "in" / "news.jsonl", [{"text": LANDMARK_ARTICLE, "title": ""}])
    plain = run_batch([str(source)], tmp_path / "plain", client=client, progress=False)
    placed = run_batch(
        [str(source)], tmp_path / "placed", client=client, landmarks_file=DUMP, progress=False
    )
    assert (plain.landmarks_placed, placed.landmarks_placed) == (0, 1)
    assert "landmarks: 1 mentions placed from geonames-landmarks.txt" in str(placed)
    (article,) = _table(tmp_path / "placed", "articles")
    square = next(t for t in json.loads(article["result"])["toponyms"] if t["surface"] == SQUARE)
    assert not square["approximate"]
    assert (square["place"]["lat"], square["place"]["lon"]) == (32.0737, -81.0967)
    text = tmp_path / "article.txt"
    text.write_text(LANDMARK_ARTICLE, encoding="utf-8")
    expected, _ = extracted(text, SQUARE, capsys, "--landmarks-file", str(DUMP))
    assert square == expected
    (unplaced,) = _table(tmp_path / "plain", "articles")
    toponyms = json.loads(unplaced["result"])["toponyms"]
    assert next(t for t in toponyms if t["surface"] == SQUARE)["approximate"]


@pytest.fixture(scope="module")
def ingested(corpus: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """What today's one-process `reelmap ingest` stores for the same records."""
    engine = connect(str(tmp_path_factory.mktemp("ingest") / "store.sqlite"))
    ingest_paths(engine, [corpus["all"]], progress=False)
    yield engine
    engine.dispose()


def _store_rows(engine: Engine, hashes: set[str]) -> dict[str, list[tuple[Any, ...]]]:
    a, m, p, e, pr = (
        schema.articles,
        schema.mentions,
        schema.places,
        schema.schedule_events,
        schema.productions,
    )
    with engine.connect() as conn:
        mentions = conn.execute(
            sa.select(
                a.c.content_hash,
                m.c.span_start,
                m.c.surface,
                p.c.key,
                m.c.role,
                m.c.confidence,
                pr.c.key,
                m.c.alternatives,
            )
            .join(a, a.c.id == m.c.article_id)
            .outerjoin(p, p.c.id == m.c.place_id)
            .outerjoin(pr, pr.c.id == m.c.production_id)
            .where(a.c.content_hash.in_(hashes))
        )
        events = conn.execute(
            sa.select(
                a.c.content_hash,
                e.c.kind,
                e.c.start_date,
                e.c.end_date,
                p.c.key,
                m.c.span_start,
                pr.c.key,
            )
            .join(a, a.c.id == e.c.article_id)
            .outerjoin(p, p.c.id == e.c.place_id)
            .outerjoin(m, m.c.id == e.c.mention_id)
            .outerjoin(pr, pr.c.id == e.c.production_id)
            .where(a.c.content_hash.in_(hashes))
        )
        articles = conn.execute(
            sa.select(a.c.content_hash, a.c.title, a.c.url, a.c.published, a.c.status).where(
                a.c.content_hash.in_(hashes)
            )
        )
        productions = conn.execute(sa.select(pr.c.key, pr.c.title, pr.c.aliases, pr.c.year))
        return {
            "mentions": sorted(tuple(map(repr, r)) for r in mentions),
            "events": sorted(tuple(map(repr, r)) for r in events),
            "articles": sorted(tuple(r) for r in articles),
            "productions": sorted(tuple(map(repr, r)) for r in productions),
        }


def test_store_load_equals_ingest_and_is_idempotent(
    client: Client,
    corpus: dict[str, Any],
    first_run: tuple[Path, BatchSummary],
    ingested: Engine,
    engine: Engine,
) -> None:
    out, summary = first_run
    loaded = _batch(client, corpus, out, engine=engine)
    assert loaded.stored_new == summary.parsed
    hashes = {a["content_hash"] for a in _table(out, "articles")}
    assert _store_rows(engine, hashes) == _store_rows(ingested, hashes)
    again = _batch(client, corpus, out, engine=engine)
    assert (again.stored_new, again.stored_unchanged) == (0, summary.parsed)
    assert _store_rows(engine, hashes) == _store_rows(ingested, hashes)


def _worker_pids(client: Client) -> dict[str, int]:
    return {address: int(pid) for address, pid in client.run(os.getpid).items()}


@pytest.mark.postgres
def test_killed_worker_loses_and_duplicates_nothing(
    client: Client,
    corpus: dict[str, Any],
    first_run: tuple[Path, BatchSummary],
    pg_schema_url: str,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    engine = connect(pg_schema_url)
    result: dict[str, BatchSummary] = {}
    run = threading.Thread(
        target=lambda: result.update(
            done=run_batch(
                corpus["sources"],
                out,
                engine=engine,
                client=client,
                partition_size=1,
                progress=False,
            )
        )
    )
    pids = _worker_pids(client)
    run.start()
    killed = None
    deadline = time.monotonic() + DEADLINE_S
    while killed is None and run.is_alive() and time.monotonic() < deadline:
        busy = [w for w, keys in client.processing().items() if keys and w in pids]
        if busy and any((out / "_partitions").glob("*.json")):  # a partition is done, more run
            killed = pids[busy[0]]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    run.join(DEADLINE_S)
    assert killed is not None, "the batch ended before a worker could be killed"
    assert not run.is_alive()
    summary = result["done"]
    assert killed not in _worker_pids(client).values()  # the nanny started a new one
    assert summary.broken_partitions == []
    expected = {a["content_hash"] for a in _table(first_run[0], "articles")}
    written = [a["content_hash"] for a in _table(out, "articles")]
    assert sorted(written) == sorted(expected)  # each article once, none missing
    with engine.connect() as conn:
        stored = conn.execute(sa.select(schema.articles.c.content_hash)).scalars().all()
        mentions = conn.execute(sa.select(sa.func.count()).select_from(schema.mentions)).scalar()
    engine.dispose()
    assert sorted(stored) == sorted(expected)
    assert mentions == len(_table(first_run[0], "mentions"))
