"""Matching and BM25F ranking over whole posting lists at once.

The same scores Whoosh's ``BM25F`` gives (B 0.75, K1 1.2, field boosts in the
posting weights, idf and average lengths over the whole index), computed per
posting list with NumPy instead of per document in Python: one pass gives
every matching document *and* its score, so the facet counts and the page of
results come from the same work. The coordination bonus is applied to the
arrays: a document's score is multiplied by the square of the share of the
query's items (words or phrases) it contains (``parser.COORD_POWER``).

Comments (``COMMENT_FIELD``) are scored the same way but count for little:
their score is multiplied by ``COMMENTS_WEIGHT`` and they do not count towards
the share of the query a document matches, unless nothing of its own text
matched. So a word in a comment lifts a case study a little above an
otherwise equal one, and a case study found only through its comments still
appears, below those whose own text has the words.

A phrase is a posting-list intersection whose word positions are then
compared as arrays (the positions of only those documents are decoded); the
documents it finds are cached per segment like the posting lists, and score
as the sum of the phrase's words, as in Whoosh.
Measured in docs/performance.md ("What each query change bought").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from app.search.budget import Deadline
from app.search.parser import (
    COMMENT_FIELD,
    COORD_POWER,
    SEARCH_FIELDS,
    Item,
    ParsedQuery,
)
from app.search.postings import (
    POSITION_SPAN,
    cached,
    field_lengths,
    positions,
    postings,
    remember,
)
from app.search.schema import COMMENTS_WEIGHT

K1 = 1.2  # Whoosh's BM25F defaults, which the relevance set was judged with
B = 0.75


@dataclass
class Ranked:
    matched: np.ndarray  # bool by document number; deleted documents False
    scores: np.ndarray  # float64 by document number; 0 where not matched


def leaves(searcher: Searcher) -> list[tuple[Searcher, int]]:
    """(segment searcher, first document number) of each segment."""
    return [
        (leaf, offset)
        for leaf, offset in searcher.leaf_searchers()
        if leaf.reader().segment() is not None
    ]


def live(searcher: Searcher) -> np.ndarray:
    """True for every document number that is not deleted."""
    mask = np.ones(searcher.doc_count_all(), dtype=bool)
    for leaf, offset in leaves(searcher):
        reader = leaf.reader()
        if reader.has_deletions():
            deleted = np.fromiter(_deleted(reader), dtype=np.int64)
            mask[deleted + offset] = False
    return mask


def _deleted(reader) -> Iterable[int]:  # noqa: ANN001
    found = getattr(reader, "deleted_docs_set", None)
    if found is not None:
        return found
    return (d for d in range(reader.doc_count_all()) if reader.is_deleted(d))


def rank(
    searcher: Searcher, parsed: ParsedQuery, deadline: Deadline | None = None
) -> Ranked:
    """Every document matching any item of ``parsed``, with its score.

    When the deadline passes, the items not looked at yet are left out and
    ``deadline.missed`` says so.
    """
    count = searcher.doc_count_all()
    scores = np.zeros(count, dtype=np.float64)
    found = np.zeros(count, dtype=np.int32)  # items matched in own text
    commented = None  # the same for comments, once one matches
    segments = leaves(searcher)
    for item in parsed.items:
        if deadline is not None and deadline.passed():
            break
        in_item = np.zeros(count, dtype=bool)
        for field in SEARCH_FIELDS:
            _add_item(searcher, segments, field, item, scores, in_item, deadline)
        found += in_item
        in_comments = np.zeros(count, dtype=bool)
        _add_item(
            searcher,
            segments,
            COMMENT_FIELD,
            item,
            scores,
            in_comments,
            deadline,
            weight=COMMENTS_WEIGHT,
        )
        if in_comments.any():
            if commented is None:
                commented = np.zeros(count, dtype=np.int32)
            commented += in_comments
    if commented is not None:
        # Only a case study found through its comments alone is measured by
        # how much of the query they hold.
        found = np.where(found > 0, found, commented)
    matched = (found > 0) & live(searcher)
    items = len(parsed.items)
    if items > 1:
        scores *= (found / items) ** COORD_POWER
    scores[~matched] = 0.0
    return Ranked(matched, scores)


def _add_item(
    searcher: Searcher,
    segments: list[tuple[Searcher, int]],
    field: str,
    item: Item,
    scores: np.ndarray,
    in_item: np.ndarray,
    deadline: Deadline | None,
    weight: float = 1.0,
) -> None:
    """Add ``item``'s score in ``field`` (times ``weight``), mark where found."""
    if item.phrase:
        docs = phrase_docs(segments, field, item, deadline)
        if not docs.size:
            return
        for term in item.terms:  # a phrase scores as the sum of its words
            _add_term(searcher, segments, field, term, scores, in_item, docs, weight)
    else:
        for term in item.terms:
            _add_term(searcher, segments, field, term, scores, in_item, weight=weight)


def _add_term(
    searcher: Searcher,
    segments: list[tuple[Searcher, int]],
    field: str,
    term: str,
    scores: np.ndarray,
    in_item: np.ndarray,
    only: np.ndarray | None = None,
    weight: float = 1.0,
) -> None:
    """Add ``term``'s BM25 score in ``field`` times ``weight`` (for the
    documents in ``only``, if given) and mark the documents it was found in."""
    idf = avg = None
    for leaf, offset in segments:
        found = postings(leaf.reader(), field, term)
        if not found.ids.size:
            continue
        ids = found.ids + offset
        weights = found.weights
        lengths = field_lengths(leaf.reader(), field)[found.ids]
        if only is not None:
            keep = np.isin(ids, only, assume_unique=True)
            ids, weights, lengths = ids[keep], weights[keep], lengths[keep]
        if idf is None:
            idf = searcher.idf(field, term)
            avg = searcher.avg_field_length(field) or 1
        scores[ids] += (weight * idf) * (
            (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avg))
        )
        in_item[ids] = True


def phrase_docs(
    segments: list[tuple[Searcher, int]],
    field: str,
    item: Item,
    deadline: Deadline | None = None,
) -> np.ndarray:
    """Document numbers (ascending) with ``item``'s words in order in ``field``."""
    parts = []
    for leaf, offset in segments:
        key = ("phrase", leaf.reader().segment().segment_id(), field, item)
        docs = cached(key)
        if docs is None:
            docs, complete = _segment_phrase(leaf, field, item, deadline)
            if not complete:
                parts.append(docs + offset)
                break  # out of time: what was found so far
            remember(key, docs, docs.nbytes + 100)
        parts.append(docs + offset)
    return np.concatenate(parts) if parts else np.empty(0, np.int64)


def _segment_phrase(
    leaf: Searcher, field: str, item: Item, deadline: Deadline | None
) -> tuple[np.ndarray, bool]:
    """Segment-local document numbers where ``item``'s words follow each other
    in order, each within ``item.slop`` positions of the one before (what
    Whoosh's ``Phrase`` matches), found with array operations."""
    reader = leaf.reader()
    lists = [postings(reader, field, term) for term in item.terms]
    candidates = lists[0].ids
    for found in lists[1:]:
        candidates = np.intersect1d(candidates, found.ids, assume_unique=True)
    if not candidates.size:
        return candidates, True
    chain = None
    for term, found in zip(item.terms, lists, strict=True):
        if deadline is not None and deadline.passed():
            return candidates[:0], False
        select = np.searchsorted(found.ids, candidates)
        keys = positions(reader, field, term, select)
        if chain is None:
            chain = keys
            continue
        # ``keys`` is sorted (by document, then position): look each candidate
        # up by binary search rather than hashing both arrays.
        hits = [_present(chain + gap, keys) for gap in range(1, item.slop + 1)]
        chain = hits[0] if len(hits) == 1 else np.unique(np.concatenate(hits))
        if not chain.size:
            break
    owners = chain // POSITION_SPAN  # sorted: each run is one document
    docs = owners[np.r_[True, owners[1:] != owners[:-1]]] if owners.size else owners
    return candidates[docs], True


def _present(wanted: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The values of ``wanted`` that are in the sorted array ``keys``."""
    if not keys.size:
        return wanted[:0]
    at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
    return wanted[keys[at] == wanted]


def top(scores: np.ndarray, docs: np.ndarray, limit: int) -> np.ndarray:
    """The ``limit`` best of ``docs`` by score, ties by document number (as
    Whoosh orders them)."""
    if limit <= 0 or not docs.size:
        return docs[:0]
    candidates = docs
    if docs.size > limit:
        # Every document scoring at least the limit-th best score (ties too).
        cutoff = np.partition(scores[docs], docs.size - limit)[docs.size - limit]
        candidates = docs[scores[docs] >= cutoff]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:limit]
