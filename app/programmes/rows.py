"""Checking one row of a participant list, before any user is looked up.

Every reason a row cannot be imported is collected (not only the first), so
the organiser fixes the file in one go.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from app.auth.nip import NIPError, normalize_nip, parse_nip
from app.extensions import db
from app.i18n import long_date
from app.models import Agency, Completion, ProgramRun, User
from app.profiles.services import MAX_CERTIFICATE_LENGTH
from app.programmes.csvfile import RawRow, parse_day
from app.text import slugify

MAX_NAME_LENGTH = User.__table__.c.name.type.length
# A certificate may be issued a while after the run ends, not half a year.
LATEST_AFTER_RUN = timedelta(days=180)


class Outcome(enum.StrEnum):
    MATCHED = "matched"  # an existing user gets a new completion
    UPDATE = "update"  # the completion is on record already: refreshed
    NEW_ACCOUNT = "new_account"  # a pending account is created for the NIP
    ERROR = "error"


@dataclass
class PlannedRow:
    line: int
    nip: str
    name: str
    agency_text: str
    completed_on_text: str
    certificate: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    user: User | None = None
    agency: Agency | None = None
    completed_on: date | None = None
    completion: Completion | None = None  # the one on record, to update

    @property
    def outcome(self) -> Outcome:
        if self.errors:
            return Outcome.ERROR
        if self.user is None:
            return Outcome.NEW_ACCOUNT
        return Outcome.UPDATE if self.completion is not None else Outcome.MATCHED


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def name_key(name: str) -> str:
    """Names compared without case, punctuation or extra spaces."""
    kept = "".join(ch if ch.isalnum() else " " for ch in _fold(name))
    return " ".join(kept.split())


class Agencies:
    """Every agency, findable by name (any case and spacing) or by slug."""

    def __init__(self) -> None:
        self.by_key: dict[str, Agency] = {}
        for agency in db.session.scalars(sa.select(Agency)):
            self.by_key.setdefault(_fold(agency.name), agency)
            self.by_key.setdefault(agency.slug, agency)

    def find(self, text: str) -> Agency | None:
        return self.by_key.get(_fold(text)) or self.by_key.get(slugify(text))


def check_row(
    raw: RawRow, run: ProgramRun, agencies: Agencies, today: date
) -> PlannedRow:
    values = raw.values
    row = PlannedRow(
        line=raw.line,
        nip=normalize_nip(values["nip"]),
        name=" ".join(values["name"].split()),
        agency_text=" ".join(values["agency"].split()),
        completed_on_text=values["completed_on"],
        certificate=values["certificate"],
    )
    if raw.extra_cells:
        row.errors.append(
            _(
                "Baris ini berisi lebih banyak kolom daripada judul kolom. Apakah ada "
                "koma atau titik koma di dalam nama tanpa tanda kutip?"
            )
        )
    _check_nip(row, today)
    if not row.name:
        row.errors.append(_("Nama kosong."))
    elif len(row.name) > MAX_NAME_LENGTH:
        row.errors.append(_("Nama paling banyak %(n)d karakter.", n=MAX_NAME_LENGTH))
    _check_agency(row, agencies)
    _check_date(row, run, today)
    if len(row.certificate) > MAX_CERTIFICATE_LENGTH:
        row.errors.append(
            _(
                "Nomor sertifikat paling banyak %(n)d karakter.",
                n=MAX_CERTIFICATE_LENGTH,
            )
        )
    return row


def _check_nip(row: PlannedRow, today: date) -> None:
    if not row.nip:
        row.errors.append(_("NIP kosong."))
        return
    try:
        parse_nip(row.nip, today=today)
    except NIPError as error:
        row.errors.append(str(error))


def _check_agency(row: PlannedRow, agencies: Agencies) -> None:
    if not row.agency_text:
        row.errors.append(_("Instansi kosong."))
        return
    agency = agencies.find(row.agency_text)
    if agency is None:
        row.errors.append(
            _(
                "Instansi «%(name)s» tidak dikenal. Tulis namanya seperti di daftar "
                "instansi.",
                name=row.agency_text,
            )
        )
    elif agency.is_archived:
        row.errors.append(_("Instansi «%(name)s» sudah diarsipkan.", name=agency.name))
    else:
        row.agency = agency


def _check_date(row: PlannedRow, run: ProgramRun, today: date) -> None:
    if not row.completed_on_text:
        row.errors.append(_("Tanggal selesai kosong."))
        return
    day = parse_day(row.completed_on_text)
    if day is None:
        row.errors.append(
            _(
                "Tanggal «%(text)s» tidak dikenali. Tulis seperti 2026-03-14 atau "
                "14/03/2026.",
                text=row.completed_on_text,
            )
        )
    elif day > today:
        row.errors.append(
            _("Tanggal selesai %(day)s belum terjadi.", day=long_date(day))
        )
    elif day < run.starts_on:
        row.errors.append(
            _(
                "Tanggal selesai %(day)s sebelum angkatan dimulai (%(start)s).",
                day=long_date(day),
                start=long_date(run.starts_on),
            )
        )
    elif day > run.ends_on + LATEST_AFTER_RUN:
        row.errors.append(
            _(
                "Tanggal selesai %(day)s lebih dari 180 hari setelah angkatan "
                "berakhir (%(end)s).",
                day=long_date(day),
                end=long_date(run.ends_on),
            )
        )
    else:
        row.completed_on = day
