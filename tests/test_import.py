"""Bulk import: `flask practices import FILE.jsonl [--author EMAIL]`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.models import Agency, CaseStudy, CaseStudyRevision, Program, Status, User
from app.practices import importer
from app.practices.cli import line_ranges
from app.practices.importer import import_jsonl, import_key
from app.practices.services import MAX_SECTION_LENGTH
from tests.conftest import count_rows

GOOD_FILE = Path(__file__).parent / "fixtures" / "import_good.jsonl"
SUMMARY_ALL_NEW = "3 diimpor, 0 dilewati (duplikat), 0 baris bermasalah"


def record(**changes: object) -> dict:
    base = {
        "title": "Posko terpadu saat banjir di Medan Maimun",
        "summary": "Satu posko untuk semua dinas mempercepat bantuan.",
        "situation": "Banjir merendam 300 rumah.",
        "action": "Kami membuka posko terpadu bersama kelurahan.",
        "result": "Bantuan tiba dalam 4 jam, sebelumnya 12 jam.",
        "lessons": "Satu komando, satu data.",
        "program": "Pelatihan Manajemen Krisis",
        "agency": "BPBD",
        "tags": ["banjir"],
        "published_at": "2025-12-01",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not _MISSING}


_MISSING = object()


def line(**changes: object) -> str:
    return json.dumps(record(**changes), ensure_ascii=False)


def invoke_import(runner, path: Path, *extra: str):  # noqa: ANN001,ANN201
    return runner.invoke(args=["practices", "import", str(path), *extra])


def test_good_file_is_imported_and_published_with_programme_agency_and_tags(
    db, runner, make_user
):
    author = make_user(email="penulis@medan.go.id")

    result = invoke_import(runner, GOOD_FILE, "--author", "Penulis@Medan.go.id")

    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == SUMMARY_ALL_NEW
    studies = db.session.scalars(sa.select(CaseStudy).order_by(CaseStudy.id)).all()
    assert len(studies) == 3
    assert all(
        s.status is Status.PUBLISHED and s.author_id == author.id for s in studies
    )
    first = studies[0]
    assert first.program.name == "Workshop Pelayanan Prima"
    assert first.program.slug == "workshop-pelayanan-prima"
    assert first.agency.name == "Puskesmas Sunggal"
    assert first.agency.slug == "puskesmas-sunggal"
    assert {t.name for t in first.tags} == {"antrean", "Pelayanan Publik"}
    assert "<strong>06.00</strong>" in first.situation_html
    assert first.import_key and len(first.import_key) == 64
    # Two lines share a programme: it was created once.
    assert count_rows(Program) == 2
    assert count_rows(CaseStudyRevision) == 3


def test_published_at_dates_and_naive_times_are_read_as_wib(db, runner, make_user):
    make_user(email="penulis@medan.go.id")

    invoke_import(runner, GOOD_FILE, "--author", "penulis@medan.go.id")

    dates = db.session.scalars(sa.select(CaseStudy.published_at).order_by(CaseStudy.id))
    assert list(dates) == [
        datetime(2025, 6, 1, 17, 0, tzinfo=UTC),  # 2025-06-02 00.00 WIB
        datetime(2025, 11, 20, 7, 30, tzinfo=UTC),  # explicit +07:00
        datetime(2026, 1, 15, 1, 0, tzinfo=UTC),  # naive, so WIB
    ]


def test_existing_programme_and_agency_are_reused_ignoring_case(db, make_agency):
    agency = make_agency("BPBD")

    import_jsonl([line(agency="bpbd", program="pelatihan  manajemen krisis")], None)
    import_jsonl([line(title="Lain", program="Pelatihan Manajemen Krisis")], None)

    assert count_rows(Agency) == 1
    assert count_rows(Program) == 1
    assert {s.agency_id for s in db.session.scalars(sa.select(CaseStudy))} == {
        agency.id
    }


def test_new_agency_gets_a_unique_slug(db, make_agency):
    make_agency("Dinas Kesehatan")  # slug dinas-kesehatan

    import_jsonl([line(agency="Dinas Kesehatan.")], None)

    created = db.session.scalar(
        sa.select(Agency).where(Agency.name == "Dinas Kesehatan.")
    )
    assert created.slug == "dinas-kesehatan-2"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "JSON tidak valid"),
        ("[" * 100_000, "JSON tidak valid"),
        ('["a list"]', "objek JSON"),
        (line(title=_MISSING), "Kolom title tidak ada"),
        (line(summary="   "), "Kolom summary kosong"),
        (line(lessons=None), "Kolom lessons tidak ada"),
        (line(program=12), "Kolom program harus berupa teks"),
        (line(agency=["BPBD"]), "Kolom agency harus berupa teks"),
        (line(tags="banjir, darurat"), "tags harus berupa daftar teks"),
        (line(tags=["banjir", 3]), "tags harus berupa daftar teks"),
        (line(published_at="kemarin sore"), "published_at tidak dapat dibaca"),
        (line(published_at="2025-02-30"), "published_at tidak dapat dibaca"),
        (line(published_at=20250101), "published_at tidak dapat dibaca"),
        (line(action="x" * (MAX_SECTION_LENGTH + 1)), "Kolom action lebih dari"),
        (line(title="J" * 201), "Judul lebih dari 200 karakter"),
        (line(summary="R" * 501), "Ringkasan lebih dari 500 karakter"),
        (line(tags=["t" * 41]), "Tag paling banyak 40 karakter"),
        (line(agency="A" * 161), "lebih dari 160 karakter"),
    ],
)
def test_bad_line_is_reported_with_number_and_reason_and_others_import(db, bad, reason):
    lines = [line(title="Pertama"), bad, line(title="Ketiga")]

    report = import_jsonl(lines, None)

    assert report.imported == [1, 3]
    assert len(report.problems) == 1
    assert report.problems[0].line == 2
    assert reason in report.problems[0].reason
    titles = db.session.scalars(sa.select(CaseStudy.title).order_by(CaseStudy.id))
    assert list(titles) == ["Pertama", "Ketiga"]


def test_cli_prints_each_bad_line_and_exits_zero(db, runner, tmp_path):
    path = tmp_path / "campur.jsonl"
    path.write_text(
        "\n".join([line(title="Baik"), "{rusak", "", line(tags="bukan daftar")]) + "\n"
    )

    result = invoke_import(runner, path)

    assert result.exit_code == 0
    assert "Baris 2: JSON tidak valid" in result.stderr
    assert "Baris 4: Kolom tags harus berupa daftar teks" in result.stderr
    assert result.stdout.splitlines()[-1] == (
        "1 diimpor, 0 dilewati (duplikat), 2 baris bermasalah"
    )


def test_line_that_is_not_utf8_is_reported_not_fatal(db, runner, tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        line(title="Baik").encode() + b"\n" + line(title="Caf\u00e9").encode("latin-1")
    )

    result = invoke_import(runner, path)

    assert result.exit_code == 0
    assert "Baris 2: Baris bukan teks UTF-8." in result.stderr
    assert count_rows(CaseStudy) == 1


def test_rerunning_the_same_file_creates_no_duplicates(db, runner):
    invoke_import(runner, GOOD_FILE)

    result = invoke_import(runner, GOOD_FILE)

    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "0 diimpor, 3 dilewati (duplikat), 0 baris bermasalah"
    )
    assert "sudah pernah diimpor: baris 1-3" in result.stderr
    assert count_rows(CaseStudy) == 3
    assert count_rows(Program) == 2
    assert count_rows(Agency) == 3


def test_duplicate_key_ignores_case_spacing_and_edited_sections(db):
    first = import_jsonl([line()], None)
    again = import_jsonl(
        [line(title="  POSKO terpadu saat banjir di  Medan Maimun", result="Lain.")],
        None,
    )

    assert first.imported == [1]
    assert again.duplicates == [1] and again.problems == []
    assert count_rows(CaseStudy) == 1


def test_same_title_from_another_agency_is_not_a_duplicate(db):
    report = import_jsonl([line(), line(agency="Dinas Sosial")], None)

    assert report.imported == [1, 2]
    assert import_key("a", "b", "c") != import_key("a", "b", None)


def test_unknown_author_email_exits_with_an_error(db, runner):
    result = invoke_import(runner, GOOD_FILE, "--author", "siapa@medan.go.id")

    assert result.exit_code != 0
    assert "siapa@medan.go.id" in result.output
    assert count_rows(CaseStudy) == 0


def test_unreadable_file_exits_with_an_error(db, runner, tmp_path):
    result = invoke_import(runner, tmp_path / "tidak-ada.jsonl")

    assert result.exit_code != 0
    assert count_rows(CaseStudy) == 0


def test_progress_is_shown_and_summary_is_the_last_line(db, runner):
    result = invoke_import(runner, GOOD_FILE)

    assert "Mengimpor import_good.jsonl" in result.stderr
    assert result.output.strip().splitlines()[-1] == SUMMARY_ALL_NEW


def test_archive_account_is_the_author_without_author_option(app, db, runner):
    invoke_import(runner, GOOD_FILE)
    invoke_import(runner, GOOD_FILE)

    archive = db.session.scalar(
        sa.select(User).where(User.email == app.config["ARCHIVE_USER_EMAIL"])
    )
    assert archive.name == "Arsip Lumbung Praktik"
    assert archive.role.value == "anggota"
    assert not archive.is_active
    assert count_rows(User) == 1
    assert {s.author_id for s in db.session.scalars(sa.select(CaseStudy))} == {
        archive.id
    }


def test_line_failing_in_the_database_leaves_nothing_half_written(db, monkeypatch):
    real_create = importer.create_case_study

    def create_then_fail(author, data, **kwargs):  # noqa: ANN001,ANN003,ANN202
        case_study = real_create(author, data, **kwargs)
        if data.title == "Gagal":
            db.session.flush()
            raise sa.exc.IntegrityError("INSERT", {}, Exception("bentrok"))
        return case_study

    monkeypatch.setattr(importer, "create_case_study", create_then_fail)

    report = import_jsonl(
        [
            line(title="Baik"),
            line(title="Gagal", program="Program Baru", agency="Instansi Baru"),
            line(title="Juga baik", agency="Instansi Baru"),
        ],
        None,
    )

    assert report.imported == [1, 3]
    assert report.problems[0].line == 2
    assert list(
        db.session.scalars(sa.select(CaseStudy.title).order_by(CaseStudy.id))
    ) == [
        "Baik",
        "Juga baik",
    ]
    assert (
        db.session.scalar(sa.select(Program).where(Program.name == "Program Baru"))
        is None
    )
    assert count_rows(CaseStudyRevision) == 2
    # The agency the failed line created was rolled back, then made again.
    assert (
        db.session.scalar(sa.select(Agency.slug).where(Agency.name == "Instansi Baru"))
        == "instansi-baru"
    )


def test_import_commits_in_batches(db, monkeypatch):
    commits = []
    monkeypatch.setattr(db.session, "commit", lambda: commits.append(1))

    import_jsonl([line(title=f"Praktik {n}") for n in range(5)], None, batch_size=2)

    assert len(commits) == 3  # after lines 2 and 4, then at the end


def test_line_ranges_are_compact():
    assert line_ranges([1, 2, 3, 7, 9, 10]) == "1-3, 7, 9-10"
    assert line_ranges([4]) == "4"
