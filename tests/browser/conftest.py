"""Browser tests: Debian's Chromium, driven by Playwright, against a real server.

One gunicorn server per test session (``tests/server.py``): its own database
(SQLite, or a PostgreSQL database of its own on the PostgreSQL run), its own
search index, CSRF and rate limits on as in production, and the demo data, so
every page has something on it. Tests add what their journey needs through the
browser, or through ``site.app`` (the server's app in this process) when the
journey does not start there.

Chromium comes from the operating system (``apt-get install chromium``), never
from a Playwright download. Without it these tests are skipped with that
instruction; ``.ci/run`` installs it and fails on any skipped test.

Every page the test opened is saved (screenshot and HTML) to
``test-results/browser/<test>/`` when the test fails, and a test fails when
any page logs a console error, throws, or breaks the Content-Security-Policy.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.demo.content import DEMO_PASSWORD
from tests.server import ROOT, Server, demo_server, flask_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTEFACTS = ROOT / "test-results" / "browser"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# Demo accounts (README "Demo accounts"); all share DEMO_PASSWORD.
MEMBER = "sri.nasution@medan.go.id"
MODERATOR = "agus.rangkuti@medan.go.id"
ORGANISER = "dewi.harahap@medan.go.id"
ADMIN = "teguh.prasetyo@medan.go.id"

# Reported to the page by Chromium before any of its scripts run; CSP
# violations do not always reach the console.
_WATCH_CSP = """
window.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed: make test installs requirements-dev.txt"
    if not CHROMIUM.exists():
        return (
            f"Chromium not found at {CHROMIUM}: "
            "apt-get install -y --no-install-recommends chromium"
        )
    return None


@dataclass
class Site:
    """The running server and what a test needs to reach behind it."""

    server: Server
    env: dict[str, str]
    app: Flask

    @property
    def url(self) -> str:
        return self.server.url

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``flask <args>`` against the server's database and index, as cron
        runs it: links in its emails start with the server's address
        (``BASE_URL``), and ``MAIL_BACKEND=log`` writes the emails to its
        output."""
        done = flask_command({**self.env, "BASE_URL": self.url}, *args)
        assert done.returncode == 0, done.stdout + done.stderr
        return done


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    with demo_server(tmp_path_factory.mktemp("browser-site")) as (server, env, app):
        yield Site(server, env, app)


@pytest.fixture(scope="session")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    # Waiting is for the page, not for the test: a missing element fails fast.
    expect.set_options(timeout=5_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@dataclass
class Problems:
    """Console errors, uncaught exceptions and CSP violations seen by any page."""

    seen: list[str] = field(default_factory=list)

    def watch(self, context: Any, allowed: re.Pattern[str] | None = None) -> None:
        """``allowed``: console errors a test expects (matched against
        "<text> (<url>)"), such as Chromium's line for a page served with 400."""

        def console(message: Any) -> None:
            if message.type != "error":
                return
            line = f"{message.text} ({message.location['url']})"
            if allowed is None or not allowed.search(line):
                self.seen.append(f"console: {line}")

        context.add_init_script(_WATCH_CSP)
        context.on("console", console)
        context.on("weberror", lambda error: self.seen.append(f"{error.error}"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    """Keep each phase's report on the test, so fixtures know it failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def save_artefacts(pages: list[Any], folder: Path) -> list[Path]:
    """A full-page screenshot and the HTML of every open page: what the
    browser showed when the test failed."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for n, page in enumerate(pages, start=1):
        if page.is_closed():
            continue
        for path in (folder / f"page-{n}.png", folder / f"page-{n}.html"):
            try:
                if path.suffix == ".png":
                    page.screenshot(path=path, full_page=True)
                else:
                    path.write_text(page.content())
                saved.append(path)
            except Exception as error:  # noqa: BLE001 - must not hide the failure
                path.with_suffix(".error.txt").write_text(repr(error))
    return saved


def artefact_folder(nodeid: str) -> Path:
    return ARTEFACTS / re.sub(r"[^\w.-]+", "_", nodeid).strip("_")


@pytest.fixture
def new_context(
    browser: Any, site: Site, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Any]]:
    """Make a browser context (one visitor): Indonesian, no animations, the
    desktop viewport unless told otherwise; ``allowed_errors`` a regular
    expression of console errors the test expects. Closed, and saved when
    the test failed, at the end of the test."""
    contexts: list[Any] = []
    problems = Problems()

    def make(allowed_errors: str | None = None, **options: Any) -> Any:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "id-ID")
        options.setdefault("timezone_id", "Asia/Jakarta")
        options.setdefault("reduced_motion", "reduce")
        context = browser.new_context(base_url=site.url, **options)
        context.set_default_timeout(10_000)
        problems.watch(context, re.compile(allowed_errors) if allowed_errors else None)
        contexts.append(context)
        return context

    yield make
    pages = [page for context in contexts for page in context.pages]
    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )
    if failed and pages:
        folder = artefact_folder(request.node.nodeid)
        save_artefacts(pages, folder)
        print(f"browser artefacts: {folder}")
    for context in contexts:
        context.close()
    assert not problems.seen, "the browser reported problems:\n" + "\n".join(
        problems.seen
    )


@pytest.fixture
def page(new_context: Callable[..., Any]) -> Any:
    """An anonymous visitor's tab at desktop width."""
    return new_context().new_page()


@pytest.fixture
def phone_page(new_context: Callable[..., Any]) -> Any:
    """An anonymous visitor's tab on a 360×740 touch phone."""
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


def sign_in(page: Any, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, as a person would; ends on the page after."""
    page.goto("/masuk")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("#submit")
    assert "/masuk" not in page.url, f"sign-in as {email} failed: {page.url}"


@pytest.fixture
def signed_in(new_context: Callable[..., Any]) -> Callable[..., Any]:
    """``signed_in(email, **context_options)``: a new tab of that user, signed in."""

    def make(email: str, **options: Any) -> Any:
        page = new_context(**options).new_page()
        sign_in(page, email)
        return page

    return make


# HTML, CSS and JavaScript: what a page weighs (issue 8's budget).
WEIGHED = ("document", "stylesheet", "script")


def first_visit(page: Any, path: str) -> list[tuple[str, str, bytes]]:
    """Open ``path`` with the browser cache off, as on a first visit:
    ``(resource type, path, body)`` of every document, stylesheet and script,
    as the browser received it."""
    page.context.new_cdp_session(page).send(
        "Network.setCacheDisabled", {"cacheDisabled": True}
    )
    responses: list[Any] = []

    def seen(response: Any) -> None:  # Playwright cannot wrap list.append
        responses.append(response)

    page.on("response", seen)
    page.goto(path, wait_until="load")
    page.remove_listener("response", seen)
    origin = page.evaluate("location.origin")
    counted = [r for r in responses if r.request.resource_type in WEIGHED]
    failed = [(r.url, r.status) for r in counted if r.status != 200]
    assert not failed, failed
    return [
        (r.request.resource_type, r.url.removeprefix(origin), r.body()) for r in counted
    ]
