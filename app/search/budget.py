"""A time budget for one search, so that no query runs for more than ~2 seconds.

Queries are already bounded (256 characters, 16 words or phrases), but
several phrases over a large index can still take seconds: their word
positions are checked in pure-Python Whoosh. Ranking looks at the clock
before each word or phrase and every 1,024 phrase candidates, and stops when
the budget is spent; the results then say ``partial`` and count what was
found in time.
"""

from __future__ import annotations

import time

from flask import current_app

DEFAULT_LIMIT = 1.5  # seconds; SEARCH_TIME_LIMIT overrides


class Deadline:
    def __init__(self, seconds: float | None = None) -> None:
        if seconds is None:
            seconds = float(current_app.config.get("SEARCH_TIME_LIMIT", DEFAULT_LIMIT))
        self.end = time.monotonic() + seconds
        self.missed = False

    def passed(self) -> bool:
        if time.monotonic() >= self.end:
            self.missed = True
        return self.missed
