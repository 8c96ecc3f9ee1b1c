"""Running the indexer right after a request that committed searchable changes.

The session listeners (``app.search.changes``) flag the request when a commit
wrote change rows; after the request, the response gets a close callback, so
the indexer runs once the response has gone out (the user does not wait for
it) and, with a buffered test client, before ``client.post`` returns. The
indexer never waits for a lock, applies at most ``SEARCH_REQUEST_LIMIT``
changes, and its errors are logged, never shown: the change log keeps every
change for ``flask search sync``.
"""

from __future__ import annotations

from functools import partial

from flask import Flask, Response, current_app, g

from app.search.changes import FLAG


def schedule_indexing(response: Response) -> Response:
    """``after_request``: if this request committed changes, index after it."""
    if g.pop(FLAG, False) and current_app.config["SEARCH_SYNC_AFTER_REQUEST"]:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        response.call_on_close(partial(index_after_response, app))
    return response


def index_after_response(app: Flask) -> None:
    """Best effort: whatever fails here stays in the log for the next run."""
    from app.search.indexer import apply_pending

    try:
        with app.app_context():
            apply_pending(limit=app.config["SEARCH_REQUEST_LIMIT"])
    except Exception:
        app.logger.exception(
            "search: indexing after the request failed; the change log keeps it "
            "for the next run or `flask search sync`"
        )
