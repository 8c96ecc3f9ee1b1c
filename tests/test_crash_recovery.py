"""A power cut in the middle of a burst of publishes loses nothing a writer was
told was saved.

Writers publish through a real gunicorn server (4 workers) as fast as it
answers; after the fifth "saved" (the 302 to the new case study) the master
and every worker get SIGKILL while other publishes are still in flight. After
a restart on the same database and index folder, ``flask search sync`` brings
the index up to date, ``flask search check`` finds the index and the database
in agreement, and every acknowledged case study is in the database and found
by search. On SQLite (WAL) and on PostgreSQL.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.models import CaseStudy, Status
from tests.server import (
    Browser,
    Server,
    add_members,
    add_program,
    burst,
    flask_command,
    index_copies,
    migrated_database,
    running_server,
    unique_word,
)

WRITERS = 16
KILL_AFTER = 5  # acknowledged publishes before the power cut
MAX_PER_WRITER = 25  # far more than the server lives to answer
NEW = "/praktik/baru"
SAVED = re.compile(r"^(?:https?://[^/]+)?/praktik/(\d+)/")


@dataclass
class Outcome:
    """What the writers saw, and when the server died."""

    acknowledged: dict[int, str] = field(default_factory=dict)  # id -> word
    statuses: Counter = field(default_factory=Counter)  # answered publishes
    broken: int = 0  # publishes sent that got no answer (connection cut)
    in_flight_at_kill: int = 0
    seconds_to_kill: float = 0.0


class PowerCut:
    """Counts acknowledgements and requests in flight; the thread that gets
    the ``KILL_AFTER``-th acknowledgement kills the server there and then."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.outcome = Outcome()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.killed = threading.Event()
        self.started = 0.0

    def sending(self) -> None:
        with self.lock:
            self.in_flight += 1

    def answered(self, status: int, location: str, word: str) -> None:
        with self.lock:
            self.in_flight -= 1
            self.outcome.statuses[status] += 1
            saved = SAVED.match(location) if status == 302 else None
            if saved is not None:
                self.outcome.acknowledged[int(saved.group(1))] = word
            cut = len(self.outcome.acknowledged) >= KILL_AFTER
            if cut and not self.killed.is_set():
                self.outcome.in_flight_at_kill = self.in_flight
                self.outcome.seconds_to_kill = time.monotonic() - self.started
                self.server.kill()
                self.killed.set()

    def broke(self) -> None:
        with self.lock:
            self.in_flight -= 1
            self.outcome.broken += 1


def publish_until_the_power_cut(
    server: Server, emails: list[str], program_id: int
) -> Outcome:
    cut = PowerCut(server)

    def sign_in(n: int) -> Browser:
        browser = Browser(server.url, timeout=30)
        browser.login(emails[n])
        return browser

    def publish(n: int, browser: Browser) -> None:
        if not cut.started:
            cut.started = time.monotonic()
        for attempt in range(MAX_PER_WRITER):
            word = unique_word(n * MAX_PER_WRITER + attempt)
            try:
                fields = browser.form(NEW, NEW)  # CSRF and any one-time token
            except (OSError, http.client.HTTPException):
                return  # the server is gone
            fields.update(
                title=f"Praktik {word} di loket pelayanan",
                summary="Ringkasan praktik yang terbit saat server mati.",
                program_id=str(program_id),
                situation="Antrean panjang.",
                action="Kartu jam kedatangan.",
                result="Waktu tunggu turun.",
                lessons="Mulai kecil.",
                tags="pelayanan publik",
                publish="Terbitkan",
            )
            cut.sending()
            try:
                reply = browser.post(NEW, fields)
            except (OSError, http.client.HTTPException):
                cut.broke()
                return
            cut.answered(reply.status, reply.location, word)
            if cut.killed.is_set():
                return

    burst(WRITERS, sign_in, publish)
    return cut.outcome


def found_ids(browser: Browser, query: str) -> list[int]:
    reply = browser.get("/api/v1/search?" + urllib.parse.urlencode({"q": query}))
    assert reply.status == 200, reply.text[:500]
    return [hit["id"] for hit in json.loads(reply.text)["results"]]


def test_sigkill_mid_burst_of_publishes_loses_nothing_acknowledged(tmp_path: Path):
    with migrated_database(tmp_path) as (env, app):
        with app.app_context():
            program = add_program("Pelatihan Manajemen Antrean")
            writers = add_members(WRITERS, prefix="penulis", completed=program)
            emails, program_id = [w.email for w in writers], program.id
            db.session.remove()

        server = Server(env, tmp_path / "gunicorn-before.log")
        try:
            server.start()
            outcome = publish_until_the_power_cut(server, emails, program_id)
        finally:
            server.stop()  # nothing left to stop unless the test failed early

        acknowledged = outcome.acknowledged
        # The cut came mid-burst, and every answer before it was a "saved".
        assert len(acknowledged) >= KILL_AFTER
        assert outcome.in_flight_at_kill > 0
        assert set(outcome.statuses) == {302}

        with running_server(env, tmp_path / "gunicorn-after.log") as restarted:
            sync = flask_command(env, "search", "sync")
            assert sync.returncode == 0, sync.stdout + sync.stderr
            check = flask_command(env, "search", "check")
            assert check.returncode == 0, check.stdout + check.stderr

            with app.app_context():
                stored = dict(
                    db.session.execute(
                        sa.select(CaseStudy.id, CaseStudy.title).where(
                            CaseStudy.status == Status.PUBLISHED
                        )
                    ).all()
                )
                db.session.remove()
            print(
                f"\ncrash: killed {outcome.seconds_to_kill:.2f} s into the burst "
                f"with {outcome.in_flight_at_kill} publishes in flight; "
                f"acknowledged {len(acknowledged)}, cut off {outcome.broken}, "
                f"published in the database {len(stored)}"
            )
            assert {
                case_id: word
                for case_id, word in acknowledged.items()
                if word not in stored.get(case_id, "")
            } == {}
            copies = index_copies(env["SEARCH_INDEX_DIR"])
            assert copies == Counter(dict.fromkeys(stored, 1))
            reader = Browser(restarted.url)
            assert [
                case_id
                for case_id, word in acknowledged.items()
                if found_ids(reader, word) != [case_id]
            ] == []
