"""Notifications by email: per-topic choices, immediate emails, digests, unsubscribe.

The in-app list lives in ``app.community`` (``/notifikasi``); this area decides
what reaches the inbox. ``settings`` holds each user's choice per topic,
``reasons`` says what a notice is and why the user got it, ``immediate`` and
``digests`` send exactly once (``flask notifications send``, ``flask digests
send``), and ``unsubscribe`` turns a topic off from a signed link. See
docs/notifications.md.
"""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from app.notifications import routes  # noqa: E402,F401
