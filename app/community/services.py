"""Comments and notifications: the rules, called by views and tests."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import CaseStudy, Comment


def comment_thread(case_study: CaseStudy) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments, oldest first, each with its replies, in one query."""
    comments = db.session.scalars(
        sa.select(Comment)
        .where(Comment.case_study_id == case_study.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.id, [])) for c in comments if c.parent_id is None]
