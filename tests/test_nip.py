"""NIP validation: 18 digits holding a birth date, a TMT month, gender and sequence."""

from __future__ import annotations

from datetime import date

import pytest

from app.auth.nip import NIPError, NIPParts, normalize_nip, parse_nip, validate_nip
from tests.conftest import VALID_NIP, make_nip

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    "nip",
    [
        VALID_NIP,
        "19850412 201003 1 001",  # spaces between the groups, as printed on cards
        " 198504122010031001 ",
        "199002282015022001",  # woman
        "198802292012122999",  # born on a leap day, highest sequence
        "194001011960011001",  # earliest plausible birth year
        "199001012005011001",  # appointed at exactly the minimum age
        "200001012027011001",  # TMT next year: appointments are announced ahead
        "200101012026111001",  # TMT this month
    ],
)
def test_valid_nips_pass(nip):
    validate_nip(nip, today=TODAY)


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("", "angka"),
        ("19850412201003100A", "hanya boleh berisi angka"),
        ("1985-0412-2010031001", "hanya boleh berisi angka"),
        ("198504122010.031001", "hanya boleh berisi angka"),
        ("١٩٨٥٠٤١٢٢٠١٠٠٣١٠٠١", "hanya boleh berisi angka"),  # non-ASCII digits
        ("19850412201003100", "18 angka"),  # 17 digits
        ("1985041220100310011", "18 angka"),  # 19 digits
        ("198502302010031001", "Tanggal lahir"),  # 30 February
        ("198513012010031001", "Tanggal lahir"),  # month 13
        ("198504002010031001", "Tanggal lahir"),  # day 0
        ("193912312010031001", "Tanggal lahir"),  # before 1940
        ("202701012045011001", "Tanggal lahir"),  # born next year
        ("198504122010131001", "Bulan TMT"),  # TMT month 13
        ("198504122010001001", "Bulan TMT"),  # TMT month 0
        ("198504121999031001", "Tahun TMT"),  # appointed at 14
        ("198504122028031001", "Tahun TMT"),  # two years ahead
        ("198504122010033001", "jenis kelamin"),  # gender 3
        ("198504122010030001", "jenis kelamin"),  # gender 0
        ("198504122010031000", "000"),  # sequence 000
    ],
)
def test_invalid_nips_are_refused_with_a_message_naming_the_part(nip, fragment):
    with pytest.raises(NIPError) as caught:
        validate_nip(nip, today=TODAY)
    assert fragment in str(caught.value)


def test_nip_error_is_a_value_error():
    assert issubclass(NIPError, ValueError)


def test_parse_returns_birth_date_tmt_gender_and_sequence():
    parts = parse_nip("19900228 201502 2 017", today=TODAY)
    assert parts == NIPParts(
        birth_date=date(1990, 2, 28), tmt_year=2015, tmt_month=2, gender=2, sequence=17
    )


def test_normalize_drops_all_whitespace():
    assert normalize_nip(" 19850412\t201003 1 001\n") == VALID_NIP


def test_plausible_years_follow_the_calendar():
    nip = "200001012027011001"  # TMT January 2027
    validate_nip(nip, today=date(2026, 1, 1))
    with pytest.raises(NIPError):
        validate_nip(nip, today=date(2025, 12, 31))


def test_default_today_accepts_the_fixture_nip():
    assert parse_nip(VALID_NIP).birth_date == date(1985, 4, 12)


def test_the_suites_generated_nips_are_valid_and_unique():
    nips = [make_nip(n) for n in range(3000)]
    for nip in [*nips, make_nip(7, gender=2)]:
        validate_nip(nip, today=TODAY)
    assert len(set(nips)) == len(nips)
