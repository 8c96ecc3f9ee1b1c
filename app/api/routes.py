"""``GET /api/v1/search``: the same search, visibility rules and parameters as
``/cari``, as JSON. Errors are JSON too: ``{"error": {"status", "message"}}``."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.api import bp
from app.api.serialize import results_json
from app.ratelimits import limit_requests
from app.search.query import SearchInputError, parse_request, search

RETRY_AFTER = 30  # seconds, when the index is still being prepared


def error(status: int, message: str, **headers: str) -> ResponseReturnValue:
    return jsonify(error={"status": status, "message": message}), status, headers


@bp.get("/search")
@limit_requests("SEARCH")
def search_v1() -> ResponseReturnValue:
    """:raise 400: unusable ``sort`` or ``year``. 503: no index yet."""
    try:
        search_request = parse_request(request.args)
    except SearchInputError as problem:
        return error(400, str(problem))
    results = search(search_request)
    if not results.available:
        return error(
            503,
            _("Pencarian sedang disiapkan. Silakan coba lagi beberapa saat lagi."),
            **{"Retry-After": str(RETRY_AFTER)},
        )
    return jsonify(results_json(results))


@bp.route("/<path:_rest>")
def not_found(_rest: str) -> ResponseReturnValue:
    return error(404, _("Alamat API ini tidak ada."))


@bp.errorhandler(429)
def too_many_requests(_error: Exception) -> ResponseReturnValue:
    """A rate limit (app.ratelimits), as JSON; the limiter adds ``Retry-After``."""
    return error(429, _("Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi."))
