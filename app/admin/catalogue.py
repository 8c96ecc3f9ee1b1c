"""Agencies and programmes as an admin keeps them: create, edit, archive.

Slugs are addresses people have bookmarked and shared (``/instansi/<slug>``),
so editing a name keeps the slug unless the admin asks for a new one; a new
slug gets ``-2``, ``-3``... when another row has it, so slugs stay unique.

Archived agencies and programmes are no longer offered in forms (registration,
completions) nor matched by the import, but everything that already refers
to them keeps showing them.

Every change writes an audit event. Functions flush but never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.admin.errors import AdminError
from app.extensions import db
from app.models import Agency, AuditEvent, CaseStudy, Completion, Program, User
from app.models.base import utcnow
from app.moderation.audit import record
from app.practices.importer import unique_slug
from app.text import slugify

MAX_NAME_LENGTH = 160  # the column size
MAX_DESCRIPTION_LENGTH = 5000
MAX_HOURS = 1000  # JP; a year's target is 20


@dataclass
class ProgramData:
    """What the programme form submits."""

    name: str
    description: str = ""
    hours: int | None = None


def _kind(model: type[Agency] | type[Program]) -> str:
    return "agency" if model is Agency else "program"


def _check_name(
    model: type[Agency] | type[Program], name: str, current: Any = None
) -> str:
    """The name, tidied; unique ignoring case (the import matches that way).

    :raise AdminError: empty, too long, without letters or digits, or taken.
    """
    name = " ".join(name.split())
    if not name:
        raise AdminError(_("Isi nama."), "name")
    if len(name) > MAX_NAME_LENGTH:
        raise AdminError(
            _("Nama paling banyak %(n)d karakter.", n=MAX_NAME_LENGTH), "name"
        )
    if slugify(name) == "-":
        raise AdminError(_("Nama harus memuat huruf atau angka."), "name")
    stmt = sa.select(model.id).where(sa.func.lower(model.name) == name.lower())
    if current is not None:
        stmt = stmt.where(model.id != current.id)
    if db.session.scalar(stmt.limit(1)) is not None:
        raise AdminError(_("Nama ini sudah dipakai."), "name")
    return name


def _check_program(data: ProgramData) -> None:
    if len(data.description) > MAX_DESCRIPTION_LENGTH:
        raise AdminError(
            _("Deskripsi paling banyak %(n)d karakter.", n=MAX_DESCRIPTION_LENGTH),
            "description",
        )
    if data.hours is not None and not 1 <= data.hours <= MAX_HOURS:
        raise AdminError(
            _("JP harus antara 1 dan %(n)d.", n=MAX_HOURS),
            "hours",
        )


def _flush() -> None:
    """Another admin saving the same name a moment earlier reads like "taken".

    The failed flush leaves the transaction unusable, so it is rolled back.
    """
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise AdminError(_("Nama ini sudah dipakai."), "name") from error


def _rename(item: Agency | Program, name: str, *, new_slug: bool) -> dict[str, Any]:
    """Set the name (and, if asked, a slug made from it); return what changed."""
    changes: dict[str, Any] = {}
    if name != item.name:
        changes["name"] = [item.name, name]
        item.name = name
    if new_slug and slugify(name) != item.slug:
        slug = unique_slug(type(item), name)
        changes["slug"] = [item.slug, slug]
        item.slug = slug
    return changes


def create_agency(actor: User, name: str) -> Agency:
    """:raise AdminError: see ``_check_name``."""
    name = _check_name(Agency, name)
    agency = Agency(name=name, slug=unique_slug(Agency, name))
    db.session.add(agency)
    _flush()
    record(
        actor,
        "agency_create",
        target_type="agency",
        target_id=agency.id,
        name=name,
        slug=agency.slug,
    )
    return agency


def update_agency(
    actor: User, agency: Agency, name: str, *, new_slug: bool = False
) -> AuditEvent | None:
    """Rename; the slug changes only with ``new_slug``. None when nothing changed.

    :raise AdminError: see ``_check_name``.
    """
    name = _check_name(Agency, name, agency)
    changes = _rename(agency, name, new_slug=new_slug)
    if not changes:
        return None
    _flush()
    return record(
        actor, "agency_edit", target_type="agency", target_id=agency.id, **changes
    )


def create_program(actor: User, data: ProgramData) -> Program:
    """:raise AdminError: a bad name, description or number of JP."""
    name = _check_name(Program, data.name)
    _check_program(data)
    program = Program(
        name=name,
        slug=unique_slug(Program, name),
        description=data.description.strip(),
        hours=data.hours,
    )
    db.session.add(program)
    _flush()
    record(
        actor,
        "program_create",
        target_type="program",
        target_id=program.id,
        name=name,
        slug=program.slug,
        hours=data.hours,
    )
    return program


def update_program(
    actor: User, program: Program, data: ProgramData, *, new_slug: bool = False
) -> AuditEvent | None:
    """Edit; the slug changes only with ``new_slug``. None when nothing changed.

    :raise AdminError: a bad name, description or number of JP.
    """
    name = _check_name(Program, data.name, program)
    _check_program(data)
    changes = _rename(program, name, new_slug=new_slug)
    if data.description.strip() != program.description:
        changes["description"] = True  # too long for the log; the fact is enough
        program.description = data.description.strip()
    if data.hours != program.hours:
        changes["hours"] = [program.hours, data.hours]
        program.hours = data.hours
    if not changes:
        return None
    _flush()
    return record(
        actor, "program_edit", target_type="program", target_id=program.id, **changes
    )


def set_archived(actor: User, item: Agency | Program, archived: bool) -> AuditEvent:
    """Archive (no longer offered in forms) or bring back an agency or programme.

    :raise AdminError: it is already in that state.
    """
    if item.is_archived == archived:
        raise AdminError(_("Sudah diarsipkan.") if archived else _("Belum diarsipkan."))
    item.archived_at = utcnow() if archived else None
    db.session.flush()
    kind = _kind(type(item))
    action = f"{kind}_archive" if archived else f"{kind}_unarchive"
    return record(actor, action, target_type=kind, target_id=item.id, name=item.name)


def agency_rows() -> list[tuple[Agency, int, int]]:
    """Every agency, by name, with its number of users and of case studies."""
    users = _count_by(User.agency_id)
    cases = _count_by(CaseStudy.agency_id)
    return _rows(Agency, users, cases)


def program_rows() -> list[tuple[Program, int, int]]:
    """Every programme, by name, with its completions and case studies."""
    completions = _count_by(Completion.program_id)
    cases = _count_by(CaseStudy.program_id)
    return _rows(Program, completions, cases)


def _count_by(column: sa.ColumnElement[Any]) -> sa.Subquery:
    return (
        sa.select(column.label("key"), sa.func.count().label("n"))
        .group_by(column)
        .subquery()
    )


def _rows(model: Any, first: sa.Subquery, second: sa.Subquery) -> list[Any]:
    rows = db.session.execute(
        sa.select(
            model, sa.func.coalesce(first.c.n, 0), sa.func.coalesce(second.c.n, 0)
        )
        .outerjoin(first, first.c.key == model.id)
        .outerjoin(second, second.c.key == model.id)
        .order_by(model.archived_at.is_not(None), sa.func.lower(model.name))
    )
    return [tuple(row) for row in rows]


def count(model: type[Agency] | type[Program], *, archived: bool = False) -> int:
    column = model.archived_at
    condition = column.is_not(None) if archived else column.is_(None)
    return db.session.scalar(sa.select(sa.func.count(model.id)).where(condition)) or 0
