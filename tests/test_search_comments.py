"""Comments are part of the search index: a case study is found by the words of
its visible comments, kept in step through the change log like its own text
(after each request, and by ``flask search sync`` when a process died), weighed
far below its own text, shown in snippets when only a comment matched, and
compared by ``flask search check``. Also: snippets escape every piece of user
text, and 50 comments written at once all end up indexed.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import current_app
from whoosh import index as whoosh_index
from whoosh.fields import Schema

from app.community import services as comments
from app.extensions import db as _db
from app.models import CaseStudy, Comment, Role, SearchChange, User
from app.models.base import utcnow
from app.moderation import decisions
from app.search import rebuild as rebuild_module
from app.search.changes import record_changes
from app.search.check import compare
from app.search.folders import current_folder
from app.search.hooks import index_after_request
from app.search.indexer import apply_pending
from app.search.query import SearchRequest, search
from app.search.rebuild import rebuild
from app.search.schema import build_schema, digest, document_for
from tests.concurrency import run_together

CONCURRENT = 50  # comments posted at once (issue 7)


def find(q: str) -> list[int]:
    return [hit.case_study.id for hit in search(SearchRequest(q=q)).hits]


def snippet_for(q: str) -> str:
    return str(search(SearchRequest(q=q)).hits[0].snippet)


def change_rows(db) -> list[int]:  # noqa: ANN001
    return list(
        db.session.scalars(
            sa.select(SearchChange.case_study_id).order_by(SearchChange.id)
        )
    )


def post_comment(client, case_study: CaseStudy, body: str):  # noqa: ANN001,ANN201
    response = client.post(f"/praktik/{case_study.id}/komentar", data={"body": body})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def only_comment(db, case_study: CaseStudy) -> Comment:  # noqa: ANN001
    return db.session.scalars(
        sa.select(Comment).where(Comment.case_study_id == case_study.id)
    ).one()


# --- the change log ------------------------------------------------------------


def test_each_change_to_a_visible_comment_logs_its_case_study(
    db, write, make_user, make_comment
):
    cs = write()
    other = write()
    moderator = make_user(Role.MODERATOR)
    before = change_rows(db)

    comment = make_comment(cs, body="Kami mencoba hal yang sama.")
    assert change_rows(db)[len(before) :] == [cs.id]
    comments.edit_comment(comment, comment.author, "Kami mencoba hal lain.")
    db.session.commit()
    decisions.hide(comment, moderator, "Tidak relevan.")
    db.session.commit()
    decisions.restore(comment, moderator, "Ternyata relevan.")
    db.session.commit()
    comments.delete_comment(comment)
    db.session.commit()

    assert change_rows(db)[len(before) :] == [cs.id] * 5
    assert other.id not in change_rows(db)[len(before) :]


def test_a_comment_change_that_is_not_indexed_logs_nothing(db, write, make_comment):
    comment = make_comment(write())
    before = change_rows(db)
    comment.hidden_reason = "catatan moderator"  # not part of the document
    db.session.commit()
    assert change_rows(db) == before


def test_a_rolled_back_comment_logs_nothing(db, write, make_user):
    cs = write()
    before = change_rows(db)
    comments.add_comment(cs, make_user(), "Komentar yang batal.")
    db.session.rollback()
    assert change_rows(db) == before
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0


# --- indexed right after the request ----------------------------------------------


def test_a_new_comment_is_searchable_when_the_request_returns(
    client, auth, write, make_user
):
    cs = write(title="Arsip digital")
    auth.login(make_user())
    assert find("tandatangan7") == []

    post_comment(client, cs, "Kami memakai kode tandatangan7 untuk verifikasi.")

    assert find("tandatangan7") == [cs.id]


def test_an_edited_comment_is_found_by_its_new_words_only(
    db, client, auth, write, make_user
):
    cs = write()
    author = make_user()
    auth.login(author)
    post_comment(client, cs, "Jadwal piket bergilir di loket.")
    comment = only_comment(db, cs)

    response = client.post(
        f"/komentar/{comment.id}/ubah", data={"body": "Kalender kerja bersama."}
    )

    assert response.status_code == 302
    assert find("kalender") == [cs.id]
    assert find("piket") == []


def test_a_deleted_comment_is_no_longer_found(db, client, auth, write, make_user):
    """Also by a searcher opened before the deletion (a server process keeps
    its searcher between requests): Whoosh's own ``refresh()`` kept the
    merged-away segment that still held the comment, and counted it twice."""
    cs = write()
    auth.login(make_user())
    post_comment(client, cs, "Papan informasi digital di lobi.")
    comment = only_comment(db, cs)
    assert find("lobi") == [cs.id]

    response = client.post(f"/komentar/{comment.id}/hapus")

    assert response.status_code == 302
    assert find("lobi") == []
    assert search(SearchRequest(q="catatan")).total == 1  # the case study stays


def test_a_hidden_comment_leaves_the_index_and_returns_when_restored(
    client, auth, write, make_user, make_comment
):
    cs = write()
    comment = make_comment(cs, body="Rahasia dapur: aplikasi kasirku.")
    apply_pending()
    assert find("kasirku") == [cs.id]
    auth.login(make_user(Role.MODERATOR))

    hidden = client.post(
        f"/moderasi/komentar/{comment.id}/sembunyikan", data={"reason": "Iklan."}
    )
    assert hidden.status_code == 302
    assert find("kasirku") == []

    restored = client.post(
        f"/moderasi/komentar/{comment.id}/pulihkan", data={"reason": "Bukan iklan."}
    )
    assert restored.status_code == 302
    assert find("kasirku") == [cs.id]


def test_sync_applies_comment_changes_a_dead_process_left(
    app, db, write, make_comment, runner
):
    """The request path never ran (as if the process died after the commit):
    the change log still has it, and ``flask search sync`` applies it."""
    cs = write()
    apply_pending()
    app.config["SEARCH_SYNC_AFTER_REQUEST"] = False
    make_comment(cs, body="Formulir daring lewat tautan pendek.")
    assert find("tautan") == []

    result = runner.invoke(args=["search", "sync"])

    assert result.exit_code == 0, result.output
    assert find("tautan") == [cs.id]


def test_check_reports_a_case_study_whose_comments_are_stale(
    db, write, make_comment, runner
):
    cs = write()
    comment = make_comment(cs, body="Komentar pertama.")
    apply_pending()
    assert compare().in_agreement

    # The database changes behind the indexer's back (no change row).
    db.session.execute(
        sa.update(Comment)
        .where(Comment.id == comment.id)
        .values(body_md="Komentar yang diubah diam-diam.")
    )
    db.session.commit()

    report = compare()
    assert report.stale == [cs.id] and not report.missing and not report.extra
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert f"Usang di indeks: 1 ({cs.id})" in result.output


def test_a_comment_hidden_by_a_bulk_update_is_stale_until_recorded(
    db, write, make_comment
):
    """Bulk statements bypass the session events: ``check`` notices, and
    ``record_changes`` (what such code must call) puts it right."""
    cs = write()
    comment = make_comment(cs, body="Teks yang nanti disembunyikan.")
    apply_pending()
    db.session.execute(
        sa.update(Comment).where(Comment.id == comment.id).values(hidden_at=utcnow())
    )
    db.session.commit()
    assert compare().stale == [cs.id]

    record_changes(db.session, [cs.id])
    db.session.commit()
    apply_pending()

    assert compare().in_agreement
    assert find("disembunyikan") == []


# --- ranking and snippets -----------------------------------------------------------


def test_a_case_study_found_only_through_a_comment_appears(write, make_comment):
    cs = write(title="Piket malam")
    make_comment(cs, body="Kami menambahkan genset cadangan di ruang server.")
    apply_pending()
    assert find("genset") == [cs.id]


def test_the_case_studys_own_text_ranks_above_comments(write, make_comment):
    in_body = write(title="Catatan satu", situation="Kami membeli genset bekas.")
    in_title = write(title="Genset kantor camat")
    in_comments = write(title="Catatan dua")
    for _ in range(3):
        make_comment(
            in_comments,
            body="Genset, genset, genset: genset kami juga genset cadangan genset.",
        )
    apply_pending()

    ranked = find("genset")

    assert set(ranked) == {in_body.id, in_title.id, in_comments.id}
    assert ranked[-1] == in_comments.id


def test_a_word_in_a_comment_does_not_count_as_matching_more_of_the_query(
    write, make_comment
):
    """Matching both words earns a case study four times the score of one
    word (the coordination bonus); a word found only in a comment does not
    earn it, or a comment would lift a weak match above a strong one."""
    strong = write(title="Genset")
    weak = write(title="Catatan", situation="Ada genset.")
    make_comment(weak, body="Panel surya juga bagus.")
    apply_pending()

    assert find("genset surya") == [strong.id, weak.id]


def test_comment_words_break_a_tie_between_equal_case_studies(write, make_comment):
    first = write(title="Genset kantor")
    second = write(title="Genset kantor")
    make_comment(second, body="Genset kami dirawat tiap bulan.")
    apply_pending()
    assert find("genset") == [second.id, first.id]


def test_snippet_comes_from_the_case_study_when_its_text_matches(write, make_comment):
    cs = write(situation="Genset kami sering mati.")
    make_comment(cs, body="Genset di tempat kami juga.")
    apply_pending()
    snippet = snippet_for("genset")
    assert "<mark>Genset</mark> kami sering mati." in snippet
    assert "Komentar:" not in snippet


def test_snippet_comes_from_a_comment_when_only_a_comment_matches(write, make_comment):
    cs = write(title="Piket malam")
    make_comment(cs, body="Tidak ada yang cocok di sini.")
    make_comment(cs, body="Kami menambahkan **genset** cadangan di ruang server.")
    apply_pending()

    snippet = snippet_for("genset")

    assert snippet.startswith('<span class="snippet-source">Komentar:</span> ')
    assert "Kami menambahkan <mark>genset</mark> cadangan" in snippet
    assert "**" not in snippet  # the rendered text, not the Markdown


def test_snippet_falls_back_to_the_summary_when_only_the_title_matches(write):
    write(title="Genset", summary="Ringkasan tanpa kata itu.")
    apply_pending()
    assert snippet_for("genset") == "Ringkasan tanpa kata itu."


def test_snippet_never_shows_a_hidden_comment(db, write, make_comment):
    """The index lags: it still holds the comment when the page is shown."""
    cs = write(title="Genset")
    comment = make_comment(cs, body="Genset rahasia moderasi.")
    apply_pending()
    db.session.execute(
        sa.update(Comment).where(Comment.id == comment.id).values(hidden_at=utcnow())
    )
    db.session.commit()

    results = search(SearchRequest(q="rahasia"))

    assert [h.case_study.id for h in results.hits] == [cs.id]
    assert "rahasia" not in str(results.hits[0].snippet)


SCRIPT = "<script>alert('x')</script>"


@pytest.mark.parametrize("where", ["title", "summary", "situation", "comment"])
def test_snippets_escape_script_in_any_text(client, write, make_comment, where):
    fields = {"title": "Genset", "summary": "Ringkasan.", "situation": "Catatan."}
    if where != "comment":
        fields[where] = f"Genset {SCRIPT} <img src=x onerror=alert(1)> genset"
    cs = write(**fields)
    make_comment(cs, body=f"Genset {SCRIPT} <img src=x onerror=alert(1)> genset")
    apply_pending()

    snippet = snippet_for("genset")
    page = client.get("/cari", query_string={"q": "genset"}).get_data(as_text=True)

    for html in (snippet, page):
        assert "<script>alert" not in html
        assert "<img src=x" not in html and "onerror=alert(1)>" not in html
        # Shown, as text (from the comment when the case study's text lacks it).
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    from_comment = where in ("title", "comment")
    assert snippet.startswith('<span class="snippet-source">') is from_comment
    assert snippet.count("<mark>") == 2


# --- an index built before comments were indexed -------------------------------------


def _old_schema() -> Schema:
    return Schema(**{n: f for n, f in build_schema().items() if n != "comments"})


def _old_document(case_study: CaseStudy) -> dict:
    document = document_for(case_study)
    del document["comments"], document["digest"]
    return {**document, "digest": digest(document)}


def test_an_old_index_keeps_taking_changes_until_the_reindex(
    app, db, write, make_comment, monkeypatch
):
    """An index built before comments were indexed (as ``flask search
    reindex`` built it then) until the deploy's reindex."""
    root = Path(app.config["SEARCH_INDEX_DIR"])
    cs = write(title="Genset")
    monkeypatch.setattr(rebuild_module, "build_schema", _old_schema)
    monkeypatch.setattr(rebuild_module, "document_for", _old_document)
    rebuild()
    monkeypatch.undo()
    assert "comments" not in whoosh_index.open_dir(str(current_folder(root))).schema
    assert compare().stale == [cs.id]  # its digest counts the comments field

    make_comment(cs, body="Kami memakai kode tandatangan7.")
    apply_pending()  # no UnknownFieldError: the new field is left out

    assert find("genset") == [cs.id]
    assert find("tandatangan7") == []  # and suggestions do not fail
    assert compare().stale == [cs.id]
    rebuild()
    assert find("tandatangan7") == [cs.id]
    assert compare().in_agreement


# --- 50 comments at once -------------------------------------------------------------


def test_fifty_comments_at_once_are_all_stored_and_all_indexed(
    app, db, write, make_user, config_class
):
    """Each thread is a server process of its own (its own app and connection
    pool): it posts a comment, commits, and runs the after-response indexer,
    which most of them find busy. After the threads and a sync, the index holds
    every comment's word and ``check`` agrees with the database."""
    cs = write()
    apply_pending()
    case_id = cs.id
    author_ids = [make_user().id for _ in range(CONCURRENT)]
    root = app.config["SEARCH_INDEX_DIR"]

    def use_test_index(other) -> None:  # noqa: ANN001
        other.config["SEARCH_INDEX_DIR"] = root

    def post(n: int, start) -> None:  # noqa: ANN001
        case_study = _db.session.get(CaseStudy, case_id)
        author = _db.session.get(User, author_ids[n])
        start()
        comments.add_comment(case_study, author, f"Kode kami kodeunik{n:02d}x.")
        _db.session.commit()
        index_after_request(current_app._get_current_object())

    run_together(
        config_class,
        CONCURRENT,
        post,
        prepare=use_test_index,
        timeout=300,
        start_timeout=120,
    )
    stored = db.session.scalar(
        sa.select(sa.func.count(Comment.id)).where(Comment.case_study_id == case_id)
    )
    assert stored == CONCURRENT
    result = app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output

    missing = [n for n in range(CONCURRENT) if find(f"kodeunik{n:02d}x") != [case_id]]
    assert missing == []
    assert search(SearchRequest(q="kode")).total == 1  # one document, not copies
    report = compare()
    assert report.in_agreement and report.pending == 0, report
