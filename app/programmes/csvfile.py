"""Reading an organiser's participant list: a CSV file as spreadsheets save it.

Excel in Indonesian locales writes semicolons and often a UTF-8 byte-order
mark; others write commas. Headers are matched ignoring case and spacing, so
"Tanggal  Selesai" and "tanggal selesai" are the same column. Nothing here
touches the database.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

MAX_FILE_BYTES = 256 * 1024
MAX_ROWS = 1000

# Header as written in the file (normalised) -> the field it fills.
COLUMNS = {
    "nip": "nip",
    "nama": "name",
    "instansi": "agency",
    "tanggal selesai": "completed_on",
    "nomor sertifikat": "certificate",
}
REQUIRED_COLUMNS = ("nip", "nama", "instansi", "tanggal selesai")

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")


class FileProblem(ValueError):
    """The whole file is refused; ``str(error)`` says why, for the organiser."""


@dataclass
class RawRow:
    """One participant line, its values stripped; ``line`` counts from 1."""

    line: int
    values: dict[str, str]
    extra_cells: bool = False


def normalise_header(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").replace("_", " ").split()).casefold()


def decode(data: bytes) -> str:
    """:raise FileProblem: too big, empty, or not UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(
            _(
                "Berkas terlalu besar: paling besar %(n)d KB. Bagi daftar peserta "
                "menjadi beberapa berkas.",
                n=MAX_FILE_BYTES // 1024,
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _(
                "Berkas bukan teks UTF-8. Di Excel, simpan dengan jenis "
                "«CSV UTF-8 (Comma delimited)»."
            )
        ) from None
    if not text.strip():
        raise FileProblem(_("Berkas kosong."))
    return text


def _delimiter(text: str) -> str:
    first = next(line for line in text.splitlines() if line.strip())
    return ";" if first.count(";") > first.count(",") else ","


def _header_map(header: list[str]) -> dict[int, str]:
    """Cell index -> field name, for the columns we know.

    :raise FileProblem: a required column is missing or a column is doubled.
    """
    mapping: dict[int, str] = {}
    seen: set[str] = set()
    for index, cell in enumerate(header):
        name = normalise_header(cell)
        if name not in COLUMNS:
            continue  # e.g. "No." or "Jabatan": not ours, ignored
        if name in seen:
            raise FileProblem(_("Kolom «%(name)s» muncul dua kali.", name=name))
        seen.add(name)
        mapping[index] = COLUMNS[name]
    missing = [name for name in REQUIRED_COLUMNS if name not in seen]
    if missing:
        raise FileProblem(
            _(
                "Kolom wajib tidak ada: %(columns)s. Baris pertama harus berisi "
                "judul kolom: NIP, nama, instansi, tanggal selesai, nomor sertifikat.",
                columns=", ".join(missing),
            )
        )
    return mapping


def read_rows(data: bytes) -> list[RawRow]:
    """The participant lines of a CSV file, blank lines skipped.

    :raise FileProblem: the file as a whole cannot be read (size, encoding,
        a missing column, too many rows, broken quoting).
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[RawRow] = []
    try:
        header = next(reader)
        mapping = _header_map(header)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                raise FileProblem(
                    _(
                        "Terlalu banyak baris: paling banyak %(n)d peserta per berkas.",
                        n=MAX_ROWS,
                    )
                )
            values = dict.fromkeys(COLUMNS.values(), "")
            for index, name in mapping.items():
                if index < len(cells):
                    values[name] = cells[index].strip()
            rows.append(RawRow(reader.line_num, values, len(cells) > len(header)))
    except csv.Error as error:
        raise FileProblem(
            _(
                "Berkas CSV rusak di baris %(line)d: %(error)s",
                line=reader.line_num,
                error=error,
            )
        ) from None
    if not rows:
        raise FileProblem(_("Berkas tidak berisi baris peserta."))
    return rows


def parse_day(text: str) -> date | None:
    """``2026-03-14``, ``14/03/2026`` or ``14-03-2026``; None when not a date."""
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
