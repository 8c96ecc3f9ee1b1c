"""A form sent twice creates one item (app.submissions).

Each creating form carries a one-time token; the first valid POST stores it
with the new item, a second POST of the same form (one after the other, or at
the same moment from another connection) lands where the first went.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import current_app

from app import submissions
from app.models import CaseStudy, Comment, FormSubmission, Status
from app.models.base import utcnow
from tests.concurrency import run_together
from tests.conftest import PASSWORD, count_rows

ALREADY_SENT = "Formulir ini sudah terkirim"
TWINS = 4


def tokens_in(html: str) -> list[str]:
    """Every one-time token in a page, in page order."""
    return re.findall(r'name="form_token"[^>]*value="([^"]*)"', html)


def case_study_form(program, token: str | None, **overrides: str) -> dict:  # noqa: ANN001
    values = {
        "title": "Antrean puskesmas lebih pendek",
        "summary": "Jadwal kedatangan per jam memangkas antrean.",
        "program_id": str(program.id),
        "situation": "Antrean pagi sampai 60 orang.",
        "action": "Kartu jam kedatangan.",
        "result": "Waktu tunggu turun.",
        "lessons": "Libatkan petugas loket sejak awal.",
        "tags": "pelayanan publik, antrean",
        "publish": "Terbitkan",
    }
    if token is not None:
        values["form_token"] = token
    values.update(overrides)
    return values


def new_form_token(client) -> str:  # noqa: ANN001
    [token] = tokens_in(client.get("/praktik/baru").get_data(as_text=True))
    return token


# --- case studies --------------------------------------------------------------


@pytest.mark.parametrize("button", ["publish", "save"])
def test_sending_the_new_case_study_form_twice_makes_one(
    client, auth, db, writer, button
):
    user, program = writer
    auth.login(user)
    token = new_form_token(client)
    data = case_study_form(program, token)
    if button == "save":
        data.pop("publish")
        data["save"] = "Simpan draf"
    first = client.post("/praktik/baru", data=data)
    second = client.post("/praktik/baru", data=data, follow_redirects=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert second.request.path == first.headers["Location"]
    assert ALREADY_SENT in second.get_data(as_text=True)
    [case_study] = db.session.scalars(sa.select(CaseStudy)).all()
    expected = Status.PUBLISHED if button == "publish" else Status.DRAFT
    assert case_study.status is expected
    assert len(case_study.revisions) == 1


def test_a_form_sent_again_after_a_validation_error_keeps_its_token(
    client, auth, db, writer
):
    user, program = writer
    auth.login(user)
    token = new_form_token(client)
    refused = client.post(
        "/praktik/baru", data=case_study_form(program, token, title="")
    )
    assert refused.status_code == 400
    assert tokens_in(refused.get_data(as_text=True)) == [token]
    preview = client.post(
        "/praktik/baru", data=case_study_form(program, token, preview="Pratinjau")
    )
    assert tokens_in(preview.get_data(as_text=True)) == [token]
    assert (
        client.post("/praktik/baru", data=case_study_form(program, token)).status_code
        == 302
    )
    client.post("/praktik/baru", data=case_study_form(program, token))
    assert count_rows(CaseStudy) == 1


def test_each_rendering_of_the_form_gets_a_new_token(client, auth, writer):
    auth.login(writer[0])
    assert new_form_token(client) != new_form_token(client)


def test_a_form_without_a_token_still_works_without_protection(
    client, auth, db, writer
):
    """An old page or a script: handled as before the tokens."""
    user, program = writer
    auth.login(user)
    for _ in range(2):
        response = client.post("/praktik/baru", data=case_study_form(program, None))
        assert response.status_code == 302
    assert count_rows(CaseStudy) == 2
    assert count_rows(FormSubmission) == 0


def test_a_malformed_token_is_ignored_and_not_echoed(client, auth, db, writer):
    user, program = writer
    auth.login(user)
    hostile = '"><script>x</script>\x00' + "a" * 30
    refused = client.post(
        "/praktik/baru", data=case_study_form(program, hostile, title="")
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "<script>x" not in html
    assert len(tokens_in(html)) == 1 and tokens_in(html)[0] != hostile
    response = client.post("/praktik/baru", data=case_study_form(program, hostile))
    assert response.status_code == 302
    assert count_rows(FormSubmission) == 0


def test_another_members_token_is_a_new_token(
    client, auth, db, writer, make_user, make_completion
):
    """A token is scoped to who sent it: a copied token dedups nothing and
    sends no one to someone else's draft."""
    user, program = writer
    other = make_user()
    make_completion(other, program)
    auth.login(user)
    token = new_form_token(client)
    draft = case_study_form(program, token, save="Simpan draf")
    draft.pop("publish")
    mine = client.post("/praktik/baru", data=draft).headers["Location"]
    auth.logout()
    auth.login(other)
    theirs = client.post("/praktik/baru", data=draft)
    assert theirs.status_code == 302
    assert theirs.headers["Location"] != mine
    authors = db.session.scalars(sa.select(CaseStudy.author_id).order_by(CaseStudy.id))
    assert list(authors) == [user.id, other.id]


def test_sending_an_edit_twice_saves_once(client, auth, db, make_case_study):
    cs = make_case_study()
    auth.login(cs.author)
    html = client.get(f"/praktik/{cs.id}/ubah").get_data(as_text=True)
    [token] = tokens_in(html)
    data = case_study_form(
        cs.program, token, title="Judul baru", edit_version="1", save="Simpan"
    )
    data.pop("publish")
    assert client.post(f"/praktik/{cs.id}/ubah", data=data).status_code == 302
    again = client.post(f"/praktik/{cs.id}/ubah", data=data, follow_redirects=True)
    assert again.status_code == 200  # not a conflict with itself
    assert ALREADY_SENT in again.get_data(as_text=True)
    db.session.refresh(cs)
    assert cs.edit_version == 2 and len(cs.revisions) == 2


def test_twins_sent_at_the_same_moment_make_one_case_study(db, config_class, writer):
    """Four connections post the same form at once: one case study, and every
    POST is sent to it."""
    user, program = writer
    token = submissions.new_token()
    data = case_study_form(program, token)
    email = user.email

    def post(_n: int, start) -> tuple[int, str]:  # noqa: ANN001
        client = current_app.test_client()
        client.post("/masuk", data={"email": email, "password": PASSWORD})
        start()
        response = client.post("/praktik/baru", data=data)
        return response.status_code, response.headers.get("Location", "")

    results = run_together(config_class, TWINS, post)
    [case_study] = db.session.scalars(sa.select(CaseStudy)).all()
    assert results == [(302, f"/praktik/{case_study.id}/{case_study.slug}")] * TWINS
    assert len(case_study.revisions) == 1


# --- comments ------------------------------------------------------------------


def test_sending_a_comment_and_a_reply_twice_posts_each_once(
    client, auth, db, make_case_study, make_comment, make_user
):
    cs = make_case_study()
    top = make_comment(cs)
    auth.login(make_user())
    page = client.get(f"/praktik/{cs.id}/{cs.slug}").get_data(as_text=True)
    reply_token, comment_token = tokens_in(page)  # reply forms come first
    assert reply_token != comment_token
    url = f"/praktik/{cs.id}/komentar"
    reply = {"body": "Setuju.", "parent_id": str(top.id), "form_token": reply_token}
    comment = {"body": "Terima kasih.", "form_token": comment_token}
    for data in (reply, comment):
        first = client.post(url, data=data)
        second = client.post(url, data=data, follow_redirects=True)
        assert first.status_code == 302
        assert second.request.path == first.headers["Location"].split("#")[0]
        assert ALREADY_SENT in second.get_data(as_text=True)
    bodies = db.session.scalars(sa.select(Comment.body_md).order_by(Comment.id))
    assert list(bodies) == [top.body_md, "Setuju.", "Terima kasih."]


def test_a_comment_sent_again_after_an_error_keeps_its_token(
    client, auth, db, make_case_study, make_user
):
    cs = make_case_study()
    auth.login(make_user())
    token = submissions.new_token()
    url = f"/praktik/{cs.id}/komentar"
    refused = client.post(url, data={"body": "", "form_token": token})
    assert refused.status_code == 400
    assert tokens_in(refused.get_data(as_text=True)) == [token]
    for _ in range(2):
        client.post(url, data={"body": "Isi.", "form_token": token})
    assert count_rows(Comment) == 1


def test_twin_comments_sent_at_the_same_moment_post_one(
    db, config_class, make_case_study, make_user
):
    cs = make_case_study()
    user = make_user()
    data = {"body": "Sangat membantu.", "form_token": submissions.new_token()}
    url, email = f"/praktik/{cs.id}/komentar", user.email

    def post(_n: int, start) -> tuple[int, str]:  # noqa: ANN001
        client = current_app.test_client()
        client.post("/masuk", data={"email": email, "password": PASSWORD})
        start()
        response = client.post(url, data=data)
        return response.status_code, response.headers.get("Location", "")

    results = run_together(config_class, TWINS, post)
    [comment] = db.session.scalars(sa.select(Comment)).all()
    location = f"/praktik/{cs.id}/{cs.slug}#komentar-{comment.id}"
    assert results == [(302, location)] * TWINS


# --- the table stays small -----------------------------------------------------


def test_using_a_token_forgets_the_users_tokens_older_than_two_days(
    client, auth, db, make_case_study, make_user
):
    cs = make_case_study()
    user, other = make_user(), make_user()
    long_ago = utcnow() - submissions.KEEP_FOR - timedelta(minutes=1)
    recently = utcnow() - submissions.KEEP_FOR + timedelta(hours=1)
    db.session.add_all(
        [
            FormSubmission(token="a" * 64, user_id=user.id, created_at=long_ago),
            FormSubmission(token="b" * 64, user_id=user.id, created_at=recently),
            FormSubmission(token="c" * 64, user_id=other.id, created_at=long_ago),
        ]
    )
    db.session.commit()
    auth.login(user)
    data = {"body": "Isi.", "form_token": submissions.new_token()}
    assert client.post(f"/praktik/{cs.id}/komentar", data=data).status_code == 302
    kept = db.session.scalars(
        sa.select(FormSubmission.token).order_by(FormSubmission.created_at)
    ).all()
    assert "a" * 64 not in kept
    assert {"b" * 64, "c" * 64} <= set(kept) and len(kept) == 3
