"""Hostile input in every query parameter, URL part and form field: never a 500.

The routes come from ``app.url_map`` and the objects they point at from the
access matrix's ``world`` (``tests/test_access_matrix.py``). Form fields are
read from the forms the app itself renders: every GET page is fetched once by
each kind of visitor and every ``<form>`` on it parsed, so a field added to a
form is fuzzed without touching this file. Query parameter names are those
the GET forms use plus every ``request.args`` name found in the source.

Each value is sent as it arrives on the wire (percent-encoded), as an
anonymous visitor and as a signed-in member: every answer must be a 2xx, a
redirect or a 4xx, within 2 seconds. To keep the run short, each form field
gets three of the values (rotating, so every value reaches many fields); each
query string and URL part gets all of them.
"""

from __future__ import annotations

import io
import itertools
import random
import re
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.test import stream_encode_multipart

from app.models import Comment, Status
from app.programmes.csvfile import MAX_FILE_BYTES
from app.programmes.signed_upload import sign_upload
from app.search.indexer import apply_pending
from tests.test_access_matrix import (  # noqa: F401  (world is a fixture)
    ADMIN,
    ANON,
    MEMBER,
    OTHER,
    RULES,
    Route,
    build_url,
    routes,
    sign_in,
    world,
)
from tests.test_access_matrix import VISITORS as ALL_VISITORS

APP_DIR = Path(__file__).parent.parent / "app"
MAX_SECONDS = 2.0


def _q(text: str) -> str:
    return quote(text, safe="")


# Name -> the value as sent (percent-encoded, like a browser would).
HOSTILE: dict[str, str] = {
    "overlong": "x" * 100_000,
    "nul": "awal%00akhir",
    "surrogate": "awal%ED%A0%80akhir",  # a lone surrogate (U+D800) in UTF-8
    "rtl": _q("\u202egnp.exe laporan"),
    "sql": _q("' OR 1=1 --"),
    "whoosh_field": _q("title:("),
    "whoosh_star": _q("*"),
    "whoosh_quote": _q('"'),
    "whoosh_ops": _q("AND OR NOT"),
    "nested_quote": _q(">" * 10_000),
    "nested_link": _q("[" * 10_000),
    "nested_emphasis": _q("*" * 10_000),
    "markup": _q('"><img src=x onerror=alert(1)>'),
}
VALUES = list(HOSTILE.items())
VISITORS = (ANON, MEMBER)
# Who crawls the pages to find forms: the owner, a colleague, and an admin
# (who sees every staff form: moderation, programmes, administration).
CRAWLERS = (MEMBER, OTHER, ADMIN)
# Each GET request sets this many parameters, each to another value; with
# this many requests per page and visitor, every value reaches every page.
NAMES_PER_REQUEST = 3
REQUESTS_PER_PAGE = 5
# Names url_for reads as options, and its own first argument: a page that
# passes its query string on to url_for must not be steered by them.
URL_FOR_OPTIONS = {"_external", "_scheme", "_anchor", "_method", "endpoint"}


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    """Every form on a page: its fields and the values it would send as is."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(a.get("action") or self.page_path).path
            self._form = Form(a.get("method", "get").lower(), action)
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.files.add(name)
            elif kind in {"checkbox", "radio"}:
                if "checked" in a or name not in self._form.fields:
                    self._form.fields[name] = a.get("value", "on")
            else:
                self._form.fields[name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""
        elif tag == "select":
            self._select = name
            self._form.fields.setdefault(name, "")
        elif tag == "button":
            self._form.fields.setdefault(name, a.get("value", ""))
        elif tag == "option" and self._select:
            if "selected" in a or not self._form.fields.get(self._select):
                self._form.fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _url(route: Route, world: dict) -> str:  # noqa: F811
    if route.endpoint in RULES:
        return build_url(route, RULES[route.endpoint][0], world)
    return re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "tidak-ada", route.rule)


def _visitors(route: Route) -> tuple[str, ...]:
    """Anonymous, the member, and (for pages the member may not use) the
    first visitor who may: staff forms must be fuzzed by staff, reporting by
    a colleague of the author."""
    rule = RULES.get(route.endpoint)
    if rule is None or rule[0].expect[MEMBER] == "ok":
        return VISITORS
    allowed = [v for v in ALL_VISITORS if v != ANON and rule[0].expect[v] == "ok"]
    return VISITORS + tuple(allowed[:1])


def _client(app: Flask, world: dict, visitor: str):  # noqa: ANN202,F811
    client = app.test_client()
    if visitor != ANON:
        sign_in(client, world["users"][visitor])
    return client


@dataclass
class Crawl:
    get_forms: dict[str, set[str]]  # page path -> query names its GET forms use
    post_forms: dict[str, Form]  # action path -> fields (union over visitors)


def _crawl(app: Flask, world: dict, visitors: tuple[str, ...] = CRAWLERS) -> Crawl:  # noqa: F811
    crawl = Crawl({}, {})
    for route in routes():
        if route.method != "GET":
            continue
        url = _url(route, world)
        for visitor in visitors:
            response = _client(app, world, visitor).get(url)
            if response.mimetype != "text/html":
                continue
            parser = _FormParser(urlsplit(url).path)
            parser.feed(response.get_data(as_text=True))
            for form in parser.forms:
                if form.method == "get":
                    names = crawl.get_forms.setdefault(form.action, set())
                    names.update(form.fields)
                    continue
                known = crawl.post_forms.setdefault(
                    form.action, Form("post", form.action)
                )
                for name, value in form.fields.items():
                    known.fields.setdefault(name, value)
                known.files |= form.files
    return crawl


def _query_names_in_source() -> set[str]:
    pattern = re.compile(r"args(?:\.get(?:list)?\(|\[)\s*[\"'](\w+)[\"']")
    names = set()
    for path in APP_DIR.rglob("*.py"):
        names.update(pattern.findall(path.read_text()))
    return names


@dataclass
class Outcome:
    request: str
    status: int
    seconds: float
    error: str = ""

    @property
    def acceptable(self) -> bool:
        return self.status < 500 and self.seconds < MAX_SECONDS


class Sent:
    """Every request sent and what came back; the failures, described."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []

    def send(self, client, method: str, url: str, **kwargs) -> None:  # noqa: ANN001,ANN003
        what = f"{method} {url[:160]}"
        started = time.perf_counter()
        try:
            status = client.open(url, method=method, **kwargs).status_code
            error = ""
        except Exception as raised:  # noqa: BLE001 - TESTING re-raises a 500
            status, error = 500, _describe(raised)
        seconds = time.perf_counter() - started
        self.outcomes.append(Outcome(what, status, seconds, error))

    def problems(self) -> list[str]:
        return [
            f"{o.request} -> HTTP {o.status} in {o.seconds:.2f}s {o.error}"
            for o in self.outcomes
            if not o.acceptable
        ]


def _describe(error: BaseException) -> str:
    frames = [
        f for f in traceback.extract_tb(error.__traceback__) if "/app/" in f.filename
    ]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__}: {str(error)[:150]} (at {where})"


@pytest.fixture
def fuzz_world(app, world) -> Iterator[dict]:  # noqa: F811
    apply_pending()  # search and the API have an index to ask
    yield world


def test_every_query_parameter_survives_hostile_values(app, fuzz_world):
    """Each request sets a few parameters (rotating through all the names),
    each to another value (rotating through all the values): every page
    echoes its query string in links, so all names at 100,000 characters each
    would test the test client, not the app."""
    crawl = _crawl(app, fuzz_world, (MEMBER, ADMIN))
    names = sorted(
        _query_names_in_source()
        | set().union(*crawl.get_forms.values())
        | URL_FOR_OPTIONS
    )
    assert {"q", "tag", "page", "lang", "next", "tahun"} <= set(names)
    clients = {v: _client(app, fuzz_world, v) for v in ALL_VISITORS}
    name_rotation = itertools.cycle(names)
    value_rotation = itertools.cycle(value for _label, value in VALUES)
    assert NAMES_PER_REQUEST * REQUESTS_PER_PAGE >= len(VALUES)
    sent = Sent()
    for route in routes():
        if route.method != "GET":
            continue
        url = _url(route, fuzz_world)
        for visitor, _n in itertools.product(
            _visitors(route), range(REQUESTS_PER_PAGE)
        ):
            query = "&".join(
                f"{next(name_rotation)}={next(value_rotation)}"
                for _ in range(NAMES_PER_REQUEST)
            )
            sent.send(clients[visitor], "GET", f"{url}?{query}")
    assert len(sent.outcomes) > 500
    assert not sent.problems(), "\n".join(sent.problems()[:30])


def test_every_url_part_survives_hostile_values(app, fuzz_world):
    sent = Sent()
    text_argument = re.compile(r"<(?:(?:string|path|default)(?:\([^)]*\))?:)?(\w+)>")
    for route in routes():
        if route.method != "GET" or not text_argument.search(route.rule):
            continue
        for visitor, (_label, value) in itertools.product(VISITORS, VALUES):
            url = text_argument.sub(value.replace("%2F", "/"), route.rule)
            url = re.sub(r"<int:\w+>", "1", url)
            sent.send(_client(app, fuzz_world, visitor), "GET", url)
    assert len(sent.outcomes) > 100
    assert not sent.problems(), "\n".join(sent.problems()[:30])


def _body(fields: dict[str, str], hostile: tuple[str, str]) -> bytes:
    name, value = hostile
    pairs = [f"{_q(k)}={_q(v)}" for k, v in fields.items() if k != name]
    pairs.append(f"{_q(name)}={value}")
    return "&".join(pairs).encode("ascii")


def test_every_form_field_survives_hostile_values(app, fuzz_world):
    crawl = _crawl(app, fuzz_world)
    sent = Sent()
    rotation = itertools.cycle(range(len(VALUES)))
    fuzzed_fields = 0
    by_visitor: Counter[str] = Counter()
    for route in routes():
        if route.method == "GET":
            continue
        url = _url(route, fuzz_world)
        form = crawl.post_forms.get(urlsplit(url).path, Form("post", url))
        rule = RULES.get(route.endpoint)
        declared = rule[0].form_for(fuzz_world) if rule else {}
        fields = {**form.fields, **declared}
        fields.pop("csrf_token", None)
        for visitor in _visitors(route):
            for name in sorted(set(fields) | form.files) or ["x"]:
                start = next(rotation)
                for n in range(3):
                    hostile = VALUES[(start + n) % len(VALUES)][1]
                    sent.send(
                        _client(app, fuzz_world, visitor),
                        route.method,
                        url,
                        data=_body(fields, (name, hostile)),
                        content_type="application/x-www-form-urlencoded",
                    )
                fuzzed_fields += 1
                by_visitor[visitor] += 1
    assert fuzzed_fields > 150  # the crawl found the forms
    assert by_visitor[ADMIN] > 20 and by_visitor[OTHER] > 5  # staff forms too
    assert not sent.problems(), "\n".join(sent.problems()[:30])


def test_json_bodies_with_lone_surrogates_are_refused_cleanly(app, fuzz_world):
    """No view reads JSON, but a client may send it anyway: ``"\\ud800"``."""
    body = '{"q": "\\ud800", "body": "a\\u0000b", "title": "\\udfff"}'
    sent = Sent()
    for route in routes():
        url = _url(route, fuzz_world)
        for visitor in VISITORS:
            sent.send(
                _client(app, fuzz_world, visitor),
                route.method,
                url,
                data=body,
                content_type="application/json",
            )
    assert not sent.problems(), "\n".join(sent.problems()[:30])


def test_nul_and_surrogates_are_removed_and_the_rest_is_kept(
    app, client, auth, db, make_user, make_case_study
):
    """Cleaned centrally rather than refused: the comment is stored, visibly whole."""
    member = make_user()
    case_study = make_case_study()
    auth.login(member)
    body = "Sangat%00 membantu%ED%A0%80 sekali"
    response = client.post(
        f"/praktik/{case_study.id}/komentar",
        data=f"body={body}".encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    stored = db.session.scalar(sa.select(Comment.body_md))
    assert "\x00" not in stored
    assert stored.startswith("Sangat membantu") and stored.endswith("sekali")
    search = client.get("/cari?q=membantu%00sekali")
    assert search.status_code == 200
    assert client.get("/tag/pelayanan%00publik").status_code == 404
    assert case_study.status is Status.PUBLISHED


def test_url_for_options_in_the_query_cannot_steer_the_pages_links(
    client, make_user, make_program
):
    """``_external``/``_scheme``/``_anchor`` are dropped before any view sees
    them, and a query name equal to a URL argument does not break the page."""
    hostile = "q=antre&_external=1&_scheme=javascript&_anchor=%0Aalert(1)&lang=id"
    html = client.get(f"/cari?{hostile}").get_data(as_text=True)
    assert "javascript" not in html
    assert 'href="/cari?q=antre&amp;lang=en"' in html  # the language switch
    admin, program = make_user(role="admin"), make_program()
    sign_in(client, admin)
    edit = client.get(f"/admin/program/{program.id}/ubah?program_id=bukan-angka")
    assert edit.status_code == 200
    assert f"/admin/program/{program.id}/ubah?" in edit.get_data(as_text=True)


def test_a_body_over_the_cap_gets_the_413_page_in_indonesian(
    app, make_user, make_case_study
):
    member, case_study = make_user(), make_case_study()
    three_mb = "x" * (3 * 1024 * 1024)
    anonymous, signed_in = app.test_client(), app.test_client()
    sign_in(signed_in, member)
    for client, url in (
        (anonymous, "/masuk"),
        (anonymous, "/daftar"),
        (signed_in, "/pengaturan/notifikasi"),
        (signed_in, f"/praktik/{case_study.id}/komentar"),
    ):
        response = client.post(url, data={"body": three_mb})
        assert response.status_code == 413, url
        html = response.get_data(as_text=True)
        assert '<html lang="id">' in html
        assert "Isian terlalu besar" in html and "Kurangi isinya" in html
        assert response.headers["X-Request-ID"] in html


def _multipart(client, url: str, fields: dict[str, str]):  # noqa: ANN001,ANN202
    """Encoded in memory: Werkzeug's test client would spool a large body to
    a temporary file it never closes."""
    stream, length, boundary = stream_encode_multipart(fields, use_tempfile=False)
    return client.post(
        url,
        input_stream=stream,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_too_many_form_parts_or_an_oversized_text_part_get_413(app, client):
    parts = {f"f{n}": "x" for n in range(app.config["MAX_FORM_PARTS"] + 1)}
    assert _multipart(client, "/masuk", parts).status_code == 413
    big = "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1)
    response = _multipart(client, "/masuk", {"email": big})
    assert response.status_code == 413
    assert "Isian terlalu besar" in response.get_data(as_text=True)
    # Just under both limits: read, and refused as a sign-in (not a 413).
    fine = {f"f{n}": "x" for n in range(app.config["MAX_FORM_PARTS"] - 2)}
    fine["email"] = "x" * 1000
    assert _multipart(client, "/masuk", fine).status_code in (200, 400)


def test_a_full_case_study_in_a_non_latin_script_fits_the_limits(
    client, make_user, make_program, make_completion
):
    """Five sections at their 20,000-character cap, each character
    percent-encoded to 9 bytes: about 900 KB, under the 2 MB cap."""
    author, program = make_user(), make_program()
    make_completion(author, program)
    sign_in(client, author)
    section = "字" * 20_000
    response = client.post(
        "/praktik/baru",
        data={
            "title": "Praktik dalam aksara lain",
            "summary": "Ringkasan.",
            "program_id": str(program.id),
            "situation": section,
            "action": section,
            "result": section,
            "lessons": section,
            "tags": "uji",
            "save": "Simpan draf",
        },
    )
    assert response.status_code == 302


def test_the_participant_import_still_takes_its_largest_file(
    app, client, make_user, make_run
):
    """A CSV at the import's own cap (256 KB) uploads, and its signed copy,
    carried in a hidden field to the confirmation step, fits too, even for
    content that does not compress (the worst case for its size)."""
    organiser = make_user(role="penyelenggara")
    run = make_run()
    sign_in(client, organiser)
    base = f"/kelola/program/{run.program.slug}/angkatan/{run.id}/impor"
    header = "NIP;nama;instansi;tanggal selesai;nomor sertifikat\r\n"
    row = "198504122010031001;Rina Marpaung;Dinas Kesehatan;14/03/2026;S-1\r\n"
    text = header + row * ((MAX_FILE_BYTES - len(header)) // len(row))
    assert MAX_FILE_BYTES - len(row) < len(text) <= MAX_FILE_BYTES
    upload = client.post(
        base,
        data={"file": (io.BytesIO(text.encode()), "peserta.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code in (200, 400)  # a preview; rows may be refused
    assert "Isian terlalu besar" not in upload.get_data(as_text=True)

    noise = random.Random(7)
    printable = [chr(c) for c in range(0x21, 0x7F)]
    incompressible = "".join(noise.choice(printable) for _ in range(MAX_FILE_BYTES))
    with app.test_request_context():
        signed = sign_upload(
            incompressible.encode(), run_id=run.id, user_id=organiser.id
        )
    assert len(signed) > 250_000
    confirms = (
        client.post(f"{base}/simpan", data={"upload": signed}),  # as the page sends
        _multipart(client, f"{base}/simpan", {"upload": signed}),
    )
    for confirm in confirms:
        assert confirm.status_code == 400  # read, checked and refused
        assert "Isian terlalu besar" not in confirm.get_data(as_text=True)
