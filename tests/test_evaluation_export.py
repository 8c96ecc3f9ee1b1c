"""Every dashboard table as CSV and XLSX: format, file name, injection, errors."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook

from app.evaluation.export import csv_safe, to_csv, to_xlsx
from app.evaluation.figures import WITHHELD, Column, Kind, Row, Table
from app.i18n import WIB
from tests.evaluation_data import attend, build_city, program_named, rate, sign_in


@pytest.fixture
def city(app, db):  # noqa: ANN001, ANN201
    return build_city()


def today() -> str:
    return datetime.now(WIB).date().isoformat()


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_programme_table_as_csv_with_slug_and_date_in_the_name(client, city):
    sign_in(client, city.organiser)

    response = client.get(
        f"/evaluasi/program/{city.program.slug}?format=csv&tabel=angkatan"
    )

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition == (
        f'attachment; filename="evaluasi-program-{city.program.slug}'
        f'-angkatan-{today()}.csv"'
    )
    rows = read_csv(response.data)
    assert rows[0][:3] == ["Angkatan", "Mulai", "Berakhir"]
    assert rows[1][0] == "Angkatan 1" and rows[1][1] == "2026-02-01"
    assert rows[1][5] == "3" and rows[1][7] == "75.0"  # dot decimal, no %


def test_csv_without_a_table_name_exports_the_first_table(client, city):
    sign_in(client, city.admin)

    response = client.get("/evaluasi?tahun=2026&format=csv")

    assert (
        "evaluasi-kota-medan-tahun-2026-partisipasi-"
        in (response.headers["Content-Disposition"])
    )
    assert read_csv(response.data)[0][0] == "Program"


def test_xlsx_holds_one_sheet_per_table_with_numbers_as_numbers(client, city):
    sign_in(client, city.admin)

    response = client.get(
        f"/evaluasi/instansi/{city.agency.slug}?tahun=2026&format=xlsx"
    )

    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert (
        f'filename="evaluasi-instansi-{city.agency.slug}-tahun-2026-{today()}.xlsx"'
        in response.headers["Content-Disposition"]
    )
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [
        "program",
        "jp",
        "tindak-lanjut",
        "kontribusi",
        "pegawai",
        "belum-ikut",
    ]
    programmes = book["program"]
    assert [c.value for c in programmes[1]] == [
        "Program",
        "Pegawai",
        "Dari jumlah pegawai (%)",
    ]
    assert programmes["B2"].value == 6 and programmes["C2"].value == 15.0


def test_xlsx_of_one_table(client, city):
    sign_in(client, city.organiser)

    response = client.get(
        f"/evaluasi/program/{city.program.slug}?format=xlsx&tabel=instansi"
    )

    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["instansi"]
    assert "-instansi-" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"])
def test_formula_like_text_is_neutralised_in_csv_and_xlsx(client, city, db, value):
    city.program.name = value + " Pelatihan"
    db.session.commit()
    sign_in(client, city.organiser)

    csv_rows = read_csv(
        client.get(
            f"/evaluasi/program/{city.program.slug}?format=csv&tabel=instansi"
        ).data
    )
    overview = client.get("/evaluasi?tahun=2026&format=xlsx&tabel=partisipasi")

    assert (
        read_csv(client.get("/evaluasi?tahun=2026&format=csv&tabel=partisipasi").data)[
            1
        ][0]
        == "'" + value + " Pelatihan"
    )
    assert csv_rows[1][0] == city.agency.name  # untouched text stays as it is
    sheet = load_workbook(io.BytesIO(overview.data))["partisipasi"]
    cell = sheet["A2"]
    assert cell.value == value + " Pelatihan" and cell.data_type == "s"


def test_user_comments_cannot_inject_formulas(client, city, db):
    completion = attend(city.staff[0], program_named("Program Komentar"))
    rate(completion, (1, 1, 1, 1), comment="=cmd|' /C calc'!A0")
    db.session.commit()
    sign_in(client, city.admin)

    rows = read_csv(
        client.get("/evaluasi/program/program-komentar?format=csv&tabel=jawaban").data
    )

    assert rows[1][-1] == "'=cmd|' /C calc'!A0"


def test_csv_safe_leaves_numbers_and_ordinary_text_alone():
    assert csv_safe("Dinas Kesehatan") == "Dinas Kesehatan"
    assert csv_safe("\t=1") == "'\t=1"
    table = Table(
        "uji",
        "Uji",
        [Column("Nama"), Column("Selisih", Kind.INT), Column("Skor", Kind.SCORE)],
        [Row(["-5 menit", -5, WITHHELD]), Row(["Biasa", 3, 4.25])],
    )

    rows = read_csv(to_csv(table))
    book = load_workbook(io.BytesIO(to_xlsx([table])))

    assert rows[1] == ["'-5 menit", "-5", "belum cukup jawaban"]
    assert rows[2] == ["Biasa", "3", "4.25"]
    assert book["uji"]["B2"].value == -5 and book["uji"]["B2"].data_type == "n"


def test_control_characters_do_not_break_the_xlsx(client, city, db):
    table = Table("uji", "Uji", [Column("Komentar")], [Row(["Baris\x0bsatu\x00"])])

    book = load_workbook(io.BytesIO(to_xlsx([table])))

    assert book["uji"]["A2"].value == "Barissatu"


@pytest.mark.parametrize("fmt", ["pdf", "json", "CSVX"])
def test_unknown_format_is_a_400_with_a_message(client, city, fmt):
    sign_in(client, city.admin)

    for url in (
        f"/evaluasi?format={fmt}",
        f"/evaluasi/program/{city.program.slug}?format={fmt}",
        f"/evaluasi/instansi/{city.agency.slug}?format={fmt}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Format tidak dikenal" in response.get_data(as_text=True)


def test_unknown_table_is_a_400_naming_the_choices(client, city):
    sign_in(client, city.admin)

    response = client.get("/evaluasi?format=csv&tabel=rahasia")

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Tabel tidak dikenal" in page and "partisipasi" in page


def test_export_links_on_the_page_keep_the_year(client, city):
    sign_in(client, city.admin)

    page = client.get("/evaluasi?tahun=2026").get_data(as_text=True)

    links = re.findall(r'href="(/evaluasi\?[^"]*format=csv[^"]*)"', page)
    assert links and all("tahun=2026" in link for link in links)
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200 and response.mimetype == "text/csv"
