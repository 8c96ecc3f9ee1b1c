"""NIP (Nomor Induk Pegawai): the 18-digit civil-servant number.

Layout: birth date ``YYYYMMDD`` (8), TMT, the month of appointment ``YYYYMM``
(6), gender ``1``/``2`` (1), sequence ``001``-``999`` (3). Checking the embedded
dates catches most typos, which matters because a NIP identifies the person
when an organiser verifies their completions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

NIP_LENGTH = 18
EARLIEST_BIRTH_YEAR = 1940
# Nobody is appointed as ASN before this age; a smaller gap is a typo.
MIN_AGE_AT_APPOINTMENT = 15


class NIPError(ValueError):
    """The NIP is malformed; ``str(error)`` is a message for the user."""


@dataclass(frozen=True)
class NIPParts:
    birth_date: date
    tmt_year: int
    tmt_month: int
    gender: int  # 1 = laki-laki, 2 = perempuan
    sequence: int


def normalize_nip(raw: str) -> str:
    """Drop the spaces people type between the groups (``1985 0412 ...``)."""
    return "".join(raw.split())


def parse_nip(raw: str, *, today: date | None = None) -> NIPParts:
    """The parts of a NIP, after checking every one of them.

    :raise NIPError: with a message that names the part that is wrong.
    """
    nip = normalize_nip(raw)
    if not (nip.isascii() and nip.isdigit()):
        raise NIPError(_l("NIP hanya boleh berisi angka."))
    if len(nip) != NIP_LENGTH:
        raise NIPError(_l("NIP harus terdiri dari 18 angka."))
    this_year = (today or date.today()).year
    birth_date = _birth_date(nip[:8], this_year)
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise NIPError(_l("Bulan TMT pada NIP (angka ke-13 dan 14) tidak valid."))
    if not birth_date.year + MIN_AGE_AT_APPOINTMENT <= tmt_year <= this_year + 1:
        raise NIPError(
            _l("Tahun TMT pada NIP (angka ke-9 sampai 12) tidak masuk akal.")
        )
    gender = int(nip[14])
    if gender not in (1, 2):
        raise NIPError(_l("Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."))
    sequence = int(nip[15:])
    if sequence == 0:
        raise NIPError(_l("Nomor urut pada NIP (tiga angka terakhir) tidak boleh 000."))
    return NIPParts(birth_date, tmt_year, tmt_month, gender, sequence)


def _birth_date(digits: str, this_year: int) -> date:
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    try:
        born = date(year, month, day)
    except ValueError:
        born = None
    if born is None or not EARLIEST_BIRTH_YEAR <= year <= this_year:
        raise NIPError(
            _l("Tanggal lahir pada NIP (8 angka pertama) bukan tanggal yang valid.")
        )
    return born


def validate_nip(raw: str, *, today: date | None = None) -> None:
    """Check a NIP; store ``normalize_nip(raw)`` afterwards.

    :raise NIPError: the NIP is malformed.
    """
    parse_nip(raw, today=today)
