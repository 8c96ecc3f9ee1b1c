"""JSON API v1: ``GET /api/v1/search``, its shape, types, errors and visibility."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.models import Status
from app.models.base import utcnow
from app.search.indexer import apply_pending
from tests.test_search_query import HOSTILE

RESULT_KEYS = {
    "id",
    "title",
    "url",
    "summary",
    "snippet",
    "program",
    "agency",
    "tags",
    "published_at",
    "featured",
    "score",
}


def test_search_returns_the_documented_shape(db, client, write) -> None:  # noqa: ANN001
    cs = write(
        title="Antrean <b>puskesmas</b>",
        situation="Kami melatih petugas loket.",
        tags=["pelayanan publik"],
    )
    cs.featured_at = utcnow()
    db.session.commit()
    apply_pending()

    response = client.get("/api/v1/search?q=pelatihan")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {
        "query",
        "total",
        "page",
        "per_page",
        "results",
        "facets",
        "suggestion",
    }
    assert (body["query"], body["total"], body["page"], body["per_page"]) == (
        "pelatihan",
        1,
        1,
        10,
    )
    assert body["suggestion"] is None
    [result] = body["results"]
    assert set(result) == RESULT_KEYS
    assert result["id"] == cs.id
    assert result["title"] == "Antrean <b>puskesmas</b>"  # data, not HTML
    assert result["url"] == f"http://localhost/praktik/{cs.id}/{cs.slug}"
    assert result["summary"] == cs.summary
    assert "<mark>melatih</mark>" in result["snippet"]
    assert result["program"] == {"slug": "program-uji", "name": "Program Uji"}
    assert result["agency"] == {"slug": cs.agency.slug, "name": cs.agency.name}
    assert result["tags"] == [{"slug": "pelayanan-publik", "name": "pelayanan publik"}]
    assert datetime.fromisoformat(result["published_at"]).utcoffset().seconds == 0
    assert result["featured"] is True
    assert isinstance(result["score"], float) and result["score"] > 0
    assert set(body["facets"]) == {"program", "agency", "tag", "year"}
    for values in body["facets"].values():
        for value in values:
            assert set(value) == {"slug", "name", "count"}
            assert isinstance(value["slug"], str) and isinstance(value["count"], int)
    assert body["facets"]["tag"] == [
        {"slug": "pelayanan-publik", "name": "pelayanan publik", "count": 1}
    ]


def test_filters_sort_and_pages(client, write) -> None:  # noqa: ANN001
    made = [write(title=f"Antrean {n}", tags=["antrean"]) for n in range(3)]
    write(title="Antrean lain", tags=["loket"])
    apply_pending()

    body = client.get(
        "/api/v1/search?q=antrean&tag=antrean&sort=newest&per_page=2&page=2"
    ).get_json()

    assert body["total"] == 3 and (body["page"], body["per_page"]) == (2, 2)
    assert [r["id"] for r in body["results"]] == [made[0].id]
    assert all(r["score"] == 0.0 for r in body["results"])  # sorted by date


def test_suggestion_for_a_misspelt_word(client, write) -> None:  # noqa: ANN001
    write(title="Koordinasi lintas dinas")
    apply_pending()

    body = client.get("/api/v1/search?q=kordinasi").get_json()

    assert body["suggestion"] == "koordinasi" and body["total"] == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [("sort=acak", "Urutan harus"), ("year=kemarin", "Tahun harus")],
)
def test_unusable_parameters_are_a_json_400(client, write, query, message) -> None:  # noqa: ANN001
    write()
    apply_pending()

    response = client.get(f"/api/v1/search?q=antrean&{query}")

    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400
    assert message in response.get_json()["error"]["message"]


def test_numbers_that_are_not_numbers_are_clamped(client, write) -> None:  # noqa: ANN001
    write()
    apply_pending()

    body = client.get("/api/v1/search?per_page=abc&page=-3").get_json()
    assert (body["page"], body["per_page"]) == (1, 10)
    assert client.get("/api/v1/search?per_page=9999").get_json()["per_page"] == 50


def test_without_an_index_the_api_answers_503(client) -> None:  # noqa: ANN001
    response = client.get("/api/v1/search?q=antrean")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "disiapkan" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("typed", HOSTILE[:12], ids=range(12))
def test_hostile_queries_are_harmless(db, client, write, typed: str) -> None:  # noqa: ANN001
    hidden = write(title="Status draft rahasia")
    hidden.status = Status.DRAFT
    db.session.commit()
    write(title="Rahasia umum")
    apply_pending()

    response = client.get("/api/v1/search", query_string={"q": typed})

    assert response.status_code == 200
    assert hidden.id not in [r["id"] for r in response.get_json()["results"]]


@pytest.mark.parametrize(
    "raw", ["%ED%A0%80", "%00", "%E2%80%AE%00x", "%FF%FE", "a%ED%B0%80b" * 100]
)
def test_undecodable_and_control_bytes_in_the_url(client, write, raw: str) -> None:  # noqa: ANN001
    write()
    apply_pending()

    response = client.get(f"/api/v1/search?q={raw}")

    assert response.status_code == 200
    assert "\x00" not in response.get_json()["query"]


def test_hidden_case_studies_never_appear_even_if_still_indexed(
    db,  # noqa: ANN001
    client,  # noqa: ANN001
    write,  # noqa: ANN001
) -> None:
    hidden = write(title="Antrean disembunyikan")
    shown = write(title="Antrean terbit")
    apply_pending()
    hidden.status = Status.HIDDEN  # the index does not know yet
    db.session.commit()

    body = client.get("/api/v1/search?q=antrean").get_json()

    assert [r["id"] for r in body["results"]] == [shown.id]
    assert body["total"] == 1


def test_unknown_api_address_is_a_json_404(client) -> None:  # noqa: ANN001
    response = client.get("/api/v1/tidak-ada")

    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
