"""`reelmap extract`: files, JSONL batches, and bad input that must not stop a batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main

ARTICLE = (
    '"The Northern Line" wrapped its shoot in Bergen last month, and the crew will head to '
    "Lisbon in the spring, the producers said."
)


@pytest.fixture
def batch(tmp_path: Path) -> dict[str, Path]:
    files = {
        "good": tmp_path / "good.txt",
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.bin",
        "latin1": tmp_path / "latin1.txt",
        "huge": tmp_path / "huge.txt",
        "also_good": tmp_path / "also_good.md",
    }
    files["good"].write_text(ARTICLE, encoding="utf-8")
    files["empty"].write_text("", encoding="utf-8")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    files["latin1"].write_bytes("Filming in Malmö and Århus".encode("latin-1"))
    files["huge"].write_text("Oslo. " * 500_000, encoding="utf-8")
    files["also_good"].write_text("Cameras rolled in Reykjavik this week.", encoding="utf-8")
    return files


def test_extract_json_for_one_file(
    batch: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["extract", str(batch["good"]), "--published", "2022-03-10", "--format", "json"]) == 0
    )
    record = json.loads(capsys.readouterr().out)
    names = {t["surface"]: t for t in record["toponyms"]}
    assert names["Bergen"]["place"]["country"] == "NO"
    assert names["Lisbon"]["role"] == "planned"
    assert record["productions"][0]["title"] == "The Northern Line"
    kinds = {(e["kind"], e["start"][:7]) for e in record["events"]}
    assert ("wrap", "2022-02") in kinds


def test_bad_files_get_one_line_each_and_the_batch_goes_on(
    batch: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    order = ["good", "empty", "binary", "latin1", "huge", "also_good"]
    status = main(["extract", *(str(batch[k]) for k in order)])
    out, err = capsys.readouterr()
    assert status == 1
    errors = err.strip().splitlines()
    assert len(errors) == 4
    for key, words in [
        ("empty", "empty"),
        ("binary", "binary"),
        ("latin1", "not UTF-8"),
        ("huge", "too large"),
    ]:
        line = next(e for e in errors if str(batch[key]) in e)
        assert words in line
    assert "Bergen" in out and "Reykjav" in out


def test_jsonl_round_trip_in_scorer_format(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        {"doc_id": "a", "text": ARTICLE, "published": "2022-03-10"},
        {"doc_id": "b", "text": ""},
        {"doc_id": "c", "text": "The crew filmed near Tromsø, Norway."},
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.cli",
            "extract",
            "--jsonl",
            str(source),
            "--out",
            str(out),
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "b: empty" in result.stderr and "bad JSONL record" in result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == ["a", "c"]
    for record in records:
        for toponym in record["toponyms"]:
            assert record["text"][toponym["start"] : toponym["end"]] == toponym["name"]
            assert set(toponym) >= {"lat", "lon", "geonameid", "country", "confidence", "role"}
    tromso = next(t for t in records[1]["toponyms"] if t["name"] == "Tromsø")
    assert tromso["country"] == "NO" and tromso["lat"] > 69


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("reelmap")
    assert script.exists(), "reelmap console script missing: is the package installed?"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "extract" in result.stdout
