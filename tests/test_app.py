"""The dashboard through Streamlit's AppTest: pages, filters, URL state, read-only, adding.

Every test runs the real entry script against a real SQLite store filled
through the store's own `save_article` (see app_seed.py). AppTest cannot see
inside the map (a component): the browser tests cover that.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from app_seed import BOND, DUNE, FILMED_PINS, MI7, XSS, seed
from streamlit.testing.v1 import AppTest

from dashboard.app import latest, resources
from dashboard.app.extent import drop_covered_areas
from dashboard.app.launch import MAIN_SCRIPT
from dashboard.store import connect
from dashboard.store.corrections import correct_mention, overrides
from dashboard.store.engine import to_url
from dashboard.store.queries import Filters, locations
from dashboard.store.snapshot import MapTable

SAMPLE_ARTICLE = Path(__file__).resolve().parent / "fixtures" / "train-stunt-article.txt"
TIMEOUT_S = 60
ALL_PINS = sum(FILMED_PINS.values())


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded store per module; tests that write get their own copy."""
    path = tmp_path_factory.mktemp("seed") / "store.sqlite"
    engine = connect(to_url(path))
    seed(engine)
    engine.dispose()
    return path


@pytest.fixture
def store_url(seeded_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private copy of the seeded store, named by REELMAP_DB as `reelmap serve` does."""
    copy = tmp_path / "store.sqlite"
    shutil.copy(seeded_file, copy)
    url = to_url(copy)
    monkeypatch.setenv("REELMAP_DB", url)
    monkeypatch.delenv("REELMAP_READ_ONLY", raising=False)
    yield url


def app(params: dict[str, str | list[str]] | None = None) -> AppTest:
    """The app, run once (optionally opened with these query parameters)."""
    test = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=TIMEOUT_S)
    test.query_params.update(params or {})
    test.run()
    assert not test.exception, [e.value for e in test.exception]
    return test


def on_page(test: AppTest, page: str) -> AppTest:
    test.switch_page(f"views/{page}.py").run()
    assert not test.exception, [e.value for e in test.exception]
    return test


def headline(test: AppTest) -> str:
    """The map page's summary line, e.g. '8 locations · 4 productions · 6 countries'."""
    return next(m.value for m in test.markdown if m.value.startswith("#### "))


def widget(test: AppTest, kind: str, label: str) -> Any:
    """A sidebar widget of one kind ("multiselect", "slider", ...) by its label."""
    return next(w for w in test.sidebar.get(kind) if getattr(w, "label", None) == label)


# ---- pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("timeline", "Timeline"),
        ("data", "Data"),
        ("add", "Add articles"),
        ("about", "About Reelmap"),
    ],
)
def test_every_page_renders(store_url: str, page: str, expected: str) -> None:
    test = on_page(app(), page)
    assert [t.value for t in test.title] == [expected]


def test_map_page_counts_the_default_pins(store_url: str) -> None:
    assert headline(app()) == f"#### {ALL_PINS} locations · 4 productions · 6 countries"


def test_filters_show_only_on_pages_with_data(store_url: str) -> None:
    test = app()
    assert [w.label for w in test.sidebar.multiselect] == ["Productions", "Countries"]
    on_page(test, "about")
    assert not test.sidebar.multiselect
    on_page(test, "data")
    assert [w.label for w in test.sidebar.multiselect] == ["Productions", "Countries"]


def test_about_credits_geonames_and_openstreetmap(store_url: str) -> None:
    text = " ".join(m.value for m in on_page(app(), "about").markdown)
    assert "CC BY 4.0" in text
    assert "OpenStreetMap" in text


# ---- filters and the URL ---------------------------------------------------------


def test_choosing_a_production_filters_and_goes_into_the_url(store_url: str) -> None:
    test = app()
    widget(test, "multiselect", "Productions").set_value([MI7]).run()
    assert headline(test).startswith(f"#### {FILMED_PINS[MI7]} locations · 1 production")
    assert test.query_params["film"] == MI7


def test_role_and_confidence_widgets_filter_and_go_into_the_url(store_url: str) -> None:
    test = app()
    test.sidebar.segmented_control[0].set_value("all").run()
    assert headline(test).startswith(f"#### {ALL_PINS + 2} locations")
    widget(test, "slider", "Minimum confidence").set_value(85).run()
    assert headline(test).startswith("#### 6 locations")
    assert test.query_params == {"role": "all", "conf": "0.85"}


@pytest.mark.parametrize(
    ("params", "pins"),
    [
        ({"film": [DUNE, BOND]}, FILMED_PINS[DUNE] + FILMED_PINS[BOND]),
        ({"country": "NO"}, 3),
        ({"conf": "0.85"}, 5),
        ({"role": "all"}, ALL_PINS + 2),  # Rome is planned, Oslo for Bond only mentioned
        ({"role": "planned"}, 1),
        ({"from": "2020-01-01"}, 3),  # Åndalsnes, Hellesylt and the undated Oslo (2021)
        ({"film": MI7, "to": "2020-09-30"}, 1),
    ],
)
def test_opening_a_url_restores_the_view(
    store_url: str, params: dict[str, str | list[str]], pins: int
) -> None:
    test = app(params)
    assert headline(test).startswith(f"#### {pins} location")
    assert not test.warning
    assert test.query_params == params  # the URL keeps exactly what it said


def test_url_view_seeds_the_sidebar(store_url: str) -> None:
    test = app({"film": [MI7, DUNE], "country": ["NO", "JO"], "role": "setting", "conf": "0.3"})
    assert widget(test, "multiselect", "Productions").value == [MI7, DUNE]
    assert widget(test, "multiselect", "Countries").value == ["NO", "JO"]
    assert test.sidebar.segmented_control[0].value == "setting"
    assert widget(test, "slider", "Minimum confidence").value == 30


@pytest.mark.parametrize(
    "params",
    [
        {"film": "nope"},
        {"from": "abc"},
        {"to": "2021-13-01"},
        {"zoom": "999"},
        {"conf": "x"},
        {"role": "director"},
        {"country": "ZZ"},
        {"lat": "95", "lon": "10"},
        {"pin": "-1"},
        {"pin": "999999"},  # a pin that does not exist
    ],
    ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()),
)
def test_bad_url_value_falls_back_with_a_note(
    store_url: str, params: dict[str, str | list[str]]
) -> None:
    test = app(params)
    assert len(test.warning) == 1
    assert headline(test).startswith(f"#### {ALL_PINS} locations")
    assert test.query_params == {}  # the bad value is gone from the address bar


def test_notes_can_be_dismissed(store_url: str) -> None:
    test = app({"film": "nope", "zoom": "0"})
    assert test.warning[0].value.count("\n- Ignored") == 2
    test.button(key="dismiss-notes").click().run()
    assert not test.warning


def test_hostile_url_value_is_shown_as_text(store_url: str) -> None:
    test = app({"film": "[x](javascript:a) <b>b</b> :red[y] $z$"})
    body = test.warning[0].value
    assert "\\[x\\]\\(javascript\\:a\\)" in body
    assert "\\<b\\>" in body and "\\:red\\[y\\]" in body and "\\$z\\$" in body


def test_filters_survive_a_visit_to_another_page(store_url: str) -> None:
    test = app({"film": DUNE, "role": "all"})
    on_page(test, "about")
    assert test.query_params == {}
    on_page(test, "map")
    assert headline(test).startswith(f"#### {FILMED_PINS[DUNE]} locations")
    assert test.query_params == {"film": DUNE, "role": "all"}


def test_reset_filters(store_url: str) -> None:
    test = app({"film": DUNE, "conf": "0.5"})
    test.sidebar.button[0].click().run()
    assert headline(test).startswith(f"#### {ALL_PINS} locations")
    assert widget(test, "multiselect", "Productions").value == []
    assert test.query_params == {}


def test_share_shows_the_link_of_this_view(store_url: str) -> None:
    test = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=TIMEOUT_S)
    test.context["url"] = "http://127.0.0.1:8501/"
    test.query_params.update({"film": [MI7, DUNE], "role": "all"})
    test.run()
    on_page(test, "timeline")
    assert test.sidebar.code[0].value == (
        "http://127.0.0.1:8501/timeline?film=Mission%3A+Impossible+7&film=Dune&role=all"
    )


@pytest.mark.parametrize("page", ["map", "timeline", "data"])
def test_every_data_page_has_one_share_control_with_its_link(store_url: str, page: str) -> None:
    """The map draws Share from its fragment (to redraw it after a pan); the others from main."""
    test = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=TIMEOUT_S)
    test.context["url"] = "http://127.0.0.1:8501/"
    test.query_params.update({"film": DUNE, "lat": "10", "lon": "20", "zoom": "5"})
    test.run()
    on_page(test, page)
    [link] = [c.value for c in test.sidebar.code]
    assert link.endswith("?film=Dune&lat=10&lon=20&zoom=5"), link


def test_selected_pin_comes_from_the_url_and_is_described(store_url: str) -> None:
    pin = int(locations(connect(store_url), Filters(productions=(BOND,)))["mention_id"].iloc[0])
    test = app({"pin": str(pin)})
    assert not test.warning
    assert any("Port Antonio" in m.value for m in test.markdown)
    assert test.query_params == {"pin": str(pin)}


def test_untrusted_text_of_a_selected_pin_is_escaped(store_url: str) -> None:
    pin = int(locations(connect(store_url), Filters(productions=(XSS,)))["mention_id"].iloc[0])
    test = app({"pin": str(pin)})
    shown = " ".join(m.value for m in test.markdown)
    assert "\\<img src\\=x onerror\\=window\\.\\_\\_pwned\\=1\\>" in shown
    assert "\\$\\{window" in shown and "\\`" in shown


# ---- timeline and data -----------------------------------------------------------


def test_timeline_follows_the_sidebar(store_url: str) -> None:
    test = on_page(app({"film": DUNE}), "timeline")
    spec = test.get("vega_lite_chart")[0].proto.spec
    assert DUNE in spec and MI7 not in spec


def test_data_page_table_and_downloads_match_the_filters(store_url: str) -> None:
    test = on_page(app({"country": "IT"}), "data")
    assert len(test.dataframe[0].value) == 1  # Matera; Rome is only planned
    assert [b.proto.label for b in test.get("download_button")] == ["CSV", "GeoJSON", "KML"]


def test_empty_result_says_so(store_url: str) -> None:
    test = app({"film": DUNE, "country": "NO"})
    assert headline(test).startswith("#### 0 locations")
    assert any("No locations match" in i.value for i in test.info)
    on_page(test, "data")
    assert any("No locations match" in i.value for i in test.info)


# ---- read-only mode ----------------------------------------------------------------


def test_read_only_has_no_add_page(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REELMAP_READ_ONLY", "1")
    test = app()
    with pytest.raises(ValueError, match=r"add\.py"):
        test.switch_page("views/add.py")
    on_page(test, "about")
    assert "read-only" in test.caption[-1].value


# ---- adding an article -------------------------------------------------------------


def test_add_article_review_correct_and_save(store_url: str) -> None:
    test = on_page(app(), "add")
    test.text_input[0].set_value("Cruise on a Norwegian train")
    test.text_area[0].set_value(SAMPLE_ARTICLE.read_text())
    test.date_input[0].set_value(date(2020, 10, 8))
    test.button[0].click().run()
    assert not test.exception
    assert [s.value for s in test.subheader] == ["Cruise on a Norwegian train"]
    pickers = {s.label.split(" · ")[0]: s for s in test.selectbox}
    assert {"Norway", "Rauma Municipalities", "Roma"} <= set(pickers)
    # A reviewer decides "Roma" is no place of this article: say so before saving.
    pickers["Roma"].set_value("none").run()
    before = locations(connect(store_url), Filters(productions=(MI7,), roles=()))
    assert any("rm-rejected" in h.proto.body for h in test.get("html"))
    next(b for b in test.button if b.label == "Save").click().run()
    assert not test.exception
    assert any("Saved" in s.value for s in test.success)

    engine = connect(store_url)
    saved = locations(engine, Filters(productions=(MI7,), roles=()))
    assert "Rauma, Møre og Romsdal, NO" in set(saved["place"])
    rome = saved["place"].str.startswith("Rome").sum()
    assert rome == before["place"].str.startswith("Rome").sum()  # nothing new at Rome
    assert any(o.surface == "Roma" and o.place is None for o in overrides(engine))

    next(b for b in test.button if b.label == "Show it on the map").click().run()
    assert test.query_params == {"film": MI7}
    shown = drop_covered_areas(saved[saved["role"] == "filmed"])  # Norway holds finer pins
    assert headline(test).startswith(f"#### {len(shown)} locations")


def test_add_rejects_an_empty_article(store_url: str) -> None:
    test = on_page(app(), "add")
    test.text_area[0].set_value("   ")
    test.button[0].click().run()
    assert any("cannot be read" in e.value for e in test.error)


def test_add_article_with_a_place_found_by_search(store_url: str) -> None:
    test = on_page(app(), "add")
    test.text_area[0].set_value(SAMPLE_ARTICLE.read_text())
    test.button[0].click().run()
    strand = next(s for s in test.selectbox if s.label.startswith("Strand"))
    strand.set_value("search").run()
    test.text_input(key=f"{strand.key}.q").set_value("Stranda").run()
    match = next(s for s in test.selectbox if s.label == "Matches")
    assert match.value is not None and match.value.label == "Stranda, Møre og Romsdal, NO"
    next(b for b in test.button if b.label == "Save").click().run()
    assert not test.exception

    engine = connect(store_url)
    saved = locations(engine, Filters(productions=(MI7,), roles=()))
    assert "Stranda, Møre og Romsdal, NO" in set(saved["place"])
    assert "Strand, Rogaland, NO" not in set(saved["place"])
    fixed = next(o for o in overrides(engine) if o.surface == "Strand")
    assert fixed.place is not None and fixed.place.name == "Stranda"


def test_upload_files_review_one_by_one(store_url: str) -> None:
    article = (
        "---\ntitle: Dune returns to the desert\noutlet: Desert Post\npublished: 2022-07-18\n---\n"
        "Dune: Part Two filmed in Wadi Rum, Jordan, last month, and in Budapest, Hungary.\n"
    )
    test = on_page(app(), "add")
    test.segmented_control[0].set_value("Upload files").run()
    test.file_uploader[0].set_value(
        [("dune.md", article.encode(), "text/markdown"), ("blob.txt", b"\x00\x01", "text/plain")]
    )
    test.button[0].click().run()
    assert not test.exception
    assert [s.value for s in test.subheader] == ["Dune returns to the desert"]
    assert "Article 1 of 2" in test.caption[0].value
    assert test.date_input[0].value == date(2022, 7, 18)  # the file's own date is kept
    next(b for b in test.button if b.label == "Save").click().run()
    assert any("cannot be read" in e.value for e in test.error)  # the binary file, next
    next(b for b in test.button if b.label == "Skip it").click().run()
    assert [t.value for t in test.title] == ["Add articles"]
    assert test.text_area  # back to the input form

    saved = locations(connect(store_url), Filters(roles=()))
    mine = saved[saved["article_title"] == "Dune returns to the desert"]
    assert "Budapest, HU" in set(mine["place"])
    assert set(mine["outlet"]) == {"Desert Post"}


# ---- a store slow to read ------------------------------------------------------------


def rerun_until(test: AppTest, headline_start: str) -> None:
    """Rerun the app until its headline starts so (a background read ends in its own time)."""
    deadline = time.monotonic() + TIMEOUT_S
    while not headline(test.run()).startswith(headline_start):
        assert time.monotonic() < deadline, f"never showed {headline_start!r}"
        time.sleep(0.05)


def test_a_store_slow_to_read_is_saved_and_read_again_in_the_background(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every read counts as slow here: the app saves its table and, after a write,
    shows the last one until the new read is in, then the new one."""
    monkeypatch.setattr(latest, "WAIT_AT_MOST", -1.0)
    monkeypatch.setenv("REELMAP_CACHE_DIR", str(tmp_path / "cache"))
    test = app()
    assert headline(test).startswith(f"#### {ALL_PINS} locations")
    engine = connect(store_url)
    saved = resources.saved_map_path(engine.url.render_as_string(hide_password=True))
    assert saved.is_file()
    first = int(locations(engine)["mention_id"].iloc[0])
    correct_mention(engine, first, place=None, status="rejected")
    rerun_until(test, f"#### {ALL_PINS - 1} locations")
    assert not [i for i in test.info if "Newer articles" in i.value]
    loaded = MapTable.load(saved)
    assert loaded is not None and first not in set(loaded[0].frame["mention_id"])


def test_a_slow_store_is_still_read_again_when_nothing_can_be_saved(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder that cannot be written (here: a file stands where it should be)
    costs the saved copy, never the newer articles."""
    monkeypatch.setattr(latest, "WAIT_AT_MOST", -1.0)
    blocked = tmp_path / "cache"
    blocked.write_text("not a folder")
    monkeypatch.setenv("REELMAP_CACHE_DIR", str(blocked))
    test = app()
    assert headline(test).startswith(f"#### {ALL_PINS} locations")
    engine = connect(store_url)
    first = int(locations(engine)["mention_id"].iloc[0])
    correct_mention(engine, first, place=None, status="rejected")
    rerun_until(test, f"#### {ALL_PINS - 1} locations")
    assert blocked.read_text() == "not a folder"
