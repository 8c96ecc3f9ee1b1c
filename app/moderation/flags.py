"""Reporting content (laporkan), and hiding it automatically after enough reports.

Functions here add to the session and flush but never commit. After a
``FlagError`` the caller rolls back: a duplicate caught by the database
leaves the session unusable until then.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import (
    CaseStudy,
    Comment,
    Flag,
    FlagReason,
    NotificationKind,
    User,
)
from app.models.moderation import MAX_FLAG_NOTE_LENGTH
from app.moderation import audit
from app.moderation.notices import notify_author
from app.moderation.visibility import hide_item, target_type
from app.policy import Ability, can


class FlagError(ValueError):
    """A report was refused; ``str(error)`` is a message for the user."""


class DuplicateFlag(FlagError):
    """This user already has an open report on this item."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Anda sudah melaporkan ini. Moderator akan meninjaunya; "
                "Anda dapat melapor lagi setelah ada keputusan."
            )
        )


def open_flags_of(item: CaseStudy | Comment) -> sa.ColumnElement[bool]:
    """Open flags on exactly ``item`` (a case study's own, not its comments')."""
    if isinstance(item, Comment):
        return sa.and_(Flag.comment_id == item.id, Flag.resolved_at.is_(None))
    return sa.and_(
        Flag.case_study_id == item.id,
        Flag.comment_id.is_(None),
        Flag.resolved_at.is_(None),
    )


def has_open_flag(reporter: User, item: CaseStudy | Comment) -> bool:
    return (
        db.session.scalar(
            sa.select(Flag.id)
            .where(open_flags_of(item), Flag.reporter_id == reporter.id)
            .limit(1)
        )
        is not None
    )


def flag(
    reporter: User,
    item: CaseStudy | Comment,
    reason: FlagReason | str,
    note: str = "",
) -> Flag:
    """Record ``reporter``'s report, and hide ``item`` once enough people agree.

    :raise FlagError: the item is the reporter's own or not public, the
        reason is unknown or the note too long.
    :raise DuplicateFlag: the reporter already has an open report on it
        (also when a parallel request won the race to the unique index).
    """
    _check(reporter, item, reason, note)
    if has_open_flag(reporter, item):
        raise DuplicateFlag()
    comment = item if isinstance(item, Comment) else None
    report = Flag(
        reporter_id=reporter.id,
        case_study_id=comment.case_study_id if comment else item.id,
        comment_id=comment.id if comment else None,
        reason=FlagReason(reason),
        note=note.strip(),
    )
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise DuplicateFlag() from error
    _hide_if_reported_enough(item)
    return report


def _check(
    reporter: User, item: CaseStudy | Comment, reason: FlagReason | str, note: str
) -> None:
    if item.author_id == reporter.id:
        raise FlagError(_("Anda tidak dapat melaporkan tulisan Anda sendiri."))
    if not can(reporter, Ability.FLAG, item):
        raise FlagError(
            _("Hanya tulisan yang tampil untuk umum yang dapat dilaporkan.")
        )
    if reason not in set(FlagReason):
        raise FlagError(_("Pilih alasan laporan dari daftar."))
    if len(note.strip()) > MAX_FLAG_NOTE_LENGTH:
        raise FlagError(
            _("Keterangan paling banyak %(n)s karakter.", n=MAX_FLAG_NOTE_LENGTH)
        )


def open_reporters(item: CaseStudy | Comment) -> int:
    """How many different users have an open report on ``item``."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(Flag.reporter_id))).where(
                open_flags_of(item)
            )
        )
        or 0
    )


def _hide_if_reported_enough(item: CaseStudy | Comment) -> None:
    """At ``FLAG_HIDE_THRESHOLD`` different reporters the item is hidden until a
    moderator decides (its flags stay open, so it stays in the queue)."""
    reporters = open_reporters(item)
    if reporters < current_app.config["FLAG_HIDE_THRESHOLD"]:
        return
    # Stored in the platform's language, like text a moderator types.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        reason = _("disembunyikan otomatis: %(n)d laporan", n=reporters)
    hide_item(item, None, reason)
    audit.record(
        None,
        "auto_hide",
        target_type=target_type(item),
        target_id=item.id,
        reason=reason,
        reporters=reporters,
    )
    notify_author(item, NotificationKind.HIDDEN, actor=None, message=reason)
    db.session.flush()
