"""Sending due follow-ups exactly once, even with two senders at the same time.

``flask followups send`` runs from cron every few minutes, and two runs may
overlap (a slow SMTP server, two app servers). Each follow-up goes through:

1. **Claim** (``app.claims``; own short transaction, committed): ``UPDATE follow_up SET
   claimed_at = :now WHERE id = :id AND claimed_at IS NULL``; a row count of 1
   means this sender owns it, 0 that another one does. On PostgreSQL the
   candidates are first read ``FOR UPDATE SKIP LOCKED``, so two senders take
   different rows instead of queueing behind each other.
2. **Deliver** (own transaction): ``sent_at`` is set only where it is still
   empty and the row still exists (a rejected completion deletes its unsent
   follow-ups), then the in-app notification is added; both commit together.
3. **Email**, outside any transaction (no lock is held while SMTP talks);
   a failure is written to ``email_error``. The notification stands.

The email obeys the recipient's choice for the "programme" topic
(``app.notifications.settings``): only when it is "immediate" is the
invitation emailed here, and the notification's ``mailed_at`` is set in the
delivery transaction so no other sender mails it again. Otherwise
``mailed_at`` stays empty: the daily or weekly digest takes the notice, or
``flask notifications send`` settles it without an email ("never").

Nothing is ever claimed twice, so nothing is sent twice. The price: a sender
killed between claim and delivery leaves its rows claimed but unsent (visible:
``claimed_at`` set, ``sent_at`` empty, no ``email_error``) rather than risk a
second email; ``flask followups send`` lists them so an operator can look.

Not sent (claimed, ``email_error`` says why, never retried): an account that
is inactive or still pending, a completion rejected meanwhile, and an earlier
stage when a later stage of the same completion is already due (a completion
declared long after the fact gets one invitation, not three at once).
Answered follow-ups are never claimed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app import claims
from app.extensions import db
from app.followups.schedule import stage_days
from app.mail import (
    Mail,
    Mailer,
    MailError,
    absolute_url,
    recipient_locale,
    unsubscribe_headers,
)
from app.models import (
    CaseStudy,
    Completion,
    EmailFrequency,
    FollowUp,
    FollowUpStage,
    Notification,
    NotificationKind,
    NotificationTopic,
    User,
)
from app.notifications.emails import footer
from app.notifications.settings import frequency_for

BATCH_SIZE = 20
# A claim older than this without a delivery means its sender died.
STUCK_AFTER = timedelta(minutes=15)
# The stages after each one: an earlier stage is skipped when one is due.
LATER_STAGES = {
    FollowUpStage.EARLY: (FollowUpStage.LATER, FollowUpStage.SUSTAINED),
    FollowUpStage.LATER: (FollowUpStage.SUSTAINED,),
    FollowUpStage.SUSTAINED: (),
}


@dataclass
class SendReport:
    """What one run did; ``sent`` counts in-app deliveries (``sent_at`` set)."""

    sent: int = 0
    emailed: int = 0
    email_failed: int = 0
    skipped: int = 0
    # Delivered in the app; no email now (digest or "never", the user's choice).
    not_emailed: int = 0

    @property
    def summary(self) -> str:
        """The fixed, untranslated last line that cron wrappers read."""
        return f"{self.sent} follow-ups sent"


def due_candidates(now: datetime, limit: int) -> list[int]:
    statement = (
        sa.select(FollowUp.id)
        .where(
            FollowUp.due_at <= now,
            FollowUp.claimed_at.is_(None),
            FollowUp.answered_at.is_(None),
        )
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(limit)
    )
    return claims.locked_ids(statement, FollowUp)


def claim(follow_up_id: int, now: datetime) -> bool:
    """The atomic claim: True for exactly one sender per follow-up."""
    return claims.claim(FollowUp.claimed_at, follow_up_id, now)


def claim_batch(now: datetime, limit: int = BATCH_SIZE) -> tuple[list[int], bool]:
    """Claim up to ``limit`` due follow-ups and commit; (claimed ids, any left?)."""
    return claims.claim_all(due_candidates(now, limit), FollowUp.claimed_at, now)


def send_due(
    now: datetime,
    *,
    mailer: Mailer | None = None,
    batch_size: int = BATCH_SIZE,
    on_each: Callable[[], None] | None = None,
) -> SendReport:
    """Send every follow-up due at ``now`` that no other sender has claimed.

    ``now`` is passed in (not read from the clock) so tests and
    ``--now`` can run the schedule at any moment.

    :raise MailConfigError: the mail settings cannot work; nothing was claimed.
    """
    report = SendReport()
    own_mailer = mailer is None
    mailer = mailer or Mailer()
    absolute_url("followups.mine")  # fail before claiming anything
    try:
        claims.drain(
            lambda: claim_batch(now, batch_size),
            lambda follow_up_id: deliver(follow_up_id, now, mailer, report),
            on_each,
        )
    finally:
        if own_mailer:
            mailer.close()
    return report


def deliver(
    follow_up_id: int, now: datetime, mailer: Mailer, report: SendReport
) -> None:
    """Deliver one claimed follow-up: notification, then email."""
    follow_up = _load(follow_up_id)
    if follow_up is None or follow_up.sent_at is not None:
        # Deleted after the claim (completion rejected), or delivered already.
        db.session.rollback()
        report.skipped += 1
        return
    reason = skip_reason(follow_up, now)
    if reason:
        _record_error(follow_up_id, reason)
        report.skipped += 1
        return
    immediate = emails_now(follow_up.completion.user)
    mail = compose(follow_up) if immediate else None
    if not _mark_sent(follow_up, now, mailed=immediate):
        db.session.rollback()
        report.skipped += 1
        return
    db.session.commit()
    report.sent += 1
    if mail is None:
        report.not_emailed += 1
        return
    try:
        mailer.send(mail)
    except MailError as error:
        _record_error(follow_up_id, str(error))
        report.email_failed += 1
        current_app.logger.warning(
            "Follow-up %s: email failed: %s", follow_up_id, error
        )
    else:
        report.emailed += 1


def _load(follow_up_id: int) -> FollowUp | None:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(FollowUp)
        .where(FollowUp.id == follow_up_id)
        .options(
            joinedload(FollowUp.completion).joinedload(Completion.user),
            joinedload(FollowUp.completion).joinedload(Completion.program),
        )
    )


def skip_reason(follow_up: FollowUp, now: datetime) -> str:
    """Why this follow-up must not go out, or ``""``. Stored in ``email_error``."""
    completion = follow_up.completion
    user = completion.user
    if not user.is_active:
        if user.is_pending:
            return _("Tidak dikirim: akun penerima belum didaftarkan pemiliknya.")
        return _("Tidak dikirim: akun penerima nonaktif.")
    if completion.rejected:
        return _("Tidak dikirim: program yang dicatat sudah ditolak penyelenggara.")
    if follow_up.answered_at is not None:
        return _("Tidak dikirim: sudah dijawab.")
    if _later_stage_due(follow_up, now):
        return _("Dilewati: tahap tindak lanjut berikutnya sudah jatuh tempo.")
    return ""


def _later_stage_due(follow_up: FollowUp, now: datetime) -> bool:
    later = LATER_STAGES[follow_up.stage]
    if not later:
        return False
    found = db.session.scalar(
        sa.select(FollowUp.id).where(
            FollowUp.completion_id == follow_up.completion_id,
            FollowUp.stage.in_(later),
            FollowUp.due_at <= now,
        )
    )
    return found is not None


def emails_now(user: User) -> bool:
    """The recipient chose immediate email for programme notices (the default)."""
    return frequency_for(user, NotificationTopic.PROGRAMME) is EmailFrequency.IMMEDIATE


def _mark_sent(follow_up: FollowUp, now: datetime, *, mailed: bool) -> bool:
    """Set ``sent_at`` and add the notification, unless the row vanished.

    ``mailed``: this sender emails it, so the notice is marked as mailed in
    the same transaction and no notification sender or digest takes it.
    """
    result = db.session.execute(
        sa.update(FollowUp)
        .where(FollowUp.id == follow_up.id, FollowUp.sent_at.is_(None))
        .values(sent_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.add(
        Notification(
            user_id=follow_up.completion.user_id,
            kind=NotificationKind.FOLLOW_UP,
            follow_up_id=follow_up.id,
            created_at=now,
            mailed_at=now if mailed else None,
        )
    )
    db.session.flush()
    return True


def _record_error(follow_up_id: int, reason: str) -> None:
    db.session.rollback()
    db.session.execute(
        sa.update(FollowUp)
        .where(FollowUp.id == follow_up_id)
        .values(email_error=reason[:1000])
        .execution_options(synchronize_session=False)
    )
    # The notice (if one was delivered) records the failed email too.
    db.session.execute(
        sa.update(Notification)
        .where(
            Notification.follow_up_id == follow_up_id,
            Notification.kind == NotificationKind.FOLLOW_UP,
            Notification.mailed_at.is_not(None),
        )
        .values(mail_error=reason[:1000])
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


# --- the message -------------------------------------------------------------------


def invites_case_study(follow_up: FollowUp) -> bool:
    """Later stages always invite; the first only those who wrote none yet."""
    if follow_up.stage is not FollowUpStage.EARLY:
        return True
    completion = follow_up.completion
    written = db.session.scalar(
        sa.select(CaseStudy.id)
        .where(
            CaseStudy.author_id == completion.user_id,
            CaseStudy.program_id == completion.program_id,
        )
        .limit(1)
    )
    return written is None


def compose(follow_up: FollowUp) -> Mail:
    """The invitation, in the recipient's language, with absolute links."""
    completion = follow_up.completion
    user, program = completion.user, completion.program
    context = {
        "user": user,
        "program": program,
        "completion": completion,
        "follow_up": follow_up,
        "days": stage_days()[follow_up.stage],
        "check_in_url": absolute_url("followups.check_in", follow_up_id=follow_up.id),
        "case_study_url": (
            absolute_url("practices.new", program_id=program.id)
            if invites_case_study(follow_up)
            else None
        ),
        "mine_url": absolute_url("followups.mine"),
    }
    with force_locale(recipient_locale(user)):
        why = _(
            "Anda menerima ini karena Anda mencatat telah menyelesaikan «%(program)s».",
            program=program.name,
        )
        context.update(footer(user, [NotificationTopic.PROGRAMME], why))
        if follow_up.stage is FollowUpStage.SUSTAINED:
            subject = _("Masih menerapkan «%(program)s»?", program=program.name)
        else:
            subject = _(
                "Tindak lanjut «%(program)s»: bagaimana penerapannya?",
                program=program.name,
            )
        text = render_template("followups/email/invitation.txt", **context)
        html = render_template("followups/email/invitation.html", **context)
    return Mail(
        to=user.email,
        to_name=user.name,
        subject=subject,
        text=text,
        html=html,
        headers=unsubscribe_headers(context["unsubscribe_url"]),
    )


def stuck(now: datetime) -> int:
    """Claimed long ago but neither sent nor skipped: a sender died mid-way."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(FollowUp.id)).where(
                FollowUp.claimed_at < now - STUCK_AFTER,
                FollowUp.sent_at.is_(None),
                FollowUp.email_error == "",
            )
        )
        or 0
    )
