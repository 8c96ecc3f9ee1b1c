"""Evaluation evidence after a programme (Kirkpatrick levels 1 and 3).

Level 1 (reaction) is :class:`Feedback`; level 3 (behaviour on the job) is the
:class:`CheckIn` an ASN answers to a scheduled :class:`FollowUp`, optionally
confirmed by their supervisor. Case studies are the level 3/4 evidence that
already exists in ``practices``.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.people import User
    from app.models.programmes import Completion


def _enum(cls: type[enum.Enum]) -> sa.Enum:
    return sa.Enum(
        cls,
        native_enum=False,
        length=20,
        values_callable=lambda items: [i.value for i in items],
    )


class FollowUpStage(enum.StrEnum):
    """When after a completion the ASN is asked how it went."""

    EARLY = "early"  # +30 days by default
    LATER = "later"  # +90 days by default
    SUSTAINED = "sustained"  # +180 days: is it still being applied?


class FollowUp(Base):
    """One scheduled invitation to check in about a completion.

    ``claimed_at`` is set by exactly one sender (an atomic UPDATE ... WHERE
    claimed_at IS NULL), which is what makes concurrent cron runs safe;
    ``sent_at`` is set once the notification and email went out.
    """

    __tablename__ = "follow_up"
    __table_args__ = (
        sa.UniqueConstraint("completion_id", "stage"),
        sa.Index("ix_follow_up_due_unclaimed", "due_at", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    completion_id: Mapped[int] = mapped_column(
        sa.ForeignKey("completion.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[FollowUpStage] = mapped_column(_enum(FollowUpStage))
    due_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    # Why the email could not be delivered (the in-app notice still was).
    email_error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    completion: Mapped[Completion] = relationship()
    check_in: Mapped[CheckIn | None] = relationship(
        back_populates="follow_up", uselist=False
    )

    def __repr__(self) -> str:
        return f"<FollowUp {self.completion_id} {self.stage}>"


class ApplicationFrequency(enum.StrEnum):
    """How often the ASN applies what they learnt."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    RARELY = "rarely"
    NEVER = "never"


class CheckIn(Base):
    """The ASN's answer to a follow-up: have you applied it, and what changed?"""

    __tablename__ = "check_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        sa.ForeignKey("follow_up.id", ondelete="CASCADE"), unique=True
    )
    applied: Mapped[bool]
    frequency: Mapped[ApplicationFrequency] = mapped_column(_enum(ApplicationFrequency))
    obstacles: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    change_description: Mapped[str] = mapped_column(
        sa.Text, default="", server_default=""
    )
    # "What changed, as a number if possible": e.g. 35 (minutes of queue saved).
    change_figure: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    change_unit: Mapped[str] = mapped_column(
        sa.String(60), default="", server_default=""
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Third-party level-3 evidence: the atasan confirms (or not) the change.
    supervisor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    supervisor_confirmed: Mapped[bool | None]
    supervisor_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    supervisor_answered_at: Mapped[datetime | None]

    follow_up: Mapped[FollowUp] = relationship(back_populates="check_in")
    supervisor: Mapped[User | None] = relationship()


class Feedback(Base):
    """Level-1 reaction to a completed programme, one per completion.

    Individual answers are for organisers and admins only; everyone else sees
    aggregates of at least ``FEEDBACK_MIN_AGGREGATE`` answers.
    """

    __tablename__ = "feedback"
    __table_args__ = tuple(
        sa.CheckConstraint(f"{score} BETWEEN 1 AND 5", name=f"{score}_1_to_5")
        for score in ("relevance", "quality", "facilitator", "recommend")
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    completion_id: Mapped[int] = mapped_column(
        sa.ForeignKey("completion.id", ondelete="CASCADE"), unique=True
    )
    relevance: Mapped[int] = mapped_column(sa.SmallInteger)
    quality: Mapped[int] = mapped_column(sa.SmallInteger)
    facilitator: Mapped[int] = mapped_column(sa.SmallInteger)
    recommend: Mapped[int] = mapped_column(sa.SmallInteger)
    comment: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    completion: Mapped[Completion] = relationship()
