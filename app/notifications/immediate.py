"""Immediate notification emails, each exactly once, even with two senders.

``flask notifications send`` runs from cron every few minutes. It looks at
notices not yet mailed (``mailed_at IS NULL``) that need a decision now:

* the recipient's frequency for the notice's topic is "immediate": email it;
* it is "never", or the account is inactive or still pending: no email, but
  ``mailed_at`` is set all the same, so the notice is not looked at again;
* "daily"/"weekly": left alone for ``flask digests send``.

Each one is **claimed** first (``app.claims``), in a short committed transaction:
``UPDATE notification SET mailed_at = :now WHERE id = :id AND mailed_at IS
NULL``; a row count of 1 means this sender owns it. On PostgreSQL the
candidates are read ``FOR UPDATE SKIP LOCKED``, so two senders take different
rows instead of queueing. The email goes out after the commit (no lock is held
while SMTP talks); a failure is written to ``mail_error`` and not retried: a
sender killed between claim and email loses that one email rather than risk
sending it twice.

Grouped kinds (helpful, replicated) wait until their group is
:data:`GROUP_WAIT` old (``NOTIFY_GROUP_WAIT``), so five quick marks make one
email ("Sri dan 4 rekan lain ..."). Claiming closes the group: a later mark
starts a new notice.

A notice already read in the app, or about a case study its reader may no
longer see, is claimed without an email.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app import claims
from app.community.services import notice_loading
from app.extensions import db
from app.mail import Mailer, MailError, absolute_url
from app.models import (
    GROUPED_KINDS,
    EmailFrequency,
    Notification,
    NotificationSetting,
    User,
)
from app.notifications.emails import compose_notice
from app.notifications.reasons import available
from app.notifications.settings import (
    effective_frequency,
    frequency_for,
    setting_join,
)

BATCH_SIZE = 50
GROUP_WAIT = timedelta(minutes=10)


@dataclass
class SendReport:
    """What one run did: ``emailed`` went out; ``quiet`` needed no email."""

    emailed: int = 0
    failed: int = 0
    quiet: int = 0

    @property
    def summary(self) -> str:
        """The fixed, untranslated last line that cron wrappers read."""
        return f"{self.emailed} notifications emailed"


def group_wait() -> timedelta:
    """``NOTIFY_GROUP_WAIT`` (seconds or a timedelta), else 10 minutes."""
    value = current_app.config.get("NOTIFY_GROUP_WAIT", GROUP_WAIT)
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def active_account() -> sa.ColumnElement[bool]:
    return sa.and_(User.active.is_(True), User.pending_since.is_(None))


def _pending(now: datetime) -> sa.Select:
    """Unmailed notices that this sender decides about at ``now``."""
    frequency = effective_frequency()
    group_ready = sa.or_(
        Notification.kind.not_in(GROUPED_KINDS),
        sa.func.coalesce(Notification.group_started_at, Notification.created_at)
        <= now - group_wait(),
    )
    return (
        sa.select(Notification.id)
        .join(User, User.id == Notification.user_id)
        .outerjoin(NotificationSetting, setting_join())
        .where(
            Notification.mailed_at.is_(None),
            Notification.created_at <= now,
            group_ready,
            sa.or_(
                sa.not_(active_account()),
                frequency.in_(
                    [EmailFrequency.IMMEDIATE.value, EmailFrequency.NEVER.value]
                ),
            ),
        )
    )


def pending_count(now: datetime) -> int:
    """For the progress bar; other senders may take some meanwhile."""
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(_pending(now).subquery())
        )
        or 0
    )


def candidates(now: datetime, limit: int) -> list[int]:
    statement = _pending(now).order_by(Notification.id).limit(limit)
    return claims.locked_ids(statement, Notification)


def claim(notification_id: int, now: datetime) -> bool:
    """The atomic claim: True for exactly one sender per notice."""
    return claims.claim(Notification.mailed_at, notification_id, now)


def claim_batch(now: datetime, limit: int = BATCH_SIZE) -> tuple[list[int], bool]:
    """Claim up to ``limit`` notices and commit; (claimed ids, any found?)."""
    return claims.claim_all(candidates(now, limit), Notification.mailed_at, now)


def send_pending(
    now: datetime,
    *,
    mailer: Mailer | None = None,
    batch_size: int = BATCH_SIZE,
    on_each: Callable[[], None] | None = None,
) -> SendReport:
    """Decide about every notice pending at ``now``; email the immediate ones.

    :raise MailConfigError: the mail settings cannot work; nothing was claimed.
    """
    report = SendReport()
    own_mailer = mailer is None
    mailer = mailer or Mailer()
    absolute_url("notifications.settings")  # fail before claiming anything
    try:
        claims.drain(
            lambda: claim_batch(now, batch_size),
            lambda notification_id: deliver(notification_id, mailer, report),
            on_each,
        )
    finally:
        if own_mailer:
            mailer.close()
    return report


def _load(notification_id: int) -> Notification | None:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(Notification)
        .where(Notification.id == notification_id)
        .options(joinedload(Notification.user), *notice_loading())
    )


def quiet_reason(notification: Notification) -> str | None:
    """Why a claimed notice gets no email: ``None`` = email it; ``""`` = none
    needed (nothing to record); otherwise the text stored in ``mail_error``."""
    user = notification.user
    if user.is_pending:
        return _("Tidak dikirim: akun penerima belum didaftarkan pemiliknya.")
    if not user.is_active:
        return _("Tidak dikirim: akun penerima nonaktif.")
    if frequency_for(user, notification.kind.topic) is not EmailFrequency.IMMEDIATE:
        return ""
    if notification.read_at is not None:
        return ""  # already seen in the app
    if notification.kind in GROUPED_KINDS and notification.actor_count < 1:
        return ""  # every mark was withdrawn
    if not available(notification):
        return _("Tidak dikirim: studi kasusnya tidak tersedia lagi.")
    return None


def deliver(notification_id: int, mailer: Mailer, report: SendReport) -> None:
    """Email one claimed notice, or record why not."""
    notification = _load(notification_id)
    if notification is None:  # deleted after the claim (comment deleted)
        db.session.rollback()
        report.quiet += 1
        return
    reason = quiet_reason(notification)
    if reason is not None:
        _record(notification_id, reason)
        report.quiet += 1
        return
    mail = compose_notice(notification)
    db.session.rollback()  # hold no transaction while SMTP talks
    try:
        mailer.send(mail)
    except MailError as error:
        _record(notification_id, str(error))
        report.failed += 1
        current_app.logger.warning(
            "Notification %s: email failed: %s", notification_id, error
        )
    else:
        report.emailed += 1


def _record(notification_id: int, reason: str) -> None:
    db.session.rollback()
    if reason:
        db.session.execute(
            sa.update(Notification)
            .where(Notification.id == notification_id)
            .values(mail_error=reason[:1000])
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
