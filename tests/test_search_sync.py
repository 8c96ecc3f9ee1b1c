"""The search index follows the database: the change log, the indexer after each
request, ``flask search sync``, gaps from out-of-order commits, and several
index folders fed from one database."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.query import Term

from app.models import CaseStudy, Program, SearchChange, Status, Tag, User
from app.models.base import utcnow
from app.search import indexer
from app.search.analyzer import terms
from app.search.changes import record_changes
from app.search.folders import current_folder
from app.search.indexer import apply_pending
from app.search.state import Gap, IndexState, load_state
from tests.conftest import is_postgres


def indexed(root: str | Path) -> dict[int, dict]:
    """Stored fields of every document in the current index under ``root``."""
    folder = current_folder(Path(root))
    if folder is None:
        return {}
    with whoosh_index.open_dir(str(folder)).searcher() as searcher:
        return {int(f["id"]): f for f in searcher.all_stored_fields()}


def found(root: str | Path, field: str, word: str) -> set[int]:
    """Ids whose ``field`` contains ``word`` (analysed like the index)."""
    folder = current_folder(Path(root))
    with whoosh_index.open_dir(str(folder)).searcher() as searcher:
        query = Term(field, terms(word)[0])
        return {int(hit["id"]) for hit in searcher.search(query, limit=None)}


def change_rows(db) -> list[int]:  # noqa: ANN001
    return list(
        db.session.scalars(
            sa.select(SearchChange.case_study_id).order_by(SearchChange.id)
        )
    )


def _form(program, **overrides) -> dict[str, str]:  # noqa: ANN001
    values = {
        "title": "Antrean puskesmas lebih pendek",
        "summary": "Jadwal kedatangan per jam memangkas antrean.",
        "program_id": str(program.id),
        "situation": "Antrean pagi sampai 60 orang.",
        "action": "Menerapkan manajemen waktu: kartu jam kedatangan.",
        "result": "Waktu tunggu turun.",
        "lessons": "Libatkan petugas loket sejak awal.",
        "tags": "pelayanan publik",
        "publish": "Terbitkan",
    }
    values.update(overrides)
    return values


@pytest.fixture
def writer(make_user, make_program, make_completion, auth):  # noqa: ANN001,ANN201
    """A logged-in member who completed one programme, and that programme."""
    user = make_user()
    program = make_program("Pelatihan Manajemen Waktu")
    make_completion(user, program)
    auth.login(user)
    return user, program


def _publish(client, program, **overrides) -> int:  # noqa: ANN001
    response = client.post("/praktik/baru", data=_form(program, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.split("/praktik/")[1].split("/")[0])


# --- the change log -----------------------------------------------------------


def test_creating_editing_and_deleting_a_case_study_each_log_a_change(
    db, make_case_study
):
    cs = make_case_study(publish=False)
    assert change_rows(db) == [cs.id]
    cs.title = "Judul baru"
    db.session.commit()
    cs.tags = []
    db.session.commit()
    db.session.delete(cs)
    db.session.commit()
    assert change_rows(db) == [cs.id] * 4


def test_a_change_row_is_written_in_the_same_transaction(db, make_case_study):
    cs = make_case_study()
    before = len(change_rows(db))
    cs.status = Status.WITHDRAWN
    db.session.flush()
    with db.engine.connect() as other:  # another connection sees nothing yet
        assert other.scalar(sa.select(sa.func.count(SearchChange.id))) == before
    assert len(change_rows(db)) == before + 1
    db.session.commit()


def test_a_rolled_back_transaction_leaves_nothing_in_the_log_or_the_index(
    app, db, make_case_study
):
    cs = make_case_study()
    apply_pending()
    logged = change_rows(db)
    cs.title = "Tidak jadi"
    db.session.add(
        CaseStudy(
            title="Juga tidak jadi",
            slug="juga-tidak-jadi",
            summary="-",
            author=cs.author,
            program=cs.program,
            status=Status.PUBLISHED,
        )
    )
    db.session.flush()
    assert len(change_rows(db)) > len(logged)
    db.session.rollback()

    assert change_rows(db) == logged
    assert apply_pending().changes == 0
    assert set(indexed(app.config["SEARCH_INDEX_DIR"])) == {cs.id}
    assert found(app.config["SEARCH_INDEX_DIR"], "title", "jadi") == set()


def test_bulk_statements_are_logged_by_record_changes(app, db, make_case_study):
    cs = make_case_study()
    apply_pending()
    db.session.execute(
        sa.update(CaseStudy).where(CaseStudy.id == cs.id).values(status="hidden")
    )
    record_changes(db.session, [cs.id])
    db.session.commit()
    assert apply_pending().changes == 1
    assert indexed(app.config["SEARCH_INDEX_DIR"]) == {}


def test_a_new_comment_logs_its_case_study(db, make_case_study, make_comment):
    """Visible comments are indexed with it (tests/test_search_comments.py)."""
    cs = make_case_study()
    before = change_rows(db)
    make_comment(cs)
    assert change_rows(db) == [*before, cs.id]


@pytest.mark.parametrize(
    ("model", "attribute"),
    [
        (Tag, "name"),
        (Tag, "slug"),
        (Program, "name"),
        (Program, "slug"),
        (User, "name"),
    ],
)
def test_renaming_what_a_case_study_shows_logs_each_case_study_that_shows_it(
    db, make_case_study, make_user, make_program, model, attribute
):
    author, program = make_user(), make_program()
    shown = [
        make_case_study(author=author, program=program, tags=["antrean"])
        for _ in range(2)
    ]
    make_case_study(tags=["lain"])  # another author, programme and tag
    target = {
        Tag: lambda: db.session.scalar(sa.select(Tag).where(Tag.slug == "antrean")),
        Program: lambda: program,
        User: lambda: author,
    }[model]()
    db.session.execute(sa.delete(SearchChange))
    db.session.commit()

    setattr(target, attribute, getattr(target, attribute) + "-baru")
    db.session.commit()

    assert sorted(change_rows(db)) == sorted(cs.id for cs in shown)


def test_renaming_an_agency_logs_its_case_studies(
    db, make_case_study, make_user, make_agency
):
    agency = make_agency()
    cs = make_case_study(author=make_user(agency=agency))
    db.session.execute(sa.delete(SearchChange))
    db.session.commit()
    agency.name = "Dinas Baru"
    db.session.commit()
    assert change_rows(db) == [cs.id]


def test_deleting_a_tag_logs_the_case_studies_that_had_it(db, make_case_study):
    cs = make_case_study(tags=["sementara"])
    db.session.execute(sa.delete(SearchChange))
    db.session.commit()
    db.session.delete(db.session.scalar(sa.select(Tag).where(Tag.slug == "sementara")))
    db.session.commit()
    assert change_rows(db) == [cs.id]


# --- the indexer after each request ----------------------------------------


def test_a_published_case_study_is_searchable_when_the_request_returns(
    app, client, writer
):
    user, program = writer
    case_id = _publish(client, program)
    root = app.config["SEARCH_INDEX_DIR"]
    assert set(indexed(root)) == {case_id}
    assert found(root, "title", "antrean") == {case_id}
    assert found(root, "body", "kedatangan") == {case_id}  # kartu jam kedatangan


def test_a_draft_is_not_indexed(app, client, writer):
    user, program = writer
    _publish(client, program, publish="", save="Simpan draf")
    assert indexed(app.config["SEARCH_INDEX_DIR"]) == {}


def test_an_edit_replaces_the_indexed_document(app, client, writer):
    user, program = writer
    case_id = _publish(client, program)
    response = client.post(
        f"/praktik/{case_id}/ubah",
        data=_form(program, title="Posko krisis terpadu", publish=""),
    )
    assert response.status_code == 302
    root = app.config["SEARCH_INDEX_DIR"]
    assert found(root, "title", "posko") == {case_id}
    assert found(root, "title", "antrean") == set()
    assert len(indexed(root)) == 1


def test_a_withdrawn_case_study_leaves_the_index(app, client, writer):
    user, program = writer
    case_id = _publish(client, program)
    assert client.post(f"/praktik/{case_id}/tarik").status_code == 302
    assert indexed(app.config["SEARCH_INDEX_DIR"]) == {}


@pytest.mark.parametrize("how", ["hidden", "draft", "deleted"])
def test_hidden_unpublished_and_deleted_case_studies_leave_the_index(
    app, db, make_case_study, how
):
    keep, gone = make_case_study(), make_case_study()
    apply_pending()
    if how == "deleted":
        db.session.delete(gone)
    else:
        gone.status = Status(how)
    db.session.commit()
    apply_pending()
    assert set(indexed(app.config["SEARCH_INDEX_DIR"])) == {keep.id}


def test_a_renamed_tag_is_found_under_its_new_name(app, db, make_case_study):
    cs = make_case_study(tags=["antrean"])
    apply_pending()
    db.session.scalar(sa.select(Tag).where(Tag.slug == "antrean")).name = "Loket"
    db.session.commit()
    apply_pending()
    assert found(app.config["SEARCH_INDEX_DIR"], "tags", "loket") == {cs.id}


def test_a_crash_between_commit_and_index_loses_nothing(app, client, writer, runner):
    user, program = writer
    first = _publish(client, program)
    app.config["SEARCH_SYNC_AFTER_REQUEST"] = False  # as if the process died
    second = _publish(client, program, title="Posko krisis terpadu")
    root = app.config["SEARCH_INDEX_DIR"]
    assert set(indexed(root)) == {first}

    result = runner.invoke(args=["search", "sync"])

    assert result.exit_code == 0, result.output
    assert "1 perubahan diterapkan" in result.output
    assert set(indexed(root)) == {first, second}
    assert runner.invoke(args=["search", "sync"]).output.startswith("0 perubahan")


def test_an_indexing_error_is_logged_and_the_user_still_gets_their_page(
    app, client, writer, monkeypatch, caplog
):
    user, program = writer

    def broken(**_kwargs):  # noqa: ANN003,ANN202
        raise OSError("disk full")

    monkeypatch.setattr(indexer, "apply_pending", broken)
    with caplog.at_level(logging.ERROR):
        case_id = _publish(client, program)
    assert "indexing after the request failed" in caplog.text
    assert client.get(f"/praktik/{case_id}").status_code in (200, 301)
    monkeypatch.undo()
    assert apply_pending().changes == 1
    assert set(indexed(app.config["SEARCH_INDEX_DIR"])) == {case_id}


def test_a_request_that_changes_nothing_searchable_does_not_run_the_indexer(
    app, client, writer, monkeypatch
):
    calls = []
    monkeypatch.setattr(indexer, "apply_pending", lambda **kw: calls.append(kw))
    client.get("/")
    client.post("/keluar")
    assert calls == []


def test_the_indexer_leaves_the_work_to_whoever_holds_the_lock(
    app, db, make_case_study
):
    from app.search.folders import INDEXER_LOCK, try_lock

    first = make_case_study()
    apply_pending()
    second = make_case_study()
    folder = current_folder(Path(app.config["SEARCH_INDEX_DIR"]))
    with try_lock(folder / INDEXER_LOCK) as held:
        assert held
        report = apply_pending()  # returns at once, no LockError
        assert report.busy and report.changes == 0
    assert apply_pending().changes == 1
    assert set(indexed(app.config["SEARCH_INDEX_DIR"])) == {first.id, second.id}


def test_applying_the_same_changes_twice_is_harmless(app, db, make_case_study):
    """What a crash after the index commit but before the state write causes."""
    cs = make_case_study()
    root = Path(app.config["SEARCH_INDEX_DIR"])
    apply_pending()
    folder = current_folder(root)
    (folder / "state.json").write_text(IndexState().to_json())
    assert apply_pending().changes >= 1
    assert set(indexed(root)) == {cs.id}
    assert load_state(folder).last_id == db.session.scalar(
        sa.select(sa.func.max(SearchChange.id))
    )


# --- out-of-order commits: the watermark remembers its gaps ---------------------


def test_a_change_that_commits_after_a_higher_one_was_applied_is_not_skipped(
    app, db, make_case_study
):
    root = Path(app.config["SEARCH_INDEX_DIR"])
    apply_pending()  # an empty index, watermark at the start of the log
    late = make_case_study()  # its transaction will "commit" late
    early = make_case_study()
    late_rows = db.session.execute(
        sa.select(
            SearchChange.id, SearchChange.case_study_id, SearchChange.created_at
        ).where(SearchChange.case_study_id == late.id)
    ).all()
    db.session.execute(
        sa.delete(SearchChange).where(SearchChange.case_study_id == late.id)
    )
    db.session.commit()

    apply_pending()
    state = load_state(current_folder(root))
    assert set(indexed(root)) == {early.id}
    assert state.last_id > max(row.id for row in late_rows)
    assert all(any(g.low <= row.id <= g.high for g in state.gaps) for row in late_rows)

    db.session.execute(  # the late transaction commits: lower ids appear
        sa.insert(SearchChange), [row._asdict() for row in late_rows]
    )
    db.session.commit()
    assert apply_pending().changes == len(late_rows)
    assert set(indexed(root)) == {early.id, late.id}
    assert not any(
        g.low <= row.id <= g.high
        for g in load_state(current_folder(root)).gaps
        for row in late_rows
    )


def test_the_watermark_records_holes_and_closes_them_when_ids_appear():
    state = IndexState()
    state.advance([1, 2, 5, 9], now=100.0, timeout=600)
    assert state.last_id == 9
    assert [(g.low, g.high) for g in state.gaps] == [(3, 4), (6, 8)]
    state.advance([7, 3], now=200.0, timeout=600)
    assert [(g.low, g.high) for g in state.gaps] == [(4, 4), (6, 6), (8, 8)]
    assert all(g.seen == 100.0 for g in state.gaps)


def test_a_hole_is_given_up_after_the_timeout():
    """A rolled-back transaction leaves a permanent hole in the sequence."""
    state = IndexState(last_id=10, gaps=[Gap(4, 6, 100.0), Gap(8, 8, 500.0)])
    state.advance([11], now=750.0, timeout=600)
    assert [(g.low, g.high) for g in state.gaps] == [(8, 8)]
    assert IndexState.from_json(state.to_json()) == state


def test_an_expired_gap_is_forgotten_by_the_indexer(app, db, make_case_study):
    app.config["SEARCH_GAP_TIMEOUT"] = 0  # every hole is given up at once
    root = Path(app.config["SEARCH_INDEX_DIR"])
    apply_pending()
    make_case_study()
    db.session.execute(sa.delete(SearchChange))
    make_case_study()
    apply_pending()
    assert load_state(current_folder(root)).gaps == []


# --- several servers, one database --------------------------------------------


def test_two_index_folders_are_kept_in_step_from_one_database(
    app, client, writer, tmp_path, config_class
):
    """Server A indexes after its own requests; server B, another app on the same
    database with its own folder, runs `flask search sync` (in production:
    --follow) and reaches the same index."""
    from app import create_app
    from app.extensions import db as _db

    user, program = writer
    server_a = app.config["SEARCH_INDEX_DIR"]
    server_b = tmp_path / "server-b"
    app_b = create_app(config_class)
    app_b.config["SEARCH_INDEX_DIR"] = str(server_b)

    def on_b(*args: str):  # noqa: ANN202
        with app_b.app_context():
            return app_b.test_cli_runner().invoke(args=["search", *args])

    try:
        first = _publish(client, program)
        assert set(indexed(server_a)) == {first} and indexed(server_b) == {}
        assert on_b("sync").exit_code == 0
        assert set(indexed(server_b)) == {first}

        second = _publish(client, program, title="Posko krisis terpadu")
        assert client.post(f"/praktik/{first}/tarik").status_code == 302
        assert set(indexed(server_a)) == {second}
        assert set(indexed(server_b)) == {first}
        assert on_b("check").exit_code == 1

        assert "2 perubahan diterapkan" in on_b("sync").output
        assert indexed(server_b).keys() == indexed(server_a).keys() == {second}
        assert on_b("check").exit_code == 0
        assert app.test_cli_runner().invoke(args=["search", "check"]).exit_code == 0
    finally:
        with app_b.app_context():
            _db.session.remove()
            _db.engine.dispose()


if is_postgres():  # SQLite has one writer at a time: it commits in id order

    def test_postgresql_transactions_that_commit_out_of_order_are_all_applied(
        app, db, make_case_study, make_user, make_program, make_completion
    ):
        author, program = make_user(), make_program()
        make_completion(author, program)
        root = Path(app.config["SEARCH_INDEX_DIR"])
        apply_pending()
        with Session(db.engine) as slow:  # a request still working
            late = CaseStudy(
                title="Terlambat",
                slug="terlambat",
                summary="-",
                author_id=author.id,
                program_id=program.id,
                status=Status.PUBLISHED,
                published_at=utcnow(),
            )
            slow.add(late)
            slow.flush()  # its change id is taken now...
            early = make_case_study(author=author, program=program)  # ...commits
            apply_pending()
            assert set(indexed(root)) == {early.id}
            slow.commit()  # ...and the lower id becomes visible only now
            late_id = late.id
        apply_pending()
        assert set(indexed(root)) == {early.id, late_id}
        assert load_state(current_folder(root)).gaps == []


def test_one_run_never_writes_a_case_study_twice_before_committing(
    app, db, make_case_study, monkeypatch
):
    """Changes for the same case study in two batches of one run: Whoosh
    replaces only committed documents, so writing it again in the same writer
    would leave two copies (the 50-comment server burst made 13)."""
    from app.search.check import compare

    app.config["SEARCH_SYNC_AFTER_REQUEST"] = False
    busy, other = make_case_study(), make_case_study()
    for case_id in (busy.id, other.id, busy.id, busy.id):
        record_changes(db.session, [case_id])
        db.session.commit()
    monkeypatch.setattr(indexer, "BATCH_SIZE", 1)

    report = indexer.apply_pending()

    assert report.changes >= 4
    with whoosh_index.open_dir(
        str(current_folder(Path(app.config["SEARCH_INDEX_DIR"])))
    ).searcher() as searcher:
        copies = [int(f["id"]) for f in searcher.all_stored_fields()]
    assert sorted(copies) == sorted([busy.id, other.id])
    assert compare().in_agreement
