"""`reelmap landmarks`: stored landmarks that sit at their town move to their own points.

Articles are parsed offline and stored as `reelmap ingest` stores them; the
placer is the real one, over the hand-written GeoNames dump fixture or geopy's
Nominatim client pointed at a fake server on 127.0.0.1.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from test_geonames_file import DUMP
from test_landmarks import SQUARE_NEAR, FakeNominatim, nominatim  # noqa: F401 (a fixture)

from dashboard.cli import main
from dashboard.geocoders.landmarks import file_placer
from dashboard.geoparse import parse_article
from dashboard.store import connect, schema
from dashboard.store.corrections import correct_mention
from dashboard.store.ingest import save_article
from dashboard.store.landmarks import approximate_mentions, place_stored_landmarks
from dashboard.store.readers import ArticleMeta

pytest_plugins = ["store_fixtures"]

PUBLISHED = date(2024, 3, 8)  # a Friday: "on Tuesday" is 2024-03-05
# Pulaski Square is in the dump; Chippewa Square is not, so it stays at Savannah.
ARTICLES = (
    'Crews for the period drama "The Long Harbour" filmed on Tuesday at Pulaski Square '
    "in Savannah, Georgia.",
    'The drama "The Long Harbour" also shot at Pulaski Square and at Chippewa Square '
    "in Savannah, Georgia, this week.",
)


def _store(engine: Engine, texts: tuple[str, ...] = ARTICLES) -> None:
    for text in texts:
        save_article(engine, ArticleMeta(text, published=PUBLISHED), parse_article(text, PUBLISHED))


def _mentions(engine: Engine, surface: str) -> list[sa.RowMapping]:
    mentions, places = schema.mentions, schema.places
    query = (
        sa.select(
            mentions.c.id,
            mentions.c.place_id,
            mentions.c.approximate,
            mentions.c.reason,
            places.c.name,
            places.c.lat,
            places.c.lon,
        )
        .join(places, places.c.id == mentions.c.place_id)
        .where(mentions.c.surface == surface)
        .order_by(mentions.c.id)
    )
    with engine.connect() as conn:
        return list(conn.execute(query).mappings())


def _revision(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(schema.store_state.c.revision)).scalar_one())


def test_landmarks_in_the_file_move_to_their_points(engine: Engine) -> None:
    _store(engine)
    assert {m.surface for m in approximate_mentions(engine)} == {
        "Pulaski Square",
        "Chippewa Square",
    }
    before = _revision(engine)
    done = place_stored_landmarks(engine, file_placer(DUMP))
    assert (done.approximate, done.looked_up, done.placed) == (3, 2, 2)
    assert str(done) == (
        "2 of 3 approximate landmark mentions placed by geonames-landmarks.txt (2 names looked up)"
    )
    squares = _mentions(engine, "Pulaski Square")
    assert len(squares) == 2
    for square in squares:
        assert not square["approximate"]
        assert (square["lat"], square["lon"]) == SQUARE_NEAR
        assert square["reason"].endswith("placed by geonames-landmarks.txt, 1 km from Savannah")
    (left,) = _mentions(engine, "Chippewa Square")
    assert left["approximate"] and left["name"] == "Savannah"
    assert _revision(engine) > before
    again = place_stored_landmarks(engine, file_placer(DUMP))
    assert (again.approximate, again.placed) == (1, 0)


def test_a_landmarks_schedule_follows_it(engine: Engine) -> None:
    _store(engine, ARTICLES[:1])
    (square,) = _mentions(engine, "Pulaski Square")
    events = schema.schedule_events
    linked = sa.select(events.c.place_id).where(events.c.mention_id == square["id"])
    with engine.connect() as conn:
        assert conn.execute(linked).scalars().all() == [square["place_id"]]  # Savannah's
    place_stored_landmarks(engine, file_placer(DUMP))
    (moved,) = _mentions(engine, "Pulaski Square")
    assert moved["place_id"] != square["place_id"]
    with engine.connect() as conn:
        assert conn.execute(linked).scalars().all() == [moved["place_id"]]


def test_a_persons_decision_stays(engine: Engine) -> None:
    _store(engine, ARTICLES[:1])
    (square,) = _mentions(engine, "Pulaski Square")
    correct_mention(engine, square["id"], place=None, status="rejected")
    done = place_stored_landmarks(engine, file_placer(DUMP))
    assert (done.approximate, done.placed) == (0, 0)
    (kept,) = _mentions(engine, "Pulaski Square")
    assert kept["approximate"] and kept["name"] == "Savannah"


def test_the_command_asks_a_service_once_per_landmark(
    nominatim: FakeNominatim,  # noqa: F811
    tmp_path: Path,
    private_cache: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "store.sqlite"
    engine = connect(str(db))
    try:
        _store(engine)
    finally:
        engine.dispose()
    service = ["--landmarks", "nominatim", "--geocoder-domain", nominatim.domain]
    assert main(["landmarks", "--db", str(db), *service, "--geocoder-scheme", "http"]) == 0
    assert capsys.readouterr().out == (
        "2 of 3 approximate landmark mentions placed by nominatim (2 names looked up)\n"
    )
    assert sorted(q.split(",")[0] for q in nominatim.queries) == [
        "Chippewa Square",
        "Pulaski Square",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "give --landmarks SERVICE or --landmarks-file DUMP"),
        (["--landmarks-file", "missing.zip"], "--landmarks-file: missing.zip"),
    ],
)
def test_the_command_needs_a_placer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    db = tmp_path / "store.sqlite"
    try:
        code = main(["landmarks", "--db", str(db), *options])
    except SystemExit as stop:
        code, text = 2, str(stop)
    else:
        text = capsys.readouterr().err
    assert code == 2 and message in text
    assert not db.exists()
