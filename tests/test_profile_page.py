"""The public profile ``/profil/<id>``: who someone is, their programmes with
JP, their case studies and the appreciation they received and gave, their
comments; never their NIP or email for anyone else; a bounded number of
queries whatever the amounts."""

from __future__ import annotations

from datetime import date

import pytest

from app.community import appreciation
from app.models import Completion, Status
from app.models.base import utcnow


def profile(client, user) -> str:  # noqa: ANN001
    response = client.get(f"/profil/{user.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def busy_member(
    db, make_user, make_agency, make_program, make_run, make_case_study, make_comment
):  # noqa: ANN001,ANN201
    """A member with a verified programme (a run of 12 JP), a published case
    study marked helpful by two and applied by colleagues of two agencies, a
    colleague's practice they applied, and comments of several kinds."""
    agency = make_agency("Dinas Kesehatan")
    member = make_user(name="Rina Siregar", agency=agency)
    program = make_program("Pelatihan Manajemen Waktu", hours=20)
    run = make_run(program, hours=12)
    db.session.add(
        Completion(
            user=member,
            program=program,
            run=run,
            completed_on=date(2026, 1, 9),
            verified_at=utcnow(),
        )
    )
    db.session.commit()
    cs = make_case_study(author=member, program=program, title="Antrean lebih pendek")
    draft = make_case_study(author=member, program=program, title="Draf rahasia")
    draft.status = Status.DRAFT
    db.session.commit()
    kecamatan, disdukcapil = (
        make_agency("Kecamatan Medan Baru"),
        make_agency("Disdukcapil"),
    )
    for colleague_agency in (kecamatan, kecamatan, disdukcapil):
        appreciation.record_replication(make_user(agency=colleague_agency), cs, "")
    for _ in range(2):
        appreciation.set_helpful(make_user(), cs, True)
    theirs = make_case_study(title="Praktik rekan yang ditiru")
    appreciation.record_replication(member, theirs, "Kami pakai di puskesmas.")
    db.session.commit()

    shown = make_comment(theirs, author=member, body="Komentar yang terlihat.")
    hidden = make_comment(theirs, author=member, body="Komentar yang disembunyikan.")
    hidden.hidden_at = utcnow()
    deleted = make_comment(theirs, author=member, body="Komentar yang dihapus.")
    deleted.deleted_at = utcnow()
    withdrawn = make_case_study(title="Praktik yang ditarik")
    make_comment(withdrawn, author=member, body="Komentar di praktik ditarik.")
    withdrawn.status = Status.WITHDRAWN
    db.session.commit()
    return {"member": member, "case_study": cs, "theirs": theirs, "shown": shown}


def test_profile_shows_programmes_case_studies_and_appreciation(client, busy_member):
    html = profile(client, busy_member["member"])
    assert "Rina Siregar" in html
    assert "Dinas Kesehatan" in html
    assert "Analis Kebijakan" in html
    assert "Pelatihan Manajemen Waktu" in html
    assert "terverifikasi" in html
    assert "12 JP" in html  # the run's JP, not the programme's 20
    assert "Antrean lebih pendek" in html
    assert "<strong>2</strong>\n      tanda bermanfaat diterima" in html
    assert "<strong>3</strong>\n      rekan menerapkan praktiknya" in html
    # Where their practice was applied, most colleagues first.
    replicated = html.split('id="praktik-diterapkan"')[1].split("</section>")[0]
    assert "Antrean lebih pendek" in replicated
    assert replicated.index("Kecamatan Medan Baru") < replicated.index("Disdukcapil")
    assert "(2)" in replicated
    # What they applied themselves, with their note.
    applied = html.split('id="ikut-menerapkan"')[1].split("</section>")[0]
    assert "Praktik rekan yang ditiru" in applied
    assert "Kami pakai di puskesmas." in applied


def test_others_see_only_visible_comments_counted_and_linked(client, busy_member):
    html = profile(client, busy_member["member"])
    theirs, shown = busy_member["theirs"], busy_member["shown"]
    assert "<strong>1</strong>\n      komentar ditulis" in html
    assert f'href="/praktik/{theirs.id}/{theirs.slug}#komentar-{shown.id}"' in html
    assert "Komentar yang terlihat." in html
    assert "disembunyikan." not in html
    assert "dihapus." not in html
    assert "Komentar di praktik ditarik." not in html
    assert "Praktik yang ditarik" not in html


def test_the_owner_sees_their_hidden_comment_and_own_withdrawn_work_stays_theirs(
    client, auth, busy_member
):
    auth.login(busy_member["member"])
    html = profile(client, busy_member["member"])
    assert "Komentar yang disembunyikan." in html
    assert "<strong>2</strong>\n      komentar ditulis" in html
    assert "dihapus." not in html
    assert "Komentar di praktik ditarik." not in html  # someone else's, withdrawn


def test_a_moderator_sees_every_comment_that_was_not_deleted(
    client, auth, make_user, busy_member
):
    auth.login(make_user("moderator"))
    html = profile(client, busy_member["member"])
    assert "<strong>3</strong>\n      komentar ditulis" in html
    assert "Komentar di praktik ditarik." in html
    assert "dihapus." not in html


def test_only_the_latest_five_comments_are_listed(
    client, make_user, make_case_study, make_comment
):
    member, cs = make_user(), make_case_study()
    for n in range(7):
        make_comment(cs, author=member, body=f"Komentar nomor {n}.")
    html = profile(client, member)
    assert "7 komentar" in html
    assert html.count("Komentar nomor") == 5
    assert "Komentar nomor 6." in html and "Komentar nomor 1." not in html


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_nip_and_email_are_never_shown_to_others(
    client, auth, make_user, busy_member, viewer
):
    member = busy_member["member"]
    if viewer == "member":
        auth.login(make_user())
    html = profile(client, member)
    assert member.nip not in html
    assert member.email not in html
    assert "NIP" not in html


def test_the_owner_keeps_drafts_the_completion_form_and_jp_progress(
    client, auth, busy_member
):
    auth.login(busy_member["member"])
    html = profile(client, busy_member["member"])
    assert "Draf rahasia" in html
    assert 'action="/profil/program"' in html
    assert "jp-progress" in html
    assert busy_member["member"].nip in html  # their own, with the note saying so
    assert "Praktik Anda yang diterapkan rekan" in html


def test_others_do_not_see_drafts_or_the_completion_form(client, busy_member):
    html = profile(client, busy_member["member"])
    assert "Draf rahasia" not in html
    assert 'action="/profil/program"' not in html
    assert "jp-progress" not in html


def test_a_profile_with_nothing_yet_says_so(client, make_user):
    html = profile(client, make_user())
    assert "<strong>0</strong>\n      tanda bermanfaat diterima" in html
    assert "Belum ada rekan yang mencatat menerapkan praktiknya." in html
    assert "Belum ada praktik rekan yang dicatat." in html
    assert "Belum ada komentar." in html


def _fill(make_user, make_agency, make_case_study, make_comment, member, n: int):  # noqa: ANN001,ANN202
    """``n`` of everything the profile lists, around ``member``."""
    for i in range(n):
        cs = make_case_study(author=member, tags=[f"tag {i}", "umum"])
        appreciation.record_replication(make_user(agency=make_agency()), cs, "")
        appreciation.set_helpful(make_user(), cs, True)
        other = make_case_study()
        appreciation.record_replication(member, other, f"Catatan {i}")
        make_comment(other, author=member, body=f"Komentar {i}")


@pytest.mark.parametrize("viewer", ["anonymous", "other", "owner"])
def test_profile_queries_do_not_grow_with_what_it_lists(
    client,
    auth,
    db,
    count_queries,
    make_user,
    make_agency,
    make_case_study,
    make_comment,
    make_program,
    make_completion,
    viewer,
):
    small, large = make_user(), make_user()
    for member, n in ((small, 1), (large, 9)):
        for _ in range(n):
            make_completion(member, make_program(), verified=True)
        _fill(make_user, make_agency, make_case_study, make_comment, member, n)
    db.session.commit()
    found = []
    for member in (small, large):
        if viewer == "other":
            auth.login(make_user())
        elif viewer == "owner":
            auth.login(member)
        with count_queries() as counter:
            profile(client, member)
        found.append(counter.count)
        auth.logout()
    assert found[0] == found[1]
    assert found[0] <= 25  # a sanity ceiling, not a target
