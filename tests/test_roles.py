"""Each place's role comes from how its sentence is built, not from nearby words.

Every sentence names a production, since an article that names none has no
filming places at all (last tests).
"""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.geoparse import parse_article
from dashboard.geoparse.roles import PlaceSpan, decide_role, decide_roles

CASES = [
    # the cases the geoparser started with
    (
        "Calgary stands in for Boston in the series, which filmed there all summer.",
        "Calgary",
        "filmed",
    ),
    (
        "Calgary stands in for Boston in the series, which filmed there all summer.",
        "Boston",
        "setting",
    ),
    ("The Gold Coast doubles as 1950s Memphis in the film.", "Memphis", "setting"),
    (
        'Producers of the film "Dune Sea" scouted Morocco but chose Jordan for the scenes.',
        "Morocco",
        "scouted",
    ),
    (
        'Producers of the film "Dune Sea" scouted Morocco but chose Jordan for the scenes.',
        "Jordan",
        "filmed",
    ),
    ('The production of "Canal Street" will head to Venice next month.', "Venice", "planned"),
    ('The film "Canal Street" premiered in London last night.', "London", "other"),
    ('The "Night Train" crew filmed in Norway before heading to Rome.', "Norway", "filmed"),
    ('The "Night Train" crew filmed in Norway before heading to Rome.', "Rome", "planned"),
    (
        'Nobody knows whether the "Canal Street" shoot will stay in Venice or move to Malta.',
        "Malta",
        "other",
    ),
    ('The film "Lone Star Road" was not shot in France but in Texas.', "France", "other"),
    ('The film "Lone Star Road" was not shot in France but in Texas.', "Texas", "filmed"),
    # governing verb and preposition
    ('"Harbour Lights" was filmed in Lisbon last spring.', "Lisbon", "filmed"),
    ('The crew of "Harbour Lights" shot scenes at Porto and Braga.', "Braga", "filmed"),
    ('"Harbour Lights" is set in Naples but it was shot in Bari.', "Naples", "setting"),
    ('"Harbour Lights" is set in Naples but it was shot in Bari.', "Bari", "filmed"),
    ('In the film "Harbour Lights", Calgary doubles for Boston.', "Calgary", "filmed"),
    ('In the film "Harbour Lights", Calgary doubles for Boston.', "Boston", "setting"),
    ('"Harbour Lights" premiered in Toronto on Friday.', "Toronto", "other"),
    ('The star of "Harbour Lights" was born in Leeds.', "Leeds", "other"),
    ('"Harbour Lights" comes from a studio based in Dublin.', "Dublin", "other"),
    ('The "Harbour Lights" shoot will head to Oslo next month.', "Oslo", "planned"),
    ('"Harbour Lights" is set to shoot in Bergen in May.', "Bergen", "planned"),
    (
        'The makers of "Harbour Lights" scouted Tunisia before settling on Malta.',
        "Tunisia",
        "scouted",
    ),
    ('"Harbour Lights" moved production from Prague to Sofia.', "Prague", "scouted"),
    ('"Harbour Lights" was due to shoot in Manila when the storm struck.', "Manila", "scouted"),
    ('"Harbour Lights" was not shot in Spain but in Portugal.', "Spain", "other"),
    ('"Harbour Lights" was not shot in Spain but in Portugal.', "Portugal", "filmed"),
    # story routes and settings
    (
        'In "Harbour Lights" the heroes follow the route from Calais to Istanbul.',
        "Istanbul",
        "setting",
    ),
    (
        '"Harbour Lights" tells the story of a family that flees to Argentina.',
        "Argentina",
        "setting",
    ),
    # a schedule is a block of shooting days
    (
        'Director Vikram Rao\'s drama "Saawan" has completed its first schedule in Edinburgh.',
        "Edinburgh",
        "filmed",
    ),
    # a way to get somewhere, or a distance from it, is not where the camera was
    (
        '"Harbour Lights" shot its cove scenes an hour by ferry from Brest, and the '
        "beach is a short trip by fishing boat from Quimper.",
        "Quimper",
        "other",
    ),
    (
        'The best view of the "Harbour Lights" set: drive north from Tulsa for an hour.',
        "Tulsa",
        "other",
    ),
    (
        "Le tournage de « Harbour Lights » a eu lieu dans un village à une trentaine de "
        "kilomètres d'Ajaccio.",
        "Ajaccio",
        "other",
    ),
    (
        "Le tournage de « Harbour Lights » a eu lieu dans un village à 15 km de Marseille.",
        "Marseille",
        "other",
    ),
    ("Le film « Harbour Lights » a été tourné près de Marseille.", "Marseille", "filmed"),
    # datelines, comparisons, the industry, homes, premieres
    ('LONDON (Reuters) - Filming of "Harbour Lights" began in Wales.', "London", "other"),
    ('LONDON (Reuters) - Filming of "Harbour Lights" began in Wales.', "Wales", "filmed"),
    ('"Harbour Lights" filmed in Ouarzazate, the Hollywood of Morocco.', "Ouarzazate", "filmed"),
    ('"Harbour Lights" is the biggest Hollywood shoot in Glasgow.', "Hollywood", "other"),
    ('The producer of "Harbour Lights" lives in Brighton.', "Brighton", "other"),
    ('"Harbour Lights" will open the film festival in Venice.', "Venice", "other"),
    ('"Harbour Lights" hired extras from Cardiff for the scenes.', "Cardiff", "other"),
    ('"Harbour Lights" shot in a village near Seville.', "Seville", "other"),
    ('"Harbour Lights" was made by a Toronto-based studio.', "Toronto", "other"),
    # lists share their governor
    ('"Harbour Lights" filmed in Lyon, Dijon and Nantes.', "Nantes", "filmed"),
    ('"Harbour Lights" cast visitors from Lima, Peru.', "Peru", "other"),
    # subject position
    ('In the series "Harbour Lights", Malta stood in for Greece.', "Malta", "filmed"),
    ('Cairo, where "Harbour Lights" filmed for a week, was busy.', "Cairo", "filmed"),
    # names that hold a cue word are institutions, headline or not
    ('Oslo Film Commission Backs "Harbour Lights"', "Oslo", "other"),
    ('"Harbour Lights" opens the Leeds Film Fest', "Leeds", "other"),
    # shoots that almost happened somewhere, or were first meant to
    ('"Harbour Lights" was originally due to shoot in Tallinn.', "Tallinn", "scouted"),
    ('"Harbour Lights" was almost filmed in Riga, then moved.', "Riga", "scouted"),
    ('The first plan was to film "Harbour Lights" in Vilnius.', "Vilnius", "scouted"),
    # "set in" tells the story's place; "a set in" is a stage
    ('"Harbour Lights" is also set in Hanoi, but it was filmed in Da Nang.', "Hanoi", "setting"),
    (
        'Three thrillers set in Glasgow open this year, among them "Harbour Lights".',
        "Glasgow",
        "setting",
    ),
    ('"Harbour Lights", set in the heart of Lagos, opens in June.', "Lagos", "setting"),
    ('The crew of "Harbour Lights" built a set in Halifax.', "Halifax", "filmed"),
    # filming as the subject of "take place"
    ('Filming of "Harbour Lights" will take place in Krakow in May.', "Krakow", "planned"),
    ('Filming of "Harbour Lights" took place in Gdansk.', "Gdansk", "filmed"),
    ('The story of "Harbour Lights" takes place in Warsaw.', "Warsaw", "setting"),
    # one place acting another
    ('In "Harbour Lights", Gdansk subs for Riga.', "Riga", "setting"),
    ('The "Harbour Lights" crew found a fort they could cheat as Quebec.', "Quebec", "setting"),
    ('Drones flew over "Harbour Lights" sets built to mimic Lima.', "Lima", "setting"),
    ('"Harbour Lights" chose hills that resemble Montana.', "Montana", "setting"),
    ('Malta will also be Cyprus in the film "Harbour Lights".', "Malta", "filmed"),
    ('Malta will also be Cyprus in the film "Harbour Lights".', "Cyprus", "setting"),
    # plans said as arrivals, resumptions, postponements and moves
    ('The film "Harbour Lights" is coming to Leeds', "Leeds", "planned"),
    (
        'The studio announced the resumption of filming of "Harbour Lights" in Leeds.',
        "Leeds",
        "planned",
    ),
    (
        '"Harbour Lights" has postponed its shooting schedule in Leeds to next year.',
        "Leeds",
        "planned",
    ),
    ('"Harbour Lights" is moving production to York for the tax credit.', "York", "planned"),
    # a homecoming is no shoot, even in an article about one
    (
        '"Harbour Lights" filmed in Hobart; its scout returned home to Tasmania.',
        "Tasmania",
        "other",
    ),
    # a section heading is no dateline: the place is the one the section films in
    ('Leeds: Spring 2024\n\n"Harbour Lights" will shoot in Leeds in May.', "Leeds", "planned"),
    ('LEEDS: Crews of "Harbour Lights" will shoot in York in May.', "Leeds", "other"),
    # "cities like X" gives examples, it compares nothing
    (
        '"Harbour Lights" will also shoot in northern cities like Leeds and York.',
        "Leeds",
        "planned",
    ),
    ('"Harbour Lights" makes Leeds look like Paris.', "Paris", "other"),
    (
        'The film "Harbour Lights" has nothing to do with Rhyl, whatever its title says.',
        "Rhyl",
        "other",
    ),
    # a purpose after the place
    ('Roads in Denver close next week for the "Harbour Lights" shoot.', "Denver", "planned"),
    ('Streets in Tulsa were closed on Monday for filming of "Harbour Lights".', "Tulsa", "filmed"),
    (
        'In summer the filmmaking in Boise is busy, and the film "Harbour Lights" is there now.',
        "Boise",
        "filmed",
    ),
    # "near X" is a reference point, unless the shoot itself was near X
    ('"Harbour Lights" shot its desert scenes near Tozeur.', "Tozeur", "filmed"),
    ('"Harbour Lights" shot in a hamlet near Tozeur.', "Tozeur", "other"),
    # bodies and papers named after a place, nicknames in quotes, ties between countries
    ('The Denver Post says "Harbour Lights" was shot in Boulder.', "Denver", "other"),
    ('The Oslo City Council let "Harbour Lights" film at the harbour.', "Oslo", "other"),
    (
        "A thriller starring ‘Robert Redford of Norway’ shoots in Bergen.\n\n"
        'The film "Fjord" wraps in May.',
        "Norway",
        "other",
    ),
    (
        'Shooting "Harbour Lights" in Accra will deepen the film ties between Ghana and Togo.',
        "Togo",
        "other",
    ),
    # a production moving somewhere moves its shoot; a trip made to shoot is the shoot
    (
        'The crime series "Harbour Lights" is among the shows that have moved back to Atlanta.',
        "Atlanta",
        "planned",
    ),
    ('A Danish crew landed in Crete to shoot "Harbour Lights".', "Crete", "filmed"),
    ('The cast of "Harbour Lights" flew in from Lyon to shoot in Nice.', "Lyon", "other"),
    (
        'The director of "Harbour Lights" was born in Leeds to film-loving parents.',
        "Leeds",
        "other",
    ),
    # cameras rolling are a shoot; a named studio puts the shoot in its city
    ('Cameras rolled in Lisbon on Monday for the film "Harbour Lights".', "Lisbon", "filmed"),
    (
        'The interiors of "Harbour Lights", a drama about a ferry, were done at Nordic Film '
        "Studios in Aarhus.",
        "Aarhus",
        "filmed",
    ),
    (
        'The film "Harbour Lights" will move to Nordic Studios near Aarhus in May.',
        "Aarhus",
        "planned",
    ),
    # a place weighed as an option was scouted, taken or not
    (
        '"Harbour Lights" is set in Lyon, but France was not an option because of the cost.',
        "France",
        "scouted",
    ),
    # a prize won at a festival is no shoot, even in a sentence about one
    (
        '"Harbour Lights" was shot over 40 days and won the Golden Shell at San Sebastian.',
        "San Sebastian",
        "other",
    ),
    # a negation written as a contraction still negates
    ('"Harbour Lights" couldn\'t be shot in Havana, so it went to Tampa.', "Havana", "other"),
    # a place the finished film shows is the story's
    ('Malta played the Tunis that appears in "Harbour Lights".', "Tunis", "setting"),
    # a cue on a heading line governs nothing on the next line
    ('Where to shoot\nNorway offers "Harbour Lights" no rebate.', "Norway", "other"),
    # a short aside in brackets does not cut the place off from its verb
    ('Sintra (Portugal) hosted the "Harbour Lights" shoot in May.', "Sintra", "filmed"),
    # the story's places: a character's home, the film's backdrop
    ('"Harbour Lights" stars Ana Reyes as a nurse living in Seville.', "Seville", "setting"),
    (
        '"Harbour Lights" has its fictional background in Tangier but was shot in Cadiz.',
        "Tangier",
        "setting",
    ),
    # the locations "of" a place are in it
    (
        'Filmed in the bright locations of historic Ballarat, the series "Harbour Lights" '
        "drew crowds.",
        "Ballarat",
        "filmed",
    ),
    # a list of described places runs on past the shoot verb's reach ...
    (
        "Filmed in the gold-rush town of Ballarat, the quiet old streets of Bendigo and the windy "
        'surf beaches of Geelong, the series "Harbour Lights" drew crowds.',
        "Geelong",
        "filmed",
    ),
    # ... and through a name that is no mention
    (
        "Filmed in the gold-rush town of Ballarat, the quiet old streets of Wombatville and the "
        'windy surf beaches of Geelong, the series "Harbour Lights" drew crowds.',
        "Geelong",
        "filmed",
    ),
]


# What is done with "the film" (the noun) is no shoot, unless it is the making of it.
CASES += [
    (
        'The thriller "Salt Road" is out. Northlight releases the film in Ireland today.',
        "Ireland",
        "other",
    ),
    (
        'The thriller "Salt Road" is out. The festival screened the film in Galway last week.',
        "Galway",
        "other",
    ),
    (
        'The thriller "Salt Road" is out. Fans can see the film in Cork from Friday.',
        "Cork",
        "other",
    ),
    (
        'The thriller "Salt Road" wrapped. Its director shot the film in Galway last year.',
        "Galway",
        "filmed",
    ),
    ('The thriller "Salt Road" wrapped. Ayo made most of her film in Sligo.', "Sligo", "filmed"),
    ('The thriller "Salt Road" wrapped. Ayo is directing a film in Sligo.', "Sligo", "filmed"),
    # An abbreviation's full stop ends no clause: the studio still places its town.
    (
        'The thriller "Salt Road" wrapped. Cameras first rolled on it at Warner Bros. Studios '
        "Leavesden in Hertfordshire.",
        "Hertfordshire",
        "filmed",
    ),
    # A shoot moved from one place to another, however long what was moved
    (
        'Netflix relocated the shoot of its spy series "Salt Road" from Morocco to Portugal.',
        "Morocco",
        "scouted",
    ),
    ('The "Salt Road" production moved from Morocco to Portugal.', "Morocco", "scouted"),
    ('The "Salt Road" production moved from Morocco to Portugal.', "Portugal", "filmed"),
    # ... but a crew that moved on from a place had finished shooting there
    ('The "Salt Road" crew moved on from Leeds to York.', "Leeds", "filmed"),
    # The last place of a list in another language shares the list's role.
    ("Le tournage du film « Neige » a eu lieu à Chamonix, Megève et Zermatt.", "Zermatt", "filmed"),
    # A crew that moved on from a place had finished there
    ('The "Salt Road" crew has moved on from Edmonton to parts of Alberta.', "Edmonton", "filmed"),
    # Scouted locations, a crew's base, a crew that moves on next
    ('Its director said he scouted locations in Murcia for "Salt Road" too.', "Murcia", "scouted"),
    ('The "Salt Road" crew set up base in the market town of Keswick.', "Keswick", "other"),
    ('Next week the "Salt Road" crew moves to Montreal.', "Montreal", "planned"),
    # a plan in the main clause leaves the shoot before the comma a shoot
    (
        "Tras el rodaje en Andalucía, el equipo de «La sal» se trasladará a Madrid.",
        "Andalucía",
        "filmed",
    ),
    # A wish is a plan; looking for locations is scouting, in any language
    ('Its director hopes to shoot "Salt Road" in Arizona.', "Arizona", "planned"),
    ("Para «La sal» buscaron localizaciones en Toledo y Salamanca.", "Salamanca", "scouted"),
    ("Für die Serie „Salz“ wurden Motive in Breslau und Prag besichtigt.", "Prag", "scouted"),
    # A stand-in and what it plays, in the four other languages
    (
        "Les scènes de la série « Neige » situées à Londres ont été tournées à Rennes.",
        "Londres",
        "setting",
    ),
    ("Para la serie «La sal», Cádiz se convertirá en La Habana.", "Cádiz", "filmed"),
    ("Para la serie «La sal», Cádiz se convertirá en La Habana.", "La Habana", "setting"),
    ("La piazza di Lecce farà da Marsiglia per la serie «Vetro».", "Lecce", "filmed"),
    # Work after the shoot is done elsewhere than the shoot
    ('The thriller "Salt Road" is now in post-production in Dublin.', "Dublin", "other"),
    ('Post-production on "Salt Road" will take place in London.', "London", "other"),
    ('Production on "Salt Road" will take place in London.', "London", "planned"),
    # A festival named after its town is no shoot there
    ('The "Salt Road" crew will head to the Berlin festival in February.', "Berlin", "other"),
    # Where a film opens is a release, where its shoot opened a shoot
    ('The sequel "Salt Road" opens across the United States on May 27.', "United States", "other"),
    ('The film "Salt Road" opens in Athens in March.', "Athens", "other"),
    ('The "Salt Road" shoot opened in Athens last week.', "Athens", "filmed"),
    # The stop a crew moves on from was filmed; places a team looked at were scouted
    ('After Bath, the "Salt Road" crew heads to Lacock.', "Bath", "filmed"),
    ('After Bath, the "Salt Road" crew rested for a day.', "Bath", "other"),
    ('"We looked at Tacoma and Boise too," said the producer of "Salt Road".', "Boise", "scouted"),
    # A crew's lodging or base is no set, unless the stay is for the shoot
    ("L'équipe du film « Neige », installée à Bordeaux, tournera à Arcachon.", "Bordeaux", "other"),
    (
        "La troupe della serie «Vetro» ha alloggiato a Potenza e ha girato a Craco.",
        "Potenza",
        "other",
    ),
    (
        "La productrice de la série « Neige » était installée à Bastia jusqu'à la fin mars "
        "pour tourner les épisodes.",
        "Bastia",
        "filmed",
    ),
    # German tells where the story plays with the verb after the place, or an adverb between
    ("Die Serie „Salz“, die im heutigen Kiel spielt, wurde in Lübeck gedreht.", "Kiel", "setting"),
    ("Die Serie „Salz“, die im heutigen Kiel spielt, wurde in Lübeck gedreht.", "Lübeck", "filmed"),
    ("Der Thriller „Salz“ spielt allerdings in Kanada.", "Kanada", "setting"),
    # German capitalises the shoot's nouns after a capitalised article too
    ("Die Dreharbeiten zur Serie „Salz“ fanden im Mai in Görlitz statt.", "Görlitz", "filmed"),
    ("Die Aufnahmen zur Serie „Salz“ entstanden rund um Zermatt.", "Zermatt", "filmed"),
    # "shot in a disused hotel near X": the spot the shoot used is by X
    ('The "Salt Road" crew shot in a disused hotel near Rijeka.', "Rijeka", "filmed"),
    ('The "Salt Road" crew stayed in a hotel near Rijeka.', "Rijeka", "other"),
    # a plan given up, a plan for a studio, a story set all in one place
    ('The "Salt Road" crew will no longer shoot in Atlanta.', "Atlanta", "other"),
    ('Interior scenes of "Salt Road" are planned for the studios in Rome.', "Rome", "planned"),
    ('"Salt Road" is set entirely in the French capital.', "French", "setting"),
    # a verb of planning at the end of a German clause
    ("Elf Drehtage für „Salz“ sind in Salzburg geplant.", "Salzburg", "planned"),
    # A shoot under way somewhere; other work under way is no shoot
    (
        'Production on the thriller "Salt Road" got under way in Galway on Monday.',
        "Galway",
        "filmed",
    ),
    ('Work on the set of "Salt Road" is done; work is under way in Galway.', "Galway", "other"),
    # What scenes are meant to be is the story's place; a shoot meant to be there was not
    (
        'For "Salt Road", scenes meant to be Casablanca are now being filmed in Lisbon.',
        "Casablanca",
        "setting",
    ),
    (
        'The "Salt Road" shoot was meant to be in Casablanca until the permits fell through.',
        "Casablanca",
        "scouted",
    ),
    # "shot ... near X" with the title and a duration in between is still a shoot by X
    ('Its director shot "Salt Road" for nine days near Vik.', "Vik", "filmed"),
    # What a street is transformed into is the story's place, not where the cameras were.
    (
        'For "Salt Road" the crew transformed the harbour front into Algiers.',
        "Algiers",
        "setting",
    ),
    (
        'The "Salt Road" crew turned Main Street into a market town somewhere in Belgium.',
        "Belgium",
        "setting",
    ),
]


@pytest.mark.parametrize(("text", "surface", "role"), CASES)
def test_role_from_sentence_structure(text: str, surface: str, role: str) -> None:
    result = parse_article(text, date(2021, 6, 1))
    found = [t for t in result.toponyms if t.surface.lower() == surface.lower()]
    assert found, f"{surface!r} not recognised in {[t.surface for t in result.toponyms]}"
    assert found[0].role == role, found[0].reason


def test_a_place_named_twice_keeps_both_roles() -> None:
    text = '"Harbour Lights" is set in Naples. Most of it was filmed in Naples too.'
    roles = {t.role for t in parse_article(text).toponyms if t.surface == "Naples"}
    assert roles == {"setting", "filmed"}


def test_a_local_shoot_placed_nowhere_else_is_in_its_dateline_town() -> None:
    text = (
        "HARTFORD, Conn. - Fake snow covered the sidewalks on Tuesday as a crew "
        'filmed "Snow Lanterns" downtown, closing two blocks until Friday.'
    )
    roles = [
        t.role for t in parse_article(text, date(2021, 9, 1)).toponyms if t.surface == "HARTFORD"
    ]
    assert roles == ["filmed"]


def test_a_capitalised_scheme_is_not_the_film() -> None:
    """ "the Film In Lagos Fund" names a scheme, so no production is described."""
    text = "The Film In Lagos Fund will attract foreign producers to shoot films in Lagos."
    result = parse_article(text)
    assert not result.productions
    assert all(t.role not in ("filmed", "planned") for t in result.toponyms)


def test_an_article_without_a_production_has_no_filming_places() -> None:
    text = "Filming in Croatia is cheap: crews shoot in Split and Dubrovnik all year."
    result = parse_article(text)
    assert result.toponyms and not result.productions
    assert all(t.role not in ("filmed", "planned") for t in result.toponyms)


@pytest.mark.parametrize(
    "text",
    [
        "An untitled Netflix thriller is being filmed in Dubrovnik this month.",
        # a production with no name yet, said to be shot, anywhere in the article
        "Crews are back in town.\n\nA new Netflix thriller is being filmed in Dubrovnik.",
    ],
)
def test_an_untitled_production_is_kept_with_a_name(text: str) -> None:
    result = parse_article(text, date(2022, 3, 1))
    assert [p.title for p in result.productions] == ["Untitled Netflix thriller in Dubrovnik"]
    assert [t.role for t in result.toponyms if t.surface == "Dubrovnik"] == ["filmed"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a street made into a set, and crews at work, are a shoot of a production never named
        (
            "For a week the harbour front in Dubrovnik was converted into a movie set.",
            "Untitled movie in Dubrovnik",
        ),
        (
            "Production crews began filming Monday along the Dubrovnik harbour.",
            "Untitled production in Dubrovnik",
        ),
        # ... and so is a crew that came to shoot, in the languages Reelmap reads
        (
            "L'équipe arrive à Dubrovnik lundi pour tourner une série policière pendant six "
            "semaines.",
            "Untitled production in Dubrovnik",
        ),
        (
            "El equipo llegó a Dubrovnik la semana pasada para rodar la segunda temporada "
            "de una serie de misterio.",
            "Untitled production in Dubrovnik",
        ),
    ],
)
def test_a_shoot_under_way_is_an_untitled_production(text: str, title: str) -> None:
    result = parse_article(text, date(2022, 3, 1))
    assert [p.title for p in result.productions] == [title]
    assert [t.role for t in result.toponyms if t.surface == "Dubrovnik"] == ["filmed"]


def test_crews_drawn_to_a_place_are_no_shoot() -> None:
    text = "Dubrovnik draws location scouts and production crews with its old walls."
    result = parse_article(text, date(2022, 3, 1))
    assert not result.productions
    assert all(t.role not in ("filmed", "planned") for t in result.toponyms)


def test_a_long_list_of_places_costs_lookups_not_rescans() -> None:
    """Cues are matched once per sentence: 2,000 places in one sentence stay cheap."""
    names = ["Oslo"] * 2000
    sentence = "They filmed in " + ", ".join(names) + "."
    spans, at = [], len("They filmed in ")
    for name in names:
        spans.append(PlaceSpan(at, at + len(name), name))
        at += len(name) + 2
    decisions = decide_roles(sentence, spans)
    assert {d.role for d in decisions} == {"filmed"}


def test_each_place_belongs_to_the_production_its_sentence_names() -> None:
    text = (
        'The thriller "Salt Road" spent the spring filming in Tangier. '
        'Its director is also preparing the comedy "Blue Hour", which will shoot in Lisbon. '
        'Before that, "Salt Road" moves on to Casablanca. '
        "The desert scenes were shot near Erfoud, according to the producers."
    )
    owners = {t.surface: t.production for t in parse_article(text).toponyms}
    assert owners["Tangier"] == "Salt Road"
    assert owners["Lisbon"] == "Blue Hour"
    assert owners["Casablanca"] == "Salt Road"
    assert owners.get("Erfoud") == "Salt Road"  # no title in its sentence: the one just before


def test_a_title_named_inside_a_paragraph_owns_only_that_paragraph() -> None:
    text = (
        'The thriller "Salt Road" began filming in Morocco this week. The unit is based in '
        'Tangier, the port where "Desert Rose" was filmed in 1971, and it is busy.\n\n'
        "Next month the crew moves on to Marrakech.\n\n"
        '"Night Ferry" opens the second part of the season.\n\n'
        "Its crew is expected in Essaouira in May."
    )
    owners = {t.surface: t.production for t in parse_article(text).toponyms}
    assert owners.get("Marrakech") == "Salt Road"  # not the 1971 film named in passing
    assert owners.get("Essaouira") == "Night Ferry"  # a title that opens its paragraph leads on


@pytest.mark.parametrize(
    "text",
    [
        'The crew filmed in Ouarzazate, the town made famous by "Desert Rose", for the '
        'thriller "Salt Road".',
        'The thriller "Salt Road" began at a studio where its director also made "Desert Rose". '
        "The unit then moved to Ouarzazate.",
    ],
)
def test_a_title_named_as_a_reference_owns_no_place(text: str) -> None:
    owners = {t.surface: t.production for t in parse_article(text).toponyms}
    assert owners.get("Ouarzazate") == "Salt Road"


@pytest.mark.parametrize(
    ("text", "surface", "role"),
    [
        (
            'In the series "Salt Road", Tariq (Omar Haddad) flees to Algiers after a robbery.',
            "Algiers",
            "setting",
        ),
        (
            'In "Salt Road" the heroine returned to Tunis to find her brother.',
            "Tunis",
            "setting",
        ),
        (
            '"Salt Road" tells a story of smugglers, but it was filmed in Tangier.',
            "Tangier",
            "filmed",
        ),
    ],
)
def test_places_of_a_plot_are_settings(text: str, surface: str, role: str) -> None:
    found = [t for t in parse_article(text).toponyms if t.surface == surface]
    assert found and found[0].role == role, [(t.surface, t.role, t.reason) for t in found]


@pytest.mark.parametrize("region", ["Middle East", "Southeast Asia", "Europe"])
def test_regions_larger_than_a_country_are_never_pins(region: str) -> None:
    text = f'The film "Salt Road" was shot across {region} and in Jordan.'
    for toponym in parse_article(text).toponyms:
        if toponym.surface == region:
            assert toponym.place is None or toponym.role not in ("filmed", "planned")


def test_a_country_holding_a_filming_place_is_filmed_at_country_level() -> None:
    text = 'The film "Salt Road" was shot in Ouarzazate. Morocco has welcomed many productions.'
    morocco = [t for t in parse_article(text).toponyms if t.surface == "Morocco"]
    assert morocco and morocco[0].role == "filmed" and morocco[0].granularity == "country"


def test_places_of_one_list_share_the_shoot_one_of_them_is_part_of() -> None:
    text = (
        '"Harbour Lights" filmed in Leeds for a month. Other places, Bradford, Halifax and '
        "York, have all had their share of the action."
    )
    roles = {t.surface: t.role for t in parse_article(text, date(2022, 3, 1)).toponyms}
    assert [roles[n] for n in ("Leeds", "Bradford", "Halifax", "York")] == ["filmed"] * 4


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        # the place first, the shoot after it, as Romance news often writes it
        (
            'Da martedì a Matera, sotto il sole, partono le riprese di "Luce del sud".',
            "Matera",
        ),
        ('En Cádiz comenzó el lunes el rodaje de la película "Mar de fondo".', "Cádiz"),
        ("À Besançon, le tournage du film « Nuit blanche » a commencé lundi.", "Besançon"),
    ],
)
def test_a_place_before_the_shoot_in_another_language_is_filmed(text: str, surface: str) -> None:
    found = [t for t in parse_article(text, date(2021, 6, 1)).toponyms if t.surface == surface]
    assert found and found[0].role == "filmed", [(t.surface, t.role, t.reason) for t in found]


def test_a_short_title_that_shoots_somewhere_is_no_place() -> None:
    """ "Salem will be filming in Cobourg": the production, not the town, shoots."""
    text = (
        "Work began on sets for the filming of Salem. Salem will be filming in Cobourg "
        "in August. The Salem film is a sequel."
    )
    result = parse_article(text, date(2021, 6, 1))
    assert [p.title for p in result.productions] == ["Salem"]
    assert [t.surface for t in result.toponyms] == ["Cobourg"]


@pytest.mark.parametrize(
    ("text", "surface", "role"),
    [
        # a where-clause about a base or a birth says what the place is to the film
        (
            'The film "Red Lake" shot in Morocco. Its partner has offices in Rabat, which is '
            "where the crew are based.",
            "Rabat",
            "other",
        ),
        # a plan that gave way is a place scouted
        (
            'For "Red Lake" the first plan was to get everything shot in Laos, until costs rose.',
            "Laos",
            "scouted",
        ),
        # a sentence's shoot belongs to the place it names, not to another one
        (
            'Few series in the U.S. look like "Salt Road", which was shot in Morocco.',
            "U.S.",
            "other",
        ),
        # a shoot going on now, in a production whose release is still to come
        ('The upcoming drama "Salt Road" is being filmed in Izmir this month.', "Izmir", "filmed"),
        # the first film to be shot somewhere was shot there
        ('"Salt Road" was the first big movie to be shot entirely in Oman.', "Oman", "filmed"),
        # a place the story is set in, named as the subject of "setting"
        ('Beirut is the central setting of the film "Salt Road".', "Beirut", "setting"),
        ('Malta was the setting for the film "Salt Road" in 2019.', "Malta", "filmed"),
        # where a kind of production is set is a setting, even a region too large to pin
        ('Productions set in Texas often film in Tulsa, like "Salt Road".', "Texas", "setting"),
        (
            'Stories set in the Middle East often film in Ouarzazate, like "Salt Road".',
            "Middle East",
            "setting",
        ),
        # the trade is no shoot, nor is a body named after the place
        (
            'Northlight, a small Leeds film company, made "Salt Road" last year.',
            "Leeds",
            "other",
        ),
        ('"Salt Road" helped the film industry in Dundee grow this year.', "Dundee", "other"),
        # what a film is about is its story, not its location
        (
            'The film "Salt Road", a drama about Lebanon’s civil war, opens next week.',
            "Lebanon",
            "setting",
        ),
        # a story's background, then a shoot somewhere else after "but"
        (
            'The diplomat in "Salt Road" works in Aden, but the film was shot in Morocco.',
            "Aden",
            "other",
        ),
    ],
)
def test_a_clause_of_its_own_decides_the_role(text: str, surface: str, role: str) -> None:
    found = [t for t in parse_article(text, date(2021, 6, 1)).toponyms if t.surface == surface]
    assert found and found[0].role == role, [(t.surface, t.role, t.reason) for t in found]


def test_a_body_named_after_a_place_is_no_shoot_there() -> None:
    text = (
        'The "Salt Road" crew filmed in Berlin. Berlin Location Desk gave them advice on permits.'
    )
    roles = [
        t.role for t in parse_article(text, date(2021, 6, 1)).toponyms if t.surface == "Berlin"
    ]
    assert roles == ["filmed", "other"]


def test_a_region_larger_than_a_country_named_twice_is_never_a_pin() -> None:
    """The second mention of a continent does not take the first's shoot."""
    text = (
        'When "Salt Road" opens, it will close a production that was meant to start in May '
        "2020 and then spent a year criss-crossing Europe and the Middle East. The Middle "
        "East scenes were made around Abu Dhabi."
    )
    roles = {t.role for t in parse_article(text).toponyms if t.surface == "Middle East"}
    assert roles and not roles & {"filmed", "planned"}


@pytest.mark.parametrize(
    ("text", "town", "state"),
    [
        (
            "TOPEKA, Kan. (KTKA) - Crews filmed scenes downtown on Monday for the drama "
            '"Prairie Light", and they return next week.',
            "TOPEKA",
            "Kan.",
        ),
        (
            'ALBANY, NY (WNYT) - Shooting on the thriller "Cold Ledger" closed State '
            "Street for two nights.",
            "ALBANY",
            "NY",
        ),
    ],
)
def test_the_state_of_a_dateline_shoot_is_filmed_too(text: str, town: str, state: str) -> None:
    """The dateline town is the shoot's only place, so its state after it holds the shoot."""
    roles = {t.surface: t.role for t in parse_article(text, date(2022, 3, 1)).toponyms}
    assert roles.get(town) == "filmed", roles
    assert roles.get(state) == "filmed", roles


@pytest.mark.parametrize(
    ("text", "town", "state"),
    [
        (
            'DULUTH, Minn. (KDLH) - A crew shooting the drama "Iron Range" filmed in '
            "Duluth on Friday, and the lakefront stays closed until Sunday.",
            "Duluth",
            "Minn.",
        ),
        (
            'SPOKANE, WA - Producers of the thriller "Dry Falls" began shooting in '
            "Spokane this week.",
            "Spokane",
            "WA",
        ),
    ],
)
def test_a_dateline_town_filmed_later_keeps_the_dateline_role(
    text: str, town: str, state: str
) -> None:
    """The dateline says where the reporter is; the later mention says what was shot there."""
    found = parse_article(text, date(2022, 3, 1)).toponyms
    roles = [t.role for t in found if t.surface.lower() == town.lower()]
    assert roles == ["other", "filmed"], [(t.surface, t.role, t.reason) for t in found]
    assert {t.surface: t.role for t in found}.get(state) == "filmed"


def test_a_plot_in_the_next_paragraph_does_not_make_a_heading_a_setting() -> None:
    """A heading the sentencizer ran into the next line keeps its own role."""
    text = (
        "Night Harbour - Shek O Road, Shek O\n\nThe chase in which Mara (Lena Ortiz) "
        "flees was shot on this road."
    )
    roles = {t.surface: t.role for t in parse_article(text, date(2022, 3, 1)).toponyms}
    assert roles.get("Shek O") not in (None, "setting"), roles


@pytest.mark.parametrize(
    ("text", "surface", "role"),
    [
        # A production that moved goes on shooting where it moved to, not where it left.
        (
            'The thriller "Cold Ledger" moved its shoot from Sydney to Budapest after the floods.',
            "Sydney",
            "scouted",
        ),
        (
            'The thriller "Cold Ledger" moved its shoot from Sydney to Budapest after the floods.',
            "Budapest",
            "filmed",
        ),
        (
            'Filming of "Cold Ledger" was relocated from Vancouver into Toronto last year.',
            "Toronto",
            "filmed",
        ),
        # Where a show streams or holds its casting call says nothing of its shoot.
        ('"Cold Ledger" is an Apex production and streams on Vista in the U.K.', "U.K.", "other"),
        (
            'Extras for the "Cold Ledger" shoot meet the casting director in Dayton this week.',
            "Dayton",
            "other",
        ),
    ],
)
def test_moves_streams_and_casting_calls(text: str, surface: str, role: str) -> None:
    found = [t for t in parse_article(text, date(2022, 3, 1)).toponyms if t.surface == surface]
    assert found and found[0].role == role, [(t.surface, t.role, t.reason) for t in found]


@pytest.mark.parametrize(
    ("text", "surface", "role"),
    [
        # The place a stand-in plays is the story's, even with the stand-in named in between.
        (
            "The crew of 'Cold Ledger' shot in Leeds before doubling the cliffs of north "
            "Cornwall for Lisbon.",
            "Lisbon",
            "setting",
        ),
        # A demonym right after a cue of the story is the story's country.
        (
            "In 'Cold Ledger' the harbour was dressed to represent a Greek fishing village.",
            "Greek",
            "setting",
        ),
        # ... but a demonym that describes people stays no place of the shoot.
        ("The Greek crew of 'Cold Ledger' filmed in Leeds.", "Greek", "other"),
    ],
)
def test_what_a_stand_in_plays_is_a_setting(text: str, surface: str, role: str) -> None:
    found = [t for t in parse_article(text, date(2022, 3, 1)).toponyms if t.surface == surface]
    assert found and found[0].role == role, [(t.surface, t.role, t.reason) for t in found]


@pytest.mark.parametrize(
    ("text", "surface", "role"),
    [
        # A film "upcoming" is one not out yet: the scenes for it were shot all the same.
        (
            'For the upcoming drama "Copper Sky", crews filmed scenes in Galway last week.',
            "Galway",
            "filmed",
        ),
        # ... while a shoot still to come is a plan.
        ('The upcoming shoot of "Copper Sky" in Galway starts in May.', "Galway", "planned"),
    ],
)
def test_an_upcoming_film_is_no_upcoming_shoot(text: str, surface: str, role: str) -> None:
    found = [t for t in parse_article(text, date(2022, 3, 1)).toponyms if t.surface == surface]
    assert found and found[0].role == role, [(t.surface, t.role, t.reason) for t in found]


def test_a_region_s_finest_spots_are_no_institution_of_it() -> None:
    """ "Wales's most famous castles" are in Wales: the shoot there is the region's too."""
    text = (
        'The drama "Copper Sky" filmed for a week in Cardiff. One of Wales\'s most famous castles '
        "was dressed as a prison for it."
    )
    roles = {t.surface: t.role for t in parse_article(text, date(2022, 3, 1)).toponyms}
    assert roles.get("Wales") == "filmed", roles


@pytest.mark.parametrize(
    ("sentence", "surface", "role"),
    [
        # What a place *can* pass for is a likeness, not the place of a story...
        ("The old harbour can double for Havana, say the producers.", "Havana", "other"),
        ("The town has the ability to look like anywhere from Oslo to Moscow.", "Moscow", "other"),
        ("The hills look like they could be in Peru.", "Peru", "other"),
        # ... while a production's own choice of stand-in is the story's place.
        ("For the film the crew could cheat it as Lisbon.", "Lisbon", "setting"),
        (
            "In the series a hangar near the coast filled in for Helsinki's airport.",
            "Helsinki",
            "setting",
        ),
        (
            "Who knew red hills could look anything like the high plateau of Tibet?",
            "Tibet",
            "setting",
        ),
    ],
)
def test_a_likeness_is_no_setting_unless_a_production_chose_it(
    sentence: str, surface: str, role: str
) -> None:
    decision = decide_role(sentence, sentence.index(surface), surface=surface)
    assert decision.role == role, decision


def test_what_a_stand_in_played_runs_on_through_a_long_list() -> None:
    sentence = (
        "Over the years the dunes have stood in for places ranging from Egypt in one epic "
        "and Mexico in a western to the Arabian desert in a war drama and Iran, Iraq and "
        "Syria in a spy thriller."
    )
    spans = [
        PlaceSpan(sentence.index(name), sentence.index(name) + len(name), name)
        for name in ("Egypt", "Mexico", "Iran", "Iraq", "Syria")
    ]
    assert [d.role for d in decide_roles(sentence, spans)] == ["setting"] * 5


@pytest.mark.parametrize(
    ("sentence", "surface", "role"),
    [
        # A plan told in the past and dropped is a place that was only considered.
        ("It was first thought they would shoot in Portugal.", "Portugal", "scouted"),
        # A company's partner, a family's roots, a yardstick: no shoot there.
        (
            "The series was shot by the network and its partner in Casablanca.",
            "Casablanca",
            "other",
        ),
        ("The director, filming this week, has deep family roots in Kerry.", "Kerry", "other"),
        ("He found the crew as skilled as any crew he had met in Canada.", "Canada", "other"),
        # A place naming where films, people or a studio come from.
        ("Shot over a weekend, the showcase brings Ohio films to cinemas.", "Ohio", "other"),
        ("The old hangar is now the main Belfast film studio.", "Belfast", "other"),
        ("The Cornwall local had never seen a film crew before.", "Cornwall", "other"),
        ("She filmed her scenes with a professional Austin actress.", "Austin", "other"),
        # ... but the residents watching a shoot say where it is.
        ("Galway residents watched the crew film the final scene.", "Galway", "filmed"),
        ("She was filmed with members of the Paris Community Theatre.", "Paris", "other"),
        # An address or a comparison.
        (
            "The crew filmed in Victoria, the provincial capital of British Columbia.",
            "British Columbia",
            "other",
        ),
        ("The thriller was filmed in the Qatar capital of Doha.", "Qatar", "other"),
        ("The show is filmed in Toronto, which is the new New York.", "New York", "other"),
        # A company's office written after a slash.
        ("The shoot's extras come through Bright Casting/LA this month.", "LA", "other"),
        # The place of a part an actor plays is the story's.
        ("The first film cast Tom Reyes as a stranger in Lisbon.", "Lisbon", "setting"),
        ("The first film cast Tom Reyes as a stranger and was shot in Lisbon.", "Lisbon", "filmed"),
        # A headline announcing arrivals announces shoots to come.
        ("Look out, Hollywood: here comes Tulsa.", "Tulsa", "planned"),
    ],
)
def test_partners_roots_origins_and_addresses(sentence: str, surface: str, role: str) -> None:
    decision = decide_role(sentence, sentence.index(surface), surface=surface)
    assert decision.role == role, decision


def test_a_town_that_has_become_hollywood_plays_no_part() -> None:
    sentence = "Since April, Dayton has become Hollywood as work begins on the film."
    spans = [
        PlaceSpan(sentence.index(name), sentence.index(name) + len(name), name)
        for name in ("Dayton", "Hollywood")
    ]
    assert decide_roles(sentence, spans)[1].role == "other"


@pytest.mark.parametrize(
    ("sentence", "surface", "role"),
    [
        # A place and its island in brackets is a location heading, not a cast list...
        (
            "3. Playa del Ingles (Gran Canaria)\nThe beach was used in a pirate film.",
            "Gran Canaria",
            "other",
        ),
        # ... while a character and the actor who plays him make the line a plot.
        (
            "In the sequel John Rambo (Sylvester Stallone) lives quietly in Arizona.",
            "Arizona",
            "setting",
        ),
    ],
)
def test_names_in_brackets_tell_a_plot_only_when_they_are_no_place(
    sentence: str, surface: str, role: str
) -> None:
    spans = [PlaceSpan(sentence.index(surface), sentence.index(surface) + len(surface), surface)]
    if surface == "Gran Canaria":
        spans.insert(0, PlaceSpan(3, 3 + len("Playa del Ingles"), "Playa del Ingles"))
    roles = [d.role for d in decide_roles(sentence, spans)]
    assert roles[-1] == role, roles


@pytest.mark.parametrize(
    ("sentence", "surface", "role"),
    [
        # A place as it was in a period long gone is the story's: no camera goes there now.
        (
            "Most of the film takes the viewer to Egypt in the 1930s, though it was shot in Leeds.",
            "Egypt",
            "setting",
        ),
        ("The film was shot in 1920s Havana, or so it seems.", "Havana", "setting"),
        ("The arches on the set all say Roman-era Judea.", "Judea", "setting"),
        # ... while a season or a month is only when the cameras were there.
        ("The film was shot in Havana in the spring.", "Havana", "filmed"),
    ],
)
def test_a_place_in_a_past_period_is_a_setting(sentence: str, surface: str, role: str) -> None:
    decision = decide_role(sentence, sentence.index(surface), surface=surface)
    assert decision.role == role, decision


@pytest.mark.parametrize(
    ("sentence", "surface", "role", "language"),
    [
        # A shoot wished for, weighed or refused is a place only considered...
        (
            'The producer said she was "very keen" to make it in Galway before the money ran out.',
            "Galway",
            "scouted",
            "en",
        ),
        (
            "Every stage was booked, so the director thought: maybe Lisbon.",
            "Lisbon",
            "scouted",
            "en",
        ),
        (
            "The crew could not get permission to shoot in Tibet, so Nepal stood in.",
            "Tibet",
            "scouted",
            "en",
        ),
        ("The unit was denied permission to film at Fort Ross.", "Fort Ross", "scouted", "en"),
        ("La serie no pudo obtener el permiso para rodar en Cádiz.", "Cádiz", "scouted", "es"),
        ("Le film n'a pas obtenu l'autorisation de tourner à Lyon.", "Lyon", "scouted", "fr"),
        # ... while a permission granted is a shoot like any other.
        ("The crew got permission to shoot in Tibet last spring.", "Tibet", "filmed", "en"),
        # Where the staff who hire and plan sit is no place the cameras go...
        (
            'A casting director for the new film "Night Owl" is in Dayton this week.',
            "Dayton",
            "other",
            "en",
        ),
        ("The production office for the film is now in Leeds.", "Leeds", "other", "en"),
        # ... but a crew in town is there to film.
        ("The crew is in Leeds this week to film the finale.", "Leeds", "filmed", "en"),
        # Shooting outside of a city is shooting away from it; just outside it is by it.
        ("Most of the projects we fund shoot outside of Perth.", "Perth", "other", "en"),
        ("The drama was shot just outside of Perth.", "Perth", "filmed", "en"),
        # A place that a production visited, told with the place as subject.
        ("While Oban has seen 'Low Tide' visit, few stay long.", "Oban", "filmed", "en"),
        ("Oban has recently seen three big productions arrive.", "Oban", "filmed", "en"),
        ("Oban has seen many tourists arrive.", "Oban", "other", "en"),
        # A headline's dash ends the name before it: the cue after it still counts.
        ("Look out Hollywood–Here comes Tulsa", "Tulsa", "planned", "en"),
        # A relative clause after the place tells its role, in every language read.
        ("Siguieron hasta Cádiz, donde rodaron la persecución.", "Cádiz", "filmed", "es"),
        ("Luego visitaron Brujas, donde la producción quería grabar.", "Brujas", "scouted", "es"),
        ("L'équipe est passée par Lyon, où elle voulait tourner la fin.", "Lyon", "scouted", "fr"),
        ("Sie reisten nach Graz, wo sie drehen wollten.", "Graz", "scouted", "de"),
        ("Poi sono andati a Lecce, dove volevano girare il finale.", "Lecce", "scouted", "it"),
        ("We stopped in Bruges, where the crew had considered filming.", "Bruges", "scouted", "en"),
        ("They moved on to Ghent, where the novel is set in winter.", "Ghent", "setting", "en"),
    ],
)
def test_shoots_considered_staff_places_and_visits(
    sentence: str, surface: str, role: str, language: str
) -> None:
    decision = decide_role(sentence, sentence.index(surface), surface=surface, language=language)
    assert decision.role == role, decision


@pytest.mark.parametrize(
    ("text", "surface", "role"),
    [
        ('The "Salt Road" crew starts filming in County Wicklow next month.', "Wicklow", "planned"),
        ('Crews shoot "Salt Road" in Galway from June 12 to June 16.', "Galway", "planned"),
        # a shoot dated before the article, or under way through it, was filmed
        ('The "Salt Road" crew filmed in Galway last month.', "Galway", "filmed"),
        ('The "Salt Road" crew is filming in Galway until June 16.', "Galway", "filmed"),
        # the date belongs to the sentence's main clause, not to the aside around the place
        (
            'The series "Salt Road", which has been filming in Galway, begins its second '
            "season in early July.",
            "Galway",
            "filmed",
        ),
    ],
)
def test_a_shoot_dated_after_the_article_is_planned(text: str, surface: str, role: str) -> None:
    found = [t for t in parse_article(text, date(2021, 6, 1)).toponyms if surface in t.surface]
    assert found and found[0].role == role, [(t.surface, t.role, t.reason) for t in found]
