"""Relevance, measured: does search put the right case studies on the first page?

66 Indonesian case studies (``tests/relevance/documents.jsonl``) and 32 queries
with graded judgments (``queries.json``: 3 the practice is about this, 2 it
clearly helps, 1 it touches it, absent 0), written from the documents' content.
The queries test what Indonesian search must get right: word forms (melatih /
pelatihan / dilatih), several words, "quoted phrases", typos (pelayaan,
kordinasi, antrian for antrean), filters, and acronyms (e-KTP / KTP-el).

The documents go in the way real ones do: published through
``app.practices.services`` (so the change log fills), indexed by the indexer,
and every query runs through ``search(SearchRequest(...))``. nDCG@10 and
recall@10 per query and per category are printed (``pytest -s``) and held to
floors a little under what the system scores: a relevance regression fails.
``bench/search.py`` scores the same set against SQLite FTS5 for comparison.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from app import create_app
from app.extensions import db
from app.models import Agency, Program, Role, User
from app.practices.services import CaseStudyData, create_case_study
from app.search.check import compare
from app.search.indexer import apply_pending
from app.search.rebuild import rebuild, writer_processes
from app.text import slugify

DATA = Path(__file__).parent / "relevance"
K = 10
WIB = ZoneInfo("Asia/Jakarta")

# Measured 2026-11-28 (the same on SQLite and PostgreSQL; docs/performance.md):
# mean nDCG@10 0.923, recall@10 0.848; per category below, in the comments.
# Floors sit about 0.05 under, so noise passes and a real regression fails.
FLOOR_NDCG = 0.87
FLOOR_RECALL = 0.80
FLOOR_CATEGORY = {  # mean nDCG@10 of each kind of query
    "morphology": 0.80,  # measured 0.854 (FTS5 without stemming: 0.926)
    "multiword": 0.94,  # 0.999
    "phrase": 0.88,  # 0.937
    "typo": 0.82,  # 0.877 (FTS5: 0.653)
    "filter": 0.91,  # 0.960
    "acronym": 0.86,  # 0.913
}


# --- the metrics -------------------------------------------------------------


def dcg(gains: list[int]) -> float:
    """Discounted cumulative gain with exponential gain: (2^g - 1) / log2(rank + 1)."""
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at(ranked: list[str], judgments: dict[str, int], k: int = K) -> float:
    """DCG of the first ``k`` results over the DCG of the best possible order."""
    ideal = dcg(sorted(judgments.values(), reverse=True)[:k])
    if ideal == 0:
        return 1.0 if not ranked else 0.0
    return dcg([judgments.get(key, 0) for key in ranked[:k]]) / ideal


def recall_at(ranked: list[str], judgments: dict[str, int], k: int = K) -> float:
    """Share of the relevant documents (grade >= 1) found in the first ``k``."""
    relevant = {key for key, grade in judgments.items() if grade > 0}
    if not relevant:
        return 1.0
    return len(relevant & set(ranked[:k])) / len(relevant)


def test_dcg_and_ndcg_match_a_hand_computed_example():
    # Gains 3, 0, 2 at ranks 1..3: 7/1 + 0/log2(3) + 3/2 = 8.5.
    assert dcg([3, 0, 2]) == pytest.approx(8.5)
    # Ideal order 3, 2: 7 + 3/log2(3) = 8.8928...; 8.5 / 8.8928 = 0.95583.
    judged = {"a": 3, "c": 2}
    assert ndcg_at(["a", "b", "c"], judged) == pytest.approx(0.95583, abs=1e-5)
    assert ndcg_at(["a", "c"], judged) == pytest.approx(1.0)
    assert ndcg_at(["b"], judged) == 0.0
    # Only the first k count: the relevant document at rank 2 is cut off.
    assert ndcg_at(["b", "a"], judged, k=1) == 0.0


def test_recall_counts_relevant_documents_in_the_first_k():
    judged = {"a": 3, "b": 1, "c": 2, "z": 0}
    assert recall_at(["a", "x", "c"], judged) == pytest.approx(2 / 3)
    assert recall_at(["x", "a"], judged, k=1) == 0.0
    assert recall_at(["z"], {"z": 0}) == 1.0  # nothing relevant: nothing missed


# --- the set -------------------------------------------------------------------


def load_documents() -> list[dict]:
    lines = (DATA / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_queries() -> list[dict]:
    return json.loads((DATA / "queries.json").read_text(encoding="utf-8"))


def published_at(document: dict) -> datetime:
    """10.00 WIB on the document's date, so its year is the same in WIB and UTC."""
    day = datetime.fromisoformat(document["published"]).date()
    return datetime.combine(day, time(10), WIB)


def load_into_database(documents: list[dict]) -> dict[str, int]:
    """Publish every document through the service; returns key -> case study id.

    One author per agency; programmes and agencies are created by name.
    """
    programs: dict[str, Program] = {}
    authors: dict[str, User] = {}
    for document in documents:
        name = document["program"]
        if name not in programs:
            programs[name] = Program(name=name, slug=slugify(name), hours=20)
            db.session.add(programs[name])
        agency = document["agency"]
        if agency not in authors:
            n = len(authors) + 1
            authors[agency] = User(
                name=f"ASN Relevansi {n}",
                email=f"relevansi{n}@medan.go.id",
                role=Role.MEMBER,
                password_hash="-",
                agency=Agency(name=agency, slug=slugify(agency)),
            )
            db.session.add(authors[agency])
    db.session.flush()
    ids = {}
    for document in documents:
        data = CaseStudyData(
            title=document["title"],
            summary=document["summary"],
            program_id=programs[document["program"]].id,
            situation=document["situation"],
            action=document["action"],
            result=document["result"],
            lessons=document["lessons"],
            tags=document["tags"],
        )
        case_study = create_case_study(
            authors[document["agency"]],
            data,
            publish=True,
            require_completion=False,
            published_at=published_at(document),
        )
        ids[document["key"]] = case_study.id
    return ids


@dataclass
class Scored:
    query: dict
    ranked: list[str]
    ndcg: float
    recall: float


def score(
    queries: list[dict],
    run: Callable[[dict], list[int]],
    ids: dict[str, int] | None = None,
) -> list[Scored]:
    """Run every query (``run(query) -> ranked ids``) and score the first page."""
    keys = {v: k for k, v in (ids or {}).items()}
    out = []
    for query in queries:
        ranked = [keys.get(i, str(i)) for i in run(query)]
        judged = query["judgments"]
        out.append(
            Scored(query, ranked, ndcg_at(ranked, judged), recall_at(ranked, judged))
        )
    return out


def by_category(scored: list[Scored]) -> dict[str, tuple[float, float]]:
    groups: dict[str, list[Scored]] = {}
    for item in scored:
        groups.setdefault(item.query["category"], []).append(item)
    return {
        name: (
            statistics.mean(s.ndcg for s in items),
            statistics.mean(s.recall for s in items),
        )
        for name, items in groups.items()
    }


def report(scored: list[Scored], title: str) -> str:
    lines = [f"{title}: nDCG@10 / recall@10", "-" * 72]
    for s in scored:
        words = s.query["q"] + "".join(
            f" [{k}={v}]" for k, v in s.query.get("filters", {}).items()
        )
        lines.append(
            f"{s.query['id']} {s.query['category']:<10} {words[:40]:<40} "
            f"{s.ndcg:.3f} {s.recall:.3f}"
        )
    for name, (ndcg, recall) in sorted(by_category(scored).items()):
        lines.append(f"   category {name:<10} {ndcg:.3f} {recall:.3f}")
    lines.append(
        f"   mean {statistics.mean(s.ndcg for s in scored):.3f} "
        f"{statistics.mean(s.recall for s in scored):.3f}"
    )
    return "\n".join(lines)


# --- the app, once for the module ----------------------------------------------


def app_search(query: dict) -> list[int]:
    """The first page of ``search`` for a judged query, as case study ids."""
    from app.search.query import SearchRequest, search

    results = search(SearchRequest(q=query["q"], per_page=K, **query["filters"]))
    return [hit.case_study.id for hit in results.hits]


@pytest.fixture(scope="module")
def relevance_app(
    _schema: None, config_class: type, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, dict[str, int]]]:
    """The set published and indexed once for the whole module (not per test)."""
    from tests.conftest import _empty_tables

    app = create_app(config_class)
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path_factory.mktemp("relevance-index"))
    with app.app_context():
        try:
            ids = load_into_database(load_documents())
            db.session.commit()
            apply_pending()  # what runs after the publishing request
            yield app, ids
        finally:
            db.session.remove()
            _empty_tables()
            db.engine.dispose()


@pytest.fixture(scope="module")
def app_scores(relevance_app) -> list[Scored]:
    _app, ids = relevance_app
    scored = score(load_queries(), app_search, ids)
    print("\n" + report(scored, "Whoosh (app)"))
    return scored


def test_the_relevance_set_is_large_enough_and_judged():
    documents, queries = load_documents(), load_queries()
    keys = {d["key"] for d in documents}
    assert len(documents) >= 60 and len(queries) >= 25
    for query in queries:
        assert query["judgments"] and set(query["judgments"]) <= keys, query["id"]
        assert set(query["judgments"].values()) <= {1, 2, 3}
    categories = {q["category"] for q in queries}
    assert {"morphology", "multiword", "phrase", "typo", "filter"} <= categories


def test_mean_ndcg_and_recall_stay_above_their_floors(app_scores):
    assert statistics.mean(s.ndcg for s in app_scores) >= FLOOR_NDCG
    assert statistics.mean(s.recall for s in app_scores) >= FLOOR_RECALL


@pytest.mark.parametrize("category", sorted(FLOOR_CATEGORY))
def test_each_kind_of_query_stays_above_its_floor(app_scores, category):
    ndcg, _recall = by_category(app_scores)[category]
    assert ndcg >= FLOOR_CATEGORY[category]


def test_no_query_finds_nothing_relevant(app_scores):
    """Every query puts at least one judged document on the first page."""
    missing = [s.query["id"] for s in app_scores if s.recall == 0]
    assert missing == []


def test_a_rebuild_on_both_cores_ranks_like_the_indexer(relevance_app, app_scores):
    """The parallel rebuild (one segment per process) gives the same results."""
    app, ids = relevance_app
    app.config.update(SEARCH_REBUILD_PROCS=2, SEARCH_REBUILD_PARALLEL_MIN=1)
    try:
        assert writer_processes(len(ids)) == 2
        report_ = rebuild()
    finally:
        app.config.update(SEARCH_REBUILD_PROCS=1)
    assert report_.documents == len(ids)
    assert compare().in_agreement
    again = score(load_queries(), app_search, ids)
    for before, after in zip(app_scores, again, strict=True):
        assert after.ndcg == pytest.approx(before.ndcg, abs=0.02), before.query["id"]
