"""The English catalogue: complete, faithful to its placeholders, in step with the code.

The msgids are Indonesian (the default locale); English comes from
``app/translations/en/LC_MESSAGES/messages.po``. A string added to the code
without a translation fails here, so CI catches it rather than an English
reader.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
from collections.abc import Callable, Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from app.models import CaseStudy, User

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO_PATH = PO_PATH.with_suffix(".mo")

PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd]")
TRANSLATION_CALL = re.compile(r"(?<![\w.])(?:_|_l|gettext|lazy_gettext|ngettext)\(")


def compile_catalogue_if_stale() -> None:
    """Compile the .mo when it is missing or older than the .po.

    `make test` compiles first; this lets plain `pytest` work too. It runs at
    import, before any test renders a page: Flask-Babel caches a loaded
    catalogue for the whole process, so compiling later would come too late.
    """
    if MO_PATH.exists() and MO_PATH.stat().st_mtime >= PO_PATH.stat().st_mtime:
        return
    with PO_PATH.open("rb") as po_file:
        catalog = read_po(po_file, locale="en")
    partial = MO_PATH.with_name(f"messages.{os.getpid()}.mo.tmp")
    with partial.open("wb") as mo_file:
        write_mo(mo_file, catalog)
    partial.replace(MO_PATH)  # atomic: a parallel run never reads half a file


compile_catalogue_if_stale()


def english_catalogue() -> Catalog:
    with PO_PATH.open("rb") as po_file:
        return read_po(po_file, locale="en")


def entries(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def make_messages_options() -> tuple[dict, list[str]]:
    """The keywords and ignored folders of `make messages`, read from the Makefile.

    Reading them keeps this test and the Makefile from drifting apart: drop
    ``--ignore-dirs`` there and Babel's default skips ``templates/_macros``,
    which the extraction test below then reports.
    """
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    command = next(line for line in makefile.splitlines() if "pybabel extract" in line)
    args = shlex.split(command.split("pybabel extract", 1)[1])
    keywords, ignored = [], [".*", "_*"]  # Babel's default without --ignore-dirs
    for flag, value in itertools.pairwise(args):
        if flag in {"-k", "--keyword"}:
            keywords.append(value)
        elif flag == "--ignore-dirs":
            ignored = value.split()
    return {**DEFAULT_KEYWORDS, **parse_keywords(keywords)}, ignored


def extracted_messages() -> Iterator[tuple[str, int, str | tuple[str, ...]]]:
    """What `make messages` extracts from the code now, as (file, line, msgid)."""
    keywords, ignored = make_messages_options()
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT,
        method_map,
        options_map,
        keywords=keywords,
        directory_filter=lambda path: (
            not any(fnmatch(Path(path).name, pattern) for pattern in ignored)
        ),
    ):
        yield filename, lineno, message


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def label(message: Message) -> str:
    where = ", ".join(f"{name}:{line}" for name, line in message.locations[:2])
    return f"{message.id!r} ({where})"


def test_the_catalogue_has_entries() -> None:
    # Guards the tests below against passing on an empty or unreadable file.
    assert len(entries(english_catalogue())) > 100


def test_every_entry_is_translated_and_checked() -> None:
    untranslated = []
    for message in entries(english_catalogue()):
        forms = message.string if message.pluralizable else (message.string,)
        if message.fuzzy or not all(form and form.strip() for form in forms):
            untranslated.append(label(message))
    assert not untranslated, "untranslated or fuzzy:\n" + "\n".join(untranslated)


def test_plural_entries_have_both_english_forms() -> None:
    plurals = [m for m in entries(english_catalogue()) if m.pluralizable]
    assert plurals, "the catalogue should hold ngettext entries"
    for message in plurals:
        assert len(message.string) == 2 and all(message.string), label(message)


def test_every_translation_keeps_the_placeholders_of_its_msgid() -> None:
    wrong = []
    for message in entries(english_catalogue()):
        if message.pluralizable:
            pairs = zip(message.id, message.string, strict=False)
        else:
            pairs = [(message.id, message.string)]
        for source, translation in pairs:
            if placeholders(source) != placeholders(translation):
                wrong.append(f"{label(message)} -> {translation!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_every_string_in_the_code_is_in_the_catalogue() -> None:
    known = {
        message.id if not message.pluralizable else message.id[0]: message
        for message in entries(english_catalogue())
    }
    missing = []
    for filename, lineno, msgid in extracted_messages():
        singular = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = known.get(singular)
        if entry is None or entry.pluralizable != isinstance(msgid, tuple):
            missing.append(f"{filename}:{lineno}: {msgid!r}")
    assert not missing, (
        "not in the English catalogue; run `make messages` and translate:\n"
        + "\n".join(missing)
    )


def test_extraction_reaches_every_file_that_calls_gettext() -> None:
    # Babel skips folders starting with "_" unless told otherwise; a file that
    # translates strings but yields no messages would go unnoticed.
    extracted = {Path(filename).as_posix() for filename, _, _ in extracted_messages()}
    callers = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "app").rglob("*")
        if path.suffix in {".py", ".html", ".txt"}
        and TRANSLATION_CALL.search(path.read_text(encoding="utf-8"))
    }
    assert callers - extracted == set()


# --- Pages in English -------------------------------------------------------


@pytest.fixture
def case_study_url(make_case_study: Callable[..., CaseStudy]) -> str:
    case_study = make_case_study(title="Antrean loket lebih pendek")
    return f"/praktik/{case_study.id}/{case_study.slug}"


PAGES = {
    "home": (
        "/",
        ["Latest case studies", "Skip to content", ">Log in<", ">Register<"],
        ["Studi kasus terbaru", "Langsung ke konten", ">Masuk<", ">Daftar<"],
    ),
    "login": (
        "/masuk",
        ["Password", "Remember me", "No account yet?"],
        ["Kata sandi", "Ingat saya", "Belum punya akun?"],
    ),
    "register": (
        "/daftar",
        ["Create an account", "Full name", "Position", "Repeat password"],
        ["Buat akun", "Nama lengkap", "Jabatan", "Ulangi kata sandi"],
    ),
    "case study": (
        None,  # made by the case_study_url fixture
        ["<h2>Situation</h2>", "<h2>Lessons</h2>", "Author", "No comments yet."],
        ["<h2>Situasi</h2>", "<h2>Pelajaran</h2>", "Penulis", "Belum ada komentar"],
    ),
}


def fetch(client: FlaskClient, url: str, lang: str) -> str:
    response = client.get(f"{url}?lang={lang}")
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_english_with_lang_en(
    page: str, request: pytest.FixtureRequest, client: FlaskClient
) -> None:
    url, english, indonesian = PAGES[page]
    url = url or request.getfixturevalue("case_study_url")
    html = fetch(client, url, "en")
    assert '<html lang="en">' in html
    for text in english:
        assert text in html, text
    for text in indonesian:
        assert text not in html, text


@pytest.mark.parametrize("page", PAGES)
def test_same_page_stays_indonesian_by_default(
    page: str, request: pytest.FixtureRequest, client: FlaskClient
) -> None:
    # The counterpart of the test above: proves its strings tell the languages apart.
    url, english, indonesian = PAGES[page]
    url = url or request.getfixturevalue("case_study_url")
    html = fetch(client, url, "id")
    for text in indonesian:
        assert text in html, text
    for text in english:
        assert text not in html, text


def test_not_found_page_is_in_english(client: FlaskClient) -> None:
    response = client.get("/praktik/999999?lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in html and "Back to the home page" in html
    assert "Halaman tidak ditemukan" not in html
    assert "Kembali ke beranda" not in html


def test_english_plural_follows_the_count(
    client: FlaskClient, make_case_study: Callable[..., CaseStudy]
) -> None:
    make_case_study()
    assert "1 published case study<" in fetch(client, "/", "en")
    make_case_study()
    assert "2 published case studies<" in fetch(client, "/", "en")


def test_form_errors_are_in_english(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    client.get("/?lang=en")  # the choice is remembered for the next requests
    response = client.post("/masuk", data={"email": user.email, "password": "salah"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Incorrect email or password." in html
    assert "Email atau kata sandi salah." not in html
