"""Rebuilding an index from the database, beside the live one, then swapping it in.

The race to get right: changes keep committing while the rebuild reads the
database. So before reading anything the rebuild notes the log's latest id
and the ids below it that are not visible yet (transactions still open; see
``app.search.state``). Every change visible at that moment committed before
the rebuild's reads began, so the new index already reflects it; everything
else (later ids, and those gaps) is applied from the log to the new folder
before the swap and once more after it.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from app.extensions import db
from app.models import CaseStudy, SearchChange, Status
from app.models.base import utcnow
from app.search.documents import published_batches
from app.search.folders import (
    current_folder,
    new_folder,
    rebuild_lock,
    remove_old,
    swap,
)
from app.search.indexer import apply_pending, apply_to, gap_timeout, index_root
from app.search.schema import build_schema, document_for
from app.search.state import IndexState, save_state


class RebuildBusy(Exception):
    """Another rebuild (or the first index being created) holds the folder."""


@dataclass
class RebuildReport:
    folder: Path
    documents: int = 0
    caught_up: int = 0  # changes committed during the rebuild, applied after it
    removed: list[Path] = field(default_factory=list)


def count_published() -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(CaseStudy)
        .where(CaseStudy.status == Status.PUBLISHED)
    )


def rebuild(
    root: str | Path | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> RebuildReport:
    """Index every published case study into a new folder and make it current.

    Searches keep using the old folder until the swap; old folders are removed
    after it. ``progress`` is called with the number of case studies written.

    :raise RebuildBusy: another rebuild is running on this folder.
    """
    root = index_root(root)
    with rebuild_lock(root) as acquired:
        if not acquired:
            raise RebuildBusy(str(root))
        folder = new_folder(root)
        try:
            report = RebuildReport(folder)
            state = starting_state()  # before reading any case study
            ix = whoosh_index.create_in(str(folder), build_schema())
            report.documents = _write_all(ix, progress)
            save_state(folder, state)
            report.caught_up = apply_to(folder).changes
            swap(root, folder)
        except BaseException:
            if current_folder(root) != folder:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        report.removed = remove_old(root, keep=folder)
    report.caught_up += apply_pending(root).changes
    return report


def starting_state(now: float | None = None) -> IndexState:
    """The log position a rebuild starting now covers: the latest visible id,
    with the invisible ids below it (up to the gap timeout back) as gaps."""
    timeout = gap_timeout()
    cutoff = utcnow() - timedelta(seconds=timeout)
    with Session(db.engine) as session:
        top = session.scalar(sa.select(sa.func.max(SearchChange.id))) or 0
        # Anything older than the cutoff is given up as a gap anyway.
        floor = (
            session.scalar(
                sa.select(sa.func.max(SearchChange.id)).where(
                    SearchChange.created_at < cutoff, SearchChange.id <= top
                )
            )
            or 0
        )
        recent = session.scalars(
            sa.select(SearchChange.id).where(
                SearchChange.id > floor, SearchChange.id <= top
            )
        ).all()
    state = IndexState(last_id=floor)
    state.advance(recent, now or time.time(), timeout)
    return state


def _write_all(
    ix: whoosh_index.FileIndex, progress: Callable[[int], None] | None
) -> int:
    written = 0
    writer = ix.writer(limitmb=128)
    try:
        with Session(db.engine) as session:
            for batch in published_batches(session):
                for case_study in batch:
                    writer.add_document(**document_for(case_study))
                written += len(batch)
                if progress is not None:
                    progress(len(batch))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return written
