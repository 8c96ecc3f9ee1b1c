"""Finding your way back: bookmarks ("disimpan") and follows ("ikuti")."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.people import Agency, User
    from app.models.practices import CaseStudy, Tag
    from app.models.programmes import Program


class Bookmark(Base):
    """A case study a user saved to read again."""

    __tablename__ = "bookmark"
    __table_args__ = (
        sa.Index("ix_bookmark_user_id_created_at", "user_id", "created_at"),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    case_study_id: Mapped[int] = mapped_column(
        sa.ForeignKey("case_study.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case_study: Mapped[CaseStudy] = relationship()


class FollowTarget(enum.StrEnum):
    """What can be followed; each is one nullable column of :class:`Follow`."""

    PROGRAM = "program"
    AGENCY = "agency"
    TAG = "tag"
    PERSON = "person"


# The column of Follow that holds each kind of target.
FOLLOW_COLUMNS = {
    FollowTarget.PROGRAM: "program_id",
    FollowTarget.AGENCY: "agency_id",
    FollowTarget.TAG: "tag_id",
    FollowTarget.PERSON: "followed_user_id",
}


class Follow(Base):
    """A user follows exactly one programme, agency, tag or person.

    One column per kind (rather than a type + id pair) so that every target
    is a real foreign key: deleting a tag removes its follows, and a tag
    merge can move them. Unique per (user, target); NULLs never collide.
    """

    __tablename__ = "follow"
    __table_args__ = (
        sa.CheckConstraint(
            "(CASE WHEN program_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN agency_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN tag_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN followed_user_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
        sa.UniqueConstraint("user_id", "program_id", name="uq_follow_user_program"),
        sa.UniqueConstraint("user_id", "agency_id", name="uq_follow_user_agency"),
        sa.UniqueConstraint("user_id", "tag_id", name="uq_follow_user_tag"),
        sa.UniqueConstraint(
            "user_id", "followed_user_id", name="uq_follow_user_person"
        ),
        # Fan-out on publication looks followers up by target.
        sa.Index("ix_follow_program_id", "program_id"),
        sa.Index("ix_follow_agency_id", "agency_id"),
        sa.Index("ix_follow_tag_id", "tag_id"),
        sa.Index("ix_follow_followed_user_id", "followed_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE")
    )
    program_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("program.id", ondelete="CASCADE")
    )
    agency_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agency.id", ondelete="CASCADE")
    )
    tag_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tag.id", ondelete="CASCADE")
    )
    followed_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    program: Mapped[Program | None] = relationship()
    agency: Mapped[Agency | None] = relationship()
    tag: Mapped[Tag | None] = relationship()
    followed_user: Mapped[User | None] = relationship(foreign_keys=[followed_user_id])

    @property
    def target_kind(self) -> FollowTarget:
        for kind, column in FOLLOW_COLUMNS.items():
            if getattr(self, column) is not None:
                return kind
        raise ValueError("a follow without a target")
