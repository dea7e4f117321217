"""Ingest: file formats, failures, idempotence, corrections that stick, kills and concurrency.

Articles are generated here from small templates; the real geoparser parses them
(loaded once per process, so in-process tests share it).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from store_data import count

from dashboard.model import Place
from dashboard.store import connect, schema
from dashboard.store.corrections import correct_mention
from dashboard.store.ingest import ingest_paths
from dashboard.store.ingest_main import main
from dashboard.store.queries import Filters, locations
from dashboard.store.readers import (
    MAX_ARTICLE_BYTES,
    discover,
    read_file,
    text_hash,
)

pytest_plugins = ["store_fixtures"]

FILMS = [
    ("Night Harbour", "Bergen", "Norway"),
    ("Silver Coast", "Lisbon", "Portugal"),
    ("Iron Bridge", "Prague", "Czech Republic"),
    ("Blue Lagoon Road", "Dubrovnik", "Croatia"),
    ("Northern Lights", "Edinburgh", "Scotland"),
]
TEMPLATE = (
    "{film} crew films in {city}\n\n"
    'The crew of "{film}" spent last week filming in {city}, {country}. Locals watched as the '
    "cast shot scenes near the old harbour of {city}.\n\n"
    "Report number {n}."
)
DEADLINE_S = 180.0


def write_corpus(folder: Path, n: int, *, start: int = 0) -> list[Path]:
    """`n` distinct plain-text articles (the report number makes each text unique)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        film, city, country = FILMS[i % len(FILMS)]
        path = folder / f"article-{i:04d}.txt"
        path.write_text(TEMPLATE.format(film=film, city=city, country=country, n=i))
        paths.append(path)
    return paths


# --- Reading files


ARTICLE = 'The crew of "Night Harbour" filmed in Bergen, Norway.'


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", f"Headline here\n\n{ARTICLE}", {"title": "Headline here"}),
        (
            "a.md",
            f"---\ntitle: Bergen shoot\noutlet: Fjord News\nurl: https://fjord.example/1\n"
            f"published: 2020-10-08\n---\n{ARTICLE}\n",
            {
                "title": "Bergen shoot",
                "outlet": "Fjord News",
                "url": "https://fjord.example/1",
                "published": date(2020, 10, 8),
                "text": ARTICLE,
            },
        ),
        ("b.md", f"# Plain heading\n{ARTICLE}", {"title": "Plain heading"}),
        (
            "a.html",
            "<html><head><title>Harbour shoot | Fjord News</title>"
            '<meta property="og:site_name" content="Fjord News">'
            '<meta name="date" content="2020-10-08"></head><body><article><h1>Harbour shoot</h1>'
            f"<p>{ARTICLE} Locals gathered at the quay to watch the cast and crew at work all "
            "day long.</p></article></body></html>",
            {"title": "Harbour shoot", "outlet": "Fjord News", "published": date(2020, 10, 8)},
        ),
        (
            "a.json",
            json.dumps(
                {
                    "text": ARTICLE,
                    "title": "J",
                    "published": "2020-10-08T09:00:00Z",
                    "outlet": "Wire",
                }
            ),
            {"title": "J", "outlet": "Wire", "published": date(2020, 10, 8), "text": ARTICLE},
        ),
        ("empty.txt", " \n\n ", {"error": "empty article"}),
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", {"error": "binary file"}),
        ("latin.txt", "Tromsø filming".encode("latin-1"), {"error": "not UTF-8"}),
        ("huge.txt", "a" * (MAX_ARTICLE_BYTES + 1), {"error": "too large"}),
        ("bad.md", "---\ntitle: [unclosed\n---\nBody", {"error": "bad front matter"}),
        (
            "nav.html",
            "<html><body><script>let a = 1;</script></body></html>",
            {"error": "no article text"},
        ),
        ("notext.json", json.dumps({"title": "no body"}), {"error": '"text"'}),
        ("broken.json", "{not json", {"error": "invalid JSON"}),
    ],
)
def test_read_file(
    tmp_path: Path, name: str, content: str | bytes, expected: dict[str, object]
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    [source] = list(read_file(path))
    error = expected.get("error")
    if error:
        assert source.error is not None and str(error) in source.error
        assert len(source.meta.content_hash) == 64
        return
    assert source.error is None
    for field_name, value in expected.items():
        assert getattr(source.meta, field_name) == value, field_name
    assert ARTICLE in source.meta.text


def test_jsonl_yields_one_article_per_line_and_flags_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": f"{ARTICLE} ({i})"}) for i in range(3)]
    path.write_text("\n".join([lines[0], "{oops", "", lines[1], lines[2]]) + "\n")
    sources = list(read_file(path))
    assert [s.meta.source.rsplit("#", 1)[1] for s in sources] == ["1", "2", "4", "5"]
    assert [s.error is None for s in sources] == [True, False, True, True]


def test_json_list_holds_several_articles(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([{"text": "One in Oslo."}, {"text": "Two in Rome."}, ["x"]]))
    sources = list(read_file(path))
    assert [s.meta.text for s in sources[:2]] == ["One in Oslo.", "Two in Rome."]
    assert sources[2].error is not None


def test_discover_walks_folders_and_skips_other_files(tmp_path: Path) -> None:
    for name in ["a.txt", "sub/b.md", "sub/c.JSONL", "notes.pdf", ".hidden/d.txt", "sub/.e.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.txt", "sub/b.md", "sub/c.JSONL"]
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "missing"])


def test_identity_ignores_line_endings_and_outer_blanks() -> None:
    assert text_hash("One\r\nTwo\n") == text_hash("  One\nTwo")
    assert text_hash("One\nTwo") != text_hash("One\nTwo!")


# --- Ingesting with the real geoparser


def test_ingest_is_idempotent_and_lists_failures(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, 5)
    (folder / "empty.txt").write_text("")
    (folder / "latin.txt").write_bytes("Filmed in Tromsø last week.".encode("latin-1"))
    (folder / "controls.txt").write_text("\x01\x02\x03\x04 garbage \x05\x06\x07\x08" * 20)
    (folder / "dup.md").write_text(
        "---\ntitle: copy\n---\n" + (folder / "article-0000.txt").read_text()
    )

    first = ingest_paths(engine, [folder], progress=False)
    assert (first.new, first.unchanged, first.failed) == (5, 1, 3)  # dup.md has the same text
    assert {Path(f.source).name for f in first.failures} == {
        "empty.txt",
        "latin.txt",
        "controls.txt",
    }
    assert first.productions == len(FILMS) and first.places >= len(FILMS)
    line = r"5 new, 1 unchanged, 3 failed articles; \d+ places, 5 productions in [\d.]+ s"
    assert re.fullmatch(line, str(first))
    tables = [schema.articles, schema.mentions, schema.places, schema.schedule_events]
    counts = {t.name: count(engine, t) for t in tables}

    second = ingest_paths(engine, [folder], progress=False)
    assert (second.new, second.unchanged, second.failed) == (0, 6, 3)
    assert {t.name: count(engine, t) for t in tables} == counts

    # fixing a broken file replaces its failure
    (folder / "latin.txt").write_text("Filmed in Tromsø last week.", encoding="utf-8")
    third = ingest_paths(engine, [folder], progress=False)
    assert (third.new, third.failed) == (1, 2)
    with engine.connect() as conn:
        statuses = dict(
            conn.execute(sa.select(schema.articles.c.source, schema.articles.c.status)).all()
        )
    assert statuses[str(folder / "latin.txt")] == "parsed"
    assert statuses[str(folder / "controls.txt")] == "failed"
    assert len(statuses) == counts["articles"]  # the failed row was replaced, not added to


def test_two_workers_store_what_one_worker_stores(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, 6)
    frames = []
    for workers in (1, 2):
        engine = connect(str(tmp_path / f"w{workers}.sqlite"))
        summary = ingest_paths(engine, [folder], workers=workers, progress=False)
        assert (summary.new, summary.failed) == (6, 0)
        frame = locations(engine, Filters(roles=()))
        frames.append(frame.drop(columns=["mention_id", "place_id", "article_id"]))
        engine.dispose()
    assert len(frames[0]) > 0
    assert frames[0].equals(frames[1])


SIMPSONS = 'Filming of "The Simpsons Movie" took place in Springfield {when}, the studio said.'


@pytest.mark.parametrize("choice", ["alternative", "user point"])
def test_correction_sticks_for_later_articles(tmp_path: Path, choice: str) -> None:
    engine = connect(str(tmp_path / "s.sqlite"))
    (tmp_path / "one.txt").write_text(SIMPSONS.format(when="last week"))
    ingest_paths(engine, [tmp_path / "one.txt"], progress=False)
    [first] = locations(engine, Filters(roles=())).itertuples()
    with engine.connect() as conn:
        stored = conn.execute(
            sa.select(schema.mentions.c.alternatives).where(
                schema.mentions.c.id == first.mention_id
            )
        ).scalar_one()
    if choice == "alternative":
        labels = [Place(**alt["place"]) for alt in stored]
        target = next(place for place in labels if place.label != first.place)
    else:
        target = Place(None, "Springfield backlot", "US", 34.14, -118.35, "user")
    assert target.label != first.place
    correct_mention(engine, first.mention_id, place=target, status="corrected", note="studio lot")

    (tmp_path / "two.txt").write_text(SIMPSONS.format(when="again on Monday"))
    ingest_paths(engine, [tmp_path / "two.txt"], progress=False)
    pins = locations(engine, Filters(roles=()))
    later = pins[pins["article_id"] != first.article_id]
    assert list(later["place"]) == [target.label]
    with engine.connect() as conn:
        reason = conn.execute(
            sa.select(schema.mentions.c.reason).where(
                schema.mentions.c.id == int(later["mention_id"].iloc[0])
            )
        ).scalar_one()
    assert "corrected by a user" in reason
    engine.dispose()


def test_command_line_prints_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, 2)
    (folder / "empty.txt").write_text("")
    db = str(tmp_path / "cli.sqlite")
    assert main(["--db", db, "--no-progress", str(folder)]) == 1  # something failed
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2 new, 0 unchanged, 1 failed articles;")
    assert out[1] == f"  failed: {folder / 'empty.txt'}: empty article"
    assert main(["--db", db, "--no-progress", str(tmp_path / "nope")]) == 2


# --- Killed and concurrent runs, in real processes


def _start_ingest(url: str, *paths: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "dashboard.store.ingest_main", "--db", url, "--no-progress"]
    command += [str(p) for p in paths]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _parsed_count(engine: Engine) -> int:
    with engine.connect() as conn:
        query = sa.select(sa.func.count()).where(schema.articles.c.status == "parsed")
        return int(conn.execute(query).scalar_one())


def _assert_consistent(engine: Engine, folder: Path) -> None:
    """Every article exactly once, with its text; every reference points at a row."""
    expected = {text_hash(p.read_text()) for p in folder.glob("*.txt")}
    a, m, p, e = schema.articles, schema.mentions, schema.places, schema.schedule_events
    with engine.connect() as conn:
        rows = conn.execute(sa.select(a.c.content_hash, a.c.text, a.c.status)).all()
        orphans = conn.execute(
            sa.select(sa.func.count())
            .select_from(
                m.outerjoin(a, a.c.id == m.c.article_id).outerjoin(p, p.c.id == m.c.place_id)
            )
            .where(sa.or_(a.c.id.is_(None), sa.and_(m.c.place_id.is_not(None), p.c.id.is_(None))))
        ).scalar_one()
        dangling_events = conn.execute(
            sa.select(sa.func.count())
            .select_from(e.outerjoin(m, m.c.id == e.c.mention_id))
            .where(e.c.mention_id.is_not(None), m.c.id.is_(None))
        ).scalar_one()
        without_mentions = conn.execute(
            sa.select(sa.func.count()).where(
                a.c.status == "parsed", ~sa.exists().where(m.c.article_id == a.c.id)
            )
        ).scalar_one()
    assert sorted(h for h, _, _ in rows) == sorted(expected)
    assert all(text_hash(text) == digest and status == "parsed" for digest, text, status in rows)
    assert (orphans, dangling_events, without_mentions) == (0, 0, 0)


def test_killed_ingest_resumes_without_loss_or_duplicates(store_url: str, tmp_path: Path) -> None:
    total = 40
    folder = tmp_path / "news"
    write_corpus(folder, total)
    engine = connect(store_url)
    process = _start_ingest(store_url, folder)
    deadline = time.monotonic() + DEADLINE_S
    while _parsed_count(engine) == 0:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no article committed in time"
        time.sleep(0.02)  # polling interval, not a wait for readiness
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=DEADLINE_S)
    committed = _parsed_count(engine)
    assert 0 < committed < total, "the kill must land mid-batch"

    summary = ingest_paths(engine, [folder], progress=False)
    assert (summary.new, summary.unchanged, summary.failed) == (total - committed, committed, 0)
    _assert_consistent(engine, folder)
    engine.dispose()


def test_two_ingests_at_once_on_one_sqlite_file(tmp_path: Path) -> None:
    total = 30
    folder = tmp_path / "news"
    url = str(tmp_path / "shared.sqlite")  # neither process finds a store: both create it
    files = write_corpus(folder, total)
    # opposite orders: the two runs meet in the middle and race for the same articles
    processes = [_start_ingest(url, *files), _start_ingest(url, *reversed(files))]
    outputs = [p.communicate(timeout=DEADLINE_S) for p in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    summaries = [re.match(r"(\d+) new, \d+ unchanged, 0 failed", out) for out, _ in outputs]
    assert all(summaries), outputs
    assert sum(int(m.group(1)) for m in summaries if m) == total
    engine = connect(url)
    _assert_consistent(engine, folder)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    engine.dispose()
