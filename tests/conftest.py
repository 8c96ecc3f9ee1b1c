"""The vocabulary of the test suite: an app, a client, and creators for every model.

The suite runs against SQLite by default and against PostgreSQL when
``TEST_DATABASE_URL`` is set (``.ci/run`` does both). The schema is created
once per session; every test starts from empty tables.
"""

from __future__ import annotations

import functools
import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, has_app_context
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db as _db
from app.models import (
    Agency,
    CaseStudy,
    Comment,
    Completion,
    CompletionSource,
    Program,
    ProgramRun,
    Role,
    User,
)
from app.models.base import utcnow
from app.practices.services import CaseStudyData, create_case_study
from app.text import render_markdown, slugify
from config import TestingConfig

PASSWORD = "kata-sandi-rahasia-123"
# A valid NIP: born 1985-04-12, TMT 2010-03, male (1), sequence 001.
VALID_NIP = "198504122010031001"


def database_url(tmp_dir: Path) -> str:
    return (
        os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.sqlite3'}"
    )


def is_postgres() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


@contextmanager
def scratch_database(sqlite_file: Path, prefix: str) -> Iterator[str]:
    """The URL of an empty database of one's own: the SQLite file
    ``sqlite_file``, or on the PostgreSQL run a new database named
    ``<prefix>_<random>`` next to ``TEST_DATABASE_URL``, dropped afterwards
    (migrations, backups and real servers need one without the suite's
    tables)."""
    if not is_postgres():
        yield f"sqlite:///{sqlite_file}"
        return
    server = sa.make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def another_app(config: type) -> Iterator[Flask]:
    """An app beside the suite's; its connections are closed afterwards
    (PostgreSQL warns about a connection left to the garbage collector)."""
    other = create_app(config)
    try:
        yield other
    finally:
        with other.app_context():
            _db.engine.dispose()


class FreshContextClient(FlaskClient):
    """Runs every request in its own app context, like a real server.

    A test that has pushed an app context (to call services or factories)
    would otherwise share ``g`` and the database session with the requests it
    makes, hiding bugs such as a user staying logged in after logout. The
    test's own session is committed first so the request sees its data, and
    its objects reload afterwards.
    """

    def open(self, *args, **kwargs):  # noqa: ANN002,ANN003,ANN201
        if has_app_context():
            _db.session.commit()
        # Buffered, like a server that sends the whole response and then
        # closes it: work scheduled with call_on_close (indexing) is done
        # when this returns.
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def test_dirs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lumbung")


@pytest.fixture(scope="session")
def config_class(test_dirs: Path) -> type[TestingConfig]:
    class SuiteConfig(TestingConfig):
        INSTANCE_DIR = test_dirs / "instance"
        SQLALCHEMY_DATABASE_URI = database_url(test_dirs)
        SEARCH_INDEX_DIR = str(test_dirs / "instance" / "search-index")

    return SuiteConfig


@pytest.fixture(scope="session")
def _schema(config_class: type[TestingConfig]) -> Iterator[None]:
    app = create_app(config_class)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


# Ids restart with every test on PostgreSQL, as on SQLite (whose ids come from
# the rows left). DELETE plus restarting the sequences a test used is about four
# times faster than TRUNCATE … RESTART IDENTITY on a few small tables.
_RESTART_USED_SEQUENCES = """
DO $$
DECLARE s record;
BEGIN
  FOR s IN SELECT schemaname, sequencename FROM pg_sequences
           WHERE schemaname = current_schema() AND last_value IS NOT NULL
  LOOP
    EXECUTE format('ALTER SEQUENCE %I.%I RESTART', s.schemaname, s.sequencename);
  END LOOP;
END $$
"""


def _empty_tables() -> None:
    with _db.engine.begin() as connection:
        for table in reversed(_db.metadata.sorted_tables):
            connection.execute(table.delete())
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text(_RESTART_USED_SEQUENCES))


@pytest.fixture
def app(
    _schema: None, config_class: type[TestingConfig], tmp_path: Path
) -> Iterator[Flask]:
    """An app with an app context pushed, so services and factories just work."""
    app = create_app(config_class)
    # Its own search index: ids restart with every test on PostgreSQL.
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "search-index")
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        _db.session.remove()
        _empty_tables()
        _db.engine.dispose()


@pytest.fixture
def db(app: Flask):  # noqa: ANN201
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # noqa: ANN201
    return app.test_cli_runner()


_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def make_nip(n: int, gender: int = 1) -> str:
    """A valid, unique NIP: varying birth day/month and the sequence number."""
    birth = date(1970 + n % 25, 1 + n % 12, 1 + n % 28)  # at least 15 at TMT 2010
    return f"{birth:%Y%m%d}2010{1 + n % 12:02d}{gender}{1 + n % 999:03d}"


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's kind, for migrations to start from."""
    with scratch_database(tmp_path / "empty.sqlite3", "lumbung_migrations") as url:
        yield url


@pytest.fixture
def make_agency(db) -> Callable[..., Agency]:  # noqa: ANN001
    def make(name: str | None = None) -> Agency:
        name = name or f"Dinas Uji {_next()}"
        agency = Agency(name=name, slug=slugify(name))
        db.session.add(agency)
        db.session.commit()
        return agency

    return make


@pytest.fixture
def make_program(db) -> Callable[..., Program]:  # noqa: ANN001
    def make(name: str | None = None, hours: int | None = 20) -> Program:
        name = name or f"Pelatihan Uji {_next()}"
        program = Program(name=name, slug=slugify(name), hours=hours)
        db.session.add(program)
        db.session.commit()
        return program

    return make


@pytest.fixture
def make_run(db, make_program) -> Callable[..., ProgramRun]:  # noqa: ANN001
    """A run (angkatan) of ``program`` (made if absent), 5-9 January 2026."""

    def make(
        program: Program | None = None,
        *,
        name: str | None = None,
        starts_on: date = date(2026, 1, 5),
        ends_on: date = date(2026, 1, 9),
        hours: int | None = None,
        capacity: int | None = None,
    ) -> ProgramRun:
        run = ProgramRun(
            program=program or make_program(),
            name=name or f"Angkatan {_next()}",
            starts_on=starts_on,
            ends_on=ends_on,
            hours=hours,
            capacity=capacity,
        )
        db.session.add(run)
        db.session.commit()
        return run

    return make


@functools.cache
def _password_hash(password: str) -> str:
    """Hash each test password once: scrypt is slow on purpose, tests need not be."""
    user = User()
    user.set_password(password)
    return user.password_hash


@pytest.fixture
def make_user(db, make_agency) -> Callable[..., User]:  # noqa: ANN001
    def make(
        role: Role | str = Role.MEMBER,
        *,
        name: str | None = None,
        email: str | None = None,
        agency: Agency | None = None,
        password: str = PASSWORD,
        active: bool = True,
        nip: str | None = None,
    ) -> User:
        n = _next()
        user = User(
            name=name or f"ASN Uji {n}",
            email=email or f"asn{n}@medan.go.id",
            nip=nip or make_nip(n),
            role=Role(role),
            agency=agency or make_agency(),
            position="Analis Kebijakan",
            active=active,
        )
        user.password_hash = _password_hash(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_completion(db) -> Callable[..., Completion]:  # noqa: ANN001
    def make(
        user: User,
        program: Program,
        *,
        completed_on: date | None = None,
        verified: bool = False,
    ) -> Completion:
        completion = Completion(
            user=user,
            program=program,
            completed_on=completed_on or date(2026, 3, 14),
            certificate_number=f"SERT-{_next():05d}",
            source=CompletionSource.DECLARED,
            verified_at=utcnow() if verified else None,
        )
        db.session.add(completion)
        db.session.commit()
        return completion

    return make


@pytest.fixture
def make_case_study(db, make_user, make_program, make_completion):  # noqa: ANN001,ANN201
    """A case study by an author who completed its programme (both made if absent)."""

    def make(
        *,
        author: User | None = None,
        program: Program | None = None,
        publish: bool = True,
        title: str | None = None,
        tags: list[str] | None = None,
        **sections: str,
    ) -> CaseStudy:
        author = author or make_user()
        program = program or make_program()
        if not any(c.program_id == program.id for c in author.completions):
            make_completion(author, program)
        data = CaseStudyData(
            title=title or f"Praktik uji {_next()}",
            summary=sections.pop("summary", "Ringkasan singkat praktik uji."),
            program_id=program.id,
            situation=sections.pop("situation", "Antrean panjang di loket."),
            action=sections.pop("action", "Menerapkan **manajemen waktu**."),
            result=sections.pop("result", "Waktu tunggu turun."),
            lessons=sections.pop("lessons", "Mulai dari yang kecil."),
            tags=tags if tags is not None else ["pelayanan publik"],
        )
        case_study = create_case_study(author, data, publish=publish)
        db.session.commit()
        return case_study

    return make


# Neutral case-study text, so only what a test writes can match (the
# factory's defaults mention antrean, loket, waktu...).
NEUTRAL = {
    "summary": "Catatan singkat.",
    "situation": "Catatan.",
    "action": "Catatan.",
    "result": "Catatan.",
    "lessons": "Catatan.",
    "tags": [],
}


@pytest.fixture
def writer(make_user, make_program, make_completion):  # noqa: ANN001,ANN201
    """A member who completed one programme, and that programme: the writing
    form is open to them."""
    user = make_user()
    program = make_program("Pelatihan Manajemen Waktu")
    make_completion(user, program)
    return user, program


def count_rows(model: Any) -> int:
    """How many rows ``model``'s table holds now."""
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def write(make_case_study, make_program):  # noqa: ANN001,ANN201
    """``make_case_study`` with neutral text and a neutral programme name
    (search tests: only what the test writes can match)."""
    program = make_program("Program Uji")

    def make(**kwargs) -> CaseStudy:  # noqa: ANN003
        return make_case_study(**{**NEUTRAL, "program": program, **kwargs})

    return make


@pytest.fixture
def make_comment(db, make_user):  # noqa: ANN001,ANN201
    def make(
        case_study: CaseStudy,
        *,
        author: User | None = None,
        body: str = "Terima kasih, sangat membantu.",
        parent: Comment | None = None,
    ) -> Comment:
        comment = Comment(
            case_study=case_study,
            author=author or make_user(),
            parent=parent,
            body_md=body,
            body_html=str(render_markdown(body)),
        )
        db.session.add(comment)
        db.session.commit()
        return comment

    return make


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, user_or_email: User | str, password: str = PASSWORD):  # noqa: ANN201
        email = getattr(user_or_email, "email", user_or_email)
        return self._client.post("/masuk", data={"email": email, "password": password})

    def logout(self):  # noqa: ANN201
        return self._client.post("/keluar")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def count_queries(db):  # noqa: ANN001,ANN201
    """``with count_queries() as q: ...`` then ``q.count`` statements were run."""

    class Counter:
        count = 0
        statements: list[str] = []

    @contextmanager
    def counting() -> Iterator[Counter]:
        counter = Counter()
        counter.statements = []

        def before(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
            counter.count += 1
            counter.statements.append(statement)

        engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def mail_server(app: Flask) -> Iterator[Any]:
    """A real local SMTP server (``tests/mailbox.py``) that ``app`` sends to,
    with ``BASE_URL`` set to ``tests.mailbox.BASE_URL``."""
    from tests.mailbox import running_mailbox, use_smtp

    with running_mailbox() as box:
        use_smtp(app, box.port)
        yield box


@pytest.fixture
def make_notification(db):  # noqa: ANN001,ANN201
    """A notification row as the community code would write it (committed)."""
    from app.models import Notification, NotificationKind

    def make(
        user: User,
        kind: NotificationKind | str,
        *,
        case_study: CaseStudy | None = None,
        actor: User | None = None,
        **fields: Any,
    ) -> Notification:
        notification = Notification(
            user_id=user.id,
            kind=NotificationKind(kind),
            case_study_id=case_study.id if case_study else None,
            actor_id=actor.id if actor else None,
            **fields,
        )
        db.session.add(notification)
        db.session.commit()
        return notification

    return make


@pytest.fixture
def frozen_clock(monkeypatch):  # noqa: ANN001,ANN201
    """``app.auth.clock`` (lockouts, session lifetimes, reset links) stopped
    at a fixed moment; ``frozen_clock.advance(minutes=...)`` moves it."""
    from datetime import UTC, datetime, timedelta

    from app.auth import clock

    class Frozen:
        now = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)  # 09.00 WIB

        def advance(self, **delta: float) -> None:
            self.now += timedelta(**delta)

    frozen = Frozen()
    monkeypatch.setattr(clock, "now", lambda: frozen.now)
    return frozen


@pytest.fixture
def security_events() -> Iterator[list]:
    """The ``log_event`` records written during the test (``.event``,
    ``.fields``), caught by a handler of their own."""
    import logging

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.INFO)
    logger = logging.getLogger("lumbung.events")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
