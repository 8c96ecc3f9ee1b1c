"""Hiding and restoring an item: the state changes themselves, nothing more.

A hidden case study has status ``HIDDEN``; a hidden comment has
``hidden_at``. Both keep who hid them (None: hidden automatically) and why,
which their author sees. Callers record the audit event and the notice.
"""

from __future__ import annotations

from app.models import CaseStudy, Comment, Status, User
from app.models.base import utcnow


def target_type(item: CaseStudy | Comment) -> str:
    """The ``target_type`` of audit events and flags about ``item``."""
    return "comment" if isinstance(item, Comment) else "case_study"


def is_hidden(item: CaseStudy | Comment) -> bool:
    if isinstance(item, Comment):
        return item.is_hidden
    return item.status is Status.HIDDEN


def hide_item(item: CaseStudy | Comment, by: User | None, reason: str) -> None:
    item.hidden_at = utcnow()
    item.hidden_by_id = by.id if by is not None else None
    item.hidden_reason = reason
    if isinstance(item, CaseStudy):
        item.status = Status.HIDDEN


def restore_item(item: CaseStudy | Comment) -> None:
    """Visible again; a case study held before it was hidden is now published.

    ``updated_at`` stays: it tells readers when the *text* last changed.
    """
    item.hidden_at = None
    item.hidden_by_id = None
    item.hidden_reason = ""
    if isinstance(item, CaseStudy):
        item.status = Status.PUBLISHED
        item.published_at = item.published_at or utcnow()
