"""Organisers verify or reject what members declared; a rejection counts nowhere."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.models import (
    AuditEvent,
    Completion,
    CompletionSource,
    Notification,
    NotificationKind,
    Role,
)
from app.models.base import utcnow
from app.practices.services import completed_programs, has_completed
from app.programmes import verification
from app.programmes.services import ProgrammeError

REASON = "Nama Anda tidak ada dalam daftar peserta angkatan I."


@pytest.fixture
def review(make_user, make_program, make_completion, make_agency):  # noqa: ANN001,ANN201
    class Review:
        organiser = make_user(Role.ORGANISER, name="Penyelenggara BKPSDM")
        member = make_user(name="Rina Marpaung", agency=make_agency("Dinas Kesehatan"))
        program = make_program("Pelatihan Manajemen Krisis")
        completion = make_completion(member, program, completed_on=date(2026, 3, 14))

    return Review


def notifications(db, user):  # noqa: ANN001,ANN201
    return db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id)
    ).all()


# --- the list of what waits -------------------------------------------------------


def test_the_list_shows_unverified_declarations_only(
    client, auth, db, review, make_user, make_completion, make_program
):
    verified = make_completion(
        make_user(name="Sudah Diverifikasi"), review.program, verified=True
    )
    rejected = make_completion(make_user(name="Sudah Ditolak"), review.program)
    rejected.rejected_at = utcnow()
    imported = make_completion(make_user(name="Dari Impor"), review.program)
    imported.source = CompletionSource.IMPORTED
    db.session.commit()
    auth.login(review.organiser)
    page = client.get("/kelola/verifikasi").get_data(as_text=True)
    assert "Rina Marpaung" in page
    assert "Dinas Kesehatan" in page
    assert "14 Maret 2026" in page
    assert review.completion.certificate_number in page
    for name in ("Sudah Diverifikasi", "Sudah Ditolak", "Dari Impor"):
        assert name not in page
    assert verified.id and rejected.id


def test_the_list_can_be_narrowed_to_one_programme(
    client, auth, review, make_user, make_completion, make_program
):
    other = make_program("Pelatihan Manajemen Waktu")
    make_completion(make_user(name="Peserta Lain"), other)
    auth.login(review.organiser)
    page = client.get(f"/kelola/verifikasi?program={other.slug}").text
    assert "Peserta Lain" in page and "Rina Marpaung" not in page
    everything = client.get("/kelola/verifikasi").text
    assert "Peserta Lain" in everything and "Rina Marpaung" in everything
    assert client.get("/kelola/verifikasi?program=tidak-ada").status_code == 404


def test_members_cannot_see_the_list(client, auth, review):
    auth.login(review.member)
    assert client.get("/kelola/verifikasi").status_code == 403


# --- verifying --------------------------------------------------------------------


def test_verifying_marks_it_notifies_the_member_and_is_logged(client, auth, db, review):
    auth.login(review.organiser)
    response = client.post(
        f"/kelola/verifikasi/{review.completion.id}/verifikasi",
        data={"next": "/kelola/verifikasi?program=" + review.program.slug},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/kelola/verifikasi?program=" + review.program.slug
    )
    db.session.refresh(review.completion)
    assert review.completion.verified
    assert review.completion.verified_by_id == review.organiser.id
    [notice] = notifications(db, review.member)
    assert notice.kind is NotificationKind.COMPLETION_VERIFIED
    assert notice.actor_id == review.organiser.id
    event = db.session.scalar(sa.select(AuditEvent))
    assert (event.action, event.target_type, event.target_id) == (
        "completion_verify",
        "completion",
        review.completion.id,
    )


def test_verifying_may_place_it_in_a_run_of_its_programme(
    app, db, review, make_run, make_program
):
    run = make_run(review.program)
    verification.verify_completion(review.completion, review.organiser, run_id=run.id)
    assert review.completion.run_id == run.id


def test_a_run_of_another_programme_is_refused(app, review, make_run):
    with pytest.raises(ProgrammeError, match="program yang sama"):
        verification.verify_completion(
            review.completion, review.organiser, run_id=make_run().id
        )
    assert not review.completion.verified


def test_verifying_twice_is_refused_with_a_message(client, auth, db, review):
    auth.login(review.organiser)
    url = f"/kelola/verifikasi/{review.completion.id}/verifikasi"
    client.post(url)
    response = client.post(url, follow_redirects=True)
    assert "Program ini sudah terverifikasi." in response.get_data(as_text=True)
    assert len(notifications(db, review.member)) == 1


def test_nobody_verifies_their_own_completion(
    client, auth, db, make_user, make_program, make_completion
):
    organiser = make_user(Role.ORGANISER)
    own = make_completion(organiser, make_program())
    auth.login(organiser)
    assert client.post(f"/kelola/verifikasi/{own.id}/verifikasi").status_code == 403
    assert (
        client.post(
            f"/kelola/verifikasi/{own.id}/tolak", data={"reason": "x"}
        ).status_code
        == 403
    )
    db.session.refresh(own)
    assert not own.verified and not own.rejected


# --- rejecting --------------------------------------------------------------------


def test_rejecting_needs_a_reason_and_keeps_the_form(client, auth, db, review):
    auth.login(review.organiser)
    url = f"/kelola/verifikasi/{review.completion.id}/tolak"
    assert "Pelatihan Manajemen Krisis" in client.get(url).text
    response = client.post(url, data={"reason": "   "})
    assert response.status_code == 400
    assert "Tulis alasan penolakan." in response.get_data(as_text=True)
    db.session.refresh(review.completion)
    assert not review.completion.rejected
    assert notifications(db, review.member) == []


def test_rejecting_records_the_reason_notifies_and_is_logged(client, auth, db, review):
    auth.login(review.organiser)
    response = client.post(
        f"/kelola/verifikasi/{review.completion.id}/tolak", data={"reason": REASON}
    )
    assert response.status_code == 302
    db.session.refresh(review.completion)
    assert review.completion.rejected and not review.completion.verified
    assert review.completion.rejection_reason == REASON
    assert review.completion.rejected_by_id == review.organiser.id
    [notice] = notifications(db, review.member)
    assert notice.kind is NotificationKind.COMPLETION_REJECTED
    assert notice.message == REASON
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.action == "completion_reject" and event.reason == REASON


def test_a_verified_declaration_can_still_be_rejected(app, review):
    verification.verify_completion(review.completion, review.organiser)
    verification.reject_completion(review.completion, review.organiser, REASON)
    assert review.completion.rejected and not review.completion.verified


def test_an_imported_completion_cannot_be_rejected(app, db, review):
    review.completion.source = CompletionSource.IMPORTED
    db.session.commit()
    with pytest.raises(ProgrammeError, match="diimpor"):
        verification.reject_completion(review.completion, review.organiser, REASON)


def test_the_member_reads_the_reason_on_their_profile_and_others_see_nothing(
    client, auth, review, make_user
):
    verification.reject_completion(review.completion, review.organiser, REASON)
    auth.login(review.member)
    own = client.get(f"/profil/{review.member.id}").get_data(as_text=True)
    assert ">ditolak<" in own and REASON in own
    auth.logout()
    auth.login(make_user())
    other = client.get(f"/profil/{review.member.id}").get_data(as_text=True)
    assert REASON not in other and "Pelatihan Manajemen Krisis" not in other


def test_the_rejection_notice_reads_well_and_leads_to_the_profile(
    client, auth, db, review
):
    verification.reject_completion(review.completion, review.organiser, REASON)
    db.session.commit()
    auth.login(review.member)
    page = client.get("/notifikasi").get_data(as_text=True)
    assert "Penyelenggara BKPSDM menolak program yang Anda catat" in page
    assert REASON in page
    notice = notifications(db, review.member)[0]
    response = client.get(f"/notifikasi/{notice.id}")
    assert response.headers["Location"].endswith(
        f"/profil/{review.member.id}#program-selesai"
    )


def test_a_rejected_completion_does_not_qualify_for_writing(client, auth, db, review):
    assert has_completed(review.member, review.program.id)
    verification.reject_completion(review.completion, review.organiser, REASON)
    db.session.commit()
    assert not has_completed(review.member, review.program.id)
    assert completed_programs(review.member) == []
    auth.login(review.member)
    page = client.get("/praktik/baru").get_data(as_text=True)
    assert "Pelatihan Manajemen Krisis" not in page


def test_a_completion_on_record_counts_in_the_run_but_a_rejected_one_not(
    app, db, review, make_run
):
    from app.programmes.services import participant_counts

    run = make_run(review.program)
    review.completion.run_id = run.id
    db.session.commit()
    assert participant_counts([run.id]) == {run.id: 1}
    verification.reject_completion(review.completion, review.organiser, REASON)
    assert participant_counts([run.id]) == {run.id: 0}


def test_the_queue_runs_a_bounded_number_of_queries(
    client, auth, review, make_user, make_completion, count_queries
):
    for _ in range(15):
        make_completion(make_user(), review.program)
    auth.login(review.organiser)
    with count_queries() as few:
        client.get("/kelola/verifikasi")
    for _ in range(15):
        make_completion(make_user(), review.program, completed_on=date(2026, 2, 1))
    with count_queries() as many:
        client.get("/kelola/verifikasi")
    assert many.count == few.count
    assert Completion  # the model the list is about
