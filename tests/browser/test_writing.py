"""Writing a case study in a real browser: the live preview, tag suggestions,
the autosave that survives a lost tab, the error summary a screen reader
hears first, and the whole form done with the keyboard alone.

Every test writes its own words (``_word()``), so the shared demo data and
the other browser tests cannot make it pass or fail.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import CaseStudy
from app.practices.queries import tag_counts
from tests.browser.accessibility import describe, violations
from tests.browser.conftest import MEMBER, sign_in

FORM = "/praktik/baru"


def _word() -> str:
    """A made-up word no demo text contains: letters only (the search
    analyser and slugs keep them whole)."""
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid4().hex[:8])


def _draft(page: Any) -> dict | None:
    """The member's autosaved copy of the new case study, as stored."""
    return page.evaluate(
        """() => {
          const key = document.querySelector("form[data-draft-key]")?.dataset.draftKey
            || Object.keys(localStorage).find((k) => k.startsWith("lumbung-draf:"));
          const raw = key && localStorage.getItem(key);
          return raw ? JSON.parse(raw) : null;
        }"""
    )


def _stored_keys(page: Any) -> list[str]:
    return page.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.startsWith('lumbung-draf:'))"
    )


def _choose_programme(page: Any) -> None:
    select = page.locator("#program_id")
    if not select.input_value():
        select.select_option(index=1)


def _fill_all(page: Any, word: str) -> None:
    page.fill("#title", f"Studi {word}")
    page.fill("#summary", f"Ringkasan {word}.")
    _choose_programme(page)
    for name in ("situation", "action", "result", "lessons"):
        page.fill(f"#{name}", f"Bagian {name} {word}.")


@pytest.fixture
def refused_form_tab(new_context) -> Any:  # noqa: ANN001
    """A signed-in member's tab that expects the form to be refused.

    Chromium logs a console error for any page served with an error status,
    and a refused submit is served with 400 (a conflict with 409), as it
    should be: only that line, for the form, is let through.
    """
    page = new_context(
        allowed_errors=r"status of (400 \(BAD REQUEST\)|409 \(CONFLICT\)) "
        r"\(\S+(/praktik/baru|/ubah)\)$"
    ).new_page()
    sign_in(page, MEMBER)
    return page


# --- live preview ------------------------------------------------------------


def test_the_preview_shows_the_rendered_text_while_the_member_types(signed_in) -> None:
    page = signed_in(MEMBER)
    page.goto(FORM)
    word = _word()
    live = page.locator("#pratinjau-langsung [data-pratinjau-isi]")
    expect(live).to_have_attribute("aria-live", "polite")
    page.locator("#situation").press_sequentially(f"Warga **{word}** antre", delay=5)
    expect(live.locator("strong")).to_have_text(word)
    expect(live.locator("h3")).to_have_text("Situasi")
    # Only the section that changed is replaced: the title part stays the same node.
    page.evaluate("document.querySelector('[data-bagian=judul]').dataset.tetap = '1'")
    page.fill("#action", f"- langkah {word}")
    expect(live.locator("li")).to_have_text(f"langkah {word}")
    expect(live.locator("[data-bagian=judul][data-tetap='1']")).to_have_count(1)


def test_the_preview_never_runs_what_the_member_typed(signed_in) -> None:
    page = signed_in(MEMBER)
    page.goto(FORM)
    word = _word()
    page.fill(
        "#situation",
        f"<script>window.dijalankan=1</script> "
        f"[{word}](javascript:window.dijalankan=2)",
    )
    live = page.locator("#pratinjau-langsung [data-pratinjau-isi]")
    expect(live).to_contain_text(word)
    assert live.locator("script, a[href^='javascript']").count() == 0
    assert page.evaluate("window.dijalankan") is None


# --- tag suggestions -----------------------------------------------------------


def test_existing_tags_are_suggested_and_taken_with_the_keyboard(
    site, signed_in
) -> None:
    with site.app.app_context():
        (top, uses), *_ = tag_counts(limit=1)
        name = top.name
    page = signed_in(MEMBER)
    page.goto(FORM)
    tags = page.locator("#tags")
    tags.fill("kata lain, ")
    tags.press_sequentially(name[:3], delay=20)
    listbox = page.get_by_role("listbox", name="Saran tag")
    expect(listbox).to_be_visible()
    expect(tags).to_have_attribute("aria-expanded", "true")
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text(name)  # the most used first
    expect(page.locator("#tags-saran-status")).to_contain_text("saran tag")
    tags.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(tags).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    tags.press("Enter")  # takes the tag; does not submit the form
    expect(tags).to_have_value(f"kata lain, {name}, ")
    expect(listbox).to_be_hidden()
    expect(page.locator("#tags-saran-status")).to_have_text(f"Tag {name} ditambahkan.")
    assert page.url.endswith(FORM)


def test_escape_closes_the_suggestions(site, signed_in) -> None:
    with site.app.app_context():
        (top, _uses), *_ = tag_counts(limit=1)
        name = top.name
    page = signed_in(MEMBER)
    page.goto(FORM)
    page.locator("#tags").press_sequentially(name[:3], delay=20)
    expect(page.get_by_role("listbox", name="Saran tag")).to_be_visible()
    page.locator("#tags").press("Escape")
    expect(page.get_by_role("listbox", name="Saran tag")).to_be_hidden()
    expect(page.locator("#tags")).to_have_attribute("aria-expanded", "false")


# --- autosave ------------------------------------------------------------------


def test_a_closed_tab_loses_nothing_and_the_member_is_told(signed_in) -> None:
    page = signed_in(MEMBER)
    context = page.context
    page.goto(FORM)
    word = _word()
    page.fill("#title", f"Judul {word}")
    page.fill("#lessons", f"Pelajaran {word}")
    page.wait_for_function(
        """(word) => {
          const key = document.querySelector("form[data-draft-key]").dataset.draftKey;
          return (localStorage.getItem(key) || "").includes("Pelajaran " + word);
        }""",
        arg=word,
    )
    context.set_offline(True)  # the connection drops, then the tab is closed
    page.close()
    context.set_offline(False)

    again = context.new_page()
    again.goto(FORM)
    expect(again.locator("#title")).to_have_value(f"Judul {word}")
    expect(again.locator("#lessons")).to_have_value(f"Pelajaran {word}")
    notice = again.locator("#draf-dipulihkan")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("dipulihkan dari perangkat ini")
    # The preview follows the restored text.
    expect(again.locator("[data-pratinjau-isi]")).to_contain_text(f"Pelajaran {word}")


def test_discarding_the_restored_text_gives_back_the_empty_form(signed_in) -> None:
    page = signed_in(MEMBER)
    page.goto(FORM)
    word = _word()
    page.fill("#situation", f"Situasi {word}")
    page.wait_for_function("() => Object.keys(localStorage).length > 0")
    page.reload()
    expect(page.locator("#situation")).to_have_value(f"Situasi {word}")
    page.get_by_role("button", name="Buang teks pulihan").click()
    expect(page.locator("#situation")).to_have_value("")
    expect(page.locator("#draf-dipulihkan")).to_contain_text("Teks pulihan dibuang")
    assert _stored_keys(page) == []
    page.reload()
    expect(page.locator("#draf-dipulihkan")).to_be_hidden()


def test_after_publishing_the_autosaved_copy_is_gone(signed_in) -> None:
    page = signed_in(MEMBER)
    page.goto(FORM)
    word = _word()
    _fill_all(page, word)
    page.wait_for_function(
        "(word) => JSON.stringify(localStorage).includes('lessons ' + word)", arg=word
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Studi {word}")
    assert _stored_keys(page) == []
    page.goto(FORM)
    expect(page.locator("#draf-dipulihkan")).to_be_hidden()
    expect(page.locator("#title")).to_have_value("")


def test_signing_out_leaves_no_autosaved_copy_on_the_device(signed_in) -> None:
    page = signed_in(MEMBER)
    page.goto(FORM)
    page.fill("#situation", f"Situasi {_word()}")
    page.wait_for_function("() => Object.keys(localStorage).length > 0")
    page.fill("#lessons", "diketik sesaat sebelum keluar")  # a save still waiting
    with page.expect_navigation():
        page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("link", name="Masuk")).to_be_visible()
    assert _stored_keys(page) == []


def test_a_refused_publish_keeps_the_autosaved_copy(refused_form_tab) -> None:
    page = refused_form_tab
    page.goto(FORM)
    word = _word()
    page.fill("#situation", f"Situasi {word}")
    page.wait_for_function("() => Object.keys(localStorage).length > 0")
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator("#ringkasan-galat")).to_be_visible()
    assert word in str(_draft(page))


def test_a_restored_edit_over_a_newer_save_meets_the_conflict_page(
    site, refused_form_tab
) -> None:
    page = refused_form_tab
    page.goto(FORM)
    word = _word()
    _fill_all(page, word)
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan").click()
    case_id = int(re.search(r"/praktik/(\d+)/", page.url).group(1))
    page.goto(f"/praktik/{case_id}/ubah")
    page.fill("#lessons", f"Pelajaran baru {word}")
    page.wait_for_function(
        "(word) => JSON.stringify(localStorage).includes('Pelajaran baru ' + word)",
        arg=word,
    )
    with site.app.app_context():  # meanwhile, a save in another tab
        db.session.execute(
            sa.update(CaseStudy)
            .where(CaseStudy.id == case_id)
            .values(edit_version=CaseStudy.edit_version + 1)
        )
        db.session.commit()
    page.goto(f"/praktik/{case_id}/ubah")
    expect(page.locator("#draf-dipulihkan")).to_be_visible()
    expect(page.locator("#lessons")).to_have_value(f"Pelajaran baru {word}")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan perubahan").click()
    expect(page.get_by_text("Perubahan Anda belum disimpan")).to_be_visible()
    expect(page.locator("#lessons")).to_have_value(f"Pelajaran baru {word}")


# --- errors, announced and linked ------------------------------------------------


def test_the_error_summary_takes_focus_and_links_to_each_invalid_field(
    refused_form_tab,
) -> None:
    page = refused_form_tab
    page.goto(FORM)
    word = _word()
    page.fill("#summary", f"Ringkasan {word}")
    page.fill("#result_before", "banyak")
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan").click()
    summary = page.locator("#ringkasan-galat")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    links = summary.get_by_role("link")
    targets = [
        href.lstrip("#")
        for href in links.evaluate_all("ls => ls.map(l => l.getAttribute('href'))")
    ]
    assert "title" in targets and "result_before" in targets
    for target in targets:
        field = page.locator(f"#{target}")
        expect(field).to_have_attribute("aria-invalid", "true")
        described = field.get_attribute("aria-describedby").split()
        assert f"{target}-galat" in described
        expect(page.locator(f"#{target}-galat")).to_be_visible()
    expect(page.locator("#summary")).to_have_value(f"Ringkasan {word}")  # kept
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#{targets[0]}")).to_be_focused()


# --- the keyboard alone ----------------------------------------------------------

_FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id, tag: el.tagName.toLowerCase(),
    text: (el.value || el.textContent || '').trim().slice(0, 30),
    style: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0,
  };
}"""


def test_the_whole_form_is_written_and_published_with_the_keyboard(signed_in) -> None:
    page = signed_in(MEMBER)
    page.goto(FORM)
    word = _word()
    typed = {
        "title": f"Papan {word}",
        "summary": f"Ringkasan papan {word}.",
        "situation": "Antrean di loket.",
        "action": "Memasang **papan** nomor.",
        "result": "Antrean tertib.",
        "lessons": "Mulai kecil.",
        "tags": f"papan {word}",
    }
    unringed: list[dict] = []
    stops = 0
    published = False
    while stops < 80 and not published:
        page.keyboard.press("Tab")
        stops += 1
        focused = page.evaluate(_FOCUS_RING)
        if focused["style"] == "none" or focused["width"] < 2:
            unringed.append(focused)
        if focused["id"] in typed:
            page.keyboard.type(typed.pop(focused["id"]))
        elif (
            focused["id"] == "program_id"
            and not page.locator("#program_id").input_value()
        ):
            page.keyboard.press("ArrowDown")
        elif focused["id"] == "publish":
            assert not typed, f"reached the button before {sorted(typed)}"
            with page.expect_navigation():
                page.keyboard.press("Enter")
            published = True
    assert published, "Tab never reached the publish button"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Papan {word}")
    assert re.search(r"/praktik/\d+/", page.url)
    assert not unringed, f"Tab stops without a visible focus ring: {unringed}"


def test_the_form_with_its_errors_shown_has_no_serious_axe_violation(
    refused_form_tab,
) -> None:
    page = refused_form_tab
    page.goto(FORM)
    page.fill("#result_before", "banyak")
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator("#ringkasan-galat")).to_be_focused()
    found = violations(page)
    assert not found, "\n".join(describe("writing form", found))


def test_the_form_with_its_aids_open_has_no_serious_axe_violation(
    site, signed_in
) -> None:
    with site.app.app_context():
        (top, _uses), *_ = tag_counts(limit=1)
        name = top.name
    page = signed_in(MEMBER)
    page.goto(FORM)
    page.fill("#situation", f"Warga **{_word()}** antre")
    expect(page.locator("[data-pratinjau-isi] strong")).to_be_visible()
    page.locator("#tags").press_sequentially(name[:3], delay=20)
    expect(page.get_by_role("listbox", name="Saran tag")).to_be_visible()
    page.locator("#tags").press("ArrowDown")
    found = violations(page)
    assert not found, "\n".join(describe("writing form", found))
