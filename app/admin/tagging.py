"""Tags as an admin tidies them: rename, and merge two into one.

"Pelayanan" and "pelayanan publik" split one conversation in two; merging
gives every case study of the source the target tag and removes the source.

The search index follows through the change log (``app.search.changes``): a
renamed tag logs every case study that carries it, and deleting the merged
tag logs every case study it was on, which are exactly those the merge
re-tagged. Functions flush but never commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from app.admin.errors import AdminError
from app.community.following import move_tag_follows
from app.extensions import db
from app.models import AuditEvent, Tag, User, case_study_tag
from app.moderation.audit import record
from app.practices.services import MAX_TAG_LENGTH
from app.text import slugify


class TagExists(AdminError):
    """The new name's slug belongs to another tag: merge them instead."""

    def __init__(self, existing: Tag) -> None:
        super().__init__(
            _(
                "Tag «%(name)s» sudah ada. Gabungkan kedua tag itu saja.",
                name=existing.name,
            ),
            "name",
        )
        self.existing = existing


def paginate_tags(query: str = "", *, page: int, per_page: int) -> Pagination:
    """Tags by name; ``query`` matches part of the name, any case."""
    stmt = sa.select(Tag).order_by(sa.func.lower(Tag.name), Tag.id)
    query = " ".join(query.split()).lower()
    if query:
        stmt = stmt.where(sa.func.lower(Tag.name).contains(query, autoescape=True))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def usage_counts(tags: list[Tag]) -> dict[int, int]:
    """How many case studies (any status) carry each tag; one query."""
    if not tags:
        return {}
    rows = db.session.execute(
        sa.select(case_study_tag.c.tag_id, sa.func.count())
        .where(case_study_tag.c.tag_id.in_([tag.id for tag in tags]))
        .group_by(case_study_tag.c.tag_id)
    )
    counts = dict.fromkeys((tag.id for tag in tags), 0)
    counts.update({tag_id: n for tag_id, n in rows})
    return counts


def all_tags() -> list[Tag]:
    return list(db.session.scalars(sa.select(Tag).order_by(sa.func.lower(Tag.name))))


def tag_by_slug(slug: str) -> Tag | None:
    return db.session.scalar(sa.select(Tag).where(Tag.slug == slug))


def rename_tag(actor: User, tag: Tag, name: str) -> AuditEvent | None:
    """New name and the slug made from it. None when nothing changed.

    :raise TagExists: another tag has that slug (offer a merge instead).
    :raise AdminError: the name is empty, too long or has no letters or digits.
    """
    name = " ".join(name.split())
    if not name:
        raise AdminError(_("Isi nama tag."), "name")
    if len(name) > MAX_TAG_LENGTH:
        raise AdminError(
            _("Nama tag paling banyak %(n)d karakter.", n=MAX_TAG_LENGTH), "name"
        )
    slug = slugify(name)
    if slug == "-":
        raise AdminError(_("Nama tag harus memuat huruf atau angka."), "name")
    if slug != tag.slug and (existing := tag_by_slug(slug)) is not None:
        raise TagExists(existing)
    if name == tag.name and slug == tag.slug:
        return None
    old_name, old_slug = tag.name, tag.slug
    tag.name, tag.slug = name, slug
    db.session.flush()
    return record(
        actor,
        "tag_rename",
        target_type="tag",
        target_id=tag.id,
        name=[old_name, name],
        slug=[old_slug, slug],
    )


def merge_tags(actor: User, source: Tag, target: Tag) -> AuditEvent:
    """Every case study tagged ``source`` gets ``target``; ``source`` is removed.

    A case study that already had both keeps one link (no duplicate rows); a
    follower of ``source`` now follows ``target`` (one follow if they had both).

    :raise AdminError: source and target are the same tag.
    """
    if source.id == target.id:
        raise AdminError(_("Pilih tag lain sebagai tujuan."), "target")
    link = case_study_tag.c
    moved = db.session.scalar(
        sa.select(sa.func.count()).where(link.tag_id == source.id)
    )
    already_tagged = sa.select(link.case_study_id).where(link.tag_id == target.id)
    db.session.execute(
        sa.insert(case_study_tag).from_select(
            ["case_study_id", "tag_id"],
            sa.select(link.case_study_id, sa.literal(target.id, sa.Integer)).where(
                link.tag_id == source.id, link.case_study_id.not_in(already_tagged)
            ),
        )
    )
    follows = move_tag_follows(source, target)
    event = record(
        actor,
        "tag_merge",
        target_type="tag",
        target_id=target.id,
        source_id=source.id,
        source=source.name,
        source_slug=source.slug,
        into=target.name,
        case_studies=moved or 0,
        follows=follows,
    )
    # The ORM delete (not a bulk DELETE) is what makes the change log list
    # the source's case studies; the database's ON DELETE CASCADE then drops
    # the source's links.
    db.session.delete(source)
    db.session.flush()
    return event
