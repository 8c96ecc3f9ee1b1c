"""Profiles and declared completions: what a profile shows, the rules to change it.

Functions flush but never commit; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from app.community import appreciation
from app.extensions import db
from app.i18n import today_wib
from app.models import (
    Agency,
    CaseStudy,
    Comment,
    Completion,
    CompletionSource,
    Program,
    Replication,
    Role,
    Status,
    User,
)
from app.policy import Ability, can
from app.practices import queries

EARLIEST_COMPLETION = date(2000, 1, 1)
MAX_CERTIFICATE_LENGTH = 80

ROLE_LABELS = {
    Role.MEMBER: _l("Anggota"),
    Role.MODERATOR: _l("Moderator"),
    Role.ORGANISER: _l("Penyelenggara"),
    Role.LEADER: _l("Pimpinan"),
    Role.ADMIN: _l("Admin"),
}

STATUS_LABELS = {
    Status.DRAFT: _l("draf"),
    Status.PUBLISHED: _l("terbit"),
    Status.WITHDRAWN: _l("ditarik"),
    Status.HIDDEN: _l("disembunyikan"),
    Status.PENDING: _l("menunggu tinjauan"),
}


class ProfileError(ValueError):
    """A rule was broken; ``field`` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def errors(self) -> dict[str, str]:
        return {self.field or "": str(self)}


def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])


def status_label(status: Status) -> str:
    return str(STATUS_LABELS[status])


def profile_case_studies(user: User, *, include_unpublished: bool) -> list[CaseStudy]:
    """The user's case studies, newest first; drafts and others only for the owner."""
    stmt = (
        sa.select(CaseStudy)
        .where(CaseStudy.author_id == user.id)
        .options(*queries.card_options())
        .order_by(CaseStudy.updated_at.desc(), CaseStudy.id.desc())
    )
    if not include_unpublished:
        stmt = stmt.where(CaseStudy.status == Status.PUBLISHED)
    return list(db.session.scalars(stmt).unique())


def profile_completions(user: User) -> list[Completion]:
    """With programme and run loaded: the profile shows each one's JP."""
    return list(
        db.session.scalars(
            sa.select(Completion)
            .where(Completion.user_id == user.id)
            .options(joinedload(Completion.program), joinedload(Completion.run))
            .order_by(Completion.completed_on.desc(), Completion.id.desc())
        )
    )


def profile_completions_for(user: User, *, include_rejected: bool) -> list[Completion]:
    """What a profile lists: a rejected completion only for its owner (and
    organisers), who see why it was rejected."""
    completions = profile_completions(user)
    if include_rejected:
        return completions
    return [completion for completion in completions if not completion.rejected]


def supervisor_candidates(user: User, agency_id: int | None) -> list[User]:
    """Who ``user`` may name as atasan: active colleagues of that agency."""
    if agency_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.agency_id == agency_id,
                User.id != user.id,
                User.active.is_(True),
                User.pending_since.is_(None),
            )
            .order_by(sa.func.lower(User.name), User.id)
        )
    )


def check_supervisor(
    user: User, supervisor_id: int | None, agency_id: int | None
) -> None:
    """An atasan must be another active user of the same agency (or none).

    :raise ProfileError: on the ``supervisor`` field.
    """
    if supervisor_id is None:
        return
    supervisor = db.session.get(User, supervisor_id)
    if supervisor is None or supervisor.id == user.id or not supervisor.is_active:
        raise ProfileError(_("Pilih atasan dari daftar."), "supervisor")
    if agency_id is None or supervisor.agency_id != agency_id:
        raise ProfileError(
            _("Atasan harus dari instansi yang sama dengan Anda."), "supervisor"
        )


def declare_completion(
    user: User,
    *,
    program_id: int,
    completed_on: date,
    certificate_number: str = "",
    supervisor_id: int | None = None,
    today: date | None = None,
) -> Completion:
    """Record that ``user`` says they finished a programme; it stays unverified.

    :raise ProfileError: unknown programme, a date in the future or before
        2000, a certificate number that is too long, an atasan outside the
        user's agency, or the same programme and date already recorded (if the
        unique index is what caught it, the session has been rolled back).
    """
    certificate_number = certificate_number.strip()
    if db.session.get(Program, program_id) is None:
        raise ProfileError(_("Program tidak ditemukan."), "program")
    _check_completion_date(completed_on, today or today_wib())
    if len(certificate_number) > MAX_CERTIFICATE_LENGTH:
        raise ProfileError(
            _("Nomor sertifikat maksimal %(n)d karakter.", n=MAX_CERTIFICATE_LENGTH),
            "certificate_number",
        )
    check_supervisor(user, supervisor_id, user.agency_id)
    if _has_completion(user, program_id, completed_on):
        raise _duplicate_completion()
    completion = Completion(
        user_id=user.id,
        program_id=program_id,
        completed_on=completed_on,
        certificate_number=certificate_number,
        source=CompletionSource.DECLARED,
        supervisor_id=supervisor_id,
    )
    db.session.add(completion)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same form sent twice at once
        db.session.rollback()  # the transaction is unusable after a failed flush
        raise _duplicate_completion() from error
    return completion


def _check_completion_date(completed_on: date, today: date) -> None:
    if completed_on > today:
        raise ProfileError(
            _("Tanggal selesai tidak boleh di masa depan."), "completed_on"
        )
    if completed_on < EARLIEST_COMPLETION:
        raise ProfileError(
            _("Tanggal selesai tidak boleh sebelum tahun 2000."), "completed_on"
        )


def _has_completion(user: User, program_id: int, completed_on: date) -> bool:
    return (
        db.session.scalar(
            sa.select(Completion.id).where(
                Completion.user_id == user.id,
                Completion.program_id == program_id,
                Completion.completed_on == completed_on,
            )
        )
        is not None
    )


def _duplicate_completion() -> ProfileError:
    return ProfileError(
        _("Anda sudah mencatat program ini dengan tanggal selesai yang sama."),
        "completed_on",
    )


def delete_completion(user: User, completion: Completion) -> None:
    """Remove a declared completion the user entered by mistake.

    :raise ProfileError: it is verified (an organiser vouched for it), or the
        user has a case study about that programme, which needs the completion.
    """
    if completion.user_id != user.id:
        raise ProfileError(_("Data program ini bukan milik Anda."))
    if completion.verified:
        raise ProfileError(_("Program yang sudah terverifikasi tidak dapat dihapus."))
    if _has_case_study(user, completion.program_id):
        raise ProfileError(
            _(
                "Program ini tidak dapat dihapus karena Anda sudah menulis "
                "studi kasus tentangnya."
            )
        )
    db.session.delete(completion)
    db.session.flush()


def _has_case_study(user: User, program_id: int) -> bool:
    return (
        db.session.scalar(
            sa.select(CaseStudy.id)
            .where(CaseStudy.author_id == user.id, CaseStudy.program_id == program_id)
            .limit(1)
        )
        is not None
    )


def update_profile(
    user: User,
    *,
    name: str,
    position: str,
    agency_id: int,
    locale: str,
    supervisor_id: int | None,
) -> None:
    """Change what the user may change about themselves (not role, NIP or email).

    :raise ProfileError: the agency does not exist, or the atasan is not an
        active user of that agency.
    """
    if db.session.get(Agency, agency_id) is None:
        raise ProfileError(_("Instansi tidak ditemukan."), "agency")
    check_supervisor(user, supervisor_id, agency_id)
    user.name = " ".join(name.split())
    user.position = position.strip()
    user.agency_id = agency_id
    user.locale = locale
    user.supervisor_id = supervisor_id
    db.session.flush()


# --- what a profile shows about someone's part in the community ----------------

LATEST_COMMENTS = 5


@dataclass
class ProfileActivity:
    """Appreciation received and given, and comments, as one viewer may see them."""

    helpful_received: int
    replications_received: int
    # The user's published case studies that colleagues applied, with where.
    replicated_practices: list[tuple[CaseStudy, list[tuple[Agency, int]]]]
    comment_count: int
    latest_comments: list[Comment]  # case study loaded
    replicated_by_them: list[Replication]  # case study and agency loaded


def profile_activity(
    user: User, viewer: Any, case_studies: list[CaseStudy]
) -> ProfileActivity:
    """Everything below a profile's heading but case studies and programmes,
    in five queries whatever the amounts. ``case_studies`` is the list the
    profile already loaded (its published ones are matched to replications).
    """
    helpful, replicated = appreciation.received_counts(user)
    visible = _visible_to(viewer)
    comments = _comments_visible_to(viewer, user)
    return ProfileActivity(
        helpful_received=helpful,
        replications_received=replicated,
        replicated_practices=_replicated_practices(user, case_studies),
        comment_count=db.session.scalar(
            sa.select(sa.func.count(Comment.id))
            .join(CaseStudy, CaseStudy.id == Comment.case_study_id)
            .where(comments, visible)
        )
        or 0,
        latest_comments=list(
            db.session.scalars(
                sa.select(Comment)
                .join(Comment.case_study)
                .where(comments, visible)
                .options(contains_eager(Comment.case_study))
                .order_by(Comment.created_at.desc(), Comment.id.desc())
                .limit(LATEST_COMMENTS)
            )
        ),
        replicated_by_them=list(
            db.session.scalars(
                sa.select(Replication)
                .join(Replication.case_study)
                .where(Replication.user_id == user.id, visible)
                .options(
                    contains_eager(Replication.case_study),
                    joinedload(Replication.agency),
                )
                .order_by(Replication.created_at.desc(), Replication.id.desc())
            )
        ),
    )


def _visible_to(viewer: Any) -> sa.ColumnElement[bool]:
    """Case studies ``viewer`` may open, as SQL (``Ability.VIEW_CASE_STUDY``:
    published, their own, or everything for moderators)."""
    if can(viewer, Ability.MODERATE):
        return sa.true()
    if not getattr(viewer, "is_authenticated", False):
        return CaseStudy.status == Status.PUBLISHED
    return sa.or_(
        CaseStudy.status == Status.PUBLISHED, CaseStudy.author_id == viewer.id
    )


def _comments_visible_to(viewer: Any, author: User) -> sa.ColumnElement[bool]:
    """``author``'s comments that ``viewer`` may read (``Ability.VIEW_COMMENT``):
    never deleted ones; hidden ones only for the author and moderators."""
    condition = sa.and_(Comment.author_id == author.id, Comment.deleted_at.is_(None))
    own = getattr(viewer, "is_authenticated", False) and viewer.id == author.id
    if own or can(viewer, Ability.MODERATE):
        return condition
    return sa.and_(condition, Comment.hidden_at.is_(None))


def _replicated_practices(
    user: User, case_studies: list[CaseStudy]
) -> list[tuple[CaseStudy, list[tuple[Agency, int]]]]:
    """The user's published case studies with replications, each with the
    agencies that applied it (most colleagues first), in one query."""
    published = {cs.id: cs for cs in case_studies if cs.is_published}
    n = sa.func.count(Replication.id)
    rows = db.session.execute(
        sa.select(Replication.case_study_id, Agency, n)
        .join(Agency, Agency.id == Replication.agency_id)
        .join(CaseStudy, CaseStudy.id == Replication.case_study_id)
        .where(CaseStudy.author_id == user.id, CaseStudy.status == Status.PUBLISHED)
        .group_by(Replication.case_study_id, Agency.id)
        .order_by(n.desc(), Agency.name)
    )
    where: dict[int, list[tuple[Agency, int]]] = {}
    for case_study_id, agency, count in rows:
        where.setdefault(case_study_id, []).append((agency, count))
    found = [(published[cid], where[cid]) for cid in published if cid in where]
    return sorted(found, key=lambda item: -item[0].replication_count)
