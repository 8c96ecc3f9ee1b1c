"""Where a follow-up notification leads, for the notifications list.

Completion verified/rejected notices lead to the profile; that redirect lives
in ``app.community.routes.open_notification`` beside this one.
"""

from __future__ import annotations

from flask import url_for

from app.models import Notification, NotificationKind


def notice_url(notification: Notification) -> str | None:
    """The check-in or confirmation page a notice opens; None for other kinds."""
    kind = notification.kind
    if kind is NotificationKind.FOLLOW_UP and notification.follow_up_id:
        return url_for("followups.check_in", follow_up_id=notification.follow_up_id)
    if kind is NotificationKind.CONFIRM_REQUEST and notification.follow_up_id:
        return url_for("followups.confirm", follow_up_id=notification.follow_up_id)
    return None
