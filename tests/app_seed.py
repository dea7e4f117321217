"""A small, real store for the app tests: three productions saved through the store's API.

The articles are made-up text, but they go through `save_article` exactly as
parsed articles do, so the app reads them with the real queries.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.engine import Engine

from dashboard.model import (
    ArticleResult,
    Candidate,
    Event,
    EventKind,
    Place,
    Production,
    Role,
    Toponym,
)
from dashboard.store.ingest import save_article
from dashboard.store.readers import ArticleMeta

MI7 = "Mission: Impossible 7"
DUNE = "Dune"
BOND = "No Time to Die"
XSS = "Night Train <b>Redux</b>"
HOSTILE = "<img src=x onerror=window.__pwned=1> ` ${window.__pwned=2}"

ANDALSNES = Place("3163146", "Åndalsnes", "NO", 62.5675, 7.6870, "city", 2200, "Møre og Romsdal")
HELLESYLT = Place("3153623", "Hellesylt", "NO", 62.0840, 6.8710, "city", 250, "Møre og Romsdal")
ROME = Place("3169070", "Rome", "IT", 41.8919, 12.5113, "city", 2318895, "Lazio")
ROMA_TX = Place("4723914", "Roma", "US", 26.4059, -99.0159, "city", 9617, "Texas")
WADI_RUM = Place("250258", "Wadi Rum", "JO", 29.5760, 35.4196, "city", 1500, "Aqaba")
BUDAPEST = Place("3054643", "Budapest", "HU", 47.4984, 19.0404, "city", 1741041, "Budapest")
ABU_DHABI = Place("292968", "Abu Dhabi", "AE", 24.4512, 54.3970, "city", 603492, "Abu Dhabi")
MATERA = Place("2524119", "Matera", "IT", 40.6664, 16.6043, "city", 60436, "Basilicate")
PORT_ANTONIO = Place("3489297", "Port Antonio", "JM", 18.1760, -76.4500, "city", 14400, "Portland")
OSLO = Place("3143244", "Oslo", "NO", 59.9127, 10.7461, "city", 580000, "Oslo")

_SENTENCE = re.compile(r"[^ ].*?(?:\.(?= )|$)")

# Pins per production with the default filters (role "filmed", any confidence).
FILMED_PINS = {MI7: 2, DUNE: 3, BOND: 2, XSS: 1}


def _mention(
    text: str,
    surface: str,
    place: Place | None,
    production: str,
    *,
    role: Role = "filmed",
    confidence: float = 0.9,
    alternatives: tuple[Candidate, ...] = (),
) -> Toponym:
    start = text.index(surface)
    sentence = next(m.group() for m in _SENTENCE.finditer(text) if m.end() > start)
    return Toponym(
        start=start,
        end=start + len(surface),
        surface=surface,
        sentence=sentence,
        place=place,
        confidence=confidence,
        reason="seeded for the app tests",
        role=role,
        alternatives=alternatives,
        production=production,
    )


def _event(
    kind: EventKind, start: date, end: date, production: str, toponym: int | None = None
) -> Event:
    return Event(kind, start, end, "day", "seeded", "seeded", production, toponym)


def _save(
    engine: Engine, title: str, outlet: str, text: str, published: date, production: str,
    toponyms: tuple[Toponym, ...], events: tuple[Event, ...] = (),
) -> int:  # fmt: skip
    meta = ArticleMeta(
        text=text, title=title, outlet=outlet, url="https://example.org/news", published=published
    )
    result = ArticleResult(text, published, toponyms, (Production(production),), events)
    return save_article(engine, meta, result)


def seed(engine: Engine) -> None:
    """Four articles: three productions across six countries, and one hostile text."""
    mi7 = (
        "Mission: Impossible 7 filmed on the railway near Andalsnes last month. "
        "The crew also shot at Hellesylt. Next the production moves to Roma."
    )
    _save(
        engine, "Cruise stunt on a Norwegian train", "AceShowbiz", mi7, date(2020, 10, 8), MI7,
        (
            _mention(mi7, "Andalsnes", ANDALSNES, MI7),
            _mention(mi7, "Hellesylt", HELLESYLT, MI7, confidence=0.4),
            _mention(mi7, "Roma", ROME, MI7, role="planned", confidence=0.7,
                     alternatives=(Candidate(ROMA_TX, 0.2, "a town in Texas"),)),
        ),
        (
            _event("filming", date(2020, 9, 1), date(2020, 9, 30), MI7, 0),
            _event("filming", date(2020, 10, 1), date(2020, 10, 5), MI7, 1),
            _event("next_destination", date(2020, 10, 15), date(2020, 11, 30), MI7, 2),
            _event("release", date(2021, 11, 19), date(2021, 11, 19), MI7),
        ),
    )  # fmt: skip
    dune = (
        "Dune shot its desert scenes in Wadi Rum. Interiors were filmed in Budapest. "
        "More dunes came from Abu Dhabi. The story is set on Arrakis."
    )
    _save(
        engine, "How Dune found its deserts", "Screen Notes", dune, date(2019, 8, 1), DUNE,
        (
            _mention(dune, "Wadi Rum", WADI_RUM, DUNE),
            _mention(dune, "Budapest", BUDAPEST, DUNE),
            _mention(dune, "Abu Dhabi", ABU_DHABI, DUNE, confidence=0.8),
        ),
        (
            _event("filming", date(2019, 3, 18), date(2019, 6, 30), DUNE, 1),
            _event("filming", date(2019, 7, 1), date(2019, 7, 20), DUNE, 0),
            _event("filming", date(2019, 7, 21), date(2019, 7, 30), DUNE, 2),
            _event("release", date(2021, 10, 22), date(2021, 10, 22), DUNE),
        ),
    )  # fmt: skip
    bond = (
        "No Time to Die filmed a car chase in Matera. Scenes were shot at Port Antonio. "
        "The cast flew home via Oslo."
    )
    _save(
        engine, "Bond in the old town", "Film Daily", bond, date(2019, 10, 30), BOND,
        (
            _mention(bond, "Matera", MATERA, BOND),
            _mention(bond, "Port Antonio", PORT_ANTONIO, BOND, confidence=0.75),
            _mention(bond, "Oslo", OSLO, BOND, role="other"),
        ),
        (
            _event("filming", date(2019, 9, 2), date(2019, 9, 30), BOND, 0),
            _event("filming", date(2019, 4, 25), date(2019, 5, 10), BOND, 1),
            _event("wrap", date(2019, 10, 25), date(2019, 10, 25), BOND),
        ),
    )  # fmt: skip
    hostile = f"Night Train Redux filmed at Oslo station, where {HOSTILE} was painted on a wall."
    _save(
        engine, f"{HOSTILE} {XSS}", f"<script>{HOSTILE}</script>", hostile, date(2021, 2, 1), XSS,
        (_mention(hostile, "Oslo", OSLO, XSS),),
    )  # fmt: skip


# ---- more stories, for the map's story tests (not part of `seed`) -------------

NORTH = "The Northern Line"
QUIET = "Quiet Harbour"
NORWAY = Place("3144096", "Norway", "NO", 62.0, 10.0, "country", 5314336)
ITALY = Place("3175395", "Italy", "IT", 42.8333, 12.8333, "country", 60000000)
BERGEN = Place("3161732", "Bergen", "NO", 60.3930, 5.3242, "city", 213585, "Vestland")
DUBROVNIK = Place(
    "3201047", "Dubrovnik", "HR", 42.6507, 18.0944, "city", 28428, "Dubrovnik-Neretva"
)
REYKJAVIK = Place("3413829", "Reykjavík", "IS", 64.1355, -21.8954, "city", 118918, "Capital Region")
UNTITLED_OUTLET = "Variety"
UNTITLED_PUBLISHED = date(2021, 3, 4)
UNTITLED_LABEL = "Untitled production, Variety 4 Mar 2021"
# Drawn per production (areas covered by finer places of the same production are not).
DRAWN = {NORTH: 3, QUIET: 1, UNTITLED_LABEL: 1}


def seed_stories(engine: Engine) -> None:
    """Areas, undated places, an untitled production and one with no dates at all."""
    north = (
        "The Northern Line filmed across Norway in May. The crew shot in Oslo in June. "
        "Scenes at Bergen are planned for later. A second unit worked in Italy in July."
    )
    _save(
        engine, "A train thriller crosses Norway", "Nordic Screens", north, date(2021, 8, 1), NORTH,
        (
            _mention(north, "Norway", NORWAY, NORTH),
            _mention(north, "Oslo", OSLO, NORTH),
            _mention(north, "Bergen", BERGEN, NORTH),
            _mention(north, "Italy", ITALY, NORTH),
        ),
        (
            _event("filming", date(2021, 5, 1), date(2021, 5, 31), NORTH, 0),
            _event("filming", date(2021, 6, 1), date(2021, 6, 30), NORTH, 1),
            _event("filming", date(2021, 7, 1), date(2021, 7, 31), NORTH, 3),
        ),
    )  # fmt: skip
    quiet = "Quiet Harbour filmed its harbour scenes in Reykjavik."
    _save(
        engine, "A quiet shoot", "Iceland Review", quiet, date(2022, 1, 10), QUIET,
        (_mention(quiet, "Reykjavik", REYKJAVIK, QUIET),),
    )  # fmt: skip
    untitled = "An untitled Netflix thriller filmed in the old town of Dubrovnik."
    _save(
        engine, "Netflix thriller in Croatia", UNTITLED_OUTLET, untitled, UNTITLED_PUBLISHED, "",
        (_mention(untitled, "Dubrovnik", DUBROVNIK, ""),),
    )  # fmt: skip
