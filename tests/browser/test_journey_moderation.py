"""Journey 3 of issue 8: a reported comment is hidden, the case study featured.

A member reports a comment through its "Laporkan" link. The moderator finds
the report in the queue (/moderasi, narrowed to the agency), hides the comment
with a reason, then opens the case study and makes it a praktik unggulan with
a curator's note. Members no longer see the comment; its author still sees it,
marked hidden with the reason, and is notified; the case study carries the
badge and the note on the home page and on /praktik-unggulan; the admin's
audit log holds both decisions.

The story (an author whose completion is verified, a published case study and
a comment) is written through the app's own services: the journey starts when
it is already on the site. Every word that identifies it is unique to the run,
since the server and its demo data are shared by all browser tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

import sqlalchemy as sa
from playwright.sync_api import Locator, Page, expect

from app.community.services import add_comment
from app.demo.content import DEMO_PASSWORD
from app.extensions import db
from app.i18n import today_wib
from app.models import Agency, Completion, CompletionSource, Program, Role, User
from app.models.base import utcnow
from app.practices.services import CaseStudyData, create_case_study
from app.text import slugify
from tests.browser.conftest import ADMIN, MEMBER, MODERATOR, Site


@dataclass(frozen=True)
class Story:
    """What the journey looks for, by text a person would see."""

    word: str
    agency: str
    title: str
    case_path: str
    comment_id: int
    comment: str
    author_email: str
    commenter_email: str


def _member(name: str, email: str, agency: Agency, password_hash: str) -> User:
    user = User(
        name=name,
        email=email,
        role=Role.MEMBER,
        agency=agency,
        position="Analis Kebijakan",
        password_hash=password_hash,
    )
    db.session.add(user)
    return user


def published_story_with_a_comment(site: Site) -> Story:
    """A new agency, an author with a verified completion (only those may be
    featured), their published case study, and another member's comment."""
    word = f"zq{uuid4().hex[:8]}"
    with site.app.app_context():
        program = db.session.scalars(
            sa.select(Program)
            .where(Program.archived_at.is_(None))
            .order_by(Program.id)
            .limit(1)
        ).one()
        agency = Agency(
            name=f"Dinas Jurnal {word}", slug=slugify(f"dinas jurnal {word}")
        )
        hashed = User()
        hashed.set_password(DEMO_PASSWORD)
        author = _member(
            f"Penulis {word}",
            f"penulis.{word}@medan.go.id",
            agency,
            hashed.password_hash,
        )
        commenter = _member(
            f"Komentator {word}",
            f"komentator.{word}@medan.go.id",
            agency,
            hashed.password_hash,
        )
        db.session.add(
            Completion(
                user=author,
                program=program,
                # Recent: no follow-up of it is due while other journeys run.
                completed_on=today_wib() - timedelta(days=7),
                certificate_number=f"SERT-{word}",
                source=CompletionSource.DECLARED,
                verified_at=utcnow(),
            )
        )
        db.session.flush()
        case_study = create_case_study(
            author,
            CaseStudyData(
                title=f"Loket tanpa antre {word}",
                summary=f"Ringkasan praktik {word}.",
                program_id=program.id,
                situation="Antrean panjang di loket pelayanan.",
                action="Nomor antrean daring dan jadwal kedatangan.",
                result="Waktu tunggu turun dari 90 menjadi 20 menit.",
                lessons="Mulai dari satu loket dulu.",
                tags=["pelayanan publik"],
            ),
            publish=True,
        )
        comment_text = f"Komentar berisi iklan {word} yang tidak pantas."
        comment = add_comment(case_study, commenter, comment_text)
        db.session.commit()
        return Story(
            word=word,
            agency=agency.name,
            title=case_study.title,
            case_path=f"/praktik/{case_study.id}/{case_study.slug}",
            comment_id=comment.id,
            comment=comment_text,
            author_email=author.email,
            commenter_email=commenter.email,
        )


def decide(area: Locator, summary: str, field: str, text: str) -> None:
    """Open one of the moderator's decision buttons, write why, submit it."""
    area.locator("summary", has_text=summary).click()
    form = area.locator("details[open] form")
    form.get_by_label(field).fill(text)
    with area.page.expect_navigation():
        form.get_by_role("button", name=summary).click()


def flash(page: Page) -> Locator:
    """The message the app shows after an action (aria-live, role=status)."""
    return page.locator("[aria-live] [role=status]")


def open_case_study_through_its_agency(page: Page, story: Story) -> None:
    page.get_by_role("link", name="Instansi", exact=True).first.click()
    page.get_by_role("link", name=re.compile(re.escape(story.agency))).click()
    page.get_by_role("link", name=story.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(story.title)


def test_a_reported_comment_is_hidden_and_the_case_study_featured_with_its_note(
    site: Site, signed_in
) -> None:
    story = published_story_with_a_comment(site)
    hide_reason = f"Berisi iklan, melanggar pedoman {story.word}."
    note = f"Langkahnya mudah ditiru instansi lain {story.word}."

    # A member reports the comment from the case study page.
    member = signed_in(MEMBER)
    member.goto(story.case_path)
    comment = member.locator(f"#komentar-{story.comment_id}")
    expect(comment).to_contain_text(story.comment)
    comment.get_by_role("link", name="Laporkan komentar ini").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Laporkan komentar")
    expect(member.locator("blockquote")).to_contain_text(story.comment)
    member.get_by_label("Tidak pantas").check()
    member.get_by_label("Keterangan (boleh dikosongkan)").fill(f"Iklan {story.word}")
    member.get_by_role("button", name="Kirim laporan").click()
    expect(flash(member)).to_contain_text("Laporan Anda sudah diterima")
    assert story.case_path in member.url

    # The moderator finds it in the queue, narrowed to comments of the agency.
    moderator = signed_in(MODERATOR)
    moderator.get_by_role("link", name="Moderasi", exact=True).click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Antrean moderasi")
    moderator.get_by_label("Jenis").select_option(label="Komentar")
    moderator.get_by_label("Instansi").select_option(label=story.agency)
    moderator.get_by_role("button", name="Terapkan").click()
    entry = moderator.locator(f"#antrean-comment-{story.comment_id}")
    expect(entry).to_contain_text(story.comment)
    expect(entry).to_contain_text("1 laporan terbuka")
    expect(entry).to_contain_text("Tidak pantas")
    expect(entry).to_contain_text(f"Iklan {story.word}")

    # ...and hides it with a reason: the report is settled, the queue is empty.
    decide(entry, "Sembunyikan", "Alasan (dibaca penulis)", hide_reason)
    expect(flash(moderator)).to_contain_text("Komentar disembunyikan")
    expect(moderator.locator(".queue-entry")).to_have_count(0)
    expect(moderator.get_by_text("Tidak ada yang menunggu keputusan")).to_be_visible()

    # Members no longer see the comment...
    member.reload()
    expect(member.get_by_role("heading", level=1)).to_have_text(story.title)
    expect(member.get_by_text(story.comment)).to_have_count(0)
    expect(member.get_by_role("heading", name="Komentar (0)")).to_be_visible()

    # ...its author still does, marked hidden with the reason, and is told.
    commenter = signed_in(story.commenter_email)
    commenter.goto(story.case_path)
    own = commenter.locator(f"#komentar-{story.comment_id}")
    expect(own).to_contain_text(story.comment)
    expect(own.get_by_role("status")).to_contain_text("disembunyikan moderator")
    expect(own.get_by_role("status")).to_contain_text(hide_reason)
    commenter.get_by_role("link", name=re.compile(r"^Notifikasi")).click()
    expect(commenter.locator(".notification").first).to_contain_text(hide_reason)

    # The moderator features the case study from its page, with a note.
    open_case_study_through_its_agency(moderator, story)
    tools = moderator.locator(".moderator-tools")
    decide(
        tools,
        "Jadikan praktik unggulan",
        "Catatan kurator: mengapa praktik ini layak dicontoh",
        note,
    )
    expect(flash(moderator)).to_contain_text("sekarang praktik unggulan")
    expect(moderator.locator(".featured-badge")).to_have_text("Praktik unggulan")
    expect(moderator.locator(".featured-note")).to_contain_text(note)

    # On the home page, among the latest praktik unggulan, with badge and note.
    visitor = member
    visitor.get_by_role("link", name="Lumbung Praktik").first.click()
    featured = visitor.locator("section.featured")
    card = featured.locator(".col-md-4", has_text=story.title)
    expect(card.locator(".featured-badge")).to_have_text("Praktik unggulan")
    expect(card.locator(".featured-note")).to_contain_text(note)

    # And on /praktik-unggulan, newest first.
    featured.get_by_role("link", name="Lihat semua praktik unggulan").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Praktik unggulan")
    entry = visitor.locator(".featured-entry", has_text=story.title)
    expect(entry.locator(".featured-badge")).to_have_text("Praktik unggulan")
    expect(entry.locator(".featured-note")).to_contain_text(note)

    # The case study's author is told, with the note.
    author = signed_in(story.author_email)
    author.get_by_role("link", name=re.compile(r"^Notifikasi")).click()
    expect(author.locator(".notification", has_text=note)).to_have_count(1)

    # The admin's audit log keeps both decisions with their reasons.
    admin = signed_in(ADMIN)
    admin.get_by_role("link", name="Admin", exact=True).click()
    admin.get_by_role("link", name="Log audit", exact=True).click()
    expect(admin.locator(".audit-event", has_text=hide_reason)).to_contain_text("Agus")
    expect(admin.locator(".audit-event", has_text=note)).to_have_count(1)
