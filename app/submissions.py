"""One-time form tokens: a form sent twice creates one item.

A form that creates something (a case study, a comment) carries a random
hidden token made when the page is rendered. The first valid POST stores the
token, with where it sent the user, in the same transaction as the new item;
a second POST of the same form (a double click, a resend after a slow answer,
the back button) finds it and is sent to the same place instead of creating a
second item. Two POSTs at the same moment cannot both store it: the token is
the primary key, so the loser's transaction fails and is rolled back.

Tokens belong to the user who sent them: the stored key is a digest of the
user id and the token, so someone else's token is simply a new token. A POST
without a (well-formed) token, from an old page or a script, is handled as
before, without this protection.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.models import FormSubmission, User
from app.models.base import utcnow

# How long a used token is remembered: far longer than any double click or
# resend, short enough that the table stays small. Pruned per user on use.
KEEP_FOR = timedelta(days=2)
T = TypeVar("T")
WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{16,100}")


def new_token() -> str:
    """A fresh token for one rendered form (a template global)."""
    return secrets.token_urlsafe(32)


def well_formed(token: str | None) -> str:
    """``token`` if it could be one of ours, else "" (a form field filter:
    hostile input is neither used nor echoed back into the page)."""
    return token if token and WELL_FORMED.fullmatch(token) else ""


def already_sent_message() -> str:
    return _(
        "Formulir ini sudah terkirim sebelumnya, jadi tidak dikirim dua kali. "
        "Ini hasilnya."
    )


@dataclass(frozen=True)
class Sent(Generic[T]):
    """Where to send the user, and what this POST made: None when an earlier
    POST of the same form made it and this one changed nothing."""

    location: str
    item: T | None = None

    @property
    def repeat(self) -> bool:
        return self.item is None


def _key(token: str, user: User) -> str:
    # 64 hex characters: fits the column, and scopes the token to its user.
    return hashlib.sha256(f"{user.id}:{token}".encode()).hexdigest()


def earlier_location(token: str | None, user: User) -> str | None:
    """Where the earlier submit of this form by ``user`` went, if there was one."""
    if token is None:
        return None
    row = db.session.get(FormSubmission, _key(token, user))
    return row.location if row is not None and row.user_id == user.id else None


def record(token: str | None, user: User, location: str) -> None:
    """Store the token in the current transaction (flushed, so a concurrent
    twin fails here), and forget this user's tokens older than ``KEEP_FOR``.

    :raise IntegrityError: the same form was stored meanwhile.
    """
    if token is None:
        return
    db.session.execute(
        sa.delete(FormSubmission).where(
            FormSubmission.user_id == user.id,
            FormSubmission.created_at < utcnow() - KEEP_FOR,
        )
    )
    db.session.add(
        FormSubmission(token=_key(token, user), user_id=user.id, location=location)
    )
    db.session.flush()


def submit_once(
    token: str | None,
    user: User,
    save: Callable[[], T],
    locate: Callable[[T], str],
) -> Sent[T]:
    """``save()`` (it adds the item to the session) and commit, unless this
    form was already sent; then the user goes where the first submit went.

    When ``save`` or the commit fails and a twin POST of the same form has
    committed meanwhile (the token is taken, or the twin's edit moved the
    version), that failure is the twin's doing: the twin's result is the
    answer. Any other error propagates after a rollback.
    """
    earlier = earlier_location(token, user)
    if earlier is not None:
        return Sent(earlier)
    try:
        item = save()
        location = locate(item)
        record(token, user, location)
        db.session.commit()
    except Exception:
        db.session.rollback()
        earlier = earlier_location(token, user)
        if earlier is None:
            raise
        return Sent(earlier)
    return Sent(location, item)
