"""Finding one's way back: bookmarks and follows. The feed they make, and the
notices that tell followers of a new case study, are in ``app.community.feed``.

Toggles take the state the user wants, never "flip": the primary and unique
keys of ``bookmark`` and ``follow`` with ``INSERT ... ON CONFLICT DO NOTHING``
make a double click, or the same click in two tabs at once, end in one row.
Functions run their statements in the caller's transaction (which flushes) but
never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from app.extensions import db
from app.models import (
    FOLLOW_COLUMNS,
    Agency,
    Bookmark,
    CaseStudy,
    Follow,
    FollowTarget,
    Program,
    Status,
    Tag,
    User,
)
from app.models.base import utcnow
from app.policy import STAFF_ROLES, Ability, can
from app.practices import queries
from app.sql import dialect_insert

Target = Program | Agency | Tag | User

# What each kind of follow points at, and the relationship that loads it.
TARGET_MODELS: dict[FollowTarget, type[Target]] = {
    FollowTarget.PROGRAM: Program,
    FollowTarget.AGENCY: Agency,
    FollowTarget.TAG: Tag,
    FollowTarget.PERSON: User,
}
_RELATIONS = {
    FollowTarget.PROGRAM: "program",
    FollowTarget.AGENCY: "agency",
    FollowTarget.TAG: "tag",
    FollowTarget.PERSON: "followed_user",
}
# Why-you-got-this, most personal first: a person you follow explains a new
# case study better than one of its tags does.
PRIORITY = (
    FollowTarget.PERSON,
    FollowTarget.PROGRAM,
    FollowTarget.AGENCY,
    FollowTarget.TAG,
)


class FollowError(ValueError):
    """A rule was broken; ``str(error)`` is a message for the user (translated)."""


def _insert_if_absent(model: type[Any], **values: object) -> bool:
    """``INSERT ... ON CONFLICT DO NOTHING``; True when the row went in.

    RETURNING tells, where ``rowcount`` does not: psycopg reports -1 for an
    INSERT that returns the new id.
    """
    table = model.__table__
    stmt = (
        dialect_insert(table)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(table.c.user_id)
    )
    return db.session.execute(stmt).first() is not None


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# --- bookmarks -----------------------------------------------------------------


def set_bookmark(user: User, case_study: CaseStudy, on: bool) -> bool:
    """Save (``on``) or unsave ``case_study``; True when this call changed a row.

    Saving twice keeps one bookmark, unsaving what is not saved does nothing.

    :raise FollowError: saving a case study ``user`` may not see.
    """
    if not on:
        result = db.session.execute(
            sa.delete(Bookmark).where(
                Bookmark.user_id == user.id, Bookmark.case_study_id == case_study.id
            )
        )
        return result.rowcount == 1
    if not can(user, Ability.BOOKMARK, case_study):
        raise FollowError(_("Studi kasus ini tidak dapat disimpan."))
    return _insert_if_absent(
        Bookmark, user_id=user.id, case_study_id=case_study.id, created_at=utcnow()
    )


def _visible_to(user: User) -> sa.ColumnElement[bool]:
    """What ``Ability.VIEW_CASE_STUDY`` allows, as SQL: published or one's own
    (moderators see everything, as they do on the case-study page)."""
    if user.role in STAFF_ROLES:
        return sa.true()
    return sa.or_(CaseStudy.status == Status.PUBLISHED, CaseStudy.author_id == user.id)


def saved(user: User, page: int = 1, per_page: int = 20) -> Pagination:
    """``user``'s bookmarks, last saved first, with what a card shows.

    A saved case study that was since hidden or withdrawn drops out of the list
    (the bookmark stays, and it comes back if the case study does).
    """
    stmt = (
        sa.select(CaseStudy)
        .join(
            Bookmark,
            sa.and_(
                Bookmark.case_study_id == CaseStudy.id, Bookmark.user_id == user.id
            ),
        )
        .where(_visible_to(user))
        .options(*queries.card_options())
        .order_by(Bookmark.created_at.desc(), CaseStudy.id.desc())
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def bookmarked_ids(user: Any, case_ids: Iterable[int]) -> set[int]:
    """Which of ``case_ids`` ``user`` saved, in one query (buttons on a list)."""
    ids = list(case_ids)
    if not ids or not _signed_in(user):
        return set()
    return set(
        db.session.scalars(
            sa.select(Bookmark.case_study_id).where(
                Bookmark.user_id == user.id, Bookmark.case_study_id.in_(ids)
            )
        )
    )


def is_bookmarked(user: Any, case_study: CaseStudy) -> bool:
    return case_study.id in bookmarked_ids(user, [case_study.id])


# --- follows -------------------------------------------------------------------


def follow_column(kind: FollowTarget) -> InstrumentedAttribute[int | None]:
    return getattr(Follow, FOLLOW_COLUMNS[kind])


def target_of(follow: Follow) -> Target:
    """The programme, agency, tag or person ``follow`` points at."""
    return getattr(follow, _RELATIONS[follow.target_kind])


def target_label(follow: Follow) -> str:
    """How a follow's target is named in lists and reasons (tags with ``#``)."""
    target = target_of(follow)
    return f"#{target.name}" if follow.target_kind is FollowTarget.TAG else target.name


def _check_followable(user: User, kind: FollowTarget, target: Target) -> None:
    if not isinstance(target, TARGET_MODELS[kind]):
        raise TypeError(f"a {kind} follow needs a {TARGET_MODELS[kind].__name__}")
    if not can(user, Ability.FOLLOW, target):
        if isinstance(target, User) and _signed_in(user) and target.id == user.id:
            raise FollowError(_("Anda tidak dapat mengikuti diri sendiri."))
        raise FollowError(_("Masuk terlebih dahulu untuk mengikuti."))
    if isinstance(target, User) and target.is_pending:
        raise FollowError(_("Akun ini belum aktif dan belum dapat diikuti."))
    # An archived programme or agency gets no new followers; those who
    # already follow it keep their follow (a repeated click changes nothing).
    if getattr(target, "is_archived", False) and not is_following(user, kind, target):
        raise FollowError(
            _("%(name)s sudah diarsipkan dan tidak dapat diikuti.", name=target.name)
        )


def set_follow(user: User, kind: FollowTarget, target: Target, on: bool) -> bool:
    """Follow (``on``) or unfollow ``target``; True when this call changed a row.

    Unfollowing is always allowed, even an archived target or a person who
    left. Notices already sent keep their text; their ``follow_id`` is cleared.

    :raise FollowError: following oneself, an account not yet claimed, or an
        archived programme or agency one does not already follow.
    """
    kind = FollowTarget(kind)
    if not on:
        result = db.session.execute(
            sa.delete(Follow).where(
                Follow.user_id == user.id, follow_column(kind) == target.id
            )
        )
        return result.rowcount == 1
    _check_followable(user, kind, target)
    return _insert_if_absent(
        Follow,
        user_id=user.id,
        created_at=utcnow(),
        **{FOLLOW_COLUMNS[kind]: target.id},
    )


def is_following(user: Any, kind: FollowTarget, target: Target) -> bool:
    if not _signed_in(user):
        return False
    found = db.session.scalar(
        sa.select(Follow.id).where(
            Follow.user_id == user.id, follow_column(FollowTarget(kind)) == target.id
        )
    )
    return found is not None


def follows_of(user: User) -> dict[FollowTarget, list[Follow]]:
    """Everything ``user`` follows, by kind, each list by name; one query."""
    follows = db.session.scalars(
        sa.select(Follow)
        .where(Follow.user_id == user.id)
        .options(*(joinedload(getattr(Follow, name)) for name in _RELATIONS.values()))
    ).all()
    grouped: dict[FollowTarget, list[Follow]] = {kind: [] for kind in FollowTarget}
    for follow in sorted(follows, key=lambda f: (target_label(f).lower(), f.id)):
        grouped[follow.target_kind].append(follow)
    return grouped


# --- tags ----------------------------------------------------------------------


def move_tag_follows(source: Tag, target: Tag) -> int:
    """Before ``source`` is merged into ``target``: its followers follow
    ``target`` instead. Someone who followed both keeps their ``target`` follow;
    their ``source`` follow goes with the tag (ON DELETE CASCADE). How many moved.
    """
    already = sa.select(Follow.user_id).where(Follow.tag_id == target.id)
    result = db.session.execute(
        sa.update(Follow)
        .where(Follow.tag_id == source.id, Follow.user_id.not_in(already))
        .values(tag_id=target.id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
