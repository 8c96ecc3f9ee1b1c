"""Appreciation of a case study: "bermanfaat" marks and replications.

Both are one row per (user, case study), enforced by the database, and each
case study keeps a running count (``CaseStudy.helpful_count`` /
``replication_count``) for sorting lists and search. A count changes only by
an atomic ``count = count ± 1`` in the same transaction as the row that was
actually inserted or deleted, so concurrent clicks cannot lose or double an
increment (see ``app.community.appreciation``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.people import Agency, User
    from app.models.practices import CaseStudy

MAX_REPLICATION_NOTE = 500


class HelpfulMark(Base):
    """A colleague found the case study helpful ("bermanfaat")."""

    __tablename__ = "helpful_mark"
    __table_args__ = (sa.Index("ix_helpful_mark_case_study_id", "case_study_id"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    case_study_id: Mapped[int] = mapped_column(
        sa.ForeignKey("case_study.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    case_study: Mapped[CaseStudy] = relationship()


class Replication(Base):
    """ "Saya menerapkan ini juga": a colleague applied the practice at work.

    ``agency_id`` is the colleague's agency when they said so, kept even if
    they move later: the replication happened there.
    """

    __tablename__ = "replication"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "case_study_id"),
        sa.Index("ix_replication_case_study_id", "case_study_id"),
        sa.Index("ix_replication_agency_id", "agency_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE")
    )
    case_study_id: Mapped[int] = mapped_column(
        sa.ForeignKey("case_study.id", ondelete="CASCADE")
    )
    agency_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agency.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(
        sa.String(MAX_REPLICATION_NOTE), default="", server_default=""
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    case_study: Mapped[CaseStudy] = relationship()
    agency: Mapped[Agency | None] = relationship()
