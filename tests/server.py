"""A real server for tests: gunicorn workers on a loopback port, a database and
an instance folder of their own, and browsers that talk to it over HTTP.

The test client runs a request inside the test process; only a real server
shows what several worker processes do to one database and one index, and
what a SIGKILL in the middle of a request leaves behind. Everything here is
stdlib (urllib, http.cookiejar, html.parser): the suite needs no HTTP client.

The server is the development configuration (plain HTTP on 127.0.0.1, so
cookies are not ``Secure``) with CSRF protection and rate limits on, as in
production; the limits are raised through the environment, since each worker
counts in its own memory. The schema is made by ``flask db upgrade``, so a
server test also proves that the migrations give a working schema.
"""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Generic, TypeVar

from flask import Flask
from whoosh import index as whoosh_index

from app import create_app
from app.extensions import db
from app.models import (
    Agency,
    CaseStudy,
    Completion,
    CompletionSource,
    Program,
    Role,
    Status,
    User,
)
from app.search.folders import current_folder
from app.text import slugify
from config import DevelopmentConfig
from tests.conftest import PASSWORD, scratch_database

ROOT = Path(__file__).parent.parent
S = TypeVar("S")
T = TypeVar("T")

# High enough that a test's burst never meets a limit: this is a test of
# concurrency, tests/test_rate_limits.py tests the limits.
GENEROUS_LIMIT = "100000 per minute"
RATE_LIMITS = (
    "LOGIN REGISTER PASSWORD_RESET POST COMMENT FLAG SEARCH WRITING_AIDS".split()
)
# Variables of the test run that must not leak into the server's configuration.
CLEARED = ("FLASK_APP", "FLASK_DEBUG", "REDIS_URL", "BASE_URL", "MODERATION_MODE")


# --- database, environment, commands ------------------------------------------


def server_env(database_url: str, folder: Path) -> dict[str, str]:
    """The environment of the server and of its ``flask`` commands."""
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.update(
        APP_ENV="development",
        DATABASE_URL=database_url,
        INSTANCE_DIR=str(folder / "instance"),
        SEARCH_INDEX_DIR=str(folder / "search-index"),
        SECRET_KEY=f"server-test-{uuid.uuid4().hex}",
        MAIL_BACKEND="log",
        PYTHONUNBUFFERED="1",
    )
    env.update({f"RATELIMIT_{name}": GENEROUS_LIMIT for name in RATE_LIMITS})
    return env


def flask_command(
    env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``flask <args>`` as an operator would run it beside the server."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def upgrade_schema(env: dict[str, str]) -> None:
    """``flask db upgrade``: the schema the server needs, made as in a deploy."""
    done = flask_command(env, "db", "upgrade")
    assert done.returncode == 0, done.stdout + done.stderr


def local_app(env: dict[str, str]) -> Flask:
    """The server's app, built in the test process: to fill and inspect the
    database the server uses, with the app's own models and services."""

    class ServerConfig(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = env["DATABASE_URL"]
        INSTANCE_DIR = Path(env["INSTANCE_DIR"])
        SEARCH_INDEX_DIR = env["SEARCH_INDEX_DIR"]

        @classmethod
        def secret_key(cls) -> str:
            return env["SECRET_KEY"]

    return create_app(ServerConfig)


@contextmanager
def migrated_database(folder: Path) -> Iterator[tuple[dict[str, str], Flask]]:
    """A fresh database migrated to the latest revision: the environment of
    its server and the server's app in this process (its connections are
    closed when the block ends, before the database is dropped)."""
    with scratch_database(folder / "lumbung.sqlite3", "lumbung_server") as database_url:
        env = server_env(database_url, folder)
        upgrade_schema(env)
        app = local_app(env)
        try:
            yield env, app
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


# --- people the server knows ------------------------------------------------------


@functools.cache
def _password_hash() -> str:
    """scrypt once per run: fifty accounts share one (salted) hash."""
    user = User()
    user.set_password(PASSWORD)
    return user.password_hash


def add_program(name: str) -> Program:
    program = Program(name=name, slug=slugify(name), hours=20)
    db.session.add(program)
    db.session.flush()
    return program


def add_members(
    count: int, *, prefix: str, completed: Program | None = None
) -> list[User]:
    """``count`` members of one agency (password ``tests.conftest.PASSWORD``);
    with ``completed``, each has declared completing that programme, so each
    may write about it. Committed."""
    agency = Agency(name=f"Dinas {prefix}", slug=slugify(f"dinas {prefix}"))
    members = [
        User(
            name=f"ASN {prefix} {n}",
            email=f"{prefix}{n}@medan.go.id",
            role=Role.MEMBER,
            agency=agency,
            position="Analis Kebijakan",
            password_hash=_password_hash(),
        )
        for n in range(count)
    ]
    db.session.add_all(members)
    if completed is not None:
        db.session.add_all(
            Completion(
                user=member,
                program=completed,
                completed_on=date(2026, 3, 14),
                certificate_number=f"SERT-{prefix}-{n:04d}",
                source=CompletionSource.DECLARED,
            )
            for n, member in enumerate(members)
        )
    db.session.commit()
    return members


def unique_word(n: int) -> str:
    """A made-up word that only item ``n`` contains: letters the analyzer
    neither stems nor splits (``zq…x``), distinct for every ``n``."""
    letters = ""
    while True:
        n, digit = divmod(n, 26)
        letters += chr(ord("a") + digit)
        if n == 0:
            return f"zq{letters}x"


def index_copies(index_dir: str) -> Counter[int]:
    """How many documents the current search index holds per case study id:
    one each, or a search can find a case study by text it no longer has."""
    folder = current_folder(Path(index_dir))
    assert folder is not None, f"no search index in {index_dir}"
    with whoosh_index.open_dir(str(folder)).searcher() as searcher:
        return Counter(int(fields["id"]) for fields in searcher.all_stored_fields())


# --- the server -------------------------------------------------------------------


def free_port() -> int:
    """A port no one listens on now (the kernel's choice for port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerFailed(RuntimeError):
    """gunicorn exited or never answered; the message ends with its log."""


class Server:
    """``gunicorn -w N wsgi:app`` in a process group of its own, so a test can
    kill the master and every worker at once, as a power cut would."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 4) -> None:
        self.env = env
        self.log_path = log_path
        self.workers = workers
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        """Start on a free port and return once a worker answers."""
        for _attempt in range(3):  # another process may take the port first
            self.port = free_port()
            self._spawn()
            try:
                self._wait_until_answering(timeout)
                return
            except ServerFailed:
                self.kill()
                if "Connection in use" not in self.log():  # gunicorn's words
                    raise
        raise ServerFailed(f"no free port found\n{self.log()}")

    def _spawn(self) -> None:
        command = [
            *(sys.executable, "-m", "gunicorn", "wsgi:app"),
            *("--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}"),
            *("--chdir", str(ROOT), "--graceful-timeout", "5"),
            "--no-control-socket",  # the default socket path is shared
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group
            )

    def _wait_until_answering(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"gunicorn exited\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/masuk", timeout=5):  # noqa: S310
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise ServerFailed(f"no answer within {timeout} s\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def kill(self) -> None:
        """SIGKILL to the master and every worker; returns when all are gone."""
        if self.process is None:
            return
        group = self.process.pid
        try:
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self.process = None
        deadline = time.monotonic() + 15
        while group_alive(group) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not group_alive(group), f"process group {group} survived SIGKILL"

    def stop(self) -> None:
        """A normal shutdown (SIGTERM), then SIGKILL for anything left."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        self.kill()


def group_alive(group: int) -> bool:
    """Does any live (not zombie) process belong to process group ``group``?"""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # exited while we looked
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces, so split after ")".
        state, _ppid, pgrp = text.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == group and state not in {"Z", "X"}:
            return True
    return False


@contextmanager
def running_server(
    env: dict[str, str], log_path: Path, workers: int = 4
) -> Iterator[Server]:
    """A started server that is killed, whatever happens, when the block ends."""
    server = Server(env, log_path, workers)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@contextmanager
def demo_server(
    folder: Path, workers: int = 2
) -> Iterator[tuple[Server, dict[str, str], Flask]]:
    """The demo (``flask demo load``, indexed) behind a started server: what
    the browser tests, the page-weight bench and the screenshots look at."""
    with migrated_database(folder) as (env, app):
        for args in (("demo", "load"), ("search", "reindex")):
            done = flask_command(env, *args)
            if done.returncode != 0:
                raise ServerFailed(f"flask {' '.join(args)} failed\n{done.stderr}")
        with running_server(env, folder / "server.log", workers=workers) as server:
            yield server, env, app


def first_published_case_study(app: Flask) -> str:
    """The path of the server's first published case study."""
    with app.app_context():
        case = db.session.scalars(
            db.select(CaseStudy)
            .where(CaseStudy.status == Status.PUBLISHED)
            .order_by(CaseStudy.id)
        ).first()
        assert case is not None, "no published case study: is the demo loaded?"
        return f"/praktik/{case.id}/{case.slug}"


# --- browsers -----------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    location: str
    text: str


class _KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    """Return 3xx/4xx/5xx responses as they are: a test asserts on them, and a
    302 is how the site says "saved"."""

    def http_response(self, request, response):  # noqa: ANN001,ANN201
        return response

    https_response = http_response


@dataclass
class _Form:
    action: str
    id: str
    hidden: dict[str, str] = field(default_factory=dict)


class _Forms(HTMLParser):
    """Every ``<form>`` of a page with its hidden inputs (CSRF token and any
    one-time token the form carries)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[_Form] = []
        self._open: _Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._open = _Form(values.get("action", ""), values.get("id", ""))
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and values.get("name"):
            if values.get("type") == "hidden":
                self._open.hidden[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


class Browser:
    """One visitor: its own cookie jar, redirects not followed."""

    def __init__(self, base_url: str, timeout: float = 60) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _KeepEveryResponse()
        )

    def get(self, path: str) -> Reply:
        return self._send(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict[str, str]) -> Reply:
        body = urllib.parse.urlencode(data).encode()
        return self._send(urllib.request.Request(self.base_url + path, data=body))

    def _send(self, request: urllib.request.Request) -> Reply:
        with self._opener.open(request, timeout=self.timeout) as response:
            text = response.read().decode("utf-8", errors="replace")
            return Reply(response.status, response.headers.get("Location", ""), text)

    def form(self, page: str, action: str, form_id: str = "") -> dict[str, str]:
        """The hidden fields of the form posting to ``action`` on ``page``
        (the first one, or the one with ``form_id``), as a browser sends them."""
        reply = self.get(page)
        assert reply.status == 200, (page, reply.status, reply.text[:500])
        parser = _Forms()
        parser.feed(reply.text)
        for form in parser.forms:
            if urllib.parse.urlsplit(form.action).path == action and (
                not form_id or form.id == form_id
            ):
                return dict(form.hidden)
        raise AssertionError(f"no form posting to {action} on {page}")

    def submit(
        self, page: str, action: str, data: dict[str, str], form_id: str = ""
    ) -> Reply:
        """Open ``page``, fill the form posting to ``action`` and send it."""
        return self.post(action, {**self.form(page, action, form_id), **data})

    def login(self, email: str, password: str = PASSWORD) -> None:
        reply = self.submit("/masuk", "/masuk", {"email": email, "password": password})
        assert reply.status == 302, (email, reply.status, reply.text[:500])


# --- many browsers at once ----------------------------------------------------------


@dataclass
class Burst(Generic[T]):
    results: list[T]  # in thread order
    seconds: float  # from the common start to the last answer


def burst(
    count: int,
    prepare: Callable[[int], S],
    act: Callable[[int, S], T],
    *,
    timeout: float = 120,
) -> Burst[T]:
    """``prepare(n)`` in ``count`` threads (sign in, open the form), then,
    when every thread is ready, ``act(n, prepared)`` in all at the same moment.

    :raise AssertionError: a thread raised (all errors are listed).
    """
    started: list[float] = []
    barrier = threading.Barrier(count, action=lambda: started.append(time.monotonic()))
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            prepared = prepare(n)
            barrier.wait(timeout=timeout)
            results[n] = act(n, prepared)
        except BaseException as error:  # noqa: BLE001 - reported below
            barrier.abort()
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(n,), daemon=True) for n in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    finished = time.monotonic()
    assert not errors, errors[:5]
    assert len(results) == count, f"{count - len(results)} threads did not finish"
    return Burst([results[n] for n in range(count)], finished - started[0])
