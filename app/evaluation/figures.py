"""A dashboard figure: one table, and the chart drawn from that same table.

The chart never has data of its own: its labels and series are columns of the
table, so the accessible table beside it and the CSV/XLSX export always tell
the same story as the picture.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _


class Kind(enum.StrEnum):
    """How a column's values are shown and exported."""

    TEXT = "text"
    INT = "int"
    PCT = "pct"  # 0..100, one decimal
    SCORE = "score"  # an average of 1..5 answers
    NUMBER = "number"  # any other decimal (JP per employee)
    DATE = "date"
    NOTE = "note"  # a warning such as "Partisipasi rendah": a badge in the page


class Withheld:
    """A value not shown: fewer answers than the privacy threshold."""

    def __str__(self) -> str:
        return _("belum cukup jawaban")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Withheld)

    def __hash__(self) -> int:
        return hash(Withheld)


WITHHELD = Withheld()


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.TEXT


@dataclass
class Row:
    """``link`` is ``(endpoint, url arguments)`` for the first cell, if any."""

    cells: list[Any]
    link: tuple[str, dict[str, Any]] | None = None


@dataclass(frozen=True)
class Chart:
    """Which columns to draw: ``series`` are column indexes, labels column 0."""

    series: tuple[int, ...]
    kind: str = "bar"  # "bar" or "line" (Chart.js types)
    horizontal: bool = False
    percent: bool = False  # the value axis runs 0..100 %
    max_value: float | None = None


@dataclass
class Table:
    """``name`` is the table's id in the page and in ``?tabel=`` for exports."""

    name: str
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    chart: Chart | None = None
    note: str = ""
    empty: str = ""

    def column(self, index: int) -> list[Any]:
        return [row.cells[index] for row in self.rows]

    def chart_config(self) -> dict[str, Any]:
        """Chart.js configuration as plain JSON data (no functions).

        :raise ValueError: the table has no chart (templates ask ``table.chart``).
        """
        chart = self._chart()
        value_axis = "x" if chart.horizontal else "y"
        scale: dict[str, Any] = {"beginAtZero": True}
        if chart.percent:
            scale["max"] = 100
        elif chart.max_value is not None:
            scale["max"] = chart.max_value
        return {
            "type": chart.kind,
            "data": {
                "labels": [str(label) for label in self.column(0)],
                "datasets": [
                    {
                        "label": str(self.columns[index].label),
                        "data": [_plottable(v) for v in self.column(index)],
                    }
                    for index in chart.series
                ],
            },
            "options": {
                "indexAxis": "y" if chart.horizontal else "x",
                "scales": {value_axis: scale},
            },
            "lumbung": {"percent": chart.percent},
        }

    def chart_summary(self) -> str:
        """The canvas's text alternative: what is drawn and where the numbers are."""
        drawn = ", ".join(str(self.columns[i].label) for i in self._chart().series)
        if not self.rows:
            return _("Grafik %(caption)s: belum ada data.", caption=self.caption)
        return _(
            "Grafik %(caption)s: %(drawn)s untuk %(count)d baris. "
            "Angka lengkapnya ada di tabel di sampingnya.",
            caption=self.caption,
            drawn=drawn,
            count=len(self.rows),
        )

    def _chart(self) -> Chart:
        if self.chart is None:
            raise ValueError(f"table {self.name!r} has no chart")
        return self.chart


def _plottable(value: Any) -> float | int | None:
    """Numbers as they are; withheld, missing or text values leave a gap."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return None


def rate(part: int, whole: int | None) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; None when there is no whole."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def average(total: int | float, count: int) -> float | None:
    return round(total / count, 2) if count else None
