"""From what a user typed to a Whoosh query: words and "quoted phrases", nothing else.

Whoosh's own query parser understands ``field:value``, wildcards, ranges,
boosts and fuzzy tildes, which would let anyone write ``status:draft`` or a
query that walks the whole term list. None of that is needed, so there is no
query parser here: the text is cut into quoted phrases and words by the
analyzer's own tokenizer (which keeps only letters and digits, joined by
``-`` or ``.``), and the query is built from those terms directly. Anything
else a user types (``:``, ``*``, ``?``, ``~``, ``^``, brackets, stray quotes)
is punctuation between words.

Scoring (``ranking``): each word (or phrase) is looked for in every text
field (comments too, weighted far below the case study's own text), scored
BM25F with the field boosts of the schema; words are OR-ed, and
a document's score is multiplied by the *square* of the share of the query's
words it contains (Lucene's classic "coord", squared): with two words, a
document with one of them keeps a quarter of its score, so a document with
both ranks above one that repeats a single word in its title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.search.analyzer import IndonesianAnalyzer

MAX_QUERY_LENGTH = 256  # characters kept of what the user typed
MAX_ITEMS = 16  # distinct words and phrases searched; the rest are ignored
COORD_POWER = 2  # the bonus for matching more of the query's words
SEARCH_FIELDS = ("title", "summary", "body", "tags", "context")  # its own text
COMMENT_FIELD = "comments"  # scored apart, for little (ranking.py)

# Control and format characters (NUL, bidi overrides, zero-width), lone
# surrogates, private-use and unassigned code points: never part of a word.
_DROPPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»＂"})
_PHRASE = re.compile(r'"([^"]*)"')

_analyzer = IndonesianAnalyzer()


def clean_query(text: str) -> str:
    """Drop what is not text, normalise width and spaces; no length limit."""
    text = "".join(" " if ch.isspace() else ch for ch in text if not _dropped(ch))
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(ch for ch in text if not _dropped(ch))
    return " ".join(text.split())


def _dropped(ch: str) -> bool:
    return ch == "\ufffd" or unicodedata.category(ch) in _DROPPED and not ch.isspace()


def cut_query(text: str) -> str:
    """At most ``MAX_QUERY_LENGTH`` characters, cut at a space when possible."""
    if len(text) <= MAX_QUERY_LENGTH:
        return text
    cut = text[:MAX_QUERY_LENGTH]
    if text[MAX_QUERY_LENGTH] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.strip()


@dataclass(frozen=True)
class Word:
    """A word as typed (lowercase) and its index term."""

    text: str
    term: str
    start: int  # where it is in the query string, for rewriting it
    end: int


@dataclass(frozen=True)
class Item:
    """One thing to look for: a phrase (its terms in order), or a word (one
    term, or several alternatives for a misspelt word)."""

    terms: tuple[str, ...]
    phrase: bool = False
    slop: int = 1  # for phrases: positions allowed between neighbours


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    words: tuple[Word, ...]  # the free words (not in phrases), in order
    items: tuple[Item, ...]

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(term for item in self.items for term in item.terms)

    def __bool__(self) -> bool:
        return bool(self.items)


def parse(text: str) -> ParsedQuery:
    """Words and balanced ``"phrases"`` of a cleaned query; a lone ``"`` is a space."""
    items: list[Item] = []
    for match in _PHRASE.finditer(text):
        item = _phrase(match.group(1))
        if item is not None:
            items.append(item)
    rest = _PHRASE.sub(lambda m: " " * len(m.group(0)), text).replace('"', " ")
    words = tuple(_words(rest))
    items.extend(Item((word.term,)) for word in words)
    return ParsedQuery(text, words, tuple(_unique(items))[:MAX_ITEMS])


def _words(text: str) -> Iterable[Word]:
    for token in _analyzer(text, chars=True, mode="query"):
        raw = text[token.startchar : token.endchar].lower()
        yield Word(raw, token.text, token.startchar, token.endchar)


def _phrase(text: str) -> Item | None:
    tokens = [(t.text, t.pos) for t in _analyzer(text, positions=True, mode="query")]
    if not tokens:
        return None
    # Stopwords leave gaps in positions ("pelayanan di puskesmas"): allow them.
    gaps = [b[1] - a[1] for a, b in zip(tokens, tokens[1:], strict=False)]
    words = tuple(term for term, _pos in tokens)
    return Item(words, phrase=len(words) > 1, slop=max(gaps, default=1))


def _unique(items: list[Item]) -> Iterable[Item]:
    seen: set[Item] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item
