"""Each user's email choice per notification topic.

A user without a :class:`NotificationSetting` row for a topic gets that
topic's ``DEFAULT_FREQUENCY``, so changing a default reaches everyone who
never chose. The senders need the same answer inside SQL (thousands of
notices, one query): :func:`effective_frequency` is that rule written as an
expression over ``notification`` left-joined to ``notification_setting`` with
:func:`setting_join`.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import (
    DEFAULT_FREQUENCY,
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationSetting,
    NotificationTopic,
    User,
)
from app.models.base import utcnow
from app.sql import dialect_insert

# The order the settings page and digests show topics in.
TOPICS = (
    NotificationTopic.DISCUSSION,
    NotificationTopic.APPRECIATION,
    NotificationTopic.FOLLOWING,
    NotificationTopic.MODERATION,
    NotificationTopic.PROGRAMME,
)

TOPIC_LABELS = {
    NotificationTopic.DISCUSSION: _l("Komentar dan balasan"),
    NotificationTopic.APPRECIATION: _l("Bermanfaat dan penerapan"),
    NotificationTopic.FOLLOWING: _l("Yang Anda ikuti"),
    NotificationTopic.MODERATION: _l("Keputusan moderator"),
    NotificationTopic.PROGRAMME: _l("Program dan tindak lanjut"),
}

# One short sentence per topic: what it covers.
TOPIC_EXPLANATIONS = {
    NotificationTopic.DISCUSSION: _l(
        "Rekan mengomentari studi kasus Anda atau membalas komentar Anda."
    ),
    NotificationTopic.APPRECIATION: _l(
        "Rekan menandai studi kasus Anda bermanfaat atau ikut menerapkannya."
    ),
    NotificationTopic.FOLLOWING: _l(
        "Studi kasus baru dari program, instansi, tag atau orang yang Anda ikuti."
    ),
    NotificationTopic.MODERATION: _l(
        "Moderator menyembunyikan, memulihkan, menyetujui atau mengunggulkan "
        "konten Anda, atau memberi peringatan."
    ),
    NotificationTopic.PROGRAMME: _l(
        "Tindak lanjut setelah program, permintaan konfirmasi atasan dan "
        "verifikasi program yang Anda catat."
    ),
}

FREQUENCY_LABELS = {
    EmailFrequency.IMMEDIATE: _l("Segera"),
    EmailFrequency.DAILY: _l("Ringkasan harian"),
    EmailFrequency.WEEKLY: _l("Ringkasan mingguan"),
    EmailFrequency.NEVER: _l("Tidak pernah"),
}


def topic_anchor(topic: NotificationTopic) -> str:
    """The id of the topic's line on the settings page (``#topik-...``)."""
    return f"topik-{topic.value}"


def kinds_of(topic: NotificationTopic) -> list[NotificationKind]:
    return [kind for kind in NotificationKind if kind.topic is topic]


def frequencies(user: User) -> dict[NotificationTopic, EmailFrequency]:
    """Every topic's frequency for ``user``, in one query."""
    chosen = dict(
        db.session.execute(
            sa.select(NotificationSetting.topic, NotificationSetting.frequency).where(
                NotificationSetting.user_id == user.id
            )
        ).all()
    )
    return {topic: chosen.get(topic, DEFAULT_FREQUENCY[topic]) for topic in TOPICS}


def frequency_for(user: User, topic: NotificationTopic) -> EmailFrequency:
    chosen = db.session.scalar(
        sa.select(NotificationSetting.frequency).where(
            NotificationSetting.user_id == user.id,
            NotificationSetting.topic == topic,
        )
    )
    return chosen or DEFAULT_FREQUENCY[topic]


def set_frequencies(
    user: User, choices: Mapping[NotificationTopic, EmailFrequency]
) -> None:
    """Store ``choices`` (any subset of topics); flushes, the caller commits.

    A row is written even when the choice equals the default: the user chose
    it, so a later change of the default does not override them. One upsert
    (``INSERT ... ON CONFLICT DO UPDATE``), so a double submit from two tabs
    cannot collide on the primary key.
    """
    if not choices:
        return
    now = utcnow()
    rows = [
        {
            "user_id": user.id,
            "topic": NotificationTopic(topic),
            "frequency": EmailFrequency(frequency),
            "updated_at": now,
        }
        for topic, frequency in choices.items()
    ]
    insert = dialect_insert(NotificationSetting).values(rows)
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=["user_id", "topic"],
            set_={
                "frequency": insert.excluded.frequency,
                "updated_at": insert.excluded.updated_at,
            },
        )
    )
    db.session.flush()


# --- the same rule in SQL, for the senders ----------------------------------------


def setting_join() -> sa.ColumnElement[bool]:
    """ON clause: the recipient's setting row for the notification's topic."""
    return sa.and_(
        NotificationSetting.user_id == Notification.user_id,
        sa.or_(
            *(
                sa.and_(
                    NotificationSetting.topic == topic,
                    Notification.kind.in_(kinds_of(topic)),
                )
                for topic in TOPICS
            )
        ),
    )


def effective_frequency() -> sa.ColumnElement[str]:
    """The frequency that governs each notification row (needs :func:`setting_join`
    as an outer join); compare it with ``EmailFrequency.X.value``."""
    default = sa.case(
        *(
            (Notification.kind.in_(kinds_of(topic)), DEFAULT_FREQUENCY[topic].value)
            for topic in TOPICS
        ),
        else_=EmailFrequency.NEVER.value,
    )
    chosen = sa.type_coerce(NotificationSetting.frequency, sa.String(20))
    return sa.func.coalesce(chosen, default, type_=sa.String(20))
