"""Writing the search change log, automatically, in the transaction that changes data.

Any code that changes what a case study's index document would hold (the case
study itself, its tags, its visible comments, or the name of its tag,
programme, agency or author) gets a ``search_change`` row per affected case
study without asking for it: ``before_flush`` notes what is about to change,
``after_flush`` inserts the rows through the flush's own connection. The rows
commit or roll back with the change, so the log never says more or less than
the database holds.

No SQL runs in ``after_commit``: it only raises a flag so that the request
knows to run the indexer once the response is out (``app.search.hooks``).

Bulk ``UPDATE``/``DELETE`` statements bypass the unit of work and so these
events; code that uses them calls :func:`record_changes` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import Session

from app.models import (
    Agency,
    CaseStudy,
    Comment,
    Program,
    SearchChange,
    Tag,
    User,
    case_study_tag,
)
from app.models.base import utcnow

_PENDING = "search_pending"  # session.info: what this flush is about to change
_WROTE = "search_wrote"  # session.info: this transaction wrote change rows
FLAG = "_search_changes_committed"  # flask.g: a commit wrote change rows

# A rename or re-slug of one of these changes every case study that shows it.
_RENAMES: dict[type, tuple[str, ...]] = {
    Tag: ("name", "slug"),
    Program: ("name", "slug"),
    Agency: ("name", "slug"),
    User: ("name",),
}

# What a comment adds to its case study's document: its text while visible.
_COMMENT_INDEXED = ("body_md", "deleted_at", "hidden_at", "case_study_id")


@dataclass
class _Pending:
    """What one flush changes, collected before it and written after it."""

    ids: set[int] = field(default_factory=set)
    new: list[CaseStudy | Comment] = field(default_factory=list)
    related: dict[type, set[int]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.ids or self.new or self.related)

    def case_study_ids(self) -> set[int]:
        """After the flush: new rows have their ids and foreign keys now."""
        new = (
            obj.id if isinstance(obj, CaseStudy) else obj.case_study_id
            for obj in self.new
        )
        return self.ids | {i for i in new if i is not None}


def listen() -> None:
    """Attach the listeners to every SQLAlchemy session, once per process."""
    for name, handler in (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not sa.event.contains(Session, name, handler):
            sa.event.listen(Session, name, handler)


def record_changes(session: Session, case_study_ids: Iterable[int]) -> None:
    """Log changes the unit of work cannot see (bulk ``UPDATE``/``DELETE``)."""
    _insert_ids(session, set(case_study_ids))


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    pending = _Pending()
    for obj in session.new:
        if isinstance(obj, CaseStudy | Comment):
            pending.new.append(obj)
    for obj in session.dirty:
        if isinstance(obj, CaseStudy) and _case_study_changed(obj):
            pending.ids.add(obj.id)
        elif isinstance(obj, Comment):
            pending.ids.update(_comment_changed(obj))
        elif type(obj) in _RENAMES and _renamed(obj):
            pending.related.setdefault(type(obj), set()).add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, CaseStudy):
            pending.ids.add(obj.id)
        elif isinstance(obj, Comment):
            pending.ids.add(obj.case_study_id)
        elif isinstance(obj, Tag):
            # The database cascade removes its links during the flush: read them now.
            pending.ids.update(_tagged_with(session, obj.id))
    if pending:
        session.info.setdefault(_PENDING, []).append(pending)


def _case_study_changed(case_study: CaseStudy) -> bool:
    """Any column or the tags changed (its comments are watched on their own)."""
    state = sa.inspect(case_study)
    keys = [attr.key for attr in state.mapper.column_attrs] + ["tags"]
    return any(state.attrs[key].history.has_changes() for key in keys)


def _comment_changed(comment: Comment) -> set[int]:
    """The case studies whose visible comments change: a comment edited,
    deleted, hidden or restored (both, if it moved, which nothing does yet).
    Other columns (who hid it, why) are not indexed and log nothing."""
    state = sa.inspect(comment)
    if not any(state.attrs[k].history.has_changes() for k in _COMMENT_INDEXED):
        return set()
    history = state.attrs["case_study_id"].history
    return {i for i in (*history.deleted, comment.case_study_id) if i is not None}


def _renamed(obj: Any) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[key].history.has_changes() for key in _RENAMES[type(obj)])


def _tagged_with(session: Session, tag_id: int) -> list[int]:
    return list(
        session.connection().scalars(
            sa.select(case_study_tag.c.case_study_id).where(
                case_study_tag.c.tag_id == tag_id
            )
        )
    )


def _after_flush(session: Session, _context: Any) -> None:
    for pending in session.info.pop(_PENDING, []):
        _insert_ids(session, pending.case_study_ids())
        for model, related_ids in pending.related.items():
            _insert_related(session, model, related_ids)


def _insert_ids(session: Session, ids: set[int]) -> None:
    if not ids:
        return
    now = utcnow()
    session.connection().execute(
        sa.insert(SearchChange.__table__),
        [{"case_study_id": i, "created_at": now} for i in sorted(ids)],
    )
    session.info[_WROTE] = True


def _insert_related(session: Session, model: type, ids: set[int]) -> None:
    """One ``INSERT ... SELECT``: a tag on 10,000 case studies costs one statement."""
    if model is Tag:
        source = sa.select(case_study_tag.c.case_study_id).where(
            case_study_tag.c.tag_id.in_(ids)
        )
    else:
        column = {
            Program: CaseStudy.program_id,
            Agency: CaseStudy.agency_id,
            User: CaseStudy.author_id,
        }[model]
        source = sa.select(CaseStudy.id).where(column.in_(ids))
    created = sa.literal(utcnow(), SearchChange.__table__.c.created_at.type)
    statement = sa.insert(SearchChange.__table__).from_select(
        ["case_study_id", "created_at"], source.add_columns(created)
    )
    session.connection().execute(statement)
    session.info[_WROTE] = True


def _after_commit(session: Session) -> None:
    # No SQL here: the transaction is over. Just tell the request.
    if session.info.pop(_WROTE, False) and has_app_context():
        setattr(g, FLAG, True)


def _after_rollback(session: Session) -> None:
    session.info.pop(_WROTE, None)
    session.info.pop(_PENDING, None)
