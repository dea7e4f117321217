"""URL state: every view survives a round trip, every bad value falls back with a note."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.app.state import ROLE_CHOICES, ViewState, decode, encode, to_filters
from dashboard.store.queries import Facets, Filters

FACETS = Facets(
    productions=["Dune", "Mission: Impossible 7", "No Time to Die"],
    countries=["GB", "IT", "JO", "NO"],
    roles=["filmed", "planned", "setting"],
    date_min=date(2020, 1, 1),
    date_max=date(2021, 12, 31),
)

VIEWS = [
    ViewState(),
    ViewState(productions=("Mission: Impossible 7",)),
    ViewState(productions=("Dune", "No Time to Die"), countries=("JO", "GB")),
    ViewState(role="all", min_confidence=0.35),
    ViewState(role="setting", date_from=date(2020, 9, 1)),
    ViewState(date_from=date(2020, 9, 1), date_to=date(2020, 10, 31)),
    ViewState(selected=42, center=(62.56789, 7.68712), zoom=9),
    ViewState(center=(-33.9, -70.12345), zoom=1),
    ViewState(
        productions=("Mission: Impossible 7",),
        countries=("NO",),
        role="planned",
        date_from=date(2020, 1, 2),
        date_to=date(2021, 1, 2),
        min_confidence=1.0,
        selected=7,
        center=(0.0, 0.0),
        zoom=18,
    ),
]


@pytest.mark.parametrize("view", VIEWS)
def test_round_trip(view: ViewState) -> None:
    decoded, notes = decode(encode(view), FACETS)
    assert decoded == view
    assert notes == []


def test_defaults_encode_to_no_parameters() -> None:
    assert encode(ViewState()) == {}


def test_repeated_parameters_keep_every_value() -> None:
    params = encode(ViewState(productions=("Dune", "No Time to Die"), countries=("GB", "JO")))
    assert params["film"] == ["Dune", "No Time to Die"]
    assert params["country"] == ["GB", "JO"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"film": ["mission:  IMPOSSIBLE 7"]}, ViewState(productions=("Mission: Impossible 7",))),
        ({"film": ["Dune", "dune", "Dune"]}, ViewState(productions=("Dune",))),
        ({"country": ["no", "Gb"]}, ViewState(countries=("NO", "GB"))),
        ({"role": ["ALL"]}, ViewState(role="all")),
        ({"role": ["planned", "setting"]}, ViewState(role="setting")),  # last value wins
        ({"conf": ["0.333333"]}, ViewState(min_confidence=0.33)),
        ({"lat": ["62.1234567"], "lon": ["7"]}, ViewState(center=(62.12346, 7.0))),
        ({"utm_source": ["newsletter"], "embed": ["true"]}, ViewState()),
        ({"film": [""], "from": [""], "zoom": []}, ViewState()),
    ],
)
def test_lenient_but_exact_values(params: dict[str, list[str]], expected: ViewState) -> None:
    assert decode(params, FACETS) == (expected, [])


BAD = [
    ({"film": ["nope"]}, "film=nope"),
    ({"country": ["XX"]}, "country=XX"),
    ({"country": ["Norway"]}, "country=Norway"),
    ({"role": ["director"]}, "role=director"),
    ({"from": ["abc"]}, "from=abc"),
    ({"to": ["2021-02-30"]}, "to=2021-02-30"),
    ({"from": ["2021-05-01"], "to": ["2021-01-01"]}, "range ends before it starts"),
    ({"conf": ["x"]}, "conf=x"),
    ({"conf": ["1.5"]}, "conf=1.5"),
    ({"conf": ["-0.1"]}, "conf=-0.1"),
    ({"conf": ["nan"]}, "conf=nan"),
    ({"conf": ["inf"]}, "conf=inf"),
    ({"pin": ["abc"]}, "pin=abc"),
    ({"pin": ["0"]}, "pin=0"),
    ({"pin": ["-3"]}, "pin=-3"),
    ({"pin": ["99999999999999999999999"]}, "pin=99999999999999999999999"),
    ({"zoom": ["999"]}, "zoom=999"),
    ({"zoom": ["0"]}, "zoom=0"),
    ({"zoom": ["7.5"]}, "zoom=7.5"),
    ({"zoom": ["٣"]}, "zoom=٣"),  # a non-ASCII digit is not a zoom level
    ({"lat": ["91"], "lon": ["10"]}, "lat=91"),
    ({"lat": ["10"], "lon": ["-181"]}, "lon=-181"),
    ({"lat": ["north"], "lon": ["10"]}, "lat=north"),
    ({"lat": ["10"]}, "needs both lat and lon"),
    ({"lon": ["10"]}, "needs both lat and lon"),
]


@pytest.mark.parametrize(("params", "mentioned"), BAD, ids=[m for _, m in BAD])
def test_bad_value_falls_back_to_default_with_a_note(
    params: dict[str, list[str]], mentioned: str
) -> None:
    view, notes = decode(params, FACETS)
    assert view == ViewState()
    assert len(notes) == 1
    assert mentioned in notes[0]


def test_bad_values_do_not_spoil_good_ones() -> None:
    params = {"film": ["Dune", "nope"], "zoom": ["999"], "conf": ["0.5"], "country": ["IT"]}
    view, notes = decode(params, FACETS)
    assert view == ViewState(productions=("Dune",), countries=("IT",), min_confidence=0.5)
    assert len(notes) == 2


def test_notes_quote_long_values_briefly() -> None:
    _, notes = decode({"film": ["x" * 5000]}, FACETS)
    assert len(notes[0]) < 120


@pytest.mark.parametrize("role", ROLE_CHOICES)
def test_role_becomes_store_roles(role: str) -> None:
    filters = to_filters(ViewState(role=role))
    assert filters.roles == (() if role == "all" else (role,))


def test_to_filters_carries_every_filter() -> None:
    view = ViewState(
        productions=("Dune",),
        countries=("JO",),
        role="filmed",
        date_from=date(2020, 3, 1),
        date_to=date(2020, 4, 1),
        min_confidence=0.5,
        selected=3,
        center=(1.0, 2.0),
        zoom=4,
    )
    assert to_filters(view) == Filters(
        productions=("Dune",),
        countries=("JO",),
        roles=("filmed",),
        date_from=date(2020, 3, 1),
        date_to=date(2020, 4, 1),
        min_confidence=0.5,
    )


def test_default_view_is_the_store_default_query() -> None:
    assert to_filters(ViewState()) == Filters()
