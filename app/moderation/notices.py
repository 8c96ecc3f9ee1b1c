"""Telling authors what moderators decided about their content, in-app."""

from __future__ import annotations

from app.extensions import db
from app.models import CaseStudy, Comment, Notification, NotificationKind, User


def notify_author(
    item: CaseStudy | Comment,
    kind: NotificationKind,
    *,
    actor: User | None,
    message: str = "",
) -> Notification:
    """A notice to the author of ``item``; ``message`` is the reason or note.

    ``actor`` is the moderator, or None for a decision the system took (an
    item hidden automatically after reports).
    """
    comment = item if isinstance(item, Comment) else None
    case_study_id = comment.case_study_id if comment else item.id
    notice = Notification(
        user_id=item.author_id,
        kind=kind,
        actor_id=actor.id if actor is not None else None,
        case_study_id=case_study_id,
        comment_id=comment.id if comment else None,
        message=message,
    )
    db.session.add(notice)
    return notice


def notify_user(
    user: User, kind: NotificationKind, *, actor: User, message: str
) -> Notification:
    """A notice about the user rather than one item (a warning)."""
    notice = Notification(
        user_id=user.id, kind=kind, actor_id=actor.id, message=message
    )
    db.session.add(notice)
    return notice
