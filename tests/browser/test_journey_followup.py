"""Journey 4 of issue 8: from an organiser's participant list to an answered check-in.

An organiser adds a run of a programme, fills in the site's sample CSV file
with the participants and imports it (preview, then confirm), and the
follow-ups go out as cron sends them (``flask followups send``). The
participant opens the check-in from the link in the email, signs in and
answers; the programme dashboard's row for the run then counts the follow-up
as sent and answered.

The participant is a member with an account of their own (only they can sign
in and answer), made through the app's models: the journey starts with a list
of people who attended. The run ended six weeks ago, so the first follow-up
(30 days after completion) is due now and the next (90 days) is not: the
sender runs at the real time, as cron would, and never sends ahead of time
to the demo members the other browser tests share.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import uuid4

import sqlalchemy as sa
from playwright.sync_api import Locator, Page, expect

from app.demo.content import DEMO_PASSWORD
from app.extensions import db
from app.i18n import today_wib
from app.models import Agency, Program, Role, User
from app.text import slugify
from tests.browser.conftest import ORGANISER, Site

# The run: ended six weeks ago, so only the first follow-up is due today.
RUN_STARTED = timedelta(days=45)
RUN_ENDED = timedelta(days=43)


@dataclass(frozen=True)
class Participant:
    name: str
    email: str
    nip: str
    agency: str
    program: str


def unique_nip() -> str:
    """A NIP whose dates are valid (birth, appointment at 25) and which no
    demo or test account has: the sequence and birth day are random."""
    rng = random.Random(uuid4().int)
    born = date(1975, 1, 1) + timedelta(days=rng.randrange(20 * 365))
    appointed = f"{born.year + 25}{rng.randint(1, 12):02d}"
    return f"{born:%Y%m%d}{appointed}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"


def registered_participant(site: Site) -> Participant:
    """A member of a new agency who will attend the run: signed up, with a NIP."""
    word = f"zq{uuid4().hex[:8]}"
    with site.app.app_context():
        program = db.session.scalars(
            sa.select(Program)
            .where(Program.archived_at.is_(None))
            .order_by(Program.name)
            .limit(1)
        ).one()
        agency = Agency(
            name=f"Dinas Peserta {word}", slug=slugify(f"dinas peserta {word}")
        )
        user = User(
            name=f"Peserta {word}",
            email=f"peserta.{word}@medan.go.id",
            nip=unique_nip(),
            role=Role.MEMBER,
            agency=agency,
            position="Pranata Komputer",
        )
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        db.session.commit()
        return Participant(user.name, user.email, user.nip, agency.name, program.name)


def participant_list(header: str, person: Participant, completed_on: date) -> bytes:
    """The sample file filled in and saved as Excel in Indonesia saves CSV:
    semicolons, a byte-order mark, day-first dates."""
    return (
        f"\ufeff{header}\r\n"
        f"{person.nip};{person.name};{person.agency};{completed_on:%d/%m/%Y};"
        f"BKPSDM/{person.nip[-3:]}/2026\r\n"
    ).encode()


def send_follow_ups(site: Site) -> str:
    """``flask followups send`` as cron runs it, with the site's own address in
    the links (``BASE_URL``); returns its output, where ``MAIL_BACKEND=log``
    writes the emails."""
    done = site.command("followups", "send")
    return done.stdout + done.stderr


def emails_to(output: str, address: str) -> list[str]:
    """The text of every email the log backend wrote for ``address``."""
    found = []
    for line in output.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        message = str(record.get("message", "")) if isinstance(record, dict) else ""
        if message.startswith("Email") and f"<{address}>" in message:
            found.append(message)
    return found


def follow_up_row(page: Page, run_name: str) -> Locator:
    """The run's row in "Tindak lanjut per angkatan" on the dashboard."""
    return page.locator("#tindak-lanjut tbody tr", has_text=run_name)


def cells(row: Locator) -> list[str]:
    """Angkatan, Terkirim, Dijawab, Tingkat jawaban (%)... as shown."""
    return [text.strip() for text in row.locator("th, td").all_inner_texts()]


def test_an_imported_participant_answers_the_check_in_and_the_dashboard_counts_it(
    site: Site, signed_in, new_context
) -> None:
    person = registered_participant(site)
    today = today_wib()
    run_name = f"Angkatan Uji {uuid4().hex[:6]}"

    # The organiser adds a run of the programme.
    organiser = signed_in(ORGANISER)
    organiser.get_by_role("link", name="Kelola program", exact=True).click()
    organiser.get_by_role("link", name=f"Tambah angkatan {person.program}").click()
    organiser.get_by_label("Nama angkatan").fill(run_name)
    organiser.get_by_label("Tanggal mulai").fill((today - RUN_STARTED).isoformat())
    organiser.get_by_label("Tanggal berakhir").fill((today - RUN_ENDED).isoformat())
    organiser.get_by_label("Lokasi").fill("Aula BKPSDM Kota Medan")
    organiser.get_by_label("Kapasitas peserta").fill("30")
    organiser.get_by_role("button", name="Simpan").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text(run_name)
    expect(organiser.get_by_text("Belum ada peserta.")).to_be_visible()

    # She uploads the participant list and sees the preview: nothing saved yet.
    organiser.get_by_role("link", name="Impor peserta").click()
    with organiser.expect_download() as download:
        organiser.get_by_role("link", name="Unduh contoh berkas").click()
    sample = Path(download.value.path()).read_text(encoding="utf-8-sig")
    header = sample.splitlines()[0]
    assert header.split(";") == [
        "NIP",
        "nama",
        "instansi",
        "tanggal selesai",
        "nomor sertifikat",
    ]
    organiser.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "peserta.csv",
                "mimeType": "text/csv",
                "buffer": participant_list(header, person, today - RUN_ENDED),
            }
        ],
    )
    organiser.get_by_role("button", name="Lihat pratinjau").click()
    preview = organiser.locator("section[aria-labelledby=pratinjau]")
    expect(preview).to_contain_text("1 pengguna ditemukan")
    expect(preview).to_contain_text("0 bermasalah")
    expect(preview.locator("tbody tr")).to_have_count(1)
    expect(preview.locator("tbody tr")).to_contain_text(person.name)
    expect(preview.locator("tbody tr")).to_contain_text("pengguna ditemukan")

    # She confirms: the participant is on the run, verified.
    organiser.get_by_role("button", name="Impor semua peserta").click()
    expect(organiser.locator("[aria-live] [role=status]")).to_contain_text(
        "Impor selesai: 1 penyelesaian baru"
    )
    participants = organiser.locator("table tbody tr", has_text=person.name)
    expect(participants).to_contain_text("terverifikasi")

    # The programme dashboard has the run, with nothing sent or answered yet.
    organiser.get_by_role("link", name="Evaluasi", exact=True).click()
    organiser.get_by_role("link", name=person.program, exact=True).first.click()
    expect(organiser.get_by_role("heading", level=1)).to_contain_text(person.program)
    row = follow_up_row(organiser, run_name)
    expect(row).to_have_count(1)
    before = cells(row)
    assert before[1:3] == ["0", "0"], before  # Terkirim, Dijawab

    # Cron sends what is due: the participant gets an email with the link.
    output = send_follow_ups(site)
    emails = emails_to(output, person.email)
    assert len(emails) == 1, output[-3000:]
    link = re.search(rf"{re.escape(site.url)}/tindak-lanjut/\d+", emails[0])
    assert link, emails[0]
    assert person.program in emails[0]

    # The participant follows the link, signs in, and lands on the check-in.
    participant = new_context().new_page()
    participant.goto(link.group(0))
    participant.get_by_label("Email").fill(person.email)
    participant.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    participant.get_by_role("button", name="Masuk").click()
    expect(participant).to_have_url(link.group(0))
    expect(participant.get_by_role("main")).to_contain_text(person.program)

    participant.get_by_label("Ya, sudah").check()
    participant.get_by_label("Setiap minggu").check()
    participant.get_by_label("Apa yang berubah?").fill(
        "Laporan bulanan selesai lebih cepat."
    )
    participant.get_by_label("Perubahan dalam angka").fill("3")
    participant.get_by_label("Satuan").fill("hari lebih cepat")
    participant.get_by_role("button", name="Kirim jawaban").click()
    expect(participant.locator("[aria-live] [role=status]")).to_contain_text(
        "jawaban Anda sudah tercatat"
    )
    expect(participant.get_by_role("main")).to_contain_text("hari lebih cepat")

    # The organiser reloads the dashboard: the run's follow-up was answered.
    organiser.reload()
    row = follow_up_row(organiser, run_name)
    expect(row.locator("td").nth(0)).to_have_text("1")  # Terkirim
    expect(row.locator("td").nth(1)).to_have_text("1")  # Dijawab
    after = cells(row)
    assert after != before
    assert after[3].startswith("100"), after  # Tingkat jawaban (%)
