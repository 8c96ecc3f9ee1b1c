"""Comments and in-app notifications."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.mailing import NotificationTopic

if TYPE_CHECKING:
    from app.models.evaluation import FollowUp
    from app.models.following import Follow
    from app.models.people import User
    from app.models.practices import CaseStudy


class Comment(Base):
    """A comment on a case study; ``parent_id`` allows one level of replies."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_study_id: Mapped[int] = mapped_column(
        sa.ForeignKey("case_study.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    body_md: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]
    # Deleted comments keep their row so replies below them still make sense.
    deleted_at: Mapped[datetime | None]
    # Hidden by a moderator (or automatically, by: None) with a reason that
    # its author sees; everyone else no longer sees the comment.
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    hidden_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    case_study: Mapped[CaseStudy] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    parent: Mapped[Comment | None] = relationship(remote_side=[id])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class NotificationKind(enum.StrEnum):
    COMMENT = "comment"  # someone commented on your case study
    REPLY = "reply"  # someone replied to your comment
    # Moderation decisions about your content; ``message`` holds the reason.
    HIDDEN = "hidden"  # your case study or comment was hidden
    RESTORED = "restored"  # ... and is visible again
    APPROVED = "approved"  # your held case study was approved and published
    WARNING = "warning"  # a moderator warned you; ``message`` says why
    COMMENTS_LOCKED = "comments_locked"  # no new comments on your case study
    COMMENTS_UNLOCKED = "comments_unlocked"
    FEATURED = "featured"  # chosen as praktik unggulan; ``message``: the note
    UNFEATURED = "unfeatured"
    FOLLOW_UP = "follow_up"  # time to check in about a completed programme
    CONFIRM_REQUEST = "confirm_request"  # a staff member's check-in awaits you
    COMPLETION_VERIFIED = "completion_verified"
    COMPLETION_REJECTED = "completion_rejected"  # ``message``: the reason
    # Appreciation, grouped: one unread notice per case study counts the
    # colleagues (``actor_count``; ``actor`` is the latest of them).
    HELPFUL = "helpful"
    REPLICATED = "replicated"
    # A case study was published in something you follow (``follow``: why).
    NEW_CASE_STUDY = "new_case_study"

    @property
    def topic(self) -> NotificationTopic:
        """The email choice that governs this kind."""
        return KIND_TOPICS[self]


# Kinds whose unread, not yet emailed notices gather into one per case study.
GROUPED_KINDS = (NotificationKind.HELPFUL, NotificationKind.REPLICATED)

KIND_TOPICS = {
    NotificationKind.COMMENT: NotificationTopic.DISCUSSION,
    NotificationKind.REPLY: NotificationTopic.DISCUSSION,
    NotificationKind.HELPFUL: NotificationTopic.APPRECIATION,
    NotificationKind.REPLICATED: NotificationTopic.APPRECIATION,
    NotificationKind.NEW_CASE_STUDY: NotificationTopic.FOLLOWING,
    NotificationKind.HIDDEN: NotificationTopic.MODERATION,
    NotificationKind.RESTORED: NotificationTopic.MODERATION,
    NotificationKind.APPROVED: NotificationTopic.MODERATION,
    NotificationKind.WARNING: NotificationTopic.MODERATION,
    NotificationKind.COMMENTS_LOCKED: NotificationTopic.MODERATION,
    NotificationKind.COMMENTS_UNLOCKED: NotificationTopic.MODERATION,
    NotificationKind.FEATURED: NotificationTopic.MODERATION,
    NotificationKind.UNFEATURED: NotificationTopic.MODERATION,
    NotificationKind.FOLLOW_UP: NotificationTopic.PROGRAMME,
    NotificationKind.CONFIRM_REQUEST: NotificationTopic.PROGRAMME,
    NotificationKind.COMPLETION_VERIFIED: NotificationTopic.PROGRAMME,
    NotificationKind.COMPLETION_REJECTED: NotificationTopic.PROGRAMME,
}


_GROUPED_WHERE = sa.text(
    "read_at IS NULL AND mailed_at IS NULL AND kind IN ('helpful', 'replicated')"
)


class Notification(Base):
    """An in-app notice; ``read_at`` is set when the user opens it.

    ``mailed_at`` is set once the notice has been claimed for an email (sent
    immediately or put in a digest) or needs none, so nothing is emailed
    twice.
    """

    __tablename__ = "notification"
    __table_args__ = (
        sa.Index("ix_notification_user_id_read_at", "user_id", "read_at"),
        # One open group per (user, kind, case study): concurrent marks add
        # to it with INSERT ... ON CONFLICT instead of racing to create two.
        sa.Index(
            "uq_notification_open_group",
            "user_id",
            "kind",
            "case_study_id",
            unique=True,
            sqlite_where=_GROUPED_WHERE,
            postgresql_where=_GROUPED_WHERE,
        ),
        # The email sender looks for notices not yet mailed.
        sa.Index(
            "ix_notification_unmailed",
            "user_id",
            sqlite_where=sa.text("mailed_at IS NULL"),
            postgresql_where=sa.text("mailed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE")
    )
    kind: Mapped[NotificationKind] = mapped_column(
        sa.Enum(
            NotificationKind,
            native_enum=False,
            length=20,
            values_callable=lambda items: [i.value for i in items],
        )
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    case_study_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("case_study.id", ondelete="CASCADE")
    )
    comment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comment.id", ondelete="CASCADE")
    )
    # What a moderator wrote to the user (a reason, a warning, a curator's note).
    follow_up_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("follow_up.id", ondelete="CASCADE")
    )
    # The follow that brought a NEW_CASE_STUDY notice (gone if unfollowed).
    follow_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("follow.id", ondelete="SET NULL")
    )
    message: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Grouped kinds: how many colleagues, and when the group began (a mark
    # withdrawn after that leaves the group; one from before does not).
    actor_count: Mapped[int] = mapped_column(default=1, server_default="1")
    group_started_at: Mapped[datetime | None]
    # Latest activity: a grouped notice moves up when someone joins it.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    mailed_at: Mapped[datetime | None]
    mail_error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    case_study: Mapped[CaseStudy | None] = relationship()
    comment: Mapped[Comment | None] = relationship()
    follow_up: Mapped[FollowUp | None] = relationship()
    follow: Mapped[Follow | None] = relationship()
