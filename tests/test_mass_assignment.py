"""Fields a role may not set are ignored when someone posts them anyway.

Forms hold only what the user may change; author, role, status, featuring and
the like come from the signed-in user, the button pressed or a moderator's
own action. Each test posts the forbidden fields beside a valid form and checks
the saved row.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.models import CaseStudy, Comment, Role, Status, User
from tests.conftest import PASSWORD, make_nip

# What an attacker would add to any form.
FORBIDDEN = {
    "role": "admin",
    "is_admin": "1",
    "active": "0",
    "author_id": "1",
    "status": "published",
    "featured": "1",
    "featured_at": "2026-01-01T00:00:00+00:00",
    "featured_by_id": "1",
    "featured_note": "Saya sendiri yang mengunggulkan",
    "agency_id": "1",
    "program_id_override": "1",
    "published_at": "2000-01-01",
    "import_key": "x",
    "email": "penyusup@contoh.id",
    "nip": make_nip(900),
    "id": "999",
}


def _case_study_form(program_id: int, **extra: str) -> dict[str, str]:
    return {
        "title": "Antrean puskesmas lebih pendek",
        "summary": "Jadwal kedatangan per jam.",
        "program_id": str(program_id),
        "situation": "Antrean panjang.",
        "action": "Kartu jam kedatangan.",
        "result": "Waktu tunggu turun.",
        "lessons": "Libatkan petugas loket.",
        "tags": "pelayanan publik",
        **extra,
    }


def _only(db, model, **where):  # noqa: ANN001,ANN003,ANN202
    return db.session.scalars(sa.select(model).filter_by(**where)).one()


def test_registering_with_a_role_gives_a_member_account(client, db, make_agency):
    agency = make_agency()
    response = client.post(
        "/daftar",
        data={
            **FORBIDDEN,
            "name": "Rina Siregar",
            "nip": make_nip(77),
            "email": "rina@medan.go.id",
            "agency": str(agency.id),
            "position": "Analis",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = _only(db, User, email="rina@medan.go.id")
    assert user.role is Role.MEMBER
    assert user.active is True
    assert user.nip == make_nip(77)


def test_editing_a_profile_cannot_change_role_email_nip_or_active(
    client, auth, db, make_user, make_agency
):
    member = make_user()
    email, nip = member.email, member.nip
    auth.login(member)
    response = client.post(
        "/profil/ubah",
        data={
            **FORBIDDEN,
            "name": "Nama Baru",
            "position": "Kepala Seksi",
            "agency": str(make_agency().id),
            "locale": "id",
        },
    )
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.name == "Nama Baru"
    assert (member.role, member.email, member.nip, member.active) == (
        Role.MEMBER,
        email,
        nip,
        True,
    )


def test_writing_a_case_study_ignores_author_status_featuring_and_agency(
    client, auth, db, make_user, make_program, make_completion, make_agency
):
    writer = make_user()
    someone_else = make_user(agency=make_agency())
    program = make_program()
    make_completion(writer, program)
    auth.login(writer)
    forbidden = {
        **FORBIDDEN,
        "author_id": str(someone_else.id),
        "agency_id": str(someone_else.agency_id),
        "featured_by_id": str(someone_else.id),
    }
    response = client.post(
        "/praktik/baru",
        data=_case_study_form(program.id, save="Simpan draf", **forbidden),
    )
    assert response.status_code == 302
    case_study = _only(db, CaseStudy, title="Antrean puskesmas lebih pendek")
    assert case_study.author_id == writer.id
    assert case_study.agency_id == writer.agency_id
    assert case_study.status is Status.DRAFT  # the button pressed, not "status"
    assert case_study.published_at is None
    assert case_study.featured_at is None and case_study.featured_by_id is None
    assert case_study.featured_note == ""
    assert case_study.import_key is None


def test_editing_a_case_study_ignores_author_status_and_featuring(
    client, auth, db, make_user, make_case_study
):
    writer = make_user()
    case_study = make_case_study(author=writer, publish=False)
    other = make_user()
    auth.login(writer)
    response = client.post(
        f"/praktik/{case_study.id}/ubah",
        data=_case_study_form(
            case_study.program_id,
            save="Simpan draf",
            **{**FORBIDDEN, "author_id": str(other.id), "status": "hidden"},
        ),
    )
    assert response.status_code == 302
    db.session.refresh(case_study)
    assert case_study.title == "Antrean puskesmas lebih pendek"
    assert case_study.author_id == writer.id
    assert case_study.status is Status.DRAFT
    assert case_study.featured_at is None and case_study.featured_note == ""


def test_a_comment_is_always_by_whoever_is_signed_in(
    client, auth, db, make_user, make_case_study
):
    case_study = make_case_study()
    commenter, impersonated = make_user(), make_user()
    auth.login(commenter)
    response = client.post(
        f"/praktik/{case_study.id}/komentar",
        data={
            **FORBIDDEN,
            "author_id": str(impersonated.id),
            "case_study_id": "999",
            "body": "Terima kasih, sangat membantu.",
        },
    )
    assert response.status_code == 302
    comment = _only(db, Comment, case_study_id=case_study.id)
    assert comment.author_id == commenter.id


def test_editing_a_comment_cannot_move_it_to_another_author(
    client, auth, db, make_user, make_case_study, make_comment
):
    commenter = make_user()
    comment = make_comment(make_case_study(), author=commenter)
    auth.login(commenter)
    response = client.post(
        f"/komentar/{comment.id}/ubah",
        data={**FORBIDDEN, "author_id": str(make_user().id), "body": "Diperbaiki."},
    )
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.author_id == commenter.id
    assert "Diperbaiki." in comment.body_md


def test_the_admin_role_form_changes_the_role_and_nothing_else(
    client, auth, db, make_user
):
    admin = make_user(Role.ADMIN)
    member = make_user()
    email, nip, name = member.email, member.nip, member.name
    auth.login(admin)
    response = client.post(
        f"/admin/pengguna/{member.id}/peran",
        data={**FORBIDDEN, "role": "moderator", "name": "Nama Lain"},
    )
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.role is Role.MODERATOR
    assert (member.email, member.nip, member.name, member.active) == (
        email,
        nip,
        name,
        True,
    )


def test_the_admin_agency_form_keeps_the_slug_and_archive_state(
    client, auth, db, make_user, make_agency
):
    agency = make_agency("Dinas Sosial")
    auth.login(make_user(Role.ADMIN))
    response = client.post(
        f"/admin/instansi/{agency.id}/ubah",
        data={"name": "Dinsos", "slug": "pilihan-sendiri", "archived_at": "2026-01-01"},
    )
    assert response.status_code == 302
    db.session.refresh(agency)
    assert (agency.name, agency.slug, agency.archived_at) == (
        "Dinsos",
        "dinas-sosial",
        None,
    )
