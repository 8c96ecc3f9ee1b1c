"""Comments and notifications: the rules, called by views and tests.

Functions here add to the session and flush but never commit: the caller owns
the transaction, so a comment and the notifications it causes are saved
together or not at all.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import (
    CaseStudy,
    Comment,
    Completion,
    Follow,
    FollowUp,
    Notification,
    NotificationKind,
    User,
)
from app.models.base import utcnow
from app.policy import Ability, can
from app.text import render_markdown

# Long enough for a thoughtful answer; short enough to render quickly.
MAX_COMMENT_LENGTH = 5_000


class CommentError(ValueError):
    """A rule was broken; ``str(error)`` is a message for the user (translated)."""


def normalise_body(body: str | None) -> str:
    """Browsers send CRLF; count a line break as one character, as they show it."""
    return (body or "").replace("\r\n", "\n").strip()


def _checked_body(body: str | None) -> str:
    text = normalise_body(body)
    if not text:
        raise CommentError(_("Komentar tidak boleh kosong."))
    if len(text) > MAX_COMMENT_LENGTH:
        raise CommentError(_("Komentar paling banyak %(n)s karakter.", n="5.000"))
    return text


def _thread_root(case_study: CaseStudy, parent: Comment) -> Comment:
    """The top-level comment a reply attaches to: replies stay one level deep."""
    if parent.case_study_id != case_study.id:
        raise CommentError(_("Komentar yang Anda balas tidak ada di studi kasus ini."))
    if parent.is_deleted:
        raise CommentError(_("Komentar yang Anda balas sudah dihapus."))
    if parent.is_hidden:
        raise CommentError(_("Komentar yang Anda balas disembunyikan moderator."))
    root = parent
    while root.parent is not None:
        root = root.parent
    return root


def add_comment(
    case_study: CaseStudy,
    author: User,
    body: str,
    parent: Comment | None = None,
) -> Comment:
    """A comment (or, with ``parent``, a reply) by ``author``, and its notices.

    Replying to a reply attaches the new comment to that reply's top-level
    comment, so a thread is never deeper than one level.

    :raise CommentError: the case study is not published or its comments are
        locked, the body is empty or too long, or ``parent`` belongs elsewhere
        or was deleted or hidden.
    """
    if case_study.comments_locked:
        raise CommentError(_("Komentar pada studi kasus ini dikunci moderator."))
    if not can(author, Ability.COMMENT, case_study):
        raise CommentError(
            _("Komentar hanya dapat ditulis pada studi kasus yang sudah terbit.")
        )
    text = _checked_body(body)
    root = _thread_root(case_study, parent) if parent is not None else None
    comment = Comment(
        case_study=case_study,
        author=author,
        parent=root,
        body_md=text,
        body_html=str(render_markdown(text)),
    )
    db.session.add(comment)
    db.session.flush()
    _notify(comment, replied_to=parent)
    return comment


def edit_comment(comment: Comment, editor: User, body: str) -> Comment:
    """Replace the text of ``comment``; ``updated_at`` shows it was edited.

    :raise CommentError: ``editor`` may not edit it, or the body is invalid.
    """
    if not can(editor, Ability.EDIT_COMMENT, comment):
        raise CommentError(_("Anda hanya dapat mengubah komentar Anda sendiri."))
    text = _checked_body(body)
    comment.body_md = text
    comment.body_html = str(render_markdown(text))
    comment.updated_at = utcnow()
    db.session.flush()
    return comment


def delete_comment(comment: Comment) -> None:
    """Soft delete: the row stays so its replies keep their place in the thread.

    The text is cleared (pages show "Komentar ini telah dihapus." instead) and
    the notices about it are dropped, since they would lead to nothing. The
    caller checks ``Ability.DELETE_COMMENT`` first.
    """
    if comment.is_deleted:
        return
    comment.deleted_at = utcnow()
    comment.body_md = ""
    comment.body_html = ""
    db.session.execute(
        sa.delete(Notification).where(Notification.comment_id == comment.id)
    )
    db.session.flush()


def comment_thread(case_study: CaseStudy) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments, oldest first, each with its replies, in one query.

    Authors are loaded in the same query and every comment is linked to
    ``case_study`` and its parent in memory, so rendering the thread runs no
    query per comment.
    """
    comments = db.session.scalars(
        sa.select(Comment)
        .where(Comment.case_study_id == case_study.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    by_id = {comment.id: comment for comment in comments}
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        set_committed_value(comment, "case_study", case_study)
        set_committed_value(comment, "parent", by_id.get(comment.parent_id))
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.id, [])) for c in comments if c.parent_id is None]


# Notifications ---------------------------------------------------------------


def _notify(comment: Comment, *, replied_to: Comment | None) -> list[Notification]:
    """Tell the people a new comment concerns, each once, never its own author.

    A reply notifies the author of the comment replied to and the author of
    the thread's top-level comment (``reply``), then the case-study author
    (``comment``). When one person fits several, the first (most personal)
    reason wins.
    """
    recipients: list[tuple[int, NotificationKind]] = []
    if comment.parent is not None:
        for target in (replied_to, comment.parent):
            if target is not None:
                recipients.append((target.author_id, NotificationKind.REPLY))
    recipients.append((comment.case_study.author_id, NotificationKind.COMMENT))
    seen = {comment.author_id}
    notices = []
    for user_id, kind in recipients:
        if user_id in seen:
            continue
        seen.add(user_id)
        notices.append(
            Notification(
                user_id=user_id,
                kind=kind,
                actor_id=comment.author_id,
                case_study_id=comment.case_study_id,
                comment_id=comment.id,
            )
        )
    db.session.add_all(notices)
    db.session.flush()
    return notices


def _unread(user: User) -> sa.ColumnElement[bool]:
    return sa.and_(Notification.user_id == user.id, Notification.read_at.is_(None))


def unread_count(user: User) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(_unread(user))
        )
        or 0
    )


def notice_loading() -> list[Any]:
    """Loader options for everything a notice's words need (``app.notifications.
    reasons``): the list and the email senders load notices with these, so
    describing a page of them runs no further query."""
    follow = joinedload(Notification.follow)
    return [
        joinedload(Notification.actor),
        joinedload(Notification.case_study).joinedload(CaseStudy.author),
        # Follow-up notices name the programme.
        joinedload(Notification.follow_up)
        .joinedload(FollowUp.completion)
        .joinedload(Completion.program),
        # New case studies say which follow brought them.
        follow.joinedload(Follow.program),
        follow.joinedload(Follow.agency),
        follow.joinedload(Follow.tag),
        follow.joinedload(Follow.followed_user),
    ]


def list_notifications(user: User, *, page: int = 1, per_page: int = 20) -> Pagination:
    """``user``'s notifications, newest first, with what the list shows loaded."""
    stmt = (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .options(*notice_loading())
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def notification_for(user: User, notification_id: int) -> Notification | None:
    """The notification only if it is ``user``'s: others' do not exist for them."""
    return db.session.scalar(
        sa.select(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user.id)
        .options(joinedload(Notification.case_study))
    )


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    result = db.session.execute(
        sa.update(Notification)
        .where(_unread(user))
        .values(read_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0
