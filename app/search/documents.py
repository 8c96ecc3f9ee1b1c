"""Loading case studies as ``document_for`` needs them: in batches, no lazy loads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models import CaseStudy, Comment, Status

BATCH_SIZE = 500  # case studies per query

# What a search result shows: two queries per page (the row with its author,
# programme and agency; then the tags of the whole page).
RESULT_LOADING = (
    joinedload(CaseStudy.author),
    joinedload(CaseStudy.program),
    joinedload(CaseStudy.agency),
    selectinload(CaseStudy.tags),
)
# What document_for reads: the same, plus one query per batch for the text of
# the visible comments (results do not need it: a page of hits would load
# every comment of every hit).
DOCUMENT_LOADING = (
    *RESULT_LOADING,
    selectinload(CaseStudy.visible_comments).load_only(Comment.body_md),
)


def load_case_studies(session: Session, ids: Iterable[int]) -> list[CaseStudy]:
    """These case studies as the database has them now (absent ones: deleted)."""
    return list(
        session.scalars(
            sa.select(CaseStudy)
            .where(CaseStudy.id.in_(sorted(ids)))
            .options(*DOCUMENT_LOADING)
        )
    )


def published_batches(
    session: Session, *, share: int = 0, shares: int = 1
) -> Iterator[list[CaseStudy]]:
    """Every published case study in id order, a batch at a time (keyset paging,
    so the cost per batch does not grow); each batch is dropped from the session
    once the caller moves on, so memory stays flat.

    With ``shares`` > 1, only the ids that fall to worker ``share`` (id modulo
    ``shares``), so parallel rebuild workers split the work without overlap.
    """
    conditions = [CaseStudy.status == Status.PUBLISHED]
    if shares > 1:
        conditions.append(CaseStudy.id % shares == share)
    last = 0
    while True:
        batch = list(
            session.scalars(
                sa.select(CaseStudy)
                .where(*conditions, CaseStudy.id > last)
                .order_by(CaseStudy.id)
                .limit(BATCH_SIZE)
                .options(*DOCUMENT_LOADING)
            )
        )
        if not batch:
            return
        yield batch
        last = batch[-1].id
        session.expunge_all()
