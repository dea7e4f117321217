"""Namesakes told apart by the article: islands it names, evidence both readings share,
towns matched only through an alternate name, and small towns listed with a place abroad.

The mentions are built from the sentence itself, so the cases test the resolver alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.gazetteer import Gazetteer
from dashboard.gazetteer.sources import island_outlines, islands
from dashboard.geoparse.recognize import Mention
from dashboard.geoparse.resolve import Resolution, Resolver


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(Gazetteer.open(progress=False))


def _resolve(resolver: Resolver, text: str, names: list[str], target: str) -> Resolution:
    mentions = sorted(
        (
            Mention(m.start(), m.end(), name, "place", name, "test")
            for name in names
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        ),
        key=lambda m: m.start,
    )
    assert any(m.surface == target for m in mentions), "the case does not name its target"
    resolutions = resolver.resolve(mentions, text)
    return next(r for m, r in zip(mentions, resolutions, strict=True) if m.surface == target)


# (text, names in it, the name checked, its country, its state, least population)
CASES = [
    # An island the article names holds the reading of a town that lies on it.
    (
        "The South Island stood in for a kingdom; the crew shot in Queenstown and then "
        "near Devonport.",
        ["South Island", "Queenstown", "Devonport"],
        "Queenstown",
        "NZ",
        "Otago",
        0,
    ),
    (
        "After the ferry to Vancouver Island the unit settled in Victoria for a month.",
        ["Vancouver Island", "Victoria"],
        "Victoria",
        "CA",
        "British Columbia",
        0,
    ),
    # A state that holds both namesakes does not excuse the small one.
    (
        "The caravan rolled from Jaipur to Udaipur, the lake city of Rajasthan, for the "
        "wedding sequence.",
        ["Jaipur", "Udaipur", "Rajasthan"],
        "Udaipur",
        "IN",
        "Rājasthān",
        100_000,
    ),
    # A town read only through an alternate name ("Eureka" is also a name of a village
    # beside Vancouver, Washington) places nothing near it.
    (
        "A tax credit from Canada kept the series in Vancouver, where a backlot played the "
        "town of Eureka and a studio stood in for Boston, though it aired in the US first.",
        ["Canada", "Vancouver", "Eureka", "Boston", "US"],
        "Vancouver",
        "CA",
        "British Columbia",
        0,
    ),
    # Evidence of its own still picks the small namesake.
    (
        "The crew drove from Portland to Bangor and on to Augusta, Maine, for the last week.",
        ["Portland", "Bangor", "Augusta", "Maine"],
        "Portland",
        "US",
        "Maine",
        0,
    ),
    # Where the show streams is its audience's country, not where its places are.
    (
        "The series returns to Cambridge and to Galt in August. It streams on Hulu in the U.S.",
        ["Cambridge", "Galt", "U.S."],
        "Cambridge",
        "CA",
        "Ontario",
        0,
    ),
    # A region a tenth the size of a town of its name is not what the name means.
    ("The actor was raised in Manchester.", ["Manchester"], "Manchester", "GB", "England", 0),
    # A long name, listed with a place abroad, is still its own town, not a namesake.
    (
        "The crew filmed in Stratford-upon-Avon and Aix-en-Provence last year.",
        ["Stratford-upon-Avon", "Aix-en-Provence"],
        "Stratford-upon-Avon",
        "GB",
        "England",
        0,
    ),
]


@pytest.mark.parametrize(("text", "names", "target", "country", "state", "population"), CASES)
def test_the_article_picks_the_namesake(
    resolver: Resolver,
    text: str,
    names: list[str],
    target: str,
    country: str,
    state: str,
    population: int,
) -> None:
    place = _resolve(resolver, text, names, target).place
    assert place is not None
    assert (place.country, place.admin1) == (country, state)
    assert place.population >= population


@pytest.mark.parametrize(
    ("island", "inside", "outside"),
    [
        ("South Island", (-45.03, 168.66), (-41.29, 174.78)),  # Queenstown; Wellington
        ("North Island", (-41.29, 174.78), (-41.27, 173.28)),  # Wellington; Nelson
        ("Vancouver Island", (48.43, -123.37), (49.28, -123.12)),  # Victoria; Vancouver
        ("Long Island", (40.79, -73.20), (41.05, -73.54)),  # Suffolk; Stamford, Conn.
    ],
)
def test_an_outline_covers_its_island_and_not_the_land_across_the_water(
    island: str, inside: tuple[float, float], outside: tuple[float, float]
) -> None:
    ids = {r.name: r.geonameid for r in islands()}
    boxes = island_outlines()[ids[island]]

    def covered(point: tuple[float, float]) -> bool:
        lat, lon = point
        return any(s <= lat <= n and w <= lon <= e for s, w, n, e in boxes)

    assert covered(inside)
    assert not covered(outside)


def test_every_outlined_island_covers_its_own_pin() -> None:
    outlines = island_outlines()
    for record in islands():
        boxes = outlines.get(record.geonameid, ())
        assert not boxes or any(
            s <= record.lat <= n and w <= record.lon <= e for s, w, n, e in boxes
        ), record.name


@pytest.mark.parametrize(
    ("line", "boxes"),
    [
        ("Tern\t\tGB\t56.5\t-6.1\t0", ()),  # no outline column
        ("Tern\t\tGB\t56.5\t-6.1\t0\t", ()),  # an empty one
        ("Tern\t\tGB\t56.5\t-6.1\t0\t56.4,-6.2,56.6,-6.0", ((56.4, -6.2, 56.6, -6.0),)),
        (
            "Tern\t\tGB\t56.5\t-6.1\t0\t56.4,-6.2,56.5,-6.0;56.5,-6.2,56.6,-6.1",
            ((56.4, -6.2, 56.5, -6.0), (56.5, -6.2, 56.6, -6.1)),
        ),
    ],
)
def test_outlines_are_read_from_the_island_table(
    tmp_path: Path, line: str, boxes: tuple[tuple[float, ...], ...]
) -> None:
    table = tmp_path / "islands.tsv"
    table.write_text(f"# comment\n{line}\n", encoding="utf-8")
    assert island_outlines(table).get("island:GB:tern", ()) == boxes
    assert [r.name for r in islands(table)] == ["Tern"]


# (text, names in it, the small town checked, where it is pinned, whether only approximately)
LISTED = [
    # The gazetteer knows only a Glenorchy in Tasmania, far from Queenstown, New Zealand:
    # written in one list with Queenstown, it is that town's area, approximately.
    (
        "The series was filmed in Queenstown and Glenorchy, New Zealand, over the winter.",
        ["Queenstown", "Glenorchy", "New Zealand"],
        "Glenorchy",
        "NZ",
        True,
    ),
    # Listed with a place beside it, the same name is the Tasmanian town.
    (
        "The series was filmed in Hobart and Glenorchy over the winter.",
        ["Hobart", "Glenorchy"],
        "Glenorchy",
        "AU",
        False,
    ),
    # Not listed with the place abroad: nothing says it is anywhere else.
    (
        "The crew flew out of Queenstown, New Zealand. Weeks later it worked in Glenorchy.",
        ["Queenstown", "New Zealand", "Glenorchy"],
        "Glenorchy",
        "AU",
        False,
    ),
]


@pytest.mark.parametrize(("text", "names", "target", "country", "approximate"), LISTED)
def test_a_small_town_listed_with_a_place_abroad_is_no_namesake_there(
    resolver: Resolver, text: str, names: list[str], target: str, country: str, approximate: bool
) -> None:
    resolution = _resolve(resolver, text, names, target)
    assert resolution.place is not None
    assert (resolution.place.country, resolution.approximate) == (country, approximate)
