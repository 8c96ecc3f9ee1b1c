"""Check-ins: the ASN answers a sent follow-up once; their atasan confirms it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.followups import services
from app.models import (
    ApplicationFrequency,
    CheckIn,
    Completion,
    FollowUp,
    FollowUpStage,
    Notification,
    NotificationKind,
)
from app.models.base import utcnow

ANSWER = {
    "applied": "ya",
    "frequency": "weekly",
    "obstacles": "Jaringan sering putus.",
    "change_description": "Antrean di loket lebih pendek.",
    "change_figure": "12,5",
    "change_unit": "menit waktu tunggu",
}


def stage(db, completion: Completion, which=FollowUpStage.EARLY) -> FollowUp:  # noqa: ANN001
    return db.session.scalar(
        sa.select(FollowUp).where(
            FollowUp.completion_id == completion.id, FollowUp.stage == which
        )
    )


@pytest.fixture
def sent_follow_up(db, make_user, make_program, make_completion, make_agency):  # noqa: ANN001,ANN201
    """``make(user=None, supervisor=None)``: a sent early follow-up of a completion."""

    def make(user=None, *, supervisor=None, completion_supervisor=None) -> FollowUp:  # noqa: ANN001
        user = user or make_user()
        user.supervisor = supervisor
        completion = make_completion(
            user,
            make_program("Pelatihan Pelayanan Prima"),
            completed_on=date(2026, 3, 14),
        )
        completion.supervisor = completion_supervisor
        follow_up = stage(db, completion)
        follow_up.claimed_at = follow_up.sent_at = utcnow()
        db.session.commit()
        return follow_up

    return make


def check_in_of(db, follow_up: FollowUp) -> CheckIn | None:  # noqa: ANN001
    return db.session.scalar(
        sa.select(CheckIn).where(CheckIn.follow_up_id == follow_up.id)
    )


def notices(db, kind: NotificationKind) -> list[Notification]:  # noqa: ANN001
    return list(
        db.session.scalars(sa.select(Notification).where(Notification.kind == kind))
    )


# --- who may answer -----------------------------------------------------------------


def test_the_owner_sees_the_short_form_once_the_follow_up_was_sent(
    client, auth, sent_follow_up
):
    follow_up = sent_follow_up()
    auth.login(follow_up.completion.user)
    page = client.get(f"/tindak-lanjut/{follow_up.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Pelatihan Pelayanan Prima" in html
    assert "Seberapa sering Anda menerapkannya?" in html
    assert 'name="change_figure"' in html


def test_nobody_else_and_not_before_sending_finds_the_check_in(
    db, client, auth, make_user, sent_follow_up, make_completion, make_program
):
    follow_up = sent_follow_up()
    owner = follow_up.completion.user
    assert client.get(f"/tindak-lanjut/{follow_up.id}").status_code == 302  # sign in
    for visitor in (make_user(), make_user(role="admin")):
        auth.login(visitor)
        assert client.get(f"/tindak-lanjut/{follow_up.id}").status_code == 404
        auth.logout()
    unsent = stage(db, follow_up.completion, FollowUpStage.LATER)
    auth.login(owner)
    assert client.get(f"/tindak-lanjut/{unsent.id}").status_code == 404
    assert client.get("/tindak-lanjut/999999").status_code == 404


# --- answering ----------------------------------------------------------------------


def test_an_answer_is_recorded_once_and_a_second_submit_shows_it(
    db, client, auth, sent_follow_up
):
    follow_up = sent_follow_up()
    auth.login(follow_up.completion.user)
    response = client.post(f"/tindak-lanjut/{follow_up.id}", data=ANSWER)
    assert response.status_code == 302
    check_in = check_in_of(db, follow_up)
    assert check_in.applied is True
    assert check_in.frequency is ApplicationFrequency.WEEKLY
    assert check_in.change_figure == Decimal("12.50")
    assert check_in.change_unit == "menit waktu tunggu"
    db.session.refresh(follow_up)
    assert follow_up.answered_at is not None
    again = client.post(
        f"/tindak-lanjut/{follow_up.id}", data={**ANSWER, "applied": "tidak"}
    )
    assert again.status_code == 200
    html = again.get_data(as_text=True)
    assert "Anda sudah menjawab tindak lanjut ini." in html
    assert "12,5 menit waktu tunggu" in html
    db.session.refresh(check_in)
    assert check_in.applied is True
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12,5", Decimal("12.50")), ("1.500", Decimal("1500")), ("35", Decimal("35"))],
)
def test_figures_are_read_the_indonesian_way(
    db, client, auth, sent_follow_up, typed, stored
):
    follow_up = sent_follow_up()
    auth.login(follow_up.completion.user)
    client.post(
        f"/tindak-lanjut/{follow_up.id}", data={**ANSWER, "change_figure": typed}
    )
    assert check_in_of(db, follow_up).change_figure == stored


def test_a_missing_answer_is_refused_in_indonesian_keeping_what_was_typed(
    db, client, auth, sent_follow_up
):
    follow_up = sent_follow_up()
    auth.login(follow_up.completion.user)
    data = {**ANSWER, "applied": ""}
    response = client.post(f"/tindak-lanjut/{follow_up.id}", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Pilih «Ya, sudah» atau «Belum»." in html
    assert "Jaringan sering putus." in html and 'value="12,5"' in html
    assert check_in_of(db, follow_up) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"applied": "tidak", "frequency": "weekly"}, "Jika belum menerapkan"),
        ({"change_unit": ""}, "Tulis satuan angkanya"),
        ({"change_figure": "dua belas"}, "Tulis angka seperti 45, 12,5 atau 1.500."),
        ({"frequency": "hourly"}, "Pilihan ini tidak tersedia."),
        ({"obstacles": "x" * 2001}, "Paling banyak 2000 karakter."),
    ],
)
def test_answers_that_cannot_be_right_are_refused(
    db, client, auth, sent_follow_up, change, message
):
    follow_up = sent_follow_up()
    auth.login(follow_up.completion.user)
    response = client.post(f"/tindak-lanjut/{follow_up.id}", data={**ANSWER, **change})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert check_in_of(db, follow_up) is None


def test_the_service_refuses_a_second_answer(db, sent_follow_up):
    follow_up = sent_follow_up()
    data = services.CheckInData(applied=False, frequency=ApplicationFrequency.NEVER)
    services.submit_check_in(follow_up, follow_up.completion.user, data)
    db.session.commit()
    with pytest.raises(services.AlreadyAnswered):
        services.submit_check_in(follow_up, follow_up.completion.user, data)


def test_after_answering_the_page_invites_a_case_study_for_that_programme(
    client, auth, sent_follow_up
):
    follow_up = sent_follow_up()
    auth.login(follow_up.completion.user)
    page = client.post(
        f"/tindak-lanjut/{follow_up.id}", data=ANSWER, follow_redirects=True
    )
    html = page.get_data(as_text=True)
    assert "Terima kasih, jawaban Anda sudah tercatat." in html
    program_id = follow_up.completion.program_id
    assert f'href="/praktik/baru?program_id={program_id}"' in html


# --- the atasan ---------------------------------------------------------------------


def test_applying_asks_the_supervisor_named_on_the_completion_first(
    db, make_user, make_agency, sent_follow_up
):
    agency = make_agency()
    asn = make_user(agency=agency)
    profile_boss, completion_boss = make_user(agency=agency), make_user(agency=agency)
    follow_up = sent_follow_up(
        asn, supervisor=profile_boss, completion_supervisor=completion_boss
    )
    data = services.CheckInData(applied=True, frequency=ApplicationFrequency.DAILY)
    check_in = services.submit_check_in(follow_up, asn, data)
    db.session.commit()
    assert check_in.supervisor_id == completion_boss.id
    [request] = notices(db, NotificationKind.CONFIRM_REQUEST)
    assert (request.user_id, request.actor_id) == (completion_boss.id, asn.id)
    assert request.follow_up_id == follow_up.id


def test_an_atasan_outside_the_agency_or_inactive_is_passed_over(
    db, make_user, make_agency, sent_follow_up
):
    agency = make_agency()
    asn = make_user(agency=agency)
    outsider = make_user()  # another agency
    inactive = make_user(agency=agency, active=False)
    follow_up = sent_follow_up(asn, supervisor=inactive, completion_supervisor=outsider)
    data = services.CheckInData(applied=True, frequency=ApplicationFrequency.DAILY)
    assert services.submit_check_in(follow_up, asn, data).supervisor is None
    assert notices(db, NotificationKind.CONFIRM_REQUEST) == []


def test_the_profile_supervisor_is_asked_when_the_completion_names_none(
    db, make_user, make_agency, sent_follow_up
):
    agency = make_agency()
    asn, boss = make_user(agency=agency), make_user(agency=agency)
    follow_up = sent_follow_up(asn, supervisor=boss)
    data = services.CheckInData(applied=True, frequency=ApplicationFrequency.WEEKLY)
    assert services.submit_check_in(follow_up, asn, data).supervisor_id == boss.id


def test_not_applying_asks_no_one(db, make_user, make_agency, sent_follow_up):
    agency = make_agency()
    asn, boss = make_user(agency=agency), make_user(agency=agency)
    follow_up = sent_follow_up(asn, supervisor=boss)
    data = services.CheckInData(applied=False, frequency=ApplicationFrequency.RARELY)
    assert services.submit_check_in(follow_up, asn, data).supervisor is None
    assert notices(db, NotificationKind.CONFIRM_REQUEST) == []


@pytest.fixture
def awaiting_confirmation(db, client, auth, make_user, make_agency, sent_follow_up):  # noqa: ANN001,ANN201
    agency = make_agency()
    asn, boss = make_user(agency=agency), make_user(agency=agency)
    follow_up = sent_follow_up(asn, supervisor=boss)
    auth.login(asn)
    client.post(f"/tindak-lanjut/{follow_up.id}", data=ANSWER)
    auth.logout()
    return follow_up, asn, boss


def test_the_supervisor_confirms_once_with_a_note(
    db, client, auth, awaiting_confirmation
):
    follow_up, asn, boss = awaiting_confirmation
    auth.login(boss)
    page = client.get(f"/tindak-lanjut/{follow_up.id}/atasan")
    assert page.status_code == 200
    assert "Antrean di loket lebih pendek." in page.get_data(as_text=True)
    url = f"/tindak-lanjut/{follow_up.id}/atasan"
    response = client.post(url, data={"confirmed": "ya", "note": "Benar, terlihat."})
    assert response.status_code == 302
    check_in = check_in_of(db, follow_up)
    assert check_in.supervisor_confirmed is True
    assert check_in.supervisor_note == "Benar, terlihat."
    assert check_in.supervisor_answered_at is not None
    again = client.post(url, data={"confirmed": "tidak", "note": "Berubah pikiran."})
    assert "Anda mengonfirmasi perubahan ini." in again.get_data(as_text=True)
    db.session.refresh(check_in)
    assert check_in.supervisor_confirmed is True
    auth.logout()
    auth.login(asn)  # the ASN sees the confirmation on their answer
    mine = client.get(f"/tindak-lanjut/{follow_up.id}").get_data(as_text=True)
    assert "mengonfirmasi perubahan ini" in mine and "Benar, terlihat." in mine


def test_the_supervisor_may_dispute_the_report(db, client, auth, awaiting_confirmation):
    follow_up, _asn, boss = awaiting_confirmation
    auth.login(boss)
    client.post(
        f"/tindak-lanjut/{follow_up.id}/atasan",
        data={"confirmed": "tidak", "note": "Belum terlihat di loket."},
    )
    check_in = check_in_of(db, follow_up)
    assert check_in.supervisor_confirmed is False
    assert check_in.supervisor_note == "Belum terlihat di loket."


def test_the_confirmation_needs_an_answer_and_keeps_the_note(
    db, client, auth, awaiting_confirmation
):
    follow_up, _asn, boss = awaiting_confirmation
    auth.login(boss)
    response = client.post(
        f"/tindak-lanjut/{follow_up.id}/atasan", data={"note": "Catatan saya."}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Pilih salah satu jawaban." in html and "Catatan saya." in html


def test_only_that_supervisor_reaches_the_confirmation(
    client, auth, make_user, awaiting_confirmation
):
    follow_up, asn, _boss = awaiting_confirmation
    for visitor in (asn, make_user(agency=asn.agency), make_user(role="admin")):
        auth.login(visitor)
        url = f"/tindak-lanjut/{follow_up.id}/atasan"
        assert client.get(url).status_code == 404
        assert client.post(url, data={"confirmed": "ya"}).status_code == 404
        auth.logout()


# --- notifications and the list -----------------------------------------------------


def test_notifications_name_the_programme_and_open_the_right_page(
    db, client, auth, awaiting_confirmation, make_user
):
    follow_up, asn, boss = awaiting_confirmation
    organiser = make_user(role="penyelenggara", name="Dewi Harahap")
    db.session.add_all(
        [
            Notification(
                user_id=asn.id,
                kind=NotificationKind.FOLLOW_UP,
                follow_up_id=follow_up.id,
            ),
            Notification(
                user_id=asn.id,
                kind=NotificationKind.COMPLETION_REJECTED,
                actor_id=organiser.id,
                message="Tidak ada di daftar hadir angkatan.",
            ),
            Notification(
                user_id=asn.id,
                kind=NotificationKind.COMPLETION_VERIFIED,
                actor_id=organiser.id,
            ),
        ]
    )
    db.session.commit()
    auth.login(asn)
    html = client.get("/notifikasi").get_data(as_text=True)
    assert "bagaimana penerapan «Pelatihan Pelayanan Prima»" in html
    assert "Dewi Harahap menolak program yang Anda catat." in html
    assert "Tidak ada di daftar hadir angkatan." in html
    assert "Dewi Harahap memverifikasi program yang Anda catat." in html
    follow_notice = notices(db, NotificationKind.FOLLOW_UP)[0]
    opened = client.get(f"/notifikasi/{follow_notice.id}")
    assert opened.headers["Location"].endswith(f"/tindak-lanjut/{follow_up.id}")
    auth.logout()
    auth.login(boss)
    html = client.get("/notifikasi").get_data(as_text=True)
    assert f"{asn.name} meminta Anda sebagai atasan mengonfirmasi penerapan" in html
    [request] = notices(db, NotificationKind.CONFIRM_REQUEST)
    opened = client.get(f"/notifikasi/{request.id}")
    assert opened.headers["Location"].endswith(f"/tindak-lanjut/{follow_up.id}/atasan")


def test_my_follow_ups_shows_what_is_scheduled_sent_and_answered(
    db, client, auth, sent_follow_up
):
    follow_up = sent_follow_up()
    owner = follow_up.completion.user
    auth.login(owner)
    html = client.get("/tindak-lanjut").get_data(as_text=True)
    assert html.count("terjadwal") == 2
    assert "Isi tindak lanjut" in html
    client.post(f"/tindak-lanjut/{follow_up.id}", data=ANSWER)
    html = client.get("/tindak-lanjut").get_data(as_text=True)
    assert "dijawab" in html and "Lihat jawaban" in html
