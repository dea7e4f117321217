"""Landmarks placed by an online geocoder on request, against a local fake Nominatim.

The parser pins a landmark the gazetteer lacks at its town and marks it
approximate; `--landmarks SERVICE` asks geopy's real Nominatim client, here
pointed at a server on 127.0.0.1, for the landmark's own point and keeps it
only when it lies near that town.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from loopback import LoopbackServer

from dashboard.cli import main
from dashboard.geocoders import online_geocoder
from dashboard.geocoders.landmarks import LandmarkPlacer, query_for
from dashboard.model import ArticleResult, Place, Toponym
from dashboard.store import connect, schema
from dashboard.store.ingest import ingest_paths

SAVANNAH = Place("4221552", "Savannah", "US", 32.08354, -81.09983, "city", 147780, "Georgia")
GREECE = Place("390903", "Greece", "GR", 39.0, 22.0, "country", 10_000_000)
GEORGIA_US = Place("4197000", "Georgia", "US", 32.75, -83.5, "admin1", 10_000_000)
SQUARE_NEAR = (32.0737, -81.0967)  # a square in Savannah's old town
SQUARE_FAR = (40.7357, -74.1724)  # a namesake square some 1,000 km north


class FakeNominatim(LoopbackServer):
    """Answers /search with `answers[q]` (a list of lat/lon pairs) in Nominatim's JSON."""

    def __init__(self, answers: dict[str, list[tuple[float, float]]]) -> None:
        self.answers = answers
        self.queries: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
                fake.queries.append(query)
                points = fake.answers.get(query.split(",")[0], [])
                body = json.dumps(
                    [
                        {"place_id": n, "lat": str(lat), "lon": str(lon), "display_name": query}
                        for n, (lat, lon) in enumerate(points, 1)
                    ]
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        super().__init__(Handler)


def placer(domain: str, cache: Path, country: str | None = "US") -> LandmarkPlacer:
    geocoder = online_geocoder(
        "nominatim",
        user_agent="reelmap-tests",
        cache_path=cache,
        domain=domain,
        scheme="http",
        min_delay_seconds=0.0,
    )
    return LandmarkPlacer(geocoder, "nominatim", lambda lat, lon: country)


def article(*mentions: tuple[str, Place, bool]) -> ArticleResult:
    toponyms = []
    for n, (surface, place, approximate) in enumerate(mentions):
        start = n * 20
        toponym = Toponym(start, start + len(surface), surface, "", place, 0.9, "parsed", "filmed")
        toponyms.append(replace(toponym, approximate=approximate))
    return ArticleResult(text="", published=None, toponyms=tuple(toponyms))


@pytest.fixture
def nominatim() -> Iterator[FakeNominatim]:
    answers = {
        "Pulaski Square": [SQUARE_NEAR],
        "Reynolds Square": [SQUARE_FAR, SQUARE_NEAR],
        "Madison Square": [SQUARE_FAR],
    }
    with FakeNominatim(answers) as fake:
        yield fake


@pytest.mark.parametrize(
    ("name", "enclosing", "query"),
    [
        ("Pulaski Square", SAVANNAH, "Pulaski Square, Savannah, Georgia, US"),
        ("Stone Mountain", GEORGIA_US, "Stone Mountain, Georgia, US"),
        ("Greek Islands", GREECE, "Greek Islands, Greece"),
    ],
)
def test_the_query_names_the_landmark_then_what_holds_it(
    name: str, enclosing: Place, query: str
) -> None:
    assert query_for(name, enclosing) == query


@pytest.mark.parametrize(
    ("surface", "placed_at"),
    [
        ("Pulaski Square", SQUARE_NEAR),  # the one answer lies in town
        ("Reynolds Square", SQUARE_NEAR),  # a namesake first, the town's square second
        ("Madison Square", None),  # only a namesake far away: the town pin stays
        ("Chippewa Square", None),  # no answer at all
    ],
)
def test_a_landmark_takes_the_answer_near_its_town(
    nominatim: FakeNominatim, tmp_path: Path, surface: str, placed_at: tuple[float, float] | None
) -> None:
    result = placer(nominatim.domain, tmp_path / "cache.sqlite").place(
        article((surface, SAVANNAH, True), ("Savannah", SAVANNAH, False))
    )
    landmark, town = result.toponyms
    assert town.place == SAVANNAH and not town.approximate
    if placed_at is None:
        assert landmark.place == SAVANNAH and landmark.approximate
        return
    assert landmark.place is not None and not landmark.approximate
    assert (landmark.place.lat, landmark.place.lon) == placed_at
    assert (landmark.place.name, landmark.place.country) == (surface, "US")
    assert landmark.place.admin1 == "Georgia"
    assert "placed by nominatim, 1 km from Savannah" in landmark.reason


def test_a_landmark_pinned_at_a_country_must_lie_in_it(
    nominatim: FakeNominatim, tmp_path: Path
) -> None:
    """Within reach of the country's middle is not enough: the point must be inside."""
    nominatim.answers["Vikos Gorge"] = [(39.96, 20.75)]
    cache = tmp_path / "cache.sqlite"
    inside = placer(nominatim.domain, cache, country="GR").place(
        article(("Vikos Gorge", GREECE, True))
    )
    elsewhere = placer(nominatim.domain, tmp_path / "other.sqlite", country="AL").place(
        article(("Vikos Gorge", GREECE, True))
    )
    assert not inside.toponyms[0].approximate
    assert elsewhere.toponyms[0].approximate


def test_each_landmark_is_asked_once_and_then_answered_from_the_cache(
    nominatim: FakeNominatim, tmp_path: Path
) -> None:
    cache = tmp_path / "cache.sqlite"
    twice = article(("Pulaski Square", SAVANNAH, True), ("Pulaski Square", SAVANNAH, True))
    first = placer(nominatim.domain, cache)
    first.place(twice)
    assert nominatim.queries == ["Pulaski Square, Savannah, Georgia, US"]
    assert first.placed == 2
    placer(nominatim.domain, cache).place(twice)
    assert len(nominatim.queries) == 1


def test_an_unreachable_service_leaves_the_town_pins_and_is_asked_no_more(
    tmp_path: Path,
) -> None:
    with FakeNominatim({}) as closed:
        domain = closed.domain  # the port is free again once the server is gone
    landmarks = placer(domain, tmp_path / "cache.sqlite")
    first = article(("Pulaski Square", SAVANNAH, True))
    assert landmarks.place(first) == first
    assert landmarks.unreachable is not None and "unreachable" in landmarks.unreachable
    with FakeNominatim({"Pulaski Square": [SQUARE_NEAR]}) as back:
        landmarks.geocoder = placer(back.domain, tmp_path / "cache.sqlite").geocoder
        assert landmarks.place(first) == first
        assert back.queries == []


ARTICLE = (
    'Crews for the period drama "The Long Harbour" filmed on Tuesday at Pulaski Square '
    "in Savannah, Georgia, and return to the city next week."
)


def extracted(
    source: Path, surface: str, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[dict[str, object], str]:
    """`reelmap extract SOURCE --format json OPTIONS...`: the toponym `surface`, and stderr."""
    assert main(["extract", str(source), "--format", "json", *options]) == 0
    out, err = capsys.readouterr()
    record = json.loads(out)
    return next(t for t in record["toponyms"] if t["surface"] == surface), err


def test_extract_places_landmarks_only_when_asked(
    nominatim: FakeNominatim,
    tmp_path: Path,
    private_cache: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    offline, _ = extracted(source, "Pulaski Square", capsys)
    assert offline["approximate"] and offline["place"]["name"] == "Savannah"  # type: ignore[index]
    assert nominatim.queries == []
    asked, _ = extracted(
        source, "Pulaski Square", capsys, "--landmarks", "nominatim",
        "--geocoder-domain", nominatim.domain, "--geocoder-scheme", "http",
    )  # fmt: skip
    assert not asked["approximate"]
    assert (asked["place"]["lat"], asked["place"]["lon"]) == SQUARE_NEAR  # type: ignore[index]
    assert asked["granularity"] == "city"
    assert nominatim.queries == ["Pulaski Square, Savannah, Georgia, US"]


def test_offline_is_no_landmark_service(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit, match="needs an online service"):
        main(["extract", "x.txt", "--landmarks", "offline"])


def test_ingest_stores_the_landmark_at_its_own_point(
    nominatim: FakeNominatim, tmp_path: Path
) -> None:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    engine = connect(str(tmp_path / "store.sqlite"))
    landmarks = placer(nominatim.domain, tmp_path / "cache.sqlite")
    try:
        ingest_paths(engine, [source], progress=False, landmarks=landmarks)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(schema.places.c.name, schema.places.c.lat, schema.places.c.lon)
                .join(schema.mentions, schema.mentions.c.place_id == schema.places.c.id)
                .where(schema.mentions.c.surface == "Pulaski Square")
            ).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [("Pulaski Square", *SQUARE_NEAR)]
    assert landmarks.placed == 1
