"""Structured logs: one JSON line per record, a request id on each, no secrets.

Tests attach their own handler (the app's ``JsonFormatter`` writing to a
string) to the root logger, which is what production's stderr handler is.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import abort, url_for

from app import create_app
from app.logs import REDACTED, JsonFormatter, StderrHandler, TextFormatter, log_event
from app.models import NotificationTopic, Role
from app.notifications.unsubscribe import make_token
from config import DevelopmentConfig
from tests.conftest import PASSWORD


class _Counting(logging.StreamHandler):
    def __init__(self, stream: io.StringIO) -> None:
        super().__init__(stream)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        super().emit(record)


@dataclass
class Captured:
    stream: io.StringIO
    handler: _Counting

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        """Every line, parsed: each one must be a JSON object on its own."""
        raw = self.text.splitlines()
        assert len(raw) == len(self.handler.records), "a record took several lines"
        return [json.loads(line) for line in raw]

    def events(self, name: str) -> list[dict[str, Any]]:
        return [line for line in self.lines() if line["event"] == name]


@pytest.fixture
def captured() -> Iterator[Captured]:
    stream = io.StringIO()
    handler = _Counting(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield Captured(stream, handler)
    finally:
        root.removeHandler(handler)


def test_a_request_writes_one_json_line_with_id_status_and_duration(client, captured):
    response = client.get("/praktik-unggulan")
    assert response.status_code == 200
    [line] = captured.events("request")
    assert line["method"] == "GET" and line["path"] == "/praktik-unggulan"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["user_id"] is None
    assert line["remote_addr"] == "127.0.0.1"
    assert line["level"] == "INFO" and line["logger"] == "lumbung.requests"


def test_query_values_are_not_logged_only_their_names(client, captured):
    client.get("/cari?q=rahasiakantor&email=orang%40medan.go.id")
    [line] = captured.events("request")
    assert line["path"] == "/cari"
    assert line["query_keys"] == ["email", "q"]
    assert "rahasiakantor" not in captured.text
    assert "orang@medan.go.id" not in captured.text


def test_a_signed_in_request_logs_the_account_id(client, auth, make_user, captured):
    user = make_user()
    auth.login(user)
    client.get("/beranda")
    request_lines = captured.events("request")
    assert request_lines[-1]["path"] == "/beranda"
    assert request_lines[-1]["user_id"] == user.id


@pytest.mark.parametrize(
    "incoming",
    ["a1b2c3d4", "lb-2026.11.27_0001", "F" * 64],
    ids=["short", "dots", "64"],
)
def test_a_safe_incoming_request_id_is_kept(client, captured, incoming):
    response = client.get("/praktik-unggulan", headers={"X-Request-ID": incoming})
    assert response.headers["X-Request-ID"] == incoming
    assert captured.events("request")[0]["request_id"] == incoming


@pytest.mark.parametrize(
    "incoming",
    ["zqx", "F" * 65, "zqx def 123", '"><script>x</script>', 'id\n{"event":1}'],
    ids=["too-short", "too-long", "space", "markup", "newline"],
)
def test_an_unsafe_incoming_request_id_is_replaced(client, captured, incoming):
    # Through the WSGI environ: the test client refuses a newline in a header.
    response = client.get(
        "/praktik-unggulan", environ_base={"HTTP_X_REQUEST_ID": incoming}
    )
    replaced = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)
    assert captured.events("request")[0]["request_id"] == replaced
    assert incoming not in captured.text


def test_each_request_gets_its_own_id(client):
    first = client.get("/praktik-unggulan").headers["X-Request-ID"]
    second = client.get("/praktik-unggulan").headers["X-Request-ID"]
    assert first != second


FORGED = '\n{"event": "login.succeeded", "user_id": 1, "level": "INFO"}\r\n'


def test_cr_lf_in_user_input_cannot_forge_a_log_line(client, make_user, captured):
    user = make_user()
    quoted = "%0A%7B%22event%22%3A%20%22login.succeeded%22%7D%0D%0A"
    client.get(f"/tag/x{quoted}", environ_base={"HTTP_USER_AGENT": FORGED})
    client.post("/masuk", data={"email": user.email + FORGED, "password": "salah"})
    client.post(
        "/masuk",
        data={"email": FORGED, "password": "salah-sekali-lagi"},
        environ_base={"HTTP_X_REQUEST_ID": FORGED, "HTTP_USER_AGENT": FORGED},
    )
    log_event("uji.bidang", note=FORGED, **{"key\nwith newline": FORGED})
    lines = captured.lines()  # one JSON object per record, or this fails
    assert len(lines) >= 5
    assert not [line for line in lines if line["event"] == "login.succeeded"]
    # The forged text is there, but as data inside one record.
    agents = [line["user_agent"] for line in captured.events("request")]
    assert FORGED in agents
    assert "\u202e" not in captured.text  # ASCII only: no bidi tricks either
    log_event("uji.rtl", note="\u202eabc")
    assert "\\u202e" in captured.text


def test_secrets_never_reach_the_logs(
    app, client, auth, make_user, mail_server, captured
):
    """Sign in (wrong and right), change the password, reset it by email,
    unsubscribe with a token, post with CSRF tokens, cookies and an
    Authorization header: none of those values is in any log record."""
    user = make_user(email="pemilik.rahasia@medan.go.id")
    secrets = {
        PASSWORD,
        "salah-tebak-sandi-99",
        "Sandi-Baru-Yang-Panjang-2026",
        "Sandi-Lupa-Yang-Panjang-2027",
        "csrf-nilai-rahasia-123",
        "kue-sesi-rahasia-456",
        "Bearer token-rahasia-789",
    }
    extra = {
        "HTTP_AUTHORIZATION": "Bearer token-rahasia-789",
        "HTTP_COOKIE": "session=kue-sesi-rahasia-456",
    }
    client.post(
        "/masuk",
        data={"email": user.email, "password": "salah-tebak-sandi-99"},
        environ_base=extra,
    )
    client.post(
        "/masuk",
        data={
            "email": user.email,
            "password": PASSWORD,
            "csrf_token": "csrf-nilai-rahasia-123",
        },
    )
    changed = client.post(
        "/akun/kata-sandi",
        data={
            "current_password": PASSWORD,
            "password": "Sandi-Baru-Yang-Panjang-2026",
            "confirm": "Sandi-Baru-Yang-Panjang-2026",
            "csrf_token": "csrf-nilai-rahasia-123",
        },
    )
    assert changed.status_code == 302, changed.get_data(as_text=True)
    auth.logout()

    client.post("/lupa-kata-sandi", data={"email": user.email})
    [mail] = mail_server.to(user.email)
    body = mail.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/lupa-kata-sandi/(\S+)", body)
    assert link is not None, body
    token = link.group(1)
    secrets.add(token)
    followed = client.get(urlsplit(link.group(0)).path)
    assert followed.status_code == 302
    reset = client.post(
        "/kata-sandi-baru",
        data={
            "password": "Sandi-Lupa-Yang-Panjang-2027",
            "confirm": "Sandi-Lupa-Yang-Panjang-2027",
        },
    )
    assert reset.status_code == 302, reset.get_data(as_text=True)

    unsubscribe = make_token(user, [NotificationTopic.FOLLOWING])
    secrets.add(unsubscribe)
    client.get(f"/berhenti/{unsubscribe}")
    # Session and remember-me cookies the app itself set on the way.
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None and cookie.value:
            secrets.add(cookie.value)

    logged = captured.text
    records = captured.handler.records
    everything = logged + "".join(repr(r.__dict__) for r in records)
    for secret in secrets:
        assert secret not in everything, f"{secret[:12]}… reached the logs"
    events = {line["event"] for line in captured.lines()}
    assert {"login.failed", "login.succeeded", "password.changed"} <= events
    assert {"password.reset_requested", "password.reset"} <= events
    # The token-bearing addresses are logged by their route pattern.
    paths = {line["path"] for line in captured.events("request")}
    assert {"/lupa-kata-sandi/<token>", "/berhenti/<token>"} <= paths


def test_fields_named_like_secrets_are_redacted(captured):
    log_event("uji.rahasia", password="x1", reset_token="x2", csrf="x3", user_id=7)
    [line] = captured.events("uji.rahasia")
    assert line["password"] == line["reset_token"] == line["csrf"] == REDACTED
    assert line["user_id"] == 7
    assert "x1" not in captured.text and "x2" not in captured.text


def test_a_field_cannot_pose_as_the_record_level_or_request_id(captured):
    log_event("uji.tiruan", level="CRITICAL", request_id="palsu-12345")
    [line] = captured.events("uji.tiruan")
    assert line["level"] == "INFO" and line["request_id"] is None


def test_a_refusal_is_logged_as_access_denied(app, client, make_user, captured):
    app.add_url_rule("/uji-tolak", "uji_tolak", lambda: abort(403))
    member = make_user(role=Role.MEMBER)
    client.post("/masuk", data={"email": member.email, "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 403
    [denied] = captured.events("access.denied")
    assert denied["user_id"] == member.id
    assert denied["path"] == "/admin/" and denied["method"] == "GET"
    assert denied["request_id"] == response.headers["X-Request-ID"]
    # A 403 raised outside the policy is logged too.
    client.get("/uji-tolak")
    assert len(captured.events("access.denied")) == 2


def test_moderator_actions_are_logged_with_the_request_id(
    client, make_user, make_case_study, captured
):
    moderator = make_user(role=Role.MODERATOR)
    case_study = make_case_study()
    client.post("/masuk", data={"email": moderator.email, "password": PASSWORD})
    reason = "Berisi data pribadi warga yang tidak disamarkan."
    response = client.post(
        url_for("moderation.hide_case_study", case_id=case_study.id),
        data={"reason": reason},
    )
    assert response.status_code == 302
    [hidden] = captured.events("audit.hide")
    assert hidden["actor_id"] == moderator.id
    assert hidden["target_type"] == "case_study"
    assert hidden["target_id"] == case_study.id
    assert hidden["request_id"] == response.headers["X-Request-ID"]
    assert reason not in captured.text  # the reason stays in the audit table


def test_admin_actions_are_logged(client, make_user, captured):
    admin = make_user(role=Role.ADMIN)
    other = make_user()
    client.post("/masuk", data={"email": admin.email, "password": PASSWORD})
    client.post(
        url_for("admin.change_role", user_id=other.id), data={"role": "moderator"}
    )
    [changed] = captured.events("audit.role_change")
    assert changed["actor_id"] == admin.id and changed["target_id"] == other.id


def test_a_500_is_logged_with_its_incident_id_and_traceback(app, client, captured):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom(token: str) -> str:
        raise ZeroDivisionError("bagian rahasia")

    app.add_url_rule("/uji-gagal/<token>", "uji_gagal", boom)
    response = client.get("/uji-gagal/token-rahasia-di-alamat")
    assert response.status_code == 500
    incident = response.headers["X-Request-ID"]
    assert incident in response.get_data(as_text=True)
    [failed] = captured.events("request.failed")
    assert failed["request_id"] == incident
    assert "ZeroDivisionError: bagian rahasia" in failed["exception"]
    assert "Traceback" in failed["exception"]
    assert failed["path"] == "/uji-gagal/<token>"
    assert "token-rahasia-di-alamat" not in captured.text
    assert captured.events("request")[-1]["status"] == 500


def test_testing_apps_install_no_log_handler(config_class):
    root = logging.getLogger()
    before = list(root.handlers)
    create_app(config_class)
    assert root.handlers == before


@contextmanager
def development_app(tmp_path: Path, **settings: Any) -> Iterator[list[logging.Handler]]:
    """A development app's log handlers, removed again afterwards; yields
    the handlers it added to the root logger."""
    development = type(
        "Development",
        (DevelopmentConfig,),
        {
            "INSTANCE_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/d.sqlite3",
            "SCHEMA_CHECK": False,
            **settings,
        },
    )
    root = logging.getLogger()
    # Another test's non-testing app may have installed one already.
    earlier = [h for h in root.handlers if isinstance(h, StderrHandler)]
    for handler in earlier:
        root.removeHandler(handler)
    before = list(root.handlers)
    try:
        create_app(development)
        create_app(development)  # a second app adds no second handler
        yield [h for h in root.handlers if h not in before]
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
        for handler in earlier:
            root.addHandler(handler)


def test_development_writes_json_lines_to_stderr(tmp_path, capsys):
    with development_app(tmp_path) as added:
        assert len(added) == 1 and isinstance(added[0], StderrHandler)
        capsys.readouterr()
        log_event("uji.stderr", user_id=3)
        err = capsys.readouterr().err
    [line] = err.splitlines()
    record = json.loads(line)
    assert record["event"] == "uji.stderr" and record["user_id"] == 3


def test_text_format_marks_every_continuation_line_so_none_can_pass_for_a_record():
    """``LOG_FORMAT=text`` (``make run``) keeps an email's lines readable, but
    each one after the first starts with ``  | ``: CR/LF typed by a user still
    cannot start a line of its own."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(TextFormatter())
    logger = logging.getLogger("lumbung.uji-teks")
    logger.addHandler(handler)
    try:
        logger.warning("Email:\nSubject: halo%s", FORGED)
        log_event("uji.teks", note=FORGED)
    finally:
        logger.removeHandler(handler)
    logger.handlers.clear()
    lines = stream.getvalue().splitlines()
    records = [line for line in lines if not line.startswith("  | ")]
    assert len(records) == 1  # log_event's record goes to its own logger
    assert records[0].endswith(" WARNING log")
    assert "  | Subject: halo" in lines
    assert '  | {"event": "login.succeeded", "user_id": 1' in lines[-1]  # as data
    assert "\r" not in stream.getvalue()


def test_development_can_log_readable_text(tmp_path, capsys):
    with development_app(tmp_path, LOG_FORMAT="text"):
        capsys.readouterr()
        log_event("uji.teks", user_id=3)
        err = capsys.readouterr().err
    [line] = err.splitlines()
    assert " INFO uji.teks" in line and "user_id=3" in line
