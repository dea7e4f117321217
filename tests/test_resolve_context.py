"""Resolution with the whole article as context: world cities, namesakes, regions.

The mentions are built here from the sentence (every occurrence of each name),
so these cases test the resolver alone, whatever the recogniser finds.
"""

from __future__ import annotations

import re

import pytest

from dashboard.gazetteer import Gazetteer
from dashboard.geoparse.recognize import Mention, MentionKind
from dashboard.geoparse.resolve import Resolution, Resolver
from dashboard.model import Place


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(Gazetteer.open(progress=False))


def _mentions(text: str, names: list[tuple[str, MentionKind, str]]) -> list[Mention]:
    found = []
    for surface, kind, query in names:
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            found.append(Mention(match.start(), match.end(), surface, kind, query, "test"))
    assert found, "the case names nothing that is in its text"
    return sorted(found, key=lambda m: m.start)


def _resolve(
    resolver: Resolver, text: str, names: list[str], target: str, kind: MentionKind = "place"
) -> Resolution:
    """The resolution of `target` among `names`, itself read as a `kind` mention."""
    mentions = _mentions(
        text, [(name, kind if name == target else "place", name) for name in names]
    )
    resolutions = resolver.resolve(mentions, text)
    return next(r for m, r in zip(mentions, resolutions, strict=True) if m.surface == target)


def _where(place: Place | None) -> tuple[str, str]:
    assert place is not None
    return place.country, place.admin1


# (text, names in it, the name checked, its country, its state or "" for any)
CASES = [
    # A world city written bare beats a namesake in the country the article is mostly about.
    (
        "The crew spent a week in Boston and Chicago before flying to London for the last scenes.",
        ["Boston", "Chicago", "London"],
        "London",
        "GB",
        "",
    ),
    (
        "After two seasons in Atlanta the series moved north to Toronto and its new studio.",
        ["Atlanta", "Toronto"],
        "Toronto",
        "CA",
        "",
    ),
    (
        "Second unit worked in Los Angeles and Phoenix; the main unit went to Prague and Vienna.",
        ["Los Angeles", "Phoenix", "Prague", "Vienna"],
        "Prague",
        "CZ",
        "",
    ),
    (
        "Berlin and Munich shared the shoot, with a last week in Hamburg.",
        ["Berlin", "Munich", "Hamburg"],
        "Berlin",
        "DE",
        "",
    ),
    # A national capital is what a bare capital's name means.
    (
        "Officials in Washington said the tax credit would be renewed.",
        ["Washington"],
        "Washington",
        "US",
        "District of Columbia",
    ),
    # A country the article names pulls its towns over bigger namesakes elsewhere.
    (
        "The production has been based in New Zealand since March. "
        "Queenstown stood in for the northern mountains.",
        ["New Zealand", "Queenstown"],
        "Queenstown",
        "NZ",
        "",
    ),
    # Local evidence still wins for the small namesake: a named county, state or container.
    (
        "Henry County deputies said a barn fire outside Paris destroyed two tractors.",
        ["Henry County", "Paris"],
        "Paris",
        "US",
        "Tennessee",
    ),
    (
        "Lamar County commissioners met in Paris on Monday to discuss the road budget.",
        ["Lamar County", "Paris"],
        "Paris",
        "US",
        "Texas",
    ),
    (
        "The governor of Kentucky toured a horse farm near Paris on Friday.",
        ["Kentucky", "Paris"],
        "Paris",
        "US",
        "Kentucky",
    ),
    (
        "Police in Moscow, Idaho, closed the campus for the day.",
        ["Moscow"],
        "Moscow",
        "US",
        "Idaho",
    ),
    # A country's name in a list is the country, not a town that took its name.
    (
        "The festival screened films from India, Italy and Poland.",
        ["India", "Italy", "Poland"],
        "India",
        "IN",
        "",
    ),
    (
        "The film was shot in Peru and Bolivia, with a week of pickups in Chicago.",
        ["Peru", "Bolivia", "Chicago"],
        "Peru",
        "PE",
        "",
    ),
]


@pytest.mark.parametrize(("text", "names", "target", "country", "state"), CASES)
def test_context_picks_the_reading(
    resolver: Resolver, text: str, names: list[str], target: str, country: str, state: str
) -> None:
    resolution = _resolve(resolver, text, names, target)
    got_country, got_state = _where(resolution.place)
    assert got_country == country, resolution.reason
    if state:
        assert got_state == state, resolution.reason


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Producers hope to take the next season across the Middle East.", "Middle East"),
        ("The service is expanding into Southeast Asia this year.", "Southeast Asia"),
        ("Scouts toured the Balkans for a castle.", "Balkans"),
    ],
)
def test_regions_of_several_countries_are_areas(resolver: Resolver, text: str, region: str) -> None:
    resolution = _resolve(resolver, text, [region], region)
    assert resolution.place is not None
    assert resolution.place.kind == "continent"
    assert resolution.place.country == ""


def test_a_resident_names_the_big_city(resolver: Resolver) -> None:
    text = (
        "Any Torontonian knows the corner where the chase through Toronto ends, "
        "though the show says it is New York."
    )
    mentions = _mentions(
        text,
        [(n, "place", n) for n in ("Torontonian", "Toronto", "New York")],
    )
    resolutions = resolver.resolve(mentions, text)
    for mention, resolution in zip(mentions, resolutions, strict=True):
        if mention.surface.startswith("Toronto"):
            assert _where(resolution.place) == ("CA", "Ontario"), mention.surface
            assert not resolution.approximate


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("The actor flew back to LA the day after the wrap.", ("US", "California")),
        ("She grew up in Alexandria, LA, near the river.", ("US", "Louisiana")),
    ],
)
def test_la_bare_is_the_city_after_a_town_the_state(
    resolver: Resolver, text: str, wanted: tuple[str, str]
) -> None:
    mentions = _mentions(
        text, [("LA", "state_abbreviation", "Louisiana"), ("Alexandria", "place", "Alexandria")]
    )
    resolutions = resolver.resolve(mentions, text)
    la = next(r for m, r in zip(mentions, resolutions, strict=True) if m.surface == "LA")
    assert _where(la.place) == wanted
    if wanted[1] == "California":
        assert la.place is not None and la.place.kind == "city"


def test_a_lone_village_elsewhere_is_no_pin(resolver: Resolver) -> None:
    """The only "Las Canteras" the gazetteer knows is a hamlet in Peru."""
    text = "The crew filmed on Las Canteras beach in Las Palmas, on Gran Canaria in Spain."
    resolution = _resolve(
        resolver, text, ["Las Canteras", "Las Palmas", "Gran Canaria", "Spain"], "Las Canteras"
    )
    assert resolution.place is None or resolution.place.country == "ES"


def test_a_small_namesake_keeps_a_low_confidence_alternative(resolver: Resolver) -> None:
    """The world city wins, and the namesake is still offered for a correction."""
    text = "The crew spent a week in Boston and Chicago before flying to London to finish."
    resolution = _resolve(resolver, text, ["Boston", "Chicago", "London"], "London")
    countries = [c.place.country for c in resolution.alternatives]
    assert countries[0] == "GB"
    assert len(countries) > 1 and set(countries[1:]) - {"GB"}


@pytest.mark.parametrize(
    ("text", "names", "short", "country"),
    [
        (
            "Crews left Western Australia for Perth; WA pays a rebate to every shoot.",
            ["Western Australia", "Perth", "WA"],
            "WA",
            "AU",
        ),
        (
            "New South Wales hosted the shoot, and NSW paid for the crew's hotels.",
            ["New South Wales", "NSW"],
            "NSW",
            "AU",
        ),
    ],
)
def test_an_initialism_of_a_name_the_article_spells_out_is_that_place(
    resolver: Resolver, text: str, names: list[str], short: str, country: str
) -> None:
    resolution = _resolve(resolver, text, names, short)
    assert resolution.place is not None and resolution.place.country == country


def test_a_village_far_from_every_other_place_of_a_minor_country_is_no_pin(
    resolver: Resolver,
) -> None:
    """Only a US hamlet has this name, and the story's US places are on the other coast."""
    text = (
        "Ballarat, Kyneton and Gisborne in Victoria hosted the crew, then Hanging Rock. "
        "Producers flew in from Los Angeles and Hollywood."
    )
    names = ["Ballarat", "Kyneton", "Gisborne", "Victoria", "Hanging Rock", "Los Angeles"]
    resolution = _resolve(resolver, text, [*names, "Hollywood"], "Hanging Rock")
    assert resolution.place is None or resolution.place.country == "AU"


def test_a_region_found_only_by_the_stem_of_its_name_is_no_foreign_pin(
    resolver: Resolver,
) -> None:
    """Only Somalia has a region called "Bay"; "Bay State" in a Boston story is not it."""
    text = "Crews shot in Boston and Salem, and the Bay State has never been busier."
    mentions = _mentions(text, [("Boston", "place", "Boston"), ("Salem", "place", "Salem")])
    mentions += _mentions(text, [("Bay State", "admin", "Bay State")])
    mentions.sort(key=lambda m: m.start)
    resolutions = resolver.resolve(mentions, text)
    bay = next(r for m, r in zip(mentions, resolutions, strict=True) if m.surface == "Bay State")
    assert bay.place is None or bay.place.country == "US"


def test_a_town_known_here_only_by_an_alternate_name_is_no_pin_abroad(
    resolver: Resolver,
) -> None:
    """GeoNames lists "South Island" among the names of Coronado, California; the story is in NZ."""
    text = "Queenstown and Wanaka are busy, and the South Island hosts crews all year."
    resolution = _resolve(resolver, text, ["Queenstown", "Wanaka", "South Island"], "South Island")
    assert resolution.place is None or resolution.place.country == "NZ"


@pytest.mark.parametrize(
    ("text", "names", "target", "city"),
    [
        # a suburb the gazetteer lacks is placed at the city the text puts it in,
        # not at a namesake abroad
        (
            "The crew built its stages in the Wellington suburb of Miramar.",
            ["Wellington", "Miramar"],
            "Miramar",
            "Wellington",
        ),
        (
            "Roma is the Mexico City neighbourhood where he grew up.",
            ["Roma", "Mexico City"],
            "Roma",
            "Mexico City",
        ),
    ],
)
def test_a_district_the_text_puts_in_a_city(
    resolver: Resolver, text: str, names: list[str], target: str, city: str
) -> None:
    resolution = _resolve(resolver, text, names, target)
    assert resolution.place is not None and resolution.place.name == city
    assert resolution.approximate


def test_a_district_the_gazetteer_has_near_its_city_keeps_its_own_pin(resolver: Resolver) -> None:
    text = "They filmed on the boardwalk in Venice, the Los Angeles neighbourhood."
    resolution = _resolve(resolver, text, ["Venice", "Los Angeles"], "Venice")
    assert _where(resolution.place) == ("US", "California") and not resolution.approximate


def test_la_with_dots_in_running_text_is_los_angeles(resolver: Resolver) -> None:
    text = "The footage will be shot in L.A. on a replica of the pyramid."
    mentions = [Mention(text.index("L.A."), text.index("L.A.") + 4, "L.A.", "place", "L.A.", "t")]
    place = resolver.resolve(mentions, text)[0].place
    assert place is not None and place.name == "Los Angeles"


@pytest.mark.parametrize(
    ("text", "target", "country", "state"),
    [
        # A region's possessive before a name places the name inside that region.
        ("Most scenes were shot on Tasmania's West Coast in May.", "West Coast", "AU", "Tasmania"),
        ("The unit moved on to Georgia's Columbus for the finale.", "Columbus", "US", "Georgia"),
    ],
)
def test_a_region_owning_a_name_holds_it(
    resolver: Resolver, text: str, target: str, country: str, state: str
) -> None:
    owner = text.split("'s ")[0].split()[-1]
    resolution = _resolve(resolver, text, [owner, target], target)
    assert _where(resolution.place) == (country, state), resolution.reason


@pytest.mark.parametrize(
    ("text", "names", "target", "country"),
    [
        (
            "Under a deal with Saudi Arabia, a Hollywood crew will shoot at Qasr Zawrat.",
            ["Saudi Arabia", "Hollywood", "Qasr Zawrat"],
            "Qasr Zawrat",
            "SA",
        ),
        (
            "Nigeria's film board welcomed the Hollywood unit to Ikot Obong Falls.",
            ["Nigeria", "Hollywood", "Ikot Obong Falls"],
            "Ikot Obong Falls",
            "NG",
        ),
    ],
)
def test_a_film_industry_holds_no_landmark(
    resolver: Resolver, text: str, names: list[str], target: str, country: str
) -> None:
    """ "Hollywood" next to an unknown place says where the money is from, not the place."""
    resolution = _resolve(resolver, text, names, target, kind="landmark")
    assert resolution.approximate and resolution.place is not None
    assert resolution.place.country == country, resolution.reason


@pytest.mark.parametrize(
    ("text", "names", "target", "state"),
    [
        (
            "After two days downtown, the San Francisco unit moves to Mission Bay.",
            ["San Francisco", "Mission Bay"],
            "Mission Bay",
            "California",
        ),
        (
            "The Boston unit then shot at Salem Harbor for two nights.",
            ["Boston", "Salem Harbor"],
            "Salem Harbor",
            "Massachusetts",
        ),
        (
            "The Phoenix crew spends a week at Florence Lake.",
            ["Phoenix", "Florence Lake"],
            "Florence Lake",
            "Arizona",
        ),
    ],
)
def test_the_town_a_landmark_name_holds_lies_near_the_article(
    resolver: Resolver, text: str, names: list[str], target: str, state: str
) -> None:
    """ "Mission Bay" beside San Francisco holds no Mission in Texas."""
    resolution = _resolve(resolver, text, names, target, kind="landmark")
    assert resolution.approximate and resolution.place is not None
    assert resolution.place.admin1 == state or resolution.place.name == state, resolution.reason


@pytest.mark.parametrize(
    ("text", "name", "city"),
    [
        ("The crew then moves to Napoli for the harbour chase.", "Napoli", "Naples"),
        ("Scenes were planned in Rabat and Marrakech this spring.", "Marrakech", "Marrakesh"),
        ("The unit shot for a week in Wien before flying home.", "Wien", "Vienna"),
    ],
)
def test_a_subdivision_around_its_namesake_town_is_the_town(
    resolver: Resolver, text: str, name: str, city: str
) -> None:
    """The province of Napoli is pinned among its towns, yet "Napoli" in a story is Naples."""
    place = _resolve(resolver, text, [name], name).place
    assert place is not None and place.kind == "city" and place.name == city


def test_a_landmark_name_with_one_reading_holds_it_far_from_the_article(
    resolver: Resolver,
) -> None:
    """ "Lake Garda" in a story about Siena is at Garda: no other Garda competes."""
    text = "After Siena, the unit shot the boat chase on Lake Garda."
    resolution = _resolve(resolver, text, ["Siena", "Lake Garda"], "Lake Garda", kind="landmark")
    assert resolution.place is not None and resolution.place.name == "Garda", resolution.reason
