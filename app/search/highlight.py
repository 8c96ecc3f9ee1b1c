"""Snippets: a few lines of a case study around the words that matched.

The text comes from the database, not the index (storing the body in the
index would make it a third bigger, search-notes.md). Words are compared by
their index terms, with the same analyzer, so "melatih" marks "pelatihan".
Every piece of text is escaped; only the ``<mark>`` tags are markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from app.models import SECTIONS, CaseStudy
from app.search.analyzer import IndonesianAnalyzer

SNIPPET_LENGTH = 240  # characters of text shown, about two lines
LEAD = 40  # characters shown before the first marked word
ELLIPSIS = "…"

_analyzer = IndonesianAnalyzer()
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    term: str


def snippet(case_study: CaseStudy, terms: Iterable[str]) -> Markup:
    """The best passage of the summary or a section, matching words marked.

    Without any matching word (the match was in the title, a tag or the
    programme's name), the start of the summary.
    """
    wanted = frozenset(terms)
    best: tuple[int, int, str, list[_Match]] | None = None
    for rank, text in enumerate(_texts(case_study)):
        matches = _matches(text, wanted) if wanted else []
        if not matches:
            continue
        found = len({m.term for m in matches})
        if best is None or found > best[0]:
            best = (found, -rank, text, matches)
    if best is None:
        return _plain(case_study.summary)
    _found, _rank, text, matches = best
    return _render(text, _window(text, matches))


def _texts(case_study: CaseStudy) -> list[str]:
    """The summary, then each section as plain text (from its sanitised HTML)."""
    sections = [getattr(case_study, f"{name}_html") or "" for name in SECTIONS]
    return [case_study.summary or ""] + [_plain_text(s) for s in sections]


def _plain_text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def _matches(text: str, wanted: frozenset[str]) -> list[_Match]:
    return [
        _Match(token.startchar, token.endchar, token.text)
        for token in _analyzer(text, chars=True, mode="query")
        if token.text in wanted
    ]


def _window(text: str, matches: list[_Match]) -> tuple[int, int, list[_Match]]:
    """The ``SNIPPET_LENGTH`` characters with the most distinct matching terms
    (then the most matches, then the earliest)."""
    best_key, best = None, (0, 0)
    last = 0
    for first in range(len(matches)):
        limit = matches[first].start + SNIPPET_LENGTH - LEAD
        last = max(last, first)
        while last + 1 < len(matches) and matches[last + 1].end <= limit:
            last += 1
        inside = matches[first : last + 1]
        key = (len({m.term for m in inside}), len(inside))
        if best_key is None or key > best_key:
            best_key, best = key, (first, last)
    first, last = best
    start = _word_start(text, matches[first].start - LEAD)
    end = _word_end(text, start + SNIPPET_LENGTH)
    end = max(end, matches[last].end)
    return start, end, [m for m in matches if m.start >= start and m.end <= end]


def _word_start(text: str, position: int) -> int:
    if position <= 0:
        return 0
    space = text.find(" ", position)
    return space + 1 if space != -1 else position


def _word_end(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position)
    return space if space > 0 else position


def _render(text: str, window: tuple[int, int, list[_Match]]) -> Markup:
    start, end, matches = window
    parts = [Markup(ELLIPSIS) if start > 0 else Markup("")]
    position = start
    for match in matches:
        parts.append(escape(text[position : match.start]))
        parts.append(Markup("<mark>%s</mark>") % text[match.start : match.end])
        position = match.end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(Markup(ELLIPSIS))
    return Markup("").join(parts)


def _plain(text: str) -> Markup:
    if len(text) <= SNIPPET_LENGTH:
        return escape(text)
    return escape(text[: _word_end(text, SNIPPET_LENGTH)]) + Markup(ELLIPSIS)
