"""Security headers on every response, and page templates the CSP can hold to.

The walk reuses the access matrix (``tests/test_access_matrix.py``): its
``world`` and URL rules reach every GET endpoint of ``app.url_map`` with real
objects, as a visitor who may see the page and as an anonymous one. Error
kinds (routing 404, 405, 413, 429, 500, CSRF 400), static files, the JSON API
and ``/healthz`` are each asked for once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import abort

from app import create_app
from app.http_headers import CONTENT_SECURITY_POLICY
from app.search.indexer import apply_pending
from config import ProductionConfig
from tests.conftest import another_app
from tests.test_access_matrix import (  # noqa: F401  (world is a fixture)
    ANON,
    OK,
    RULES,
    VISITORS,
    Route,
    Rule,
    build_url,
    outcomes,
    routes,
    sign_in,
    world,
)

TEMPLATES = Path(__file__).parent.parent / "app" / "templates"
REQUIRED_CSP = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)

# What a CSP without 'unsafe-inline' would block, or what must never be needed.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def assert_security_headers(response, what: str) -> None:  # noqa: ANN001
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    directives = {d.strip() for d in policy.split(";")}
    missing = [d for d in REQUIRED_CSP if d not in directives]
    assert not missing, f"{what}: CSP lacks {missing}: {policy!r}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") in {
        "strict-origin-when-cross-origin",
        "strict-origin",
        "same-origin",
        "no-referrer",
    }, what
    assert "Strict-Transport-Security" not in headers, f"{what}: HSTS in testing"
    assert re.fullmatch(r"[0-9a-f]{32}", headers.get("X-Request-ID", "")), what
    server = headers.get("Server", "")
    assert not re.search(r"\d", server), f"{what}: Server header has a version"


def assert_csp_compatible_html(html: str, what: str) -> None:
    """Nothing in a served page that the policy would block (or that needs it)."""
    for name, pattern in (
        ("inline <script>", INLINE_SCRIPT),
        ("on*= handler", EVENT_HANDLER),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
        ("javascript: URL", JAVASCRIPT_URL),
    ):
        found = pattern.search(html)
        assert found is None, f"{what}: {name}: {found.group(0)[:120]!r}"


def _viewer(rule_expect: dict[str, str]) -> str | None:
    """The first signed-in visitor the page is open to."""
    for visitor in VISITORS:
        if visitor != ANON and rule_expect[visitor] == OK:
            return visitor
    return None


def _url(route: Route, rule: Rule, world: dict) -> str:  # noqa: F811
    if route.endpoint in RULES:
        return build_url(route, rule, world)
    return re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "tidak-ada", route.rule)


def test_every_get_endpoint_carries_the_headers_and_serves_csp_clean_html(
    app,
    world,  # noqa: F811
):
    apply_pending()  # search, the API and /healthz find an index
    checked = 0
    for route in routes():
        if route.method != "GET":
            continue
        # A route the matrix has no rule for yet (it fails there): try it
        # with the default URL arguments, as anyone.
        rule = RULES.get(route.endpoint, [Rule(outcomes(OK))])[0]
        url = _url(route, rule, world)
        for visitor in (ANON, _viewer(rule.expect)):
            if visitor is None:
                continue
            client = app.test_client()
            if visitor != ANON:
                sign_in(client, world["users"][visitor])
            response = client.get(url)
            what = f"{visitor} GET {url} ({route.endpoint}) -> {response.status_code}"
            assert response.status_code < 500, what
            assert_security_headers(response, what)
            if response.mimetype == "text/html":
                assert_csp_compatible_html(response.get_data(as_text=True), what)
            checked += 1
    assert checked > 60  # the walk really went through the url map


def test_static_files_and_bootstraps_files_carry_the_headers(client):
    for url in (
        "/static/css/app.css",
        "/static/js/charts.js",
        "/static/vendor/chartjs/chart.umd.min.js",
        "/bootstrap/static/js/bootstrap.min.js",
        "/bootstrap/static/css/bootstrap.min.css",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, url)


def test_redirects_the_api_and_healthz_carry_the_headers(client):
    redirect = client.get("/praktik/baru")  # anonymous: to the sign-in page
    assert redirect.status_code == 302
    assert_security_headers(redirect, "redirect")
    api = client.get("/api/v1/search?q=x")
    assert api.is_json
    assert_security_headers(api, "api")
    api_404 = client.get("/api/v1/tidak-ada")
    assert api_404.status_code == 404 and api_404.is_json
    assert_security_headers(api_404, "api 404")
    health = client.get("/healthz")
    assert health.is_json
    assert_security_headers(health, "healthz")


def test_error_responses_carry_the_headers(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom() -> str:
        raise RuntimeError("uji")

    app.add_url_rule("/uji-500-header", "uji_500_header", boom)
    app.add_url_rule("/uji-403-header", "uji_403_header", lambda: abort(403))
    cases = {
        404: client.get("/alamat-yang-tidak-ada"),
        405: client.get("/keluar"),
        413: client.post("/masuk", data={"email": "x" * (3 * 1024 * 1024)}),
        500: client.get("/uji-500-header"),
        403: client.get("/uji-403-header"),
    }
    for code, response in cases.items():
        assert response.status_code == code
        assert_security_headers(response, f"HTTP {code}")
        assert_csp_compatible_html(response.get_data(as_text=True), f"HTTP {code}")


def test_rate_limit_429_carries_the_headers(config_class):
    class Limited(config_class):
        RATELIMIT_ENABLED = True
        RATELIMIT_SEARCH = "1 per minute"

    with another_app(Limited) as limited:
        client = limited.test_client()
        client.get("/cari?q=a")
        response = client.get("/cari?q=a")
    assert response.status_code == 429
    assert_security_headers(response, "HTTP 429")


def test_csrf_failure_carries_the_headers(config_class):
    class CSRFOn(config_class):
        WTF_CSRF_ENABLED = True

    with another_app(CSRFOn) as csrf_app:
        response = csrf_app.test_client().post("/masuk", data={"email": "a"})
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.get_data(as_text=True)
    assert_security_headers(response, "CSRF 400")


@pytest.fixture
def keep_root_logging() -> Iterator[None]:
    """A non-testing app installs its stderr handler: take it away again."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)


def test_production_adds_strict_transport_security(
    tmp_path, monkeypatch, keep_root_logging
):
    monkeypatch.setenv("SECRET_KEY", "a-long-secret-from-the-vault")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")

    class Production(ProductionConfig):
        INSTANCE_DIR = tmp_path
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path}/p.sqlite3"
        SCHEMA_CHECK = False  # an empty database: only headers matter here

    response = (
        create_app(Production).test_client().get("/static/css/app.css", buffered=True)
    )
    assert response.status_code == 200
    hsts = response.headers["Strict-Transport-Security"]
    assert re.fullmatch(r"max-age=(\d+); includeSubDomains", hsts)
    assert int(hsts.split("=")[1].split(";")[0]) >= 180 * 24 * 3600
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def _page_templates() -> list[Path]:
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "email" not in path.relative_to(TEMPLATES).parts
    )


@pytest.mark.parametrize(
    "path", _page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_page_templates_need_no_inline_script_style_or_handlers(path: Path) -> None:
    source = path.read_text()
    for name, pattern in (
        ("inline <script> with code", INLINE_SCRIPT),
        ("on*= handler attribute", EVENT_HANDLER),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
        ("javascript: URL", JAVASCRIPT_URL),
    ):
        found = pattern.search(source)
        assert found is None, f"{name}: {found.group(0)[:120]!r}"


def test_the_template_scan_finds_what_it_looks_for() -> None:
    """The patterns above match the things they must catch (so the scan can fail)."""
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/charts.js" defer>')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="d">')
    assert EVENT_HANDLER.search('<img src="x" onerror="alert(1)">')
    assert STYLE_ATTRIBUTE.search('<dd style="white-space: pre-line">')
    assert not STYLE_ATTRIBUTE.search('{{ render_field(f, button_style="danger") }}')
    assert JAVASCRIPT_URL.search('<a href="javascript:alert(1)">')
