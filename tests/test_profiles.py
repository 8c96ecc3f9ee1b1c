"""Profiles: what others see, what only the owner sees, and declared completions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.i18n import today_wib
from app.models import Completion, CompletionSource, Role, User
from app.practices.services import withdraw_case_study
from app.profiles import services
from app.profiles.services import ProfileError
from tests.test_auth import Inputs

# --- what a profile shows --------------------------------------------------


def test_profile_shows_name_agency_position_and_role(client, make_user, make_agency):
    agency = make_agency("Dinas Kesehatan")
    user = make_user(Role.ORGANISER, name="Rina Marpaung", agency=agency)
    page = client.get(f"/profil/{user.id}").get_data(as_text=True)
    assert "Rina Marpaung" in page
    assert "Dinas Kesehatan" in page
    assert "Analis Kebijakan" in page
    assert "Penyelenggara" in page


def test_unknown_profile_is_404(client):
    assert client.get("/profil/424242").status_code == 404


@pytest.mark.parametrize("viewer", ["anonymous", "other member", "admin"])
def test_nip_and_email_are_hidden_from_everyone_but_the_owner(
    client, auth, make_user, viewer
):
    owner = make_user()
    if viewer != "anonymous":
        auth.login(make_user(Role.ADMIN if viewer == "admin" else Role.MEMBER))
    page = client.get(f"/profil/{owner.id}").get_data(as_text=True)
    assert owner.nip not in page
    assert owner.email not in page


def test_owner_sees_their_own_nip_and_email(client, auth, make_user):
    owner = make_user()
    auth.login(owner)
    page = client.get(f"/profil/{owner.id}").get_data(as_text=True)
    assert owner.nip in page
    assert owner.email in page


def test_others_see_only_published_case_studies(client, make_case_study, make_user):
    author = make_user()
    make_case_study(author=author, title="Antrean puskesmas terbit")
    make_case_study(author=author, title="Draf rahasia", publish=False)
    withdrawn = make_case_study(author=author, title="Sudah ditarik")
    withdraw_case_study(withdrawn)
    page = client.get(f"/profil/{author.id}").get_data(as_text=True)
    assert "Antrean puskesmas terbit" in page
    assert "Draf rahasia" not in page
    assert "Sudah ditarik" not in page
    assert "/praktik/saya" not in page


def test_owner_sees_drafts_with_their_status_and_a_link_to_manage_them(
    client, auth, make_case_study, make_user
):
    author = make_user()
    make_case_study(author=author, title="Antrean puskesmas terbit")
    make_case_study(author=author, title="Draf rahasia", publish=False)
    auth.login(author)
    page = client.get(f"/profil/{author.id}").get_data(as_text=True)
    assert "Antrean puskesmas terbit" in page
    assert "Draf rahasia" in page
    assert ">draf<" in page
    assert "/praktik/saya" in page


def test_completions_show_programme_date_and_verification(
    client, make_user, make_program, make_completion
):
    user = make_user()
    crisis = make_program("Pelatihan Manajemen Krisis")
    time = make_program("Pelatihan Manajemen Waktu")
    make_completion(user, crisis, completed_on=date(2026, 3, 14))
    make_completion(user, time, completed_on=date(2025, 8, 1), verified=True)
    page = client.get(f"/profil/{user.id}").get_data(as_text=True)
    assert "Pelatihan Manajemen Krisis" in page
    assert "14 Maret 2026" in page
    assert "1 Agustus 2025" in page
    assert page.count("belum diverifikasi") == 1
    assert page.count(">terverifikasi<") == 1


def test_certificate_number_is_shown_only_to_the_owner(
    client, auth, make_user, make_program, make_completion
):
    owner = make_user()
    completion = make_completion(owner, make_program())
    number = completion.certificate_number
    assert number not in client.get(f"/profil/{owner.id}").get_data(as_text=True)
    auth.login(make_user())
    assert number not in client.get(f"/profil/{owner.id}").get_data(as_text=True)
    auth.logout()
    auth.login(owner)
    assert number in client.get(f"/profil/{owner.id}").get_data(as_text=True)


def test_only_the_owner_gets_the_completion_form_and_edit_link(
    client, auth, make_user, make_program
):
    make_program()
    owner = make_user()
    auth.login(make_user())
    page = client.get(f"/profil/{owner.id}").get_data(as_text=True)
    assert "/profil/program" not in page
    assert "/profil/ubah" not in page
    auth.logout()
    auth.login(owner)
    page = client.get(f"/profil/{owner.id}").get_data(as_text=True)
    assert 'action="/profil/program"' in page
    assert "/profil/ubah" in page
    assert 'for="completed_on"' in page


# --- declaring a completion ------------------------------------------------


def _declare(client, program, completed_on, certificate: str = "SERT/2026/0042"):
    return client.post(
        "/profil/program",
        data={
            "program": str(program.id),
            "completed_on": str(completed_on),
            "certificate_number": certificate,
        },
    )


def test_member_declares_a_completion_shown_as_unverified(
    client, db, auth, make_user, make_program
):
    user = make_user()
    program = make_program("Pelatihan Komunikasi Efektif")
    auth.login(user)
    response = _declare(client, program, date(2026, 2, 20))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/profil/{user.id}"

    completion = db.session.scalar(sa.select(Completion))
    assert completion.user_id == user.id
    assert completion.program_id == program.id
    assert completion.completed_on == date(2026, 2, 20)
    assert completion.certificate_number == "SERT/2026/0042"
    assert completion.source is CompletionSource.DECLARED
    assert not completion.verified
    page = client.get(f"/profil/{user.id}").get_data(as_text=True)
    assert "Pelatihan Komunikasi Efektif" in page
    assert "20 Februari 2026" in page
    assert "belum diverifikasi" in page


def test_certificate_number_is_optional(client, db, auth, make_user, make_program):
    auth.login(make_user())
    assert _declare(client, make_program(), date(2026, 1, 5), "").status_code == 302
    assert db.session.scalar(sa.select(Completion)).certificate_number == ""


def test_today_is_an_allowed_completion_date(client, auth, make_user, make_program):
    auth.login(make_user())
    assert _declare(client, make_program(), today_wib()).status_code == 302


@pytest.mark.parametrize(
    ("completed_on", "certificate", "message"),
    [
        ("tomorrow", "SERT-1", "Tanggal selesai tidak boleh di masa depan."),
        ("1999-12-31", "SERT-1", "Tanggal selesai tidak boleh sebelum tahun 2000."),
        ("", "SERT-1", "Isi tanggal selesai yang valid."),
        ("2026-02-30", "SERT-1", "Isi tanggal selesai yang valid."),
        ("kemarin", "SERT-1", "Isi tanggal selesai yang valid."),
        ("2026-01-05", "S" * 81, "Nomor sertifikat maksimal 80 karakter."),
    ],
)
def test_invalid_completion_is_rerendered_on_the_profile_with_typed_values(
    client, db, auth, make_user, make_program, completed_on, certificate, message
):
    if completed_on == "tomorrow":
        completed_on = str(today_wib() + timedelta(days=1))
    auth.login(make_user())
    response = _declare(client, make_program(), completed_on, certificate)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert Inputs(page).values["certificate_number"] == certificate
    assert db.session.scalar(sa.select(sa.func.count(Completion.id))) == 0


@pytest.mark.parametrize("program_value", ["", "424242", "abc"])
def test_completion_needs_a_programme_from_the_list(
    client, auth, make_user, make_program, program_value
):
    make_program()
    auth.login(make_user())
    response = client.post(
        "/profil/program",
        data={"program": program_value, "completed_on": "2026-01-05"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Pilih program" in page
    assert "Not a valid" not in page


def test_same_programme_and_date_twice_is_refused(
    client, db, auth, make_user, make_program
):
    program = make_program()
    auth.login(make_user())
    _declare(client, program, date(2026, 1, 5))
    response = _declare(client, program, date(2026, 1, 5), "LAIN-1")
    assert response.status_code == 400
    assert "sudah mencatat program ini" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Completion.id))) == 1
    # Another date for the same programme (a second run) is fine.
    assert _declare(client, program, date(2025, 1, 5)).status_code == 302


def test_duplicate_caught_by_the_unique_index_gives_the_same_message(
    client, db, auth, make_user, make_program, make_completion, monkeypatch
):
    user = make_user()
    program = make_program()
    make_completion(user, program, completed_on=date(2026, 1, 5))
    monkeypatch.setattr(services, "_has_completion", lambda *_args: False)
    auth.login(user)
    response = _declare(client, program, date(2026, 1, 5))
    assert response.status_code == 400
    assert "sudah mencatat program ini" in response.get_data(as_text=True)


def test_anonymous_cannot_declare_a_completion(client, db, make_program):
    response = _declare(client, make_program(), date(2026, 1, 5))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk")
    assert db.session.scalar(sa.select(sa.func.count(Completion.id))) == 0


def test_declare_completion_service_uses_the_given_today(db, make_user, make_program):
    user, program = make_user(), make_program()
    with pytest.raises(ProfileError) as caught:
        services.declare_completion(
            user,
            program_id=program.id,
            completed_on=date(2026, 6, 2),
            today=date(2026, 6, 1),
        )
    assert caught.value.field == "completed_on"
    completion = services.declare_completion(
        user,
        program_id=program.id,
        completed_on=date(2026, 6, 1),
        today=date(2026, 6, 1),
    )
    assert completion.id is not None and not completion.verified


# --- removing a declared completion ----------------------------------------


def _delete(client, completion_id: int):
    return client.post(f"/profil/program/{completion_id}/hapus")


def _completion_exists(db, completion_id: int) -> bool:
    db.session.expire_all()
    return db.session.get(Completion, completion_id) is not None


def test_owner_removes_an_unverified_completion(
    client, db, auth, make_user, make_program, make_completion
):
    user = make_user()
    completion = make_completion(user, make_program())
    completion_id = completion.id
    auth.login(user)
    response = _delete(client, completion_id)
    assert response.status_code == 302
    assert not _completion_exists(db, completion_id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Program dihapus dari profil Anda." in page


def test_verified_completion_cannot_be_removed(
    client, db, auth, make_user, make_program, make_completion
):
    user = make_user()
    completion = make_completion(user, make_program(), verified=True)
    auth.login(user)
    response = _delete(client, completion.id)
    assert response.status_code == 302
    assert _completion_exists(db, completion.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "sudah terverifikasi tidak dapat dihapus" in page


def test_completion_with_a_case_study_on_that_programme_cannot_be_removed(
    client, db, auth, make_user, make_program, make_completion, make_case_study
):
    user = make_user()
    program = make_program()
    completion = make_completion(user, program)
    make_case_study(author=user, program=program, publish=False)
    auth.login(user)
    response = _delete(client, completion.id)
    assert _completion_exists(db, completion.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "sudah menulis studi kasus" in page


def test_member_cannot_remove_someone_elses_completion(
    client, db, auth, make_user, make_program, make_completion
):
    completion = make_completion(make_user(), make_program())
    auth.login(make_user())
    assert _delete(client, completion.id).status_code == 403
    assert _completion_exists(db, completion.id)


def test_removing_an_unknown_completion_is_404(client, auth, make_user):
    auth.login(make_user())
    assert _delete(client, 424242).status_code == 404


# --- editing one's own profile ---------------------------------------------


def test_edit_form_is_prefilled(client, auth, make_user, make_agency):
    agency = make_agency()
    user = make_user(name="Ahmad Lubis", agency=agency)
    auth.login(user)
    page = Inputs(client.get("/profil/ubah").get_data(as_text=True))
    assert page.values["name"] == "Ahmad Lubis"
    assert page.values["position"] == "Analis Kebijakan"
    assert page.selected["agency"] == str(agency.id)
    assert page.selected["locale"] == "id"


def test_member_edits_name_position_agency_and_language(
    client, db, auth, make_user, make_agency
):
    user = make_user()
    new_agency = make_agency("Disdukcapil")
    auth.login(user)
    response = client.post(
        "/profil/ubah",
        data={
            "name": "  Ahmad  Lubis ",
            "position": "Kepala Seksi",
            "agency": str(new_agency.id),
            "locale": "en",
            "role": "admin",
            "email": "baru@evil.example",
        },
    )
    assert response.status_code == 302
    user = db.session.get(User, user.id)
    db.session.refresh(user)
    assert (user.name, user.position, user.agency_id, user.locale) == (
        "Ahmad Lubis",
        "Kepala Seksi",
        new_agency.id,
        "en",
    )
    assert user.role is Role.MEMBER
    assert user.email != "baru@evil.example"
    with client.session_transaction() as session:
        assert session["lang"] == "en"
    assert 'lang="en"' in client.get(f"/profil/{user.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Isi nama lengkap Anda."),
        ({"agency": "424242"}, "Pilih instansi dari daftar."),
        ({"locale": "fr"}, "Pilih bahasa dari daftar."),
        ({"position": "J" * 121}, "Jabatan maksimal 120 karakter."),
    ],
)
def test_invalid_profile_edit_is_rerendered_with_typed_values(
    client, db, auth, make_user, overrides, message
):
    user = make_user(name="Nama Lama")
    auth.login(user)
    data = {
        "name": "Nama Baru",
        "position": "Kepala Seksi",
        "agency": str(user.agency_id),
        "locale": "id",
        **overrides,
    }
    response = client.post("/profil/ubah", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert Inputs(page).values["name"] == data["name"]
    db.session.refresh(user)
    assert user.name == "Nama Lama"


def test_anonymous_edit_goes_to_login(client):
    response = client.get("/profil/ubah")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk?next=")


# --- atasan (supervisor) ------------------------------------------------------


def _profile_data(user: User, **overrides: str) -> dict[str, str]:
    return {
        "name": user.name,
        "position": user.position,
        "agency": str(user.agency_id),
        "locale": "id",
        **overrides,
    }


def test_the_supervisor_list_offers_active_colleagues_of_the_same_agency(
    client, auth, db, make_user, make_agency
):
    agency = make_agency()
    user = make_user(agency=agency)
    colleague = make_user(name="Kepala Seksi Sama", agency=agency)
    make_user(name="Orang Instansi Lain")
    make_user(name="Rekan Nonaktif", agency=agency, active=False)
    pending = make_user(name="Rekan Belum Terdaftar", agency=agency)
    pending.pending_since = pending.created_at
    db.session.commit()
    auth.login(user)
    page = client.get("/profil/ubah").get_data(as_text=True)
    assert "Kepala Seksi Sama" in page
    for absent in ("Orang Instansi Lain", "Rekan Nonaktif", "Rekan Belum Terdaftar"):
        assert absent not in page
    assert colleague.id


def test_member_chooses_a_supervisor_shown_on_their_profile(
    client, auth, db, make_user, make_agency
):
    agency = make_agency()
    user = make_user(agency=agency)
    boss = make_user(name="Kepala Bidang Pelayanan", agency=agency)
    auth.login(user)
    response = client.post(
        "/profil/ubah", data=_profile_data(user, supervisor=str(boss.id))
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.supervisor_id == boss.id
    page = client.get(f"/profil/{user.id}").get_data(as_text=True)
    assert "Atasan: Kepala Bidang Pelayanan" in page
    assert Inputs(client.get("/profil/ubah").text).selected["supervisor"] == str(
        boss.id
    )


@pytest.mark.parametrize("who", ["other agency", "self", "inactive", "pending"])
def test_a_supervisor_outside_the_agency_or_inactive_is_refused(
    client, auth, db, make_user, make_agency, who
):
    agency = make_agency()
    user = make_user(agency=agency)
    candidate = {
        "other agency": lambda: make_user(),
        "self": lambda: user,
        "inactive": lambda: make_user(agency=agency, active=False),
        "pending": lambda: make_user(agency=agency),
    }[who]()
    if who == "pending":
        candidate.pending_since = candidate.created_at
        db.session.commit()
    with pytest.raises(ProfileError) as refused:
        services.check_supervisor(user, candidate.id, agency.id)
    assert refused.value.field == "supervisor"
    auth.login(user)
    response = client.post(
        "/profil/ubah", data=_profile_data(user, supervisor=str(candidate.id))
    )
    assert response.status_code == 400
    db.session.refresh(user)
    assert user.supervisor_id is None


def test_moving_to_another_agency_needs_a_supervisor_from_there(
    client, auth, db, make_user, make_agency
):
    old, new = make_agency(), make_agency()
    user = make_user(agency=old)
    boss = make_user(agency=old)
    auth.login(user)
    response = client.post(
        "/profil/ubah",
        data=_profile_data(user, agency=str(new.id), supervisor=str(boss.id)),
    )
    assert response.status_code == 400
    assert "Atasan harus dari instansi yang sama" in response.get_data(as_text=True)


def test_a_declared_completion_may_name_a_supervisor_of_the_same_agency(
    client, auth, db, make_user, make_agency, make_program
):
    agency = make_agency()
    user = make_user(agency=agency)
    boss = make_user(name="Atasan Langsung", agency=agency)
    outsider = make_user()
    program = make_program()
    auth.login(user)
    assert "Atasan Langsung" in client.get(f"/profil/{user.id}").text
    data = {"program": str(program.id), "completed_on": "2026-01-10"}
    refused = client.post(
        "/profil/program", data={**data, "supervisor": str(outsider.id)}
    )
    assert refused.status_code == 400
    assert "Atasan harus dari instansi yang sama" in refused.get_data(as_text=True)
    client.post("/profil/program", data={**data, "supervisor": str(boss.id)})
    completion = db.session.scalar(sa.select(Completion))
    assert completion.supervisor_id == boss.id


# --- accounts not claimed yet --------------------------------------------------


def test_a_pending_account_has_no_public_profile(client, auth, db, make_user):
    pending = make_user(name="Belum Daftar")
    pending.pending_since = pending.created_at
    db.session.commit()
    assert client.get(f"/profil/{pending.id}").status_code == 404
    auth.login(make_user())
    assert client.get(f"/profil/{pending.id}").status_code == 404
    auth.logout()
    auth.login(make_user(Role.ORGANISER))
    assert client.get(f"/profil/{pending.id}").status_code == 200
