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

import multiprocessing
import os
import queue
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

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

# Defaults for the settings of the same name (``SEARCH_REBUILD_*``).
REBUILD_DEFAULTS = {
    # Writer processes for a full rebuild; each writes one segment. More
    # segments make every query a little slower, so no more than two by default.
    "SEARCH_REBUILD_PROCS": min(2, os.cpu_count() or 1),
    # Below this many case studies one process is as fast (forking costs time).
    "SEARCH_REBUILD_PARALLEL_MIN": 2000,
    # Memory each writer sorts postings in before spilling a run to disk (MB).
    "SEARCH_REBUILD_LIMITMB": 256,
}


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


def _setting(name: str) -> int:
    return int(current_app.config.get(name, REBUILD_DEFAULTS[name]))


def writer_processes(total: int) -> int:
    """How many processes write a rebuild of ``total`` case studies.

    One unless the rebuild is large enough to gain from more, and never with an
    in-memory SQLite database (a new connection would see an empty one).
    """
    procs = _setting("SEARCH_REBUILD_PROCS")
    if total < _setting("SEARCH_REBUILD_PARALLEL_MIN") or procs < 2:
        return 1
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return 1
    return procs


def _write_all(
    ix: whoosh_index.FileIndex, progress: Callable[[int], None] | None
) -> int:
    procs = writer_processes(count_published())
    if procs > 1:
        return _write_parallel(ix, procs, progress)
    return _write_serial(ix, progress)


def _write_serial(
    ix: whoosh_index.FileIndex, progress: Callable[[int], None] | None
) -> int:
    written = 0
    writer = SegmentWriter(ix, limitmb=_setting("SEARCH_REBUILD_LIMITMB"))
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


# --- Both cores -----------------------------------------------------------------
# Analysing text and writing postings is CPU-bound Python, so one
# process uses one core. Whoosh's own MpWriter analyses in worker processes but
# leaves the database reads, the documents and the final merge of all postings
# to the parent, which then keeps one core busy while the other waits. Here each
# worker reads its share of the case studies (ids modulo the number of workers)
# in its own database connection and writes a complete segment of its own; the
# parent, which holds the index lock throughout, then lists those segments in
# one commit. The index has one segment per worker; no merge, no second pass.


def _write_parallel(
    ix: whoosh_index.FileIndex,
    procs: int,
    progress: Callable[[int], None] | None,
) -> int:
    limitmb = _setting("SEARCH_REBUILD_LIMITMB")
    # Taking the lock also creates the temporary folder the workers share.
    writer = SegmentWriter(ix, limitmb=limitmb)
    context = multiprocessing.get_context("fork")  # workers inherit the app
    messages = context.Queue()
    workers = [
        context.Process(
            target=_write_share,
            args=(ix.storage.folder, share, procs, limitmb, messages),
            daemon=True,
        )
        for share in range(procs)
    ]
    try:
        for worker in workers:
            worker.start()
        segments, written = _collect(workers, messages, progress)
        for worker in workers:
            worker.join()
        writer._close_segment()  # its own segment stays empty: not listed
        writer._commit_toc(writer.segments + segments)
        writer._finish()
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        if not writer.is_closed:
            writer.cancel()
        raise
    return written


def _collect(
    workers: list, messages: multiprocessing.Queue, progress: Callable | None
) -> tuple[list, int]:
    """Relay the workers' progress; their segments once they are all done."""
    segments, written, done = [], 0, 0
    while done < len(workers):
        try:
            kind, value = messages.get(timeout=1.0)
        except queue.Empty:
            if any(w.exitcode not in (None, 0) for w in workers):
                raise RuntimeError("search: a rebuild worker died") from None
            continue
        if kind == "progress":
            written += value
            if progress is not None:
                progress(value)
        elif kind == "done":
            done += 1
            if value is not None:
                segments.append(value)
        else:
            raise RuntimeError(f"search: a rebuild worker failed:\n{value}")
    return segments, written


def _write_share(
    folder: str, share: int, shares: int, limitmb: int, messages: multiprocessing.Queue
) -> None:
    """In a worker: index the published case studies whose id % shares == share."""
    try:
        db.engine.dispose(close=False)  # the parent's connections stay the parent's
        ix = whoosh_index.open_dir(folder)
        writer = SegmentWriter(ix, _lk=False, limitmb=limitmb)
        with Session(db.engine) as session:
            for batch in published_batches(session, share=share, shares=shares):
                for case_study in batch:
                    writer.add_document(**document_for(case_study))
                messages.put(("progress", len(batch)))
        if writer.doc_count():
            messages.put(("done", writer._finalize_segment()))
        else:
            writer._close_segment()
            messages.put(("done", None))
    except Exception:
        messages.put(("error", traceback.format_exc()))
        raise SystemExit(1) from None  # the parent reports it; no second traceback
