"""Umpan balik (level 1): once per completion, private answers, a threshold."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.evaluation import feedback
from app.evaluation.feedback import FeedbackData, FeedbackError, submit_feedback
from app.models import Feedback, Role
from tests.evaluation_data import (
    agency_named,
    attend,
    person,
    program_named,
    rate,
    sign_in,
)

ANSWER = {
    "relevance": "5",
    "quality": "4",
    "facilitator": "3",
    "recommend": "5",
    "comment": "Simulasi lapangan sangat membantu.",
}


@pytest.fixture
def setting(app, db):  # noqa: ANN001, ANN201
    agency = agency_named("Dinas Umpan Balik", headcount=10)
    program = program_named("Pelatihan Umpan Balik")
    member = person(agency, name="Peserta Satu")
    completion = attend(member, program)
    db.session.commit()
    return agency, program, member, completion


def answers(db) -> list[Feedback]:  # noqa: ANN001
    return list(db.session.scalars(sa.select(Feedback)))


def test_owner_answers_once_and_sees_their_answer(client, db, setting):
    _agency, _program, member, completion = setting
    sign_in(client, member)

    first = client.post(f"/umpan-balik/{completion.id}", data=ANSWER)
    again = client.post(
        f"/umpan-balik/{completion.id}", data={**ANSWER, "quality": "1"}
    )
    page = client.get(f"/umpan-balik/{completion.id}").get_data(as_text=True)

    assert first.status_code == 302 and again.status_code == 302
    [saved] = answers(db)
    assert (saved.relevance, saved.quality, saved.facilitator, saved.recommend) == (
        5,
        4,
        3,
        5,
    )
    assert saved.comment == ANSWER["comment"]
    assert "Anda sudah mengisi umpan balik" in page
    assert 'type="radio"' not in page  # no second form


def test_missing_scores_keep_what_was_typed_and_say_what_is_missing(
    client, db, setting
):
    _agency, _program, member, completion = setting
    sign_in(client, member)

    response = client.post(
        f"/umpan-balik/{completion.id}",
        data={"relevance": "4", "comment": "Materi padat."},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count("Pilih nilai 1 sampai 5.") == 3
    assert "Materi padat." in page
    assert re.search(r'<input checked[^>]*name="relevance"[^>]*value="4"', page)
    assert answers(db) == []


@pytest.mark.parametrize("bad", ["9", "0", "lima", "-1"])
def test_scores_outside_one_to_five_are_refused(client, db, setting, bad):
    _agency, _program, member, completion = setting
    sign_in(client, member)

    response = client.post(
        f"/umpan-balik/{completion.id}", data={**ANSWER, "relevance": bad}
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Pilihan ini tidak tersedia." in page or "Pilih nilai 1 sampai 5." in page
    assert answers(db) == []


def test_comment_longer_than_the_limit_is_refused(client, db, setting):
    _agency, _program, member, completion = setting
    sign_in(client, member)

    response = client.post(
        f"/umpan-balik/{completion.id}", data={**ANSWER, "comment": "x" * 2001}
    )

    assert response.status_code == 400
    assert "Komentar paling banyak" in response.get_data(as_text=True)


def test_nobody_rates_someone_elses_completion(client, db, setting):
    agency, _program, _member, completion = setting
    sign_in(client, person(agency, role=Role.ADMIN))

    assert client.get(f"/umpan-balik/{completion.id}").status_code == 403
    assert client.post(f"/umpan-balik/{completion.id}", data=ANSWER).status_code == 403
    assert answers(db) == []


def test_anonymous_visitors_are_sent_to_log_in(client, setting):
    _agency, _program, _member, completion = setting

    response = client.get(f"/umpan-balik/{completion.id}")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk")


def test_a_rejected_completion_cannot_be_rated(client, db, setting):
    agency, program, member, _completion = setting
    rejected = attend(member, program_named("Program Ditolak"), rejected=True)
    db.session.commit()
    sign_in(client, member)

    response = client.post(f"/umpan-balik/{rejected.id}", data=ANSWER)

    assert response.status_code == 403
    assert "ditolak penyelenggara" in response.get_data(as_text=True)
    with pytest.raises(FeedbackError):
        submit_feedback(rejected, FeedbackData(5, 5, 5, 5))
    assert answers(db) == []


def test_submit_feedback_refuses_a_second_answer(db, setting):
    *_rest, completion = setting
    submit_feedback(completion, FeedbackData(4, 4, 4, 4, "  Bagus.  "))
    db.session.commit()

    with pytest.raises(FeedbackError, match="sudah mengisi"):
        submit_feedback(completion, FeedbackData(1, 1, 1, 1))

    [saved] = answers(db)
    assert saved.comment == "Bagus." and saved.relevance == 4


def test_an_unverified_completion_may_be_rated(client, db, setting):
    agency, _program, member, _completion = setting
    declared = attend(member, program_named("Program Dinyatakan"), verified=False)
    db.session.commit()
    sign_in(client, member)

    assert client.post(f"/umpan-balik/{declared.id}", data=ANSWER).status_code == 302
    assert len(answers(db)) == 1


def _others_answer(program, agency, count: int, comment: str = "") -> None:  # noqa: ANN001
    for n in range(count):
        rate(attend(person(agency), program), (2, 3, 4, 5), comment=f"{comment}{n}")


def test_members_see_no_average_of_fewer_than_five_answers(client, db, setting):
    agency, program, member, completion = setting
    _others_answer(program, agency, 4, comment="Rahasia peserta ")
    db.session.commit()
    sign_in(client, member)

    page = client.get(f"/umpan-balik/{completion.id}").get_data(as_text=True)

    assert "belum cukup jawaban" in page
    assert "3,00" not in page and "Rahasia peserta" not in page


def test_members_see_the_average_from_five_answers_but_no_comment(client, db, setting):
    agency, program, member, completion = setting
    _others_answer(program, agency, 5, comment="Rahasia peserta ")
    db.session.commit()
    sign_in(client, member)

    page = client.get(f"/umpan-balik/{completion.id}").get_data(as_text=True)

    assert "Rata-rata dari 5 jawaban" in page
    assert "2,00" in page and "5,00" in page
    assert "Rahasia peserta" not in page


def test_organisers_and_admins_read_individual_comments(client, db, setting):
    agency, program, _member, _completion = setting
    _others_answer(program, agency, 2, comment="Ruang kelas terlalu panas ")
    db.session.commit()

    for role in (Role.ORGANISER, Role.ADMIN):
        sign_in(client, person(agency, role=role))
        page = client.get(f"/evaluasi/program/{program.slug}").get_data(as_text=True)
        assert "Ruang kelas terlalu panas 1" in page, role
        assert "Kurang dari 5 jawaban" in page, role


def test_pimpinan_sees_neither_comments_nor_small_averages(client, db, setting):
    agency, program, _member, _completion = setting
    _others_answer(program, agency, 3, comment="Ruang kelas terlalu panas ")
    db.session.commit()
    sign_in(client, person(agency, role=Role.LEADER))

    page = client.get("/evaluasi").get_data(as_text=True)
    csv = client.get("/evaluasi?format=csv&tabel=umpan-balik").get_data(as_text=True)

    assert "Ruang kelas" not in page and "Ruang kelas" not in csv
    assert "belum cukup jawaban" in page
    [line] = [line for line in csv.splitlines() if program.name in line]
    assert line.count("belum cukup jawaban") >= 4
    assert "2.0" not in line


def test_feedback_threshold_comes_from_the_configuration(app, db, setting):
    agency, program, *_rest = setting
    _others_answer(program, agency, 2)
    db.session.commit()
    scores = feedback.programme_scores(program.id)

    assert not feedback.shown(scores, see_small=False)
    assert feedback.shown(scores, see_small=True)
    app.config["FEEDBACK_MIN_AGGREGATE"] = 2
    assert feedback.shown(scores, see_small=False)


def test_my_feedback_lists_each_completion_with_its_state(client, db, setting):
    agency, program, member, completion = setting
    other = attend(member, program_named("Program Kedua"))
    rejected = attend(member, program_named("Program Ketiga"), rejected=True)
    rate(other, (4, 4, 4, 4))
    db.session.commit()
    sign_in(client, member)

    page = client.get("/umpan-balik").get_data(as_text=True)

    assert f"/umpan-balik/{completion.id}" in page and "Beri umpan balik" in page
    assert "Sudah diisi" in page
    assert f"/umpan-balik/{rejected.id}" not in page
    assert "ditolak penyelenggara" in page


def test_profile_links_each_own_unrejected_completion_to_the_form(client, db, setting):
    agency, _program, member, completion = setting
    rejected = attend(member, program_named("Program Tertolak"), rejected=True)
    db.session.commit()
    link = f"/umpan-balik/{completion.id}"

    sign_in(client, member)
    own = client.get(f"/profil/{member.id}").get_data(as_text=True)
    sign_in(client, person(agency))
    others = client.get(f"/profil/{member.id}").get_data(as_text=True)

    assert link in own and f"/umpan-balik/{rejected.id}" not in own
    assert link not in others


def test_a_racing_second_answer_is_stopped_by_the_unique_constraint(
    db, setting, monkeypatch
):
    """Two submissions that both passed the "already answered?" check."""
    *_rest, completion = setting
    submit_feedback(completion, FeedbackData(4, 4, 4, 4))
    db.session.commit()
    monkeypatch.setattr(feedback, "feedback_for", lambda _completion: None)

    with pytest.raises(FeedbackError, match="sudah mengisi"):
        submit_feedback(completion, FeedbackData(1, 1, 1, 1))
    db.session.commit()  # the session is still usable

    assert [a.relevance for a in answers(db)] == [4]
