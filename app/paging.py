"""Page numbers for every paginated list: one rule for ``?page=`` and past-the-end."""

from __future__ import annotations

from flask import abort, request
from flask_sqlalchemy.pagination import Pagination

MAX_PAGE = 10_000  # keeps OFFSET within what every database accepts


def page_number() -> int:
    """Anything but a positive whole number means page 1.

    :raise 404: a page number far beyond any list.
    """
    page = request.args.get("page", 1, type=int)
    if page > MAX_PAGE:
        abort(404)
    return max(page, 1)


def abort_past_end(pagination: Pagination) -> None:
    """:raise 404: a page after the last one."""
    if pagination.page > 1 and not pagination.items:
        abort(404)
