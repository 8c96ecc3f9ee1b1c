"""Every dashboard table as CSV or XLSX, exactly as the page shows it.

CSV: RFC 4180 (comma, CRLF, double quotes), UTF-8 with a byte-order mark so
Excel reads "Br Ginting" and "–" correctly, numbers with a dot decimal so
any program reads them the same whatever its locale (people who open files
in an Indonesian-locale Excel are better served by the XLSX). Percentages
are numbers 0–100 in columns whose header ends in "(%)".

Formula injection: names, comments and titles are typed by users. A text
cell starting with ``= + - @`` (or a tab or carriage return) is read as a
formula by spreadsheet programs, so in CSV it gets a leading apostrophe; in
XLSX every text cell is written with the string type, which is never
evaluated, so it needs no apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from flask import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from app.evaluation.figures import Kind, Table, Withheld

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_safe(text: str) -> str:
    """Neutralise text a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_value(value: Any, kind: Kind) -> Any:
    """A cell as data: numbers stay numbers, a withheld value says why."""
    if value is None:
        return None
    if isinstance(value, Withheld):
        return str(value)
    if kind is Kind.INT and isinstance(value, int | float | Decimal):
        return int(value)
    if kind in (Kind.PCT, Kind.SCORE, Kind.NUMBER) and isinstance(
        value, int | float | Decimal
    ):
        return float(value)
    if isinstance(value, date):
        return value
    return str(value)


def _rows(table: Table) -> Iterable[list[Any]]:
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        yield [export_value(v, k) for v, k in zip(row.cells, kinds, strict=True)]


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return csv_safe(value)
    return str(value)


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: comma, "quotes", CRLF
    writer.writerow([csv_safe(str(column.label)) for column in table.columns])
    for values in _rows(table):
        writer.writerow([_csv_text(v) for v in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell_value(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def to_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table, named after it; header in row 1, frozen."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        header = [str(column.label) for column in table.columns]
        for number, values in enumerate([header, *_rows(table)], start=1):
            for index, value in enumerate(values, start=1):
                cell = sheet.cell(row=number, column=index)
                cell.value = _xlsx_cell_value(value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        for index, label in enumerate(header, start=1):
            width = max(12, min(60, len(label) + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(table: Table, stem: str) -> Response:
    return download(to_csv(table), f"{stem}.csv", "text/csv; charset=utf-8")


def xlsx_response(tables: list[Table], stem: str) -> Response:
    return download(to_xlsx(tables), f"{stem}.xlsx", XLSX_MIME)
