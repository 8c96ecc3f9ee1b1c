"""Importing a run's participants from CSV: preview first, then all or nothing."""

from __future__ import annotations

import io
import re
import time
from datetime import date

import pytest
import sqlalchemy as sa

from app.auth.services import authenticate
from app.models import (
    AuditEvent,
    Completion,
    CompletionSource,
    Role,
    User,
)
from app.models.base import utcnow
from app.programmes import participants
from app.programmes import signed_upload as signing
from app.programmes.csvfile import MAX_FILE_BYTES, MAX_ROWS, parse_day
from app.programmes.participants import Outcome, apply_import, plan_import
from tests.conftest import count_rows, make_nip

HEADER = "NIP,nama,instansi,tanggal selesai,nomor sertifikat"
NEW_NIP = "199002282015022001"
TODAY = date(2026, 11, 28)


def csv_bytes(*lines: str, header: str = HEADER, bom: bool = False) -> bytes:
    text = "\r\n".join([header, *lines]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


@pytest.fixture
def setting(make_agency, make_user, make_run, make_program):  # noqa: ANN001,ANN201
    """A run of 5-9 January 2026, an organiser, an agency, and an ASN in it."""

    class Setting:
        agency = make_agency("Dinas Kesehatan")
        run = make_run(make_program("Pelatihan Manajemen Krisis"))
        organiser = make_user(Role.ORGANISER, name="Penyelenggara BKPSDM")
        member = make_user(name="Rina Marpaung", agency=agency)

    return Setting


def upload(client, run, data: bytes, filename: str = "peserta.csv"):  # noqa: ANN001,ANN201
    url = f"/kelola/program/{run.program.slug}/angkatan/{run.id}/impor"
    return client.post(
        url,
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def signed_upload(page: str) -> str:
    match = re.search(r'name="upload" type="hidden" value="([^"]+)"', page)
    assert match, "no confirm form on the page"
    return match.group(1)


def confirm(client, run, token: str):  # noqa: ANN001,ANN201
    url = f"/kelola/program/{run.program.slug}/angkatan/{run.id}/impor/simpan"
    return client.post(url, data={"upload": token})


# --- reading the file ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-09", date(2026, 1, 9)),
        ("09/01/2026", date(2026, 1, 9)),
        ("9-1-2026", date(2026, 1, 9)),
        ("31/02/2026", None),
        ("01/09", None),
        ("kemarin", None),
    ],
)
def test_dates_are_read_as_iso_or_day_first(text, expected):
    assert parse_day(text) == expected


def test_semicolons_bom_and_headers_in_any_case_are_accepted(app, setting):
    data = csv_bytes(
        f"{setting.member.nip};Rina Marpaung;Dinas Kesehatan;09/01/2026;S-1",
        header="  nip ; NAMA;Instansi;Tanggal  Selesai;Nomor_Sertifikat",
        bom=True,
    )
    plan = plan_import(setting.run, data, today=TODAY)
    assert plan.ok, plan.file_error or [r.errors for r in plan.rows]
    [row] = plan.rows
    assert row.outcome is Outcome.MATCHED
    assert row.certificate == "S-1"
    assert row.completed_on == date(2026, 1, 9)


def test_a_missing_column_refuses_the_whole_file_and_names_it(app, setting):
    data = csv_bytes(
        f"{setting.member.nip},Rina Marpaung,2026-01-09", header="NIP,nama,tanggal"
    )
    plan = plan_import(setting.run, data, today=TODAY)
    assert not plan.ok and not plan.rows
    assert "instansi" in plan.file_error
    assert "tanggal selesai" in plan.file_error


def test_the_certificate_column_may_be_left_out(app, setting):
    data = csv_bytes(
        f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-09",
        header="NIP,nama,instansi,tanggal selesai",
    )
    assert plan_import(setting.run, data, today=TODAY).ok


def test_a_file_that_is_not_utf8_is_refused_with_advice(app, setting):
    data = csv_bytes("198504122010031001,Siti Rahmawati,Dinas Kesehatan,2026-01-09")
    plan = plan_import(setting.run, data.replace(b"Siti", "Sïti".encode("cp1252")))
    assert "UTF-8" in plan.file_error


def test_file_size_and_row_count_are_capped_with_a_clear_message(app, setting):
    too_big = plan_import(setting.run, b"x" * (MAX_FILE_BYTES + 1))
    assert "terlalu besar" in too_big.file_error
    lines = [
        f"{make_nip(n)},ASN {n},Dinas Kesehatan,2026-01-09" for n in range(MAX_ROWS + 1)
    ]
    too_long = plan_import(setting.run, csv_bytes(*lines), today=TODAY)
    assert f"paling banyak {MAX_ROWS} peserta" in too_long.file_error


# --- what the preview says about each row ---------------------------------------


def test_each_row_gets_its_outcome_or_its_reason(app, setting, make_agency):
    make_agency("Kecamatan Medan Baru")
    data = csv_bytes(
        f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-09,S-1",
        f"{NEW_NIP},Budi Santoso,kecamatan-medan-baru,9/1/2026,S-2",
        "12345,Salah NIP,Dinas Kesehatan,2026-01-09,S-3",
        f"{make_nip(901)},Instansi Asing,Dinas Tidak Ada,2026-01-09,S-4",
        f"{make_nip(902)},Tanggal Aneh,Dinas Kesehatan,kemarin,S-5",
        f"{make_nip(903)},Masa Depan,Dinas Kesehatan,2027-01-09,S-6",
        f"{make_nip(904)},Terlalu Awal,Dinas Kesehatan,2025-12-31,S-7",
        f"{NEW_NIP},Budi Lagi,Dinas Kesehatan,2026-01-09,S-8",
    )
    plan = plan_import(setting.run, data, today=TODAY)
    rows = {row.line: row for row in plan.rows}
    assert rows[2].outcome is Outcome.MATCHED and rows[2].user == setting.member
    assert rows[3].outcome is Outcome.NEW_ACCOUNT
    assert rows[3].agency.name == "Kecamatan Medan Baru"  # matched by slug
    assert "18 angka" in rows[4].errors[0]
    assert "Dinas Tidak Ada" in rows[5].errors[0]
    assert "tidak dikenali" in rows[6].errors[0]
    assert "belum terjadi" in rows[7].errors[0]
    assert "sebelum angkatan dimulai" in rows[8].errors[0]
    assert "sudah ada di baris 3" in rows[9].errors[0]
    assert plan.count(Outcome.ERROR) == 6
    assert not plan.ok


def test_a_nip_of_someone_with_another_name_is_a_warning_not_an_error(app, setting):
    data = csv_bytes(f"{setting.member.nip},Rini Marpaung,Dinas Kesehatan,2026-01-09")
    [row] = plan_import(setting.run, data, today=TODAY).rows
    assert row.outcome is Outcome.MATCHED
    assert "bukan Rini Marpaung" in row.warnings[0]


def test_names_differing_only_in_case_and_punctuation_are_the_same(app, setting):
    data = csv_bytes(
        f"{setting.member.nip}, rina  MARPAUNG.,Dinas Kesehatan,2026-01-09"
    )
    [row] = plan_import(setting.run, data, today=TODAY).rows
    assert row.warnings == []


def test_a_name_with_an_unquoted_comma_is_caught(app, setting):
    data = csv_bytes(f"{setting.member.nip},Marpaung, Rina,Dinas Kesehatan,2026-01-09")
    [row] = plan_import(setting.run, data, today=TODAY).rows
    assert row.outcome is Outcome.ERROR


def test_more_rows_than_the_capacity_is_a_warning(app, setting, make_run):
    run = make_run(capacity=1)
    data = csv_bytes(
        f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-09",
        f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09",
    )
    plan = plan_import(run, data, today=TODAY)
    assert plan.ok
    assert "kapasitas" in plan.warnings[0]


def test_the_preview_writes_nothing(client, auth, db, setting):
    users, completions = count_rows(User), count_rows(Completion)
    auth.login(setting.organiser)
    data = csv_bytes(
        f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-09,S-1",
        f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09,S-2",
    )
    response = upload(client, setting.run, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "pengguna ditemukan" in page
    assert "akun baru (belum terdaftar)" in page
    assert "Impor semua peserta" in page
    assert (count_rows(User), count_rows(Completion)) == (users, completions)
    assert count_rows(AuditEvent) == 0


def test_a_preview_with_errors_offers_no_confirmation(client, auth, setting):
    auth.login(setting.organiser)
    data = csv_bytes("12345,Salah NIP,Dinas Kesehatan,2026-01-09")
    response = upload(client, setting.run, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "NIP harus terdiri dari 18 angka." in page
    assert 'name="upload"' not in page


def test_a_missing_column_is_shown_on_the_page(client, auth, setting):
    auth.login(setting.organiser)
    response = upload(client, setting.run, csv_bytes("1,2", header="NIP,nama"))
    assert response.status_code == 400
    assert "Kolom wajib tidak ada: instansi" in response.get_data(as_text=True)


def test_uploading_without_a_file_asks_for_one(client, auth, setting):
    auth.login(setting.organiser)
    url = f"/kelola/program/{setting.run.program.slug}/angkatan/{setting.run.id}/impor"
    response = client.post(url, data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Pilih berkas CSV." in response.get_data(as_text=True)


# --- confirming ---------------------------------------------------------------


def test_confirming_writes_every_row_verified_for_the_run(client, auth, db, setting):
    auth.login(setting.organiser)
    data = csv_bytes(
        f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-09,S-1",
        f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,09-01-2026,S-2",
    )
    token = signed_upload(upload(client, setting.run, data).get_data(as_text=True))
    response = confirm(client, setting.run, token)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/kelola/program/{setting.run.program.slug}/angkatan/{setting.run.id}"
    )
    completions = db.session.scalars(sa.select(Completion)).all()
    assert len(completions) == 2
    for completion in completions:
        assert completion.source is CompletionSource.IMPORTED
        assert completion.verified_at is not None
        assert completion.verified_by_id == setting.organiser.id
        assert completion.run_id == setting.run.id
        assert completion.program_id == setting.run.program_id
        assert completion.completed_on == date(2026, 1, 9)
    budi = db.session.scalar(sa.select(User).where(User.nip == NEW_NIP))
    assert budi.name == "Budi Santoso" and budi.agency == setting.agency
    assert budi.pending_since is not None and not budi.is_active
    assert budi.email == f"{NEW_NIP}@belum-terdaftar.invalid"
    assert budi.role is Role.MEMBER
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.action == "participants_import"
    assert event.target_type == "program_run" and event.target_id == setting.run.id
    assert event.actor_id == setting.organiser.id
    assert event.details["added"] == 2 and event.details["accounts_created"] == 1
    assert event.details["file_sha256"] == signing.digest(data)


def test_the_run_page_lists_the_imported_participants(client, auth, setting):
    auth.login(setting.organiser)
    data = csv_bytes(
        f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-09,S-001",
        f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09,S-002",
    )
    confirm(client, setting.run, signed_upload(upload(client, setting.run, data).text))
    run_url = f"/kelola/program/{setting.run.program.slug}/angkatan/{setting.run.id}"
    page = client.get(run_url).get_data(as_text=True)
    for text in ("Rina Marpaung", "Budi Santoso", "Dinas Kesehatan", "S-002"):
        assert text in page
    assert "9 Januari 2026" in page
    assert page.count(">terverifikasi<") == 2
    assert "belum terdaftar" in page


def test_a_pending_account_cannot_sign_in(client, auth, db, setting):
    auth.login(setting.organiser)
    data = csv_bytes(f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09")
    confirm(client, setting.run, signed_upload(upload(client, setting.run, data).text))
    email = f"{NEW_NIP}@belum-terdaftar.invalid"
    assert authenticate(email, "") is None
    user = db.session.scalar(sa.select(User).where(User.email == email))
    assert authenticate(email, user.password_hash) is None


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    client, auth, db, setting
):
    auth.login(setting.organiser)
    data = csv_bytes(
        f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-09,S-1",
        f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09,S-2",
    )
    for _ in range(2):
        page = upload(client, setting.run, data).get_data(as_text=True)
        assert confirm(client, setting.run, signed_upload(page)).status_code == 302
    assert count_rows(Completion) == 2
    assert count_rows(User) == 3  # organiser, member, Budi
    second = db.session.scalars(
        sa.select(AuditEvent).order_by(AuditEvent.id.desc())
    ).first()
    assert second.details["added"] == 0 and second.details["updated"] == 2
    assert "sudah tercatat, diperbarui" in page


def test_a_corrected_file_updates_the_completions_it_imported(app, db, setting):
    first = csv_bytes(f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-08")
    apply_import(plan_import(setting.run, first, today=TODAY), setting.organiser)
    fixed = csv_bytes(
        f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-09,S-9"
    )
    plan = plan_import(setting.run, fixed, today=TODAY)
    assert plan.rows[0].outcome is Outcome.UPDATE
    apply_import(plan, setting.organiser)
    [completion] = db.session.scalars(sa.select(Completion)).all()
    assert completion.completed_on == date(2026, 1, 9)
    assert completion.certificate_number == "S-9"


def test_a_declared_or_rejected_completion_on_the_same_day_is_verified_not_doubled(
    app, db, setting, make_completion
):
    declared = make_completion(
        setting.member, setting.run.program, completed_on=date(2026, 1, 9)
    )
    declared.rejected_at = utcnow()
    declared.rejection_reason = "Tidak ada di daftar kami."
    db.session.commit()
    data = csv_bytes(f"{setting.member.nip},Rina Marpaung,Dinas Kesehatan,2026-01-09")
    apply_import(plan_import(setting.run, data, today=TODAY), setting.organiser)
    [completion] = db.session.scalars(sa.select(Completion)).all()
    assert completion.id == declared.id
    assert completion.verified and not completion.rejected
    assert completion.rejection_reason == ""
    assert completion.run_id == setting.run.id


def test_a_plan_with_an_error_writes_nothing(app, db, setting):
    data = csv_bytes(
        f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09",
        "12345,Salah NIP,Dinas Kesehatan,2026-01-09",
    )
    plan = plan_import(setting.run, data, today=TODAY)
    with pytest.raises(participants.ImportRefused):
        apply_import(plan, setting.organiser)
    db.session.commit()
    assert count_rows(Completion) == 0
    assert count_rows(User) == 2


def test_a_row_that_broke_after_the_preview_stops_the_whole_import(
    client, auth, db, setting, make_agency
):
    auth.login(setting.organiser)
    closing = make_agency("Dinas Yang Ditutup")
    data = csv_bytes(
        f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09",
        f"{make_nip(905)},Citra Lestari,Dinas Yang Ditutup,2026-01-09",
    )
    token = signed_upload(upload(client, setting.run, data).get_data(as_text=True))
    closing.archived_at = utcnow()
    db.session.commit()
    response = confirm(client, setting.run, token)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "tidak ada yang diimpor" in page
    assert "sudah diarsipkan" in page
    assert count_rows(Completion) == 0
    assert count_rows(User) == 2
    assert count_rows(AuditEvent) == 0


@pytest.mark.parametrize("change", ["tampered", "other run", "other organiser"])
def test_a_confirmation_not_signed_for_this_run_and_organiser_is_refused(
    client, auth, db, setting, make_run, make_user, change
):
    data = csv_bytes(f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09")
    run = setting.run
    if change == "tampered":
        auth.login(setting.organiser)
        token = signed_upload(upload(client, run, data).get_data(as_text=True))
        token = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    elif change == "other run":
        other = make_run(setting.run.program)
        token = signing.sign_upload(data, run_id=other.id, user_id=setting.organiser.id)
        auth.login(setting.organiser)
    else:
        colleague = make_user(Role.ORGANISER)
        token = signing.sign_upload(data, run_id=run.id, user_id=colleague.id)
        auth.login(setting.organiser)
    response = confirm(client, run, token)
    assert response.status_code == 400
    assert "Unggah ulang berkas" in response.get_data(as_text=True)
    assert count_rows(Completion) == 0


def test_an_old_preview_expires(app, setting, monkeypatch):
    data = csv_bytes(f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09")
    token = signing.sign_upload(
        data, run_id=setting.run.id, user_id=setting.organiser.id
    )
    later = time.time() + signing.SIGNED_UPLOAD_MAX_AGE + 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    with pytest.raises(participants.ImportRefused, match="kedaluwarsa"):
        signing.load_upload(token, run_id=setting.run.id, user_id=setting.organiser.id)


def test_the_largest_file_allowed_survives_the_round_trip(client, auth, db, setting):
    """A full list (MAX_ROWS rows) fits in the confirmation form and imports."""
    auth.login(setting.organiser)
    lines = [
        f"{make_nip(n)},ASN Peserta {n},Dinas Kesehatan,2026-01-09,"
        f"BKPSDM/MK/2026/{n:05d}"
        for n in range(1000, 1000 + MAX_ROWS)
    ]
    data = csv_bytes(*lines)
    page = upload(client, setting.run, data).get_data(as_text=True)
    assert confirm(client, setting.run, signed_upload(page)).status_code == 302
    assert count_rows(Completion) == MAX_ROWS


def test_members_cannot_import(client, auth, setting):
    auth.login(setting.member)
    data = csv_bytes(f"{NEW_NIP},Budi Santoso,Dinas Kesehatan,2026-01-09")
    assert upload(client, setting.run, data).status_code == 403


def test_the_sample_file_has_the_expected_headers(client, auth, setting):
    auth.login(setting.organiser)
    response = client.get("/kelola/peserta-contoh.csv")
    assert response.mimetype == "text/csv"
    plan = plan_import(setting.run, response.data, today=TODAY)
    assert plan.file_error is None
