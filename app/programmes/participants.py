"""Importing a run's participant list: plan first (the preview), then apply.

``plan_import`` reads the file and decides, row by row, what would happen —
a matched user, a new pending account, an update of a completion already on
record, or an error with its reason — without writing anything. ``apply_import``
writes a plan in the caller's transaction, and refuses a plan with any error:
a list is imported whole or not at all.

Between preview and confirmation the file travels in a signed value
(``signed_upload``); the confirmation plans it again, against the database
as it is then.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import today_wib
from app.models import Completion, CompletionSource, ProgramRun, Role, User
from app.models.base import utcnow
from app.moderation.audit import record
from app.programmes.csvfile import FileProblem, read_rows
from app.programmes.rows import Agencies, Outcome, PlannedRow, check_row, name_key

__all__ = [
    "ImportPlan",
    "ImportRefused",
    "ImportResult",
    "Outcome",
    "PlannedRow",
    "apply_import",
    "plan_import",
]

PLACEHOLDER_DOMAIN = "belum-terdaftar.invalid"


class ImportRefused(ValueError):
    """Nothing was written; ``str(error)`` says why."""


@dataclass
class ImportPlan:
    run: ProgramRun
    rows: list[PlannedRow] = field(default_factory=list)
    file_error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.count(Outcome.ERROR)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome is outcome)


@dataclass
class ImportResult:
    added: int
    updated: int
    accounts_created: int


# --- planning -----------------------------------------------------------------


def plan_import(
    run: ProgramRun, data: bytes, *, today: date | None = None
) -> ImportPlan:
    """What importing ``data`` into ``run`` would do. Writes nothing.

    A file that cannot be read at all gives a plan with ``file_error`` set
    and no rows.
    """
    plan = ImportPlan(run)
    try:
        raw_rows = read_rows(data)
    except FileProblem as problem:
        plan.file_error = str(problem)
        return plan
    today = today or today_wib()
    agencies = Agencies()
    seen: dict[str, int] = {}
    for raw in raw_rows:
        row = check_row(raw, run, agencies, today)
        if row.nip and not row.errors:
            if row.nip in seen:
                row.errors.append(
                    _(
                        "NIP ini sudah ada di baris %(line)d berkas ini.",
                        line=seen[row.nip],
                    )
                )
            else:
                seen[row.nip] = row.line
        plan.rows.append(row)
    _match_users(plan)
    if run.capacity is not None and len(plan.rows) > run.capacity:
        plan.warnings.append(
            _(
                "Berkas berisi %(rows)d peserta, lebih banyak dari kapasitas angkatan "
                "(%(capacity)d).",
                rows=len(plan.rows),
                capacity=run.capacity,
            )
        )
    return plan


def _match_users(plan: ImportPlan) -> None:
    """Users by NIP and their completions of the programme: two queries."""
    nips = {row.nip for row in plan.rows if row.nip and not row.errors}
    users = {
        user.nip: user
        for user in db.session.scalars(sa.select(User).where(User.nip.in_(nips)))
    }
    completions: dict[int, list[Completion]] = {}
    if users:
        for completion in db.session.scalars(
            sa.select(Completion).where(
                Completion.user_id.in_([user.id for user in users.values()]),
                Completion.program_id == plan.run.program_id,
            )
        ):
            completions.setdefault(completion.user_id, []).append(completion)
    for row in plan.rows:
        user = users.get(row.nip)
        if user is None or row.errors:
            continue
        row.user = user
        if name_key(user.name) != name_key(row.name):
            row.warnings.append(
                _(
                    "NIP ini milik %(name)s, bukan %(given)s. Periksa NIP-nya; bila "
                    "benar, impor tetap memakai akun %(name)s.",
                    name=user.name,
                    given=row.name,
                )
            )
        if row.agency is not None and user.agency_id not in (None, row.agency.id):
            row.warnings.append(
                _(
                    "Di profilnya, %(name)s tercatat di instansi lain.",
                    name=user.name,
                )
            )
        if not user.active:
            row.warnings.append(_("Akun ini sedang nonaktif."))
        row.completion = _existing(completions.get(user.id, []), row, plan.run)


def _existing(
    mine: list[Completion], row: PlannedRow, run: ProgramRun
) -> Completion | None:
    """Same programme and date; else the one already in this run (date fixed)."""
    for completion in mine:
        if completion.completed_on == row.completed_on:
            return completion
    for completion in mine:
        if completion.run_id == run.id:
            return completion
    return None


# --- applying -----------------------------------------------------------------


def apply_import(
    plan: ImportPlan, actor: User, *, file_digest: str = ""
) -> ImportResult:
    """Write the plan: pending accounts, then verified completions for the run.

    :raise ImportRefused: the plan has an error (nothing is written), or the
        database refused a row because another request changed the same data
        meanwhile (the session has been rolled back).
    """
    if not plan.ok:
        raise ImportRefused(
            _("Perbaiki baris yang bermasalah lalu unggah ulang berkas.")
        )
    now = utcnow()
    result = ImportResult(added=0, updated=0, accounts_created=0)
    for row in plan.rows:
        user = row.user
        if user is None:
            user = _pending_account(row, now)
            result.accounts_created += 1
        completion = row.completion
        if completion is None:
            completion = Completion(
                user=user,
                program_id=plan.run.program_id,
                completed_on=row.completed_on,
                source=CompletionSource.IMPORTED,
            )
            db.session.add(completion)
            result.added += 1
        else:
            result.updated += 1
        _verify_for_run(completion, row, plan.run, actor, now)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise ImportRefused(
            _("Data peserta berubah saat impor berjalan. Unggah ulang berkas.")
        ) from error
    record(
        actor,
        "participants_import",
        target_type="program_run",
        target_id=plan.run.id,
        rows=len(plan.rows),
        added=result.added,
        updated=result.updated,
        accounts_created=result.accounts_created,
        file_sha256=file_digest,
    )
    return result


def _pending_account(row: PlannedRow, now: datetime) -> User:
    """An account the ASN claims by registering with this NIP; it cannot sign in."""
    user = User(
        name=row.name,
        nip=row.nip,
        email=f"{row.nip}@{PLACEHOLDER_DOMAIN}",
        agency=row.agency,
        position="",
        role=Role.MEMBER,
        pending_since=now,
        # Not a hash of anything: no password ever matches it.
        password_hash=f"!belum-terdaftar!{secrets.token_hex(16)}",
    )
    db.session.add(user)
    return user


def _verify_for_run(
    completion: Completion, row: PlannedRow, run: ProgramRun, actor: User, now: datetime
) -> None:
    """The organiser's list is the record: verified, in this run, not rejected."""
    completion.completed_on = row.completed_on
    completion.run_id = run.id
    if row.certificate:
        completion.certificate_number = row.certificate
    if completion.verified_at is None:
        completion.verified_at = now
        completion.verified_by_id = actor.id
    completion.rejected_at = None
    completion.rejected_by_id = None
    completion.rejection_reason = ""
