"""Reading the audit log: newest first, filtered. Nothing here writes to it.

Events are appended by ``app.moderation.audit.record``; the model refuses
updates and deletes, and no route offers either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.i18n import WIB
from app.models import AuditEvent, User

# What each action is called on screen; an action not listed shows as stored.
ACTION_LABELS = {
    "role_change": _l("Peran diubah"),
    "deactivate": _l("Akun dinonaktifkan"),
    "reactivate": _l("Akun diaktifkan lagi"),
    "agency_create": _l("Instansi dibuat"),
    "agency_edit": _l("Instansi diubah"),
    "agency_archive": _l("Instansi diarsipkan"),
    "agency_unarchive": _l("Instansi batal diarsipkan"),
    "program_create": _l("Program dibuat"),
    "program_edit": _l("Program diubah"),
    "program_archive": _l("Program diarsipkan"),
    "program_unarchive": _l("Program batal diarsipkan"),
    "tag_rename": _l("Tag diubah namanya"),
    "tag_merge": _l("Tag digabungkan"),
    "hide": _l("Disembunyikan"),
    "auto_hide": _l("Disembunyikan otomatis"),
    "restore": _l("Dipulihkan"),
    "dismiss_flags": _l("Laporan diabaikan"),
    "approve": _l("Disetujui dan terbit"),
    "lock_comments": _l("Komentar dikunci"),
    "unlock_comments": _l("Komentar dibuka kembali"),
    "warn": _l("Peringatan dikirim"),
    "feature": _l("Dijadikan praktik unggulan"),
    "unfeature": _l("Praktik unggulan dibatalkan"),
    "verify": _l("Diverifikasi"),
}

TARGET_LABELS = {
    "user": _l("Pengguna"),
    "agency": _l("Instansi"),
    "program": _l("Program"),
    "tag": _l("Tag"),
    "case_study": _l("Studi kasus"),
    "comment": _l("Komentar"),
    "completion": _l("Program yang diselesaikan"),
}


# The keys ``details`` hold (see each ``record`` call); others show as stored.
DETAIL_LABELS = {
    "old": _l("Sebelumnya"),
    "new": _l("Sesudahnya"),
    "name": _l("Nama"),
    "slug": _l("Alamat"),
    "hours": _l("JP"),
    "description": _l("Deskripsi diubah"),
    "source": _l("Tag yang digabungkan"),
    "source_id": _l("Nomor tag yang digabungkan"),
    "source_slug": _l("Alamat tag yang digabungkan"),
    "into": _l("Tag tujuan"),
    "case_studies": _l("Jumlah studi kasus"),
    "follows": _l("Jumlah pengikut yang dipindahkan"),
}


def detail_label(key: str) -> str:
    return str(DETAIL_LABELS.get(key, key))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def target_label(target_type: str) -> str:
    return str(TARGET_LABELS.get(target_type, target_type))


@dataclass
class AuditFilters:
    """What the filter form asks for; empty values filter nothing."""

    action: str = ""
    actor: str = ""  # part of the actor's name or email, any case
    actor_id: int | None = None
    target_type: str = ""
    target_id: int | None = None
    since: date | None = None  # WIB calendar days, both ends included
    until: date | None = None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=WIB)


def _conditions(filters: AuditFilters) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.target_type:
        conditions.append(AuditEvent.target_type == filters.target_type)
    if filters.target_id is not None:
        conditions.append(AuditEvent.target_id == filters.target_id)
    if filters.actor_id is not None:
        conditions.append(AuditEvent.actor_id == filters.actor_id)
    if actor := " ".join(filters.actor.split()).lower():
        matching = sa.select(User.id).where(
            sa.or_(
                sa.func.lower(User.name).contains(actor, autoescape=True),
                sa.func.lower(User.email).contains(actor, autoescape=True),
            )
        )
        conditions.append(AuditEvent.actor_id.in_(matching))
    if filters.since is not None:
        conditions.append(AuditEvent.created_at >= _start_of(filters.since))
    if filters.until is not None:
        next_day = _start_of(filters.until + timedelta(days=1))
        conditions.append(AuditEvent.created_at < next_day)
    return conditions


def paginate_events(filters: AuditFilters, *, page: int, per_page: int) -> Pagination:
    """Matching events, newest first, each with its actor loaded."""
    stmt = (
        sa.select(AuditEvent)
        .where(*_conditions(filters))
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def latest_events(limit: int = 5) -> list[AuditEvent]:
    return list(paginate_events(AuditFilters(), page=1, per_page=limit).items)


def used_actions() -> list[str]:
    """Every action that appears in the log, for the filter's choices."""
    return sorted(
        db.session.scalars(sa.select(AuditEvent.action).distinct()),
        key=action_label,
    )


def used_target_types() -> list[str]:
    return sorted(
        db.session.scalars(sa.select(AuditEvent.target_type).distinct()),
        key=target_label,
    )
