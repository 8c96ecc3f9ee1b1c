"""User text is escaped on every page (and email) that shows it.

One world where every name a user controls carries both payloads: a user, an
agency, a programme, tags, a case study's title, summary and text, a comment,
a flag reason, a moderation reason and a search query. Each page that shows
them must show them *as text*: the escaped form is there (so the check can
fail), the markup is not.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from app.models import Agency, Notification, Role, Status
from app.notifications import immediate
from app.search.indexer import apply_pending
from tests.conftest import PASSWORD
from tests.evaluation_data import attend, make_run
from tests.mailbox import body_html

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{IMG}"
RAW = (SCRIPT, "<img src=x", "<script>")
ESCAPED = (
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&lt;img src=x onerror=alert(1)&gt;",
)

NOW = datetime(2026, 4, 13, 2, 0, tzinfo=UTC)


class _Injected(HTMLParser):
    """What a browser would execute: script elements with code, ``on*``
    attributes, images (the payload's ``<img>``; pages have none of their own)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        values = dict(attrs)
        if tag == "script" and "src" not in names:
            if values.get("type") != "application/json":
                self.found.append("<script> with code")
        if tag == "img":
            self.found.append("<img>")
        self.found += [f"{tag}[{n}]" for n in names if n.startswith("on")]


def assert_escaped(html: str, where: str, *, shown: bool = True) -> None:
    """No payload as markup; with ``shown``, at least one as visible text."""
    for raw in RAW:
        assert raw not in html, f"{where}: unescaped {raw!r}"
    parser = _Injected()
    parser.feed(html)
    assert not parser.found, f"{where}: {parser.found}"
    if shown:
        assert any(e in html for e in ESCAPED), f"{where}: payload not shown at all"
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    if title:
        assert "<" not in title.group(1), f"{where}: markup in <title>"


@pytest.fixture
def hostile(app, db, make_user, make_program, make_completion, make_case_study):  # noqa: ANN001,ANN201
    """Everything named with the payloads, and the people who look at it."""
    app.config["SEARCH_SYNC_AFTER_REQUEST"] = True
    agency = Agency(name=f"Dinas {PAYLOAD}", slug="dinas-payload")
    db.session.add(agency)
    db.session.commit()
    program = make_program(name=f"Pelatihan {PAYLOAD}")
    author = make_user(name=PAYLOAD, agency=agency)
    reader = make_user(name="Pembaca Biasa")
    moderator = make_user(role=Role.MODERATOR)
    admin = make_user(role=Role.ADMIN)
    make_completion(author, program)
    case_study = make_case_study(
        author=author,
        program=program,
        title=f"Antrean zamrud {PAYLOAD}",
        summary=f"Ringkasan zamrud {PAYLOAD}",
        situation=f"Situasi zamrud {PAYLOAD}",
        tags=[f"tag {PAYLOAD}", "zamrud"],
    )
    run = make_run(program, f"Angkatan {PAYLOAD}", case_study.created_at.date())
    attend(reader, program, run)
    db.session.commit()
    apply_pending()
    return {
        "agency": agency,
        "program": program,
        "author": author,
        "reader": reader,
        "moderator": moderator,
        "admin": admin,
        "case_study": case_study,
        "run": run,
    }


def _as(app, user) -> FlaskClient:  # noqa: ANN001
    client = app.test_client()
    response = client.post("/masuk", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_every_page_showing_user_text_escapes_it(app, db, hostile, mail_server):  # noqa: PLR0915
    author, reader = hostile["author"], hostile["reader"]
    moderator, admin = hostile["moderator"], hostile["admin"]
    case_study, program, agency = (
        hostile["case_study"],
        hostile["program"],
        hostile["agency"],
    )
    tag_slug = next(t.slug for t in case_study.tags if t.slug != "zamrud")

    # The reader follows everything, comments, and reports the case study.
    as_reader = _as(app, reader)
    for kind, target in (
        ("program", program.slug),
        ("instansi", agency.slug),
        ("tag", tag_slug),
        ("orang", str(author.id)),
    ):
        followed = as_reader.post(f"/ikuti/{kind}/{target}", data={"on": "1"})
        assert followed.status_code < 400, kind
    as_author = _as(app, author)
    commented = as_author.post(
        f"/praktik/{case_study.id}/komentar", data={"body": f"Komentar {PAYLOAD}"}
    )
    assert commented.status_code == 302
    reply = as_reader.post(
        f"/praktik/{case_study.id}/komentar", data={"body": f"Balasan {PAYLOAD}"}
    )
    assert reply.status_code == 302
    flagged = as_reader.post(
        f"/laporkan/praktik/{case_study.id}",
        data={"reason": "other", "note": f"Alasan laporan {PAYLOAD}"},
    )
    assert flagged.status_code < 400

    pages = {
        "case study": f"/praktik/{case_study.id}",
        "programme list": f"/program/{program.slug}",
        "agency list": f"/instansi/{agency.slug}",
        "tag list": f"/tag/{tag_slug}",
        "programmes": "/program",
        "agencies": "/instansi",
        "home": "/",
        "search": "/cari?q=zamrud",
        "search query": "/cari?q=" + PAYLOAD.replace("&", "%26"),
        "profile": f"/profil/{author.id}",
    }
    anonymous = app.test_client()
    for where, url in pages.items():
        response = anonymous.get(url, follow_redirects=True)
        assert response.status_code == 200, where
        assert_escaped(response.get_data(as_text=True), f"anonymous {where}")

    for where, url in {
        "feed": "/beranda",
        "following": "/mengikuti",
        "case study (reader)": f"/praktik/{case_study.id}",
    }.items():
        response = as_reader.get(url, follow_redirects=True)
        assert response.status_code == 200, where
        assert_escaped(response.get_data(as_text=True), where)
    notifications = as_author.get("/notifikasi")
    assert_escaped(notifications.get_data(as_text=True), "author's notifications")

    # A moderator sees the report, then hides the case study with a reason.
    as_moderator = _as(app, moderator)
    queue = as_moderator.get("/moderasi")
    assert_escaped(queue.get_data(as_text=True), "moderation queue")
    hidden = as_moderator.post(
        f"/moderasi/praktik/{case_study.id}/sembunyikan",
        data={"reason": f"Alasan moderasi {PAYLOAD}"},
        follow_redirects=True,
    )
    assert hidden.status_code == 200
    assert_escaped(hidden.get_data(as_text=True), "after hiding (flash)")
    db.session.expire_all()
    assert case_study.status is Status.HIDDEN
    told = as_author.get("/notifikasi").get_data(as_text=True)
    assert_escaped(told, "moderation notice")
    assert "Alasan moderasi &lt;script&gt;" in told

    as_admin = _as(app, admin)
    for where, url in {
        "admin users": "/admin/pengguna",
        "admin user": f"/admin/pengguna/{author.id}",
        "admin users search": "/admin/pengguna?q=" + PAYLOAD.replace("&", "%26"),
        "audit log": "/admin/audit",
        "admin agencies": "/admin/instansi",
        "admin programmes": "/admin/program",
        "admin tags": "/admin/tag",
        "evaluation": "/evaluasi",
        "programme evaluation": f"/evaluasi/program/{program.slug}",
        "agency evaluation": f"/evaluasi/instansi/{agency.slug}",
        "programme management": "/kelola/program",
        "run": f"/kelola/program/{program.slug}/angkatan/{hostile['run'].id}",
        "verification queue": "/kelola/verifikasi",
    }.items():
        response = as_admin.get(url, follow_redirects=True)
        assert response.status_code == 200, f"{where}: {response.status_code}"
        assert_escaped(response.get_data(as_text=True), where)

    # Flash messages that repeat what a user typed.
    created = as_admin.post(
        "/admin/instansi/baru", data={"name": f"Baru {PAYLOAD}"}, follow_redirects=True
    )
    assert_escaped(created.get_data(as_text=True), "flash: agency created")
    assert "Instansi Baru &lt;script&gt;" in created.get_data(as_text=True)
    unfollowed = as_reader.post(
        f"/ikuti/program/{program.slug}", data={"on": "0"}, follow_redirects=True
    )
    assert_escaped(unfollowed.get_data(as_text=True), "flash: unfollowed")

    # Emails: the notice of the moderator's decision, and a reset link.
    db.session.execute(
        sa.update(Notification).values(created_at=NOW - timedelta(minutes=5))
    )
    db.session.commit()
    assert immediate.send_pending(NOW).emailed >= 1
    anonymous.post("/lupa-kata-sandi", data={"email": author.email})
    kinds = {m["Subject"]: body_html(m) for m in mail_server.to(author.email)}
    assert len(kinds) >= 2, list(kinds)
    for subject, html in kinds.items():
        assert_escaped(html, f"email {subject!r}")


def test_only_render_markdown_output_is_marked_safe() -> None:
    """Every ``|safe`` and ``Markup(`` in the code is one of the reviewed uses
    (docs/security.md lists them and why each is safe)."""
    from pathlib import Path

    root = Path(__file__).parent.parent / "app"
    found = set()
    for path in root.rglob("*"):
        if path.suffix not in {".py", ".html", ".txt"} or "translations" in path.parts:
            continue
        for line in path.read_text().splitlines():
            if re.search(r"\|\s*safe\b|Markup\(|autoescape\s+false", line):
                found.add(f"{path.relative_to(root)}: {line.strip()}")
    reviewed = {entry.split(": ", 1)[0] for entry in found}
    assert reviewed <= REVIEWED_SAFE, sorted(
        entry for entry in found if entry.split(": ", 1)[0] not in REVIEWED_SAFE
    )


REVIEWED_SAFE = {
    "text/markdown.py",  # render_markdown: nh3-sanitised HTML
    "search/highlight.py",  # escaped text with <mark> around matches
    "templates/community/_comments.html",  # comment.body_html (render_markdown)
    "templates/community/_appreciation.html",  # note|e, then <br> for newlines
    "templates/profiles/_community.html",  # note|e, then <br> for newlines
    "templates/moderation/flag.html",  # body_html (render_markdown)
    "templates/moderation/queue.html",  # body_html / *_html (render_markdown)
    "templates/moderation/decide.html",  # body_html (render_markdown)
    "templates/practices/show.html",  # *_html sections (render_markdown)
    "templates/practices/conflict.html",  # *_html sections (render_markdown)
}
