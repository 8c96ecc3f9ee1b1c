"""Two processes publish at the same moment: both documents end up in the index,
and neither user sees a lock error.

Each process is a real app (spawned, so nothing is shared but the database
and the index folder) that logs in, publishes through ``/praktik/baru`` and
runs the after-response indexer, exactly as a gunicorn worker would.
"""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path

import sqlalchemy as sa

from app.models import CaseStudy
from tests.conftest import PASSWORD
from tests.test_search_sync import indexed

PUBLISHES = 4  # per process, each started at the same moment as the other's


def publish_in_a_process(
    database_url: str,
    index_dir: str,
    instance_dir: str,
    email: str,
    program_id: int,
    barrier,  # noqa: ANN001
    results,  # noqa: ANN001
) -> None:
    from app import create_app
    from config import TestingConfig

    class Worker(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        INSTANCE_DIR = Path(instance_dir)

    app = create_app(Worker)
    app.config["SEARCH_INDEX_DIR"] = index_dir
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            problems.append(record.getMessage())

    app.logger.addHandler(Collect(level=logging.WARNING))
    client = app.test_client()
    client.post("/masuk", data={"email": email, "password": PASSWORD}, buffered=True)
    statuses = []
    for n in range(PUBLISHES):
        barrier.wait(timeout=30)
        response = client.post(
            "/praktik/baru",
            data={
                "title": f"Praktik {email} nomor {n}",
                "summary": "Ringkasan praktik.",
                "program_id": str(program_id),
                "situation": "Antrean panjang.",
                "action": "Kartu jam kedatangan.",
                "result": "Waktu tunggu turun.",
                "lessons": "Mulai kecil.",
                "publish": "Terbitkan",
            },
            buffered=True,  # the indexer has run when this returns
        )
        statuses.append(response.status_code)
    results.put((email, statuses, problems))


def test_two_processes_publishing_at_once_are_both_indexed_without_lock_errors(
    app, db, make_user, make_program, make_completion, tmp_path
):
    program = make_program()
    users = [make_user(), make_user()]
    for user in users:
        make_completion(user, program)
    db.session.commit()
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(len(users)), spawn.Queue()
    processes = [
        spawn.Process(
            target=publish_in_a_process,
            args=(
                app.config["SQLALCHEMY_DATABASE_URI"],
                app.config["SEARCH_INDEX_DIR"],
                str(tmp_path / "instance"),
                user.email,
                program.id,
                barrier,
                results,
            ),
        )
        for user in users
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(30)
        assert process.exitcode == 0

    for _email, statuses, problems in outcomes:
        assert statuses == [302] * PUBLISHES
        assert problems == []
    published = set(db.session.scalars(sa.select(CaseStudy.id)))
    assert len(published) == len(users) * PUBLISHES
    # No `flask search sync`: the after-response indexers alone got them all.
    assert set(indexed(app.config["SEARCH_INDEX_DIR"])) == published
