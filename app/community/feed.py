"""The personal feed ("beranda") and the notices that tell followers a new
case study was published: the read side of ``app.community.following``.

Functions run their statements in the caller's transaction but never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from app.community.following import PRIORITY, Target, follow_column
from app.extensions import db
from app.models import (
    FOLLOW_COLUMNS,
    CaseStudy,
    Follow,
    FollowTarget,
    Notification,
    NotificationKind,
    Status,
    User,
    case_study_tag,
)
from app.models.base import utcnow
from app.practices import queries
from app.sql import is_postgres


def suggestions(limit: int = 6) -> dict[FollowTarget, list[Target]]:
    """What to offer someone who follows nothing yet: the busiest programmes,
    agencies and tags that still take followers (three queries)."""
    return {
        FollowTarget.PROGRAM: [
            p for p, n in queries.program_counts() if n and not p.is_archived
        ][:limit],
        FollowTarget.AGENCY: [
            a for a, n in queries.agency_counts() if n and not a.is_archived
        ][:limit],
        FollowTarget.TAG: [tag for tag, _n in queries.tag_counts(limit=limit * 2)],
    }


# --- the personal feed ---------------------------------------------------------


def _followed(user: User, kind: FollowTarget) -> sa.Select[tuple[int | None]]:
    column = follow_column(kind)
    return sa.select(column).where(Follow.user_id == user.id, column.is_not(None))


def feed(user: User, page: int = 1, per_page: int = 20) -> Pagination:
    """Published case studies from what ``user`` follows, newest first.

    Only ``PUBLISHED`` ones (never drafts, held, hidden or withdrawn), never
    ``user``'s own, each once however many follows match: the follows are
    ``IN`` subqueries, not joins. Three queries per page (count, items, tags).
    """
    tagged = sa.select(case_study_tag.c.case_study_id).where(
        case_study_tag.c.tag_id.in_(_followed(user, FollowTarget.TAG))
    )
    stmt = queries.visible_listing().where(
        CaseStudy.author_id != user.id,
        sa.or_(
            CaseStudy.author_id.in_(_followed(user, FollowTarget.PERSON)),
            CaseStudy.program_id.in_(_followed(user, FollowTarget.PROGRAM)),
            CaseStudy.agency_id.in_(_followed(user, FollowTarget.AGENCY)),
            CaseStudy.id.in_(tagged),
        ),
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def feed_reasons(
    follows: Mapping[FollowTarget, list[Follow]], case_studies: Iterable[CaseStudy]
) -> dict[int, list[Follow]]:
    """Why each case study is in the feed: the matching follows, most personal
    first. ``follows`` is :func:`follows_of`; no query (cards carry their tags)."""
    index = {
        kind: {getattr(f, FOLLOW_COLUMNS[kind]): f for f in follows.get(kind, [])}
        for kind in FollowTarget
    }
    reasons: dict[int, list[Follow]] = {}
    for cs in case_studies:
        keys = {
            FollowTarget.PERSON: [cs.author_id],
            FollowTarget.PROGRAM: [cs.program_id],
            FollowTarget.AGENCY: [cs.agency_id],
            FollowTarget.TAG: [tag.id for tag in cs.tags],
        }
        reasons[cs.id] = [
            index[kind][key]
            for kind in PRIORITY
            for key in keys[kind]
            if key in index[kind]
        ]
    return reasons


# --- telling followers ---------------------------------------------------------


def _candidates(case_study: CaseStudy) -> sa.Subquery:
    """Every follow that matches ``case_study``, with its rank in ``PRIORITY``."""
    branches = [
        (FollowTarget.PERSON, Follow.followed_user_id == case_study.author_id),
        (FollowTarget.PROGRAM, Follow.program_id == case_study.program_id),
        (
            FollowTarget.TAG,
            Follow.tag_id.in_(
                sa.select(case_study_tag.c.tag_id).where(
                    case_study_tag.c.case_study_id == case_study.id
                )
            ),
        ),
    ]
    # "agency_id == None" would match every follow that is not of an agency.
    if case_study.agency_id is not None:
        branches.append((FollowTarget.AGENCY, Follow.agency_id == case_study.agency_id))
    return sa.union_all(
        *(
            sa.select(
                Follow.id.label("follow_id"),
                Follow.user_id.label("user_id"),
                sa.literal(PRIORITY.index(kind)).label("rank"),
            ).where(condition)
            for kind, condition in branches
        )
    ).subquery("candidate")


def notify_followers(case_study: CaseStudy) -> int:
    """One ``NEW_CASE_STUDY`` notice per follower of ``case_study``; how many.

    Call it when a case study is published for the first time. Each follower
    gets one notice, naming the most personal follow that matched (person >
    programme > agency > tag); never its author, never an account that is
    deactivated or not yet claimed, and never a second notice about the same
    case study (republished after a withdrawal, or called twice). One
    ``INSERT ... SELECT`` whatever the number of followers.
    """
    if case_study.status is not Status.PUBLISHED:
        return 0
    db.session.flush()
    if is_postgres():
        # Two transactions publishing the same case study (a double-clicked
        # approval) queue here, so the second's NOT EXISTS sees the first's
        # notices once it commits.
        db.session.execute(
            sa.select(CaseStudy.id)
            .where(CaseStudy.id == case_study.id)
            .with_for_update()
        )
    candidate = _candidates(case_study)
    ranked = sa.select(
        candidate.c.follow_id,
        candidate.c.user_id,
        sa.func.row_number()
        .over(
            partition_by=candidate.c.user_id,
            order_by=(candidate.c.rank, candidate.c.follow_id),
        )
        .label("n"),
    ).subquery("ranked")
    table = Notification.__table__
    already = (
        sa.select(table.c.id)
        .where(
            table.c.user_id == ranked.c.user_id,
            table.c.kind == NotificationKind.NEW_CASE_STUDY,
            table.c.case_study_id == case_study.id,
        )
        .exists()
    )
    rows = (
        sa.select(
            ranked.c.user_id,
            sa.literal(NotificationKind.NEW_CASE_STUDY, table.c.kind.type),
            sa.literal(case_study.author_id, sa.Integer),
            sa.literal(case_study.id, sa.Integer),
            ranked.c.follow_id,
            sa.literal(utcnow(), table.c.created_at.type),
            sa.literal("", sa.Text),
            sa.literal(1, sa.Integer),
            sa.literal("", sa.Text),
        )
        .join(User, User.id == ranked.c.user_id)
        .where(
            ranked.c.n == 1,
            ranked.c.user_id != case_study.author_id,
            User.active.is_(True),
            User.pending_since.is_(None),
            ~already,
        )
    )
    columns = [
        "user_id",
        "kind",
        "actor_id",
        "case_study_id",
        "follow_id",
        "created_at",
        "message",
        "actor_count",
        "mail_error",
    ]
    result = db.session.execute(
        sa.insert(table).from_select(columns, rows),
        # Without it psycopg's INSERT reports -1 rows through SQLAlchemy.
        execution_options={"preserve_rowcount": True},
    )
    return result.rowcount or 0
