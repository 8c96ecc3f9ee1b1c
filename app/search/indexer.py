"""Applying the change log to an index: the only code that writes to a live index.

``apply_pending`` reads the changes after the index's watermark (and in its
gaps, see ``app.search.state``), collapses them per case study, loads those
case studies as they are *now*, writes published ones and removes the rest,
commits the index, and only then records how far it got. Applying a change
twice is harmless, so a crash anywhere loses nothing.

Locks: one process at a time applies changes to a folder. The lock is tried
without waiting; a process that finds it taken returns at once and leaves its
changes to the holder, which looks for new changes after it lets go of the
lock and goes round again if there are any. So a change committed before a
failed attempt is always picked up, nobody waits, and nobody sees a LockError.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, FileIndex, LockError
from whoosh.writing import IndexWriter

from app.extensions import db
from app.models import SearchChange, Status
from app.search.documents import load_case_studies
from app.search.folders import (
    INDEXER_LOCK,
    IndexGone,
    current_folder,
    new_folder,
    rebuild_lock,
    swap,
    try_lock,
)
from app.search.schema import build_schema, digest, document_for
from app.search.state import Gap, IndexState, load_state, save_state

log = logging.getLogger(__name__)

BATCH_SIZE = 500  # changes read per query
GAP_CHUNK = 100  # gap ranges per query
DEFAULT_GAP_TIMEOUT = 600.0  # seconds; see app.search.state
MAX_HOPS = 10  # folders swapped away under us in a row before giving up


@dataclass
class SyncReport:
    """What a run did. ``busy``: another process held the lock and will finish."""

    changes: int = 0
    documents: int = 0
    busy: bool = False

    def add(self, other: SyncReport) -> None:
        self.changes += other.changes
        self.documents += other.documents
        self.busy = other.busy


def index_root(root: str | Path | None = None) -> Path:
    return Path(root or current_app.config["SEARCH_INDEX_DIR"])


def gap_timeout() -> float:
    return float(current_app.config.get("SEARCH_GAP_TIMEOUT", DEFAULT_GAP_TIMEOUT))


def apply_pending(
    root: str | Path | None = None, *, limit: int | None = None
) -> SyncReport:
    """Bring the current index in ``root`` (default ``SEARCH_INDEX_DIR``) up to
    date with the change log; at most about ``limit`` changes (``None``: all).

    Creates an empty index fed from the whole log when there is none.
    Returns at once, ``busy``, if another process is applying changes.
    """
    root = index_root(root)
    report = SyncReport()
    hops = 0
    while limit is None or report.changes < limit:
        folder = current_folder(root) or create_empty(root)
        if folder is None:  # someone else is creating or rebuilding it
            report.busy = True
            return report
        remaining = None if limit is None else limit - report.changes
        try:
            step = apply_to(folder, root=root, limit=remaining)
        except IndexGone:
            hops += 1
            if hops > MAX_HOPS:
                raise
            continue
        report.add(step)
        if step.busy:
            return report
        if current_folder(root) == folder and not has_pending(load_state(folder)):
            return report
    return report


def create_empty(root: Path) -> Path | None:
    """An empty index that will take the whole log; None if the folder is busy."""
    with rebuild_lock(root) as acquired:
        if not acquired:
            return None
        folder = current_folder(root)
        if folder is None:
            folder = new_folder(root)
            whoosh_index.create_in(str(folder), build_schema())
            save_state(folder, IndexState())
            swap(root, folder)
        return folder


def apply_to(
    folder: Path, *, root: Path | None = None, limit: int | None = None
) -> SyncReport:
    """Apply pending changes to the index in ``folder``, if its lock is free.

    With ``root``, give up (no changes, not busy) when ``folder`` stopped being
    the current one: the caller moves on to the new folder.

    :raise IndexGone: the folder was removed under us.
    """
    with try_lock(folder / INDEXER_LOCK) as acquired:
        if not acquired:
            return SyncReport(busy=True)
        if root is not None and current_folder(root) != folder:
            return SyncReport()
        return _apply_locked(_open(folder), folder, limit)


def _open(folder: Path) -> FileIndex:
    try:
        return whoosh_index.open_dir(str(folder))
    except (EmptyIndexError, FileNotFoundError) as error:
        raise IndexGone(str(folder)) from error


def _apply_locked(ix: FileIndex, folder: Path, limit: int | None) -> SyncReport:
    state = load_state(folder)
    before = state.to_json()
    report = SyncReport()
    writer: IndexWriter | None = None
    written: set[int] = set()
    try:
        with Session(db.engine) as session:
            while limit is None or report.changes < limit:
                size = BATCH_SIZE
                if limit is not None:
                    size = min(size, limit - report.changes)
                rows = _next_changes(session, state, size)
                if not rows:
                    break
                ids = {r[1] for r in rows}
                if ids & written:
                    # Whoosh replaces only committed documents: a second
                    # update_document of an id in one writer keeps both
                    # copies. Commit now; apply_pending comes round for these.
                    break
                written |= ids
                if writer is None:
                    try:  # free unless someone bypasses the indexer lock
                        writer = ix.writer(timeout=0.0)
                    except LockError:
                        return SyncReport(busy=True)
                report.documents += _write(session, writer, ids)
                state.advance((r[0] for r in rows), time.time(), gap_timeout())
                report.changes += len(rows)
        if writer is not None:
            writer.commit()
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    for gap in state.advance((), time.time(), gap_timeout()):
        # Normal after a rollback; a change that still turns up later is only
        # found by `flask search check` / `reindex`.
        log.info("search: gave up waiting for change ids %d-%d", gap.low, gap.high)
    if state.to_json() != before:
        save_state(folder, state)
    return report


def _gap_filter(gaps: Sequence[Gap]) -> sa.ColumnElement[bool]:
    return sa.or_(*(SearchChange.id.between(gap.low, gap.high) for gap in gaps))


def _next_changes(
    session: Session, state: IndexState, size: int
) -> list[tuple[int, int]]:
    """The next batch: changes that turned up in a gap first, then new ones."""
    columns = (SearchChange.id, SearchChange.case_study_id)
    for start in range(0, len(state.gaps), GAP_CHUNK):
        rows = session.execute(
            sa.select(*columns)
            .where(_gap_filter(state.gaps[start : start + GAP_CHUNK]))
            .order_by(SearchChange.id)
            .limit(size)
        ).all()
        if rows:
            return [tuple(row) for row in rows]
    rows = session.execute(
        sa.select(*columns)
        .where(SearchChange.id > state.last_id)
        .order_by(SearchChange.id)
        .limit(size)
    ).all()
    return [tuple(row) for row in rows]


def has_pending(state: IndexState) -> bool:
    """Is there a visible change this state has not applied? (A fresh transaction.)"""
    condition = SearchChange.id > state.last_id
    if state.gaps:
        condition = sa.or_(condition, _gap_filter(state.gaps))
    with Session(db.engine) as session:
        found = session.scalar(sa.select(SearchChange.id).where(condition).limit(1))
    return found is not None


def _write(session: Session, writer: IndexWriter, ids: set[int]) -> int:
    """Make the index agree with the database about ``ids``."""
    now = {row.id: row for row in load_case_studies(session, ids)}
    for case_study_id in sorted(ids):
        case_study = now.get(case_study_id)
        if case_study is not None and case_study.status is Status.PUBLISHED:
            writer.update_document(**_fitted(document_for(case_study), writer))
        else:  # draft, withdrawn, hidden or deleted
            writer.delete_by_term("id", str(case_study_id))
    session.expunge_all()
    return len(ids)


def _fitted(document: dict, writer: IndexWriter) -> dict:
    """Only the fields this index has: one built before a field was added
    (``comments``) keeps taking changes until ``flask search reindex``, which
    Whoosh would otherwise refuse with an error on every document. Its stored
    digest then differs from the database's, so ``flask search check``
    reports the documents stale until the reindex."""
    schema = writer.schema
    if all(name in schema for name in document):
        return document
    fitted = {k: v for k, v in document.items() if k in schema and k != "digest"}
    return {**fitted, "digest": digest(fitted)}
