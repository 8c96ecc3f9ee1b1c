"""Form submissions already handled, so a double submit creates one item."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class FormSubmission(Base):
    """A form's one-time token, stored in the same transaction as what it made.

    The second submit of the same form (double click, resend after a timeout)
    finds the token taken and is sent to ``location``, where the first one
    went, instead of creating a second item.
    """

    __tablename__ = "form_submission"

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    location: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
