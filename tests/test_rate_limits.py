"""Rate limits (app.ratelimits): the request after the allowance gets a 429
page in the user's language with ``Retry-After``; showing a form is free;
members are counted per account, anonymous visitors per address; with Redis
every process counts in the same place.

The suite runs with limits off; these tests build an app with them on and
small allowances. Flask-Limiter keeps one limiter per process, set up by the
app made last, so each test makes its app after the suite's ``app``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db, limiter
from tests.conftest import PASSWORD, FreshContextClient
from tests.test_translations import compile_catalogue_if_stale

LIMIT = 3
REDIS_URL = "redis://127.0.0.1:6379/15"
compile_catalogue_if_stale()  # the English 429 page, when this file runs alone
LIMITED = ("LOGIN", "REGISTER", "PASSWORD_RESET", "POST", "COMMENT", "FLAG", "SEARCH")


def limited_config(base: type, storage: str = "memory://") -> type:
    """``base`` with every limit on at ``LIMIT`` per minute."""
    settings = {f"RATELIMIT_{name}": f"{LIMIT} per minute" for name in LIMITED}
    return type(
        "Limited",
        (base,),
        {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage, **settings},
    )


@pytest.fixture
def make_limited_app(app, tmp_path) -> Iterator[Callable[[type], Flask]]:  # noqa: ANN001
    """Apps made from ``config``, after the suite's ``app``; their database
    connections are closed at the end of the test."""
    made: list[Flask] = []

    def make(config: type) -> Flask:
        limited = create_app(config)
        limited.config["SEARCH_INDEX_DIR"] = str(tmp_path / "search-index")
        limited.test_client_class = FreshContextClient
        made.append(limited)
        return limited

    yield make
    for limited in made:
        with limited.app_context():
            db.engine.dispose()


@pytest.fixture
def limited(make_limited_app, config_class) -> Flask:  # noqa: ANN001
    """An app with limits on, counting in a fresh in-memory storage."""
    return make_limited_app(limited_config(config_class))


def client_at(app: Flask, address: str = "192.0.2.10") -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def signed_in(app: Flask, user, address: str = "192.0.2.10") -> FlaskClient:  # noqa: ANN001
    client = client_at(app, address)
    response = client.post("/masuk", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def statuses(send: Callable[[], object], times: int) -> list[int]:
    return [send().status_code for _ in range(times)]


def assert_too_many(response, *, text: str = "Terlalu banyak permintaan") -> None:  # noqa: ANN001
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    if response.mimetype == "text/html":
        assert text in response.get_data(as_text=True)


# --- every limited action --------------------------------------------------------


@pytest.fixture
def writer(make_user, make_program, make_completion):  # noqa: ANN001,ANN201
    user = make_user()
    make_completion(user, make_program())
    return user


def _login(app, **_):  # noqa: ANN001,ANN003,ANN202
    client = client_at(app)
    data = {"email": "tidak.ada@medan.go.id", "password": "salah-sekali-123"}
    return lambda: client.post("/masuk", data=data)


def _register(app, **_):  # noqa: ANN001,ANN003,ANN202
    client = client_at(app)
    return lambda: client.post("/daftar", data={"name": "Coba"})


def _password_reset(app, **_):  # noqa: ANN001,ANN003,ANN202
    client = client_at(app)
    data = {"email": "tidak.ada@medan.go.id"}
    return lambda: client.post("/lupa-kata-sandi", data=data)


def _case_study_post(app, writer, **_):  # noqa: ANN001,ANN003,ANN202
    client = signed_in(app, writer)
    return lambda: client.post("/praktik/baru", data={"title": ""})


def _comment(app, writer, case_study, **_):  # noqa: ANN001,ANN003,ANN202
    client = signed_in(app, writer)
    return lambda: client.post(f"/praktik/{case_study.id}/komentar", data={"body": ""})


def _flag(app, writer, case_study, **_):  # noqa: ANN001,ANN003,ANN202
    client = signed_in(app, writer)
    return lambda: client.post(f"/laporkan/praktik/{case_study.id}", data={})


def _search_page(app, **_):  # noqa: ANN001,ANN003,ANN202
    client = client_at(app)
    return lambda: client.get("/cari?q=antrean")


def _search_api(app, **_):  # noqa: ANN001,ANN003,ANN202
    client = client_at(app)
    return lambda: client.get("/api/v1/search?q=antrean")


ACTIONS = {
    "login": _login,
    "registration": _register,
    "password reset": _password_reset,
    "case-study post": _case_study_post,
    "comment": _comment,
    "flag": _flag,
    "search page": _search_page,
    "search API": _search_api,
}


@pytest.mark.parametrize("action", ACTIONS)
def test_the_request_after_the_allowance_gets_a_429_page(
    limited, writer, make_case_study, action
):
    send = ACTIONS[action](limited, writer=writer, case_study=make_case_study())
    assert 429 not in statuses(send, LIMIT)
    assert_too_many(send())


def test_the_429_page_speaks_english_when_asked(limited):
    client = client_at(limited)
    data = {"email": "tidak.ada@medan.go.id", "password": "salah-sekali-123"}
    statuses(lambda: client.post("/masuk", data=data), LIMIT)
    assert_too_many(client.post("/masuk?lang=en", data=data), text="Too many requests")


def test_the_api_answers_429_in_its_json_shape(limited):
    client = client_at(limited)
    statuses(lambda: client.get("/api/v1/search?q=antrean"), LIMIT)
    response = client.get("/api/v1/search?q=antrean")
    assert_too_many(response)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["status"] == 429 and error["message"]


def test_showing_a_form_is_not_limited(limited, writer):
    anonymous, member = client_at(limited), signed_in(limited, writer, "192.0.2.20")
    for path, client in (
        ("/masuk", anonymous),
        ("/daftar", anonymous),
        ("/lupa-kata-sandi", anonymous),
        ("/praktik/baru", member),
    ):
        shown = [client.get(path).status_code for _ in range(LIMIT * 3)]
        assert shown == [200] * LIMIT * 3
    data = {"email": "tidak.ada@medan.go.id", "password": "salah-sekali-123"}
    assert 429 not in statuses(lambda: anonymous.post("/masuk", data=data), LIMIT)


def test_writing_and_editing_share_one_allowance(limited, make_case_study):
    case_study = make_case_study()
    client = signed_in(limited, case_study.author)
    statuses(lambda: client.post("/praktik/baru", data={"title": ""}), LIMIT)
    assert_too_many(client.post(f"/praktik/{case_study.id}/ubah", data={"title": ""}))


def test_members_behind_one_address_each_get_their_own_allowance(
    limited, make_case_study, make_user
):
    """One office NAT address: colleagues do not use up each other's allowance."""
    case_study = make_case_study()
    path = f"/praktik/{case_study.id}/komentar"
    colleagues = [signed_in(limited, make_user()) for _ in range(2)]
    for client in colleagues:
        sent = [client.post(path, data={"body": ""}).status_code for _ in range(LIMIT)]
        assert 429 not in sent
    for client in colleagues:
        assert_too_many(client.post(path, data={"body": ""}))


def test_anonymous_visitors_are_counted_per_address(limited):
    first, same, other = (
        client_at(limited, address)
        for address in ("192.0.2.30", "192.0.2.30", "192.0.2.31")
    )
    statuses(lambda: first.get("/cari?q=antrean"), LIMIT)
    assert_too_many(same.get("/cari?q=antrean"))
    assert other.get("/cari?q=antrean").status_code != 429


# --- where the counts live -------------------------------------------------------


@pytest.fixture
def redis_address() -> Iterator[str]:
    """A client address used by no one else, and its keys removed before and
    after (Redis database 15 is for tests)."""
    address = f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"
    server = redis.Redis.from_url(REDIS_URL)

    def forget() -> None:
        for key in server.scan_iter(match=f"*{address}*"):
            server.delete(key)

    forget()
    yield address
    forget()
    server.close()


@pytest.mark.parametrize(
    ("storage", "shared"), [(REDIS_URL, True), ("memory://", False)]
)
def test_with_redis_two_app_processes_share_the_count(
    make_limited_app, config_class, redis_address, storage, shared
):
    """Two apps stand for two gunicorn workers: each sets up its own
    connection to the storage. With Redis, what one counted the other sees;
    in memory (development) each counts alone."""
    config = limited_config(config_class, storage)
    worker_one = make_limited_app(config)
    client = client_at(worker_one, redis_address)
    assert 429 not in statuses(lambda: client.get("/cari?q=antrean"), LIMIT)
    worker_two = make_limited_app(config)
    response = client_at(worker_two, redis_address).get("/cari?q=antrean")
    assert (response.status_code == 429) is shared


@pytest.fixture
def unreachable_redis() -> Iterator[str]:
    """Nothing listens on port 1. Afterwards the process's one limiter is told
    its storage is alive again, as a new worker process would start."""
    yield "redis://127.0.0.1:1/0"
    limiter._storage_dead = False


def test_when_redis_is_down_pages_work_and_limits_hold_per_process(
    make_limited_app, config_class, unreachable_redis
):
    worker = make_limited_app(limited_config(config_class, unreachable_redis))
    client = client_at(worker)
    sent = [client.get("/cari?q=antrean").status_code for _ in range(LIMIT)]
    assert 429 not in sent and 500 not in sent
    assert_too_many(client.get("/cari?q=antrean"))
