"""The README stays true: its commands are the ones CI and the CLI really have."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _first_screen_commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert block, "README has no bash block with the fresh-machine commands"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_first_screen_has_exactly_two_commands() -> None:
    commands = _first_screen_commands()
    assert len(commands) == 2
    assert commands[0].endswith("reelmap serve")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _first_screen_commands()[1] in ci.splitlines()


@pytest.mark.parametrize("command", sorted(set(re.findall(r"`reelmap (\w+)", README))))
def test_documented_commands_exist(command: str) -> None:
    subcommands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert command in subcommands


_COMMAND_ROWS = re.findall(r"^\| `reelmap (\w+)([^`]*)`", README, re.M)


@pytest.mark.parametrize(
    ("command", "option"),
    sorted({(c, o) for c, usage in _COMMAND_ROWS for o in re.findall(r"--[a-z][\w-]*", usage)}),
)
def test_documented_options_exist(command: str, option: str) -> None:
    subcommands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert option in subcommands[command]._option_string_actions


def test_the_command_table_is_read() -> None:
    assert {c for c, _ in _COMMAND_ROWS} >= {"serve", "ingest", "batch", "extract", "export"}


def test_demo_corpus_is_cited() -> None:
    articles = sorted((ROOT / "data" / "articles").glob("*.md"))
    assert len(articles) >= 40
    for article in articles:
        head = article.read_text(encoding="utf-8").split("---")[1]
        assert re.search(r"^url: \"?https?://", head, re.M), f"{article.name} cites no source"
        assert re.search(r"^published: \d{4}-\d{2}-\d{2}", head, re.M), article.name


def test_readme_extract_example_is_real(capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.cli import main

    block = re.search(r"```console\n\$ \.venv/bin/reelmap (.*?)\n(.*?)```", README, re.S)
    assert block
    assert main(block.group(1).split()) == 0
    output = capsys.readouterr().out.splitlines()
    shown = [line for line in block.group(2).splitlines() if line and line != "..."]
    for line in shown:
        assert line in output, f"README shows a line extract no longer prints: {line!r}"
