"""The searcher the query side uses: kept while the index is unchanged, reopened
when it changed or ``current`` points at a new folder.

Not Whoosh's ``refresh()``: in Whoosh-Reloaded 2.7.5 it keeps the segments a
merge has replaced (``FileIndex._reader`` adds the old reader's segments that
are no longer in the index) and reuses a segment's reader with the
deletions it had when opened. A long-lived process then went on finding the
old version of an edited case study, or a comment deleted since, and counted
documents twice (tested in tests/test_search_comments.py). A fresh searcher
costs 1-3 ms at 10,000 documents now that segment files are read in place
(``app.search.storage``), and what takes time to read (posting lists, field
lengths, facet columns) is cached by segment id, so nothing is decoded again.

Each thread (one per process under gunicorn's sync workers) keeps its own
searcher, since closing one would break a search running on it in another
thread. When ``current`` points at a new folder (a rebuild), the thread opens
the new index and closes its old searcher, which releases the removed
folder's disk space.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app
from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError
from whoosh.reading import EmptyReader
from whoosh.searching import Searcher

from app.search.folders import current_folder
from app.search.indexer import index_root

_EXTENSION = "lumbung.search.searchers"


def get_searcher() -> Searcher | None:
    """This thread's up-to-date searcher on the current index, or None when no
    index exists yet (run ``flask search sync`` or ``flask search reindex``).

    Take it once per request and use that one throughout: a later call may
    close the searcher an earlier one returned.
    """
    local = current_app.extensions.setdefault(_EXTENSION, threading.local())
    root = index_root()
    for _attempt in range(5):  # a rebuild may swap folders between two steps
        folder = current_folder(root)
        if folder is None:
            _forget(local)
            return None
        searcher = getattr(local, "searcher", None)
        try:
            if searcher is None or local.folder != folder or not _current(searcher):
                _forget(local)
                local.searcher = _open(folder)
                local.folder = folder
            return local.searcher
        except (EmptyIndexError, OSError):
            _forget(local)  # the folder went away under us: look again
    return None


def _current(searcher: Searcher) -> bool:
    """Nothing committed since it was opened. (A searcher opened on an empty
    index has an ``EmptyReader``, without a generation: always reopened.)"""
    if isinstance(searcher.reader(), EmptyReader):
        return False
    return searcher.up_to_date()


def _open(folder: Path) -> Searcher:
    return whoosh_index.open_dir(str(folder)).searcher()


def _forget(local: threading.local) -> None:
    searcher = getattr(local, "searcher", None)
    if searcher is not None:
        searcher.close()
    local.searcher = None
    local.folder = None
