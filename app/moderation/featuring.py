"""Praktik unggulan: moderators lift exemplary case studies up, with a note.

Only a published case study whose author's completion of its programme is
verified may be featured: the badge vouches for the story *and* for the
training behind it. Functions flush but never commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from app.extensions import db
from app.models import (
    Agency,
    CaseStudy,
    Completion,
    NotificationKind,
    Program,
    Status,
    User,
)
from app.models.base import utcnow
from app.moderation import audit
from app.moderation.decisions import ModerationError, checked_text
from app.moderation.notices import notify_author
from app.policy import Ability, can
from app.practices.queries import card_options


def has_verified_completion(case_study: CaseStudy) -> bool:
    """The author's completion of the case study's programme is verified."""
    return (
        db.session.scalar(
            sa.select(Completion.id)
            .where(
                Completion.user_id == case_study.author_id,
                Completion.program_id == case_study.program_id,
                Completion.verified_at.is_not(None),
            )
            .limit(1)
        )
        is not None
    )


def feature(case_study: CaseStudy, moderator: User, note: str) -> None:
    """Feature ``case_study`` with the curator's ``note`` (why it is exemplary).

    :raise ModerationError: no note, not published, already featured, or the
        author's completion of the programme is not verified yet.
    """
    if not can(moderator, Ability.FEATURE):
        raise ModerationError(_("Hanya moderator yang dapat melakukan ini."))
    note = _checked_note(note)
    if case_study.status is not Status.PUBLISHED:
        raise ModerationError(
            _("Hanya studi kasus yang terbit yang dapat menjadi praktik unggulan.")
        )
    if case_study.is_featured:
        raise ModerationError(_("Studi kasus ini sudah menjadi praktik unggulan."))
    if not has_verified_completion(case_study):
        raise ModerationError(
            _(
                "Penyelesaian program %(program)s oleh penulis belum diverifikasi. "
                "Minta penyelenggara memverifikasinya terlebih dahulu.",
                program=case_study.program.name,
            )
        )
    case_study.featured_at = utcnow()
    case_study.featured_by_id = moderator.id
    case_study.featured_note = note
    _decided(case_study, moderator, "feature", NotificationKind.FEATURED, note)


def unfeature(case_study: CaseStudy, moderator: User, reason: str) -> None:
    """Take the badge away; the author is told why.

    :raise ModerationError: no reason, or it is not featured.
    """
    if not can(moderator, Ability.FEATURE):
        raise ModerationError(_("Hanya moderator yang dapat melakukan ini."))
    reason = checked_text(reason)
    if not case_study.is_featured:
        raise ModerationError(_("Studi kasus ini bukan praktik unggulan."))
    case_study.featured_at = None
    case_study.featured_by_id = None
    case_study.featured_note = ""
    _decided(case_study, moderator, "unfeature", NotificationKind.UNFEATURED, reason)


def _checked_note(note: str) -> str:
    if not (note or "").strip():
        raise ModerationError(
            _(
                "Catatan kurator wajib diisi: jelaskan mengapa praktik ini "
                "layak dicontoh."
            )
        )
    return checked_text(note)


def _decided(
    case_study: CaseStudy,
    moderator: User,
    action: str,
    kind: NotificationKind,
    text: str,
) -> None:
    audit.record(
        moderator,
        action,
        target_type="case_study",
        target_id=case_study.id,
        reason=text,
    )
    notify_author(case_study, kind, actor=moderator, message=text)
    db.session.flush()


# Reading --------------------------------------------------------------------


def featured_listing(
    program: Program | None = None, agency: Agency | None = None
) -> sa.Select[tuple[CaseStudy]]:
    """Featured case studies still published, newest feature first."""
    stmt = (
        sa.select(CaseStudy)
        .where(CaseStudy.status == Status.PUBLISHED, CaseStudy.featured_at.is_not(None))
        .options(*card_options())
        .order_by(CaseStudy.featured_at.desc(), CaseStudy.id.desc())
    )
    if program is not None:
        stmt = stmt.where(CaseStudy.program_id == program.id)
    if agency is not None:
        stmt = stmt.where(CaseStudy.agency_id == agency.id)
    return stmt


def paginate_featured(
    *,
    page: int,
    per_page: int,
    program: Program | None = None,
    agency: Agency | None = None,
) -> Pagination:
    return db.paginate(
        featured_listing(program, agency),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def latest_featured(limit: int = 3) -> list[CaseStudy]:
    """For the home page."""
    return list(db.session.scalars(featured_listing().limit(limit)).unique())
