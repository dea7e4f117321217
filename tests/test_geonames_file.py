"""Landmarks placed offline from a GeoNames dump file (`--landmarks-file`).

The fixture `fixtures/geonames-landmarks.txt` is written by hand in the dump's
19-column format: a few real landmarks at their map coordinates, a namesake
far away, a town row, and two broken lines. Its ids are not GeoNames'.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from test_landmarks import ARTICLE, extracted

from dashboard.cli import main
from dashboard.geocoders.geonames_file import GeoNamesFile, GeoNamesFileError, check_dump
from dashboard.geocoders.landmarks import LandmarkPlacer
from dashboard.model import ArticleResult, Place, Toponym

DUMP = Path(__file__).parent / "fixtures" / "geonames-landmarks.txt"
SAVANNAH = Place("4221552", "Savannah", "US", 32.08354, -81.09983, "city", 147780, "Georgia")
JORDAN = Place("248816", "Jordan", "JO", 31.0, 36.0, "country", 10_000_000)


@pytest.fixture(scope="module")
def dump() -> GeoNamesFile:
    return GeoNamesFile(DUMP)


@pytest.mark.parametrize(
    ("query", "points"),
    [
        ("Pulaski Square, Savannah, Georgia, US", [(32.0737, -81.0967), (40.7357, -74.1724)]),
        ("Portobello Sands", [(55.954, -3.11)]),  # an alternate name
        ("the Portobello Beach", [(55.954, -3.11)]),
        ("WADI RAMM", [(29.575, 35.42)]),  # case and accents do not matter
        ("Sweet Auburn, Atlanta", [(33.7555, -84.3763)]),  # a neighbourhood (PPLX)
        ("Savannah, Georgia", []),  # a town: the gazetteer's business, not this file's
        ("Broken Row", []),  # a row whose id is not a number
        ("Short Row", []),  # a row with missing columns
    ],
)
def test_names_find_the_landmark_rows(
    dump: GeoNamesFile, query: str, points: list[tuple[float, float]]
) -> None:
    found = dump.geocode(query, exactly_one=False) or []
    assert isinstance(found, list)
    assert [(loc.latitude, loc.longitude) for loc in found] == points


def test_the_file_counts_only_landmarks(dump: GeoNamesFile) -> None:
    assert dump.features == 6  # 9 lines: a town and two broken rows left out


def test_a_zip_as_geonames_serves_it_reads_the_same(tmp_path: Path) -> None:
    archive = tmp_path / "XX.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("readme.txt", "not data\n")
        out.write(DUMP, "XX.txt")
    found = GeoNamesFile(archive).geocode("Pulaski Square")
    assert found is not None and not isinstance(found, list)
    assert (found.latitude, found.longitude) == (32.0737, -81.0967)
    check_dump(archive)  # and the quick look finds its landmark rows


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("just some text\nover two lines\n", "no landmark rows"),
        (b"\xff\xfe\x00 not utf-8", "cannot be read"),
    ],
)
def test_a_file_that_is_no_dump_says_so(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = tmp_path / "notes.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GeoNamesFileError, match=message):
        GeoNamesFile(path)
    with pytest.raises(GeoNamesFileError, match=message):  # the quick look says the same
        check_dump(path)


def _approximate(surface: str, at: Place) -> ArticleResult:
    toponym = Toponym(0, len(surface), surface, "", at, 0.9, "parsed", "filmed")
    return ArticleResult("", None, (replace(toponym, approximate=True),))


@pytest.mark.parametrize(
    ("surface", "at", "country_at", "expected"),
    [
        ("Pulaski Square", SAVANNAH, "US", (32.0737, -81.0967)),  # the near one, not Newark's
        ("Wadi Rum", JORDAN, "JO", (29.575, 35.42)),  # inside the country, not Arizona's
        ("Wadi Rum", JORDAN, "SA", None),  # a point the gazetteer puts in another country
        ("Portobello Beach", SAVANNAH, "US", None),  # Edinburgh's beach is far from Savannah
    ],
)
def test_the_placer_keeps_only_a_landmark_near_its_pin(
    dump: GeoNamesFile,
    surface: str,
    at: Place,
    country_at: str,
    expected: tuple[float, float] | None,
) -> None:
    placer = LandmarkPlacer(dump, "the GeoNames file", lambda lat, lon: country_at)
    (toponym,) = placer.place(_approximate(surface, at)).toponyms
    assert toponym.place is not None
    if expected is None:
        assert toponym.approximate and toponym.place == at
    else:
        assert not toponym.approximate
        assert (toponym.place.lat, toponym.place.lon) == expected
        assert toponym.place.name == surface and toponym.place.geonameid is None


def test_extract_places_landmarks_from_the_file_when_asked(
    tmp_path: Path, private_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    offline, _ = extracted(source, "Pulaski Square", capsys)
    assert offline["approximate"]
    placed, report = extracted(source, "Pulaski Square", capsys, "--landmarks-file", str(DUMP))
    assert not placed["approximate"]
    place = placed["place"]
    assert isinstance(place, dict) and (place["lat"], place["lon"]) == (32.0737, -81.0967)
    assert "1 landmark mentions placed by geonames-landmarks.txt" in report


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--landmarks-file", "missing.txt"], "cannot be read"),
        (["--landmarks-file", str(DUMP), "--landmarks", "nominatim"], "one of"),
    ],
)
def test_bad_landmark_options_stop_with_one_line(options: list[str], message: str) -> None:
    with pytest.raises(SystemExit, match=message):
        main(["extract", "x.txt", *options])
