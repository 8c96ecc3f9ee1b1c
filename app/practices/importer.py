"""Bulk import of case studies from JSON Lines: one case study a line.

Each line is an object with ``title, summary, situation, action, result,
lessons, program`` (required, non-empty text) and ``agency`` (text), ``tags``
(a list of text) and ``published_at`` (ISO 8601 date or datetime; without an
offset it is read as WIB), all optional. Unknown fields are ignored and blank
lines are skipped. Programmes and agencies are matched by name, ignoring case
and extra spaces, and created when missing.

Unlike the other services this one commits, in batches: an archive of
thousands of lines must not become one giant transaction, and a line that
fails half-way is rolled back to its savepoint, so it never leaves a
half-written case study behind.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.i18n import WIB
from app.models import Agency, CaseStudy, Program, Role, User
from app.practices.services import (
    MAX_SECTION_LENGTH,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    CaseStudyData,
    CaseStudyError,
    create_case_study,
)
from app.text import slugify

ARCHIVE_USER_NAME = "Arsip Lumbung Praktik"
BATCH_SIZE = 100
SECTION_FIELDS = ("situation", "action", "result", "lessons")
REQUIRED_FIELDS = ("title", "summary", *SECTION_FIELDS, "program")
# The column sizes, so the limits cannot drift from the schema.
MAX_TITLE_LENGTH = CaseStudy.__table__.c.title.type.length
MAX_SUMMARY_LENGTH = CaseStudy.__table__.c.summary.type.length
MAX_NAME_LENGTH = min(
    Program.__table__.c.name.type.length, Agency.__table__.c.name.type.length
)


class BadLine(ValueError):
    """The line cannot be imported; ``str(error)`` says why (translated)."""


@dataclass
class LineProblem:
    line: int
    reason: str


@dataclass
class ImportReport:
    """What happened to each line, by line number (counting from 1)."""

    imported: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(imported)d diimpor, %(duplicates)d dilewati (duplikat), "
            "%(problems)d baris bermasalah",
            imported=len(self.imported),
            duplicates=len(self.duplicates),
            problems=len(self.problems),
        )


@dataclass
class ImportLine:
    """One line, checked and normalised, not yet touching the database."""

    title: str
    summary: str
    situation: str
    action: str
    result: str
    lessons: str
    program: str
    agency: str | None
    tags: list[str]
    published_at: datetime | None

    @property
    def key(self) -> str:
        return import_key(self.title, self.program, self.agency)


def import_key(title: str, program: str, agency: str | None) -> str:
    """The identity of an imported case study: title, programme and agency.

    A sha256 of the three, each compared case-insensitively with spaces
    collapsed. The sections are deliberately left out: fixing a typo in a
    file and importing it again must not publish a second copy. The agency is
    in, because two agencies may well report on the same programme under the
    same title. The flip side: a re-run never updates an imported case study;
    edit it in the application instead.
    """
    parts = (_fold(title), _fold(program), _fold(agency or ""))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def parse_published_at(value: str) -> datetime:
    """ISO 8601 date or datetime, in UTC; a naive value is taken as WIB.

    :raise ValueError: the text is not an ISO 8601 date or datetime.
    """
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=WIB)
    return parsed.astimezone(UTC)


def parse_line(raw: str | bytes) -> ImportLine | None:
    """Check one line; ``None`` for a blank line.

    :raise BadLine: with the reason, in the user's language.
    """
    text = _decode(raw).strip().lstrip("\ufeff")
    if not text:
        return None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadLine(
            _("JSON tidak valid (kolom %(column)d).", column=error.colno)
        ) from None
    except (ValueError, RecursionError):
        raise BadLine(_("JSON tidak valid.")) from None
    if not isinstance(record, dict):
        raise BadLine(_("Baris harus berupa satu objek JSON {...}."))
    values = {name: _required_text(record, name) for name in REQUIRED_FIELDS}
    line = ImportLine(
        **values,
        agency=_optional_text(record, "agency"),
        tags=_tags(record.get("tags")),
        published_at=_published_at(record.get("published_at")),
    )
    _check_lengths(line)
    return line


def _decode(raw: str | bytes) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadLine(_("Baris bukan teks UTF-8.")) from None


def _required_text(record: dict[str, Any], name: str) -> str:
    if record.get(name) is None:
        raise BadLine(_("Kolom %(field)s tidak ada.", field=name))
    value = record[name]
    if not isinstance(value, str):
        raise BadLine(_("Kolom %(field)s harus berupa teks.", field=name))
    if not value.strip():
        raise BadLine(_("Kolom %(field)s kosong.", field=name))
    if name in ("title", "summary", "program"):
        return " ".join(value.split())
    return value.strip()


def _optional_text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadLine(_("Kolom %(field)s harus berupa teks.", field=name))
    return " ".join(value.split()) or None


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise BadLine(_('Kolom tags harus berupa daftar teks, misalnya ["DBD"].'))
    tags: dict[str, str] = {}
    for raw in value:
        name = " ".join(raw.split())
        if len(name) > MAX_TAG_LENGTH:
            raise BadLine(
                _(
                    "Tag paling banyak %(n)d karakter: %(tag)s",
                    n=MAX_TAG_LENGTH,
                    tag=name,
                )
            )
        if slugify(name) != "-":
            tags.setdefault(slugify(name), name)
    if len(tags) > MAX_TAGS:
        raise BadLine(_("Paling banyak %(n)d tag.", n=MAX_TAGS))
    return list(tags.values())


def _published_at(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return parse_published_at(value)
        except ValueError:
            pass
    raise BadLine(
        _(
            "Kolom published_at tidak dapat dibaca. Gunakan ISO 8601, misalnya "
            "2025-08-17 atau 2025-08-17T09:30:00+07:00."
        )
    )


def _check_lengths(line: ImportLine) -> None:
    if len(line.title) > MAX_TITLE_LENGTH:
        raise BadLine(_("Judul lebih dari %(n)d karakter.", n=MAX_TITLE_LENGTH))
    if len(line.summary) > MAX_SUMMARY_LENGTH:
        raise BadLine(_("Ringkasan lebih dari %(n)d karakter.", n=MAX_SUMMARY_LENGTH))
    for name in SECTION_FIELDS:
        if len(getattr(line, name)) > MAX_SECTION_LENGTH:
            raise BadLine(
                _(
                    "Kolom %(field)s lebih dari %(n)d karakter.",
                    field=name,
                    n=MAX_SECTION_LENGTH,
                )
            )
    for name in (line.program, line.agency or ""):
        if len(name) > MAX_NAME_LENGTH:
            raise BadLine(
                _(
                    "Nama program atau instansi lebih dari %(n)d karakter.",
                    n=MAX_NAME_LENGTH,
                )
            )


def archive_user() -> User:
    """The author of imported case studies when no ``--author`` is given.

    Created on first use: inactive, with a random password nobody knows, so
    the account can never log in.
    """
    email = current_app.config["ARCHIVE_USER_EMAIL"].lower()
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        user = User(name=ARCHIVE_USER_NAME, email=email, role=Role.MEMBER, active=False)
        user.set_password(secrets.token_urlsafe(32))
        db.session.add(user)
        db.session.flush()
    return user


def unique_slug(model: type[Program] | type[Agency], name: str) -> str:
    """``slugify(name)``, with ``-2``, ``-3``... while another row has it."""
    base = slug = slugify(name)
    n = 1
    while db.session.scalar(sa.select(model.id).where(model.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def find_or_create(model: type[Program] | type[Agency], name: str) -> int:
    """The id of the programme or agency called ``name`` (any case), made if new.

    :raise CaseStudyError: it is archived (no longer offered for new data).
    """
    found = db.session.execute(
        sa.select(model.id, model.archived_at)
        .where(sa.func.lower(model.name) == name.lower())
        .limit(1)
    ).first()
    if found is not None and found.archived_at is not None:
        raise CaseStudyError(
            _("Program atau instansi «%(name)s» sudah diarsipkan.", name=name)
        )
    if found is not None:
        return found.id
    row = model(name=name, slug=unique_slug(model, name))
    db.session.add(row)
    db.session.flush()
    return row.id


class _Importer:
    def __init__(self, author: User, batch_size: int) -> None:
        self.author = author
        self.batch_size = batch_size
        self.report = ImportReport()
        self._ids: dict[tuple[type, str], int] = {}

    def run(self, lines: Iterable[str | bytes]) -> ImportReport:
        for number, raw in enumerate(lines, start=1):
            self._line(number, raw)
            if number % self.batch_size == 0:
                db.session.commit()
        db.session.commit()
        return self.report

    def _line(self, number: int, raw: str | bytes) -> None:
        try:
            line = parse_line(raw)
        except BadLine as error:
            self.report.problems.append(LineProblem(number, str(error)))
            return
        if line is None:
            return
        if self._already_imported(line.key):
            self.report.duplicates.append(number)
            return
        try:
            with db.session.begin_nested():
                self._create(line)
        except (CaseStudyError, SQLAlchemyError) as error:
            self._ids.clear()  # rows made inside the savepoint are gone
            reason = str(error) if isinstance(error, CaseStudyError) else None
            self.report.problems.append(
                LineProblem(number, reason or _("Gagal disimpan ke basis data."))
            )
            return
        self.report.imported.append(number)

    def _already_imported(self, key: str) -> bool:
        found = db.session.scalar(
            sa.select(CaseStudy.id).where(CaseStudy.import_key == key)
        )
        return found is not None

    def _id(self, model: type[Program] | type[Agency], name: str) -> int:
        cache_key = (model, _fold(name))
        if cache_key not in self._ids:
            self._ids[cache_key] = find_or_create(model, name)
        return self._ids[cache_key]

    def _create(self, line: ImportLine) -> None:
        data = CaseStudyData(
            title=line.title,
            summary=line.summary,
            program_id=self._id(Program, line.program),
            situation=line.situation,
            action=line.action,
            result=line.result,
            lessons=line.lessons,
            tags=line.tags,
        )
        case_study = create_case_study(
            self.author,
            data,
            publish=True,
            require_completion=False,
            published_at=line.published_at,
            hold_for_review=False,  # an operator's import: already reviewed
            notify=False,  # an archive: not news to announce to followers
        )
        if line.agency:
            case_study.agency_id = self._id(Agency, line.agency)
        case_study.import_key = line.key
        db.session.flush()


def import_jsonl(
    lines: Iterable[str | bytes],
    author: User | None,
    *,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import and publish every valid line; report the others by line number.

    ``author`` defaults to the archive account. ``lines`` may be text or raw
    bytes (a line that is not UTF-8 is then reported, not fatal). Commits
    every ``batch_size`` lines and at the end; see the module docstring.
    """
    return _Importer(author or archive_user(), batch_size).run(lines)
