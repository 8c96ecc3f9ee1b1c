"""Read-side queries for case studies, each page loaded in a bounded number of queries.

Every list goes through ``visible_listing`` so that the visibility rule
(published only) lives in one place, and every card's author, programme,
agency and tags are loaded eagerly: the number of queries per page does not
grow with the number of items.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import (
    Agency,
    CaseStudy,
    CaseStudyRevision,
    Program,
    Status,
    Tag,
    case_study_tag,
)


def card_options() -> tuple[Any, ...]:
    return (
        joinedload(CaseStudy.author),
        joinedload(CaseStudy.program),
        joinedload(CaseStudy.agency),
        selectinload(CaseStudy.tags),
    )


_NEWEST_FIRST = (CaseStudy.published_at.desc(), CaseStudy.id.desc())


def visible_listing() -> sa.Select[tuple[CaseStudy]]:
    """Published case studies, newest first, with what a card shows."""
    return (
        sa.select(CaseStudy)
        .where(CaseStudy.status == Status.PUBLISHED)
        .options(*card_options())
        .order_by(*_NEWEST_FIRST)
    )


def latest_published(limit: int = 6) -> list[CaseStudy]:
    return list(db.session.scalars(visible_listing().limit(limit)).unique())


def count_published() -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(CaseStudy.id)).where(
                CaseStudy.status == Status.PUBLISHED
            )
        )
        or 0
    )


# Orders of the browse lists (``?sort=``); ties go to the newest.
LISTING_SORTS = ("newest", "helpful", "replicated")
_SORT_COUNTS = {
    "helpful": CaseStudy.helpful_count,
    "replicated": CaseStudy.replication_count,
}


def paginate_published(
    *,
    page: int,
    per_page: int,
    program: Program | None = None,
    agency: Agency | None = None,
    tag: Tag | None = None,
    sort: str = "newest",
) -> Pagination:
    """One page of published case studies, optionally of one programme,
    agency or tag; ``sort`` is one of ``LISTING_SORTS`` (the caller checks)."""
    stmt = visible_listing()
    if sort in _SORT_COUNTS:
        stmt = stmt.order_by(None).order_by(_SORT_COUNTS[sort].desc(), *_NEWEST_FIRST)
    if program is not None:
        stmt = stmt.where(CaseStudy.program_id == program.id)
    if agency is not None:
        stmt = stmt.where(CaseStudy.agency_id == agency.id)
    if tag is not None:
        stmt = stmt.where(
            CaseStudy.id.in_(
                sa.select(case_study_tag.c.case_study_id).where(
                    case_study_tag.c.tag_id == tag.id
                )
            )
        )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def _published_count_by(column: sa.ColumnElement[Any]) -> sa.Subquery:
    return (
        sa.select(column.label("key"), sa.func.count(CaseStudy.id).label("n"))
        .where(CaseStudy.status == Status.PUBLISHED)
        .group_by(column)
        .subquery()
    )


def program_counts() -> list[tuple[Program, int]]:
    """Every programme with its number of published case studies, busiest first."""
    counts = _published_count_by(CaseStudy.program_id)
    n = sa.func.coalesce(counts.c.n, 0)
    rows = db.session.execute(
        sa.select(Program, n)
        .outerjoin(counts, counts.c.key == Program.id)
        .order_by(n.desc(), Program.name)
    )
    return [(program, count) for program, count in rows]


def agency_counts() -> list[tuple[Agency, int]]:
    counts = _published_count_by(CaseStudy.agency_id)
    n = sa.func.coalesce(counts.c.n, 0)
    rows = db.session.execute(
        sa.select(Agency, n)
        .outerjoin(counts, counts.c.key == Agency.id)
        .order_by(n.desc(), Agency.name)
    )
    return [(agency, count) for agency, count in rows]


def tag_counts(limit: int | None = None) -> list[tuple[Tag, int]]:
    """Tags used by published case studies, most used first."""
    n = sa.func.count(CaseStudy.id)
    stmt = (
        sa.select(Tag, n)
        .join(case_study_tag, case_study_tag.c.tag_id == Tag.id)
        .join(CaseStudy, CaseStudy.id == case_study_tag.c.case_study_id)
        .where(CaseStudy.status == Status.PUBLISHED)
        .group_by(Tag.id)
        .order_by(n.desc(), Tag.name)
    )
    if limit:
        stmt = stmt.limit(limit)
    return [(tag, count) for tag, count in db.session.execute(stmt)]


def case_study_for_page(case_id: int) -> CaseStudy:
    """One case study with everything its page shows, in two queries.

    :raise 404: no case study has this id (visibility is the caller's check).
    """
    stmt = sa.select(CaseStudy).where(CaseStudy.id == case_id).options(*card_options())
    return db.first_or_404(stmt)


def authored_by(author_id: int, *, page: int, per_page: int) -> Pagination:
    """Every case study of one author, whatever its status, last changed first."""
    stmt = (
        sa.select(CaseStudy)
        .where(CaseStudy.author_id == author_id)
        .options(*card_options())
        .order_by(CaseStudy.updated_at.desc(), CaseStudy.id.desc())
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def revisions_of(case_study: CaseStudy) -> list[CaseStudyRevision]:
    """The history, newest first, with each editor loaded in the same query."""
    return list(
        db.session.scalars(
            sa.select(CaseStudyRevision)
            .where(CaseStudyRevision.case_study_id == case_study.id)
            .options(joinedload(CaseStudyRevision.editor))
            .order_by(CaseStudyRevision.number.desc())
        )
    )


def latest_revision(case_study: CaseStudy) -> CaseStudyRevision | None:
    """The last saved version, with its editor: who saved, and when."""
    return db.session.scalar(
        sa.select(CaseStudyRevision)
        .where(CaseStudyRevision.case_study_id == case_study.id)
        .options(joinedload(CaseStudyRevision.editor))
        .order_by(CaseStudyRevision.number.desc())
        .limit(1)
    )


def count_view(case_study_id: int) -> None:
    """One more view, in one ``UPDATE``: concurrent views never overwrite each
    other's count, as reading and writing back the number would.

    A Core statement, not an attribute change: it does not touch
    ``updated_at`` or the search change log (views are not content). It runs
    and commits at once on a connection of its own, so the row is locked only
    for this statement and the page's session, not committed, keeps what it
    loaded (a commit would expire the signed-in user: one more query).
    """
    table = CaseStudy.__table__
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(table)
            .where(table.c.id == case_study_id)
            .values(view_count=table.c.view_count + 1)
        )


def revision_of(case_study: CaseStudy, number: int) -> CaseStudyRevision:
    """:raise 404: the case study has no revision with this number."""
    return db.first_or_404(
        sa.select(CaseStudyRevision)
        .where(
            CaseStudyRevision.case_study_id == case_study.id,
            CaseStudyRevision.number == number,
        )
        .options(joinedload(CaseStudyRevision.editor))
    )


def program_by_slug(slug: str) -> Program:
    """:raise 404: unknown slug."""
    return db.first_or_404(sa.select(Program).where(Program.slug == slug))


def agency_by_slug(slug: str) -> Agency:
    """:raise 404: unknown slug."""
    return db.first_or_404(sa.select(Agency).where(Agency.slug == slug))


def tag_by_slug(slug: str) -> Tag:
    """:raise 404: unknown slug."""
    return db.first_or_404(sa.select(Tag).where(Tag.slug == slug))
