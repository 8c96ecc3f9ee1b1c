"""Runs (angkatan): organisers and admins create and change them, see who took part."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.models import AuditEvent, ProgramRun, Role
from app.models.base import utcnow
from app.programmes import services
from app.programmes.services import ProgrammeError, RunData
from tests.test_auth import Inputs


def run_form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Angkatan I 2026",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-06",
        "location": "Aula BKPSDM Kota Medan",
        "hours": "32",
        "capacity": "40",
        "organiser": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organiser(make_user):  # noqa: ANN001,ANN201
    return make_user(Role.ORGANISER, name="Penyelenggara BKPSDM")


def test_an_organiser_creates_a_run_and_lands_on_its_page(
    client, auth, db, organiser, make_program
):
    program = make_program("Pelatihan Manajemen Krisis", hours=24)
    auth.login(organiser)
    response = client.post(
        f"/kelola/program/{program.slug}/angkatan/baru",
        data=run_form(organiser=str(organiser.id)),
    )
    run = db.session.scalar(sa.select(ProgramRun))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/kelola/program/{program.slug}/angkatan/{run.id}"
    )
    assert (run.name, run.starts_on, run.ends_on) == (
        "Angkatan I 2026",
        date(2026, 3, 2),
        date(2026, 3, 6),
    )
    assert (run.location, run.hours, run.capacity) == ("Aula BKPSDM Kota Medan", 32, 40)
    assert run.organiser == organiser
    assert run.effective_hours == 32
    event = db.session.scalar(sa.select(AuditEvent))
    assert (event.action, event.target_id) == ("run_create", run.id)


def test_the_new_run_form_names_the_organiser_by_default(
    client, auth, organiser, make_program
):
    program = make_program()
    auth.login(organiser)
    page = client.get(f"/kelola/program/{program.slug}/angkatan/baru").text
    assert Inputs(page).selected["organiser"] == str(organiser.id)


def test_a_run_without_its_own_hours_uses_the_programmes(app, organiser, make_program):
    program = make_program(hours=24)
    data = RunData("Angkatan II", date(2026, 4, 1), date(2026, 4, 3))
    run = services.create_run(organiser, program, data)
    assert run.hours is None and run.effective_hours == 24


def test_a_run_that_ends_before_it_starts_is_refused_and_the_form_kept(
    client, auth, db, organiser, make_program
):
    program = make_program()
    auth.login(organiser)
    response = client.post(
        f"/kelola/program/{program.slug}/angkatan/baru",
        data=run_form(starts_on="2026-03-06", ends_on="2026-03-02"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in page
    assert Inputs(page).values["location"] == "Aula BKPSDM Kota Medan"
    assert db.session.scalar(sa.select(sa.func.count(ProgramRun.id))) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("starts_on", "2-3-2026", "Tulis tanggal seperti 2026-11-27."),
        ("hours", "0", "JP harus antara 1 dan 1000."),
        ("hours", "dua", "Tulis angka bulat, misalnya 20."),
        ("capacity", "-5", "Tulis angka bulat, misalnya 20."),
        ("name", "", "Isi nama angkatan."),
        ("organiser", "999999", "Pilih penyelenggara dari daftar."),
    ],
)
def test_bad_run_fields_get_an_indonesian_message(
    client, auth, organiser, make_program, field, value, message
):
    program = make_program()
    auth.login(organiser)
    response = client.post(
        f"/kelola/program/{program.slug}/angkatan/baru", data=run_form(**{field: value})
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_run_names_are_unique_within_a_programme_ignoring_case(
    app, organiser, make_program
):
    program, other = make_program(), make_program()
    data = RunData("Angkatan I", date(2026, 4, 1), date(2026, 4, 3))
    services.create_run(organiser, program, data)
    services.create_run(organiser, other, data)  # another programme: fine
    with pytest.raises(ProgrammeError, match="sudah punya angkatan"):
        services.create_run(
            organiser,
            program,
            RunData("angkatan  i", date(2026, 5, 1), date(2026, 5, 2)),
        )


def test_a_member_cannot_be_named_organiser(app, organiser, make_program, make_user):
    data = RunData(
        "Angkatan I", date(2026, 4, 1), date(2026, 4, 3), organiser_id=make_user().id
    )
    with pytest.raises(ProgrammeError) as refused:
        services.create_run(organiser, make_program(), data)
    assert refused.value.field == "organiser"


def test_an_archived_programme_gets_no_new_runs(app, db, organiser, make_program):
    program = make_program()
    program.archived_at = utcnow()
    db.session.commit()
    with pytest.raises(ProgrammeError, match="diarsipkan"):
        services.create_run(
            organiser,
            program,
            RunData("Angkatan I", date(2026, 4, 1), date(2026, 4, 3)),
        )


def test_editing_a_run_changes_it_and_logs_what_changed(
    client, auth, db, organiser, make_run
):
    run = make_run(name="Angkatan I", hours=20)
    auth.login(organiser)
    url = f"/kelola/program/{run.program.slug}/angkatan/{run.id}/ubah"
    form = Inputs(client.get(url).get_data(as_text=True))
    assert form.values["name"] == "Angkatan I"
    assert form.values["starts_on"] == "2026-01-05"
    response = client.post(
        url,
        data=run_form(
            name="Angkatan I", starts_on="2026-01-05", ends_on="2026-01-10", hours="24"
        ),
    )
    assert response.status_code == 302
    db.session.refresh(run)
    assert run.ends_on == date(2026, 1, 10) and run.hours == 24
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.action == "run_update"
    assert event.details["changes"]["hours"] == [20, 24]


def test_a_run_is_only_found_under_its_own_programme(
    client, auth, organiser, make_run, make_program
):
    run = make_run()
    auth.login(organiser)
    other = make_program()
    assert (
        client.get(f"/kelola/program/{other.slug}/angkatan/{run.id}").status_code == 404
    )
    assert client.get("/kelola/program/tidak-ada/angkatan/baru").status_code == 404


def test_the_programme_list_shows_runs_with_their_participant_counts(
    client, auth, db, organiser, make_run, make_program, make_user, make_completion
):
    program = make_program("Pelatihan Manajemen Krisis")
    run = make_run(program, name="Angkatan I 2026", capacity=30)
    for _ in range(2):
        completion = make_completion(
            make_user(), program, completed_on=date(2026, 1, 9)
        )
        completion.run_id = run.id
    rejected = make_completion(make_user(), program, completed_on=date(2026, 1, 9))
    rejected.run_id = run.id
    rejected.rejected_at = utcnow()
    db.session.commit()
    make_program("Seminar Tanpa Angkatan")
    auth.login(organiser)
    page = client.get("/kelola/program").get_data(as_text=True)
    assert "Pelatihan Manajemen Krisis" in page
    assert "Angkatan I 2026" in page
    assert "2 peserta / 30" in page
    assert "Seminar Tanpa Angkatan" in page
    assert "Belum ada angkatan." in page


def test_the_run_page_shows_state_of_each_participant(
    client, auth, db, organiser, make_run, make_user, make_completion, make_agency
):
    run = make_run(hours=16)
    agency = make_agency("Disdukcapil")
    people = {
        state: make_user(name=f"Peserta {state}", agency=agency)
        for state in ("terverifikasi", "ditolak", "belum diverifikasi")
    }
    for state, person in people.items():
        completion = make_completion(
            person,
            run.program,
            completed_on=date(2026, 1, 9),
            verified=state != "ditolak",
        )
        completion.run_id = run.id
        if state == "ditolak":
            completion.rejected_at = utcnow()
        if state == "belum diverifikasi":
            completion.verified_at = None
    db.session.commit()
    auth.login(organiser)
    page = client.get(f"/kelola/program/{run.program.slug}/angkatan/{run.id}").text
    assert "Disdukcapil" in page
    assert "9 Januari 2026" in page
    for state in people:
        assert f"Peserta {state}" in page
        assert f">{state}<" in page


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR, Role.LEADER])
def test_only_organisers_and_admins_may_manage_runs(
    client, auth, make_user, make_run, role
):
    run = make_run()
    auth.login(make_user(role))
    assert client.get("/kelola/program").status_code == 403
    url = f"/kelola/program/{run.program.slug}/angkatan/{run.id}/ubah"
    assert client.post(url, data=run_form()).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/kelola/program")
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.ORGANISER, True), (Role.ADMIN, True), (Role.MEMBER, False)],
)
def test_the_navigation_links_to_the_organisers_area(
    client, auth, make_user, role, shown
):
    auth.login(make_user(role))
    page = client.get("/").get_data(as_text=True)
    assert ('href="/kelola/program"' in page) is shown
