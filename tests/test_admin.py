"""Administration: users and roles, agencies, programmes, tags, the audit log."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.admin import accounts, catalogue, tagging
from app.admin.errors import AdminError
from app.extensions import db as _db
from app.models import (
    Agency,
    AuditEvent,
    Program,
    Role,
    SearchChange,
    Tag,
    User,
    case_study_tag,
)
from app.moderation.audit import events_for, record
from app.practices.importer import import_jsonl
from tests.conftest import PASSWORD, is_postgres, make_nip


@pytest.fixture
def admin(make_user):  # noqa: ANN001,ANN201
    return make_user(Role.ADMIN, name="Admin Utama")


@pytest.fixture
def signed_in_admin(admin, auth):  # noqa: ANN001,ANN201
    auth.login(admin)
    return admin


def _events(action: str) -> list[AuditEvent]:
    return list(
        _db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id)
        )
    )


# --- the area --------------------------------------------------------------


def test_dashboard_links_every_admin_page_and_shows_counts(
    client, signed_in_admin, make_user
):
    make_user(active=False)
    page = client.get("/admin/").get_data(as_text=True)
    for path in ("/admin/pengguna", "/admin/instansi", "/admin/program"):
        assert f'href="{path}"' in page
    assert 'href="/admin/tag"' in page and 'href="/admin/audit"' in page
    assert "2 akun, 1 nonaktif." in page


@pytest.mark.parametrize(
    "role", [Role.MEMBER, Role.MODERATOR, Role.ORGANISER, Role.LEADER]
)
def test_only_admins_enter_the_admin_area(client, auth, make_user, role):
    auth.login(make_user(role))
    assert client.get("/admin/").status_code == 403
    assert "/admin/" not in client.get("/").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/pengguna")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk")


def test_admins_see_the_admin_link_in_the_menu(client, signed_in_admin):
    assert 'href="/admin/"' in client.get("/").get_data(as_text=True)


# --- users -----------------------------------------------------------------


def test_users_are_found_by_name_in_any_case(client, signed_in_admin, make_user):
    make_user(name="Siti Rahmawati")
    make_user(name="Budi Santoso")
    page = client.get("/admin/pengguna?q=RAHMA").get_data(as_text=True)
    assert "Siti Rahmawati" in page and "Budi Santoso" not in page


def test_users_are_found_by_nip_prefix_or_exact_and_by_email(
    client, signed_in_admin, make_user
):
    siti = make_user(name="Siti", nip="199001152015032002", email="siti@medan.go.id")
    make_user(name="Budi", nip=make_nip(7))
    assert accounts.search_users("19900115").items == [siti]
    assert accounts.search_users("1990 0115 201503 2 002").items == [siti]
    assert accounts.search_users("SITI@MEDAN").items == [siti]
    # Digits in the middle of a NIP are not a prefix: no match on "0115".
    assert siti not in accounts.search_users("0115").items
    page = client.get("/admin/pengguna?q=199001152015032002").get_data(as_text=True)
    assert "Siti" in page and "Budi" not in page


def test_like_wildcards_in_a_search_are_taken_literally(signed_in_admin, make_user):
    make_user(name="Andi")
    assert accounts.search_users("%").items == []
    assert accounts.search_users("_").items == []


def test_user_list_is_paginated_and_filtered_by_role(
    app, client, signed_in_admin, make_user
):
    app.config["PER_PAGE"] = 2
    for n in range(3):
        make_user(Role.MODERATOR, name=f"Moderator {n}")
    first = client.get("/admin/pengguna?role=moderator").get_data(as_text=True)
    second = client.get("/admin/pengguna?role=moderator&page=2").get_data(as_text=True)
    assert "3 pengguna" in first
    assert first.count("Moderator ") == 2 and second.count("Moderator ") == 1
    assert f'href="/admin/pengguna/{signed_in_admin.id}"' not in first + second
    assert client.get("/admin/pengguna?page=3").status_code == 404


def test_admin_changes_a_role_and_the_old_and_new_are_audited(
    client, signed_in_admin, make_user
):
    member = make_user()
    response = client.post(
        f"/admin/pengguna/{member.id}/peran",
        data={"role": "penyelenggara", "reason": "Staf BKPSDM"},
    )
    assert response.status_code == 302
    assert member.role is Role.ORGANISER
    (event,) = events_for("user", member.id)
    assert event.action == "role_change"
    assert event.actor_id == signed_in_admin.id
    assert event.reason == "Staf BKPSDM"
    assert event.details == {"old": "anggota", "new": "penyelenggara"}


def test_an_unknown_role_is_refused_beside_the_field(
    client, signed_in_admin, make_user
):
    member = make_user()
    response = client.post(
        f"/admin/pengguna/{member.id}/peran", data={"role": "superadmin"}
    )
    assert response.status_code == 400
    assert "Pilih peran dari daftar." in response.get_data(as_text=True)
    assert member.role is Role.MEMBER


def test_a_deactivated_user_cannot_sign_in_and_their_content_stays(
    client, auth, signed_in_admin, make_user, make_case_study
):
    author = make_user()
    case_study = make_case_study(author=author, title="Antrean Puskesmas")
    response = client.post(
        f"/admin/pengguna/{author.id}/nonaktifkan", data={"reason": "Pensiun"}
    )
    assert response.status_code == 302
    assert author.active is False
    (event,) = events_for("user", author.id)
    assert (event.action, event.reason) == ("deactivate", "Pensiun")

    auth.logout()
    assert auth.login(author).status_code == 400
    page = client.get(f"/praktik/{case_study.id}/{case_study.slug}")
    assert page.status_code == 200 and "Antrean Puskesmas" in page.get_data(
        as_text=True
    )


def test_a_deactivated_user_is_signed_out_at_their_next_request(
    client, auth, make_user, admin, db
):
    member = make_user()
    auth.login(member)
    assert client.get("/profil/ubah").status_code == 200
    accounts.deactivate(admin, member, reason="Akun disalahgunakan")
    db.session.commit()
    response = client.get("/profil/ubah")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk")


def test_deactivating_needs_a_reason(client, signed_in_admin, make_user):
    member = make_user()
    response = client.post(
        f"/admin/pengguna/{member.id}/nonaktifkan", data={"reason": "  "}
    )
    assert response.status_code == 400
    assert "Tulis alasannya." in response.get_data(as_text=True)
    assert member.active is True
    assert events_for("user", member.id) == []


def test_a_deactivated_user_can_be_reactivated(
    client, auth, signed_in_admin, make_user
):
    member = make_user(active=False)
    response = client.post(
        f"/admin/pengguna/{member.id}/aktifkan", data={"reason": "Kembali bertugas"}
    )
    assert response.status_code == 302
    assert member.active is True
    assert [e.action for e in events_for("user", member.id)] == ["reactivate"]
    auth.logout()
    assert auth.login(member).status_code == 302


def test_the_last_active_admin_cannot_be_demoted(client, signed_in_admin):
    response = client.post(
        f"/admin/pengguna/{signed_in_admin.id}/peran", data={"role": "anggota"}
    )
    assert response.status_code == 400
    assert "admin aktif terakhir" in response.get_data(as_text=True)
    assert signed_in_admin.role is Role.ADMIN
    assert events_for("user", signed_in_admin.id) == []


def test_the_last_active_admin_cannot_deactivate_themselves(client, signed_in_admin):
    response = client.post(
        f"/admin/pengguna/{signed_in_admin.id}/nonaktifkan",
        data={"reason": "Saya berhenti"},
    )
    assert response.status_code == 400
    assert "admin aktif terakhir" in response.get_data(as_text=True)
    assert signed_in_admin.active is True


def test_an_inactive_admin_does_not_count_as_another_admin(admin, make_user, db):
    make_user(Role.ADMIN, active=False)
    with pytest.raises(AdminError):
        accounts.change_role(admin, admin, Role.MODERATOR)
    db.session.rollback()
    assert admin.role is Role.ADMIN


def test_an_admin_may_be_demoted_while_another_active_admin_remains(
    client, signed_in_admin, make_user
):
    other = make_user(Role.ADMIN)
    response = client.post(
        f"/admin/pengguna/{other.id}/peran", data={"role": "moderator"}
    )
    assert response.status_code == 302
    assert other.role is Role.MODERATOR
    response = client.post(
        f"/admin/pengguna/{signed_in_admin.id}/peran", data={"role": "anggota"}
    )
    assert response.status_code == 400  # now the last one


def test_a_refused_change_leaves_nothing_in_the_transaction(admin, db):
    with pytest.raises(AdminError):
        accounts.deactivate(admin, admin, reason="uji")
    db.session.commit()  # the caller may even commit: nothing was changed
    db.session.expire_all()
    assert admin.active is True and admin.role is Role.ADMIN


def _waits_for_a_lock(db) -> bool:  # noqa: ANN001
    """PostgreSQL: is some session of this database waiting for a row lock?"""
    with db.engine.connect() as connection:
        return bool(
            connection.scalar(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    "current_database() AND wait_event_type = 'Lock'"
                )
            )
        )


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, make_user, db):
    """The second demotion waits for the first one's transaction, then is refused.

    PostgreSQL: the first transaction stays open until the second is seen
    waiting for the admins' row lock (without that lock, the second would
    finish first and this test fails). SQLite: the second waits for the
    database's write lock before it counts the admins.
    """
    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)
    first_id, second_id = first.id, second.id
    outcome: dict[str, str] = {}
    writing = threading.Event()

    def demote_second() -> None:
        with app.app_context():
            from app.extensions import db as thread_db

            def signal(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
                if statement.lstrip().upper().startswith("UPDATE"):
                    writing.set()

            sa.event.listen(thread_db.engine, "before_cursor_execute", signal)
            try:
                user = thread_db.session.get(User, second_id)
                accounts.change_role(user, user, Role.MEMBER)
                thread_db.session.commit()
                outcome["result"] = "demoted"
            except AdminError:
                thread_db.session.rollback()
                outcome["result"] = "refused"
            finally:
                writing.set()
                sa.event.remove(thread_db.engine, "before_cursor_execute", signal)
                thread_db.session.remove()

    # The first demotion is made and flushed; its transaction stays open.
    accounts.change_role(first, first, Role.MEMBER)
    worker = threading.Thread(target=demote_second)
    worker.start()
    deadline = time.monotonic() + 30
    if is_postgres():
        while worker.is_alive() and not _waits_for_a_lock(db):
            assert time.monotonic() < deadline, "the second demotion never waited"
            worker.join(0.01)
    else:
        assert writing.wait(30)
    db.session.commit()
    worker.join(60)
    assert not worker.is_alive()

    assert outcome["result"] == "refused"
    db.session.expire_all()
    admins = db.session.scalars(
        sa.select(User.id).where(User.role == Role.ADMIN, User.active.is_(True))
    ).all()
    assert admins == [second_id]
    assert db.session.get(User, first_id).role is Role.MEMBER


# --- agencies and programmes -------------------------------------------------


def test_an_agency_is_created_with_a_slug_and_an_audit_event(client, signed_in_admin):
    response = client.post("/admin/instansi/baru", data={"name": "Dinas Pariwisata"})
    assert response.status_code == 302
    agency = _one(Agency, "Dinas Pariwisata")
    assert agency.slug == "dinas-pariwisata"
    (event,) = events_for("agency", agency.id)
    assert event.action == "agency_create" and event.actor_id == signed_in_admin.id


def _one(model, name):  # noqa: ANN001,ANN202
    return _db.session.scalar(sa.select(model).where(model.name == name))


def test_a_taken_agency_name_is_refused_and_the_input_kept(
    client, signed_in_admin, make_agency
):
    make_agency("Dinas Kesehatan")
    response = client.post("/admin/instansi/baru", data={"name": "dinas KESEHATAN"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nama ini sudah dipakai." in page
    assert 'value="dinas KESEHATAN"' in page


def test_an_empty_name_is_refused_with_400(client, signed_in_admin):
    response = client.post("/admin/program/baru", data={"name": ""})
    assert response.status_code == 400
    assert "Isi nama." in response.get_data(as_text=True)


def test_renaming_an_agency_keeps_its_slug_unless_asked(
    client, signed_in_admin, make_agency
):
    agency = make_agency("Dinas Kominfo")
    client.post(f"/admin/instansi/{agency.id}/ubah", data={"name": "Diskominfo"})
    assert (agency.name, agency.slug) == ("Diskominfo", "dinas-kominfo")
    client.post(
        f"/admin/instansi/{agency.id}/ubah",
        data={"name": "Diskominfo", "new_slug": "y"},
    )
    assert agency.slug == "diskominfo"
    actions = [e.action for e in events_for("agency", agency.id)]
    assert actions == ["agency_edit", "agency_edit"]
    assert events_for("agency", agency.id)[0].details == {
        "name": ["Dinas Kominfo", "Diskominfo"]
    }


def test_a_new_slug_that_is_taken_gets_a_suffix(admin, make_agency, db):
    make_agency("Bappeda")
    other = make_agency("Badan Perencanaan")
    catalogue.update_agency(admin, other, "BAPPEDA!", new_slug=True)
    db.session.commit()
    assert other.slug == "bappeda-2"


def test_a_programme_is_created_with_description_and_jp(client, signed_in_admin):
    response = client.post(
        "/admin/program/baru",
        data={
            "name": "Pelatihan Manajemen Krisis",
            "description": "Tiga hari.",
            "hours": "24",
        },
    )
    assert response.status_code == 302
    program = _one(Program, "Pelatihan Manajemen Krisis")
    assert (program.slug, program.description, program.hours) == (
        "pelatihan-manajemen-krisis",
        "Tiga hari.",
        24,
    )
    assert events_for("program", program.id)[0].action == "program_create"


@pytest.mark.parametrize(
    ("hours", "message"),
    [("dua puluh", "Tulis angka bulat"), ("0", "JP harus antara"), ("5000", "JP")],
)
def test_bad_jp_are_refused_in_indonesian_and_the_input_kept(
    client, signed_in_admin, hours, message
):
    response = client.post(
        "/admin/program/baru", data={"name": "Seminar Etika", "hours": hours}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page and f'value="{hours}"' in page
    assert _one(Program, "Seminar Etika") is None


def test_editing_a_programme_is_audited(client, signed_in_admin, make_program):
    program = make_program("Seminar Komunikasi", hours=8)
    response = client.post(
        f"/admin/program/{program.id}/ubah",
        data={"name": "Seminar Komunikasi Efektif", "description": "", "hours": "10"},
    )
    assert response.status_code == 302
    assert (program.name, program.hours, program.slug) == (
        "Seminar Komunikasi Efektif",
        10,
        "seminar-komunikasi",
    )
    event = events_for("program", program.id)[0]
    assert event.details["hours"] == [8, 10]


def test_renaming_a_programme_logs_its_case_studies_for_search(
    admin, make_program, make_case_study, db
):
    program = make_program("Pelatihan Lama")
    case_study = make_case_study(program=program)
    before = db.session.scalar(sa.select(sa.func.max(SearchChange.id))) or 0
    catalogue.update_program(admin, program, catalogue.ProgramData(name="Baru"))
    db.session.commit()
    logged = db.session.scalars(
        sa.select(SearchChange.case_study_id).where(SearchChange.id > before)
    ).all()
    assert case_study.id in logged


def test_archived_agencies_are_not_offered_at_registration_but_still_shown(
    client, signed_in_admin, auth, make_agency, make_user, make_case_study
):
    agency = make_agency("Kecamatan Medan Lama")
    author = make_user(agency=agency)
    case_study = make_case_study(author=author)
    response = client.post(f"/admin/instansi/{agency.id}/arsipkan")
    assert response.status_code == 302
    assert agency.is_archived
    assert events_for("agency", agency.id)[-1].action == "agency_archive"
    listing = client.get("/admin/instansi").get_data(as_text=True)
    assert "diarsipkan" in listing
    auth.logout()

    assert "Kecamatan Medan Lama" not in client.get("/daftar").get_data(as_text=True)
    page = client.get(f"/praktik/{case_study.id}/{case_study.slug}")
    assert "Kecamatan Medan Lama" in page.get_data(as_text=True)
    assert client.get(f"/instansi/{agency.slug}").status_code == 200


def test_registration_refuses_an_archived_agency_posted_by_id(client, make_agency, db):
    agency = make_agency("Dinas Lama")
    agency.archived_at = datetime.now(UTC)
    db.session.commit()
    response = client.post(
        "/daftar",
        data={
            "name": "Rina",
            "nip": make_nip(41),
            "email": "rina@medan.go.id",
            "agency": str(agency.id),
            "position": "Staf",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "Pilih instansi dari daftar." in response.get_data(as_text=True)


def test_members_of_an_archived_agency_can_still_save_their_profile(
    client, auth, make_agency, make_user, db
):
    agency = make_agency("Dinas Arsip")
    member = make_user(agency=agency)
    agency.archived_at = datetime.now(UTC)
    db.session.commit()
    auth.login(member)
    assert "Dinas Arsip" in client.get("/profil/ubah").get_data(as_text=True)
    response = client.post(
        "/profil/ubah",
        data={
            "name": "Nama Baru",
            "position": "Staf",
            "agency": str(agency.id),
            "locale": "id",
        },
    )
    assert response.status_code == 302
    assert member.name == "Nama Baru"


def test_archived_programmes_are_not_offered_for_completions(
    client, signed_in_admin, auth, make_program, make_user
):
    program = make_program("Pelatihan Usang")
    make_program("Pelatihan Terkini")
    client.post(f"/admin/program/{program.id}/arsipkan")
    assert program.is_archived
    auth.logout()
    member = make_user()
    auth.login(member)
    profile = client.get(f"/profil/{member.id}").get_data(as_text=True)
    assert ">Pelatihan Terkini</option>" in profile
    assert ">Pelatihan Usang</option>" not in profile
    response = client.post(
        "/profil/program",
        data={"program": str(program.id), "completed_on": "2026-01-10"},
    )
    assert response.status_code == 400
    assert "Pilih program dari daftar." in response.get_data(as_text=True)


def test_an_archived_programme_can_be_brought_back(
    client, signed_in_admin, make_program
):
    program = make_program()
    client.post(f"/admin/program/{program.id}/arsipkan")
    client.post(f"/admin/program/{program.id}/batal-arsip")
    assert not program.is_archived
    actions = [e.action for e in events_for("program", program.id)]
    assert actions == ["program_archive", "program_unarchive"]


def test_the_import_does_not_use_an_archived_programme(make_program, db):
    program = make_program("Pelatihan Diarsipkan")
    program.archived_at = datetime.now(UTC)
    db.session.commit()
    line = (
        '{"title": "Judul", "summary": "Ringkas", "situation": "S", "action": "T",'
        ' "result": "H", "lessons": "P", "program": "pelatihan diarsipkan"}'
    )
    report = import_jsonl([line], None)
    assert report.imported == []
    assert "diarsipkan" in report.problems[0].reason


# --- tags ------------------------------------------------------------------


def test_tags_are_listed_with_their_usage(client, signed_in_admin, make_case_study):
    make_case_study(tags=["Pelayanan"])
    make_case_study(tags=["Pelayanan", "antrean"])
    page = client.get("/admin/tag").get_data(as_text=True)
    assert "2 studi kasus" in page and "1 studi kasus" in page


def test_renaming_a_tag_updates_its_slug_and_logs_its_case_studies(
    client, signed_in_admin, make_case_study, db
):
    case_study = make_case_study(tags=["antrian"])
    tag = case_study.tags[0]
    before = db.session.scalar(sa.select(sa.func.max(SearchChange.id))) or 0
    response = client.post(f"/admin/tag/{tag.id}/ubah", data={"name": "Antrean"})
    assert response.status_code == 302
    assert (tag.name, tag.slug) == ("Antrean", "antrean")
    (event,) = events_for("tag", tag.id)
    assert event.action == "tag_rename"
    assert event.details == {
        "name": ["antrian", "Antrean"],
        "slug": ["antrian", "antrean"],
    }
    logged = db.session.scalars(
        sa.select(SearchChange.case_study_id).where(SearchChange.id > before)
    ).all()
    assert case_study.id in logged


def test_a_rename_onto_another_tag_is_refused_with_a_merge_offered(
    client, signed_in_admin, make_case_study
):
    make_case_study(tags=["Pelayanan Publik"])
    source = make_case_study(tags=["layanan"]).tags[0]
    response = client.post(
        f"/admin/tag/{source.id}/ubah", data={"name": "pelayanan publik"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "sudah ada" in page
    assert f"/admin/tag/{source.id}/gabung?ke=pelayanan-publik" in page
    assert source.slug == "layanan"


def test_merging_tags_moves_every_case_study_without_duplicates(
    client, signed_in_admin, make_case_study, db
):
    only_source = make_case_study(tags=["Pelayanan"])
    both = make_case_study(tags=["Pelayanan", "pelayanan publik"])
    only_target = make_case_study(tags=["pelayanan publik"])
    untouched = make_case_study(tags=["antrean"])
    source = only_source.tags[0]
    target = only_target.tags[0]
    source_id = source.id
    before = db.session.scalar(sa.select(sa.func.max(SearchChange.id))) or 0

    response = client.post(
        f"/admin/tag/{source_id}/gabung", data={"target": str(target.id)}
    )
    assert response.status_code == 302

    assert db.session.get(Tag, source_id) is None
    links = db.session.execute(
        sa.select(case_study_tag.c.case_study_id, case_study_tag.c.tag_id)
    ).all()
    assert len(links) == len(set(links))
    tagged = {cs for cs, tag in links if tag == target.id}
    assert tagged == {only_source.id, both.id, only_target.id}
    for case_study in (only_source, both):
        db.session.refresh(case_study)
        assert [t.slug for t in case_study.tags] == ["pelayanan-publik"]

    (event,) = _events("tag_merge")
    assert event.target_id == target.id and event.actor_id == signed_in_admin.id
    assert event.details["source"] == "Pelayanan"
    assert event.details["case_studies"] == 2

    logged = set(
        db.session.scalars(
            sa.select(SearchChange.case_study_id).where(SearchChange.id > before)
        )
    )
    assert {only_source.id, both.id} <= logged
    assert untouched.id not in logged


def test_after_a_merge_search_finds_the_case_studies_under_the_target(
    client, signed_in_admin, make_case_study
):
    """The indexer applies the change log after the request: the index follows."""
    case_study = make_case_study(tags=["Pelayanan"], title="Loket tanpa antre")
    target = make_case_study(tags=["pelayanan publik"]).tags[0]
    client.post(
        f"/admin/tag/{case_study.tags[0].id}/gabung", data={"target": str(target.id)}
    )
    by_target = client.get("/api/v1/search?tag=pelayanan-publik").get_json()
    by_source = client.get("/api/v1/search?tag=pelayanan").get_json()
    assert "Loket tanpa antre" in str(by_target)
    assert "Loket tanpa antre" not in str(by_source)


def test_a_tag_cannot_be_merged_into_itself(client, signed_in_admin, make_case_study):
    tag = make_case_study(tags=["antrean"]).tags[0]
    response = client.post(f"/admin/tag/{tag.id}/gabung", data={"target": str(tag.id)})
    assert response.status_code == 400
    assert "Pilih tag dari daftar." in response.get_data(as_text=True)


def test_the_merge_service_refuses_the_same_tag(admin, make_case_study):
    tag = make_case_study(tags=["antrean"]).tags[0]
    with pytest.raises(AdminError):
        tagging.merge_tags(admin, tag, tag)


# --- the audit log -----------------------------------------------------------


@pytest.fixture
def logged(db, admin, make_user):  # noqa: ANN001,ANN201
    """Three events on three days, by two people."""
    moderator = make_user(Role.MODERATOR, name="Moderator Dua")
    events = [
        record(admin, "role_change", target_type="user", target_id=5, old="a"),
        record(moderator, "hide", target_type="case_study", target_id=9, reason="spam"),
        record(admin, "tag_merge", target_type="tag", target_id=3),
    ]
    db.session.commit()
    # Set the dates with SQL: the model refuses changes to an audit event.
    for days_ago, event in zip((10, 5, 0), events, strict=True):
        db.session.execute(
            sa.update(AuditEvent)
            .where(AuditEvent.id == event.id)
            .values(created_at=datetime.now(UTC) - timedelta(days=days_ago))
        )
    db.session.commit()
    return events


def test_the_audit_log_lists_newest_first(client, signed_in_admin, logged):
    page = client.get("/admin/audit").get_data(as_text=True)
    merged, hidden, changed = (
        page.index("<strong>Tag digabungkan</strong>"),
        page.index("<strong>Disembunyikan</strong>"),
        page.index("<strong>Peran diubah</strong>"),
    )
    assert merged < hidden < changed
    assert "spam" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=hide", {"Disembunyikan"}),
        ("actor=moderator+dua", {"Disembunyikan"}),
        ("target_type=user", {"Peran diubah"}),
        ("target_type=tag&action=tag_merge", {"Tag digabungkan"}),
    ],
)
def test_the_audit_log_is_filtered(client, signed_in_admin, logged, query, expected):
    page = client.get(f"/admin/audit?{query}").get_data(as_text=True)
    shown = {
        label
        for label in ("Disembunyikan", "Peran diubah", "Tag digabungkan")
        if f"<strong>{label}</strong>" in page
    }
    assert shown == expected


def test_the_audit_log_is_filtered_by_date_range(client, signed_in_admin, logged):
    today = datetime.now(UTC)
    since = (today - timedelta(days=7)).date().isoformat()
    until = (today - timedelta(days=2)).date().isoformat()
    page = client.get(f"/admin/audit?since={since}&until={until}").get_data(
        as_text=True
    )
    assert "<strong>Disembunyikan</strong>" in page
    assert "<strong>Peran diubah</strong>" not in page
    assert "<strong>Tag digabungkan</strong>" not in page


def test_a_bad_date_in_the_filter_is_a_400_with_a_message(client, signed_in_admin):
    response = client.get("/admin/audit?since=kemarin")
    assert response.status_code == 400
    assert "Tulis tanggal seperti" in response.get_data(as_text=True)


def test_the_audit_log_is_paginated(app, client, signed_in_admin, logged):
    app.config["PER_PAGE"] = 2
    first = client.get("/admin/audit").get_data(as_text=True)
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "3 catatan" in first
    assert "Tag digabungkan" in first and "Peran diubah" in second
    assert client.get("/admin/audit?page=3").status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_nothing_can_change_the_audit_log_over_http(
    client, signed_in_admin, logged, method
):
    response = client.open("/admin/audit", method=method)
    assert response.status_code == 405
    assert client.open(f"/admin/audit/{logged[0].id}", method=method).status_code in (
        404,
        405,
    )


def test_no_route_but_the_list_lives_under_the_audit_log(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin/audit")]
    assert [(r.rule, sorted(r.methods - {"HEAD", "OPTIONS"})) for r in rules] == [
        ("/admin/audit", ["GET"])
    ]


def test_every_admin_action_leaves_an_audit_event(
    admin, make_user, make_agency, make_program, make_case_study, db
):
    member = make_user()
    agency, program = make_agency(), make_program()
    source = make_case_study(tags=["satu"]).tags[0]
    target = make_case_study(tags=["dua"]).tags[0]
    accounts.change_role(admin, member, Role.LEADER)
    accounts.deactivate(admin, member, reason="r")
    accounts.reactivate(admin, member, reason="r")
    catalogue.create_agency(admin, "Instansi Baru")
    catalogue.update_agency(admin, agency, "Nama Lain")
    catalogue.set_archived(admin, agency, True)
    catalogue.create_program(admin, catalogue.ProgramData(name="Program Baru"))
    catalogue.update_program(admin, program, catalogue.ProgramData(name="Lain"))
    catalogue.set_archived(admin, program, True)
    tagging.rename_tag(admin, target, "dua baru")
    tagging.merge_tags(admin, source, target)
    db.session.commit()
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert actions == {
        "role_change",
        "deactivate",
        "reactivate",
        "agency_create",
        "agency_edit",
        "agency_archive",
        "program_create",
        "program_edit",
        "program_archive",
        "tag_rename",
        "tag_merge",
    }
    assert all(
        e.actor_id == admin.id for e in db.session.scalars(sa.select(AuditEvent))
    )
