"""The notification emails: one notice, or a digest grouped by topic.

Each is rendered in the recipient's language (``force_locale``), with
absolute links (``BASE_URL``), the reason the user got every notice, a link
to the settings line that governs it, and the one-click unsubscribe link in
the body and in the ``List-Unsubscribe``/``List-Unsubscribe-Post`` headers
(RFC 8058).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from app.mail import Mail, absolute_url, recipient_locale, unsubscribe_headers
from app.models import EmailFrequency, Notification, NotificationTopic, User
from app.notifications.reasons import Notice, describe
from app.notifications.settings import TOPIC_LABELS, TOPICS, topic_anchor
from app.notifications.unsubscribe import unsubscribe_url

# Subjects are one line in every mail client; a long title is cut.
MAX_SUBJECT = 150


def settings_url(topic: NotificationTopic | None = None) -> str:
    url = absolute_url("notifications.settings")
    return f"{url}#{topic_anchor(topic)}" if topic else url


def footer(user: User, topics: Sequence[NotificationTopic], why: str = "") -> dict:
    """What every email ends with: why, where to change it, how to stop it.

    Call inside the recipient's locale. ``topics``: what the unsubscribe
    link turns off (one for an immediate email, all of a digest's).
    """
    if len(topics) == 1:
        label = _(
            "Berhenti menerima email tentang «%(topic)s»",
            topic=TOPIC_LABELS[topics[0]],
        )
    else:
        label = _("Berhenti menerima email ringkasan ini")
    return {
        "why": why,
        "settings_url": settings_url(topics[0] if len(topics) == 1 else None),
        "unsubscribe_url": unsubscribe_url(user, topics),
        "unsubscribe_label": label,
    }


def _subject(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_SUBJECT else line[: MAX_SUBJECT - 1] + "…"


def _mail(user: User, subject: str, text: str, html: str, unsubscribe: str) -> Mail:
    return Mail(
        to=user.email,
        to_name=user.name,
        subject=_subject(subject),
        text=text,
        html=html,
        headers=unsubscribe_headers(unsubscribe),
    )


def compose_notice(notification: Notification) -> Mail:
    """One notice, sent at once. Needs the notice's relationships loaded."""
    user = notification.user
    with force_locale(recipient_locale(user)):
        notice = describe(notification, absolute=True)
        context = {
            "user": user,
            "notice": notice,
            **footer(user, [notice.topic], notice.reason),
        }
        text = render_template("notifications/email/notice.txt", **context)
        html = render_template("notifications/email/notice.html", **context)
        return _mail(user, notice.text, text, html, context["unsubscribe_url"])


@dataclass(frozen=True)
class TopicGroup:
    topic: NotificationTopic
    label: str
    notices: list[Notice]
    settings_url: str
    unsubscribe_url: str
    unsubscribe_label: str


def _groups(user: User, notices: list[Notice]) -> list[TopicGroup]:
    groups = []
    for topic in TOPICS:
        mine = [n for n in notices if n.topic is topic]
        if not mine:
            continue
        links = footer(user, [topic])
        groups.append(
            TopicGroup(
                topic=topic,
                label=str(TOPIC_LABELS[topic]),
                notices=mine,
                settings_url=links["settings_url"],
                unsubscribe_url=links["unsubscribe_url"],
                unsubscribe_label=links["unsubscribe_label"],
            )
        )
    return groups


def digest_subject(frequency: EmailFrequency, count: int) -> str:
    if frequency is EmailFrequency.DAILY:
        return ngettext(
            "Ringkasan harian Lumbung Praktik: %(num)d notifikasi baru",
            "Ringkasan harian Lumbung Praktik: %(num)d notifikasi baru",
            count,
        )
    return ngettext(
        "Ringkasan mingguan Lumbung Praktik: %(num)d notifikasi baru",
        "Ringkasan mingguan Lumbung Praktik: %(num)d notifikasi baru",
        count,
    )


def compose_digest(
    user: User,
    frequency: EmailFrequency,
    period_start: datetime,
    notifications: Sequence[Notification],
) -> Mail:
    """A digest: the notices grouped by topic, newest first within each."""
    with force_locale(recipient_locale(user)):
        notices = [describe(n, absolute=True) for n in notifications]
        groups = _groups(user, notices)
        context = {
            "user": user,
            "frequency": frequency.value,
            "period_start": period_start,
            "groups": groups,
            "count": len(notices),
            **footer(user, [g.topic for g in groups]),
        }
        text = render_template("notifications/email/digest.txt", **context)
        html = render_template("notifications/email/digest.html", **context)
        subject = digest_subject(frequency, len(notices))
        return _mail(user, subject, text, html, context["unsubscribe_url"])
