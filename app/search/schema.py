"""What the index holds for a case study: only what finding and ranking need.

Results are re-read from the database before they are shown, so nothing is
stored here except the id; titles and snippets come from the database text.
Two more stored values serve ``flask search check``: ``updated`` (the case
study's ``updated_at``) and ``digest`` (a hash of the whole document, which
also catches a renamed tag, programme or author that ``updated_at`` misses).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from app.i18n import WIB
from app.models import SECTIONS, CaseStudy
from app.search.analyzer import IndonesianAnalyzer

# BM25F field weights: a word in the title says more than one in the body.
TITLE_BOOST = 3.0
SUMMARY_BOOST = 2.0
TAGS_BOOST = 1.5
# Comments are scored apart from the case study's own text, at this share of
# their BM25 score and without the bonus for matching more of the words
# (app.search.ranking): colleagues' comments help find a practice, but never
# rank it above one whose own text says the same.
COMMENTS_WEIGHT = 0.1

# Words offered by "did you mean": letters only (words joined by "-" too);
# numbers and codes are not misspelt words, and would bloat the list.
SPELLING_WORD = re.compile(r"[^\W\d_]{3,}(?:-[^\W\d_]+)*")


def build_schema() -> Schema:
    analyzer = IndonesianAnalyzer()
    return Schema(
        # Also a column: sorting by helpful/replicated maps every matching
        # document to its case study without reading stored fields.
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=analyzer, field_boost=TITLE_BOOST),
        summary=TEXT(analyzer=analyzer, field_boost=SUMMARY_BOOST),
        # The four sections as one field: one posting list per word to score
        # instead of four.
        body=TEXT(analyzer=analyzer),
        tags=TEXT(analyzer=analyzer, field_boost=TAGS_BOOST),
        # Programme, agency and author names, so "dinas kesehatan" finds its work.
        context=TEXT(analyzer=analyzer),
        # The text of its visible comments (not deleted, not hidden), oldest
        # first. Weighted in ranking (COMMENTS_WEIGHT), not by a field boost.
        comments=TEXT(analyzer=analyzer),
        # "Did you mean": the document's words as written (lowercase, unstemmed).
        words=KEYWORD(scorable=False),
        # Facets and filters, by slug.
        program=ID(sortable=True),
        agency=ID(sortable=True),
        tag=KEYWORD(commas=True, sortable=True),
        year=NUMERIC(sortable=True),
        published=DATETIME(sortable=True),
        # For `flask search check`: is the index older than the database?
        updated=DATETIME(stored=True),
        digest=STORED(),
    )


def document_for(case_study: CaseStudy) -> dict[str, Any]:
    """The index document of a published case study (author, programme, agency,
    tags and visible comments loaded: ``app.search.documents``)."""
    published = case_study.published_at
    document = {
        "id": str(case_study.id),
        "title": case_study.title,
        "summary": case_study.summary,
        "body": "\n\n".join(getattr(case_study, f"{name}_md") for name in SECTIONS),
        "tags": " ".join(tag.name for tag in case_study.tags),
        "context": " ".join(
            filter(
                None,
                [
                    case_study.program.name,
                    case_study.agency.name if case_study.agency else "",
                    case_study.author.name,
                ],
            )
        ),
        "comments": "\n\n".join(c.body_md for c in case_study.visible_comments),
        "words": spelling_words(
            case_study.title, case_study.summary, *(t.name for t in case_study.tags)
        ),
        "program": case_study.program.slug,
        "agency": case_study.agency.slug if case_study.agency else "",
        "tag": ",".join(tag.slug for tag in case_study.tags),
        # The year as readers in Medan see it (WIB), as the filter says.
        "year": published.astimezone(WIB).year if published else 0,
        "published": published.replace(tzinfo=None) if published else None,
        "updated": case_study.updated_at.replace(tzinfo=None),
    }
    document["digest"] = digest(document)
    return document


def spelling_words(*texts: str) -> str:
    """The distinct words of ``texts``, lowercase, as "did you mean" offers them."""
    words = SPELLING_WORD.findall(" ".join(texts).lower())
    return " ".join(sorted(set(words)))


def digest(document: dict[str, Any]) -> str:
    """A fingerprint of everything indexed, to tell a stale document from a
    current one without comparing field by field."""
    fields = {k: v for k, v in document.items() if k != "digest"}
    text = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
