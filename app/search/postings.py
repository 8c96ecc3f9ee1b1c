"""Posting lists and field lengths of a segment as NumPy arrays, cached.

Whoosh's matchers hand out one posting at a time to Python code: at 100,000
documents a common word has tens of thousands of postings per field, and
walking, scoring and collecting them one by one was most of a query's time
(docs/performance.md). Here a posting list is decoded block by block straight
into two arrays (document numbers, weights), which the ranking then scores
all at once.

Segments never change once written (only their deletions do, which callers
mask out), so the arrays are cached by segment id, field and term, up to
``CACHE_BYTES``: a word searched again costs nothing to read. This reads
Whoosh 3 codec internals (``W3LeafMatcher`` blocks, ``_LenField`` columns);
``tests/test_search_ranking.py`` compares the result with Whoosh's own
matchers and scores, so an upgrade that changes them fails there.

Why ``pickle`` is safe here (bandit B301/B403): the bytes unpickled are
Whoosh's own posting blocks, which Whoosh writes with ``pickle.dumps`` and
reads back with ``pickle.loads`` itself (``W3LeafMatcher._read_data``, and
the table of contents with the schema every time an index is opened). There
is no other format to read them in. They come only from the index folder,
which this app's processes create and write (``SEARCH_INDEX_DIR``, on local
disk, owned by the app's user; never uploaded, downloaded or shared). Anyone
able to write there could already run code through Whoosh's own reads, so
these reads open no new way in; nothing a user sends is ever unpickled.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass

# Safe: only Whoosh's own bytes from our own index folder (module docstring).
from pickle import loads  # nosec B403

import numpy as np
from whoosh.codec.whoosh3 import _INT_SIZE, LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.util.numeric import byte_to_length

CACHE_BYTES = 96 * 1024 * 1024  # per process
POSITION_SPAN = 1 << 32  # above any word position in a field
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)

_lock = threading.Lock()
_cache: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
_cached_bytes = 0


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment: segment-local document numbers
    (ascending, deleted documents included) and their weights (term
    frequency times the field's boost)."""

    ids: np.ndarray  # int64
    weights: np.ndarray  # float64


EMPTY = Postings(np.empty(0, np.int64), np.empty(0, np.float64))


def postings(reader, field: str, term: str) -> Postings:  # noqa: ANN001
    """``term``'s postings in ``field`` of one segment reader."""
    key = ("p", reader.segment().segment_id(), field, term)
    found = cached(key)
    if found is not None:
        return found
    btext = term.encode("utf-8")
    if (field, btext) not in reader:
        return EMPTY
    info = reader._terms.term_info(field, btext)
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()
        ids_arr = np.asarray(ids, dtype=np.int64)
        weights_arr = _weights(weights, len(ids_arr))
    else:
        ids_arr, weights_arr = _read_blocks(reader, field, info)
    result = Postings(ids_arr, weights_arr)
    remember(key, result, ids_arr.nbytes + weights_arr.nbytes)
    return result


def _block_matcher(reader, field: str, info) -> W3LeafMatcher:  # noqa: ANN001
    """Whoosh's reader of one term's posting blocks, walked block by block here."""
    offset, length = info.extent()
    return W3LeafMatcher(
        reader._terms._postfile, offset, length, reader.schema[field].format
    )


def _read_blocks(reader, field: str, info) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
    matcher = _block_matcher(reader, field, info)
    id_blocks: list[np.ndarray] = []
    weight_blocks: list[np.ndarray] = []
    while matcher.is_active():
        raw_ids, raw_weights = _ids_and_weights(matcher)
        ids = np.asarray(raw_ids, dtype=np.int64)
        id_blocks.append(ids if matcher._byteids else np.cumsum(ids))
        weight_blocks.append(_weights(raw_weights, matcher._blocklength))
        matcher._next_block()
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)


# Whoosh pickles a block as (ids, weights, values) with protocol 2, which
# writes each value (a posting's positions, as bytes) as a call to
# ``_codecs.encode``: two thirds of the time to read a block. Ranking needs no
# positions, so the pickle is cut where the values start and closed with an
# empty tuple. The cut is checked (lengths must match the block's); anything
# unexpected falls back to the whole pickle.
_VALUES_START = b"(c_codecs\nencode\n"
_EMPTY_VALUES_AND_STOP = b")\x87."  # EMPTY_TUPLE, TUPLE3, STOP


def _ids_and_weights(matcher: W3LeafMatcher) -> tuple:
    datalen = matcher._nextoffset - matcher._dataoffset
    raw = matcher._postfile.get(matcher._dataoffset, datalen)
    if matcher._compression:
        raw = zlib.decompress(raw)
    cut = raw.find(_VALUES_START)
    if cut > 0:
        try:
            # Whoosh's own block, from our own index folder (module docstring).
            ids, weights, _none = loads(raw[:cut] + _EMPTY_VALUES_AND_STOP)  # nosec B301
        except Exception:  # noqa: BLE001 - a cut in the wrong place
            ids = weights = None
        count = matcher._blocklength
        if (
            ids is not None
            and len(ids) == count
            and (weights is None or isinstance(weights, float) or len(weights) == count)
        ):
            return ids, weights
    # Whoosh's own block, from our own index folder (module docstring).
    ids, weights, _values = loads(raw)  # nosec B301
    return ids, weights


def _weights(raw, count: int) -> np.ndarray:  # noqa: ANN001
    if raw is None:
        return np.ones(count, dtype=np.float64)
    if isinstance(raw, float):
        return np.full(count, raw, dtype=np.float64)
    return np.asarray(raw, dtype=np.float64)


def positions(reader, field: str, term: str, select: np.ndarray) -> np.ndarray:  # noqa: ANN001
    """Word positions of the postings at indexes ``select`` (ascending) of
    ``term``'s posting list, as ``index_in_select * POSITION_SPAN + position``.

    Only the selected postings are decoded (each is a small pickle, the cost
    of a phrase search), so a phrase pays for the documents that have all
    its words, not for every posting of each word.
    """
    btext = term.encode("utf-8")
    info = reader._terms.term_info(field, btext)
    if info.is_inlined():
        values = info.inlined_postings()[2]
        chosen = ((n, values[i]) for n, i in enumerate(select.tolist()))
    else:
        chosen = _selected_values(reader, field, info, select)
    numbers: list[int] = []
    values: list[bytes] = []
    for n, value in chosen:
        numbers.append(n)
        values.append(value)
    if not values:
        return np.empty(0, dtype=np.int64)
    counts, flat = decode_deltas(values)
    # Positions are stored as deltas within each posting: a running sum over
    # all of them, less the sum before each posting's first delta.
    running = np.cumsum(flat)
    firsts = np.cumsum(counts) - counts
    before = np.repeat(running[firsts] - flat[firsts], counts)
    owners = np.repeat(np.asarray(numbers, dtype=np.int64), counts)
    return owners * POSITION_SPAN + (running - before)


# A posting's value in a positions field: a 4-byte count, then the list of
# position deltas pickled with protocol 2. When every delta is below 256 (the
# usual case) the pickle is a fixed frame around one byte per delta:
# ``80 02 5D 71 00 28 (4B dd)* 65 2E`` for two or more, ``80 02 5D 71 00 4B dd
# 61 2E`` for one. Those are read with array operations; anything else
# (larger gaps, other pickles) with ``pickle.loads``.
_MANY_HEAD = b"\x80\x02]q\x00("
_ONE_HEAD = b"\x80\x02]q\x00K"


def decode_deltas(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(number of positions per value, all their deltas in order)."""
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    buffer = np.frombuffer(b"".join(values), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    head = buffer[starts[:, None] + np.arange(_INT_SIZE)].astype(np.int64)
    counts = (head[:, 0] << 24) | (head[:, 1] << 16) | (head[:, 2] << 8) | head[:, 3]
    many = (counts >= 2) & (lengths == _INT_SIZE + len(_MANY_HEAD) + 2 * counts + 2)
    one = (counts == 1) & (lengths == _INT_SIZE + len(_ONE_HEAD) + 1 + 2)
    fast = many | one
    # Check the frames' fixed bytes where the fast path is taken.
    frame = np.frombuffer(_MANY_HEAD[:5], dtype=np.uint8)
    fast &= (buffer[starts[:, None] + _INT_SIZE + np.arange(5)] == frame).all(axis=1)
    sixth = buffer[starts + _INT_SIZE + 5]
    fast &= np.where(many, sixth == ord("("), sixth == ord("K"))
    flat_parts = np.empty(int(counts.sum()), dtype=np.int64)
    ends = np.cumsum(counts)
    # Fast values: deltas at every second byte after the frame's head.
    first_delta = (
        starts + _INT_SIZE + np.where(many, len(_MANY_HEAD) + 1, len(_ONE_HEAD))
    )
    fast_counts = counts[fast]
    if fast_counts.size:
        group_starts = np.repeat(first_delta[fast], fast_counts)
        within = np.arange(fast_counts.sum()) - np.repeat(
            np.cumsum(fast_counts) - fast_counts, fast_counts
        )
        slots = np.repeat(ends[fast] - counts[fast], fast_counts) + within
        flat_parts[slots] = buffer[group_starts + 2 * within]
        if many[fast].any():
            opcodes = buffer[group_starts + 2 * within - 1]
            if not (opcodes == ord("K")).all():  # not the frame after all
                fast[:] = False
    for i in np.flatnonzero(~fast):
        # A value of Whoosh's own block, from our own index folder (module docstring).
        deltas = loads(values[i][_INT_SIZE:])  # nosec B301
        flat_parts[ends[i] - counts[i] : ends[i]] = deltas
    return counts, flat_parts


def _selected_values(reader, field: str, info, select: np.ndarray):  # noqa: ANN001,ANN202
    matcher = _block_matcher(reader, field, info)
    wanted = select.tolist()
    n, first = 0, 0  # next selected posting; index of the block's first posting
    while matcher.is_active() and n < len(wanted):
        end = first + matcher._blocklength
        if wanted[n] < end:
            matcher._read_data()
            values = matcher._data[2]
            while n < len(wanted) and wanted[n] < end:
                yield n, values[wanted[n] - first]
                n += 1
        first = end
        matcher._next_block()


def field_lengths(reader, field: str) -> np.ndarray:  # noqa: ANN001
    """Each document's length in ``field`` (tokens, as Whoosh stores it: one
    byte, approximate above 108)."""
    key = ("l", reader.segment().segment_id(), field)
    found = cached(key)
    if found is not None:
        return found
    count = reader.doc_count_all()
    column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None:
        lengths = np.ones(count, dtype=np.float64)
    else:
        lengths = _LENGTHS[_length_codes(column, count)]
    remember(key, lengths, lengths.nbytes)
    return lengths


def _length_codes(column, count: int) -> np.ndarray:  # noqa: ANN001
    """The one-byte length codes of every document: the column's bytes as
    they are on disk (documents past its end have the default, 0)."""
    if isinstance(column, NumericColumn.Reader) and column._fixedlen == 1:
        raw = column._dbfile.get(column._basepos, column._count)
        codes = np.zeros(count, dtype=np.uint8)
        codes[: column._count] = np.frombuffer(raw, dtype=np.uint8)[:count]
        return codes
    return np.fromiter(column, dtype=np.uint8, count=count)


def cached(key: tuple):  # noqa: ANN201
    """What ``remember`` kept under ``key`` (None if nothing, or evicted)."""
    with _lock:
        found = _cache.get(key)
        if found is None:
            return None
        _cache.move_to_end(key)
        return found[0]


def remember(key: tuple, value: object, size: int) -> None:
    """Keep ``value`` (``size`` bytes) for segments' lifetime, within CACHE_BYTES."""
    global _cached_bytes
    with _lock:
        if key in _cache:
            return
        _cache[key] = (value, size)
        _cached_bytes += size
        while _cached_bytes > CACHE_BYTES and len(_cache) > 1:
            _old_key, (_old, old_size) = _cache.popitem(last=False)
            _cached_bytes -= old_size


def clear_cache() -> None:
    """Forget every cached array (tests; memory is otherwise bounded)."""
    global _cached_bytes
    with _lock:
        _cache.clear()
        _cached_bytes = 0
