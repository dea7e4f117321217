"""Production titles: one production per film, whatever the numbering or quotes."""

from __future__ import annotations

import pytest

from dashboard.geoparse.productions import extract_productions, title_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mission: Impossible 7", "Mission: Impossible VII"),
        ("Mission: Impossible VII", "mission impossible 7"),
        ("Dune: Part Two", "Dune Part Two"),
        ("The Lord of the Rings", "the lord of the rings"),
    ],
)
def test_same_title(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Dune", "Dune: Part Two"), ("Mission: Impossible 7", "Mission: Impossible 8")]
)
def test_different_titles(a: str, b: str) -> None:
    assert title_key(a) != title_key(b)


@pytest.mark.parametrize(
    ("text", "titles", "kind"),
    [
        (
            'Filming of "Mission: Impossible VII" continues; the "Mission: Impossible 7" crew '
            "moved on.",
            ["Mission: Impossible 7"],
            "unknown",
        ),
        ('The new "Dune" movie shot in Jordan.', ["Dune"], "film"),
        (
            "Season two of 'The Last of Us' is filming in British Columbia.",
            ["The Last of Us"],
            "series",
        ),
        ('"Oh hi everyone, didn\'t see you there," she wrote from the set.', [], None),
        ('He called the shoot "a dream" in an interview.', [], None),
    ],
)
def test_extract(text: str, titles: list[str], kind: str | None) -> None:
    productions, _ = extract_productions(text)
    assert [p.title for p in productions] == titles
    if kind is not None:
        assert productions[0].kind == kind


def test_franchise_name_joins_the_numbered_title() -> None:
    text = (
        'The next "Mission: Impossible" movie is in production. '
        '"Mission: Impossible VII" filmed a stunt.'
    )
    productions, _ = extract_productions(text)
    assert len(productions) == 1
    assert productions[0].title == "Mission: Impossible 7"
    assert set(productions[0].aliases) == {"Mission: Impossible", "Mission: Impossible VII"}


def test_headline_names_the_production_without_film_words() -> None:
    productions, mentions = extract_productions(
        "The crew moved to Siena's rooftops for the chase.",
        headline="'Quantum of Solace' swaps the Atacama for Siena",
    )
    assert [p.title for p in productions] == ["Quantum of Solace"]
    assert all(m.start < 0 for m in mentions)


def test_short_form_joins_the_full_title() -> None:
    productions, _ = extract_productions(
        'Filming of "Mission: Impossible – Fallout" ended in Norway.',
        headline="'Fallout' wraps at Preikestolen",
    )
    assert [p.title for p in productions] == ["Mission: Impossible – Fallout"]
    assert productions[0].aliases == ("Fallout",)
