"""Choose the place each mention means, using the whole article as evidence.

Population alone picks Rauma in Finland and Alexandria in Egypt. Here every
candidate is scored by a prior (population, kind, primary name) plus the
article's context: countries and states it names or implies, a "City, State"
container right after the name, and closeness to the other places it
resolves. Scores are computed twice, the second time with the first pass's
choices as context, then turned into confidences with a softmax.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from dashboard.gazetteer import normalize_name
from dashboard.geoparse.lexicon import US_STATE_ABBREVIATIONS
from dashboard.geoparse.recognize import Mention
from dashboard.model import Candidate, Override, Place

if TYPE_CHECKING:
    from dashboard.gazetteer import Gazetteer

KIND_PRIOR = {"country": 0.55, "continent": 0.5, "admin1": 0.35, "city": 0.1, "admin2": 0.0,
              "user": 0.3}
ADMIN2_SUFFIXES = {"county", "counties", "parish", "parishes", "municipality",
                   "municipalities", "borough", "township", "district", "districts"}
ENGLISH_SPEAKING = {"US", "GB", "CA", "AU", "IE", "NZ"}
TEMPERATURE = 0.2
MAX_ALTERNATIVES = 4


@dataclass(frozen=True, slots=True)
class Resolution:
    """The chosen place of one mention, with its ranked alternatives."""

    place: Place | None
    confidence: float
    reason: str
    approximate: bool = False
    alternatives: tuple[Candidate, ...] = ()


@dataclass
class _Scored:
    place: Place
    prior: float
    notes: list[str] = field(default_factory=list)
    score: float = 0.0


def haversine_km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dphi, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


class Resolver:
    """Resolves all mentions of one article together."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def resolve(
        self,
        mentions: Sequence[Mention],
        text: str,
        overrides: dict[int, Override] | None = None,
    ) -> list[Resolution]:
        overrides = overrides or {}
        candidates = [self._candidates(m) for m in mentions]
        containers = [self._container(m, text) for m in mentions]
        fixed = {i: o.place for i, o in overrides.items() if o.place is not None}
        best = self._pass(mentions, candidates, containers, context=None, fixed=fixed)
        best = self._pass(mentions, candidates, containers, context=best, fixed=fixed)
        results = []
        for i, mention in enumerate(mentions):
            if i in overrides and overrides[i].place is not None:
                place = overrides[i].place
                assert place is not None
                results.append(Resolution(place, 1.0, overrides[i].reason))
            elif mention.kind == "landmark" and not candidates[i]:
                results.append(self._fallback(i, mentions, best))
            else:
                results.append(_summarise(candidates[i]))
        return results

    # candidates and priors -------------------------------------------------

    def _candidates(self, mention: Mention) -> list[_Scored]:
        gaz = self.gazetteer
        if mention.kind == "demonym" and mention.country_hint:
            country = gaz.country(mention.country_hint)
            return [_Scored(country, 1.0, ["a demonym of the country"])] if country else []
        if mention.kind == "state_abbreviation":
            places = [p for p in gaz.lookup(mention.query, countries=["US"]) if p.kind == "admin1"]
            return [_Scored(p, 1.0, ["a US state abbreviation"]) for p in places[:1]]
        matches = gaz.match_info(mention.query)
        suffix = mention.query.split()[-1].lower() if mention.kind == "admin" else None
        if not matches and suffix:
            stem = " ".join(mention.query.split()[:-1])
            matches = [(p, primary) for p, primary in gaz.match_info(stem)
                       if p.kind in ("admin1", "admin2")]
            if not matches:
                matches = gaz.match_info(stem)
        matches = _prefer_towns(matches, keep_admin=suffix is not None)
        scored = []
        for place, primary in matches:
            notes = []
            prior = KIND_PRIOR.get(place.kind, 0.0)
            prior += 0.35 * math.log10(place.population + 1) / 7
            if place.population >= 1000:
                notes.append(f"population {place.population:,}")
            if primary:
                prior += 0.15
            if suffix:
                wanted = "admin2" if suffix in ADMIN2_SUFFIXES else "admin1"
                if place.kind == wanted:
                    prior += 0.7
                    notes.append(f"a subdivision, as '{suffix}' says")
            elif place.kind == "admin2":
                prior -= 0.1
            if place.country in ENGLISH_SPEAKING:
                prior += 0.05
            scored.append(_Scored(place, prior, notes))
        return scored

    def _container(self, mention: Mention, text: str) -> Place | None:
        """The state or country written right after the name: "Fargo, N.D.", "Paris, Texas"."""
        tail = text[mention.end : mention.end + 40]
        if not tail.startswith(", "):
            return None
        words = tail[2:].split()
        for size in (3, 2, 1):
            if len(words) < size:
                continue
            phrase = " ".join(words[:size]).rstrip(",;:")
            phrase_lower = phrase.lower()
            if phrase_lower in US_STATE_ABBREVIATIONS or phrase_lower.rstrip(".") + "." in (
                US_STATE_ABBREVIATIONS
            ):
                state = US_STATE_ABBREVIATIONS.get(phrase_lower) or US_STATE_ABBREVIATIONS[
                    phrase_lower.rstrip(".") + "."
                ]
                places = self.gazetteer.lookup(state, countries=["US"])
                admin = [p for p in places if p.kind == "admin1"]
                if admin:
                    return admin[0]
            phrase = phrase.rstrip(".")
            code = self.gazetteer.country_code(phrase)
            if code:
                return self.gazetteer.country(code)
            admin1 = [p for p in self.gazetteer.lookup(phrase) if p.kind == "admin1"]
            if admin1 and phrase[:1].isupper():
                return admin1[0]
        return None

    # scoring ----------------------------------------------------------------

    def _pass(
        self,
        mentions: Sequence[Mention],
        candidates: list[list[_Scored]],
        containers: list[Place | None],
        context: list[Place | None] | None,
        fixed: dict[int, Place],
    ) -> list[Place | None]:
        evidence = _Evidence.collect(mentions, context, fixed) if context is not None else None
        same_name: dict[str, list[int]] = defaultdict(list)
        for i, mention in enumerate(mentions):
            same_name[normalize_name(mention.query)].append(i)
        best: list[Place | None] = []
        for i, scored in enumerate(candidates):
            if i in fixed:
                best.append(fixed[i])
                continue
            group_containers = [containers[j] for j in same_name[normalize_name(mentions[i].query)]]
            for s in scored:
                s.score = s.prior
                s.notes = [n for n in s.notes if not n.startswith("ctx:")]
                for container in group_containers:
                    if container is not None and _inside(s.place, container):
                        s.score += 1.5
                        s.notes.append(f"ctx:written as in {container.name}")
                        break
                if evidence is not None:
                    evidence.apply(i, s)
            scored.sort(key=lambda s: s.score, reverse=True)
            best.append(scored[0].place if scored else None)
        return best

    def _fallback(
        self, index: int, mentions: Sequence[Mention], best: list[Place | None]
    ) -> Resolution:
        """A landmark the gazetteer lacks: use the finest place the text puts it in."""
        mention = mentions[index]
        rank = {"city": 0, "admin2": 1, "admin1": 2, "country": 3, "continent": 4, "user": 0}
        same_sentence = [
            best[j] for j, other in enumerate(mentions)
            if j != index and other.sentence_index == mention.sentence_index and best[j]
            and other.kind != "landmark"
        ]
        pool = same_sentence or [
            p for j, p in enumerate(best) if p is not None and mentions[j].kind != "landmark"
        ]
        if not pool:
            return Resolution(None, 0.0, "not in the gazetteer, and no enclosing place in the text")
        if same_sentence:
            place = min(same_sentence, key=lambda p: rank.get(p.kind, 5))
            where = "named in the same sentence"
        else:
            countries = [p.country for p in pool if p.country]
            top = max(set(countries), key=countries.count) if countries else None
            country = self.gazetteer.country(top) if top else None
            place = country or pool[0]
            where = "the article's main country"
        return Resolution(place, 0.4, f"not in the gazetteer; placed at {place.name}, {where}",
                          approximate=True)


@dataclass
class _Evidence:
    """What the rest of the article says about countries, states and places."""

    country_support: dict[str, float]
    admin1_support: dict[tuple[str, str], float]
    anchors: list[tuple[int, Place, float]]
    own_country: dict[int, str]
    own_admin1: dict[int, tuple[str, str]]

    @classmethod
    def collect(
        cls, mentions: Sequence[Mention], context: list[Place | None], fixed: dict[int, Place]
    ) -> _Evidence:
        country: dict[str, float] = defaultdict(float)
        admin1: dict[tuple[str, str], float] = defaultdict(float)
        anchors: list[tuple[int, Place, float]] = []
        own_country: dict[int, str] = {}
        own_admin1: dict[int, tuple[str, str]] = {}
        for i, place in enumerate(context):
            if place is None:
                continue
            weight = 1.0 if i in fixed else _weight(mentions[i], place)
            if place.country:
                country[place.country] += weight
                own_country[i] = place.country
            state = place.name if place.kind == "admin1" else place.admin1
            if place.kind in ("admin1", "admin2", "city") and state:
                admin1[(place.country, state)] += weight
                own_admin1[i] = (place.country, state)
            if place.kind in ("city", "admin2"):
                anchors.append((i, place, weight))
        return cls(dict(country), dict(admin1), anchors, own_country, own_admin1)

    def apply(self, index: int, scored: _Scored) -> None:
        place = scored.place
        support = self.country_support.get(place.country, 0.0)
        if self.own_country.get(index) == place.country:
            support -= _self_weight(place)
        if support > 0.05:
            scored.score += 0.9 * min(1.0, support / 1.5)
            name = self._country_name(place.country)
            scored.notes.append(f"ctx:in {name}, like other places in the article")
        state = place.name if place.kind == "admin1" else place.admin1
        if state:
            key = (place.country, state)
            support = self.admin1_support.get(key, 0.0)
            if self.own_admin1.get(index) == key:
                support -= _self_weight(place)
            if support > 0.05:
                scored.score += 0.7 * min(1.0, support / 1.5)
                scored.notes.append(f"ctx:in {state}, like other places in the article")
        closest = min(
            (haversine_km(place, anchor) for j, anchor, _ in self.anchors if j != index),
            default=None,
        )
        if closest is not None and closest < 400:
            scored.score += 0.4 * math.exp(-closest / 150)
            if closest < 100:
                scored.notes.append(f"ctx:{closest:.0f} km from another place in the article")

    @staticmethod
    def _country_name(code: str) -> str:
        return code


def _weight(mention: Mention, place: Place) -> float:
    if mention.kind == "demonym":
        return 0.7
    if place.kind in ("country", "admin1"):
        return 1.0
    return 0.6


def _self_weight(place: Place) -> float:
    return 1.0 if place.kind in ("country", "admin1") else 0.6


def _prefer_towns(
    matches: list[tuple[Place, bool]], keep_admin: bool
) -> list[tuple[Place, bool]]:
    """Merge a subdivision into the town that is its pin.

    A subdivision takes its largest town's coordinates, so "Roma" the province
    and Rome the city are one pin; the city is the finer answer (unless the
    text said "province" or "county") and inherits the subdivision's exact
    name match and population.
    """
    if keep_admin:
        return matches

    def pin(p: Place) -> tuple[str, float, float]:
        return (p.country, round(p.lat, 2), round(p.lon, 2))

    merged_admin = {pin(p): (p, primary) for p, primary in matches
                    if p.kind in ("admin1", "admin2")}
    out = []
    for place, primary in matches:
        if place.kind in ("admin1", "admin2") and any(
            q.kind == "city" and pin(q) == pin(place) for q, _ in matches
        ):
            continue
        if place.kind == "city" and pin(place) in merged_admin:
            admin, admin_primary = merged_admin[pin(place)]
            population = max(place.population, admin.population)
            place = replace(place, population=population)
            primary = primary or admin_primary
        out.append((place, primary))
    return out


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
    return Resolution(best.place, best.confidence, best.reason, alternatives=alternatives)


def _reason(scored: _Scored) -> str:
    """Context evidence first, then the place's own facts."""
    context = [n.removeprefix("ctx:") for n in scored.notes if n.startswith("ctx:")]
    facts = [n for n in scored.notes if not n.startswith("ctx:")]
    kind = {"admin2": "municipality/county", "admin1": "state/region"}.get(
        scored.place.kind, scored.place.kind
    )
    head = f"{kind} in {scored.place.country}" if scored.place.country else kind
    return "; ".join([head, *(context + facts)[:3]])
