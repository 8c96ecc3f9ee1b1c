"""One-click unsubscribe: a signed token that names a user and topics.

Every email carries a link ``/berhenti/<token>``; opening it needs no login
(people read mail on a phone where they are not signed in). The token is the
authority, so it must be impossible to forge or to bend to another account:

* It is signed with ``SECRET_KEY`` (itsdangerous ``URLSafeTimedSerializer``)
  under its own salt, so a token made for another purpose with the same key
  (for example the participant import's signed file) is not accepted here.
* It carries the user id and the topic(s) *inside* the signed payload: a
  token for user 1 can only ever change user 1's settings, whatever the URL
  or form says. Changing one character of it breaks the signature.
* It lasts :data:`MAX_AGE` (180 days). Digests are weekly at most, so a link
  in any email of the last half year still works, which is what people
  expect from an old newsletter; after that it says so and points to the
  settings page. It is not single-use: unsubscribing twice is harmless (the
  topic simply stays "never"), and mail scanners that follow links must not
  be able to burn it.
* All it can do is set topics to "never": the worst a leaked link does is
  stop some emails, which the user can turn back on in the settings.

Digests cover several topics at once, so a token holds a list of topics;
an immediate email's token holds one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from app.extensions import db
from app.mail import absolute_url
from app.models import EmailFrequency, NotificationTopic, User
from app.notifications.settings import TOPICS, set_frequencies

SALT = "lumbung.notifications.unsubscribe"
MAX_AGE = timedelta(days=180)


class TokenError(ValueError):
    """The token is forged, tampered with, expired or names nobody."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class Unsubscribe:
    """What a valid token asks: these topics of this user to "never"."""

    user: User
    topics: tuple[NotificationTopic, ...]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(user: User, topics: Iterable[NotificationTopic]) -> str:
    ordered = sorted({NotificationTopic(t) for t in topics}, key=TOPICS.index)
    if not ordered:
        raise ValueError("an unsubscribe token needs at least one topic")
    return _serializer().dumps({"u": user.id, "t": [t.value for t in ordered]})


def unsubscribe_url(user: User, topics: Iterable[NotificationTopic]) -> str:
    """The absolute link for emails (``BASE_URL``)."""
    return absolute_url("notifications.unsubscribe", token=make_token(user, topics))


def read_token(token: str) -> Unsubscribe:
    """The request a token carries.

    :raise TokenError: bad signature, wrong salt, expired (``.expired``), a
        payload of the wrong shape, or a user that no longer exists.
    """
    try:
        payload: Any = _serializer().loads(token, max_age=int(MAX_AGE.total_seconds()))
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadData as error:
        raise TokenError() from error
    try:
        user_id = int(payload["u"])
        topics = tuple(NotificationTopic(t) for t in payload["t"])
    except (TypeError, KeyError, ValueError) as error:
        raise TokenError() from error
    user = db.session.get(User, user_id)
    if user is None or not topics:
        raise TokenError()
    return Unsubscribe(user=user, topics=topics)


def apply(request: Unsubscribe) -> None:
    """Set the token's topics to "never" for its user; flushes."""
    set_frequencies(request.user, dict.fromkeys(request.topics, EmailFrequency.NEVER))
