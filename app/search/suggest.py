"""Did you mean ("Mungkin maksud Anda"): suggestions, and typo-tolerant matching.

Suggestions come from the ``words`` field: the lowercase, unstemmed words of
each case study's title, summary and tags (body words were measured too: +55 %
build time for the index, docs/search.md). A word is *likely misspelt* when a
word one edit away (two for long words) is at least ``RATIO`` times as common,
counting documents by index term, so "pelayaan" (0) becomes "pelayanan" and
"kordinasi" becomes "koordinasi", while a rare word that exists is left alone
unless a far more common neighbour exists.

Typo tolerance: a word whose term matches no document at all adds nothing to
the query, so it is replaced, automatically, by its suggestion, or failing
that by the index terms one or two edits from its stem (which covers words
that appear only in section text). The page says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh.reading import IndexReader

from app.search.analyzer import terms
from app.search.parser import COMMENT_FIELD, SEARCH_FIELDS, Item, ParsedQuery, Word

WORDS_FIELD = "words"
RATIO = 10  # a suggestion must be this many times more common than the word
MIN_LENGTH = 4  # shorter words get no suggestion
FUZZY_MIN_LENGTH = 5  # shorter words are not searched with similar spellings
FUZZY_TERMS = 3  # index terms used, at most, for a word that matches nothing
COMMON_SHARE = 0.01  # a word in more than 1 % of documents is taken as spelt right


@dataclass
class Correction:
    suggestion: str | None = None  # the whole query, corrected
    replaced: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # word as typed -> index terms searched instead (it matched nothing)

    @property
    def tolerant(self) -> bool:
        return bool(self.replaced)


def correct(reader: IndexReader, parsed: ParsedQuery) -> Correction:
    """Suggestions for ``parsed`` and replacements for words that match nothing."""
    result = Correction()
    spelled: dict[Word, str] = {}
    common = reader.doc_count() * COMMON_SHARE
    for word in _correctable(parsed.words):
        frequency = _term_frequency(reader, word.term)
        if frequency > common:
            continue  # a word this common is no typo: save the look-up
        better = _suggest(reader, word, frequency)
        if better is not None:
            spelled[word] = better
        if frequency == 0 and (better or len(word.text) >= FUZZY_MIN_LENGTH):
            alternatives = _alternatives(reader, word, better)
            if alternatives:
                result.replaced[word.text] = alternatives
    if spelled:
        result.suggestion = _rewrite(parsed, spelled)
    return result


def tolerant_query(parsed: ParsedQuery, correction: Correction) -> ParsedQuery:
    """``parsed`` with each replaced word searched as its alternatives."""
    if not correction.tolerant:
        return parsed
    items = []
    for item in parsed.items:
        word = next((w for w in parsed.words if (w.term,) == item.terms), None)
        if word is not None and word.text in correction.replaced and not item.phrase:
            item = Item(correction.replaced[word.text], phrase=False)
        items.append(item)
    return ParsedQuery(parsed.text, parsed.words, tuple(items))


def _correctable(words: Iterable[Word]) -> Iterable[Word]:
    seen: set[str] = set()
    for word in words:
        if word.text in seen or len(word.text) < MIN_LENGTH:
            continue
        seen.add(word.text)
        if word.text.isalpha():
            yield word


# A word found only in comments is no typo either: it must not be replaced.
_COUNTED_FIELDS = (*SEARCH_FIELDS, COMMENT_FIELD)


def _term_frequency(reader: IndexReader, term: str) -> int:
    """Documents with ``term`` in some text field (the largest field count).

    An index built before comments were indexed has no such field (Whoosh
    raises for it) until ``flask search reindex``.
    """
    return max(
        reader.doc_frequency(name, term)
        for name in _COUNTED_FIELDS
        if name in reader.schema
    )


def _suggest(reader: IndexReader, word: Word, frequency: int) -> str | None:
    """The most common known word within one edit (two for long words that
    match nothing)."""
    if WORDS_FIELD not in reader.schema:
        return None  # an index built before this field: `flask search reindex`
    long_unknown = len(word.text) >= 7 and frequency == 0
    for distance in (1, 2) if long_unknown else (1,):
        candidates = []
        for candidate in reader.terms_within(WORDS_FIELD, word.text, distance, 1):
            stems = terms(candidate)
            if candidate == word.text or not stems or stems[0] == word.term:
                continue
            found = _term_frequency(reader, stems[0])
            if found >= max(1, frequency * RATIO):
                candidates.append((found, candidate))
        if candidates:
            return max(candidates)[1]
    return None


def _alternatives(
    reader: IndexReader, word: Word, suggestion: str | None
) -> tuple[str, ...]:
    if suggestion is not None:
        return tuple(terms(suggestion)[:1])
    distance = 2 if len(word.term) >= 7 else 1
    found: dict[str, int] = {}
    for name in ("title", "summary", "body", "tags"):
        for term in reader.terms_within(name, word.term, distance, 1):
            found[term] = max(found.get(term, 0), reader.doc_frequency(name, term))
    best = sorted(found, key=lambda t: (-found[t], t))
    return tuple(best[:FUZZY_TERMS])


def _rewrite(parsed: ParsedQuery, spelled: dict[Word, str]) -> str:
    """The query as typed, each misspelt word (every occurrence) replaced."""
    by_text = {word.text: better for word, better in spelled.items()}
    out, position = [], 0
    for word in parsed.words:
        better = by_text.get(word.text)
        if better is not None:
            out.append(parsed.text[position : word.start])
            out.append(better)
            position = word.end
    out.append(parsed.text[position:])
    return "".join(out)
