"""Hostile and huge input: every reader error is one line, every batch stores its good files.

The inputs are generated here, small, in the shapes a probe found harmful: YAML
alias bombs, impossible dates, oversized fields, deep nesting, lone
surrogates, and texts that make the geoparser slow (repeated names, one huge
line), which must end at the time budget instead of hanging the batch.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.app.state import decode
from dashboard.budget import ParseJob, ParsePool
from dashboard.cli import main as reelmap
from dashboard.store import connect, schema
from dashboard.store.ingest import ingest_paths
from dashboard.store.readers import (
    MAX_DEPTH,
    MAX_FIELD_CHARS,
    ReaderError,
    load_front_matter,
    read_file,
    read_safely,
)

GOOD = "The crew of {film} filmed in Bergen, Norway last week, the producers said."
BOMB = (
    "---\n"
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "title: *c\n"
    "---\nFilmed in Oslo."
)
# (file name, content, words the one-line error must contain)
HOSTILE_FILES: list[tuple[str, str | bytes, str]] = [
    ("bomb.md", BOMB, "aliases are not allowed"),
    ("anchor.md", "---\ntitle: &t Hello\n---\nFilmed in Oslo.", "anchors"),
    ("feb30.md", "---\npublished: 2020-02-30\n---\nFilmed in Oslo.", "not a real date"),
    ("month13.md", "---\npublished: 2020-13-01\n---\nFilmed in Oslo.", "not a real date"),
    ("zeros.md", "---\npublished: 0000-00-00\n---\nFilmed in Oslo.", "not a real date"),
    ("deep.md", "---\ntitle: " + "[" * 1000 + "]" * 1000 + "\n---\nFilmed.", "nested over"),
    ("title.md", f"---\ntitle: {'x' * (MAX_FIELD_CHARS + 1)}\n---\nFilmed.", "title too long"),
    ("deep.json", "[" * 1000 + "]" * 1000, f"nested over {MAX_DEPTH}"),
    ("deepobj.json", '{"text": "Oslo.", "x": ' + '{"y": ' * 999 + "1" + "}" * 1000, "nested"),
    ("surrogate.json", '{"text": "Filmed in \\ud800 Oslo."}', "lone surrogate"),
    ("surrogate_title.json", '{"text": "Oslo.", "title": "\\udfff"}', "lone surrogate"),
    ("url.json", json.dumps({"text": "Oslo.", "url": "h" * 5000}), "url too long"),
    ("date.json", json.dumps({"text": "Oslo.", "published": "2021-02-29"}), "not a real date"),
    ("outlet.json", json.dumps({"text": "Oslo.", "outlet": {"a": 1}}), "not a single value"),
]


@pytest.mark.parametrize(("name", "content", "words"), HOSTILE_FILES)
def test_each_hostile_file_gives_its_one_line_error(
    tmp_path: Path, name: str, content: str | bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(_bytes(content))
    [article] = read_safely(path)
    assert article.error is not None and words in article.error
    assert "\n" not in article.error and len(article.error) < 200
    assert len(article.meta.content_hash) == 64  # a failure can still be stored


def test_jsonl_lines_fail_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "One in Oslo."}),
        "[" * 5000 + "]" * 5000,
        '{"text": "\\ud800"}',
        json.dumps({"text": "Two in Rome.", "published": "2020-02-30"}),
        json.dumps({"text": "Three in Paris."}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    errors = [a.error for a in read_file(path)]
    assert errors[0] is None and errors[4] is None
    assert all(e is not None and "\n" not in e for e in errors[1:4])


# ---- property-based: no exception escapes a reader -------------------------------

SUFFIX = st.sampled_from([".txt", ".md", ".json", ".jsonl", ".html"])
FRONT_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600), suffix=SUFFIX)
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    for article in read_file(path):
        assert article.error is None or "\n" not in article.error


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=300))
def test_random_front_matter_text_is_a_mapping_or_a_reader_error(text: str) -> None:
    try:
        fields = load_front_matter(text)
    except ReaderError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(fields, dict)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    fields=st.dictionaries(
        st.sampled_from(["title", "outlet", "url", "published", "date", "x"]), FRONT_VALUES
    )
)
def test_random_front_matter_fields_never_raise(tmp_path: Path, fields: dict[str, object]) -> None:
    path = tmp_path / "random.md"
    path.write_text("---\n" + json.dumps(fields) + "\n---\nFilmed in Oslo.", encoding="utf-8")
    [article] = read_file(path)
    assert article.error is None or "\n" not in article.error


@dataclass(frozen=True)
class _Facets:
    productions: list[str] = field(default_factory=lambda: ["Night Harbour", "Silver Coast"])
    countries: list[str] = field(default_factory=lambda: ["NO", "PT"])


@settings(max_examples=150, deadline=None)
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["film", "country", "role", "from", "to", "conf", "lat", "lon", "z", "pin", "x"]
        )
        | st.text(max_size=5),
        st.lists(st.text(max_size=30), min_size=1, max_size=3),
    )
)
def test_random_query_strings_decode_to_a_view(params: dict[str, list[str]]) -> None:
    view, notes = decode(params, _Facets())
    assert view is not None
    assert all(isinstance(note, str) and "\n" not in note for note in notes)


# ---- the time budget ---------------------------------------------------------

SLOW_TEXTS = {
    "repeated names": "Oslo, " * 20_000,
    "one 1 MB line": ("Oslo Rome Paris " * 62_500)[:999_000],
}


def test_a_slow_article_fails_at_the_budget_and_the_pool_goes_on() -> None:
    jobs = [
        ("slow", ParseJob(SLOW_TEXTS["one 1 MB line"])),
        ("good", ParseJob(GOOD.format(film='"Night Harbour"'))),
        ("known", "empty article"),
    ]
    with ParsePool(workers=1, budget_s=2.0) as pool:
        results = dict(pool.run(jobs))
    assert results["slow"] == (None, "timed out: parsing took over the 2 s budget")
    good, error = results["good"]
    assert error is None and good is not None
    assert [t.surface for t in good.toponyms if t.surface == "Bergen"]
    assert results["known"] == (None, "empty article")


def _mixed_batch(folder: Path, *, slow: bool) -> list[str]:
    """Hostile files beside good ones (`slow`: also texts that run out of time);
    returns the good files' names."""
    folder.mkdir()
    for name, content, _ in HOSTILE_FILES:
        (folder / name).write_bytes(_bytes(content))
    if slow:  # the 1 MB line runs out of time in the pool's own test
        (folder / "slow-repeated.txt").write_text(SLOW_TEXTS["repeated names"], encoding="utf-8")
        cells = "".join(f"<td>{c}</td>" for c in ["Oslo", "Rome", "Paris", "Bergen"] * 2_500)
        html = f"<html><body><table><tr>{cells}</tr></table></body></html>"
        (folder / "slow-table.html").write_text(html)
    good = []
    for number, film in enumerate(["Night Harbour", "Silver Coast", "Red Fjord"]):
        name = f"good-{number}.txt"
        (folder / name).write_text(GOOD.format(film=f'"{film}"'), encoding="utf-8")
        good.append(name)
    (folder / "good-feed.jsonl").write_text(
        json.dumps({"text": GOOD.format(film='"Blue Dune"')}) + "\n" + "[" * 3000 + "\n"
    )
    return good


def test_a_mixed_batch_stores_every_good_file(tmp_path: Path) -> None:
    good = _mixed_batch(tmp_path / "batch", slow=True)
    engine = connect(str(tmp_path / "store.sqlite"))
    summary = ingest_paths(engine, [tmp_path / "batch"], progress=False, budget_s=1.5)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(schema.articles.c.source, schema.articles.c.status, schema.articles.c.error)
        ).all()
    engine.dispose()
    parsed = {Path(source.split("#")[0]).name for source, status, _ in rows if status == "parsed"}
    assert parsed >= {*good, "good-feed.jsonl"}
    failed = {Path(source).name: error for source, status, error in rows if status == "failed"}
    for name, _, words in HOSTILE_FILES:
        assert words in failed[name]
    assert "timed out" in failed["slow-repeated.txt"]
    assert "timed out" in failed["slow-table.html"]
    assert "nested over" in failed["good-feed.jsonl#2"]
    assert summary.failed == len(failed)
    assert all("\n" not in str(f) for f in summary.failures)


def test_extract_reports_each_failure_on_one_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _mixed_batch(tmp_path / "batch", slow=False)
    files = sorted((tmp_path / "batch").iterdir())
    status = reelmap(["extract", "--format", "json", "--budget", "3", "--quiet", *map(str, files)])
    out, err = capsys.readouterr()
    assert status == 1
    shown = {Path(json.loads(line)["file"].split("#")[0]).name for line in out.splitlines()}
    assert shown >= {*good, "good-feed.jsonl"}
    lines = err.strip().splitlines()
    assert re.fullmatch(r"reelmap: extract: \d+ parsed, \d+ failed", lines[-1])
    assert all(line.startswith("reelmap: ") for line in lines)
    assert "Traceback" not in err and "\r" not in err


# ---- the Add page -------------------------------------------------------------


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _upload(name: str, data: bytes) -> Any:
    from streamlit.proto.Common_pb2 import FileURLs
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    return UploadedFile(UploadedFileRec(name, name, "text/plain", data), FileURLs())


def test_add_page_refuses_too_many_or_too_much_at_once() -> None:
    from dashboard.app.views import add

    small = [_upload(f"{i}.txt", b"Filmed in Oslo.") for i in range(add.MAX_FILES)]
    assert add._over_limits(small) is None
    too_many = add._over_limits([*small, _upload("extra.txt", b"x")])
    assert too_many is not None and f"up to {add.MAX_FILES}" in too_many
    big = [_upload(f"{i}.txt", b"x" * (2 * 1024 * 1024)) for i in range(add.MAX_TOTAL_MB // 2 + 1)]
    too_much = add._over_limits(big)
    assert too_much is not None and f"up to {add.MAX_TOTAL_MB} MB" in too_much


def test_add_page_reads_hostile_uploads_as_drafts_with_reasons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.app.views import add

    uploads = [
        _upload(name, c if isinstance(c, bytes) else c.encode()) for name, c, _ in HOSTILE_FILES
    ]
    uploads.append(_upload("slow.txt", SLOW_TEXTS["repeated names"].encode()))
    uploads.append(_upload("good.txt", GOOD.format(film='"Night Harbour"').encode()))
    articles = add._uploaded(uploads)
    for (name, _, words), article in zip(HOSTILE_FILES, articles, strict=False):
        assert article.meta.source == f"upload:{name}"
        assert article.error is not None and words in article.error
    monkeypatch.setenv("REELMAP_PARSE_BUDGET_S", "2")
    add._parse_pool.clear()
    engine = connect(str(tmp_path / "store.sqlite"))
    try:
        slow, good = (add._parse(engine, a.meta) for a in articles[-2:])
    finally:
        engine.dispose()
        add._parse_pool().close()
        add._parse_pool.clear()
    assert slow.result is None and slow.error == "timed out: parsing took over the 2 s budget"
    assert good.error is None and good.result is not None and good.result.toponyms
