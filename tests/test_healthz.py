"""``/healthz``: database and index status for load balancers, cheaply."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from app.models import SearchChange
from app.models.base import utcnow
from app.search.folders import CURRENT
from app.search.indexer import apply_pending
from tests.conftest import another_app

KEYS = {"status", "database", "search_index"}


def test_healthy_server_answers_200_ok_with_index_numbers(client, make_case_study):
    make_case_study()
    make_case_study()
    apply_pending()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == KEYS
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    index = body["search_index"]
    assert index["status"] == "ok"
    assert index["documents"] == 2
    assert index["pending_changes"] == 0
    assert index["oldest_pending_seconds"] is None


def test_changes_not_yet_indexed_are_counted(client, make_case_study):
    apply_pending()
    make_case_study()  # written outside a request: nobody indexed it yet
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["search_index"]["pending_changes"] == 1
    assert body["search_index"]["documents"] == 0


def test_changes_waiting_too_long_make_it_degraded_but_still_200(
    app, client, db, make_case_study
):
    apply_pending()
    make_case_study()
    db.session.execute(
        sa.update(SearchChange).values(created_at=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "degraded"
    assert body["search_index"]["status"] == "degraded"
    assert body["search_index"]["oldest_pending_seconds"] >= 3500


def test_no_index_yet_fails_with_503(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "fail"
    assert body["database"]["status"] == "ok"
    assert body["search_index"]["status"] == "fail"


def test_an_index_folder_of_garbage_fails_with_503(app, client, tmp_path):
    root = tmp_path / "rusak"
    folder = root / "index-rusak"
    folder.mkdir(parents=True)
    (folder / "_MAIN_1.toc").write_bytes(b"\x00bukan indeks whoosh\xff" * 10)
    (folder / "state.json").write_text("{bukan json")
    (root / CURRENT).symlink_to(folder.name)
    app.config["SEARCH_INDEX_DIR"] = str(root)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "fail"
    assert body["search_index"] == {"status": "fail", "error": "index does not open"}


def test_a_database_that_does_not_answer_fails_with_503(config_class, tmp_path: Path):
    class BrokenDatabase(config_class):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path}/tidak/ada/db.sqlite3"

    with another_app(BrokenDatabase) as broken:
        response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "fail"
    assert body["database"] == {"status": "fail", "error": "database did not answer"}
    assert "sqlite" not in response.get_data(as_text=True)


def test_it_tells_no_personal_data_no_versions_and_sets_no_cookie(
    client, make_user, make_case_study
):
    user = make_user(name="Nama Sangat Pribadi", email="pribadi.sekali@medan.go.id")
    make_case_study(author=user)
    apply_pending()
    response = client.get("/healthz")
    text = response.get_data(as_text=True)
    for private in ("Nama Sangat Pribadi", "pribadi.sekali", user.nip):
        assert private not in text
    assert "version" not in text.lower() and "revision" not in text.lower()
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_it_needs_no_sign_in_and_is_exempt_from_rate_limits(config_class, tmp_path):
    class EverythingLimited(config_class):
        RATELIMIT_ENABLED = True
        RATELIMIT_DEFAULT = "2 per minute"

    with another_app(EverythingLimited) as limited:
        limited.config["SEARCH_INDEX_DIR"] = str(tmp_path / "index")
        with limited.app_context():
            apply_pending()
        client = limited.test_client()
        statuses = [client.get("/healthz").status_code for _ in range(6)]
        # ... while the default limit does hold for a page.
        pages = [client.get("/praktik-unggulan").status_code for _ in range(3)]
    assert statuses == [200] * 6
    assert pages[-1] == 429


def test_it_is_cheap(client, count_queries):
    apply_pending()
    with count_queries() as queries:
        assert client.get("/healthz").status_code == 200
    assert queries.count <= 3
