"""An author's record, as the review queue shows it beside their reported item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, CaseStudy, Comment, Status

CASE_STUDY = "case_study"
COMMENT = "comment"
HIDE_ACTIONS = ("hide", "auto_hide")


@dataclass
class AuthorHistory:
    case_studies: int = 0
    comments: int = 0
    hidden_before: int = 0  # items of theirs ever hidden (by hand or automatically)
    warnings: int = 0
    last_warning_at: datetime | None = None


def author_histories(author_ids: set[int]) -> dict[int, AuthorHistory]:
    """Each author's record, in five queries however many authors there are."""
    histories = {author_id: AuthorHistory() for author_id in author_ids}
    for author_id, n in _count_by_author(
        CaseStudy.author_id, CaseStudy.status != Status.DRAFT, author_ids
    ):
        histories[author_id].case_studies = n
    for author_id, n in _count_by_author(
        Comment.author_id, Comment.deleted_at.is_(None), author_ids
    ):
        histories[author_id].comments = n
    for model, kind in ((CaseStudy, CASE_STUDY), (Comment, COMMENT)):
        for author_id, n in _hidden_by_author(model, kind, author_ids):
            histories[author_id].hidden_before += n
    warnings = db.session.execute(
        sa.select(
            AuditEvent.target_id,
            sa.func.count(AuditEvent.id),
            sa.func.max(AuditEvent.created_at),
        )
        .where(
            AuditEvent.action == "warn",
            AuditEvent.target_type == "user",
            AuditEvent.target_id.in_(author_ids),
        )
        .group_by(AuditEvent.target_id)
    )
    for author_id, n, last in warnings:
        histories[author_id].warnings = n
        histories[author_id].last_warning_at = last
    return histories


def _count_by_author(
    column: sa.ColumnElement[int], condition: sa.ColumnElement[bool], ids: set[int]
) -> list[Any]:
    return list(
        db.session.execute(
            sa.select(column, sa.func.count())
            .where(column.in_(ids), condition)
            .group_by(column)
        )
    )


def _hidden_by_author(
    model: type[CaseStudy] | type[Comment], kind: str, ids: set[int]
) -> list[Any]:
    return list(
        db.session.execute(
            sa.select(model.author_id, sa.func.count(sa.distinct(model.id)))
            .join(
                AuditEvent,
                sa.and_(
                    AuditEvent.target_type == kind,
                    AuditEvent.target_id == model.id,
                ),
            )
            .where(AuditEvent.action.in_(HIDE_ACTIONS), model.author_id.in_(ids))
            .group_by(model.author_id)
        )
    )
