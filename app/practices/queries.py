"""Read-side queries for case studies: what the public may see, loaded in bounded queries.

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
from app.models import Agency, CaseStudy, Program, Status, Tag, case_study_tag


def card_options() -> tuple[Any, ...]:
    return (
        joinedload(CaseStudy.author),
        joinedload(CaseStudy.program),
        joinedload(CaseStudy.agency),
        selectinload(CaseStudy.tags),
    )


def visible_listing() -> sa.Select[tuple[CaseStudy]]:
    """Published case studies, newest first, with what a card shows."""
    return (
        sa.select(CaseStudy)
        .where(CaseStudy.status == Status.PUBLISHED)
        .options(*card_options())
        .order_by(CaseStudy.published_at.desc(), CaseStudy.id.desc())
    )


def latest_published(limit: int = 6) -> list[CaseStudy]:
    return list(db.session.scalars(visible_listing().limit(limit)).unique())


def count_published() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(CaseStudy.id)).where(
            CaseStudy.status == Status.PUBLISHED
        )
    ) or 0


def paginate_published(
    *,
    page: int,
    per_page: int,
    program: Program | None = None,
    agency: Agency | None = None,
    tag: Tag | None = None,
) -> Pagination:
    stmt = visible_listing()
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
