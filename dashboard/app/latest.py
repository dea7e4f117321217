"""The newest in-memory copy of something read from the store, kept fresh without waiting.

The map answers filters from an in-memory table of the store's map rows
(``store.snapshot.MapTable``), read once per store revision. A small store
is read again in the moment it changes. A big one takes seconds to read,
and a batch writing into it changes its revision every few seconds: waiting
for each new read would make every visit slow. So once a read has taken
longer than ``WAIT_AT_MOST`` seconds, a change is read in a background
thread while the previous copy is still shown, and the copy is swapped once
the new one is in. At most one read runs at a time; a read that fails keeps
the previous copy, and a request after ``RETRY_AFTER`` seconds tries again.

A copy saved by an earlier server (``saved``) is shown the same way: at once,
as behind, while the store is read again, since a saved file cannot prove
it is of this very store at this revision.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

WAIT_AT_MOST = 1.0  # seconds a request waits for a new read, judged by the last read
SAVED = "saved"  # the revision shown for a copy saved by an earlier server
RETRY_AFTER = 30.0  # seconds before a background read that failed is tried again
_log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Copy(Generic[T]):
    """What was read, at which store revision, and whether the store has moved on since."""

    revision: str
    value: T
    behind: bool = False


class Latest(Generic[T]):
    """What ``read`` makes of the store at its newest revision (``revision()``), or the
    last one read.

    Thread-safe: every Streamlit session of a server shares one.
    """

    def __init__(
        self,
        read: Callable[[str], T],
        revision: Callable[[], str],
        *,
        wait_at_most: float = WAIT_AT_MOST,
        saved: T | None = None,
        read_behind: Callable[[str], T] | None = None,
        retry_after: float = RETRY_AFTER,
    ) -> None:
        """``read(revision)`` reads the store, which is at ``revision``;
        ``read_behind(revision)`` reads it in the background instead (in another
        process, say, so the requests answered meanwhile keep the interpreter)."""
        self._read = read
        self._revision = revision
        self._wait_at_most = wait_at_most
        self._read_behind = read_behind
        self._retry_after = retry_after
        self._lock = threading.Lock()  # guards the fields below
        self._reading = threading.Lock()  # held by whoever is reading
        # A saved copy matches no revision, and counts as slow to read again.
        self._copy: Copy[T] | None = None if saved is None else Copy(SAVED, saved)
        self._previous: Copy[T] | None = None  # still asked for by runs that began before a swap
        self._last_read_s = 0.0 if saved is None else math.inf
        self._worker: threading.Thread | None = None
        self._failed_at = -math.inf  # when a background read last failed

    def get(self) -> Copy[T]:
        """The copy to show now: the store's current revision, unless reading it is slow
        and one is being read in the background (then the previous copy, ``behind``)."""
        now = self._revision()
        with self._lock:
            copy = self._copy
            if copy is not None and copy.revision == now:
                return copy
            waits = copy is None or self._last_read_s <= self._wait_at_most
            if not waits and copy is not None:
                self._start_worker(now)
                return Copy(copy.revision, copy.value, behind=True)
        return self._read_now(now)

    def at(self, revision: str) -> T:
        """The copy of ``revision`` if it is the newest or the one before (a run that began
        before a swap asks for its own); else the newest. Call ``get`` first."""
        with self._lock:
            copy, previous = self._copy, self._previous
        if copy is None:
            raise LookupError("nothing has been read yet")
        if previous is not None and previous.revision == revision:
            return previous.value
        return copy.value

    def ready(self) -> bool:
        """Whether a copy is in memory (so ``get`` will not wait for a slow first read)."""
        with self._lock:
            return self._copy is not None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a background read to end; True when none is running any more."""
        with self._lock:
            worker = self._worker
        if worker is not None:
            worker.join(timeout)
            return not worker.is_alive()
        return True

    def _read_now(self, revision: str) -> Copy[T]:
        with self._reading:  # a second request for the same revision waits for the first
            with self._lock:
                if self._copy is not None and self._copy.revision == revision:
                    return self._copy
            return self._store(revision)

    def _start_worker(self, revision: str) -> None:
        """Start a background read of ``revision`` unless one runs, or one failed only
        moments ago (caller holds _lock)."""
        if self._worker is not None and self._worker.is_alive():
            return
        if time.monotonic() - self._failed_at < self._retry_after:
            return
        self._worker = threading.Thread(
            target=self._read_quietly, args=(revision,), name="reelmap-latest", daemon=True
        )
        self._worker.start()

    def _read_quietly(self, revision: str) -> None:
        try:
            with self._reading:
                self._store(revision, self._read_behind or self._read)
        except Exception:  # a thread has nobody to raise to: keep the old copy, say why
            _log.exception("reading store revision %s failed; the last copy stays", revision)
            with self._lock:
                self._failed_at = time.monotonic()

    def _store(self, revision: str, read: Callable[[str], T] | None = None) -> Copy[T]:
        start = time.perf_counter()
        copy = Copy(revision, (read or self._read)(revision))
        with self._lock:
            self._previous, self._copy = self._copy, copy
            self._last_read_s = time.perf_counter() - start
        return copy
