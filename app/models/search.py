"""The search change log: one row per case study whose index document may differ.

Rows are written by ``app.search.changes`` in the same transaction as the
change itself, so a commit and its log row stand or fall together; the indexer
(``app.search.indexer``) applies them to each server's index in id order.
There is deliberately no foreign key: a deleted case study must still leave a
row, which tells the indexer to remove its document.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class SearchChange(Base):
    __tablename__ = "search_change"
    # SQLite: AUTOINCREMENT so ids are never reused after rows are deleted
    # (a reused id below an index's watermark would never be applied).
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
        autoincrement=True,
    )
    case_study_id: Mapped[int] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchChange {self.id} case_study={self.case_study_id}>"
