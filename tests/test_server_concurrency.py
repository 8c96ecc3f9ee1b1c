"""Fifty people at once against a real server: gunicorn with 4 workers, CSRF
and rate limits on, a schema made by the migrations. Every comment is stored
and found by search (one index document per case study), no "bermanfaat"
mark or page view is lost, and fifty first uses of one new tag all publish;
on SQLite (WAL, busy timeout) and on PostgreSQL.

One server serves the whole module; each test has its own case study.
"""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from app.extensions import db
from app.models import CaseStudy, Comment, HelpfulMark, Status, Tag, User
from app.practices.services import CaseStudyData, create_case_study
from tests.server import (
    Browser,
    Reply,
    Server,
    add_members,
    add_program,
    burst,
    flask_command,
    index_copies,
    local_app,
    migrated_database,
    running_server,
    server_env,
    unique_word,
    upgrade_schema,
)

MEMBERS = 50
WORKERS = 4


@dataclass
class Site:
    server: Server
    env: dict[str, str]
    app: Flask  # the server's app in this process: to set up and inspect
    author_id: int
    program_id: int
    emails: list[str]
    log_offset: int = 0

    def publish(self, title: str) -> tuple[int, str]:
        """A new published case study by the author: (id, page path)."""
        with self.app.app_context():
            author = db.session.get(User, self.author_id)
            case_study = create_case_study(
                author,
                CaseStudyData(
                    title=title,
                    summary="Ringkasan praktik untuk uji server.",
                    program_id=self.program_id,
                    situation="Antrean panjang di loket.",
                    action="Kartu jam kedatangan.",
                    result="Waktu tunggu turun.",
                    lessons="Mulai dari yang kecil.",
                    tags=["pelayanan publik"],
                ),
                publish=True,
            )
            db.session.commit()
            found = (case_study.id, f"/praktik/{case_study.id}/{case_study.slug}")
            db.session.remove()
            return found

    def scalar(self, statement: sa.Executable) -> Any:
        with self.app.app_context():
            value = db.session.scalar(statement)
            db.session.remove()
            return value

    def new_log(self) -> str:
        """What the server logged since the last call."""
        text = self.server.log_path.read_text(errors="replace")
        new, self.log_offset = text[self.log_offset :], len(text)
        return new


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("server")
    with migrated_database(folder) as (env, app):
        with app.app_context():
            program = add_program("Pelatihan Pelayanan Prima")
            (author,) = add_members(1, prefix="penulis", completed=program)
            emails = [
                member.email
                for member in add_members(MEMBERS, prefix="anggota", completed=program)
            ]
            author_id, program_id = author.id, program.id
            db.session.remove()
        with running_server(env, folder / "gunicorn.log", WORKERS) as server:
            yield Site(server, env, app, author_id, program_id, emails)


@pytest.fixture(scope="module")
def members(site: Site) -> list[Browser]:
    """A signed-in browser per member (signing in is not what is measured)."""

    def signed_in(email: str) -> Browser:
        browser = Browser(site.server.url)
        browser.login(email)
        return browser

    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        return list(pool.map(signed_in, site.emails))


def found_ids(browser: Browser, query: str) -> list[int]:
    reply = browser.get("/api/v1/search?" + urllib.parse.urlencode({"q": query}))
    assert reply.status == 200, reply.text[:500]
    return [hit["id"] for hit in json.loads(reply.text)["results"]]


def assert_no_server_errors(log: str) -> None:
    for sign in ("Traceback", "WORKER TIMEOUT", "Worker failed"):
        assert sign not in log, log[-3000:]


def test_fifty_members_commenting_at_once_are_all_stored_and_found_by_search(
    site: Site, members: list[Browser]
):
    case_id, page = site.publish("Kartu antrean di loket perizinan")
    action = f"/praktik/{case_id}/komentar"
    words = [unique_word(n) for n in range(MEMBERS)]
    bodies = [f"Kami coba juga di kantor kami: {word}." for word in words]
    site.new_log()

    done = burst(
        MEMBERS,
        lambda n: members[n].form(page, action, form_id="komentar-baru"),
        lambda n, fields: members[n].post(action, {**fields, "body": bodies[n]}),
    )

    statuses = Counter(reply.status for reply in done.results)
    print(f"\ncomments: {MEMBERS} posted in {done.seconds:.2f} s, {dict(statuses)}")
    assert statuses == {302: MEMBERS}
    stored = site.scalar(
        sa.select(sa.func.count()).where(
            Comment.case_study_id == case_id, Comment.body_md.in_(bodies)
        )
    )
    assert stored == MEMBERS
    assert_no_server_errors(site.new_log())

    sync = flask_command(site.env, "search", "sync")
    assert sync.returncode == 0, sync.stdout + sync.stderr
    check = flask_command(site.env, "search", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    # One document per case study: a stale copy left beside the new one
    # would be found for words the case study no longer holds.
    copies = index_copies(site.env["SEARCH_INDEX_DIR"])
    assert copies[case_id] == 1
    assert set(copies.values()) == {1}
    reader = Browser(site.server.url)
    assert [word for word in words if case_id not in found_ids(reader, word)] == []
    # The search does not just return everything: a word no one wrote.
    assert found_ids(reader, unique_word(MEMBERS)) == []


def test_fifty_helpful_marks_at_once_count_fifty(site: Site, members: list[Browser]):
    case_id, page = site.publish("Layanan jemput bola untuk lansia")
    action = f"/praktik/{case_id}/bermanfaat"
    site.new_log()

    done = burst(
        MEMBERS,
        lambda n: members[n].form(page, action),  # on=1 and the CSRF token
        lambda n, fields: members[n].post(action, fields),
    )

    statuses = Counter(reply.status for reply in done.results)
    print(f"\nhelpful: {MEMBERS} marks in {done.seconds:.2f} s, {dict(statuses)}")
    assert statuses == {302: MEMBERS}
    marks = site.scalar(
        sa.select(sa.func.count()).where(HelpfulMark.case_study_id == case_id)
    )
    count = site.scalar(sa.select(CaseStudy.helpful_count).filter_by(id=case_id))
    assert (marks, count) == (MEMBERS, MEMBERS)
    assert_no_server_errors(site.new_log())


def test_fifty_anonymous_views_at_once_count_fifty(site: Site):
    case_id, page = site.publish("Papan informasi digital di puskesmas")
    visitors = [Browser(site.server.url) for _ in range(MEMBERS)]
    site.new_log()

    done = burst(MEMBERS, lambda n: None, lambda n, _: visitors[n].get(page))

    statuses = Counter(reply.status for reply in done.results)
    print(f"\nviews: {MEMBERS} in {done.seconds:.2f} s, {dict(statuses)}")
    assert statuses == {200: MEMBERS}
    views = sa.select(CaseStudy.view_count).filter_by(id=case_id)
    # A counter written after the response has gone out may still be on its
    # way; wait a little for it, never for a lost increment.
    deadline = time.monotonic() + 10
    while site.scalar(views) < MEMBERS and time.monotonic() < deadline:
        time.sleep(0.1)
    assert site.scalar(views) == MEMBERS
    assert_no_server_errors(site.new_log())


def test_fifty_members_publishing_at_once_with_the_same_new_tag_all_succeed(
    site: Site, members: list[Browser]
):
    """The first use of a tag creates it: fifty first uses at once, one tag."""
    new = "/praktik/baru"
    site.new_log()

    def publish(n: int, fields: dict[str, str]) -> Reply:
        fields.update(
            title=f"Antrean digital di kelurahan {unique_word(n)}",
            summary="Nomor antrean lewat pesan singkat.",
            program_id=str(site.program_id),
            situation="Warga menunggu berjam-jam.",
            action="Nomor antrean dikirim lewat pesan singkat.",
            result="Ruang tunggu tidak lagi penuh.",
            lessons="Uji dulu di satu kelurahan.",
            tags="antrean digital, pelayanan publik",
            publish="Terbitkan",
        )
        return members[n].post(new, fields)

    done = burst(MEMBERS, lambda n: members[n].form(new, new), publish)

    statuses = Counter(reply.status for reply in done.results)
    print(f"\npublishes: {MEMBERS} in {done.seconds:.2f} s, {dict(statuses)}")
    assert statuses == {302: MEMBERS}
    tagged = site.scalar(
        sa.select(sa.func.count())
        .select_from(CaseStudy)
        .join(CaseStudy.tags)
        .where(Tag.slug == "antrean-digital", CaseStudy.status == Status.PUBLISHED)
    )
    assert tagged == MEMBERS
    assert_no_server_errors(site.new_log())


def test_a_sqlite_file_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path):
    """Readers never block the writer, and a writer waits for the lock
    instead of failing at once with "database is locked"."""
    path = tmp_path / "lumbung.sqlite3"
    env = server_env(f"sqlite:///{path}", tmp_path)
    upgrade_schema(env)
    app = local_app(env)
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        db.engine.dispose()
    # WAL is a property of the file: any other process opening it uses it too.
    with sqlite3.connect(path) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    plain.close()
