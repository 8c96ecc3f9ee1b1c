"""Rebuilding the index beside the live one, swapping it in while searches keep
answering, and checking the index against the database."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from whoosh.query import Every

from app.models import SearchChange, Status
from app.search.folders import CURRENT, current_folder
from app.search.indexer import apply_pending
from app.search.rebuild import rebuild
from app.search.searcher import get_searcher
from app.search.state import load_state
from tests.test_search_sync import found, indexed


def test_reindex_builds_a_new_folder_swaps_it_in_and_removes_the_old_one(
    app, db, make_case_study, runner
):
    published = {make_case_study().id for _ in range(3)}
    make_case_study(publish=False)
    root = Path(app.config["SEARCH_INDEX_DIR"])
    apply_pending()
    old = current_folder(root)

    result = runner.invoke(args=["search", "reindex"])

    assert result.exit_code == 0, result.output
    assert "3 studi kasus diindeks" in result.output
    new = current_folder(root)
    assert new != old and not old.exists()
    assert (root / CURRENT).is_symlink()
    assert sorted(p.name for p in root.glob("index-*")) == [new.name]
    assert set(indexed(root)) == published
    latest = db.session.scalar(sa.select(sa.func.max(SearchChange.id)))
    assert load_state(new).last_id == latest


def test_changes_committed_during_a_rebuild_are_in_the_new_index(
    app, db, make_case_study
):
    root = Path(app.config["SEARCH_INDEX_DIR"])
    withdrawn, edited = make_case_study(), make_case_study()
    added = []

    def meanwhile(_written: int) -> None:
        # Another request commits while the rebuild is reading the database.
        if not added:
            added.append(make_case_study(title="Posko krisis terpadu"))
            withdrawn.status = Status.WITHDRAWN
            edited.title = "Layanan jemput bola"
            db.session.commit()

    report = rebuild(progress=meanwhile)

    assert report.caught_up == 3
    assert set(indexed(root)) == {edited.id, added[0].id}
    assert found(root, "title", "jemput") == {edited.id}
    assert found(root, "title", "posko") == {added[0].id}


def test_a_transaction_still_open_when_a_rebuild_starts_is_applied_when_it_commits(
    app, db, make_case_study
):
    """Its change id is below the rebuild's watermark, so it must be a gap."""
    root = Path(app.config["SEARCH_INDEX_DIR"])
    late = make_case_study(publish=False)
    rows = db.session.execute(
        sa.select(SearchChange.__table__).where(SearchChange.case_study_id == late.id)
    ).all()
    db.session.execute(sa.delete(SearchChange))  # not visible yet
    make_case_study()  # a later change that is visible
    db.session.commit()

    rebuild()
    assert late.id not in indexed(root)

    # The late transaction commits: its data and its (lower) change ids appear.
    db.session.execute(
        sa.update(SearchChange.__table__.metadata.tables["case_study"])
        .where(sa.column("id") == late.id)
        .values(status=Status.PUBLISHED.value, published_at=late.created_at)
    )
    db.session.execute(sa.insert(SearchChange), [row._asdict() for row in rows])
    db.session.commit()
    apply_pending()
    assert late.id in indexed(root)


def test_searches_keep_answering_while_the_index_is_rebuilt(
    app, db, make_case_study, make_user, make_program, runner
):
    author, program = make_user(), make_program()
    count = 12
    for _ in range(count):
        make_case_study(author=author, program=program)
    apply_pending()
    answers: list[int] = []
    errors: list[BaseException] = []
    folders: set[Path] = set()
    stop, started, saw_last = threading.Event(), threading.Event(), threading.Event()
    last_folder: list[Path] = []

    def search_in_a_loop() -> None:
        with app.app_context():
            while not stop.is_set():
                try:
                    searcher = get_searcher()
                    answers.append(len(searcher.search(Every(), limit=None)))
                    folder = current_folder(Path(app.config["SEARCH_INDEX_DIR"]))
                    folders.add(folder)
                    if last_folder and folder == last_folder[0]:
                        saw_last.set()
                except BaseException as error:  # noqa: BLE001
                    errors.append(error)
                started.set()

    thread = threading.Thread(target=search_in_a_loop)
    thread.start()
    try:
        assert started.wait(10)
        for _ in range(5):
            assert runner.invoke(args=["search", "reindex"]).exit_code == 0
        last_folder.append(current_folder(Path(app.config["SEARCH_INDEX_DIR"])))
        assert saw_last.wait(10)
    finally:
        stop.set()
        thread.join(10)
    assert errors == []
    assert answers and set(answers) == {count}
    assert len(folders) >= 2  # the searches spanned at least one swap


def test_the_searcher_is_reused_and_sees_new_documents(app, db, make_case_study):
    first = make_case_study()
    apply_pending()
    searcher = get_searcher()
    assert get_searcher() is searcher  # nothing changed: the same one
    make_case_study()
    apply_pending()
    refreshed = get_searcher()
    assert refreshed is not searcher
    assert refreshed.doc_count() == 2
    assert {int(f["id"]) for f in refreshed.all_stored_fields()} >= {first.id}

    rebuild()  # a new folder: the thread's searcher moves to it
    rebuilt = get_searcher()
    assert rebuilt is not refreshed and refreshed.is_closed
    assert rebuilt.doc_count() == 2


def test_there_is_no_searcher_before_there_is_an_index(app):
    assert get_searcher() is None


def test_sync_builds_the_index_from_the_database_when_there_is_none(
    app, make_case_study, runner
):
    cs = make_case_study()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "Belum ada indeks" in result.output
    assert set(indexed(app.config["SEARCH_INDEX_DIR"])) == {cs.id}


# --- flask search check ---------------------------------------------------------


def test_check_agrees_with_a_fresh_index(app, make_case_study, runner):
    make_case_study()
    make_case_study(publish=False)
    apply_pending()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    assert "Indeks sesuai" in result.output


def test_check_reports_missing_stale_and_extra_documents(
    app, db, make_case_study, runner
):
    app.config["SEARCH_SYNC_AFTER_REQUEST"] = False
    stale, extra, renamed = make_case_study(), make_case_study(), make_case_study()
    apply_pending()
    missing = make_case_study()  # published, never indexed
    stale.title = "Judul baru"  # updated_at moves on
    from app.models.base import utcnow

    stale.updated_at = utcnow()
    extra.status = Status.HIDDEN
    renamed.tags[0].name = "Nama tag baru"  # updated_at stays, the document differs
    db.session.commit()

    result = runner.invoke(args=["search", "check"])

    assert result.exit_code == 1
    assert f"Hilang dari indeks: 1 ({missing.id})" in result.output
    assert "Usang di indeks: 2" in result.output
    assert f"Berlebih di indeks: 1 ({extra.id})" in result.output
    apply_pending()
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_check_reports_a_case_study_indexed_twice(app, make_case_study, runner):
    """Whoosh keeps both documents when one writer adds the same id twice
    before committing: search would list the case study twice."""
    from whoosh import index as whoosh_index

    from app.search.indexer import index_root

    twice, once = make_case_study(), make_case_study()
    apply_pending()
    folder = current_folder(index_root())
    index = whoosh_index.open_dir(str(folder))
    with index.searcher() as searcher:
        [docnum] = list(searcher.document_numbers(id=str(twice.id)))
        fields = searcher.stored_fields(docnum)
    with index.writer() as writer:
        writer.add_document(**fields)

    result = runner.invoke(args=["search", "check"])

    assert result.exit_code == 1, result.output
    assert f"Ganda di indeks: 1 ({twice.id})" in result.output
    assert f"({once.id})" not in result.output
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_check_without_an_index_reports_every_published_case_study_missing(
    app, make_case_study, runner
):
    cs = make_case_study()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert f"Hilang dari indeks: 1 ({cs.id})" in result.output


def test_a_second_reindex_while_one_runs_is_refused_politely(app, runner):
    from app.search.folders import rebuild_lock

    with rebuild_lock(Path(app.config["SEARCH_INDEX_DIR"])) as held:
        assert held
        result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 1
    assert "Pembangunan ulang lain sedang berjalan" in result.output


def test_sync_follow_applies_changes_until_interrupted(
    app, make_case_study, runner, monkeypatch
):
    apply_pending()
    cs = make_case_study()

    def interrupt(_seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("app.search.cli.time.sleep", interrupt)
    result = runner.invoke(args=["search", "sync", "--follow", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert "1 perubahan diterapkan" in result.output
    assert "Dihentikan." in result.output
    assert set(indexed(app.config["SEARCH_INDEX_DIR"])) == {cs.id}


def test_a_rebuild_on_two_processes_writes_one_segment_each(app, make_case_study):
    app.config.update(SEARCH_REBUILD_PROCS=2, SEARCH_REBUILD_PARALLEL_MIN=1)
    published = {make_case_study().id for _ in range(5)}
    make_case_study(publish=False)

    report = rebuild()

    assert report.documents == 5
    assert set(indexed(app.config["SEARCH_INDEX_DIR"])) == published
    assert len(list(report.folder.glob("*.seg"))) == 2
    assert not list(report.folder.glob("*.tmp"))  # the workers' scratch space


def test_a_failing_rebuild_worker_leaves_the_current_index_in_place(
    app, make_case_study, monkeypatch
):
    from app.search import rebuild as rebuild_module

    first = make_case_study()
    apply_pending()
    root = Path(app.config["SEARCH_INDEX_DIR"])
    before = current_folder(root)
    make_case_study()
    app.config.update(SEARCH_REBUILD_PROCS=2, SEARCH_REBUILD_PARALLEL_MIN=1)

    def broken(case_study):  # noqa: ANN001,ANN202
        raise ValueError(f"cannot index {case_study.id}")

    monkeypatch.setattr(rebuild_module, "document_for", broken)  # the workers fork
    with pytest.raises(RuntimeError, match="cannot index"):
        rebuild()

    assert current_folder(root) == before
    assert sorted(p.name for p in root.glob("index-*")) == [before.name]
    assert first.id in indexed(root)
