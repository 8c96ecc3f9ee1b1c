"""Verifying or rejecting what members declared they completed.

A verified completion lets a case study be featured; a rejected one stays on
the member's profile with the reason, and counts nowhere (writing case
studies, development hours, dashboards). Each decision notifies the member
and is an audit event. Functions flush but never commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    Completion,
    CompletionSource,
    Notification,
    NotificationKind,
    Program,
    ProgramRun,
    User,
)
from app.models.base import utcnow
from app.moderation.audit import record
from app.programmes.services import ProgrammeError

MAX_REASON_LENGTH = 1000


def awaiting_verification(
    program: Program | None = None, *, page: int = 1, per_page: int = 20
) -> Pagination:
    """Self-declared completions nobody has verified or rejected, oldest first
    (they have waited longest), optionally of one programme."""
    stmt = (
        sa.select(Completion)
        .where(
            Completion.source == CompletionSource.DECLARED,
            Completion.verified_at.is_(None),
            Completion.rejected_at.is_(None),
        )
        .options(
            joinedload(Completion.user).joinedload(User.agency),
            joinedload(Completion.program),
        )
        .order_by(Completion.created_at, Completion.id)
    )
    if program is not None:
        stmt = stmt.where(Completion.program_id == program.id)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def runs_by_program(program_ids: set[int]) -> dict[int, list[ProgramRun]]:
    """Runs a verified completion may be placed in, per programme (one query)."""
    runs: dict[int, list[ProgramRun]] = {}
    if program_ids:
        for run in db.session.scalars(
            sa.select(ProgramRun)
            .where(ProgramRun.program_id.in_(program_ids))
            .order_by(ProgramRun.starts_on.desc(), ProgramRun.id.desc())
        ):
            runs.setdefault(run.program_id, []).append(run)
    return runs


def _notify(
    completion: Completion, actor: User, kind: NotificationKind, message: str
) -> None:
    db.session.add(
        Notification(
            user_id=completion.user_id, kind=kind, actor_id=actor.id, message=message
        )
    )


def verify_completion(
    completion: Completion, actor: User, *, run_id: int | None = None
) -> Completion:
    """Vouch for a completion, optionally placing it in a run of its programme.

    :raise ProgrammeError: already verified, the actor's own completion, or a
        run of another programme.
    """
    if completion.user_id == actor.id:
        raise ProgrammeError(_("Anda tidak dapat memverifikasi program Anda sendiri."))
    if completion.verified:
        raise ProgrammeError(_("Program ini sudah terverifikasi."))
    if run_id is not None:
        run = db.session.get(ProgramRun, run_id)
        if run is None or run.program_id != completion.program_id:
            raise ProgrammeError(_("Pilih angkatan dari program yang sama."), "run")
        completion.run_id = run.id
    was_rejected = completion.rejected
    completion.verified_at = utcnow()
    completion.verified_by_id = actor.id
    completion.rejected_at = None
    completion.rejected_by_id = None
    completion.rejection_reason = ""
    _notify(completion, actor, NotificationKind.COMPLETION_VERIFIED, "")
    db.session.flush()
    record(
        actor,
        "completion_verify",
        target_type="completion",
        target_id=completion.id,
        user_id=completion.user_id,
        program_id=completion.program_id,
        run_id=completion.run_id,
        was_rejected=was_rejected,
    )
    return completion


def reject_completion(completion: Completion, actor: User, reason: str) -> Completion:
    """The organiser found no record of it: it stays, marked, with the reason.

    :raise ProgrammeError: no reason, already rejected, imported by an
        organiser (their list is the record), or the actor's own.
    """
    reason = reason.strip()
    if completion.user_id == actor.id:
        raise ProgrammeError(_("Anda tidak dapat menolak program Anda sendiri."))
    if completion.source is CompletionSource.IMPORTED:
        raise ProgrammeError(
            _(
                "Program ini diimpor dari daftar peserta penyelenggara; "
                "tidak dapat ditolak."
            )
        )
    if completion.rejected:
        raise ProgrammeError(_("Program ini sudah ditolak."))
    if not reason:
        raise ProgrammeError(
            _("Tulis alasan penolakan. Anggota akan membacanya."), "reason"
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ProgrammeError(
            _("Alasan paling banyak %(n)d karakter.", n=MAX_REASON_LENGTH), "reason"
        )
    was_verified = completion.verified
    completion.rejected_at = utcnow()
    completion.rejected_by_id = actor.id
    completion.rejection_reason = reason
    completion.verified_at = None
    completion.verified_by_id = None
    _notify(completion, actor, NotificationKind.COMPLETION_REJECTED, reason)
    db.session.flush()
    record(
        actor,
        "completion_reject",
        target_type="completion",
        target_id=completion.id,
        reason=reason,
        user_id=completion.user_id,
        program_id=completion.program_id,
        was_verified=was_verified,
    )
    return completion
