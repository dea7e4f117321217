"""The in-memory map table answers every filter exactly as the SQL query does.

The store holds what makes the two paths easy to tell apart: several
productions, untitled articles whose labels are the same, undated articles,
pins with none, one or two filming events, settings,
low-confidence and rejected pins. Each filter is asked of both; the frames
must be equal cell for cell, shooting order included.
"""

from __future__ import annotations

from datetime import date
from itertools import product
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from store_data import OSLO, ROME, TORONTO, VENICE, article, filming, toponym

from dashboard.model import Production
from dashboard.store import connect
from dashboard.store.corrections import correct_mention
from dashboard.store.ingest import save_article
from dashboard.store.queries import MAP_COLUMNS, Filters, facets, map_locations
from dashboard.store.snapshot import MapTable, save_elsewhere

pytest_plugins = ["store_fixtures"]

A1 = "Alpha shot in Oslo, then Rome; the story is set in Toronto."
A2 = "Alpha began in Venice and went back to Oslo."
B1 = "Beta may have filmed near Rome."
U1 = "An unnamed series filmed in Venice, then Toronto."
U2 = "Another unnamed film shot in Oslo."
N1 = "Gamma shot in Rome at some point."


@pytest.fixture
def store(engine: Engine) -> Engine:
    """Articles chosen so each filter drops a different part of each production."""
    save_article(
        engine,
        *article(
            A1,
            (
                toponym(A1, "Oslo", OSLO, production="Alpha"),
                toponym(A1, "Rome", ROME, production="Alpha", confidence=0.45),
                toponym(A1, "Toronto", TORONTO, production="Alpha", role="setting"),
            ),
            productions=(Production("Alpha"),),
            events=(
                filming(date(2021, 3, 1), date(2021, 3, 10), production="Alpha", toponym=0),
                filming(date(2021, 2, 20), date(2021, 2, 22), production="Alpha", toponym=0),
                filming(date(2021, 2, 20), date(2021, 6, 2), production="Alpha", toponym=1),
            ),
            published=date(2021, 5, 1),
        ),
    )
    save_article(
        engine,
        *article(
            A2,
            (
                toponym(A2, "Venice", VENICE, production="Alpha"),
                toponym(A2, "Oslo", OSLO, production="Alpha", role="planned"),
            ),
            productions=(Production("Alpha"),),
            events=(filming(date(2021, 2, 1), date(2021, 2, 5), production="Alpha", toponym=0),),
            published=None,
        ),
    )
    save_article(
        engine,
        *article(
            B1,
            (toponym(B1, "Rome", ROME, production="Beta", confidence=0.3),),
            productions=(Production("Beta"),),
            published=date(2021, 6, 1),
        ),
    )
    for text, places in ((U1, ((VENICE, "Venice"), (TORONTO, "Toronto"))), (U2, ((OSLO, "Oslo"),))):
        # the same outlet and date: two untitled productions with one label
        save_article(
            engine,
            *article(
                text,
                tuple(toponym(text, surface, where) for where, surface in places),
                published=date(2021, 4, 15),
            ),
        )
    save_article(
        engine,
        *article(
            N1,
            (toponym(N1, "Rome", ROME, production="Gamma"),),
            productions=(Production("Gamma"),),
            published=date(2021, 3, 5),
        ),
    )
    gamma = map_locations(engine, Filters(productions=("Gamma",)))["mention_id"]
    correct_mention(engine, int(gamma.iloc[0]), place=None, status="rejected")
    return engine


UNTITLED = "Untitled production, Test Times 15 Apr 2021"
FILTERS = [
    Filters(),
    Filters(roles=()),
    Filters(roles=("planned", "setting")),
    Filters(productions=("Alpha",)),
    Filters(productions=(UNTITLED,)),
    Filters(productions=("Beta", UNTITLED), roles=()),
    Filters(productions=("No such film",)),
    Filters(countries=("IT",)),
    Filters(countries=("NO", "CA"), roles=()),
    Filters(min_confidence=0.5),
    Filters(min_confidence=0.4, roles=()),
    *(
        Filters(date_from=start, date_to=end, roles=())
        for start, end in product(
            (None, date(2021, 2, 3), date(2021, 3, 8), date(2021, 5, 1)),
            (None, date(2021, 2, 28), date(2021, 4, 15), date(2021, 6, 1)),
        )
        if start is not None or end is not None
    ),
    Filters(productions=("Alpha",), countries=("IT", "NO"), date_from=date(2021, 2, 2)),
]


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_the_table_selects_what_the_query_reads(store: Engine, filters: Filters) -> None:
    expected = map_locations(store, filters)
    got = MapTable.read(store).select(filters)
    assert list(got.columns) == list(MAP_COLUMNS)
    # Categories may differ (which places a frame could name); values may not.
    pd.testing.assert_frame_equal(got, expected, check_categorical=False)


def test_the_store_tells_the_filters_apart(store: Engine) -> None:
    """The fixture is worth something only if the filters answer differently."""
    table = MapTable.read(store)
    answers = {tuple(table.select(f)["mention_id"]) for f in FILTERS}
    assert len(answers) >= len(FILTERS) // 2
    assert UNTITLED in set(table.frame["production"])
    assert table.select(Filters(productions=(UNTITLED,)))["order"].tolist() == [1, 2, 1]


def test_an_empty_store_gives_an_empty_table(store_url: str) -> None:
    engine = connect(store_url)
    table = MapTable.read(engine)
    assert len(table) == 0
    expected = map_locations(engine, Filters())
    pd.testing.assert_frame_equal(table.select(Filters()), expected, check_categorical=False)


def test_a_saved_table_loads_as_it_was(store: Engine, tmp_path: Path) -> None:
    table = MapTable.read(store)
    path = tmp_path / "maps" / "map.parquet"
    table.save(path, "r7")
    loaded = MapTable.load(path)
    assert loaded is not None
    again, revision = loaded
    assert revision == "r7"
    pd.testing.assert_frame_equal(again.frame, table.frame)
    assert again.parts.tolist() == table.parts.tolist()
    assert again.facets == table.facets == facets(store)
    assert again.facets.date_min is not None and UNTITLED in again.facets.productions
    for filters in FILTERS[:6]:
        pd.testing.assert_frame_equal(again.select(filters), table.select(filters))
    assert [p.name for p in path.parent.iterdir()] == ["map.parquet"]  # no partial file left


@pytest.mark.parametrize(
    "content",
    [None, b"", b"not parquet at all", "other columns"],
    ids=["missing", "empty", "garbage", "other columns"],
)
def test_a_table_that_cannot_be_loaded_is_none(tmp_path: Path, content: bytes | str | None) -> None:
    path = tmp_path / "map.parquet"
    if content == "other columns":
        pd.DataFrame({"lat": [1.0], "lon": [2.0]}).to_parquet(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    assert MapTable.load(path) is None


def test_a_child_process_reads_and_saves_the_table(store: Engine, tmp_path: Path) -> None:
    path = tmp_path / "map.parquet"
    save_elsewhere(store.url.render_as_string(hide_password=False), path, "r3")
    loaded = MapTable.load(path)
    assert loaded is not None and loaded[1] == "r3"
    pd.testing.assert_frame_equal(loaded[0].frame, MapTable.read(store).frame)


def test_a_child_process_that_cannot_read_says_why_without_the_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://reader:s3cret-word@127.0.0.1:1/nowhere"
    with pytest.raises(OSError, match="child process failed") as failure:
        save_elsewhere(url, tmp_path / "map.parquet", "r1")
    assert "s3cret-word" not in str(failure.value)
    assert not (tmp_path / "map.parquet").exists()
