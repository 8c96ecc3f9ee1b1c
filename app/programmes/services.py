"""Runs (angkatan) of a programme: the rules to create and change them, and
what the organiser's pages list.

Functions flush but never commit; the caller owns the transaction. Every
change is an audit event, like the admin's changes to programmes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import Completion, Program, ProgramRun, User
from app.moderation.audit import record
from app.policy import ORGANISER_ROLES

MAX_RUN_NAME_LENGTH = ProgramRun.__table__.c.name.type.length
MAX_LOCATION_LENGTH = ProgramRun.__table__.c.location.type.length
MAX_HOURS = 1000  # JP; the same bound as a programme's
MAX_CAPACITY = 100_000
EARLIEST_RUN = date(2000, 1, 1)


class ProgrammeError(ValueError):
    """A rule was broken; ``field`` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def errors(self) -> dict[str, str]:
        return {self.field or "": str(self)}


@dataclass
class RunData:
    """What the run form submits."""

    name: str
    starts_on: date
    ends_on: date
    location: str = ""
    hours: int | None = None
    capacity: int | None = None
    organiser_id: int | None = None


@dataclass
class ProgramRuns:
    """One programme on the "kelola program" page, its runs newest first."""

    program: Program
    runs: list[ProgramRun] = field(default_factory=list)


def organisers() -> list[User]:
    """Who may be named as a run's organiser: active organisers and admins."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.role.in_(ORGANISER_ROLES),
                User.active.is_(True),
                User.pending_since.is_(None),
            )
            .order_by(sa.func.lower(User.name), User.id)
        )
    )


def _check_run(program: Program, data: RunData, current: ProgramRun | None) -> str:
    """The tidied name, after every rule a run must meet.

    :raise ProgrammeError: naming the field that is wrong.
    """
    name = " ".join(data.name.split())
    if not name:
        raise ProgrammeError(_("Isi nama angkatan."), "name")
    if len(name) > MAX_RUN_NAME_LENGTH:
        raise ProgrammeError(
            _("Nama paling banyak %(n)d karakter.", n=MAX_RUN_NAME_LENGTH), "name"
        )
    taken = sa.select(ProgramRun.id).where(
        ProgramRun.program_id == program.id,
        sa.func.lower(ProgramRun.name) == name.lower(),
    )
    if current is not None:
        taken = taken.where(ProgramRun.id != current.id)
    if db.session.scalar(taken.limit(1)) is not None:
        raise ProgrammeError(
            _("Program ini sudah punya angkatan dengan nama itu."), "name"
        )
    if data.starts_on < EARLIEST_RUN:
        raise ProgrammeError(
            _("Tanggal mulai tidak boleh sebelum tahun 2000."), "starts_on"
        )
    if data.ends_on < data.starts_on:
        raise ProgrammeError(
            _("Tanggal berakhir tidak boleh sebelum tanggal mulai."), "ends_on"
        )
    if len(data.location.strip()) > MAX_LOCATION_LENGTH:
        raise ProgrammeError(
            _("Lokasi paling banyak %(n)d karakter.", n=MAX_LOCATION_LENGTH),
            "location",
        )
    if data.hours is not None and not 1 <= data.hours <= MAX_HOURS:
        raise ProgrammeError(_("JP harus antara 1 dan %(n)d.", n=MAX_HOURS), "hours")
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        raise ProgrammeError(
            _("Kapasitas harus antara 1 dan %(n)d.", n=MAX_CAPACITY), "capacity"
        )
    if data.organiser_id is not None:
        organiser = db.session.get(User, data.organiser_id)
        if organiser is None or not _may_organise(organiser):
            raise ProgrammeError(_("Pilih penyelenggara dari daftar."), "organiser")
    return name


def _fill(run: ProgramRun, name: str, data: RunData) -> None:
    run.name = name
    run.starts_on = data.starts_on
    run.ends_on = data.ends_on
    run.location = " ".join(data.location.split())
    run.hours = data.hours
    run.capacity = data.capacity
    run.organiser_id = data.organiser_id


def _snapshot(run: ProgramRun) -> dict[str, object]:
    return {
        "name": run.name,
        "starts_on": run.starts_on.isoformat(),
        "ends_on": run.ends_on.isoformat(),
        "location": run.location,
        "hours": run.hours,
        "capacity": run.capacity,
        "organiser_id": run.organiser_id,
    }


def create_run(actor: User, program: Program, data: RunData) -> ProgramRun:
    """A new run of ``program``.

    :raise ProgrammeError: a field breaks a rule, or the programme is archived
        (no longer offered, so it gets no new runs).
    """
    if program.is_archived:
        raise ProgrammeError(
            _("Program ini sudah diarsipkan; tidak dapat menambah angkatan.")
        )
    name = _check_run(program, data, None)
    run = ProgramRun(program_id=program.id)
    _fill(run, name, data)
    db.session.add(run)
    db.session.flush()
    record(
        actor,
        "run_create",
        target_type="program_run",
        target_id=run.id,
        **_snapshot(run),
    )
    return run


def update_run(actor: User, run: ProgramRun, data: RunData) -> ProgramRun:
    """:raise ProgrammeError: a field breaks a rule."""
    name = _check_run(run.program, data, run)
    before = _snapshot(run)
    _fill(run, name, data)
    db.session.flush()
    after = _snapshot(run)
    changed = {
        key: [before[key], after[key]] for key in after if before[key] != after[key]
    }
    if changed:
        record(
            actor,
            "run_update",
            target_type="program_run",
            target_id=run.id,
            changes=changed,
        )
    return run


def programmes_with_runs() -> list[ProgramRuns]:
    """Every programme with its runs: archived ones only when they have runs."""
    runs = db.session.scalars(
        sa.select(ProgramRun)
        .options(joinedload(ProgramRun.organiser))
        .order_by(ProgramRun.starts_on.desc(), ProgramRun.id.desc())
    )
    by_program: dict[int, list[ProgramRun]] = {}
    for run in runs:
        by_program.setdefault(run.program_id, []).append(run)
    programs = db.session.scalars(sa.select(Program).order_by(Program.name))
    return [
        ProgramRuns(program, by_program.get(program.id, []))
        for program in programs
        if not program.is_archived or program.id in by_program
    ]


def participant_counts(run_ids: Iterable[int]) -> dict[int, int]:
    """Completions per run that count (rejected ones do not), in one query."""
    ids = list(run_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Completion.run_id, sa.func.count(Completion.id))
        .where(Completion.run_id.in_(ids), Completion.rejected_at.is_(None))
        .group_by(Completion.run_id)
    )
    counts = dict.fromkeys(ids, 0)
    counts.update({run_id: n for run_id, n in rows})
    return counts


def run_participants(run: ProgramRun) -> list[Completion]:
    """The run's completions with each participant and agency, by name."""
    return list(
        db.session.scalars(
            sa.select(Completion)
            .join(User, User.id == Completion.user_id)
            .where(Completion.run_id == run.id)
            .options(selectinload(Completion.user).joinedload(User.agency))
            .order_by(sa.func.lower(User.name), Completion.id)
        )
    )


def program_runs(program_id: int) -> list[ProgramRun]:
    return list(
        db.session.scalars(
            sa.select(ProgramRun)
            .where(ProgramRun.program_id == program_id)
            .order_by(ProgramRun.starts_on.desc(), ProgramRun.id.desc())
        )
    )


def _may_organise(user: User) -> bool:
    return user.role in ORGANISER_ROLES and user.is_active


def all_programs() -> list[Program]:
    return list(db.session.scalars(sa.select(Program).order_by(Program.name)))


def program_by_slug(slug: str) -> Program | None:
    return db.session.scalar(sa.select(Program).where(Program.slug == slug))


def run_form_data(run: ProgramRun) -> dict[str, object]:
    """The run as its edit form starts."""
    return {
        "name": run.name,
        "starts_on": run.starts_on,
        "ends_on": run.ends_on,
        "location": run.location,
        "hours": run.hours,
        "capacity": run.capacity,
        "organiser": run.organiser_id,
    }
