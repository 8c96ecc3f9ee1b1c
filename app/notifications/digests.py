"""Daily and weekly digests, each sent exactly once.

``flask digests send`` is safe to run from cron as often as you like (hourly
is plenty) and twice at once. A **period** begins at 07.00 WIB every day
(daily) or every Monday (weekly); ``period_start`` is that instant in UTC.

What a digest holds: the user's notices in topics set to that frequency that
were not emailed yet, not read in the app yet, and arrived *before the period
began*. So the daily digest is the morning summary of yesterday: a run at
07.10 and a late run at 15.00 (after an outage) send the same content, and a
notice of 09.00 waits for tomorrow's. No such notice, no email and no row.

Exactly once, per (user, frequency, period):

1. **Claim** (one transaction): ``INSERT INTO digest ... ON CONFLICT DO
   NOTHING RETURNING id`` on the unique (user, frequency, period_start); an id
   back means this run owns the digest, none that another run (or an earlier one)
   does. In the same transaction the notices are read (``FOR UPDATE`` on
   PostgreSQL; on SQLite the INSERT already holds the write lock) and
   ``mailed_at`` is set on exactly those, with a check that every one of them
   was still unmailed. Nothing to say after all: roll back, no row.
2. **Send**, after the commit, outside any transaction; ``sent_at`` or
   ``email_error`` is recorded on the digest row. A run killed between claim
   and send loses that digest rather than risk sending it twice (visible:
   ``sent_at`` and ``email_error`` both empty).

Read notices are never emailed; those in a claimed digest's topics are marked
along with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from app.community.services import notice_loading
from app.extensions import db
from app.i18n import WIB
from app.mail import Mailer, MailError, absolute_url
from app.models import (
    GROUPED_KINDS,
    Digest,
    EmailFrequency,
    Notification,
    NotificationSetting,
    User,
)
from app.notifications.emails import compose_digest
from app.notifications.immediate import active_account
from app.notifications.reasons import available
from app.notifications.settings import effective_frequency, setting_join
from app.sql import dialect_insert, is_postgres

DIGEST_HOUR = 7  # 07.00 WIB
FREQUENCIES = (EmailFrequency.DAILY, EmailFrequency.WEEKLY)


def period_start(frequency: EmailFrequency, now: datetime) -> datetime:
    """The latest 07.00 WIB (daily) or Monday 07.00 WIB (weekly) at or before
    ``now``, in UTC. WIB has no daylight saving time, so this is exact."""
    local = now.astimezone(WIB)
    start = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    if frequency is EmailFrequency.WEEKLY:
        start -= timedelta(days=start.weekday())
    elif frequency is not EmailFrequency.DAILY:
        raise ValueError(f"no digest for {frequency}")
    return start.astimezone(UTC)


@dataclass
class DigestReport:
    sent: int = 0
    failed: int = 0

    @property
    def summary(self) -> str:
        """The fixed, untranslated last line that cron wrappers read."""
        return f"{self.sent} digests sent"


def _in_digest(frequency: EmailFrequency, start: datetime) -> sa.ColumnElement[bool]:
    """Unmailed notices governed by ``frequency`` that arrived before ``start``."""
    return sa.and_(
        Notification.mailed_at.is_(None),
        Notification.created_at < start,
        effective_frequency() == frequency.value,
    )


def _notices(
    frequency: EmailFrequency,
    start: datetime,
    column: sa.ColumnElement = Notification.id,
) -> sa.Select:
    return (
        sa.select(column)
        .join(User, User.id == Notification.user_id)
        .outerjoin(NotificationSetting, setting_join())
        .where(_in_digest(frequency, start))
    )


def due_users(frequency: EmailFrequency, now: datetime) -> list[int]:
    """Active users with something unread for this period's digest and no
    digest for it yet (a claim decides for sure)."""
    start = period_start(frequency, now)
    claimed = sa.select(Digest.id).where(
        Digest.user_id == Notification.user_id,
        Digest.frequency == frequency,
        Digest.period_start == start,
    )
    statement = (
        _notices(frequency, start, Notification.user_id)
        .where(
            Notification.read_at.is_(None),
            active_account(),
            ~claimed.exists(),
        )
        .distinct()
        .order_by(Notification.user_id)
    )
    return list(db.session.scalars(statement))


@dataclass(frozen=True)
class Claimed:
    digest_id: int
    notification_ids: list[int]


def claim(user_id: int, frequency: EmailFrequency, now: datetime) -> Claimed | None:
    """Claim the user's digest for the period at ``now`` and commit; None when
    another run has it or there is nothing to send."""
    start = period_start(frequency, now)
    table = Digest.__table__
    # RETURNING says whether the row was inserted; with ON CONFLICT on
    # PostgreSQL (psycopg) the row count reads -1.
    digest_id = db.session.scalar(
        dialect_insert(table)
        .values(
            user_id=user_id,
            frequency=frequency,
            period_start=start,
            claimed_at=now,
            notification_count=0,
        )
        .on_conflict_do_nothing(index_elements=["user_id", "frequency", "period_start"])
        .returning(table.c.id)
    )
    if digest_id is None:
        db.session.rollback()
        return None
    ids = _lock(user_id, frequency, start)
    content = _content(ids)
    if not content:
        db.session.rollback()  # no digest row: there is nothing to say
        _settle_quietly(ids, now)
        return None
    if not _mark_mailed(ids, now):
        db.session.rollback()  # taken meanwhile; the next run looks again
        return None
    db.session.execute(
        sa.update(Digest)
        .where(Digest.id == digest_id)
        .values(notification_count=len(content))
    )
    db.session.commit()
    return Claimed(digest_id=digest_id, notification_ids=content)


def _lock(user_id: int, frequency: EmailFrequency, start: datetime) -> list[int]:
    statement = _notices(frequency, start).where(Notification.user_id == user_id)
    if is_postgres():
        # Waits for a concurrent claim of the same rows, then re-checks
        # mailed_at IS NULL on their new version.
        statement = statement.with_for_update(of=Notification)
    return list(db.session.scalars(statement))


def _load(ids: list[int]) -> list[Notification]:
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.id.in_(ids))
            .options(joinedload(Notification.user), *notice_loading())
            .order_by(Notification.created_at.desc(), Notification.id.desc())
        ).unique()
    )


def _content(ids: list[int]) -> list[int]:
    """What the email shows: unread, still visible, not emptied groups."""
    return [
        n.id
        for n in _load(ids)
        if n.read_at is None
        and n.user.is_active
        and available(n)
        and not (n.kind in GROUPED_KINDS and n.actor_count < 1)
    ]


def _mark_mailed(ids: list[int], now: datetime) -> bool:
    """Set ``mailed_at`` on exactly ``ids``; False if any was taken meanwhile."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.id.in_(ids), Notification.mailed_at.is_(None))
        .values(mailed_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == len(ids)


def _settle_quietly(ids: list[int], now: datetime) -> None:
    """Notices that need no email (read, no longer visible, emptied groups):
    mark them so they are not looked at again. Idempotent, sends nothing."""
    if ids:
        _mark_mailed(ids, now)
    db.session.commit()


def send_due(
    now: datetime,
    *,
    mailer: Mailer | None = None,
    on_each: Callable[[], None] | None = None,
) -> DigestReport:
    """Send every digest due at ``now`` that no run has claimed.

    :raise MailConfigError: the mail settings cannot work; nothing was claimed.
    """
    report = DigestReport()
    own_mailer = mailer is None
    mailer = mailer or Mailer()
    absolute_url("notifications.settings")  # fail before claiming anything
    try:
        for frequency in FREQUENCIES:
            for user_id in due_users(frequency, now):
                db.session.rollback()  # no snapshot held between claims
                claimed = claim(user_id, frequency, now)
                if claimed is not None:
                    send(claimed, frequency, now, mailer, report)
                if on_each is not None:
                    on_each()
    finally:
        if own_mailer:
            mailer.close()
    return report


def send(
    claimed: Claimed,
    frequency: EmailFrequency,
    now: datetime,
    mailer: Mailer,
    report: DigestReport,
) -> None:
    notices = _load(claimed.notification_ids)
    user = notices[0].user
    mail = compose_digest(user, frequency, period_start(frequency, now), notices)
    db.session.rollback()  # hold no transaction while SMTP talks
    try:
        mailer.send(mail)
    except MailError as error:
        _record(claimed.digest_id, email_error=str(error)[:1000])
        report.failed += 1
        current_app.logger.warning(
            "Digest %s: email failed: %s", claimed.digest_id, error
        )
    else:
        _record(claimed.digest_id, sent_at=now)
        report.sent += 1


def _record(digest_id: int, **values: object) -> None:
    db.session.execute(sa.update(Digest).where(Digest.id == digest_id).values(**values))
    db.session.commit()


def unsent(now: datetime, older_than: timedelta = timedelta(minutes=15)) -> int:
    """Digests claimed long ago but neither sent nor failed: a run died."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(Digest.id)).where(
                Digest.claimed_at < now - older_than,
                Digest.sent_at.is_(None),
                Digest.email_error == "",
            )
        )
        or 0
    )
