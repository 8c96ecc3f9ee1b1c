"""Moderators' decisions: hide, restore, dismiss reports, lock comments, warn,
approve a held case study.

Every decision is an audit event and, when it concerns someone's content, a
notice to its author carrying the reason. Functions flush but never commit;
the caller (a view, the demo loader, a test) owns the transaction and checks
``Ability.MODERATE`` first (checked again here, as a second lock).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.extensions import db
from app.models import (
    CaseStudy,
    Comment,
    Flag,
    FlagResolution,
    NotificationKind,
    Status,
    User,
)
from app.models.base import utcnow
from app.moderation import audit
from app.moderation.flags import open_flags_of
from app.moderation.notices import notify_author, notify_user
from app.moderation.visibility import hide_item, is_hidden, restore_item, target_type
from app.policy import Ability, can

MAX_REASON_LENGTH = 1000
HIDEABLE = frozenset({Status.PUBLISHED, Status.PENDING})


class ModerationError(ValueError):
    """A decision cannot be taken; ``str(error)`` is a message for the user."""


def _check_moderator(moderator: User) -> None:
    if not can(moderator, Ability.MODERATE):
        raise ModerationError(_("Hanya moderator yang dapat melakukan ini."))


def checked_text(text: str | None, *, required: bool = True) -> str:
    """A reason, message or note: trimmed, required unless said otherwise."""
    value = (text or "").strip()
    if required and not value:
        raise ModerationError(_("Alasan wajib diisi. Penulis akan membacanya."))
    if len(value) > MAX_REASON_LENGTH:
        raise ModerationError(
            _("Alasan paling banyak %(n)s karakter.", n=MAX_REASON_LENGTH)
        )
    return value


def resolve_flags(
    item: CaseStudy | Comment, moderator: User, resolution: FlagResolution
) -> int:
    """Close every open report on ``item``; returns how many were open."""
    result = db.session.execute(
        sa.update(Flag)
        .where(open_flags_of(item))
        .values(
            resolved_at=utcnow(),
            resolved_by_id=moderator.id,
            resolution=resolution,
        )
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


def hide(item: CaseStudy | Comment, moderator: User, reason: str) -> None:
    """Hide ``item`` from everyone but its author and moderators.

    :raise ModerationError: no reason, already hidden, or nothing to hide (a
        draft, a withdrawn case study, a deleted comment).
    """
    _check_moderator(moderator)
    reason = checked_text(reason)
    if is_hidden(item):
        raise ModerationError(_("Tulisan ini sudah disembunyikan."))
    if isinstance(item, CaseStudy) and item.status not in HIDEABLE:
        raise ModerationError(_("Studi kasus ini tidak tampil untuk umum."))
    if isinstance(item, Comment) and item.is_deleted:
        raise ModerationError(_("Komentar ini sudah dihapus penulisnya."))
    hide_item(item, moderator, reason)
    flags = resolve_flags(item, moderator, FlagResolution.HIDDEN)
    _decided(item, moderator, "hide", NotificationKind.HIDDEN, reason, flags=flags)


def restore(item: CaseStudy | Comment, moderator: User, reason: str) -> None:
    """Show a hidden item again (a case study becomes published).

    :raise ModerationError: no reason, or the item is not hidden.
    """
    _check_moderator(moderator)
    reason = checked_text(reason)
    if not is_hidden(item):
        raise ModerationError(_("Tulisan ini tidak sedang disembunyikan."))
    _restore(item)
    flags = resolve_flags(item, moderator, FlagResolution.RESTORED)
    _decided(item, moderator, "restore", NotificationKind.RESTORED, reason, flags=flags)


def dismiss_flags(item: CaseStudy | Comment, moderator: User, note: str = "") -> int:
    """The reports do not hold: close them. An item hidden automatically
    because of them is restored, and its author told so.

    :raise ModerationError: there is no open report on ``item``.
    """
    _check_moderator(moderator)
    note = checked_text(note, required=False)
    flags = resolve_flags(item, moderator, FlagResolution.DISMISSED)
    if not flags:
        raise ModerationError(_("Tidak ada laporan terbuka untuk tulisan ini."))
    audit.record(
        moderator,
        "dismiss_flags",
        target_type=target_type(item),
        target_id=item.id,
        reason=note,
        flags=flags,
    )
    if is_hidden(item) and item.hidden_by_id is None:
        _restore(item)
        reason = note or _default_restore_reason()
        _decided(item, moderator, "restore", NotificationKind.RESTORED, reason)
    db.session.flush()
    return flags


def _restore(item: CaseStudy | Comment) -> None:
    """Visible again; a case study held, then hidden, is now published for
    the first time, so its followers hear of it."""
    first_time = isinstance(item, CaseStudy) and item.published_at is None
    restore_item(item)
    if first_time:
        _announce(item)


def _announce(case_study: CaseStudy) -> None:
    """Tell followers about a case study published for the first time."""
    # Imported here: app.community's routes import this package's forms.
    from app.community.feed import notify_followers

    notify_followers(case_study)


def _default_restore_reason() -> str:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _("Laporan sudah ditinjau moderator dan tidak terbukti.")


def set_comments_locked(
    case_study: CaseStudy, moderator: User, locked: bool, reason: str
) -> None:
    """Lock (no new comments or replies) or unlock the comments of a case study.

    :raise ModerationError: no reason, or already in that state.
    """
    _check_moderator(moderator)
    reason = checked_text(reason)
    if case_study.comments_locked == locked:
        raise ModerationError(
            _("Komentar sudah dikunci.") if locked else _("Komentar tidak dikunci.")
        )
    case_study.comments_locked = locked
    action, kind = (
        ("lock_comments", NotificationKind.COMMENTS_LOCKED)
        if locked
        else ("unlock_comments", NotificationKind.COMMENTS_UNLOCKED)
    )
    _decided(case_study, moderator, action, kind, reason)


def warn(user: User, moderator: User, message: str) -> None:
    """A warning to ``user``, kept in the audit log (their history counts them).

    :raise ModerationError: no message, or a moderator warning themselves.
    """
    _check_moderator(moderator)
    message = checked_text(message)
    if user.id == moderator.id:
        raise ModerationError(_("Anda tidak dapat memperingatkan diri sendiri."))
    audit.record(
        moderator, "warn", target_type="user", target_id=user.id, reason=message
    )
    notify_user(user, NotificationKind.WARNING, actor=moderator, message=message)
    db.session.flush()


def approve(case_study: CaseStudy, moderator: User, note: str = "") -> None:
    """Publish a case study held for review (pre-moderation).

    :raise ModerationError: it is not waiting for review.
    """
    _check_moderator(moderator)
    note = checked_text(note, required=False)
    if case_study.status is not Status.PENDING:
        raise ModerationError(_("Studi kasus ini tidak menunggu tinjauan."))
    case_study.status = Status.PUBLISHED
    case_study.published_at = utcnow()
    case_study.hidden_at = None
    _decided(case_study, moderator, "approve", NotificationKind.APPROVED, note)
    _announce(case_study)


def _decided(
    item: CaseStudy | Comment,
    moderator: User,
    action: str,
    kind: NotificationKind,
    reason: str,
    **details: object,
) -> None:
    audit.record(
        moderator,
        action,
        target_type=target_type(item),
        target_id=item.id,
        reason=reason,
        **details,
    )
    notify_author(item, kind, actor=moderator, message=reason)
    db.session.flush()
