"""A time budget for one search, so that no query runs for more than ~2 seconds.

Queries are already bounded (256 characters, 16 words or phrases), but OR-ing
many common words, or several phrases, over a large index can still take
seconds in pure-Python Whoosh. Collecting the matching documents and ranking
them both check the clock and stop when the budget is spent; the results then
say ``partial`` and count what was found in time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from flask import current_app
from whoosh.collectors import Collector, FilterCollector, TimeLimit, WrappingCollector
from whoosh.searching import Searcher

DEFAULT_LIMIT = 1.5  # seconds; SEARCH_TIME_LIMIT overrides
CHECK_EVERY = 64  # documents between two looks at the clock


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


class DeadlineCollector(WrappingCollector):
    """Stops collecting (``TimeLimit``) once the deadline has passed; what was
    collected stays available through ``results()``.

    Checks the clock while *finding* documents, so it also stops a search
    whose candidates a ``FilterCollector`` around it keeps rejecting.
    """

    def __init__(self, child: Collector, deadline: Deadline) -> None:
        super().__init__(child)
        self.deadline = deadline

    def matches(self) -> Iterator[int]:
        passed = self.deadline.passed
        for n, sub_docnum in enumerate(self.child.matches(), 1):
            yield sub_docnum
            if n % CHECK_EVERY == 0 and passed():
                raise TimeLimit

    def collect_matches(self) -> None:
        collect = self.child.collect
        for sub_docnum in self.matches():
            collect(sub_docnum)


def timed_collector(
    searcher: Searcher, deadline: Deadline, limit: int, allow: set[int] | None
) -> Collector:
    """Top ``limit`` by score, only ``allow`` (if given), within the deadline."""
    collector: Collector = DeadlineCollector(searcher.collector(limit=limit), deadline)
    if allow is not None:
        collector = FilterCollector(collector, allow=allow)
    return collector
