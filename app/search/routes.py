"""``/cari``: the search page. Works without JavaScript: every control is a link
or a GET form, so a result page can be bookmarked and shared."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.ratelimits import limit_requests
from app.search.parser import clean_query, cut_query
from app.search.query import (
    DEFAULT_PER_PAGE,
    SearchInputError,
    SearchRequest,
    parse_request,
    search,
    was_cut,
)

bp = Blueprint("search", __name__)


@bp.route("/cari")
@limit_requests("SEARCH")
def results() -> ResponseReturnValue:
    cut = was_cut(request.args)
    try:
        search_request = parse_request(request.args)
    except SearchInputError as error:
        typed = cut_query(clean_query(request.args.get("q") or ""))
        page = render_template(
            "search/results.html", results=None, q=typed, error=str(error), cut=cut
        )
        return page, 400
    found = search(search_request)
    return render_template(
        "search/results.html",
        results=found,
        q=search_request.q,
        cut=cut,
        link=lambda **changes: search_url(search_request, **changes),
    )


def search_url(search_request: SearchRequest, **changes: Any) -> str:
    """``/cari`` for this request with some parameters changed (``None`` drops
    one); any change but the page number goes back to page 1."""
    params: dict[str, Any] = {
        "q": search_request.q,
        **search_request.filters(),
        "sort": search_request.sort,
        "page": search_request.page,
        "per_page": search_request.per_page,
    }
    if changes.keys() - {"page"}:
        params["page"] = 1
    params.update(changes)
    defaults = {"q": "", "sort": "relevance", "page": 1, "per_page": DEFAULT_PER_PAGE}
    kept = {
        key: value
        for key, value in params.items()
        if value is not None and defaults.get(key) != value
    }
    return url_for("search.results", **kept)
