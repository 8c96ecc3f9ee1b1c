"""Query-string parameters of the dashboards: the year and the export format.

A bad value is the visitor's mistake, not the server's: it raises
:class:`BadParameter`, which the blueprint turns into a 400 page that says
what was wrong.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask_babel import gettext as _

from app.i18n import WIB

FIRST_YEAR = 2000
FORMATS = ("html", "csv", "xlsx")


class BadParameter(ValueError):
    """A query-string value the dashboards cannot use; ``str()`` says why."""


def current_year(now: datetime | None = None) -> int:
    """The year as people in Medan see it (WIB), not the server's UTC year."""
    return (now or datetime.now(UTC)).astimezone(WIB).year


def parse_year(raw: str | None, *, default: int | None) -> int | None:
    """``?tahun=2026``; absent or empty means ``default``.

    :raise BadParameter: not a four-digit year between 2000 and next year.
    """
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    last = current_year() + 1
    if not re.fullmatch(r"\d{4}", raw) or not FIRST_YEAR <= int(raw) <= last:
        raise BadParameter(
            _(
                "Tahun tidak valid: isi empat angka antara %(first)d dan %(last)d, "
                "misalnya ?tahun=%(example)d.",
                first=FIRST_YEAR,
                last=last,
                example=current_year(),
            )
        )
    return int(raw)


def parse_format(raw: str | None) -> str:
    """``?format=csv|xlsx``; absent means the HTML page.

    :raise BadParameter: any other format.
    """
    value = (raw or "html").strip().lower()
    if value not in FORMATS:
        raise BadParameter(
            _(
                "Format tidak dikenal: gunakan ?format=csv atau ?format=xlsx "
                "(tanpa format untuk halaman biasa)."
            )
        )
    return value


def year_dates(year: int) -> tuple[date, date]:
    """First and last day of ``year``, for date columns (completed_on)."""
    return date(year, 1, 1), date(year, 12, 31)


def year_instants(year: int) -> tuple[datetime, datetime]:
    """Start of ``year`` and of the next one in WIB, for timestamp columns."""
    return (
        datetime(year, 1, 1, tzinfo=WIB).astimezone(UTC),
        datetime(year + 1, 1, 1, tzinfo=WIB).astimezone(UTC),
    )
