"""Email choices per notification topic, and digests sent.

A user chooses, per :class:`NotificationTopic`, how its notifications reach
them by email. No row means the topic's default (``DEFAULT_FREQUENCY``), so
the defaults can change without touching every user.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class NotificationTopic(enum.StrEnum):
    """Groups of notification kinds that share one email choice."""

    DISCUSSION = "discussion"  # comments on your work, replies to you
    APPRECIATION = "appreciation"  # helpful and replication marks
    FOLLOWING = "following"  # new case studies in what you follow
    MODERATION = "moderation"  # decisions about your content, warnings
    PROGRAMME = "programme"  # follow-ups, check-in confirmations, verification


class EmailFrequency(enum.StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"


DEFAULT_FREQUENCY = {
    NotificationTopic.DISCUSSION: EmailFrequency.DAILY,
    NotificationTopic.APPRECIATION: EmailFrequency.WEEKLY,
    NotificationTopic.FOLLOWING: EmailFrequency.WEEKLY,
    NotificationTopic.MODERATION: EmailFrequency.IMMEDIATE,
    NotificationTopic.PROGRAMME: EmailFrequency.IMMEDIATE,
}


def _enum(cls: type[enum.StrEnum]) -> sa.Enum:
    return sa.Enum(
        cls,
        native_enum=False,
        length=20,
        values_callable=lambda items: [i.value for i in items],
    )


class NotificationSetting(Base):
    """One user's email choice for one topic (only when it differs or was set)."""

    __tablename__ = "notification_setting"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[NotificationTopic] = mapped_column(
        _enum(NotificationTopic), primary_key=True
    )
    frequency: Mapped[EmailFrequency] = mapped_column(_enum(EmailFrequency))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Digest(Base):
    """One digest email: claimed once per (user, frequency, period).

    The unique key is what makes ``flask digests send`` exactly-once: a
    second sender (or a re-run) cannot insert the same period again.
    ``period_start`` is the UTC instant the WIB day or ISO week began.
    """

    __tablename__ = "digest"
    __table_args__ = (
        sa.UniqueConstraint(
            "user_id", "frequency", "period_start", name="uq_digest_user_period"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE")
    )
    frequency: Mapped[EmailFrequency] = mapped_column(_enum(EmailFrequency))
    period_start: Mapped[datetime]
    notification_count: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    email_error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
