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
from app.search.analyzer import TOKEN_PATTERN, term_of

SNIPPET_LENGTH = 240  # characters of text shown, about two lines
LEAD = 40  # characters shown before the first marked word
ELLIPSIS = "…"

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
    best: tuple[int, int, str] | None = None
    for rank, text in enumerate(_texts(case_study)):
        found = len(_terms_in(text, wanted)) if wanted else 0
        if found and (best is None or found > best[0]):
            best = (found, -rank, text)
            if found == len(wanted):
                break  # no later text can have more
    if best is None:
        return _plain(case_study.summary)
    text = best[2]
    return _render(text, _window(text, _matches(text, wanted)))


def _terms_in(text: str, wanted: frozenset[str]) -> set[str]:
    """Which wanted terms ``text`` contains: each distinct word is looked up
    once (a section repeats its words), with no positions."""
    return {term_of(word) for word in set(TOKEN_PATTERN.findall(text))} & wanted


def _texts(case_study: CaseStudy) -> list[str]:
    """The summary, then each section as plain text (from its sanitised HTML)."""
    sections = [getattr(case_study, f"{name}_html") or "" for name in SECTIONS]
    return [case_study.summary or ""] + [_plain_text(s) for s in sections]


def _plain_text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def _matches(text: str, wanted: frozenset[str]) -> list[_Match]:
    """The words of ``text`` whose index term is wanted. Tokenised like the
    analyzer, with each word's term from its cache (the full analyzer chain
    per token was 75 % of a search's time at 10,000 documents)."""
    found = []
    for match in TOKEN_PATTERN.finditer(text):
        term = term_of(match.group())
        if term in wanted:
            found.append(_Match(match.start(), match.end(), term))
    return found


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
