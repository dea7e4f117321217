"""Productions as a person sees them: merged, renamed, undone, and never untitled.

The store half runs on a real SQLite store filled through `save_article`;
the app half drives the Data page through Streamlit's AppTest.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from app_seed import (
    BOND,
    DUNE,
    MI7,
    OSLO,
    UNTITLED_LABEL,
    _mention,
    _save,
    seed,
    seed_stories,
)
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard.app.launch import MAIN_SCRIPT
from dashboard.app.views.data import table
from dashboard.store import connect
from dashboard.store.corrections import (
    merge_productions,
    name_changes,
    rename_production,
    undo_name_change,
)
from dashboard.store.engine import to_url
from dashboard.store.queries import Filters, facets, locations, schedule, untitled_label

MERGED = "Mission: Impossible – Dead Reckoning"


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names") / "store.sqlite"
    engine = connect(to_url(path))
    seed(engine)
    seed_stories(engine)
    engine.dispose()
    return path


@pytest.fixture
def store_url(seeded_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    copy = tmp_path / "store.sqlite"
    shutil.copy(seeded_file, copy)
    url = to_url(copy)
    monkeypatch.setenv("REELMAP_DB", url)
    monkeypatch.delenv("REELMAP_READ_ONLY", raising=False)
    yield url


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    opened = connect(store_url)
    yield opened
    opened.dispose()


def later_article(engine: Engine, title: str) -> None:
    """An article saved after a merge that names one of the merged titles."""
    text = f"{title} filmed again in Oslo this spring."
    _save(engine, "Back in Oslo", "NRK", text, date(2022, 4, 1), title,
          (_mention(text, "Oslo", OSLO, title),))  # fmt: skip


# ---- the store -------------------------------------------------------------------


def test_a_merge_covers_stored_and_later_articles_and_undoes(engine: Engine) -> None:
    pins = {t: len(locations(engine, Filters(productions=(t,)))) for t in (MI7, DUNE)}
    action = merge_productions(engine, [MI7, DUNE], MERGED)
    shown = facets(engine).productions
    assert MERGED in shown and MI7 not in shown and DUNE not in shown
    merged = locations(engine, Filters(productions=(MERGED,)))
    assert len(merged) == sum(pins.values())
    assert set(schedule(engine, Filters(productions=(MERGED,)))["production"]) == {MERGED}

    later_article(engine, DUNE)  # a later article names one of the merged titles
    assert len(locations(engine, Filters(productions=(MERGED,)))) == sum(pins.values()) + 1

    [change] = name_changes(engine)
    assert (change.action, change.kind, change.title) == (action, "merge", MERGED)
    assert sorted(change.originals) == sorted([MI7, DUNE])
    undo_name_change(engine, action)
    assert {MI7, DUNE} <= set(facets(engine).productions)
    assert MERGED not in facets(engine).productions
    assert len(locations(engine, Filters(productions=(MI7,)))) == pins[MI7]
    assert name_changes(engine) == []


def test_a_rename_then_a_merge_of_the_new_name_undo_in_turn(engine: Engine) -> None:
    first = rename_production(engine, BOND, "Bond 25")
    assert "Bond 25" in facets(engine).productions and BOND not in facets(engine).productions
    second = merge_productions(engine, ["Bond 25", DUNE], "Spice and Spies")
    assert len(locations(engine, Filters(productions=("Spice and Spies",)))) == 5
    undo_name_change(engine, second)
    assert {"Bond 25", DUNE} <= set(facets(engine).productions)  # the rename holds again
    undo_name_change(engine, first)
    assert BOND in facets(engine).productions


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda e: merge_productions(e, [MI7], "One"), ValueError),
        (lambda e: merge_productions(e, [MI7, DUNE], "   "), ValueError),
        (lambda e: merge_productions(e, [MI7, "No such film"], "X"), LookupError),
        (lambda e: rename_production(e, MI7, MI7), ValueError),
        (lambda e: undo_name_change(e, 999), LookupError),
    ],
    ids=["one", "blank", "unknown", "same", "undo-unknown"],
)
def test_bad_name_changes_say_why_and_change_nothing(
    engine: Engine, call: object, error: type
) -> None:
    before = facets(engine).productions
    with pytest.raises(error) as raised:
        call(engine)  # type: ignore[operator]
    assert "\n" not in str(raised.value)
    assert facets(engine).productions == before


def test_untitled_productions_are_named_by_outlet_and_date(engine: Engine) -> None:
    every = locations(engine, Filters(roles=()))
    assert every["production"].str.strip().ne("").all()
    assert (
        UNTITLED_LABEL in set(every["production"]) and UNTITLED_LABEL in facets(engine).productions
    )
    only = locations(engine, Filters(productions=(UNTITLED_LABEL,)))
    assert list(only["place"].str.split(",").str[0]) == ["Dubrovnik"]


@pytest.mark.parametrize(
    ("outlet", "published", "label"),
    [
        ("Variety", date(2021, 3, 4), "Untitled production, Variety 4 Mar 2021"),
        ("", date(2021, 3, 4), "Untitled production, 4 Mar 2021"),
        ("  ", None, "Untitled production"),
        (None, None, "Untitled production"),
    ],
)
def test_untitled_label(outlet: str | None, published: date | None, label: str) -> None:
    assert untitled_label(outlet, published) == label


def test_data_table_cells_are_empty_not_none(engine: Engine) -> None:
    shown = table(locations(engine, Filters(roles=())))
    for column in shown.columns:
        values = shown[column].tolist()
        assert "None" not in [str(v) for v in values if v is not None and column != "url"], column
    assert "" in set(shown["start"])  # an undated pin has an empty "From"


# ---- the app ---------------------------------------------------------------------


def data_page(read_only: bool = False) -> AppTest:
    test = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=60)
    test.run()
    test.switch_page("views/data.py").run()
    assert not test.exception, [e.value for e in test.exception]
    return test


def test_merging_and_undoing_on_the_data_page(store_url: str) -> None:
    test = data_page()
    picker = next(w for w in test.multiselect if w.key == "names.pick")
    picker.set_value([MI7, DUNE]).run()
    title = next(w for w in test.text_input if w.key == "names.title")
    title.set_value(MERGED).run()
    next(b for b in test.button if b.label.startswith("Merge 2")).click().run()
    assert not test.exception
    assert any("Now shown as" in s.value for s in test.success)
    assert MERGED in facets(connect(store_url)).productions
    sidebar = next(w for w in test.sidebar.multiselect if w.label == "Productions")
    assert MERGED in sidebar.options and MI7 not in sidebar.options

    next(b for b in test.button if b.label == "Undo").click().run()
    assert not test.exception
    assert {MI7, DUNE} <= set(facets(connect(store_url)).productions)


def test_a_bad_merge_says_why_in_one_line(store_url: str) -> None:
    test = data_page()
    next(w for w in test.multiselect if w.key == "names.pick").set_value([MI7, DUNE]).run()
    next(w for w in test.text_input if w.key == "names.title").set_value("  ").run()
    next(b for b in test.button if b.label.startswith("Merge 2")).click().run()
    [error] = test.error
    assert "Not changed" in error.value and "\n" not in error.value


def test_read_only_hides_merging(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REELMAP_READ_ONLY", "1")
    test = data_page()
    assert not [w for w in test.multiselect if w.key == "names.pick"]
    assert not [e for e in test.expander if "Merge" in e.label]


def test_data_page_counts_in_words(store_url: str) -> None:
    test = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=60)
    test.query_params["film"] = UNTITLED_LABEL
    test.run()
    test.switch_page("views/data.py").run()
    assert any(c.value.startswith("1 location from 1 production.") for c in test.caption)
