"""More like this: case studies that share a case study's key terms and tags.

Key terms are chosen from its own text (Bo1, Whoosh's ``key_terms_from_text``
on the body field's statistics), searched in the text fields with their
weights, plus its tags. The text comes from the database, so this works for
a case study the index does not hold (yet).
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.searching import Searcher

from app.models import SECTIONS, CaseStudy

KEY_TERMS = 12
TAG_BOOST = 2.0
# Below this share of the best score a document only shares a common word or
# two: not worth showing as related.
MIN_SHARE = 0.25
FIELDS = ("title", "summary", "body", "tags")


def similar_ids(searcher: Searcher, case_study: CaseStudy, limit: int) -> list[int]:
    """Ids of up to ``limit`` indexed case studies most like ``case_study``."""
    text = "\n".join(
        [case_study.title, case_study.summary]
        + [getattr(case_study, f"{name}_md") or "" for name in SECTIONS]
    )
    key_terms = searcher.key_terms_from_text("body", text, numterms=KEY_TERMS)
    subqueries = [
        wq.Term(name, term, boost=weight)
        for term, weight in key_terms
        for name in FIELDS
    ]
    subqueries += [wq.Term("tag", tag.slug, boost=TAG_BOOST) for tag in case_study.tags]
    if not subqueries:
        return []
    itself = set(searcher.docs_for_query(wq.Term("id", str(case_study.id))))
    results = searcher.search(wq.Or(subqueries), limit=limit, mask=itself or None)
    if not results:
        return []
    floor = results[0].score * MIN_SHARE
    return [int(hit["id"]) for hit in results if hit.score >= floor]
