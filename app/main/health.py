"""``GET /healthz``: can this server answer? For load balancers and monitoring.

``{"status": "ok" | "degraded" | "fail", "database": {...}, "search_index": {...}}``

* **200 ok**: the database answers and the search index opens.
* **200 degraded**: both work, but changes have waited for the indexer longer
  than ``HEALTHZ_MAX_PENDING_AGE`` seconds (is ``flask search sync --follow``
  running?): search shows stale results, everything else is fine, so the
  server should stay in rotation.
* **503 fail**: the database does not answer, or there is no usable index.

Cheap on purpose (a load balancer asks every few seconds): ``SELECT 1``, one
aggregate over the change log above the index's watermark, and reading the
index's table of contents (its document counts; no segment file is opened).
No personal data, no versions, no error text (an exception message can hold a
host name or a path): only what failed. Exempt from rate limits, needs no
sign-in, never sets a cookie.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, jsonify
from flask.typing import ResponseReturnValue
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from app.extensions import db, limiter
from app.main import bp
from app.models import SearchChange
from app.search.folders import current_folder
from app.search.indexer import index_root
from app.search.state import load_state

DEFAULT_MAX_PENDING_AGE = 300  # seconds


def database_status() -> dict[str, Any]:
    started = time.perf_counter()
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return {"status": "fail", "error": "database did not answer"}
    return {
        "status": "ok",
        "latency_ms": round((time.perf_counter() - started) * 1000, 1),
    }


def search_index_status(database_ok: bool) -> dict[str, Any]:
    """Documents in the current index and the changes it has not applied yet."""
    folder = current_folder(index_root())
    if folder is None:
        return {"status": "fail", "error": "no index: run `flask search sync`"}
    try:
        documents = _document_count(folder)
        last_id = load_state(folder).last_id
    except Exception:  # noqa: BLE001 - a damaged index fails in many ways
        current_app.logger.warning(
            "healthz: the search index does not open", exc_info=True
        )
        return {"status": "fail", "error": "index does not open"}
    status: dict[str, Any] = {"status": "ok", "documents": documents}
    if database_ok:
        status.update(_pending(last_id))
        limit = current_app.config.get(
            "HEALTHZ_MAX_PENDING_AGE", DEFAULT_MAX_PENDING_AGE
        )
        if (status["oldest_pending_seconds"] or 0) > limit:
            status["status"] = "degraded"
    return status


def _document_count(folder: Path) -> int:
    """Documents in the index, from its table of contents alone: no segment
    file is read, so this stays cheap however large the index grows."""
    storage = _ClosingStorage(str(folder))
    try:
        toc = TOC.read(storage, "MAIN")
    finally:
        storage.close_opened()
    return sum(segment.doc_count() for segment in toc.segments)


class _ClosingStorage(FileStorage):
    """Closes the files Whoosh opened: when it cannot parse a table of
    contents it raises without closing the file it was reading."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self._opened: list[Any] = []

    def open_file(self, name: str, **kwargs: Any) -> Any:
        opened = super().open_file(name, **kwargs)
        self._opened.append(opened)
        return opened

    def close_opened(self) -> None:
        for opened in self._opened:
            if not opened.is_closed:
                opened.close()


def _pending(last_id: int) -> dict[str, Any]:
    count, oldest = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(SearchChange.created_at)).where(
            SearchChange.id > last_id
        )
    ).one()
    age = None
    if oldest is not None:
        if oldest.tzinfo is None:  # SQLite hands back naive UTC
            oldest = oldest.replace(tzinfo=UTC)
        age = max(0, round((datetime.now(UTC) - oldest).total_seconds()))
    return {"pending_changes": count, "oldest_pending_seconds": age}


def health() -> tuple[dict[str, Any], int]:
    database = database_status()
    search_index = search_index_status(database["status"] == "ok")
    parts = (database["status"], search_index["status"])
    if "fail" in parts:
        overall, code = "fail", 503
    elif "degraded" in parts:
        overall, code = "degraded", 200
    else:
        overall, code = "ok", 200
    return {"status": overall, "database": database, "search_index": search_index}, code


@bp.get("/healthz")
@limiter.exempt
def healthz() -> ResponseReturnValue:
    body, code = health()
    return jsonify(body), code, {"Cache-Control": "no-store"}
