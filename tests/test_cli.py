"""`reelmap extract`: files, JSONL batches, and bad input that must not stop a batch."""

from __future__ import annotations

import argparse
import fcntl
import io
import json
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from dashboard.cli import build_parser, main
from dashboard.progress import Progress

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
    *errors, summary = err.strip().splitlines()
    assert summary == "reelmap: extract: 2 parsed, 4 failed"
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


def _options() -> list[tuple[str, argparse.Action]]:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return [
        (name, action)
        for name, sub in commands.choices.items()
        for action in sub._actions
        if not isinstance(action, argparse._HelpAction)
    ]


@pytest.mark.parametrize(("command", "action"), _options(), ids=lambda x: getattr(x, "dest", x))
def test_help_describes_every_option(command: str, action: argparse.Action) -> None:
    assert action.help and action.help != argparse.SUPPRESS, f"{command} {action.dest}: no help"
    usage = build_parser()._subparsers._group_actions[0].choices[command].format_help()  # type: ignore[union-attr]
    assert action.help.split("%")[0][:30] in " ".join(usage.split())


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_draws_a_bar_only_on_a_terminal(terminal: bool) -> None:
    if terminal:
        reader, writer = os.openpty()
        fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        stream = os.fdopen(writer, "w")
    else:
        stream = io.StringIO()
    with Progress("ingest", "article", 3, stream=stream, every_s=0.0) as bar:
        for _ in range(3):
            bar.update(1, failed=0)
    if terminal:
        stream.close()  # then read to the end: one read may return only the first redraw
        chunks = []
        while True:
            try:
                chunk = os.read(reader, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(reader)
        drawn = b"".join(chunks).decode()
        assert "\r" in drawn and "3/3" in drawn
    else:
        lines = stream.getvalue().splitlines()
        assert lines[-1] == "reelmap: ingest: 3/3 articles, 0 failed"
        assert "\r" not in stream.getvalue() and "\x1b" not in stream.getvalue()


def test_disabled_progress_prints_nothing() -> None:
    stream = io.StringIO()
    with Progress(
        "building the gazetteer", "place", enabled=False, stream=stream, every_s=0.0
    ) as bar:
        bar.update(5)
    assert stream.getvalue() == ""
