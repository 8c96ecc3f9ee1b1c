"""Full-text search: an Indonesian-aware Whoosh index derived from the database.

Kept in step through a change log (``changes``) applied by ``indexer`` after
each request and by ``flask search sync``; rebuilt by ``rebuild``; compared by
``check``; read through ``searcher.get_searcher``. See docs/search.md.
"""

from __future__ import annotations

from flask import Flask

DEFAULTS = {
    "SEARCH_SYNC_AFTER_REQUEST": True,  # False: leave it all to `flask search sync`
    "SEARCH_REQUEST_LIMIT": 1000,  # changes applied after one request, at most
    "SEARCH_GAP_TIMEOUT": 600,  # seconds an id missing below the watermark is awaited
}


def register_search(app: Flask) -> None:
    """Log searchable changes from every session; index after each request."""
    from app.search.changes import listen
    from app.search.hooks import schedule_indexing
    from app.search.storage import install

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    install()  # read index files from the memory map, not a copy
    listen()
    app.after_request(schedule_indexing)
