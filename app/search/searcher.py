"""The searcher the query side uses: opened once, refreshed, reopened after a swap.

Opening a Whoosh searcher reads every segment (about 110 ms on a 10,000
document index, see search-notes.md); reusing one and calling ``refresh()``
only reads what changed. ``refresh()`` may close segment readers the new
searcher no longer needs, which would break a search running in another
thread on the old one, so each thread (one per process under gunicorn's sync
workers) keeps its own. When ``current`` points at a new folder (a rebuild),
the thread opens the new index and closes its old searcher, which releases
the removed folder's disk space.
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
            # Whoosh cannot refresh a searcher opened on an empty index (its
            # EmptyReader has no segments): that one is reopened instead.
            if (
                searcher is not None
                and local.folder == folder
                and not isinstance(searcher.reader(), EmptyReader)
            ):
                local.searcher = searcher.refresh()
            else:
                _forget(local)
                local.searcher = _open(folder)
                local.folder = folder
            return local.searcher
        except (EmptyIndexError, OSError):
            _forget(local)  # the folder went away under us: look again
    return None


def _open(folder: Path) -> Searcher:
    return whoosh_index.open_dir(str(folder)).searcher()


def _forget(local: threading.local) -> None:
    searcher = getattr(local, "searcher", None)
    if searcher is not None:
        searcher.close()
    local.searcher = None
    local.folder = None
