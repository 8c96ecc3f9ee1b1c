"""Search parameters: what ``/cari`` and the API accept, cleaned and checked.

Imported through ``app.search.query`` (the query side's contract).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from app.search.parser import clean_query, cut_query

SORTS = ("relevance", "newest", "helpful", "replicated")
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 50
MAX_PAGE = 1000  # deeper pages are clamped: nobody reads 10,000 results
MAX_SLUG_LENGTH = 160
YEARS = range(1900, 2200)


class SearchInputError(ValueError):
    """A parameter that cannot be used; ``str(error)`` is for the user (Indonesian)."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""  # already cleaned: control chars dropped, <= 256 chars
    program: str | None = None  # slug filter
    agency: str | None = None  # slug filter
    tag: str | None = None  # slug filter
    year: int | None = None  # WIB year of published_at
    sort: str = "relevance"  # one of SORTS
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE  # 1..50

    def filters(self) -> dict[str, str | int]:
        """The active filters, by facet name."""
        values = {
            "program": self.program,
            "agency": self.agency,
            "tag": self.tag,
            "year": self.year,
        }
        return {name: value for name, value in values.items() if value is not None}


def parse_request(args: Mapping[str, str]) -> SearchRequest:
    """A request from query parameters (``request.args`` or API parameters).

    Lenient where a guess is safe: ``q`` is cleaned and cut to 256
    characters; ``page`` and ``per_page`` that are not numbers take their
    defaults and are clamped to 1..1000 and 1..50; empty filters are ignored.

    :raise SearchInputError: ``sort`` not in ``SORTS``, or ``year``
        that is not a year: there is no sensible guess.
    """
    return SearchRequest(
        q=cut_query(clean_query(args.get("q") or "")),
        program=_slug(args.get("program")),
        agency=_slug(args.get("agency")),
        tag=_slug(args.get("tag")),
        year=_year(args.get("year")),
        sort=_sort(args.get("sort")),
        page=_clamped(args.get("page"), 1, MAX_PAGE, 1),
        per_page=_clamped(args.get("per_page"), 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
    )


def was_cut(args: Mapping[str, str]) -> bool:
    """Was the query longer than we search (so the page can say so)?"""
    cleaned = clean_query(args.get("q") or "")
    return cut_query(cleaned) != cleaned


def _slug(value: str | None) -> str | None:
    value = clean_query(value or "")[:MAX_SLUG_LENGTH]
    return value or None


def _year(value: str | None) -> int | None:
    value = clean_query(value or "")
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) not in YEARS:
        raise SearchInputError(_("Tahun harus berupa angka tahun, misalnya 2026."))
    return int(value)


def _sort(value: str | None) -> str:
    value = clean_query(value or "") or SORTS[0]
    if value not in SORTS:
        raise SearchInputError(
            _(
                "Urutan harus relevance (paling relevan), newest (terbaru), "
                "helpful (paling bermanfaat) atau replicated (paling banyak "
                "diterapkan)."
            )
        )
    return value


def _clamped(value: str | None, low: int, high: int, default: int) -> int:
    text = clean_query(value or "")
    if not (text.isascii() and text.isdigit()):
        return default
    return min(max(int(text[:6]), low), high)
