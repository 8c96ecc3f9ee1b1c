"""Ranking with NumPy gives Whoosh's own BM25F: same documents, same scores.

``app.search.postings`` reads Whoosh's codec internals, so these tests build
an index with the app's schema in three segments, one with a deleted
(replaced) document, and compare every score with what Whoosh's matchers
compute for the same query. A Whoosh upgrade that changes the block format,
the length encoding or the scoring fails here, not in the relevance numbers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from app.search import postings, ranking
from app.search.parser import COORD_POWER, SEARCH_FIELDS, Item, parse
from app.search.schema import build_schema

WORDS = (
    "antrean loket pelayanan warga puskesmas jadwal rapat banjir posko evakuasi "
    "imunisasi balita kader data penduduk pengaduan keluhan waktu tunggu nomor "
    "sekolah zonasi anggaran laporan kegiatan pelatihan pegawai koordinasi"
).split()


def _document(n: int, rng: random.Random) -> dict:
    def text(count: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(count))

    return {
        "id": str(n),
        "title": text(rng.randint(3, 8)),
        "summary": text(rng.randint(10, 30)),
        "body": text(rng.randint(40, 400)),
        "tags": text(rng.randint(0, 3)),
        "context": "Pelatihan Manajemen Krisis Dinas Kesehatan",
        "program": "manajemen-krisis",
        "year": 2026,
        "published": datetime(2026, 1, 1),
    }


@pytest.fixture
def searcher(tmp_path: Path) -> Iterator[Searcher]:
    rng = random.Random(7)
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    for batch in range(3):  # three segments: one commit each, no merging
        writer = ix.writer()
        for n in range(batch * 150, batch * 150 + 150):
            writer.add_document(**_document(n, rng))
        writer.commit(merge=False)
    writer = ix.writer()
    writer.update_document(**_document(10, rng))  # deletes the old number 10
    writer.commit(merge=False)
    postings.clear_cache()
    with ix.searcher(weighting=BM25F()) as s:
        assert len(s.leaf_searchers()) == 4
        assert s.reader().has_deletions()
        yield s


def whoosh_scores(searcher: Searcher, item: Item) -> dict[int, float]:
    if item.phrase:
        fields = [wq.Phrase(f, list(item.terms), slop=item.slop) for f in SEARCH_FIELDS]
    else:
        fields = [wq.Term(f, t) for t in item.terms for f in SEARCH_FIELDS]
    results = searcher.search(wq.Or(fields), limit=None)
    return {hit.docnum: hit.score for hit in results}


def numpy_scores(searcher: Searcher, text: str) -> dict[int, float]:
    ranked = ranking.rank(searcher, parse(text))
    docs = np.flatnonzero(ranked.matched)
    return {int(d): float(ranked.scores[d]) for d in docs}


@pytest.mark.parametrize(
    "text",
    ["antrean", "pelayanan", "pelatihan", '"waktu tunggu"', '"nomor antrean"'],
)
def test_one_word_or_phrase_scores_exactly_as_whoosh_bm25f(searcher, text) -> None:  # noqa: ANN001
    (item,) = parse(text).items
    expected = whoosh_scores(searcher, item)
    got = numpy_scores(searcher, text)
    assert expected  # the words are in the corpus
    assert got.keys() == expected.keys()
    for docnum, score in expected.items():
        assert got[docnum] == pytest.approx(score, rel=1e-6)


def test_a_misspelt_words_alternatives_add_up_like_whoosh(searcher) -> None:  # noqa: ANN001
    item = Item(("antre", "loket"))  # what typo tolerance builds: one item
    expected = whoosh_scores(searcher, item)
    ranked = ranking.rank(searcher, replace(parse("x"), items=(item,)))
    got = {int(d): float(ranked.scores[d]) for d in np.flatnonzero(ranked.matched)}
    assert got.keys() == expected.keys()
    for docnum, score in expected.items():
        assert got[docnum] == pytest.approx(score, rel=1e-6)


def test_several_words_sum_their_scores_times_the_squared_share_matched(
    searcher,  # noqa: ANN001
) -> None:
    parsed = parse('banjir posko "waktu tunggu"')
    per_item = [whoosh_scores(searcher, item) for item in parsed.items]
    got = numpy_scores(searcher, 'banjir posko "waktu tunggu"')
    docs = set().union(*per_item)
    assert got.keys() == docs
    for docnum in docs:
        found = [scores[docnum] for scores in per_item if docnum in scores]
        share = len(found) / len(per_item)
        expected = sum(found) * share**COORD_POWER
        assert got[docnum] == pytest.approx(expected, rel=1e-6)


def test_a_deleted_document_never_matches(searcher) -> None:  # noqa: ANN001
    reader = searcher.reader()
    deleted = [d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]
    assert len(deleted) == 1
    ranked = ranking.rank(searcher, parse(" ".join(WORDS)))
    assert not ranked.matched[deleted].any()
    assert ranked.matched.sum() == reader.doc_count()


def test_top_orders_by_score_then_document_number_like_whoosh(searcher) -> None:  # noqa: ANN001
    ranked = ranking.rank(searcher, parse("rapat jadwal"))
    docs = np.flatnonzero(ranked.matched)
    best = ranking.top(ranked.scores, docs, 25)
    results = searcher.search(
        wq.Or([wq.Term(f, t) for t in ("rapat", "jadwal") for f in SEARCH_FIELDS]),
        limit=None,
    )
    assert len(best) == 25
    scores = [float(ranked.scores[d]) for d in best]
    assert scores == sorted(scores, reverse=True)
    ties = [(s, d) for s, d in zip(scores, best, strict=True)]
    assert ties == sorted(ties, key=lambda sd: (-sd[0], sd[1]))
    assert set(best) <= {hit.docnum for hit in results}


def test_posting_lists_are_read_once_per_segment_and_term(
    searcher, monkeypatch
) -> None:  # noqa: ANN001
    reads = []
    real = postings._read_blocks
    monkeypatch.setattr(
        postings,
        "_read_blocks",
        lambda *args: reads.append(args[1]) or real(*args),
    )
    numpy_scores(searcher, "pelayanan")
    first = len(reads)
    numpy_scores(searcher, "pelayanan")
    assert first > 0
    assert len(reads) == first  # the second search read nothing from disk


@pytest.mark.parametrize(
    "lists",
    [
        [[3]],  # one position
        [[0, 1, 2], [5, 9]],  # small gaps: the array fast path
        [[300], [2, 70_000, 70_001]],  # gaps of 256 and more: pickle.loads
        [[1, 2], [400, 401], [7], [0, 255, 256, 1_000]],  # both kinds mixed
    ],
)
def test_position_deltas_decode_whatever_the_gaps(lists) -> None:  # noqa: ANN001
    fmt = build_schema()["body"].format
    values = [fmt.encode(positions_) for positions_ in lists]  # as Whoosh stores them
    counts, deltas = postings.decode_deltas(values)
    assert counts.tolist() == [len(p) for p in lists]
    expected = [
        b - a
        for positions_ in lists
        for a, b in zip([0, *positions_], positions_, strict=False)
    ]
    assert deltas.tolist() == expected
