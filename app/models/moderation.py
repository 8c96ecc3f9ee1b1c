"""Flags (laporan): a user tells moderators that a case study or comment is wrong."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.community import Comment
    from app.models.people import User
    from app.models.practices import CaseStudy

MAX_FLAG_NOTE_LENGTH = 1000


class FlagReason(enum.StrEnum):
    """The reasons the glossary lists (labels in ``app.moderation.forms``)."""

    SPAM = "spam"
    INAPPROPRIATE = "inappropriate"  # tidak pantas
    PERSONAL_DATA = "personal_data"  # data pribadi
    INACCURATE = "inaccurate"  # tidak akurat
    OTHER = "other"  # lainnya


class FlagResolution(enum.StrEnum):
    """What a moderator's decision made of an open flag."""

    DISMISSED = "dismissed"
    HIDDEN = "hidden"
    RESTORED = "restored"


_OPEN = "resolved_at IS NULL"


class Flag(Base):
    """One user's report about one item, open until a moderator decides.

    ``case_study_id`` is always set (for a comment: the case study it is on,
    so the queue filters flags by programme and agency with one join);
    ``comment_id`` is set when the comment, not the case study, is reported.
    The partial unique indexes allow one *open* flag per user per item, so a
    user may report an item again after a moderator has decided, and two
    requests racing past the service's check cannot both insert.
    """

    __tablename__ = "flag"
    __table_args__ = (
        sa.Index(
            "uq_flag_open_case_study",
            "reporter_id",
            "case_study_id",
            unique=True,
            sqlite_where=sa.text(f"{_OPEN} AND comment_id IS NULL"),
            postgresql_where=sa.text(f"{_OPEN} AND comment_id IS NULL"),
        ),
        sa.Index(
            "uq_flag_open_comment",
            "reporter_id",
            "comment_id",
            unique=True,
            sqlite_where=sa.text(f"{_OPEN} AND comment_id IS NOT NULL"),
            postgresql_where=sa.text(f"{_OPEN} AND comment_id IS NOT NULL"),
        ),
        sa.Index("ix_flag_case_study_id_resolved_at", "case_study_id", "resolved_at"),
        sa.Index("ix_flag_comment_id_resolved_at", "comment_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE")
    )
    case_study_id: Mapped[int] = mapped_column(
        sa.ForeignKey("case_study.id", ondelete="CASCADE")
    )
    comment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comment.id", ondelete="CASCADE")
    )
    reason: Mapped[FlagReason] = mapped_column(
        sa.Enum(
            FlagReason,
            native_enum=False,
            length=20,
            values_callable=lambda items: [i.value for i in items],
        )
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    resolution: Mapped[FlagResolution | None] = mapped_column(
        sa.Enum(
            FlagResolution,
            native_enum=False,
            length=20,
            values_callable=lambda items: [i.value for i in items],
        )
    )

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    case_study: Mapped[CaseStudy] = relationship()
    comment: Mapped[Comment | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def target_type(self) -> str:
        return "comment" if self.comment_id is not None else "case_study"

    def __repr__(self) -> str:
        return f"<Flag {self.id} {self.target_type} {self.reason}>"
