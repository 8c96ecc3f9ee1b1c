"""The production stack of docs/deploy.md, brought up on this machine and
smoke-tested through HTTP, then taken down again (``scripts/stack-smoke``).

What runs: a scratch PostgreSQL database, Redis (a key prefix of this run's
own in a database number of the smoke test's), ``APP_ENV=production`` with a
fresh ``SECRET_KEY``, ``flask db upgrade``, ``flask demo load``,
``flask search reindex``, gunicorn with 4 workers on a free port,
``flask search sync --follow`` and a local SMTP sink. Requests carry the
headers nginx adds (``X-Forwarded-Proto: https``, ``X-Forwarded-For``), which
the app believes because ``TRUST_PROXY=1``, as behind the real proxy.

Every step prints PASS or FAIL; the last line is the verdict. Whatever
happens (a failure, Ctrl-C, SIGTERM), the processes are stopped, the
databases dropped and the Redis keys deleted. Exit status 0 only if all passed.

Settings (environment): ``SMOKE_PG_URL`` (libpq URL of a database to connect
to for CREATE/DROP DATABASE, default ``postgresql://postgres@127.0.0.1:5432/postgres``),
``SMOKE_REDIS_URL`` (default ``redis://127.0.0.1:6379/13``), ``SMOKE_KEEP=1``
keeps the work folder (logs) for a look afterwards.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess  # nosec B404  # starts our own tools, list args, no shell
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.client import HTTPConnection, HTTPResponse
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.demo.content import DEMO_PASSWORD  # noqa: E402

BIN = ROOT / ".venv" / "bin"
MEMBER = "sri.nasution@medan.go.id"
PUBLIC_HOST = "lumbung.smoke.test"
SEARCH_LIMIT = 8  # requests per minute in this stack, to reach a 429 quickly
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Strict-Transport-Security",
)


Action = Callable[[], str | None]


class StepFailed(Exception):
    """A check that did not hold; the message says what was seen."""


class Abort(Exception):
    """A step the rest depends on failed: stop, tear down, report."""


@dataclass
class Outcome:
    name: str
    passed: bool
    seconds: float
    detail: str = ""


@dataclass
class Stack:
    work: Path
    database: str
    restore_database: str
    redis_url: str
    key_prefix: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)


# -- the steps, in order -------------------------------------------------------


def main() -> int:
    _exit_on_sigterm()
    started = time.monotonic()
    outcomes: list[Outcome] = []
    stack = _new_stack()
    try:
        _run_steps(stack, outcomes)
    except Abort:
        pass
    except KeyboardInterrupt:
        outcomes.append(Outcome("interrupted", False, 0.0, "Ctrl-C or SIGTERM"))
    finally:
        failed = not all(outcome.passed for outcome in outcomes)
        if failed:
            _show_logs(stack)
        outcomes.append(_step("teardown", lambda: tear_down(stack)))
    return _summary(outcomes, time.monotonic() - started)


def _run_steps(stack: Stack, outcomes: list[Outcome]) -> None:
    def step(name: str, action: Action, required: bool = True) -> None:
        outcome = _step(name, action)
        outcomes.append(outcome)
        if required and not outcome.passed:
            raise Abort

    step("prerequisites: PostgreSQL, Redis, gunicorn", lambda: prerequisites(stack))
    step("scratch databases and settings", lambda: set_up(stack))
    step("flask db upgrade", lambda: flask(stack, "db", "upgrade"))
    step("flask demo load", lambda: flask(stack, "demo", "load"))
    step("flask search reindex", lambda: flask(stack, "search", "reindex"))
    step("SMTP sink", lambda: start_mail_sink(stack))
    step("gunicorn -w 4", lambda: start_gunicorn(stack))
    step("flask search sync --follow", lambda: start_sync(stack))
    step("GET /healthz is ok", lambda: check_health(stack), required=False)
    step("home page 200 with security headers", lambda: check_home(stack), False)
    member = Browser(stack.port, client_ip="10.20.0.1")
    step("log in as a demo member (CSRF)", lambda: log_in(member))
    title, word = _new_title()
    step("publish a case study", lambda: publish(member, title), required=False)
    step("search finds it", lambda: find(member, word, title), required=False)
    step("rate limit: 429 after the limit", lambda: flood(stack), required=False)
    for command in ("followups", "notifications", "digests"):
        step(f"flask {command} send", lambda c=command: flask(stack, c, "send"), False)
    step("mail arrived at the SMTP sink", lambda: mail_count(stack), required=False)
    step("flask search check", lambda: flask(stack, "search", "check"), False)
    step("flask backup create", lambda: backup(stack))
    step("flask backup restore into a 2nd DB", lambda: restore(stack, title), False)


def _step(name: str, action: Action) -> Outcome:
    began = time.monotonic()
    try:
        detail = action() or ""
        outcome = Outcome(name, True, time.monotonic() - began, detail)
    except StepFailed as error:
        outcome = Outcome(name, False, time.monotonic() - began, str(error))
    except Exception as error:  # noqa: BLE001 - any surprise is a FAIL, reported
        detail = f"{type(error).__name__}: {error}"
        outcome = Outcome(name, False, time.monotonic() - began, detail)
    mark = "PASS" if outcome.passed else "FAIL"
    print(f"{mark}  {name} ({outcome.seconds:.1f} s) {_first_line(outcome.detail)}")
    for line in outcome.detail.splitlines()[1:] if not outcome.passed else []:
        print(f"        {line}")
    sys.stdout.flush()
    return outcome


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return f"- {lines[0]}" if lines else ""


def _summary(outcomes: list[Outcome], seconds: float) -> int:
    failed = [outcome for outcome in outcomes if not outcome.passed]
    print()
    passed = len(outcomes) - len(failed)
    print(f"{passed} passed, {len(failed)} failed in {seconds:.1f} s")
    for outcome in failed:
        print(f"  FAILED: {outcome.name}: {_first_line(outcome.detail)[2:]}")
    print("STACK SMOKE: " + ("FAIL" if failed else "PASS"))
    return 1 if failed else 0


def _exit_on_sigterm() -> None:
    """SIGTERM (CI timeout, `kill`) tears down like Ctrl-C does."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


# -- setting up ----------------------------------------------------------------


def _new_stack() -> Stack:
    run = secrets.token_hex(4)
    return Stack(
        work=Path(tempfile.mkdtemp(prefix=f"lumbung-smoke-{run}-")),
        database=f"lumbung_smoke_{run}",
        restore_database=f"lumbung_smoke_{run}_restore",
        redis_url=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/13"),
        key_prefix=f"lumbung-smoke-{run}",
    )


def _admin_url() -> str:
    return os.environ.get(
        "SMOKE_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )


def _app_url(database: str) -> str:
    """The SQLAlchemy URL of ``database`` on the server of SMOKE_PG_URL."""
    parts = urllib.parse.urlsplit(_admin_url())
    return urllib.parse.urlunsplit(
        ("postgresql+psycopg", parts.netloc, f"/{database}", parts.query, "")
    )


def prerequisites(stack: Stack) -> str:
    with psycopg.connect(_admin_url(), connect_timeout=5) as connection:
        version = connection.execute("SHOW server_version").fetchone()
    redis.Redis.from_url(stack.redis_url, socket_timeout=5).ping()
    for tool in ("gunicorn", "flask"):
        if not (BIN / tool).exists():
            raise StepFailed(f"{BIN / tool} missing: run `make test` once first")
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            raise StepFailed(f"{tool} not on PATH (package postgresql-client)")
    return f"PostgreSQL {version[0] if version else '?'}, Redis at {stack.redis_url}"


def set_up(stack: Stack) -> str:
    with psycopg.connect(_admin_url(), autocommit=True) as connection:
        for name in (stack.database, stack.restore_database):
            statement = sql.SQL("CREATE DATABASE {}")
            connection.execute(statement.format(sql.Identifier(name)))
    stack.port = _free_port()
    stack.env = {
        **_clean_environment(),
        "FLASK_APP": "app",
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": _app_url(stack.database),
        "REDIS_URL": stack.redis_url,
        "RATELIMIT_KEY_PREFIX": stack.key_prefix,
        "RATELIMIT_SEARCH": f"{SEARCH_LIMIT} per minute",
        "TRUST_PROXY": "1",
        "BASE_URL": f"https://{PUBLIC_HOST}",
        "INSTANCE_DIR": str(stack.work / "instance"),
        "SEARCH_INDEX_DIR": str(stack.work / "search-index"),
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(_free_port()),
        "MAIL_DEFAULT_SENDER": "Lumbung Praktik <noreply@lumbung.smoke.test>",
    }
    return f"{stack.database} (+ _restore), work folder {stack.work}"


def _clean_environment() -> dict[str, str]:
    """This shell's environment without settings meant for another instance."""
    drop = ("DATABASE_URL", "TEST_DATABASE_URL", "SEARCH_INDEX_DIR", "INSTANCE_DIR")
    return {
        name: value
        for name, value in os.environ.items()
        if name not in drop and not name.startswith(("MAIL_", "RATELIMIT_", "FLASK_"))
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(
    stack: Stack, *args: str, env: dict[str, str] | None = None, line: str = ""
) -> str:
    """``flask ARGS`` in the production environment; the last line it printed
    (or the last one starting with ``line``)."""
    completed = subprocess.run(  # nosec B603  # our own venv's flask, list args
        [str(BIN / "flask"), *args],
        cwd=ROOT,
        env=env or stack.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = (completed.stdout + completed.stderr).strip()
    if completed.returncode != 0:
        raise StepFailed(f"exit {completed.returncode}\n" + _tail(output, 15))
    lines = [out for out in completed.stdout.splitlines() if out.strip()]
    stdout = [out for out in lines if out.startswith(line)]
    return stdout[-1] if stdout else ""


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _start(stack: Stack, name: str, args: list[str]) -> subprocess.Popen:
    """A background process in a session of its own (so that stopping it stops
    its children too), its output in ``work/<name>.log``."""
    log = (stack.work / f"{name}.log").open("wb")
    process = subprocess.Popen(  # nosec B603  # our own venv's tools, list args
        args,
        cwd=ROOT,
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    stack.processes[name] = process
    return process


def start_mail_sink(stack: Stack) -> str:
    port = stack.env["MAIL_PORT"]
    args = [str(BIN / "python"), "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"]
    _start(stack, "smtp", [*args, "-c", "aiosmtpd.handlers.Debugging"])
    _wait_for_port(int(port), stack.processes["smtp"], "SMTP sink")
    return f"127.0.0.1:{port}"


def start_gunicorn(stack: Stack) -> str:
    args = [str(BIN / "gunicorn"), "-w", "4", "-b", f"127.0.0.1:{stack.port}"]
    # A worker still importing the app finishes that before it obeys SIGTERM;
    # 10 s is plenty for a worker to stop, and sooner than _stop's SIGKILL.
    options = ["--timeout", "30", "--graceful-timeout", "10"]
    # Production leaves the access log off (the app logs each request); here
    # it tells which worker process answered what.
    access = ["--access-logfile", str(stack.work / "access.log")]
    access += ["--access-logformat", "%(p)s %(s)s %(r)s"]
    process = _start(stack, "gunicorn", [*args, *options, *access, "wsgi:app"])
    _wait_for_port(stack.port, process, "gunicorn")
    return f"http://127.0.0.1:{stack.port}/ (pid {process.pid})"


def start_sync(stack: Stack) -> str:
    args = [str(BIN / "flask"), "search", "sync", "--follow", "--interval", "0.5"]
    process = _start(stack, "search-sync", args)
    time.sleep(1.0)
    if process.poll() is not None:
        raise StepFailed(f"exited with {process.returncode}")
    return f"pid {process.pid}"


def _wait_for_port(port: int, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StepFailed(f"{name} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise StepFailed(f"{name} did not listen on port {port} within 30 s")


# -- talking to it as the reverse proxy would ----------------------------------


class FormParser(HTMLParser):
    """Every form's action and fields (inputs, first option of selects)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append({"action": attributes.get("action", ""), "fields": {}})
        elif not self.forms:
            return
        elif tag == "input" and attributes.get("type") == "hidden":
            self.forms[-1]["fields"][attributes.get("name", "")] = attributes.get(
                "value", ""
            )
        elif tag == "select":
            self._select = attributes.get("name")
        elif tag == "option" and self._select and attributes.get("value"):
            self.forms[-1]["fields"].setdefault(self._select, attributes["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


class Browser:
    """One visitor behind the proxy: its cookies, its address."""

    def __init__(self, port: int, client_ip: str) -> None:
        self.port = port
        self.client_ip = client_ip
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[HTTPResponse, str]:
        headers = {
            "Host": PUBLIC_HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client_ip,
            "X-Forwarded-Host": PUBLIC_HOST,
            "Accept-Language": "id",
            "Connection": "close",  # a new connection each time: any worker
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{PUBLIC_HOST}"
            headers["Referer"] = f"https://{PUBLIC_HOST}{path}"
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, text

    def form(self, path: str, action_part: str) -> dict[str, str]:
        response, text = self.request("GET", path)
        if response.status != 200:
            raise StepFailed(f"GET {path}: {response.status}")
        parser = FormParser()
        parser.feed(text)
        for found in parser.forms:
            if action_part in found["action"]:
                return dict(found["fields"])
        raise StepFailed(f"no form posting to {action_part!r} on {path}")


def check_health(stack: Stack) -> str:
    response, text = Browser(stack.port, "10.20.0.9").request("GET", "/healthz")
    if response.status == 404:
        raise StepFailed("GET /healthz: 404 (not implemented yet?)")
    try:
        body = json.loads(text)
    except ValueError as error:
        raise StepFailed(f"GET /healthz: {response.status}, not JSON") from error
    if response.status != 200 or body.get("status") != "ok":
        raise StepFailed(f"GET /healthz: {response.status} {text[:300]}")
    return text[:200]


def check_home(stack: Stack) -> str:
    response, _text = Browser(stack.port, "10.20.0.9").request("GET", "/")
    if response.status != 200:
        raise StepFailed(f"GET /: {response.status}")
    missing = [name for name in SECURITY_HEADERS if not response.getheader(name)]
    if missing:
        raise StepFailed("missing headers: " + ", ".join(missing))
    policy = response.getheader("Content-Security-Policy") or ""
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        if part not in policy:
            raise StepFailed(f"CSP without {part}: {policy}")
    if response.getheader("X-Content-Type-Options") != "nosniff":
        raise StepFailed("X-Content-Type-Options is not nosniff")
    return "CSP, nosniff, Referrer-Policy, HSTS"


def log_in(browser: Browser) -> str:
    fields = browser.form("/masuk", "/masuk")
    fields.update(email=MEMBER, password=DEMO_PASSWORD)
    response, text = browser.request("POST", "/masuk", fields)
    if response.status != 302:
        raise StepFailed(f"POST /masuk: {response.status} {_text_hint(text)}")
    session = [h for h in browser.set_cookie_headers if h.startswith("session=")]
    if not session:
        raise StepFailed("no session cookie")
    attributes = session[-1].lower()
    if "secure" not in attributes or "httponly" not in attributes:
        raise StepFailed(f"session cookie not Secure+HttpOnly: {session[-1][:120]}")
    return f"{MEMBER}; session cookie Secure, HttpOnly"


def _text_hint(text: str) -> str:
    start = text.find("alert")
    return " ".join(text[start : start + 300].split()) if start >= 0 else ""


def _new_title() -> tuple[str, str]:
    word = "asap" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
    return f"Uji asap tumpukan produksi {word}", word


def publish(browser: Browser, title: str) -> str:
    fields = browser.form("/praktik/baru", "/praktik/baru")
    fields.update(
        title=title,
        summary="Pemeriksaan asap: diterbitkan lewat gunicorn di belakang proxy.",
        situation="Tumpukan produksi baru dinyalakan.",
        action="Menerbitkan studi kasus lewat formulir.",
        result="Studi kasus tampil dan dapat dicari.",
        lessons="Uji seluruh tumpukan, bukan hanya bagiannya.",
        tags="uji asap",
        publish="Terbitkan",
    )
    response, text = browser.request("POST", "/praktik/baru", fields)
    location = response.getheader("Location") or ""
    if response.status != 302 or "/praktik/" not in location:
        raise StepFailed(f"POST /praktik/baru: {response.status} {_text_hint(text)}")
    path = urllib.parse.urlsplit(location).path
    response, text = browser.request("GET", path)
    if response.status != 200 or title not in text:
        raise StepFailed(f"GET {path}: {response.status}, title shown: {title in text}")
    return path


def find(browser: Browser, word: str, title: str) -> str:
    deadline = time.monotonic() + 15
    while True:
        response, text = browser.request("GET", f"/cari?q={word}")
        if response.status == 200 and title in text:
            return f"/cari?q={word}"
        if time.monotonic() > deadline:
            raise StepFailed(f"GET /cari?q={word}: {response.status}, not found")
        time.sleep(0.5)


def flood(stack: Stack) -> str:
    """Anonymous searches from one address: the limit's worth at once (so
    several workers must answer them), then one more, which must be refused.
    Only a count shared in Redis refuses it: each worker alone saw fewer."""
    visitor = Browser(stack.port, client_ip=f"10.30.{secrets.randbelow(250)}.7")

    def search(n: int) -> int:
        return visitor.request("GET", f"/cari?q=pelayanan+flood{n}")[0].status

    with ThreadPoolExecutor(max_workers=SEARCH_LIMIT) as pool:
        burst = list(pool.map(search, range(SEARCH_LIMIT)))
    response, _text = visitor.request("GET", "/cari?q=pelayanan+flood")
    if burst != [200] * SEARCH_LIMIT or response.status != 429:
        raise StepFailed(f"{burst} then {response.status}; expected 200s then 429")
    if "Retry-After" not in response.headers:
        raise StepFailed("429 without Retry-After")
    workers = _workers_that_answered(stack, "flood")
    if len(workers) < 2:
        raise StepFailed(f"one worker answered the burst ({workers}): not shared")
    keys = _redis_keys(stack)
    if not keys:
        raise StepFailed(f"no rate-limit keys with prefix {stack.key_prefix} in Redis")
    return (
        f"{SEARCH_LIMIT}x200 from {len(workers)} workers, then 429; "
        f"{len(keys)} keys in Redis"
    )


def _workers_that_answered(stack: Stack, marker: str) -> set[str]:
    """Process ids in the access log (``pid status path``) of the flood."""
    lines = (stack.work / "access.log").read_text().splitlines()
    return {line.split()[0] for line in lines if marker in line and " 200 " in line}


def _redis_keys(stack: Stack) -> list[bytes]:
    client = redis.Redis.from_url(stack.redis_url, socket_timeout=5)
    return list(client.scan_iter(match=f"*{stack.key_prefix}*", count=1000))


def mail_count(stack: Stack) -> str:
    log = (stack.work / "smtp.log").read_text(errors="replace")
    count = log.count("---------- MESSAGE FOLLOWS ----------")
    if count == 0:
        raise StepFailed("no message reached the SMTP sink")
    return f"{count} messages"


def backup(stack: Stack) -> str:
    return flask(stack, "backup", "create", str(stack.work / "smoke.lpbackup"))


def restore(stack: Stack, title: str) -> str:
    env = {
        **stack.env,
        "DATABASE_URL": _app_url(stack.restore_database),
        "SEARCH_INDEX_DIR": str(stack.work / "restored-index"),
    }
    path = str(stack.work / "smoke.lpbackup")
    line = flask(stack, "backup", "restore", "--reindex", path, env=env, line="Dip")
    flask(stack, "search", "check", env=env)
    dsn = _admin_url().rsplit("/", 1)[0] + f"/{stack.restore_database}"
    with psycopg.connect(dsn) as connection:
        found = connection.execute(
            "SELECT count(*) FROM case_study WHERE title = %s", (title,)
        ).fetchone()
    if not found or found[0] != 1:
        raise StepFailed("the smoke case study is not in the restored database")
    return line


# -- tearing down --------------------------------------------------------------


def tear_down(stack: Stack) -> str:
    problems = []
    took = []
    for name, process in reversed(list(stack.processes.items())):
        began = time.monotonic()
        if not _stop(process):
            problems.append(f"{name} (pid {process.pid}) needed SIGKILL")
        took.append(f"{name} {time.monotonic() - began:.1f} s")
    began = time.monotonic()
    try:
        with psycopg.connect(_admin_url(), autocommit=True) as connection:
            for name in (stack.database, stack.restore_database):
                statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                connection.execute(statement.format(sql.Identifier(name)))
    except psycopg.Error as error:
        problems.append(f"dropping databases: {error}")
    took.append(f"databases {time.monotonic() - began:.1f} s")
    try:
        client = redis.Redis.from_url(stack.redis_url, socket_timeout=5)
        for key in _redis_keys(stack):
            client.delete(key)
    except redis.RedisError as error:
        problems.append(f"deleting Redis keys: {error}")
    if os.environ.get("SMOKE_KEEP") == "1":
        kept = f"; work folder kept: {stack.work}"
    else:
        shutil.rmtree(stack.work, ignore_errors=True)
        kept = ""
    if problems:
        raise StepFailed("; ".join(problems))
    stopped = len(stack.processes)
    return f"{stopped} processes stopped, 2 databases dropped ({', '.join(took)}){kept}"


def _stop(process: subprocess.Popen) -> bool:
    """SIGTERM to the process's whole session, SIGKILL after 25 s; True if it
    went quietly."""
    if process.poll() is not None:
        return True
    with _ignoring(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=25)
        return True
    except subprocess.TimeoutExpired:
        with _ignoring(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        return False


@contextmanager
def _ignoring(error: type[BaseException]) -> Iterator[None]:
    try:
        yield
    except error:
        pass


def _show_logs(stack: Stack) -> None:
    for name in stack.processes:
        log = stack.work / f"{name}.log"
        if log.exists() and name != "smtp":
            print(f"---- last lines of {name}.log")
            print(_tail(log.read_text(errors="replace"), 25))


if __name__ == "__main__":
    sys.exit(main())
