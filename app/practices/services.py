"""The rules for writing case studies. Views and CLI commands call these; so do tests.

Functions here add to the session and flush but never commit: the caller owns
the transaction, so a view, an import or a test decides what is atomic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm.attributes import set_committed_value

from app.community import feed
from app.extensions import db
from app.models import (
    SECTIONS,
    CaseStudy,
    CaseStudyRevision,
    Completion,
    Program,
    Status,
    Tag,
    User,
)
from app.models.base import utcnow
from app.policy import STAFF_ROLES
from app.sql import dialect_insert
from app.text import render_markdown, slugify

# Long enough for any real case study; short enough that rendering the worst
# Markdown (thousands of nested brackets) stays well under a second.
MAX_SECTION_LENGTH = 20_000
MAX_TAGS = 10
MAX_TAG_LENGTH = 40
MAX_TITLE_LENGTH = 200  # the column sizes
MAX_SUMMARY_LENGTH = 500
MAX_METRIC_LENGTH = 120
MAX_UNIT_LENGTH = 40
RESERVED_SLUGS = frozenset({"ubah", "riwayat", "tarik"})  # routes under /praktik/<id>/
MAX_FIGURE = Decimal(10) ** 12  # Numeric(14, 2): twelve digits before the point


class CaseStudyError(ValueError):
    """A rule was broken; ``str(error)`` is a message for the user (translated)."""


class EditConflict(Exception):
    """Someone saved the case study after this edit form was made from it.

    Saving anyway would silently drop their change, so nothing is saved; the
    caller shows both versions and lets the editor decide.
    """


@dataclass
class CaseStudyData:
    """What a writer submits, independent of where it came from (form, import)."""

    title: str
    summary: str
    program_id: int
    situation: str = ""
    action: str = ""
    result: str = ""
    lessons: str = ""
    tags: list[str] = field(default_factory=list)
    result_metric: str = ""
    result_before: Decimal | None = None
    result_after: Decimal | None = None
    result_unit: str = ""


def parse_tags(raw: str) -> list[str]:
    """Comma-separated tags, trimmed, de-duplicated by slug, order kept."""
    seen: set[str] = set()
    tags: list[str] = []
    for part in raw.split(","):
        name = " ".join(part.split())[:MAX_TAG_LENGTH].strip()
        slug = slugify(name)
        if name and slug != "-" and slug not in seen:
            seen.add(slug)
            tags.append(name)
    return tags[:MAX_TAGS]


def completed_programs(user: User) -> list[Program]:
    """Programmes ``user`` may write about: those with a completion on record
    that an organiser has not rejected."""
    return list(
        db.session.scalars(
            sa.select(Program)
            .where(
                Program.id.in_(
                    sa.select(Completion.program_id).where(
                        Completion.user_id == user.id,
                        Completion.rejected_at.is_(None),
                    )
                )
            )
            .order_by(Program.name)
        )
    )


def has_completed(user: User, program_id: int) -> bool:
    return (
        db.session.scalar(
            sa.select(Completion.id)
            .where(
                Completion.user_id == user.id,
                Completion.program_id == program_id,
                Completion.rejected_at.is_(None),
            )
            .limit(1)
        )
        is not None
    )


def get_or_create_tags(names: list[str]) -> list[Tag]:
    """Tags by slug, so "Pelayanan Publik" and "pelayanan publik" are one tag.

    A new tag is inserted with ``ON CONFLICT DO NOTHING`` and read back: two
    writers using the same new tag at once must both save (a plain INSERT
    made the second fail on the unique slug: a 500 for a correct form).
    """
    by_slug = {slugify(name): name for name in names}
    if not by_slug:
        return []

    def load() -> dict[str, Tag]:
        query = sa.select(Tag).where(Tag.slug.in_(by_slug))
        return {tag.slug: tag for tag in db.session.scalars(query)}

    existing = load()
    missing = [
        {"name": name, "slug": slug}
        for slug, name in by_slug.items()
        if slug not in existing
    ]
    if missing:
        db.session.execute(
            dialect_insert(Tag.__table__).values(missing).on_conflict_do_nothing()
        )
        existing = load()
    return [existing[slug] for slug in by_slug]


def _check(data: CaseStudyData, author: User, *, require_completion: bool) -> None:
    """Every rule a submission must meet, whatever its source (form, import)."""
    _check_sizes(data)
    if db.session.get(Program, data.program_id) is None:
        raise CaseStudyError(_("Program tidak ditemukan."))
    if require_completion and not has_completed(author, data.program_id):
        raise CaseStudyError(
            _(
                "Anda hanya dapat menulis tentang program yang sudah Anda selesaikan. "
                "Tambahkan program itu di profil Anda terlebih dahulu."
            )
        )


def _check_sizes(data: CaseStudyData) -> None:
    """Forms check these too; imports rely on this, and the columns need it."""
    if not data.title.strip() or not data.summary.strip():
        raise CaseStudyError(_("Judul dan ringkasan wajib diisi."))
    if len(data.title.strip()) > MAX_TITLE_LENGTH:
        raise CaseStudyError(
            _("Judul paling banyak %(n)d karakter.", n=MAX_TITLE_LENGTH)
        )
    if len(data.summary.strip()) > MAX_SUMMARY_LENGTH:
        raise CaseStudyError(
            _("Ringkasan paling banyak %(n)d karakter.", n=MAX_SUMMARY_LENGTH)
        )
    for name in SECTIONS:
        if len(getattr(data, name)) > MAX_SECTION_LENGTH:
            raise CaseStudyError(
                _("Setiap bagian paling banyak %(n)d karakter.", n=MAX_SECTION_LENGTH)
            )
    if (
        len(data.result_metric.strip()) > MAX_METRIC_LENGTH
        or len(data.result_unit.strip()) > MAX_UNIT_LENGTH
    ):
        raise CaseStudyError(_("Nama ukuran atau satuan hasil terlalu panjang."))
    for value in (data.result_before, data.result_after):
        if value is not None and not is_valid_figure(value):
            raise CaseStudyError(
                _("Angka hasil harus berupa angka yang wajar, misalnya 45 atau 12,5.")
            )


def is_valid_figure(value: Decimal) -> bool:
    """A finite number that fits the ``Numeric(14, 2)`` result columns."""
    return value.is_finite() and abs(value) < MAX_FIGURE


def _figure(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _case_study_slug(title: str) -> str:
    slug = slugify(title)
    # /praktik/<id>/ubah is the edit page, not a case study titled "Ubah".
    return f"{slug}-1" if slug in RESERVED_SLUGS else slug


def _apply(case_study: CaseStudy, data: CaseStudyData) -> None:
    case_study.title = data.title.strip()
    case_study.slug = _case_study_slug(case_study.title)
    case_study.summary = data.summary.strip()
    case_study.program_id = data.program_id
    for name in SECTIONS:
        text = getattr(data, name)
        setattr(case_study, f"{name}_md", text)
        setattr(case_study, f"{name}_html", str(render_markdown(text)))
    case_study.result_metric = data.result_metric.strip()
    case_study.result_before = _figure(data.result_before)
    case_study.result_after = _figure(data.result_after)
    case_study.result_unit = data.result_unit.strip()
    case_study.tags = get_or_create_tags(data.tags)
    case_study.updated_at = utcnow()


def _snapshot(case_study: CaseStudy, editor: User) -> CaseStudyRevision:
    number = (
        db.session.scalar(
            sa.select(sa.func.max(CaseStudyRevision.number)).where(
                CaseStudyRevision.case_study_id == case_study.id
            )
        )
        or 0
    ) + 1
    revision = CaseStudyRevision(
        case_study_id=case_study.id,
        number=number,
        editor_id=editor.id,
        title=case_study.title,
        summary=case_study.summary,
        tags=", ".join(tag.name for tag in case_study.tags),
        status=case_study.status.value,
        **{f"{name}_md": getattr(case_study, f"{name}_md") for name in SECTIONS},
    )
    db.session.add(revision)
    return revision


def create_case_study(
    author: User,
    data: CaseStudyData,
    *,
    publish: bool = False,
    require_completion: bool = True,
    published_at: datetime | None = None,
    hold_for_review: bool = True,
    notify: bool = True,
) -> CaseStudy:
    """A new case study by ``author``, saved as a draft or published at once.

    In pre-moderation mode an account's first case study is held (``PENDING``)
    instead of published; imports pass ``hold_for_review=False``. Published at
    once, it is announced to followers unless ``notify`` is False (an archive
    import: old case studies are not news).

    :raise CaseStudyError: the author has no completion for the programme, or a
        section is too long.
    """
    _check(data, author, require_completion=require_completion)
    case_study = CaseStudy(author=author, agency_id=author.agency_id)
    _apply(case_study, data)
    if publish and hold_for_review and needs_review(author):
        hold(case_study)
    elif publish:
        case_study.status = Status.PUBLISHED
        case_study.published_at = published_at or utcnow()
    else:
        case_study.status = Status.DRAFT
    db.session.add(case_study)
    db.session.flush()
    _snapshot(case_study, author)
    if notify:
        feed.notify_followers(case_study)
    return case_study


def update_case_study(
    case_study: CaseStudy,
    editor: User,
    data: CaseStudyData,
    *,
    publish: bool = False,
    seen_version: int | None = None,
) -> CaseStudy:
    """Save an edit and keep a revision; ``publish`` also (re)publishes it.

    ``seen_version`` is the ``edit_version`` the edit form was made from;
    every save raises the version by one. None (an import, a script, a form
    from before versions) saves whatever the version is.

    :raise CaseStudyError: a rule is broken, or ``publish`` was asked for a case
        study a moderator has hidden. Nothing is changed in that case.
    :raise EditConflict: the case study was saved since ``seen_version``.
    """
    _check(data, editor, require_completion=case_study.program_id != data.program_id)
    if publish:
        _check_publishable(case_study)
    _claim_version(case_study, seen_version)
    _apply(case_study, data)
    if publish:
        publish_case_study(case_study)
    db.session.flush()
    _snapshot(case_study, editor)
    return case_study


def _claim_version(case_study: CaseStudy, seen_version: int | None) -> None:
    """Raise the version in one conditional ``UPDATE`` before changing anything.

    Two saves of the same version cannot both pass: the database lets one
    ``UPDATE`` match the row and the other (waiting on its lock, or run after
    it) finds the version moved and matches nothing. The row stays locked
    until commit, so concurrent saves also number their revisions in turn.
    """
    table = CaseStudy.__table__
    statement = (
        sa.update(table)
        .where(table.c.id == case_study.id)
        .values(edit_version=table.c.edit_version + 1)
    )
    if seen_version is not None:
        statement = statement.where(table.c.edit_version == seen_version)
    if db.session.execute(statement).rowcount != 1:
        raise EditConflict(case_study.id)
    if seen_version is None:
        db.session.expire(case_study, ["edit_version"])
    else:
        set_committed_value(case_study, "edit_version", seen_version + 1)


def needs_review(author: User) -> bool:
    """Pre-moderation (``MODERATION_MODE = "pre"``): must publishing wait?

    An account's first case study waits for a moderator; once one of theirs
    has been published, later ones publish at once. Moderators and admins
    never wait; ``post`` mode (the default) publishes everything at once.
    """
    if current_app.config.get("MODERATION_MODE", "post") != "pre":
        return False
    if author.role in STAFF_ROLES:
        return False
    published_before = db.session.scalar(
        sa.select(CaseStudy.id)
        .where(CaseStudy.author_id == author.id, CaseStudy.published_at.is_not(None))
        .limit(1)
    )
    return published_before is None


def hold(case_study: CaseStudy) -> None:
    """Put ``case_study`` in the review queue; ``hidden_at`` says since when."""
    case_study.status = Status.PENDING
    case_study.hidden_at = utcnow()
    case_study.hidden_by_id = None
    case_study.hidden_reason = ""


def _check_publishable(case_study: CaseStudy) -> None:
    if case_study.status is Status.HIDDEN:
        raise CaseStudyError(_("Studi kasus ini sedang disembunyikan moderator."))


def publish_case_study(case_study: CaseStudy) -> None:
    """Drafts and withdrawn case studies can be (re)published; hidden ones cannot.

    A republished case study keeps its first ``published_at``. In
    pre-moderation mode an account's first case study is held (``PENDING``)
    until a moderator approves it; publishing it again changes nothing.
    Followers hear of it the first time it is published, not again.
    """
    _check_publishable(case_study)
    if case_study.status is Status.PENDING:
        return
    if case_study.status is not Status.PUBLISHED and needs_review(case_study.author):
        hold(case_study)
        case_study.updated_at = utcnow()
    elif case_study.status is not Status.PUBLISHED:
        first_time = case_study.published_at is None
        case_study.status = Status.PUBLISHED
        case_study.published_at = case_study.published_at or utcnow()
        case_study.updated_at = utcnow()
        if first_time:
            feed.notify_followers(case_study)


def withdraw_case_study(case_study: CaseStudy) -> None:
    """The author takes a published case study back; it stays in their drafts.

    :raise CaseStudyError: the case study is not published (a draft has nothing
        to withdraw; a hidden one is the moderators' to restore).
    """
    if case_study.status is not Status.PUBLISHED:
        raise CaseStudyError(_("Hanya studi kasus yang terbit yang dapat ditarik."))
    case_study.status = Status.WITHDRAWN
    case_study.updated_at = utcnow()
