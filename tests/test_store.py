"""Store: opening, schema versions, saving articles, corrections, dashboard queries.

Every test that takes `engine` runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from store_data import (
    OSLO,
    ROME,
    TORONTO,
    VENICE,
    article,
    count,
    filming,
    place,
    toponym,
)

from dashboard.model import Candidate, Event, Production
from dashboard.store import StoreError, connect, default_url, schema
from dashboard.store.corrections import correct_mention, overrides
from dashboard.store.engine import to_url
from dashboard.store.ingest import save_article
from dashboard.store.migrations import Migration, migrate
from dashboard.store.queries import (
    LOCATION_COLUMNS,
    SCHEDULE_COLUMNS,
    Facets,
    Filters,
    data_version,
    facets,
    locations,
    schedule,
)
from dashboard.store.readers import ArticleMeta
from dashboard.store.review import ARTICLE_LIST_COLUMNS, list_articles, load_article

pytest_plugins = ["store_fixtures"]

# --- Where the store lives


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@db.example:5433/reel", "postgresql+psycopg://u:p@db.example:5433/reel"),
        ("postgres://u@h/reel", "postgresql+psycopg://u@h/reel"),
        ("postgresql+psycopg://u@h/reel", "postgresql+psycopg://u@h/reel"),
        ("sqlite:////srv/reel.db", "sqlite:////srv/reel.db"),
    ],
)
def test_to_url_normalises_urls(given: str, expected: str) -> None:
    assert to_url(given) == expected


def test_to_url_takes_a_plain_path_as_sqlite(tmp_path: Path) -> None:
    url = make_url(to_url(tmp_path / "sub" / "x.db"))
    assert (url.get_backend_name(), url.database) == ("sqlite", str(tmp_path / "sub" / "x.db"))


def test_default_url_prefers_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REELMAP_DB", str(tmp_path / "env.db"))
    assert make_url(default_url()).database == str(tmp_path / "env.db")
    monkeypatch.delenv("REELMAP_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert make_url(default_url()).database == str(tmp_path / "data" / "reelmap" / "reelmap.sqlite")


def test_sqlite_store_is_created_with_wal_and_waits_for_locks(tmp_path: Path) -> None:
    db = tmp_path / "new" / "folder" / "reel.db"
    engine = connect(str(db))
    with engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    engine.dispose()
    assert pragmas["journal_mode"] == "wal"
    assert int(str(pragmas["busy_timeout"])) >= 10_000
    assert pragmas["foreign_keys"] == 1
    with sqlite3.connect(db) as raw:  # a plain client sees a Reelmap store
        assert raw.execute("SELECT max(version) FROM schema_version").fetchone() == (
            schema.SCHEMA_VERSION,
        )


def test_read_only_sqlite_store_opens_for_queries(tmp_path: Path) -> None:
    db = tmp_path / "reel.db"
    writer = connect(str(db))
    save_article(writer, *_alpha_article())  # type: ignore[arg-type]
    writer.dispose()
    reader = connect(f"sqlite:///file:{db}?mode=ro&uri=true")
    assert len(locations(reader)) == 3
    with pytest.raises(sa.exc.OperationalError, match="readonly"):
        correct_mention(reader, 1, place=None, status="rejected")
    reader.dispose()


# --- Schema versions


def test_fresh_store_has_every_table_and_one_version(engine: Engine, store_url: str) -> None:
    connect(store_url).dispose()  # opening again must not migrate again
    names = set(sa.inspect(engine).get_table_names())
    assert set(schema.metadata.tables) <= names
    with engine.connect() as conn:
        versions = conn.execute(sa.select(schema.schema_version.c.version)).scalars().all()
    assert versions == [schema.SCHEMA_VERSION]


def test_pending_migration_runs_once(engine: Engine) -> None:
    def add_column(conn: sa.Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN language TEXT")

    steps = [Migration(schema.SCHEMA_VERSION + 1, "article language", add_column)]
    assert migrate(engine, steps, latest=schema.SCHEMA_VERSION + 1) == schema.SCHEMA_VERSION + 1
    # a second run would fail on the duplicate column if the step ran again
    assert migrate(engine, steps, latest=schema.SCHEMA_VERSION + 1) == schema.SCHEMA_VERSION + 1
    columns = {c["name"] for c in sa.inspect(engine).get_columns("articles")}
    assert "language" in columns


def test_store_newer_than_the_code_is_refused(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            sa.insert(schema.schema_version).values(
                version=schema.SCHEMA_VERSION + 5, description="future", applied_at=sa.func.now()
            )
        )
    with pytest.raises(StoreError, match="newer"):
        migrate(engine)


# --- Saving articles

TEXT = "Alpha filmed in Oslo and Rome, and again in Oslo."


def _alpha_article(text: str = TEXT) -> tuple[ArticleMeta, object]:
    toponyms = (
        toponym(text, "Oslo", OSLO, production="Alpha"),
        toponym(
            text,
            "Rome",
            ROME,
            production="Alpha",
            alternatives=(Candidate(VENICE, 0.1, "another city"),),
        ),
        toponym(text, "Oslo", OSLO, production="Alpha", nth=1),
    )
    return article(
        text,
        toponyms,
        productions=(Production("Alpha", ("The Alpha",), 2021, "film"),),
        events=(filming(date(2021, 3, 1), date(2021, 3, 9), production="Alpha", toponym=0),),
    )


def test_save_article_stores_everything_once(engine: Engine) -> None:
    meta, result = _alpha_article()
    article_id = save_article(engine, meta, result)  # type: ignore[arg-type]
    tables = [
        schema.articles,
        schema.mentions,
        schema.places,
        schema.productions,
        schema.schedule_events,
        schema.article_productions,
    ]
    first = {t.name: count(engine, t) for t in tables}
    version = data_version(engine)
    assert first == {
        "articles": 1,
        "mentions": 3,
        "places": 2,
        "productions": 1,
        "schedule_events": 1,
        "article_productions": 1,
    }
    assert save_article(engine, meta, result) == article_id  # type: ignore[arg-type]
    assert {t.name: count(engine, t) for t in tables} == first
    assert data_version(engine) == version
    with engine.connect() as conn:
        event = conn.execute(sa.select(schema.schedule_events)).mappings().one()
        mention = (
            conn.execute(
                sa.select(schema.mentions).where(schema.mentions.c.id == event["mention_id"])
            )
            .mappings()
            .one()
        )
    assert (mention["surface"], mention["span_start"]) == ("Oslo", TEXT.index("Oslo"))
    assert event["place_id"] == mention["place_id"]


def test_failed_article_is_replaced_by_a_later_success(engine: Engine) -> None:
    meta, result = _alpha_article()
    failed_id = save_article(engine, meta, None, error="geoparser error: boom")
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.articles)).mappings().one()
    assert (row["status"], row["error"]) == ("failed", "geoparser error: boom")
    assert save_article(engine, meta, result) == failed_id  # type: ignore[arg-type]
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.articles)).mappings().one()
    assert (row["status"], row["error"]) == ("parsed", None)
    assert count(engine, schema.mentions) == 3


def test_fixed_file_supersedes_its_failure(engine: Engine) -> None:
    broken = ArticleMeta(text="", source="news/a.txt", digest="f" * 64)
    save_article(engine, broken, None, error="not UTF-8 text")
    meta, result = article(TEXT, source="news/a.txt")
    save_article(engine, meta, result)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(schema.articles.c.status)).scalars().all()
    assert rows == ["parsed"]


def test_productions_merge_across_articles(engine: Engine) -> None:
    for text, production in [
        ("Dune shot in Jordan.", Production("Dune", ("Dune: Part One",))),
        ("DUNE  shot in Budapest.", Production("dune", ("Dune 2021",), 2021, "film")),
    ]:
        save_article(engine, *article(text, productions=(production,)))
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.productions)).mappings().one()
    assert (row["title"], row["year"], row["kind"]) == ("Dune", 2021, "film")
    assert row["aliases"] == ["Dune 2021", "Dune: Part One"]


def test_event_with_a_bad_toponym_index_links_to_nothing(engine: Engine) -> None:
    text = "Beta wraps in Rome."
    save_article(
        engine,
        *article(
            text,
            (toponym(text, "Rome", ROME, production="Beta"),),
            events=(filming(date(2021, 1, 1), date(2021, 1, 2), production="Beta", toponym=7),),
        ),
    )
    with engine.connect() as conn:
        event = conn.execute(sa.select(schema.schedule_events)).mappings().one()
    assert (event["mention_id"], event["place_id"]) == (None, None)
    assert count(engine, schema.productions) == 1  # "Beta" exists though not in productions


def test_save_article_needs_exactly_one_outcome(engine: Engine) -> None:
    meta, result = _alpha_article()
    with pytest.raises(ValueError):
        save_article(engine, meta, None)
    with pytest.raises(ValueError):
        save_article(engine, meta, result, error="both")  # type: ignore[arg-type]


# --- Corrections


def _mention_ids(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(schema.mentions.c.surface, schema.mentions.c.id).order_by(
                schema.mentions.c.id
            )
        ).all()
    return {surface: mid for surface, mid in reversed(rows)}  # first mention of each name


def test_correction_moves_the_pin_its_event_and_becomes_an_override(engine: Engine) -> None:
    save_article(engine, *_alpha_article())  # type: ignore[arg-type]
    oslo = _mention_ids(engine)["Oslo"]
    before = data_version(engine)
    backlot = place("Oslo backlot", "NO", 59.95, 10.80, kind="user")
    correct_mention(engine, oslo, place=backlot, status="corrected", note="studio")
    assert data_version(engine) != before
    pins = locations(engine).set_index("mention_id")
    assert pins.loc[oslo, "place"] == backlot.label
    assert (pins.loc[oslo, "status"], pins.loc[oslo, "confidence"]) == ("corrected", 1.0)
    assert schedule(engine).loc[0, "place"] == backlot.label
    [rule] = overrides(engine)
    assert (rule.surface, rule.place, rule.production) == ("Oslo", backlot, "Alpha")
    assert rule.reason == "corrected by a user: studio"


def test_rejected_mention_leaves_the_map_and_says_not_a_place(engine: Engine) -> None:
    save_article(engine, *_alpha_article())  # type: ignore[arg-type]
    oslo = _mention_ids(engine)["Oslo"]
    correct_mention(engine, oslo, place=None, status="rejected")
    assert oslo not in set(locations(engine)["mention_id"])
    assert schedule(engine).loc[0, "place"] == ""
    [rule] = overrides(engine)
    assert (rule.surface, rule.place, rule.reason) == ("Oslo", None, "rejected by a user")


def test_confirmation_keeps_the_place_and_latest_decision_wins(engine: Engine) -> None:
    save_article(engine, *_alpha_article())  # type: ignore[arg-type]
    ids = _mention_ids(engine)
    correct_mention(engine, ids["Rome"], place=None, status="confirmed")
    assert locations(engine).set_index("mention_id").loc[ids["Rome"], "status"] == "confirmed"
    correct_mention(engine, ids["Oslo"], place=VENICE, status="corrected")
    correct_mention(engine, ids["Oslo"], place=None, status="rejected")
    rules = {r.surface: r for r in overrides(engine)}
    assert rules["Rome"].place == ROME
    assert rules["Rome"].reason == "confirmed by a user"
    assert rules["Oslo"].place is None
    assert count(engine, schema.corrections) == 3


@pytest.mark.parametrize(
    ("status", "new_place", "error"),
    [
        ("moved", None, ValueError),
        ("corrected", None, ValueError),
        ("rejected", ROME, ValueError),
        ("confirmed", VENICE, ValueError),  # confirming a different place is a correction
    ],
)
def test_invalid_corrections_are_refused(
    engine: Engine, status: str, new_place: object, error: type[Exception]
) -> None:
    save_article(engine, *_alpha_article())  # type: ignore[arg-type]
    with pytest.raises(error):
        correct_mention(engine, _mention_ids(engine)["Oslo"], place=new_place, status=status)  # type: ignore[arg-type]
    assert count(engine, schema.corrections) == 0


def test_correcting_an_unknown_mention_fails(engine: Engine) -> None:
    with pytest.raises(LookupError):
        correct_mention(engine, 12345, place=ROME, status="corrected")


# --- Dashboard queries

A1 = "Alpha shot in Oslo, then Rome; the story is set in Toronto."
A2 = "Alpha began in Venice."
B1 = "Beta may have filmed near Rome."


@pytest.fixture
def corpus(engine: Engine) -> Engine:
    """Two productions, dated and undated pins, one setting, one low-confidence pin."""
    save_article(
        engine,
        *article(
            A1,
            (
                toponym(A1, "Oslo", OSLO, production="Alpha"),
                toponym(A1, "Rome", ROME, production="Alpha"),
                toponym(A1, "Toronto", TORONTO, production="Alpha", role="setting"),
            ),
            productions=(Production("Alpha"),),
            events=(
                filming(date(2021, 3, 1), date(2021, 3, 10), production="Alpha", toponym=0),
                Event(
                    "release",
                    date(2022, 1, 1),
                    date(2022, 1, 31),
                    "month",
                    "next January",
                    A1,
                    "Alpha",
                ),
            ),
            published=date(2021, 5, 1),
            title="Alpha in Norway",
        ),
    )
    save_article(
        engine,
        *article(
            A2,
            (toponym(A2, "Venice", VENICE, production="Alpha"),),
            events=(filming(date(2021, 2, 1), date(2021, 2, 5), production="Alpha", toponym=0),),
            published=date(2021, 4, 1),
            title="Alpha starts",
        ),
    )
    save_article(
        engine,
        *article(
            B1,
            (toponym(B1, "Rome", ROME, production="Beta", confidence=0.4),),
            published=date(2021, 6, 1),
            title="Beta rumours",
        ),
    )
    return engine


def _pins(df: pd.DataFrame) -> list[tuple[str, str]]:
    return sorted(zip(df["production"], df["place"].str.split(",").str[0], strict=True))


def test_locations_columns_dates_and_shooting_order(corpus: Engine) -> None:
    df = locations(corpus)
    assert list(df.columns) == list(LOCATION_COLUMNS)
    alpha = df[df["production"] == "Alpha"].set_index("order")
    assert list(alpha.index) == [1, 2, 3]
    assert list(alpha["place"]) == ["Venice, Veneto, IT", "Oslo, NO", "Rome, Lazio, IT"]
    assert (alpha.loc[2, "start"], alpha.loc[2, "end"], alpha.loc[2, "precision"]) == (
        date(2021, 3, 1),
        date(2021, 3, 10),
        "day",
    )
    assert (alpha.loc[3, "start"], alpha.loc[3, "precision"]) == (None, None)
    assert alpha.loc[3, "published"] == date(2021, 5, 1)
    assert alpha.loc[1, "article_title"] == "Alpha starts"
    assert list(df[df["production"] == "Beta"]["order"]) == [1]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), [("Alpha", "Oslo"), ("Alpha", "Rome"), ("Alpha", "Venice"), ("Beta", "Rome")]),
        (
            Filters(roles=()),
            [
                ("Alpha", "Oslo"),
                ("Alpha", "Rome"),
                ("Alpha", "Toronto"),
                ("Alpha", "Venice"),
                ("Beta", "Rome"),
            ],
        ),
        (Filters(roles=("setting",)), [("Alpha", "Toronto")]),
        (Filters(productions=("Beta",)), [("Beta", "Rome")]),
        (Filters(countries=("NO", "CA")), [("Alpha", "Oslo")]),
        (Filters(min_confidence=0.5), [("Alpha", "Oslo"), ("Alpha", "Rome"), ("Alpha", "Venice")]),
        # Oslo's stint ends 10 March; Rome has no stint and counts from its article's date
        (
            Filters(date_from=date(2021, 3, 8)),
            [("Alpha", "Oslo"), ("Alpha", "Rome"), ("Beta", "Rome")],
        ),
        (Filters(date_to=date(2021, 2, 28)), [("Alpha", "Venice")]),
        (Filters(productions=("Alpha' OR '1'='1",)), []),
        (Filters(countries=("IT') --",)), []),
    ],
)
def test_location_filters(
    corpus: Engine, filters: Filters, expected: list[tuple[str, str]]
) -> None:
    assert _pins(locations(corpus, filters)) == expected


def test_order_follows_the_filtered_rows(corpus: Engine) -> None:
    df = locations(corpus, Filters(countries=("IT",)))
    alpha = df[df["production"] == "Alpha"]
    assert list(zip(alpha["order"], alpha["place"].str[:5], strict=True)) == [
        (1, "Venic"),
        (2, "Rome,"),
    ]


def test_schedule_rows_and_filters(corpus: Engine) -> None:
    df = schedule(corpus)
    assert list(df.columns) == list(SCHEDULE_COLUMNS)
    assert list(zip(df["production"], df["kind"], df["place"], strict=True)) == [
        ("Alpha", "filming", "Venice, Veneto, IT"),
        ("Alpha", "filming", "Oslo, NO"),
        ("Alpha", "release", ""),
    ]
    assert df["mention_id"].isna().tolist() == [False, False, True]
    # the place-less release stays when filtering on a country: that filter is about places
    assert list(schedule(corpus, Filters(countries=("NO",)))["kind"]) == ["filming", "release"]
    assert list(schedule(corpus, Filters(date_from=date(2021, 12, 1)))["kind"]) == ["release"]
    assert schedule(corpus, Filters(productions=("Beta",))).empty


def test_an_event_of_no_named_production_is_on_no_timeline_row(engine: Engine) -> None:
    """A story about a remake dates the original too: that year is no untitled production."""
    meta, result = _alpha_article()
    year = Event("release", date(1959, 1, 1), date(1959, 12, 31), "year", "1959", "", None, None)
    save_article(engine, meta, replace(result, events=(*result.events, year)))  # type: ignore[arg-type]
    assert list(schedule(engine)["production"]) == ["Alpha"]
    untitled, unnamed = article("An untitled film shot in Oslo.", events=(year,))
    save_article(engine, untitled, unnamed)  # type: ignore[arg-type]
    assert schedule(engine)["production"].str.startswith("Untitled").sum() == 1


def test_facets(corpus: Engine) -> None:
    assert facets(corpus) == Facets(
        productions=["Alpha", "Beta"],
        countries=["CA", "IT", "NO"],
        roles=["filmed", "setting"],
        date_min=date(2021, 2, 1),
        date_max=date(2022, 1, 31),
    )


def test_empty_store_answers_empty(engine: Engine) -> None:
    assert locations(engine).empty and list(locations(engine).columns) == list(LOCATION_COLUMNS)
    assert schedule(engine).empty
    assert facets(engine) == Facets()


def test_quotes_in_titles_survive_the_round_trip(engine: Engine) -> None:
    text = "Ocean's Eleven filmed in Rome."
    save_article(
        engine,
        *article(
            text,
            (toponym(text, "Rome", ROME, production="Ocean's Eleven"),),
            productions=(Production("Ocean's Eleven"),),
        ),
    )
    df = locations(engine, Filters(productions=("Ocean's Eleven",)))
    assert list(df["production"]) == ["Ocean's Eleven"]


def test_alternatives_are_kept(engine: Engine) -> None:
    text = "Shot in Springfield."
    alternative = Candidate(place("Springfield", "US", 37.2, -93.3, gid="4409896"), 0.3, "pop")
    save_article(
        engine, *article(text, (toponym(text, "Springfield", OSLO, alternatives=(alternative,)),))
    )
    with engine.connect() as conn:
        stored = conn.execute(sa.select(schema.mentions.c.alternatives)).scalar_one()
    assert stored[0]["place"]["geonameid"] == "4409896"
    assert stored[0]["confidence"] == 0.3


# --- Reading articles back for review


def test_stored_article_reads_back_as_parsed(engine: Engine) -> None:
    meta, result = _alpha_article()
    article_id = save_article(engine, meta, result)  # type: ignore[arg-type]
    stored = load_article(engine, article_id)
    assert stored is not None
    assert (stored.meta.text, stored.meta.title, stored.status) == (TEXT, meta.title, "parsed")
    assert tuple(s.toponym for s in stored.mentions) == result.toponyms  # type: ignore[attr-defined]
    correct_mention(engine, stored.mentions[1].id, place=None, status="rejected")
    again = load_article(engine, article_id)
    assert again is not None
    assert [s.status for s in again.mentions] == ["auto", "rejected", "auto"]
    assert load_article(engine, article_id + 100) is None


def test_article_list_includes_failures(engine: Engine) -> None:
    save_article(engine, *_alpha_article())  # type: ignore[arg-type]
    save_article(
        engine, ArticleMeta("", source="x.txt", digest="0" * 64), None, error="empty article"
    )
    listed = list_articles(engine)
    assert list(listed.columns) == list(ARTICLE_LIST_COLUMNS)
    rows = {r.status: r for r in listed.itertuples()}
    assert (rows["parsed"].mentions, rows["parsed"].published) == (3, date(2021, 5, 1))
    assert (rows["failed"].mentions, rows["failed"].error) == (0, "empty article")
