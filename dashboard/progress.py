"""Progress of long commands: a bar on a terminal, a plain log line every few seconds elsewhere.

A bar's carriage returns and escape codes make a log file or a CI page
unreadable, so they are drawn only when the stream is a terminal.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from tqdm import tqdm

LOG_EVERY_S = 5.0


class Progress:
    """Counts done items; `total` may grow as files turn out to hold several articles."""

    def __init__(
        self,
        desc: str,
        unit: str,
        total: int | None = None,
        *,
        enabled: bool = True,
        stream: TextIO | None = None,
        every_s: float = LOG_EVERY_S,
    ) -> None:
        self.stream = stream or sys.stderr
        self.desc, self.unit, self.total = desc, unit, total
        self.done = 0
        self.enabled = enabled
        self._every_s = every_s
        self._last = time.monotonic()
        self._postfix: dict[str, Any] = {}
        self._bar: tqdm | None = None
        if enabled and _is_terminal(self.stream):
            self._bar = tqdm(
                total=total, desc=desc, unit=f" {unit}", file=self.stream, dynamic_ncols=True
            )

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add_total(self, extra: int) -> None:
        if self.total is None or extra == 0:
            return
        self.total += extra
        if self._bar is not None:
            self._bar.total = self.total
            self._bar.refresh()

    def update(self, count: int = 1, **postfix: Any) -> None:
        self.done += count
        self._postfix.update(postfix)
        if self._bar is not None:
            self._bar.update(count)
            if postfix:
                self._bar.set_postfix(self._postfix, refresh=False)
        elif self.enabled and time.monotonic() - self._last >= self._every_s:
            self._last = time.monotonic()
            print(self.line(), file=self.stream, flush=True)

    def line(self) -> str:
        """The log line written when the stream is not a terminal."""
        of = f"/{self.total:,}" if self.total is not None else ""
        extra = "".join(f", {value} {key}" for key, value in self._postfix.items())
        return f"reelmap: {self.desc}: {self.done:,}{of} {self.unit}s{extra}"

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        return False
