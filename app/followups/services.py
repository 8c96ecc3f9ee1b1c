"""Check-ins and the supervisor's confirmation: the rules views and tests call.

An ASN answers a sent follow-up once (``answered_at``); when they say they
applied what they learnt, their atasan is asked to confirm it, which makes the
check-in third-party level-3 evidence. Functions flush but never commit: the
caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import (
    ApplicationFrequency,
    CheckIn,
    Completion,
    FollowUp,
    Notification,
    NotificationKind,
    User,
)
from app.models.base import utcnow

MAX_TEXT_LENGTH = 2_000
MAX_UNIT_LENGTH = 60
MAX_NOTE_LENGTH = 1_000
# Fits the Numeric(14, 2) column.
MAX_FIGURE = Decimal("1e12")
# Saying "not applied" and "weekly" at once contradicts itself.
NOT_APPLIED_FREQUENCIES = frozenset(
    {ApplicationFrequency.RARELY, ApplicationFrequency.NEVER}
)


class CheckInError(ValueError):
    """A rule was broken; ``str(error)`` is a message for the user (translated)."""


class AlreadyAnswered(CheckInError):
    """The check-in (or the confirmation) was given before; show that answer."""


@dataclass(frozen=True)
class CheckInData:
    applied: bool
    frequency: ApplicationFrequency
    obstacles: str = ""
    change_description: str = ""
    change_figure: Decimal | None = None
    change_unit: str = ""


def follow_up_for_page(follow_up_id: int) -> FollowUp | None:
    """A follow-up with what its pages show, in one query."""
    return db.session.scalar(
        sa.select(FollowUp)
        .where(FollowUp.id == follow_up_id)
        .options(
            joinedload(FollowUp.completion).joinedload(Completion.program),
            joinedload(FollowUp.completion).joinedload(Completion.user),
            joinedload(FollowUp.check_in).joinedload(CheckIn.supervisor),
        )
    )


def follow_ups_of(user: User) -> list[FollowUp]:
    """``user``'s follow-ups, the next one due first, then the older ones."""
    return list(
        db.session.scalars(
            sa.select(FollowUp)
            .join(FollowUp.completion)
            .where(Completion.user_id == user.id, Completion.rejected_at.is_(None))
            .options(
                joinedload(FollowUp.completion).joinedload(Completion.program),
                joinedload(FollowUp.check_in),
            )
            .order_by(FollowUp.due_at.desc(), FollowUp.id.desc())
        ).unique()
    )


def resolve_supervisor(completion: Completion) -> User | None:
    """The atasan who may confirm: the completion's, else the profile's.

    Only an active user of the ASN's own agency, and never the ASN themself;
    the first candidate that qualifies wins.
    """
    owner = completion.user
    for candidate in (completion.supervisor, owner.supervisor):
        if (
            candidate is not None
            and candidate.id != owner.id
            and candidate.is_active
            and owner.agency_id is not None
            and candidate.agency_id == owner.agency_id
        ):
            return candidate
    return None


def _check_data(data: CheckInData) -> None:
    if not data.applied and data.frequency not in NOT_APPLIED_FREQUENCIES:
        raise CheckInError(
            _("Jika belum menerapkan, pilih «jarang» atau «tidak pernah».")
        )
    for text in (data.obstacles, data.change_description):
        if len(text) > MAX_TEXT_LENGTH:
            raise CheckInError(_("Jawaban paling banyak %(n)s karakter.", n="2.000"))
    if len(data.change_unit) > MAX_UNIT_LENGTH:
        raise CheckInError(_("Satuan paling banyak %(n)d karakter.", n=MAX_UNIT_LENGTH))
    figure = data.change_figure
    if figure is not None and (not figure.is_finite() or abs(figure) >= MAX_FIGURE):
        raise CheckInError(_("Angka ini terlalu besar atau tidak wajar."))


def submit_check_in(
    follow_up: FollowUp,
    user: User,
    data: CheckInData,
    *,
    now: datetime | None = None,
) -> CheckIn:
    """Record ``user``'s answer to ``follow_up``, once, and ask their atasan.

    :raise AlreadyAnswered: it was answered before (also by a second submit
        racing the first).
    :raise CheckInError: not theirs, not sent yet, or the answers contradict
        each other or are too long.
    """
    now = now or utcnow()
    if follow_up.completion.user_id != user.id or follow_up.sent_at is None:
        raise CheckInError(_("Tindak lanjut ini bukan untuk Anda."))
    if follow_up.answered_at is not None:
        raise AlreadyAnswered(_("Tindak lanjut ini sudah Anda jawab."))
    _check_data(data)
    _claim_answer(follow_up, now)
    supervisor = resolve_supervisor(follow_up.completion) if data.applied else None
    check_in = CheckIn(
        follow_up=follow_up,
        applied=data.applied,
        frequency=data.frequency,
        obstacles=data.obstacles.strip(),
        change_description=data.change_description.strip(),
        change_figure=(
            None
            if data.change_figure is None
            else data.change_figure.quantize(Decimal("0.01"))
        ),
        change_unit=data.change_unit.strip(),
        supervisor=supervisor,
        created_at=now,
    )
    db.session.add(check_in)
    if supervisor is not None:
        db.session.add(
            Notification(
                user_id=supervisor.id,
                kind=NotificationKind.CONFIRM_REQUEST,
                actor_id=user.id,
                follow_up_id=follow_up.id,
                created_at=now,
            )
        )
    try:
        db.session.flush()
    except IntegrityError as error:  # the same form sent twice at once
        db.session.rollback()
        raise AlreadyAnswered(_("Tindak lanjut ini sudah Anda jawab.")) from error
    return check_in


def _claim_answer(follow_up: FollowUp, now: datetime) -> None:
    """``answered_at`` is set by exactly one submit, like a sender's claim."""
    result = db.session.execute(
        sa.update(FollowUp)
        .where(FollowUp.id == follow_up.id, FollowUp.answered_at.is_(None))
        .values(answered_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise AlreadyAnswered(_("Tindak lanjut ini sudah Anda jawab."))
    set_committed_value(follow_up, "answered_at", now)


def _already_confirmed() -> AlreadyAnswered:
    return AlreadyAnswered(_("Anda sudah memberi konfirmasi untuk tindak lanjut ini."))


def confirm_check_in(
    check_in: CheckIn,
    supervisor: User,
    *,
    confirmed: bool,
    note: str = "",
    now: datetime | None = None,
) -> CheckIn:
    """The atasan confirms (or disputes) the change the ASN reported, once.

    :raise AlreadyAnswered: the atasan answered before.
    :raise CheckInError: ``supervisor`` is not the one asked, or the note is
        too long.
    """
    now = now or utcnow()
    if check_in.supervisor_id != supervisor.id or not check_in.applied:
        raise CheckInError(_("Konfirmasi ini bukan untuk Anda."))
    if check_in.supervisor_answered_at is not None:
        raise _already_confirmed()
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise CheckInError(_("Catatan paling banyak %(n)s karakter.", n="1.000"))
    result = db.session.execute(
        sa.update(CheckIn)
        .where(CheckIn.id == check_in.id, CheckIn.supervisor_answered_at.is_(None))
        .values(
            supervisor_confirmed=confirmed,
            supervisor_note=note,
            supervisor_answered_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise _already_confirmed()
    db.session.expire(check_in)
    return check_in
