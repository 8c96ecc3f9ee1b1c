"""The words the moderation screens use for reasons and decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models import FlagReason

REASON_LABELS = {
    FlagReason.SPAM: _l("Spam"),
    FlagReason.INAPPROPRIATE: _l("Tidak pantas"),
    FlagReason.PERSONAL_DATA: _l("Data pribadi"),
    FlagReason.INACCURATE: _l("Tidak akurat"),
    FlagReason.OTHER: _l("Lainnya"),
}

# Audit actions of moderators, as the queue's "earlier decisions" show them.
ACTION_LABELS = {
    "hide": _l("disembunyikan"),
    "auto_hide": _l("disembunyikan otomatis"),
    "restore": _l("dipulihkan"),
    "dismiss_flags": _l("laporan diabaikan"),
    "approve": _l("disetujui dan terbit"),
    "lock_comments": _l("komentar dikunci"),
    "unlock_comments": _l("komentar dibuka kembali"),
    "feature": _l("dijadikan praktik unggulan"),
    "unfeature": _l("praktik unggulan dibatalkan"),
    "warn": _l("peringatan"),
}


def reason_label(reason: FlagReason | str) -> str:
    return str(REASON_LABELS[FlagReason(reason)])


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
