"""Snippets: a few lines of a case study around the words that matched.

The text comes from the database, not the index (storing the body in the
index would make it a third bigger, search-notes.md). Words are compared by
their index terms, with the same analyzer, so "melatih" marks "pelatihan".

The case study's own text comes first (summary, then sections). Only when
none of it holds a matching word are its visible comments looked at (the
caller loads them, for those hits only), and a passage from a comment is
labelled as such, so a colleague's words are not read as the author's.
Nothing matched anywhere (a title, tag or programme-name match): the start
of the summary.

Escaping: every piece of database text goes through ``markupsafe.escape``;
the only markup added is written here as string literals (``<mark>``, the
label's ``<span>``, the ellipsis), and ``Markup.__mod__`` escapes what is
put into them. There is no ``Markup(variable)`` anywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.models import SECTIONS, CaseStudy
from app.search.analyzer import TOKEN_PATTERN, term_of

SNIPPET_LENGTH = 240  # characters of text shown, about two lines
LEAD = 40  # characters shown before the first marked word
ELLIPSIS = Markup("…")  # a literal: nothing to escape

_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    term: str


def own_passage(case_study: CaseStudy, wanted: frozenset[str]) -> Markup | None:
    """The best passage of the summary or a section; None if none matches."""
    return _passage(_texts(case_study), wanted)


def comment_passage(comments: Sequence[str], wanted: frozenset[str]) -> Markup | None:
    """The best passage of the comments (sanitised HTML, oldest first),
    labelled as a comment; None if none matches."""
    found = _passage([_plain_text(html_) for html_ in comments], wanted)
    if found is None:
        return None
    return Markup('<span class="snippet-source">%s</span> ') % _("Komentar:") + found


def summary_start(case_study: CaseStudy) -> Markup:
    """What a hit shows when no text of it has a matching word."""
    return _plain(case_study.summary or "")


def _passage(texts: Sequence[str], wanted: frozenset[str]) -> Markup | None:
    """The window of the text with the most distinct wanted terms (the
    earliest text on a tie)."""
    if not wanted:
        return None
    best: tuple[int, str] | None = None
    for text in texts:
        found = len(_terms_in(text, wanted))
        if found and (best is None or found > best[0]):
            best = (found, text)
            if found == len(wanted):
                break  # no later text can have more
    if best is None:
        return None
    text = best[1]
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
    parts = [ELLIPSIS if start > 0 else Markup("")]
    position = start
    for match in matches:
        parts.append(escape(text[position : match.start]))
        # ``%`` on Markup escapes the word it puts between the tags.
        parts.append(Markup("<mark>%s</mark>") % text[match.start : match.end])
        position = match.end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(ELLIPSIS)
    return Markup("").join(parts)


def _plain(text: str) -> Markup:
    if len(text) <= SNIPPET_LENGTH:
        return escape(text)
    return escape(text[: _word_end(text, SNIPPET_LENGTH)]) + ELLIPSIS
