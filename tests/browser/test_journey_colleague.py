"""Journey 2: a colleague in another agency finds a case study by another form
of its words, narrows the results to the author's agency, opens it, marks it
helpful and comments; the author, signing in elsewhere, is told.

The case study and its author are made through the server's own services
(the writing journey is journey 1), then indexed with ``flask search sync``
as an operator would. Both people use the pages only: the home page first,
then the site's own links and forms.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

import sqlalchemy as sa
from playwright.sync_api import expect

from app.demo.content import DEMO_PASSWORD
from app.extensions import db
from app.models import Agency, Completion, CompletionSource, Program, Role, User
from app.practices import services
from tests.browser.conftest import MEMBER
from tests.server import unique_word

AUTHOR_AGENCY = "Bappeda"  # the colleague (MEMBER, sri) works at Dinas Kesehatan
PROGRAM = "Pelatihan Komunikasi Efektif"


def publish_about_training(site, word: str) -> tuple[str, str, str]:
    """A member of AUTHOR_AGENCY who published a case study about *pelatihan*
    (never *melatih* or *latih*); returns their email, password and its title."""
    mark = uuid.uuid4().hex[:8]
    email, password = f"nanda.{mark}@medan.go.id", f"Rapat-{mark}-Ringkas!"
    title = f"Pelatihan menulis surat {word} yang dipahami warga"
    with site.app.app_context():
        agency = db.session.scalar(sa.select(Agency).filter_by(name=AUTHOR_AGENCY))
        program = db.session.scalar(sa.select(Program).filter_by(name=PROGRAM))
        author = User(
            name=f"Nanda Harahap {mark}",
            email=email,
            role=Role.MEMBER,
            agency=agency,
            position="Perencana Ahli Muda",
        )
        author.set_password(password)
        db.session.add(author)
        db.session.add(
            Completion(
                user=author,
                program=program,
                completed_on=date(2026, 2, 10),
                source=CompletionSource.DECLARED,
            )
        )
        db.session.flush()
        services.create_case_study(
            author,
            services.CaseStudyData(
                title=title,
                summary="Sesudah pelatihan, surat balasan kami jadi pendek dan jelas.",
                program_id=program.id,
                situation=f"Warga bingung membaca surat {word} dari kantor kami.",
                action="Saya membagikan bahan pelatihan kepada tim dan memakai "
                "kalimat pendek di setiap surat.",
                result="Pertanyaan ulang warga turun separuh dalam dua bulan.",
                lessons="Pelatihan singkat di kantor lebih mudah diikuti semua staf.",
                tags=["surat", word],
            ),
            publish=True,
        )
        db.session.commit()
        db.session.remove()
    site.command("search", "sync")
    return email, password, title


def sign_in_from_home(page, email: str, password: str) -> None:
    """The home page, its "Masuk" link and the form, as a person signs in."""
    page.goto("/")
    page.get_by_role("link", name="Masuk", exact=True).click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_text("Anda sudah masuk.")).to_be_visible()


def search_in_header(page, words: str) -> None:
    header = page.get_by_role("banner")
    header.get_by_role("searchbox").fill(words)
    header.get_by_role("button", name="Cari").click()
    expect(
        page.get_by_role("heading", name="Cari studi kasus", level=1)
    ).to_be_visible()


def test_a_colleague_finds_appreciates_and_comments_and_the_author_is_told(
    site, new_context
) -> None:
    word = unique_word(uuid.uuid4().int % 10**12)
    author_email, author_password, title = publish_about_training(site, word)
    comment = f"Terima kasih, kami mau mencoba format surat {word} ini di puskesmas."

    colleague = new_context().new_page()
    sign_in_from_home(colleague, MEMBER, DEMO_PASSWORD)

    # "melatih" finds the text about "pelatihan": the same root, latih.
    search_in_header(colleague, "melatih")
    expect(colleague).to_have_url(re.compile(r"/cari\?q=melatih$"))
    filters = colleague.get_by_role("complementary", name="Saring hasil")
    filters.get_by_role("link", name=AUTHOR_AGENCY, exact=True).click()
    expect(colleague).to_have_url(re.compile(r"[?&]agency=bappeda\b"))
    expect(
        colleague.get_by_role("link", name=f"Instansi: {AUTHOR_AGENCY}")
    ).to_be_visible()
    results = colleague.get_by_role("main").get_by_role("article")
    expect(results.filter(has_text=title)).to_have_count(1)
    # Every result left is from the author's agency.
    for n in range(results.count()):
        expect(
            results.nth(n).get_by_role("link", name=AUTHOR_AGENCY, exact=True)
        ).to_be_visible()
    hit = results.filter(has_text=title)
    expect(hit).not_to_contain_text("melatih")
    hit.get_by_role("link", name=title).click()

    # The case study: marked helpful, then a comment.
    expect(colleague.get_by_role("heading", name=title, level=1)).to_be_visible()
    helpful = colleague.get_by_role("button", name=re.compile(r"^Bermanfaat"))
    expect(helpful).to_have_attribute("aria-pressed", "false")
    helpful.click()
    helpful = colleague.get_by_role("button", name=re.compile(r"^Bermanfaat"))
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(helpful).to_contain_text("1")
    colleague.get_by_label("Tulis komentar").fill(comment)
    colleague.get_by_role("button", name="Kirim komentar").click()
    comments = colleague.get_by_role("region", name=re.compile(r"^Komentar"))
    expect(comments.get_by_text(comment)).to_be_visible()
    case_path = colleague.url.split("#")[0].removeprefix(site.url)

    # The author, signed in on their own device, sees two unread notices.
    author = new_context().new_page()
    sign_in_from_home(author, author_email, author_password)
    header = author.get_by_role("banner")
    notices_link = header.get_by_role("link", name=re.compile(r"^Notifikasi"))
    expect(notices_link).to_contain_text("2 belum dibaca")
    notices_link.click()
    expect(author.get_by_role("heading", name="Notifikasi", level=1)).to_be_visible()
    expect(
        author.get_by_role(
            "link", name=re.compile(rf"menandai studi kasus Anda «{title}» bermanfaat")
        )
    ).to_be_visible()
    commented = author.get_by_role(
        "link", name=re.compile(rf"mengomentari studi kasus Anda «{title}»")
    )
    expect(commented).to_be_visible()

    # The notice leads to the comment itself, and is read from then on.
    commented.click()
    expect(author).to_have_url(re.compile(rf"{re.escape(case_path)}#komentar-\d+$"))
    anchor = author.url.split("#")[1]
    expect(author.locator(f"#{anchor}")).to_contain_text(comment)
    expect(
        author.get_by_role("banner").get_by_role(
            "link", name=re.compile(r"^Notifikasi")
        )
    ).to_contain_text("1 belum dibaca")
