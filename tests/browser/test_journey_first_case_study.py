"""Journey 1: a new ASN registers, declares a completed programme, writes,
previews and publishes a first case study, and finds it through the search
box in the header right away; so does a reader elsewhere who presses "Cari"
the moment the publish response arrives (the index is updated before that
response is sent, ``app.search.hooks``). Both times are printed (``-s``).

Everything goes through the pages as a person uses them: the first address
is the home page, every other step follows the site's own links and forms.
Registration needs no approval: the account is active at once and signed in
(``app.auth.routes.register``), and publishing needs none either while
``MODERATION_MODE`` is ``post`` (the default the server runs with).
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import timedelta

from playwright.sync_api import expect

from app.i18n import today_wib
from tests.conftest import make_nip
from tests.server import unique_word

AGENCY = "Disdukcapil"
PROGRAM = "Workshop Pelayanan Prima"


def new_asn() -> dict[str, str]:
    """Someone nobody has registered yet: a unique email and NIP."""
    mark = uuid.uuid4().hex[:8]
    return {
        "name": f"Rina Siregar {mark}",
        # make_nip varies birth date and sequence; a random n keeps it unique
        # across runs that share the demo's NIPs.
        "nip": make_nip(random.randrange(1_000, 10_000_000), gender=2),
        "email": f"rina.{mark}@medan.go.id",
        "position": "Analis Pelayanan Kependudukan",
        "password": f"Antrean-{mark}-Sepi!",
    }


def register(page, person: dict[str, str]) -> None:
    """From the home page, through its "Daftar" link, to a signed-in profile."""
    page.goto("/")
    page.get_by_role("link", name="Daftar dan mulai berbagi").click()
    expect(page.get_by_role("heading", name="Buat akun")).to_be_visible()
    page.get_by_label("Nama lengkap").fill(person["name"])
    page.get_by_label("NIP", exact=True).fill(person["nip"])
    page.get_by_label("Email").fill(person["email"])
    page.get_by_label("Instansi").select_option(label=AGENCY)
    page.get_by_label("Jabatan").fill(person["position"])
    page.get_by_label("Kata sandi", exact=True).fill(person["password"])
    page.get_by_label("Ulangi kata sandi").fill(person["password"])
    page.get_by_role("button", name="Daftar", exact=True).click()
    # Active at once: signed in, on the new profile, asked to add a programme.
    expect(page.get_by_role("heading", name=person["name"], level=1)).to_be_visible()
    expect(page.get_by_text("Selamat datang")).to_be_visible()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def declare_completion(page) -> None:
    """On the profile: the programme finished a month ago, not yet verified."""
    page.get_by_label("Program", exact=True).select_option(label=PROGRAM)
    finished = today_wib() - timedelta(days=30)
    page.get_by_label("Tanggal selesai").fill(finished.isoformat())
    page.get_by_label("Nomor sertifikat (opsional)").fill(
        f"SERT-{uuid.uuid4().hex[:6]}"
    )
    page.get_by_role("button", name="Tambahkan program").click()
    expect(page.get_by_text("Program ditambahkan")).to_be_visible()
    completed = page.get_by_role("region", name="Program yang diselesaikan")
    expect(completed.get_by_role("link", name=PROGRAM, exact=True)).to_be_visible()
    expect(completed.get_by_text("belum diverifikasi")).to_be_visible()


def test_a_new_asn_registers_writes_publishes_and_finds_their_case_study_at_once(
    page, new_context
) -> None:
    person = new_asn()
    word = unique_word(uuid.uuid4().int % 10**12)
    title = f"Antrean {word} di loket KTP selesai sebelum siang"
    sections = {
        "Situasi": f"Warga antre {word} sejak subuh untuk merekam KTP elektronik.",
        "Tindakan": "Kami membuka **nomor antrean daring** dan loket sore.",
        "Hasil": "Waktu tunggu turun dari 3 jam menjadi 40 menit.",
        "Pelajaran": "Mulai kecil: satu loket dulu, lalu ukur setiap pekan.",
    }

    register(page, person)
    declare_completion(page)

    # The writing form, from the header: the one programme is chosen already.
    page.get_by_role("link", name="Tulis studi kasus").first.click()
    expect(page.get_by_role("heading", name="Tulis studi kasus")).to_be_visible()
    expect(
        page.get_by_label("Program", exact=True).locator("option:checked")
    ).to_have_text(PROGRAM)
    page.get_by_label("Judul").fill(title)
    page.get_by_label("Ringkasan").fill("Antrean perekaman KTP tidak lagi sejak subuh.")
    for label, text in sections.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_label("Tag", exact=True).fill(f"antrean, e-KTP, {word}")

    # Preview: rendered Markdown, nothing saved, the typed text kept.
    page.get_by_role("button", name="Pratinjau", exact=True).click()
    preview = page.get_by_role("region", name="Pratinjau", exact=True)
    expect(preview).to_be_visible()
    expect(preview.get_by_text(title)).to_be_visible()
    for label in sections:
        expect(preview.get_by_role("heading", name=label, exact=True)).to_be_visible()
    expect(preview.locator("strong")).to_have_text("nomor antrean daring")
    expect(page.get_by_label("Situasi", exact=True)).to_have_value(sections["Situasi"])
    expect(page.get_by_label("Tag", exact=True)).to_have_value(
        f"antrean, e-KTP, {word}"
    )

    # A reader elsewhere has typed the new word into the header search and
    # presses "Cari" the moment the publish response arrives.
    reader = new_context().new_page()
    reader.goto("/")
    reader_header = reader.get_by_role("banner")
    reader_header.get_by_role("searchbox").fill(word)

    # Publish: the page of the new case study, with its sections and tags.
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/praktik/baru" in r.url
    ) as publishing:
        page.get_by_role("button", name="Terbitkan", exact=True).click()
    published_at = time.monotonic()
    with reader.expect_navigation():
        reader_header.get_by_role("button", name="Cari").click()
    reader_found = reader.get_by_role("link", name=title)
    expect(reader_found).to_have_count(1, timeout=1)
    reader_at = time.monotonic() - published_at
    assert publishing.value.status == 302, publishing.value.status
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text("Studi kasus Anda sudah terbit")).to_be_visible()
    article = page.get_by_role("article").first
    for label in sections:
        expect(article.get_by_role("heading", name=label, exact=True)).to_be_visible()
    expect(article).to_contain_text(sections["Situasi"])
    expect(article).to_contain_text(sections["Pelajaran"])
    expect(article.get_by_role("link", name=f"#{word}")).to_be_visible()
    case_path = page.url.removeprefix(page.url.split("/praktik/")[0])

    # The first search, typed in the header right away, already finds it:
    # no retry and no reload; the index follows the publishing request.
    header = page.get_by_role("banner")
    header.get_by_role("searchbox").fill(word)
    with page.expect_navigation():
        searched_at = time.monotonic()
        header.get_by_role("button", name="Cari").click()
    found = page.get_by_role("link", name=title)
    expect(found).to_have_count(1, timeout=1)
    shown_at = time.monotonic()
    print(
        f"after the publish response: a reader's search showed it at "
        f"{reader_at:.3f} s; the author's, sent at {searched_at - published_at:.3f}"
        f" s, at {shown_at - published_at:.3f} s"
    )
    expect(page.get_by_text("1 studi kasus ditemukan")).to_be_visible()
    assert found.get_attribute("href") == case_path
