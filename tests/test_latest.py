"""The newest copy of the store: read when it changes, in the background once reads are slow."""

from __future__ import annotations

import threading

import pytest

from dashboard.app.latest import Latest


class Store:
    """A store whose revision the test moves, and whose reads it can hold up or break."""

    def __init__(self) -> None:
        self.revision = "r1"
        self.reads = 0
        self.hold = threading.Event()
        self.hold.set()
        self.started = threading.Event()
        self.broken = False

    def read(self, _revision: str = "") -> str:
        self.reads += 1
        self.started.set()
        assert self.hold.wait(10), "the test never let the read finish"
        if self.broken:
            raise OSError("disk went away")
        return f"rows at {self.revision}"


def test_a_revision_is_read_once() -> None:
    store = Store()
    latest = Latest(store.read, lambda: store.revision)
    assert not latest.ready()
    first = latest.get()
    assert (first.revision, first.value, first.behind) == ("r1", "rows at r1", False)
    assert latest.get() is first
    assert (latest.ready(), store.reads) == (True, 1)


def test_a_fast_store_is_read_again_before_answering() -> None:
    store = Store()
    latest = Latest(store.read, lambda: store.revision, wait_at_most=60.0)
    latest.get()
    store.revision = "r2"
    copy = latest.get()
    assert (copy.revision, copy.value, copy.behind) == ("r2", "rows at r2", False)


def test_a_slow_store_shows_the_last_copy_while_the_new_one_is_read() -> None:
    store = Store()
    latest = Latest(store.read, lambda: store.revision, wait_at_most=0.0)
    latest.get()
    store.revision, store.hold = "r2", threading.Event()
    store.started.clear()
    copy = latest.get()  # returns at once: the read is held up
    assert (copy.revision, copy.value, copy.behind) == ("r1", "rows at r1", True)
    assert store.started.wait(10)
    assert latest.get().behind  # the read still runs: no second one starts
    assert store.reads == 2
    store.hold.set()
    assert latest.wait(10)
    copy = latest.get()
    assert (copy.revision, copy.value, copy.behind) == ("r2", "rows at r2", False)
    assert store.reads == 2


@pytest.mark.parametrize("retry_after", [0.0, 3600.0])
def test_a_failed_background_read_keeps_the_last_copy_and_is_tried_again_later(
    caplog: pytest.LogCaptureFixture, retry_after: float
) -> None:
    store = Store()
    latest = Latest(store.read, lambda: store.revision, wait_at_most=0.0, retry_after=retry_after)
    latest.get()
    store.revision, store.broken = "r2", True
    assert latest.get().value == "rows at r1"
    assert latest.wait(10)
    assert "revision r2 failed" in caplog.text
    store.broken = False
    assert latest.get().value == "rows at r1"  # still shown; a new read starts if it is time
    assert latest.wait(10)
    retried = retry_after == 0.0
    assert latest.get().value == ("rows at r2" if retried else "rows at r1")
    assert store.reads == (3 if retried else 2)


def test_visitors_arriving_together_share_the_first_read() -> None:
    store = Store()
    store.hold.clear()
    latest = Latest(store.read, lambda: store.revision)
    copies: list[str] = []
    visitors = [
        threading.Thread(target=lambda: copies.append(latest.get().value)) for _ in range(4)
    ]
    for visitor in visitors:
        visitor.start()
    assert store.started.wait(10)
    store.hold.set()
    for visitor in visitors:
        visitor.join(10)
    assert (copies, store.reads) == (["rows at r1"] * 4, 1)


def test_a_failed_first_read_raises() -> None:
    store = Store()
    store.broken = True
    latest = Latest(store.read, lambda: store.revision)
    with pytest.raises(OSError, match="disk went away"):
        latest.get()
    assert not latest.ready()


def test_a_saved_copy_is_shown_at_once_while_the_store_is_read_behind() -> None:
    store = Store()
    store.hold.clear()
    behind: list[str] = []

    def read_behind(revision: str) -> str:
        behind.append(revision)
        return store.read(revision) + " (behind)"

    latest = Latest(
        store.read, lambda: store.revision, saved="rows saved earlier", read_behind=read_behind
    )
    assert latest.ready()
    copy = latest.get()
    assert (copy.value, copy.behind) == ("rows saved earlier", True)
    store.hold.set()
    assert latest.wait(10)
    copy = latest.get()
    assert (copy.revision, copy.value, copy.behind) == ("r1", "rows at r1 (behind)", False)
    assert behind == ["r1"]


def test_a_run_that_began_before_a_swap_still_gets_its_own_copy() -> None:
    store = Store()
    latest = Latest(store.read, lambda: store.revision, wait_at_most=60.0)
    with pytest.raises(LookupError):
        latest.at("r1")
    latest.get()
    store.revision = "r2"
    latest.get()
    assert (latest.at("r1"), latest.at("r2")) == ("rows at r1", "rows at r2")
    store.revision = "r3"
    latest.get()
    assert (latest.at("r2"), latest.at("r1")) == ("rows at r2", "rows at r3")  # r1: gone
