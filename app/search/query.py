"""The query side of search: what ``/cari``, the JSON API, tests and the bench call.

``search(SearchRequest(...))`` parses the words (``parser``), corrects likely
typos (``suggest``), scores every matching document in one pass over the
posting lists (``ranking``), counts the facets over those matches
(``facets``), takes one page (best score, newest first, or most helpful or
replicated by the database's counts), then re-reads that
page from the database: only case studies that are published *now* are
shown, whatever a lagging index still holds. Snippets are cut from the
database text (``highlight``). The contract is in docs/search.md ("Queries").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm import InstrumentedAttribute, defer
from whoosh.searching import Searcher

from app.extensions import db
from app.models import SECTIONS, Agency, CaseStudy, Comment, Program, Status, Tag
from app.search import facets, ranking
from app.search.budget import Deadline
from app.search.documents import RESULT_LOADING
from app.search.highlight import comment_passage, own_passage, summary_start
from app.search.params import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    SearchInputError,
    SearchRequest,
    parse_request,
    was_cut,
)
from app.search.parser import ParsedQuery, parse
from app.search.ranking import Ranked
from app.search.searcher import get_searcher
from app.search.suggest import Correction, correct, tolerant_query

# A result shows the sections' HTML (the snippet), never their Markdown.
RESULT_DEFERRED = tuple(defer(getattr(CaseStudy, f"{name}_md")) for name in SECTIONS)
FACET_LIMIT = 15  # values listed per facet (the active one is always listed)
# Sorts by a running count of the case study (ties: relevance, or newest).
COUNT_SORTS = {
    "helpful": CaseStudy.helpful_count,
    "replicated": CaseStudy.replication_count,
}


@dataclass
class Hit:
    case_study: CaseStudy  # published now, author/program/agency/tags loaded
    score: float  # BM25F with the coordination bonus; 0.0 when sorted by date
    snippet: Markup  # escaped text with <mark> around matching words


@dataclass
class FacetValue:
    slug: str
    name: str
    count: int


@dataclass
class SearchResults:
    request: SearchRequest
    total: int  # the index's count, less stale hits found on this page
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]  # keys: "program", "agency", "tag", "year"
    suggestion: str | None  # "did you mean" query string, or None
    # Words that matched nothing and were searched with similar spellings.
    corrected: tuple[str, ...] = ()
    available: bool = True  # False: no index yet (being prepared)
    partial: bool = False  # the time budget ran out: counts are what was found
    dropped: int = field(default=0, repr=False)  # stale hits left out

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))


# --- searching -------------------------------------------------------------


def search(request: SearchRequest) -> SearchResults:
    """One page of results for ``request``, with facets and a suggestion."""
    searcher = get_searcher()
    if searcher is None:
        return SearchResults(request, 0, [], _empty_facets(), None, available=False)
    deadline = Deadline()
    parsed = parse(request.q)
    correction = correct(searcher.reader(), parsed) if parsed else Correction()
    run = tolerant_query(parsed, correction)
    view = facets.values(searcher)
    ranked, found, counts = _match(searcher, view, run, request, deadline)
    page = _page(view, run, ranked, found, request)
    hits = _hits(searcher, page, run)
    dropped = len(page) - len(hits)
    return SearchResults(
        request=request,
        total=max(0, int(found.sum()) - dropped),
        hits=hits,
        facets=_facet_values(counts, request),
        suggestion=correction.suggestion,
        corrected=tuple(correction.replaced),
        partial=deadline.missed,
        dropped=dropped,
    )


def _match(
    searcher: Searcher,
    view: facets.Values,
    run: ParsedQuery,
    request: SearchRequest,
    deadline: Deadline,
) -> tuple[Ranked, np.ndarray, dict[str, Counter]]:
    """Documents matching the query (scored), those also passing every filter
    (a mask), and the facet counts."""
    if request.q and not run:  # only punctuation or function words
        size = searcher.doc_count_all()
        ranked = Ranked(np.zeros(size, dtype=bool), np.zeros(size))
    elif not run:  # browsing: everything, newest first
        ranked = Ranked(ranking.live(searcher), np.zeros(searcher.doc_count_all()))
    else:
        ranked = ranking.rank(searcher, run, deadline)
    masks = facets.filter_masks(view, request.filters())
    found = facets.narrowed(ranked.matched, masks.values())
    return ranked, found, facets.counts(view, ranked.matched, masks)


def _page(
    view: facets.Values,
    run: ParsedQuery,
    ranked: Ranked,
    found: np.ndarray,
    request: SearchRequest,
) -> list[tuple[int, float]]:
    """(document number, score) of the requested page, in order."""
    start = (request.page - 1) * request.per_page
    end = start + request.per_page
    docs = np.flatnonzero(found)
    if start >= docs.size:
        return []
    if request.sort in COUNT_SORTS:
        then = ranked.scores if run else view.published
        case_ids, counts = _appreciation_counts(COUNT_SORTS[request.sort])
        best = facets.by_count(
            view, docs, case_ids, counts, then, end, lower_first=bool(run)
        )
        return [
            (int(d), float(ranked.scores[d]) if run else 0.0) for d in best[start:end]
        ]
    if not run or request.sort == "newest":
        newest = facets.newest(view, docs, end)
        return [(int(docnum), 0.0) for docnum in newest[start:end]]
    best = ranking.top(ranked.scores, docs, end)
    return [(int(d), float(ranked.scores[d])) for d in best[start:end]]


def _appreciation_counts(
    column: InstrumentedAttribute[int],
) -> tuple[np.ndarray, np.ndarray]:
    """(ids, counts) of the published case studies whose ``column`` is above
    zero, ids ascending: one query, whatever the number of matches."""
    rows = db.session.execute(
        sa.select(CaseStudy.id, column)
        .where(CaseStudy.status == Status.PUBLISHED, column > 0)
        .order_by(CaseStudy.id)
    ).all()
    ids = np.fromiter((row[0] for row in rows), np.int64, count=len(rows))
    counts = np.fromiter((row[1] for row in rows), np.int64, count=len(rows))
    return ids, counts


def _hits(
    searcher: Searcher, page: list[tuple[int, float]], run: ParsedQuery
) -> list[Hit]:
    """The page's case studies as the database has them now: published only."""
    scores = {int(searcher.stored_fields(d)["id"]): score for d, score in page}
    visible = {cs.id: cs for cs in published_case_studies(scores)}
    wanted = run.terms
    passages = {cid: own_passage(cs, wanted) for cid, cs in visible.items()}
    # Found through comments (or title, tags, names): one more query, for
    # those hits only.
    unmarked = [cid for cid, found in passages.items() if found is None]
    comments = _comment_html(unmarked) if wanted and unmarked else {}
    hits = []
    for cid, score in scores.items():
        if cid not in visible:
            continue
        shown = (
            passages[cid]
            or comment_passage(comments.get(cid, ()), wanted)
            or summary_start(visible[cid])
        )
        hits.append(Hit(visible[cid], score, shown))
    return hits


def _comment_html(case_study_ids: list[int]) -> dict[int, list[str]]:
    """The visible comments of these case studies (sanitised HTML, oldest
    first), in one query."""
    rows = db.session.execute(
        sa.select(Comment.case_study_id, Comment.body_html)
        .where(
            Comment.case_study_id.in_(case_study_ids),
            Comment.deleted_at.is_(None),
            Comment.hidden_at.is_(None),
        )
        .order_by(Comment.id)
    ).all()
    found: dict[int, list[str]] = {}
    for case_study_id, body in rows:
        found.setdefault(case_study_id, []).append(body)
    return found


def published_case_studies(ids: Iterable[int]) -> list[CaseStudy]:
    """These case studies if published now, with what a result shows (2 queries)."""
    ids = list(ids)
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(CaseStudy)
            .where(CaseStudy.id.in_(ids), CaseStudy.status == Status.PUBLISHED)
            .options(*RESULT_LOADING, *RESULT_DEFERRED)
        ).unique()
    )


# --- facets ----------------------------------------------------------------

_NAMED = {"program": Program, "agency": Agency, "tag": Tag}


def _empty_facets() -> dict[str, list[FacetValue]]:
    return {name: [] for name in facets.FACETS}


def _facet_values(
    counts: dict[str, Counter], request: SearchRequest
) -> dict[str, list[FacetValue]]:
    active = request.filters()
    out: dict[str, list[FacetValue]] = {}
    for name in facets.FACETS:
        ranked = sorted(counts[name].items(), key=lambda kv: (-kv[1], str(kv[0])))
        top = dict(ranked if name == "year" else ranked[:FACET_LIMIT])
        if name in active:
            top.setdefault(active[name], counts[name].get(active[name], 0))
        out[name] = _named(name, top)
    return out


def _named(name: str, counts: dict) -> list[FacetValue]:
    if name == "year":
        years = sorted(counts, reverse=True)
        return [FacetValue(str(y), str(y), counts[y]) for y in years]
    model = _NAMED[name]
    names = dict(
        db.session.execute(
            sa.select(model.slug, model.name).where(model.slug.in_(list(counts)))
        ).all()
        if counts
        else []
    )
    return [
        FacetValue(slug, names[slug], count)
        for slug, count in counts.items()
        if slug in names
    ]


# --- more like this ----------------------------------------------------------


def related(case_study: CaseStudy, limit: int = 5) -> list[CaseStudy]:
    """Up to ``limit`` published case studies like this one (not itself)."""
    from app.search.related import similar_ids

    searcher = get_searcher()
    if searcher is None or limit <= 0:
        return []
    ids = similar_ids(searcher, case_study, limit + 5)  # room for stale ones
    visible = {cs.id: cs for cs in published_case_studies(ids)}
    return [visible[cid] for cid in ids if cid in visible][:limit]


__all__ = [
    "DEFAULT_PER_PAGE",
    "MAX_PER_PAGE",
    "FacetValue",
    "Hit",
    "SearchInputError",
    "SearchRequest",
    "SearchResults",
    "parse_request",
    "related",
    "search",
    "was_cut",
]
