"""Comments on case studies: services, views and the thread partial."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask import render_template
from flask_login import login_user

from app.community import services
from app.community.services import CommentError, comment_thread
from app.models import Comment, Status
from app.practices.services import withdraw_case_study


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes: checks without regexes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(k) == v for k, v in attrs.items())
        ]


def render_thread(app, case_study, viewer=None) -> str:  # noqa: ANN001
    """The partial as the case-study page includes it, seen by ``viewer``."""
    with app.test_request_context("/"):
        if viewer is not None:
            login_user(viewer)
        return render_template(
            "community/_comments.html",
            case_study=case_study,
            thread=comment_thread(case_study),
        )


def all_comments(db) -> list[Comment]:  # noqa: ANN001
    return list(db.session.scalars(sa.select(Comment).order_by(Comment.id)))


def comment_url(case_study, comment) -> str:  # noqa: ANN001
    return f"/praktik/{case_study.id}/{case_study.slug}#komentar-{comment.id}"


# Services ---------------------------------------------------------------------


def test_add_comment_renders_markdown_at_save(db, make_case_study, make_user):
    case_study = make_case_study()
    comment = services.add_comment(case_study, make_user(), "Ini **penting**.")
    db.session.commit()
    assert comment.body_md == "Ini **penting**."
    assert "<strong>penting</strong>" in comment.body_html
    assert comment.parent_id is None
    assert comment.updated_at is None


@pytest.mark.parametrize("body", ["", "   ", "\r\n\n"])
def test_comment_body_is_required(db, make_case_study, make_user, body):
    with pytest.raises(CommentError, match="tidak boleh kosong"):
        services.add_comment(make_case_study(), make_user(), body)


def test_comment_of_5000_characters_is_accepted_but_not_longer(
    db, make_case_study, make_user
):
    case_study, author = make_case_study(), make_user()
    assert services.add_comment(case_study, author, "a" * 5000).id
    with pytest.raises(CommentError, match="5.000"):
        services.add_comment(case_study, author, "a" * 5001)


def test_line_breaks_count_as_one_character(db, make_case_study, make_user):
    body = ("a" * 99 + "\r\n") * 50  # 5,050 characters sent, 4,999 as shown
    comment = services.add_comment(make_case_study(), make_user(), body)
    assert "\r" not in comment.body_md
    assert len(comment.body_md) == 4999


@pytest.mark.parametrize("state", ["draft", "withdrawn", "hidden"])
def test_cannot_comment_on_a_case_study_that_is_not_published(
    db, make_case_study, make_user, state
):
    case_study = make_case_study(publish=state != "draft")
    if state == "withdrawn":
        withdraw_case_study(case_study)
    elif state == "hidden":
        case_study.status = Status.HIDDEN
    with pytest.raises(CommentError, match="sudah terbit"):
        services.add_comment(case_study, case_study.author, "Catatan.")


def test_reply_attaches_to_its_parent(db, make_case_study, make_comment, make_user):
    case_study = make_case_study()
    parent = make_comment(case_study)
    reply = services.add_comment(case_study, make_user(), "Setuju.", parent=parent)
    assert reply.parent_id == parent.id


def test_reply_to_a_reply_flattens_to_one_level(
    db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    top = make_comment(case_study)
    reply = make_comment(case_study, parent=top)
    answer = services.add_comment(case_study, make_user(), "Saya juga.", parent=reply)
    db.session.commit()
    assert answer.parent_id == top.id
    [(first, replies)] = comment_thread(case_study)
    assert first.id == top.id
    assert [c.id for c in replies] == [reply.id, answer.id]


def test_parent_must_belong_to_the_same_case_study(
    db, make_case_study, make_comment, make_user
):
    elsewhere = make_comment(make_case_study())
    with pytest.raises(CommentError, match="tidak ada di studi kasus ini"):
        services.add_comment(make_case_study(), make_user(), "Hai.", parent=elsewhere)


def test_cannot_reply_to_a_deleted_comment(
    db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    parent = make_comment(case_study)
    services.delete_comment(parent)
    with pytest.raises(CommentError, match="sudah dihapus"):
        services.add_comment(case_study, make_user(), "Hai.", parent=parent)


def test_edit_comment_rerenders_and_marks_it_edited(db, make_case_study, make_comment):
    comment = make_comment(make_case_study(), body="Lama")
    services.edit_comment(comment, comment.author, "Baru _sekali_")
    db.session.commit()
    assert comment.body_md == "Baru _sekali_"
    assert "<em>sekali</em>" in comment.body_html
    assert comment.updated_at is not None


def test_only_the_author_may_edit_a_comment(
    db, make_case_study, make_comment, make_user
):
    comment = make_comment(make_case_study(), body="Asli")
    with pytest.raises(CommentError):
        services.edit_comment(comment, make_user(), "Diubah orang lain")
    assert comment.body_md == "Asli"


def test_edit_refuses_an_empty_body(db, make_case_study, make_comment):
    comment = make_comment(make_case_study())
    with pytest.raises(CommentError, match="tidak boleh kosong"):
        services.edit_comment(comment, comment.author, "  ")


def test_delete_keeps_the_row_and_its_replies_but_clears_the_text(
    db, make_case_study, make_comment
):
    case_study = make_case_study()
    top = make_comment(case_study, body="Rahasia")
    reply = make_comment(case_study, parent=top)
    services.delete_comment(top)
    db.session.commit()
    assert top.is_deleted
    assert (top.body_md, top.body_html) == ("", "")
    [(first, replies)] = comment_thread(case_study)
    assert first.id == top.id
    assert [c.id for c in replies] == [reply.id]


def test_comment_thread_is_one_query(
    db, make_case_study, make_comment, make_user, count_queries
):
    case_study = make_case_study()
    for _ in range(3):
        top = make_comment(case_study, author=make_user())
        make_comment(case_study, author=make_user(), parent=top)
    case_study_id = case_study.id  # loaded before counting
    with count_queries() as queries:
        thread = comment_thread(case_study)
        names = [(c.author.name, [r.author.name for r in rs]) for c, rs in thread]
    assert case_study_id
    assert len(names) == 3
    assert queries.count == 1


def test_rendering_the_thread_runs_no_query_per_comment(
    app, db, make_case_study, make_comment, make_user, count_queries
):
    def queries_to_render(threads: int) -> int:
        case_study = make_case_study()
        for _ in range(threads):
            top = make_comment(case_study, author=make_user())
            make_comment(case_study, author=make_user(), parent=top)
        viewer = make_comment(case_study).author  # owns one: edit/delete buttons
        with count_queries() as queries:
            html = render_thread(app, case_study, viewer)
        assert html.count("<article") == 2 * threads + 1
        return queries.count

    assert queries_to_render(1) == queries_to_render(6)


# The partial -------------------------------------------------------------------


def test_thread_shows_comments_replies_and_count(
    app, db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    alice = make_user(name="Alice Siregar")
    top = make_comment(case_study, author=alice, body="Komentar **utama**")
    reply = make_comment(case_study, parent=top, body="Sebuah balasan")
    html = render_thread(app, case_study)
    page = Tags(html)
    assert "Komentar (2)" in html
    assert page.find("article", id=f"komentar-{top.id}")
    [reply_article] = page.find("article", id=f"komentar-{reply.id}")
    assert "comment-reply" in reply_article["class"]
    assert page.find("a", href=f"/profil/{alice.id}")
    assert "<strong>utama</strong>" in html
    assert "WIB" in html


def test_edited_comment_says_so(app, db, make_case_study, make_comment):
    case_study = make_case_study()
    comment = make_comment(case_study)
    assert "(diubah)" not in render_thread(app, case_study)
    services.edit_comment(comment, comment.author, "Versi kedua")
    db.session.commit()
    assert "(diubah)" in render_thread(app, case_study)


def test_deleted_comment_shows_a_placeholder_and_keeps_replies(
    app, db, make_case_study, make_comment
):
    case_study = make_case_study()
    top = make_comment(case_study, body="Teks yang dihapus")
    make_comment(case_study, parent=top, body="Balasan tetap ada")
    services.delete_comment(top)
    db.session.commit()
    html = render_thread(app, case_study)
    assert "Komentar ini telah dihapus." in html
    assert "Teks yang dihapus" not in html
    assert "Balasan tetap ada" in html
    assert "Komentar (1)" in html


def test_anonymous_visitor_sees_a_login_link_and_no_form(
    app, db, make_case_study, make_comment
):
    case_study = make_case_study()
    make_comment(case_study)
    html = render_thread(app, case_study)
    page = Tags(html)
    assert "Masuk untuk berkomentar" in html
    next_url = f"/praktik/{case_study.id}/{case_study.slug}"
    assert page.find("a", href=f"/masuk?next={next_url}")
    assert not page.find("form")
    assert not page.find("textarea")


def test_member_sees_reply_and_comment_forms_but_no_buttons_on_others_comments(
    app, db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    top = make_comment(case_study)
    page = Tags(render_thread(app, case_study, make_user()))
    forms = page.find("form")
    assert len(forms) == 2  # one reply form, one new comment
    assert all(f["action"] == f"/praktik/{case_study.id}/komentar" for f in forms)
    assert page.find("input", name="parent_id", value=str(top.id))
    for textarea in page.find("textarea"):
        assert page.find("label", **{"for": textarea["id"]})
    assert not page.find("a", href=f"/komentar/{top.id}/ubah")


def test_author_sees_edit_and_delete_on_own_comment(
    app, db, make_case_study, make_comment
):
    case_study = make_case_study()
    comment = make_comment(case_study)
    page = Tags(render_thread(app, case_study, comment.author))
    assert page.find("a", href=f"/komentar/{comment.id}/ubah")
    assert page.find("form", action=f"/komentar/{comment.id}/hapus")


def test_every_form_in_the_thread_carries_a_csrf_token(
    app, db, make_case_study, make_comment
):
    case_study = make_case_study()
    comment = make_comment(case_study)
    html = render_thread(app, case_study, comment.author)
    forms = html.count("<form")
    assert forms == 3  # delete, reply, new comment
    assert len(Tags(html).find("input", name="csrf_token")) == forms


def test_signed_in_author_of_a_draft_is_told_comments_wait_for_publishing(
    app, db, make_case_study
):
    case_study = make_case_study(publish=False)
    html = render_thread(app, case_study, case_study.author)
    assert "setelah studi kasus ini terbit" in html
    assert "<form" not in html


def test_script_in_a_comment_never_becomes_a_tag(
    app, db, client, auth, make_case_study, make_user
):
    case_study = make_case_study()
    auth.login(make_user())
    body = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)>"
        " [x](javascript:alert(3))"
    )
    response = client.post(f"/praktik/{case_study.id}/komentar", data={"body": body})
    assert response.status_code == 302
    page = Tags(render_thread(app, case_study))
    assert not page.find("script")
    assert not any("onerror" in attrs for _, attrs in page.tags)
    assert not any(
        (attrs.get("href") or "").startswith("javascript") for _, attrs in page.tags
    )


# Views ---------------------------------------------------------------------------


def test_member_comments_and_lands_on_the_comment(
    db, client, auth, make_case_study, make_user
):
    case_study = make_case_study()
    member = make_user()
    auth.login(member)
    response = client.post(
        f"/praktik/{case_study.id}/komentar", data={"body": "Terima kasih!"}
    )
    [comment] = all_comments(db)
    assert response.status_code == 302
    assert response.headers["Location"] == comment_url(case_study, comment)
    assert (comment.author_id, comment.body_md) == (member.id, "Terima kasih!")


def test_member_replies_and_reply_to_reply_flattens(
    db, client, auth, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    top = make_comment(case_study)
    reply = make_comment(case_study, parent=top)
    auth.login(make_user())
    url = f"/praktik/{case_study.id}/komentar"
    for body, parent in (("A", top), ("B", reply)):
        response = client.post(url, data={"body": body, "parent_id": parent.id})
        assert response.status_code == 302
    new = [c for c in all_comments(db) if c.body_md in {"A", "B"}]
    assert [c.parent_id for c in new] == [top.id, top.id]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Komentar tidak boleh kosong."),
        ("x" * 5001, "Komentar paling banyak 5.000 karakter."),
    ],
)
def test_invalid_comment_is_shown_again_with_the_reason(
    db, client, auth, make_case_study, make_user, body, message
):
    case_study = make_case_study()
    auth.login(make_user())
    response = client.post(f"/praktik/{case_study.id}/komentar", data={"body": body})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert body in html
    assert f'href="/praktik/{case_study.id}/{case_study.slug}#komentar"' in html
    assert all_comments(db) == []


def test_typed_text_is_kept_escaped_when_the_form_comes_back(
    db, client, auth, make_case_study, make_user
):
    case_study = make_case_study()
    auth.login(make_user())
    body = "<script>alert(1)</script>" + "x" * 5000
    response = client.post(f"/praktik/{case_study.id}/komentar", data={"body": body})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not Tags(html).find("script", src=None)


def test_parent_from_another_case_study_is_refused(
    db, client, auth, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    elsewhere = make_comment(make_case_study())
    auth.login(make_user())
    response = client.post(
        f"/praktik/{case_study.id}/komentar",
        data={"body": "Tersesat", "parent_id": elsewhere.id},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "tidak ada di studi kasus ini" in html
    assert "Tersesat" in html
    assert len(all_comments(db)) == 1


@pytest.mark.parametrize("parent_id", ["999999", "abc", "-1"])
def test_unknown_parent_is_refused(
    db, client, auth, make_case_study, make_user, parent_id
):
    case_study = make_case_study()
    auth.login(make_user())
    response = client.post(
        f"/praktik/{case_study.id}/komentar",
        data={"body": "Halo", "parent_id": parent_id},
    )
    assert response.status_code == 400
    assert "Komentar yang Anda balas tidak ditemukan." in response.get_data(True)
    assert all_comments(db) == []


def test_unknown_case_study_or_comment_is_404(db, client, auth, make_user):
    auth.login(make_user())
    assert client.post("/praktik/999/komentar", data={"body": "x"}).status_code == 404
    assert client.get("/komentar/999/ubah").status_code == 404
    assert client.post("/komentar/999/hapus").status_code == 404


@pytest.mark.parametrize("state", ["draft", "withdrawn"])
def test_cannot_comment_on_unpublished_case_study_through_the_form(
    db, client, auth, make_case_study, make_user, state
):
    case_study = make_case_study(publish=state != "draft")
    if state == "withdrawn":
        withdraw_case_study(case_study)
        db.session.commit()
    url = f"/praktik/{case_study.id}/komentar"
    auth.login(make_user())
    assert client.post(url, data={"body": "Halo"}).status_code == 404
    auth.logout()
    auth.login(case_study.author)
    assert client.post(url, data={"body": "Halo"}).status_code == 403
    assert all_comments(db) == []


def test_anonymous_comment_is_sent_to_login(db, client, make_case_study):
    case_study = make_case_study()
    response = client.post(f"/praktik/{case_study.id}/komentar", data={"body": "Hai"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk")
    assert all_comments(db) == []


@pytest.mark.parametrize(
    ("method", "path"), [("get", "ubah"), ("post", "ubah"), ("post", "hapus")]
)
def test_anonymous_cannot_edit_or_delete(
    db, client, make_case_study, make_comment, method, path
):
    comment = make_comment(make_case_study())
    response = getattr(client, method)(
        f"/komentar/{comment.id}/{path}", data={"body": "x"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk")


@pytest.mark.parametrize(
    ("method", "path"), [("get", "ubah"), ("post", "ubah"), ("post", "hapus")]
)
def test_member_cannot_edit_or_delete_someone_elses_comment(
    db, client, auth, make_case_study, make_comment, make_user, method, path
):
    comment = make_comment(make_case_study(), body="Milik orang lain")
    auth.login(make_user())
    response = getattr(client, method)(
        f"/komentar/{comment.id}/{path}", data={"body": "Dirusak"}
    )
    assert response.status_code == 403
    assert comment.body_md == "Milik orang lain"
    assert not comment.is_deleted


def test_author_edits_own_comment(db, client, auth, make_case_study, make_comment):
    case_study = make_case_study()
    comment = make_comment(case_study, body="Versi *awal*")
    auth.login(comment.author)
    form = client.get(f"/komentar/{comment.id}/ubah")
    assert form.status_code == 200
    assert "Versi *awal*" in form.get_data(as_text=True)
    response = client.post(f"/komentar/{comment.id}/ubah", data={"body": "Versi akhir"})
    assert response.status_code == 302
    assert response.headers["Location"] == comment_url(case_study, comment)
    assert comment.body_md == "Versi akhir"
    assert comment.updated_at is not None


def test_edit_with_empty_body_is_shown_again(
    db, client, auth, make_case_study, make_comment
):
    comment = make_comment(make_case_study(), body="Tetap")
    auth.login(comment.author)
    response = client.post(f"/komentar/{comment.id}/ubah", data={"body": "  "})
    assert response.status_code == 400
    assert "Komentar tidak boleh kosong." in response.get_data(as_text=True)
    assert comment.body_md == "Tetap"


def test_author_deletes_own_comment(db, client, auth, make_case_study, make_comment):
    case_study = make_case_study()
    comment = make_comment(case_study)
    auth.login(comment.author)
    response = client.post(f"/komentar/{comment.id}/hapus")
    assert response.status_code == 302
    assert response.headers["Location"] == comment_url(case_study, comment)
    assert comment.is_deleted
    assert client.get(f"/komentar/{comment.id}/ubah").status_code == 404
    assert client.post(f"/komentar/{comment.id}/hapus").status_code == 404


def test_comments_under_a_hidden_case_study_cannot_be_edited(
    db, client, auth, make_case_study, make_comment
):
    case_study = make_case_study()
    comment = make_comment(case_study)
    case_study.status = Status.HIDDEN
    auth.login(comment.author)
    assert client.get(f"/komentar/{comment.id}/ubah").status_code == 404


def test_edit_form_checks_the_csrf_token_when_protection_is_on(
    app, db, client, auth, make_case_study, make_comment
):
    comment = make_comment(make_case_study())
    auth.login(comment.author)
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/komentar/{comment.id}/ubah"
    # The edit form and the header's logout form carry the same session token.
    token, *_ = Tags(client.get(url).get_data(as_text=True)).find(
        "input", name="csrf_token"
    )
    assert client.post(url, data={"body": "Tanpa token"}).status_code == 400
    data = {"body": "Dengan token", "csrf_token": token["value"]}
    response = client.post(url, data=data)
    assert response.status_code == 302
    assert comment.body_md == "Dengan token"


def test_case_study_page_shows_the_new_comment_at_its_anchor(
    db, client, auth, make_case_study, make_user
):
    case_study = make_case_study()
    auth.login(make_user())
    response = client.post(
        f"/praktik/{case_study.id}/komentar",
        data={"body": "Langkah *kedua* paling sulit."},
        follow_redirects=True,
    )
    [comment] = all_comments(db)
    page = Tags(response.get_data(as_text=True))
    assert response.status_code == 200
    assert page.find("article", id=f"komentar-{comment.id}")
    assert "<em>kedua</em>" in response.get_data(as_text=True)
