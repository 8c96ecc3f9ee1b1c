"""The review queue (/moderasi): reported items and case studies held for review.

One page is loaded in a fixed number of queries whatever it holds: the
entries themselves (a UNION over open flags grouped per item and held case
studies), then the case studies, comments, flags, authors' histories and
earlier decisions for the whole page at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    Agency,
    AuditEvent,
    CaseStudy,
    Comment,
    Flag,
    FlagReason,
    Program,
    Status,
    User,
)
from app.moderation.history import (
    CASE_STUDY,
    COMMENT,
    AuthorHistory,
    author_histories,
)
from app.practices.queries import card_options


@dataclass
class QueueFilters:
    """What the moderator narrowed the queue to; None or "" means everything."""

    kind: str = ""  # CASE_STUDY or COMMENT
    reason: FlagReason | None = None
    program: Program | None = None
    agency: Agency | None = None


@dataclass
class QueueEntry:
    kind: str
    since: datetime
    case_study: CaseStudy
    comment: Comment | None = None
    flags: list[Flag] = field(default_factory=list)
    history: AuthorHistory = field(default_factory=AuthorHistory)
    events: list[AuditEvent] = field(default_factory=list)

    @property
    def item(self) -> CaseStudy | Comment:
        return self.comment if self.comment is not None else self.case_study

    @property
    def author(self) -> User:
        return self.item.author

    @property
    def held(self) -> bool:
        return self.comment is None and self.case_study.status is Status.PENDING


@dataclass
class QueuePage:
    """Quacks like Flask-SQLAlchemy's ``Pagination`` for the ``pager`` macro."""

    items: list[QueueEntry]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1


def _entries(filters: QueueFilters) -> sa.Subquery:
    """(kind, target_id, case_study_id, since) per item waiting for a decision."""
    open_ = Flag.resolved_at.is_(None)
    reason = Flag.reason == filters.reason if filters.reason else sa.true()
    parts: list[sa.Select[Any]] = []
    if filters.kind in ("", CASE_STUDY):
        parts.append(
            sa.select(
                sa.literal(CASE_STUDY, sa.String(20)).label("kind"),
                Flag.case_study_id.label("target_id"),
                Flag.case_study_id.label("case_study_id"),
                sa.func.min(Flag.created_at).label("since"),
            )
            .where(open_, Flag.comment_id.is_(None), reason)
            .group_by(Flag.case_study_id)
        )
        if filters.reason is None:
            parts.append(_held())
    if filters.kind in ("", COMMENT):
        parts.append(
            sa.select(
                sa.literal(COMMENT, sa.String(20)).label("kind"),
                Flag.comment_id.label("target_id"),
                Flag.case_study_id.label("case_study_id"),
                sa.func.min(Flag.created_at).label("since"),
            )
            .where(open_, Flag.comment_id.is_not(None), reason)
            .group_by(Flag.comment_id, Flag.case_study_id)
        )
    return sa.union_all(*parts).subquery("entries")


def _held() -> sa.Select[Any]:
    """Held case studies without open reports (those appear once, as reported)."""
    reported = (
        sa.select(Flag.id)
        .where(
            Flag.case_study_id == CaseStudy.id,
            Flag.comment_id.is_(None),
            Flag.resolved_at.is_(None),
        )
        .exists()
    )
    return sa.select(
        sa.literal(CASE_STUDY, sa.String(20)).label("kind"),
        CaseStudy.id.label("target_id"),
        CaseStudy.id.label("case_study_id"),
        sa.func.coalesce(CaseStudy.hidden_at, CaseStudy.updated_at).label("since"),
    ).where(CaseStudy.status == Status.PENDING, ~reported)


def _filtered(filters: QueueFilters) -> tuple[sa.Subquery, sa.Select[Any]]:
    entries = _entries(filters)
    stmt = sa.select(entries).join(CaseStudy, CaseStudy.id == entries.c.case_study_id)
    if filters.program is not None:
        stmt = stmt.where(CaseStudy.program_id == filters.program.id)
    if filters.agency is not None:
        stmt = stmt.where(CaseStudy.agency_id == filters.agency.id)
    return entries, stmt


def queue_page(filters: QueueFilters, *, page: int, per_page: int) -> QueuePage:
    """One page of the queue, oldest first, with everything the screen shows."""
    entries, stmt = _filtered(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    rows = db.session.execute(
        stmt.order_by(entries.c.since, entries.c.kind, entries.c.target_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return QueuePage(_load(rows), page=page, per_page=per_page, total=total or 0)


def _load(rows: list[Any]) -> list[QueueEntry]:
    if not rows:
        return []
    case_studies = _by_id(
        sa.select(CaseStudy)
        .where(CaseStudy.id.in_({row.case_study_id for row in rows}))
        .options(*card_options())
    )
    comment_ids = {row.target_id for row in rows if row.kind == COMMENT}
    comments = _by_id(
        sa.select(Comment)
        .where(Comment.id.in_(comment_ids))
        .options(joinedload(Comment.author))
    )
    entries = [
        QueueEntry(
            kind=row.kind,
            since=row.since,
            case_study=case_studies[row.case_study_id],
            comment=comments.get(row.target_id) if row.kind == COMMENT else None,
        )
        for row in rows
    ]
    _attach_flags(entries, comment_ids)
    _attach_histories(entries)
    _attach_events(entries)
    return entries


def _by_id(stmt: sa.Select[Any]) -> dict[int, Any]:
    return {obj.id: obj for obj in db.session.scalars(stmt).unique()}


def _key(kind: str, target_id: int) -> tuple[str, int]:
    return (kind, target_id)


def _attach_flags(entries: list[QueueEntry], comment_ids: set[int]) -> None:
    case_ids = {e.case_study.id for e in entries if e.kind == CASE_STUDY}
    flags = db.session.scalars(
        sa.select(Flag)
        .where(
            Flag.resolved_at.is_(None),
            sa.or_(
                sa.and_(Flag.comment_id.is_(None), Flag.case_study_id.in_(case_ids)),
                Flag.comment_id.in_(comment_ids),
            ),
        )
        .options(joinedload(Flag.reporter))
        .order_by(Flag.created_at, Flag.id)
    )
    by_target: dict[tuple[str, int], list[Flag]] = {}
    for report in flags:
        target_id = report.comment_id or report.case_study_id
        by_target.setdefault(_key(report.target_type, target_id), []).append(report)
    for entry in entries:
        entry.flags = by_target.get(_key(entry.kind, entry.item.id), [])


def _attach_events(entries: list[QueueEntry]) -> None:
    """Earlier decisions about each item (e.g. hidden before, restored)."""
    targets = {_key(e.kind, e.item.id) for e in entries}
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(sa.tuple_(AuditEvent.target_type, AuditEvent.target_id).in_(targets))
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.created_at, AuditEvent.id)
    )
    by_target: dict[tuple[str, int], list[AuditEvent]] = {}
    for event in events:
        key = _key(event.target_type, event.target_id or 0)
        by_target.setdefault(key, []).append(event)
    for entry in entries:
        entry.events = by_target.get(_key(entry.kind, entry.item.id), [])


def _attach_histories(entries: list[QueueEntry]) -> None:
    author_ids = {e.author.id for e in entries}
    histories = author_histories(author_ids)
    for entry in entries:
        entry.history = histories[entry.author.id]
