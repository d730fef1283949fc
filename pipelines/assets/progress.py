"""Progress of a long extraction: documents done of the total, the rate and
the time left, as one log line every few seconds. The CLI shows these lines
on a terminal only (see cli.py); the Dagster UI shows them in the run log."""

from __future__ import annotations

import time
from collections.abc import Callable

# Marks a log line as progress, so a printer can tell it from other news.
PREFIX = "extraction progress: "


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


class Progress:
    """Counts finished documents; ``step`` returns a line to log at most once
    every ``every`` seconds, and always for the last document."""

    def __init__(self, total: int, every: float = 5.0, clock: Callable[[], float] = time.monotonic):
        self.total, self.every, self.clock = total, every, clock
        self.done = 0
        self.started = self.last = clock()

    def step(self) -> str | None:
        self.done += 1
        now = self.clock()
        if now - self.last < self.every and self.done < self.total:
            return None
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        return f"{PREFIX}{self.done}/{self.total} documents, {rate:.1f}/s, about {_duration(left)} left"
