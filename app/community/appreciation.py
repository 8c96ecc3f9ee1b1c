"""Appreciation: "bermanfaat" marks and "saya menerapkan ini juga" (replications).

Both are one row per (user, case study), and each case study keeps a running
count for sorting. Concurrent clicks must not lose or double a count, so a
count changes only by an atomic ``n = n ± 1`` executed when an
``INSERT ... ON CONFLICT DO NOTHING`` really inserted a row or a ``DELETE``
really deleted one, in the same transaction. Never read a count, change it in
Python and write it back.

The author hears about it through one grouped notice per case study and kind
("5 rekan menandai bermanfaat"): the partial unique index
``uq_notification_open_group`` allows one open (unread, not yet mailed) group,
and a mark joins it with ``INSERT ... ON CONFLICT DO UPDATE``, so two colleagues
clicking at once cannot open two groups.

Functions flush (or execute) but never commit: the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    Agency,
    CaseStudy,
    HelpfulMark,
    Notification,
    NotificationKind,
    Replication,
    Status,
    User,
)
from app.models.appreciation import MAX_REPLICATION_NOTE
from app.models.base import utcnow
from app.policy import Ability, can
from app.sql import dialect_insert

OPEN_GROUP_INDEX = "uq_notification_open_group"
# Rows listed on an agency page ("Diterapkan di instansi ini").
AGENCY_LIST_LIMIT = 50

_marks = HelpfulMark.__table__
_replications = Replication.__table__
_notices = Notification.__table__
_case_studies = CaseStudy.__table__


class AppreciationError(ValueError):
    """A rule was broken; ``str(error)`` is a message for the user (translated)."""


class AgencyMissing(AppreciationError):
    """A replication needs the user's agency: their profile has none yet."""


def normalise_note(note: str | None) -> str:
    """Browsers send CRLF; count a line break as one character, as they show it."""
    return (note or "").replace("\r\n", "\n").strip()


# --- writing -------------------------------------------------------------------


def set_helpful(user: User, case_study: CaseStudy, on: bool) -> bool:
    """Mark (``on``) or unmark ``case_study`` as helpful; returns whether it is
    marked now. Idempotent: marking twice leaves one mark and a count of one.

    :raise AppreciationError: own work, or not published.
    """
    _check(user, case_study, Ability.MARK_HELPFUL)
    if on:
        now = utcnow()
        inserted = db.session.execute(
            dialect_insert(_marks)
            .values(user_id=user.id, case_study_id=case_study.id, created_at=now)
            .on_conflict_do_nothing()
            .returning(_marks.c.user_id)
        ).first()
        if inserted is not None:
            _add_to_count(case_study, "helpful_count", 1)
            _join_group(case_study, user, NotificationKind.HELPFUL, now)
        return True
    created = db.session.execute(
        sa.delete(_marks)
        .where(_marks.c.user_id == user.id, _marks.c.case_study_id == case_study.id)
        .returning(_marks.c.created_at)
    ).scalar()
    if created is not None:
        _add_to_count(case_study, "helpful_count", -1)
        _leave_group(case_study, user, NotificationKind.HELPFUL, created)
    return False


def record_replication(user: User, case_study: CaseStudy, note: str) -> Replication:
    """Say that ``user`` applied the practice in their agency, with an optional
    note; a second call only replaces the note.

    The agency is the one on the user's profile now, and stays with the row
    even if they move later: the replication happened there.

    :raise AgencyMissing: the profile names no agency.
    :raise AppreciationError: own work, not published, or a note longer than
        500 characters.
    """
    _check(user, case_study, Ability.REPLICATE)
    if user.agency_id is None:
        raise AgencyMissing(
            _(
                "Isi dulu instansi Anda di profil, supaya rekan tahu di mana "
                "praktik ini diterapkan."
            )
        )
    text = normalise_note(note)
    if len(text) > MAX_REPLICATION_NOTE:
        raise AppreciationError(
            _("Catatan paling banyak %(n)d karakter.", n=MAX_REPLICATION_NOTE)
        )
    # A withdrawal between our insert and update (another tab) makes the
    # update miss; try again rather than report a replication that is gone.
    for _attempt in range(3):
        if _insert_replication(user, case_study, text) or _update_note(
            user, case_study, text
        ):
            break
    return db.session.scalars(
        sa.select(Replication)
        .where(
            Replication.user_id == user.id,
            Replication.case_study_id == case_study.id,
        )
        .execution_options(populate_existing=True)
    ).one()


def _insert_replication(user: User, case_study: CaseStudy, text: str) -> bool:
    now = utcnow()
    inserted = db.session.execute(
        dialect_insert(_replications)
        .values(
            user_id=user.id,
            case_study_id=case_study.id,
            agency_id=user.agency_id,
            note=text,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["user_id", "case_study_id"])
        .returning(_replications.c.id)
    ).first()
    if inserted is None:
        return False
    _add_to_count(case_study, "replication_count", 1)
    _join_group(case_study, user, NotificationKind.REPLICATED, now)
    return True


def _update_note(user: User, case_study: CaseStudy, text: str) -> bool:
    result = db.session.execute(
        sa.update(_replications)
        .where(
            _replications.c.user_id == user.id,
            _replications.c.case_study_id == case_study.id,
        )
        .values(note=text, updated_at=utcnow())
    )
    return bool(result.rowcount)


def withdraw_replication(user: User, case_study: CaseStudy) -> bool:
    """Take back a replication; returns whether there was one.

    :raise AppreciationError: own work, or not published.
    """
    _check(user, case_study, Ability.REPLICATE)
    created = db.session.execute(
        sa.delete(_replications)
        .where(
            _replications.c.user_id == user.id,
            _replications.c.case_study_id == case_study.id,
        )
        .returning(_replications.c.created_at)
    ).scalar()
    if created is None:
        return False
    _add_to_count(case_study, "replication_count", -1)
    _leave_group(case_study, user, NotificationKind.REPLICATED, created)
    return True


def _check(user: User, case_study: CaseStudy, ability: Ability) -> None:
    if can(user, ability, case_study):
        return
    if getattr(user, "id", None) == case_study.author_id:
        raise AppreciationError(
            _("Anda tidak dapat memberi tanda pada studi kasus Anda sendiri.")
        )
    raise AppreciationError(
        _("Tanda ini hanya dapat diberikan pada studi kasus yang sudah terbit.")
    )


def _add_to_count(case_study: CaseStudy, column: str, delta: int) -> None:
    """``n = n + delta`` in the database; the loaded value is expired, never
    computed here (another transaction may have changed it meanwhile)."""
    counter = _case_studies.c[column]
    db.session.execute(
        sa.update(_case_studies)
        .where(_case_studies.c.id == case_study.id)
        .values({column: counter + delta})
    )
    db.session.expire(case_study, [column])


# --- the author's grouped notice -------------------------------------------------


def _open_group_where() -> sa.ColumnElement[bool]:
    """The predicate of ``uq_notification_open_group``, from the index itself:
    ``ON CONFLICT`` must name exactly that partial index."""
    index = next(ix for ix in _notices.indexes if ix.name == OPEN_GROUP_INDEX)
    return index.dialect_options["postgresql"]["where"]


def _join_group(
    case_study: CaseStudy, actor: User, kind: NotificationKind, now: datetime
) -> None:
    """Add ``actor`` to the author's open notice, or open one.

    The notice moves up (``created_at``) and names the latest colleague;
    ``group_started_at`` stays the earliest mark in it, so a later withdrawal
    can tell whether that mark was counted here.
    """
    if case_study.author_id == actor.id:
        return  # never notify the author about themselves
    stmt = dialect_insert(_notices).values(
        user_id=case_study.author_id,
        kind=kind,
        actor_id=actor.id,
        case_study_id=case_study.id,
        actor_count=1,
        group_started_at=now,
        created_at=now,
    )
    started, joining = _notices.c.group_started_at, stmt.excluded.group_started_at
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id", "kind", "case_study_id"],
        index_where=_open_group_where(),
        set_={
            "actor_count": _notices.c.actor_count + 1,
            "actor_id": stmt.excluded.actor_id,
            "created_at": stmt.excluded.created_at,
            # Transactions may commit out of order: keep the earliest start.
            "group_started_at": sa.case((joining < started, joining), else_=started),
        },
    )
    db.session.execute(stmt)


def _leave_group(
    case_study: CaseStudy, actor: User, kind: NotificationKind, marked_at: datetime
) -> None:
    """Take ``actor`` out of the open notice if their mark was counted in it
    (made since the group started); a notice left with nobody goes away.

    If the notice named ``actor``, it names the latest remaining colleague.
    """
    if case_study.author_id == actor.id:
        return
    group = sa.and_(
        _notices.c.user_id == case_study.author_id,
        _notices.c.kind == kind,
        _notices.c.case_study_id == case_study.id,
        _notices.c.read_at.is_(None),
        _notices.c.mailed_at.is_(None),
        _notices.c.group_started_at <= marked_at,
    )
    rows = _marks if kind is NotificationKind.HELPFUL else _replications
    latest = (
        sa.select(rows.c.user_id)
        .where(
            rows.c.case_study_id == case_study.id,
            rows.c.created_at >= _notices.c.group_started_at,
        )
        .order_by(rows.c.created_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    db.session.execute(
        sa.update(_notices)
        .where(group)
        .values(
            actor_count=_notices.c.actor_count - 1,
            actor_id=sa.case(
                (
                    _notices.c.actor_id == actor.id,
                    sa.func.coalesce(latest, _notices.c.actor_id),
                ),
                else_=_notices.c.actor_id,
            ),
        )
    )
    db.session.execute(sa.delete(_notices).where(group, _notices.c.actor_count <= 0))


# --- reading -------------------------------------------------------------------


def marks_for(user: Any, case_ids: list[int] | set[int]) -> set[int]:
    """Which of ``case_ids`` ``user`` marked helpful (no query when anonymous)."""
    ids = set(case_ids)
    if not getattr(user, "is_authenticated", False) or not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(HelpfulMark.case_study_id).where(
                HelpfulMark.user_id == user.id, HelpfulMark.case_study_id.in_(ids)
            )
        )
    )


def replication_of(user: Any, case_study: CaseStudy) -> Replication | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Replication).where(
            Replication.user_id == user.id,
            Replication.case_study_id == case_study.id,
        )
    )


def replications(case_study: CaseStudy) -> list[Replication]:
    """Every replication of the case study, newest first, colleague and agency
    loaded. Rows of deactivated users still count: the practice was applied."""
    return list(
        db.session.scalars(
            sa.select(Replication)
            .where(Replication.case_study_id == case_study.id)
            .options(joinedload(Replication.user), joinedload(Replication.agency))
            .order_by(Replication.created_at.desc(), Replication.id.desc())
        )
    )


def replicating_agencies(case_study: CaseStudy) -> list[tuple[Agency, int]]:
    """The agencies that applied the practice, with how many colleagues each,
    most first."""
    return _agencies_of(replications(case_study))


def received_counts(user: User) -> tuple[int, int]:
    """(helpful marks, replications) received on ``user``'s published case
    studies, from the running counts."""
    helpful, replicated = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(CaseStudy.helpful_count), 0),
            sa.func.coalesce(sa.func.sum(CaseStudy.replication_count), 0),
        ).where(CaseStudy.author_id == user.id, CaseStudy.status == Status.PUBLISHED)
    ).one()
    return int(helpful), int(replicated)


def replicated_in(agency: Agency) -> list[tuple[CaseStudy, int]]:
    """Published case studies applied in ``agency``, with how many of its
    colleagues applied each, most first (at most ``AGENCY_LIST_LIMIT``)."""
    n = sa.func.count(Replication.id)
    counts = (
        sa.select(Replication.case_study_id.label("case_study_id"), n.label("n"))
        .where(Replication.agency_id == agency.id)
        .group_by(Replication.case_study_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(CaseStudy, counts.c.n)
        .join(counts, counts.c.case_study_id == CaseStudy.id)
        .where(CaseStudy.status == Status.PUBLISHED)
        .options(joinedload(CaseStudy.agency), joinedload(CaseStudy.author))
        .order_by(counts.c.n.desc(), CaseStudy.published_at.desc(), CaseStudy.id.desc())
        .limit(AGENCY_LIST_LIMIT)
    )
    return [(case_study, count) for case_study, count in rows]


def replicated_from(agency: Agency) -> int:
    """How many of ``agency``'s published case studies other agencies applied."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(CaseStudy.id)))
            .join(Replication, Replication.case_study_id == CaseStudy.id)
            .where(
                CaseStudy.agency_id == agency.id,
                CaseStudy.status == Status.PUBLISHED,
                Replication.agency_id != agency.id,
            )
        )
        or 0
    )


@dataclass
class CaseStudyAppreciation:
    """What the case-study page shows about appreciation, for one viewer."""

    marked: bool = False  # the viewer marked it helpful
    mine: Replication | None = None  # the viewer's own replication
    replications: list[Replication] = field(default_factory=list)
    agencies: list[tuple[Agency, int]] = field(default_factory=list)


def for_page(viewer: Any, case_study: CaseStudy) -> CaseStudyAppreciation:
    """Everything ``_appreciation.html`` needs: 1 query, 2 when signed in.

    The viewer's own replication and the agencies are taken from the list of
    replications (loaded anyway), by the same rule as ``replicating_agencies``.
    """
    rows = replications(case_study)
    viewer_id = viewer.id if viewer.is_authenticated else None
    return CaseStudyAppreciation(
        marked=case_study.id in marks_for(viewer, [case_study.id]),
        mine=next((r for r in rows if r.user_id == viewer_id), None),
        replications=rows,
        agencies=_agencies_of(rows),
    )


def _agencies_of(rows: list[Replication]) -> list[tuple[Agency, int]]:
    counts: dict[int, int] = {}
    agencies: dict[int, Agency] = {}
    for row in rows:
        if row.agency is not None:
            agencies[row.agency.id] = row.agency
            counts[row.agency.id] = counts.get(row.agency.id, 0) + 1
    order = sorted(counts, key=lambda a: (-counts[a], agencies[a].name))
    return [(agencies[a], counts[a]) for a in order]
