"""Geoparsing under a time budget, in worker processes that can be stopped.

A hostile or pathological article must not hang a batch or a server. Each
article is parsed in a child process; one that runs past its budget, or whose
process dies (out of memory, a crash in native code), is killed and reported
as failed with its reason, and a fresh worker takes the next article. The
caller's process stays free: the dashboard keeps serving other sessions.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from dashboard.model import ArticleResult, Override

DEFAULT_BUDGET_S = 60.0
BUDGET_ENV = "REELMAP_PARSE_BUDGET_S"  # seconds per article; tests and servers may lower it
START_TIMEOUT_S = 600.0  # loading spaCy and the gazetteer (building it, the first time)
_WARM_UP_TEXT = "The crew filmed in Oslo, Norway last week."

Outcome = tuple[ArticleResult | None, str | None]
K = TypeVar("K")


class WorkerStartError(RuntimeError):
    """No geoparser process could be started: the installation, not an article, is at fault."""


@dataclass(frozen=True)
class ParseJob:
    """One article to geoparse; `overrides` None means the pool's own rules."""

    text: str
    published: date | None = None
    headline: str = ""
    overrides: tuple[Override, ...] | None = None


def budget_from_env(default: float = DEFAULT_BUDGET_S) -> float:
    """The per-article budget: $REELMAP_PARSE_BUDGET_S when it is a positive number."""
    try:
        value = float(os.environ.get(BUDGET_ENV, ""))
    except ValueError:
        return default
    return value if value > 0 else default


class _Worker:
    """One child process and our end of its socket.

    A plain `python -m dashboard.budget` child, not `multiprocessing`: that one
    re-runs the parent's main script in the child, and under Streamlit the main
    script is the dashboard itself.
    """

    def __init__(self, rules: Sequence[Override]) -> None:
        ours, theirs = socket.socketpair()
        with ours, theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dashboard.budget", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C in a terminal is the parent's to handle
            )
            self.conn = Connection(ours.detach())
        try:
            self.conn.send(list(rules))
            ready = self.conn.poll(START_TIMEOUT_S)
            message = self.conn.recv() if ready else None
        except (EOFError, OSError):
            message = f"it exited while starting (exit code {self.exit_code()})"
        if message != "ready":
            self.stop()
            why = message or f"no answer within {START_TIMEOUT_S:.0f} s"
            raise WorkerStartError(f"the geoparser could not start: {why}")

    def exit_code(self) -> int | None:
        try:
            return self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.exit_code()
        self.conn.close()


class ParsePool:
    """Geoparser processes shared by threads; each parse waits at most `budget_s`
    (None: no limit, but still out of this process).

    Workers start on first use and are replaced after a timeout or a crash.
    Thread-safe: a dashboard can share one pool between sessions.
    """

    def __init__(
        self,
        workers: int = 1,
        budget_s: float | None = DEFAULT_BUDGET_S,
        rules: Sequence[Override] = (),
    ) -> None:
        self.workers = max(1, workers)
        self.budget_s = budget_s
        self._rules = tuple(rules)
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(self.workers):
            self._idle.put(None)  # a slot; its process starts when first needed
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker process (also those busy on an article)."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()

    def parse(self, job: ParseJob) -> Outcome:
        """(result, None), or (None, one-line reason) when the article failed."""
        worker = self._checkout()
        healthy = False
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.budget_s):
                return None, f"timed out: parsing took over the {self.budget_s:g} s budget"
            result, error = worker.conn.recv()
            healthy = True
            return result, error
        except (EOFError, OSError):
            code = worker.exit_code()
            why = " (killed: out of memory?)" if code == -signal.SIGKILL else ""
            return None, f"the geoparser process stopped on this article, exit code {code}{why}"
        finally:
            # a worker that overran or failed is replaced, whatever went wrong here
            if healthy:
                self._checkin(worker)
            else:
                self._discard(worker)

    def run(self, items: Iterable[tuple[K, ParseJob | str]]) -> Iterator[tuple[K, Outcome]]:
        """Parse in input order with all workers busy; a str instead of a job is a
        failure already known (passed through as the error)."""
        window: deque[tuple[K, Future[Outcome]]] = deque()
        with ThreadPoolExecutor(self.workers, thread_name_prefix="reelmap-parse") as threads:
            for key, job in items:
                if isinstance(job, str):
                    done: Future[Outcome] = Future()
                    done.set_result((None, job))
                    window.append((key, done))
                else:
                    window.append((key, threads.submit(self.parse, job)))
                if len(window) >= self.workers * 2:
                    first, future = window.popleft()
                    yield first, future.result()
            while window:
                first, future = window.popleft()
                yield first, future.result()

    def _checkout(self) -> _Worker:
        slot = self._idle.get()
        if slot is not None and slot.process.poll() is None:
            return slot
        try:
            worker = _Worker(self._rules)
        except BaseException:
            self._idle.put(None)  # give the slot back, or the next caller waits forever
            raise
        with self._lock:
            if self._closed:
                worker.stop()
                self._idle.put(None)
                raise WorkerStartError("the geoparser pool is closed")
            self._all.add(worker)
        return worker

    def _checkin(self, worker: _Worker) -> None:
        self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)
        self._idle.put(None)


def _serve(conn: Connection) -> None:
    """Worker main loop: load once, then parse each job sent until the socket closes."""
    rules: list[Override] = conn.recv()
    try:
        from dashboard.geoparse import default_parser

        parser = default_parser()
    except Exception as exc:  # tell the parent why, in one line, instead of dying silently
        conn.send(f"{type(exc).__name__}: {exc}".splitlines()[0])
        return
    _parse(parser, ParseJob(_WARM_UP_TEXT), rules)  # load lazily built parts before timing
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_parse(parser, job, rules))


def _parse(parser: Any, job: ParseJob, rules: list[Override]) -> Outcome:
    from dashboard.geoparse import ParseError

    overrides = rules if job.overrides is None else job.overrides
    try:
        return parser.parse(job.text, job.published, overrides, job.headline), None
    except ParseError as exc:
        return None, str(exc)
    except RecursionError:
        return None, "geoparser error: input nested too deeply"
    except MemoryError:
        return None, "geoparser error: out of memory on this article"
    except Exception as exc:  # a geoparser bug must not stop the batch: record it, go on
        return None, f"geoparser error: {type(exc).__name__}: {exc}".splitlines()[0]


if __name__ == "__main__":  # a worker process, started by _Worker
    _serve(Connection(int(sys.argv[1])))
