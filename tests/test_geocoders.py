"""Geocoders: the offline gazetteer, and geopy services against a local fake server.

The fake server answers on 127.0.0.1 with hand-written responses in the
services' own JSON formats (tests/fixtures/geocoders); nothing leaves the machine.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.exc import GeocoderNotFound
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location
from loopback import LoopbackServer

from dashboard.gazetteer import Gazetteer
from dashboard.geocoders import (
    CachedGeocoder,
    GeocoderUnreachable,
    OfflineGazetteer,
    get_geocoder,
    online_geocoder,
)

FIXTURES = Path(__file__).parent / "fixtures" / "geocoders"
ROUTES = json.loads((FIXTURES / "routes.json").read_text(encoding="utf-8"))
ANDALSNES = (62.5676, 7.6873)


class FakeService(LoopbackServer):
    """A tiny HTTP server speaking one geocoding service's JSON, counting requests."""

    def __init__(self, service: str) -> None:
        self.routes = ROUTES[service]
        self.requests: list[tuple[str, str, float]] = []  # path, key, monotonic time
        self.fail_next: set[str] = set()  # keys answered once with HTTP 429
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                route = fake.routes.get(url.path)
                if route is None:
                    self.send_error(404)
                    return
                if "q" in params:
                    key = params["q"]
                else:
                    key = f"{float(params['lat']):.3f},{float(params['lon']):.3f}"
                fake.requests.append((url.path, key, time.monotonic()))
                if key in fake.fail_next:
                    fake.fail_next.discard(key)
                    self.send_error(429, "Too Many Requests")
                    return
                name = route["answers"].get(key)
                body = (
                    (FIXTURES / name).read_bytes() if name else json.dumps(route["empty"]).encode()
                )
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep pytest output clean

        super().__init__(Handler)


@pytest.fixture(params=["nominatim", "photon"])
def service(request: pytest.FixtureRequest) -> Iterator[tuple[str, FakeService]]:
    with FakeService(request.param) as fake:
        yield request.param, fake


def connect(name: str, fake: FakeService, cache: Path, **kwargs: object) -> CachedGeocoder:
    options: dict[str, object] = {"min_delay_seconds": 0.0, **kwargs}
    return online_geocoder(
        name,
        user_agent="reelmap-tests",
        cache_path=cache,
        domain=fake.domain,
        scheme="http",
        **options,
    )


# -- offline ---------------------------------------------------------------


@pytest.fixture(scope="module")
def offline() -> OfflineGazetteer:
    return OfflineGazetteer(Gazetteer.open(progress=False))


@pytest.mark.parametrize(
    ("query", "options", "kind", "country", "admin1"),
    [
        ("Rauma", {"country_codes": "NO"}, "admin2", "NO", "Møre og Romsdal"),
        ("Rauma", {"country_codes": ["no", "se"]}, "admin2", "NO", "Møre og Romsdal"),
        ("Rauma, Norway", {}, "admin2", "NO", "Møre og Romsdal"),
        ("Rauma, Norge", {}, "admin2", "NO", "Møre og Romsdal"),
        ("Strand, Rogaland", {}, "admin2", "NO", "Rogaland"),
        ("Rapides Parish", {}, "admin2", "US", "Louisiana"),
        ("Åndalsnes", {}, "city", "NO", "Møre og Romsdal"),
        ("Norge", {}, "country", "NO", ""),
    ],
)
def test_offline_geocode(
    offline: OfflineGazetteer,
    query: str,
    options: dict[str, object],
    kind: str,
    country: str,
    admin1: str,
) -> None:
    location = offline.geocode(query, **options)
    assert isinstance(location, Location)
    raw = location.raw
    assert (raw["kind"], raw["country"], raw["admin1"]) == (kind, country, admin1)
    assert raw["geonameid"] and raw["population"] >= 0
    assert (location.latitude, location.longitude) == (raw["lat"], raw["lon"])


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("Qwertyville", {}),
        ("Rauma", {"country_codes": "SE"}),
        ("Rauma, Sweden", {}),
        ("Rauma, Norway", {"country_codes": "FI"}),
        ("Strand, Nordland County Nowhere", {}),
        ("", {}),
    ],
)
def test_offline_geocode_finds_nothing(
    offline: OfflineGazetteer, query: str, options: dict[str, object]
) -> None:
    assert offline.geocode(query, **options) is None
    assert offline.geocode(query, exactly_one=False, **options) is None


def test_offline_geocode_many(offline: OfflineGazetteer) -> None:
    locations = offline.geocode("Rauma", exactly_one=False)
    assert isinstance(locations, list)
    assert {loc.raw["country"] for loc in locations} >= {"FI", "NO"}
    assert len(offline.geocode("Springfield", exactly_one=False, limit=3)) == 3


@pytest.mark.parametrize("point", [ANDALSNES, "62.5676, 7.6873", "62.5676 N, 7.6873 E"])
def test_offline_reverse(offline: OfflineGazetteer, point: object) -> None:
    location = offline.reverse(point)
    assert location.raw["name"] == "Åndalsnes"
    assert location.raw["distance_km"] < 1
    several = offline.reverse(point, exactly_one=False, limit=3)
    assert [loc.raw["distance_km"] for loc in several] == sorted(
        loc.raw["distance_km"] for loc in several
    )


def test_offline_works_under_rate_limiter(offline: OfflineGazetteer) -> None:
    geocode = RateLimiter(offline.geocode, min_delay_seconds=0.05)
    reverse = RateLimiter(offline.reverse, min_delay_seconds=0.05)
    started = time.monotonic()
    assert geocode("Rauma", country_codes="NO").raw["kind"] == "admin2"
    assert geocode("Roma", exactly_one=False)
    assert reverse(ANDALSNES).raw["name"] == "Åndalsnes"
    assert time.monotonic() - started >= 0.049  # the second geocode waited its turn


def test_get_geocoder_offline_by_default() -> None:
    assert isinstance(get_geocoder(), OfflineGazetteer)


# -- online ----------------------------------------------------------------


def test_online_geocode_then_cache(service: tuple[str, FakeService], tmp_path: Path) -> None:
    name, fake = service
    geocoder = connect(name, fake, tmp_path / "cache.sqlite")
    location = geocoder.geocode("Åndalsnes")
    assert isinstance(location, Location)
    assert "Åndalsnes" in location.address
    assert location.latitude == pytest.approx(ANDALSNES[0], abs=0.001)
    assert location.longitude == pytest.approx(ANDALSNES[1], abs=0.001)
    assert len(fake.requests) == 1

    again = geocoder.geocode("Åndalsnes")
    assert len(fake.requests) == 1
    assert (again.address, again.point, again.raw) == (
        location.address,
        location.point,
        location.raw,
    )

    # The cache is on disk: a new geocoder (a new process, say) does not ask again.
    reopened = connect(name, fake, tmp_path / "cache.sqlite")
    assert reopened.geocode("Åndalsnes").raw == location.raw
    assert len(fake.requests) == 1


def test_online_many_results_and_empty_answers_are_cached(
    service: tuple[str, FakeService], tmp_path: Path
) -> None:
    name, fake = service
    geocoder = connect(name, fake, tmp_path / "cache.sqlite")
    for _ in range(2):
        strands = geocoder.geocode("Strand", exactly_one=False)
        assert [round(loc.latitude) for loc in strands] == [59, 52]
        assert geocoder.geocode("Nowhere at all") is None
    assert [key for _, key, _ in fake.requests] == ["Strand", "Nowhere at all"]
    # exactly_one is part of the key: one result is a different question.
    assert geocoder.geocode("Strand").latitude == pytest.approx(59.0638)
    assert len(fake.requests) == 3


def test_online_reverse_is_cached(service: tuple[str, FakeService], tmp_path: Path) -> None:
    name, fake = service
    geocoder = connect(name, fake, tmp_path / "cache.sqlite")
    for _ in range(2):
        location = geocoder.reverse(ANDALSNES)
        assert "Åndalsnes" in location.address
    assert len(fake.requests) == 1


def test_online_requests_are_rate_limited(service: tuple[str, FakeService], tmp_path: Path) -> None:
    name, fake = service
    geocoder = connect(name, fake, tmp_path / "cache.sqlite", min_delay_seconds=0.3)
    assert isinstance(geocoder.rate_limiter, RateLimiter)
    assert geocoder.rate_limiter.min_delay_seconds == 0.3
    started = time.monotonic()
    geocoder.geocode("Åndalsnes")
    geocoder.geocode("Åndalsnes")  # cached: no request, no wait
    geocoder.geocode("Strand")
    geocoder.reverse(ANDALSNES)  # geocode and reverse share one limiter
    assert len(fake.requests) == 3
    assert time.monotonic() - started >= 0.6  # two waits of 0.3 s between three requests


def test_online_retries_when_rate_limited(tmp_path: Path) -> None:
    with FakeService("nominatim") as fake:
        fake.fail_next.add("Strand")
        geocoder = connect("nominatim", fake, tmp_path / "cache.sqlite", max_retries=1)
        assert geocoder.geocode("Strand").latitude == pytest.approx(59.0638)
        assert [key for _, key, _ in fake.requests] == ["Strand", "Strand"]


def test_online_unreachable_is_one_line_and_not_retried(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # free once the socket closes: nothing listens there
    geocoder = online_geocoder(
        "nominatim",
        user_agent="reelmap-tests",
        cache_path=tmp_path / "cache.sqlite",
        domain=f"127.0.0.1:{port}",
        scheme="http",
        min_delay_seconds=0.0,
    )
    started = time.monotonic()
    with pytest.raises(GeocoderUnreachable) as caught:
        geocoder.geocode("Åndalsnes")
    assert time.monotonic() - started < 1.0  # a retry would first wait 1 s
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"nominatim geocoder unreachable at http://127.0.0.1:{port}/")
    assert len(geocoder.cache) == 0  # failures are not remembered


def test_get_geocoder_by_service_name(tmp_path: Path) -> None:
    with FakeService("photon") as fake:
        geocoder = get_geocoder(
            "photon", domain=fake.domain, scheme="http", cache_path=tmp_path / "c.sqlite"
        )
        assert isinstance(geocoder, CachedGeocoder)
        assert geocoder.geocode("Åndalsnes").raw["properties"]["countrycode"] == "NO"
    with pytest.raises(GeocoderNotFound):
        get_geocoder("no-such-service", cache_path=tmp_path / "c.sqlite")
