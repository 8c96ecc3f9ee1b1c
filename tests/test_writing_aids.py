"""The writing form's aids, as the server provides them: the live preview
(``POST /praktik/pratinjau``), tag suggestions (``GET /praktik/saran-tag``),
the autosave keys, and the error summary that links to each invalid field.

The scripts that use them are tested in a real browser
(tests/browser/test_writing.py); these tests hold the server to its side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.models import Role
from app.practices import preview, services, tag_suggestions
from tests.conftest import PASSWORD, FreshContextClient, another_app
from tests.test_comments import Tags

PREVIEW = "/praktik/pratinjau"
SUGGEST = "/praktik/saran-tag"


def _sections(**overrides: str) -> dict[str, str]:
    return {
        "title": "Loket terpadu",
        "summary": "Satu loket untuk semua izin.",
        "situation": "Warga antre di **tiga** loket.",
        "action": "- Menggabungkan loket\n- Melatih petugas",
        "result": "",
        "lessons": "",
        **overrides,
    }


# --- live preview ------------------------------------------------------------


def test_preview_renders_the_sections_with_the_site_markdown(client, auth, writer):
    auth.login(writer[0])
    response = client.post(PREVIEW, data=_sections())
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert "<strong>tiga</strong>" in html
    assert "<li>Melatih petugas</li>" in html
    assert "Situasi" in html and "Tindakan" in html
    assert "Hasil" not in html  # empty sections are not shown
    assert '<p class="h4">Loket terpadu</p>' in html


def test_preview_strips_scripts_and_javascript_links_and_escapes_the_title(
    client, auth, writer
):
    auth.login(writer[0])
    hostile = (
        "<script>alert(1)</script> [klik](javascript:alert(2)) "
        '<img src=x onerror="x()">'
    )
    data = _sections(title="<b>Judul</b>", situation=hostile, lessons=hostile)
    html = client.post(PREVIEW, data=data).get_json()["html"]
    elements = Tags(html)
    assert not elements.find("script") and not elements.find("img")
    assert "javascript:" not in html
    assert "&lt;script&gt;alert(1)" in html  # shown as text, never run
    assert "&lt;b&gt;Judul&lt;/b&gt;" in html


def test_preview_of_an_empty_form_says_the_sections_are_empty(client, auth, writer):
    auth.login(writer[0])
    html = client.post(PREVIEW, data={}).get_json()["html"]
    assert "Keempat bagian masih kosong." in html


def test_preview_saves_nothing(client, auth, writer, db):  # noqa: ANN001
    from app.models import CaseStudy

    auth.login(writer[0])
    client.post(PREVIEW, data=_sections())
    assert db.session.query(CaseStudy).count() == 0


def test_preview_sends_anonymous_visitors_to_sign_in(client):
    response = client.post(PREVIEW, data=_sections())
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


def test_preview_refuses_a_member_who_can_write_nothing(client, auth, make_user):
    auth.login(make_user(Role.MODERATOR))  # no completed programme, no case study
    assert client.post(PREVIEW, data=_sections()).status_code == 403


def test_preview_serves_the_author_of_a_case_study_without_a_completion(
    client,
    auth,
    make_case_study,
    db,  # noqa: ANN001
):
    case_study = make_case_study()
    for completion in case_study.author.completions:
        db.session.delete(completion)
    db.session.commit()
    auth.login(case_study.author)
    assert client.post(PREVIEW, data=_sections()).status_code == 200


def test_preview_refuses_a_section_longer_than_saving_allows(client, auth, writer):
    auth.login(writer[0])
    too_long = "a" * (services.MAX_SECTION_LENGTH + 1)
    response = client.post(PREVIEW, data=_sections(result=too_long))
    assert response.status_code == 413
    message = response.get_json()["error"]
    assert "Hasil terlalu panjang" in message
    assert str(services.MAX_SECTION_LENGTH + 1) in message


def test_preview_accepts_a_section_exactly_at_the_limit(client, auth, writer):
    auth.login(writer[0])
    at_limit = "a" * services.MAX_SECTION_LENGTH
    assert client.post(PREVIEW, data=_sections(result=at_limit)).status_code == 200


def test_preview_refuses_a_body_too_big_to_read(client, auth, writer):
    auth.login(writer[0])
    huge = "b" * (preview.MAX_BODY_BYTES + 1)
    response = client.post(PREVIEW, data={"other": huge})
    assert response.status_code == 413
    assert response.get_json()["error"] == "Teks terlalu panjang untuk pratinjau."


def test_preview_only_answers_post(client, auth, writer):
    auth.login(writer[0])
    assert client.get(PREVIEW).status_code == 405


@pytest.fixture
def csrf_on(app: Flask) -> Iterator[Callable[[], None]]:
    """Call it once signed in (the sign-in post carries no token)."""
    yield lambda: app.config.update(WTF_CSRF_ENABLED=True)
    app.config["WTF_CSRF_ENABLED"] = False


def _form_token(client: FlaskClient) -> str:
    page = client.get("/praktik/baru").get_data(as_text=True)
    [token] = [
        t["value"] for t in Tags(page).find("input", name="csrf_token", id="csrf_token")
    ]
    return token


def test_preview_without_the_csrf_token_is_refused(client, auth, writer, csrf_on):  # noqa: ANN001
    auth.login(writer[0])
    csrf_on()
    _form_token(client)
    response = client.post(PREVIEW, data=_sections())
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.get_data(as_text=True)


def test_preview_takes_the_csrf_token_as_header_or_field(client, auth, writer, csrf_on):  # noqa: ANN001
    auth.login(writer[0])
    csrf_on()
    token = _form_token(client)
    by_header = client.post(PREVIEW, data=_sections(), headers={"X-CSRFToken": token})
    by_field = client.post(PREVIEW, data={**_sections(), "csrf_token": token})
    assert (by_header.status_code, by_field.status_code) == (200, 200)


# --- rate limit --------------------------------------------------------------

LIMIT = 3


@pytest.fixture
def limited(app, config_class) -> Iterator[Flask]:  # noqa: ANN001
    """The app with its limits on, the writing aids at ``LIMIT`` a minute;
    made after the suite's ``app`` (Flask-Limiter keeps one per process)."""
    settings = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_WRITING_AIDS": f"{LIMIT} per minute",
    }
    with another_app(type("Limited", (config_class,), settings)) as limited_app:
        limited_app.test_client_class = FreshContextClient
        yield limited_app


def test_preview_and_suggestions_share_one_allowance_then_get_429(limited, writer):
    client = limited.test_client()
    client.post("/masuk", data={"email": writer[0].email, "password": PASSWORD})
    sent = [
        client.post(PREVIEW, data=_sections()).status_code for _ in range(LIMIT - 1)
    ]
    sent.append(client.get(f"{SUGGEST}?q=pel").status_code)
    assert sent == [200] * LIMIT
    refused = client.post(PREVIEW, data=_sections())
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert client.get(f"{SUGGEST}?q=pel").status_code == 429


# --- tag suggestions -----------------------------------------------------------


@pytest.fixture
def tagged(make_case_study, make_program):  # noqa: ANN001,ANN201
    """Published case studies: "antrean" on three, "sistem antrean" on two,
    "antar jemput" on one; "antrean rahasia" only on a draft."""
    program = make_program()
    for tags in (
        ["antrean", "sistem antrean"],
        ["antrean", "sistem antrean", "antar jemput"],
        ["antrean", "pelayanan"],
    ):
        make_case_study(program=program, tags=tags)
    make_case_study(program=program, tags=["antrean rahasia"], publish=False)
    return program


def _suggested(client: FlaskClient, typed: str) -> list[tuple[str, int]]:
    response = client.get(SUGGEST, query_string={"q": typed})
    assert response.status_code == 200
    return [(tag["name"], tag["uses"]) for tag in response.get_json()["tags"]]


def test_suggestions_are_existing_tags_most_used_first(client, auth, writer, tagged):
    auth.login(writer[0])
    assert _suggested(client, "antr") == [("antrean", 3), ("sistem antrean", 2)]
    assert _suggested(client, "ANT") == [
        ("antrean", 3),
        ("sistem antrean", 2),
        ("antar jemput", 1),
    ]


def test_each_suggestion_says_how_often_it_is_used_in_the_readers_language(
    client, auth, writer, tagged
):
    auth.login(writer[0])
    labels = {
        tag["name"]: tag["label"]
        for tag in client.get(SUGGEST, query_string={"q": "a"}).get_json()["tags"]
    }
    assert labels["antrean"] == "3 studi kasus"
    client.get("/?lang=en")
    labels = {
        tag["name"]: tag["label"]
        for tag in client.get(SUGGEST, query_string={"q": "a"}).get_json()["tags"]
    }
    assert labels["antrean"] == "3 case studies"
    assert labels["antar jemput"] == "1 case study"


def test_suggestions_never_reveal_a_tag_seen_only_on_a_draft(
    client, auth, writer, tagged
):
    auth.login(writer[0])
    assert "antrean rahasia" not in [
        name for name, _ in _suggested(client, "antrean r")
    ]
    assert _suggested(client, "rahasia") == []


def test_suggestions_for_nothing_typed_are_empty(client, auth, writer, tagged):
    auth.login(writer[0])
    assert _suggested(client, "") == []
    assert _suggested(client, " ,;% ") == []
    assert _suggested(client, "%") == []  # no LIKE wildcard gets through


def test_suggestions_are_capped(client, auth, writer, make_case_study):
    make_case_study(tags=[f"tema {n}" for n in range(services.MAX_TAGS)])
    make_case_study(tags=[f"tema {n}" for n in range(10, 10 + services.MAX_TAGS)])
    auth.login(writer[0])
    assert len(_suggested(client, "tema")) == tag_suggestions.MAX_SUGGESTIONS


def test_suggestions_refuse_a_word_longer_than_a_tag(client, auth, writer):
    auth.login(writer[0])
    response = client.get(SUGGEST, query_string={"q": "x" * 41})
    assert response.status_code == 400
    assert "terlalu panjang" in response.get_json()["error"]


def test_suggestions_need_a_signed_in_member(client):
    response = client.get(SUGGEST, query_string={"q": "antrean"})
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


def test_suggestions_cost_the_same_queries_however_many_tags_exist(
    client, auth, writer, make_case_study, count_queries
):
    auth.login(writer[0])
    make_case_study(tags=["kota 1", "kota 2"])
    client.get(SUGGEST, query_string={"q": "kota"})  # warm: session, user
    with count_queries() as few:
        assert len(_suggested(client, "kota")) == 2
    for n in range(3):
        make_case_study(tags=[f"kota {n * 10 + k}" for k in range(10)])
    with count_queries() as many:
        assert len(_suggested(client, "kota")) == tag_suggestions.MAX_SUGGESTIONS
    assert many.count == few.count


# --- the form: prompts, error summary, autosave keys -------------------------


def test_each_section_has_its_prompt_linked_as_its_description(client, auth, writer):
    auth.login(writer[0])
    page = Tags(client.get("/praktik/baru").get_data(as_text=True))
    for name in ("situation", "action", "result", "lessons"):
        [textarea] = page.find("textarea", id=name)
        assert textarea["aria-describedby"] == f"{name}-petunjuk"
        assert page.find("p", id=f"{name}-petunjuk")


def test_a_refused_publish_lists_every_error_as_a_link_to_its_field(
    client, auth, writer
):
    user, program = writer
    auth.login(user)
    data = {
        "title": "",
        "summary": "Ringkasan yang tetap ada.",
        "program_id": str(program.id),
        "situation": "Situasi yang tetap ada.",
        "result_before": "banyak",
        "publish": "Terbitkan",
    }
    response = client.post("/praktik/baru", data=data)
    html = response.get_data(as_text=True)
    page = Tags(html)
    assert response.status_code == 400
    [summary] = page.find("div", id="ringkasan-galat")
    assert (summary["role"], summary["tabindex"]) == ("alert", "-1")
    summary_html = html[html.index('id="ringkasan-galat"') :]
    summary_html = summary_html[: summary_html.index("</div>")]
    linked = re.findall(r'href="#([a-z_]+)"', summary_html)
    assert linked == ["title", "action", "result", "lessons", "result_before"]
    for field_id in linked:
        [field] = [attrs for _tag, attrs in page.tags if attrs.get("id") == field_id]
        assert field["aria-invalid"] == "true"
        assert f"{field_id}-galat" in field["aria-describedby"].split()
        assert page.find("div", id=f"{field_id}-galat")
    assert "Judul wajib diisi." in summary_html
    assert "Situasi yang tetap ada." in html  # what was typed stays
    assert 'value="banyak"' in html


def test_the_form_names_a_draft_key_per_member_and_per_case_study(
    client, auth, writer, make_case_study
):
    user, program = writer
    auth.login(user)
    new = Tags(client.get("/praktik/baru").get_data(as_text=True))
    [form] = new.find("form", id="formulir-studi-kasus")
    assert form["data-draft-key"] == f"lumbung-draf:{user.id}:baru"
    case_study = make_case_study(author=user, program=program)
    edit = Tags(client.get(f"/praktik/{case_study.id}/ubah").get_data(as_text=True))
    [form] = edit.find("form", id="formulir-studi-kasus")
    assert form["data-draft-key"] == f"lumbung-draf:{user.id}:{case_study.id}"


def test_after_a_save_the_next_page_names_the_saved_draft_once(client, auth, writer):
    user, program = writer
    auth.login(user)
    data = {
        **_sections(result="Hasil.", lessons="Pelajaran."),
        "program_id": str(program.id),
        "publish": "Terbitkan",
    }
    response = client.post("/praktik/baru", data=data)
    assert response.status_code == 302
    shown = Tags(client.get(response.headers["Location"]).get_data(as_text=True))
    [marker] = shown.find(
        "div", **{"data-saved-draft-key": f"lumbung-draf:{user.id}:baru"}
    )
    assert shown.find("script", src="/static/js/autosave.js")
    again = Tags(client.get(response.headers["Location"]).get_data(as_text=True))
    assert not again.find(
        "div", **{"data-saved-draft-key": f"lumbung-draf:{user.id}:baru"}
    )


def test_a_refused_save_names_no_saved_draft(client, auth, writer):
    user, program = writer
    auth.login(user)
    page = client.post("/praktik/baru", data={"title": "", "save": "Simpan draf"})
    assert "data-saved-draft-key" not in page.get_data(as_text=True)


def test_the_preview_button_still_works_without_script(client, auth, writer):
    user, program = writer
    auth.login(user)
    data = {**_sections(), "program_id": str(program.id), "preview": "Pratinjau"}
    page = client.post("/praktik/baru", data=data).get_data(as_text=True)
    assert "<strong>tiga</strong>" in page
    assert 'id="pratinjau-judul"' in page
