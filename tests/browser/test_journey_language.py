"""Journey 5: switching the language to English and back keeps the page.

The switch is the header link ("English", then "Bahasa Indonesia"): it adds
``lang=`` to this page's own address, so the path and every other query
parameter (the search words, the chosen filter) stay as they were, while the
words on the page and ``<html lang>`` change.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

ENGLISH = {"lang": "en", "switch": "Bahasa Indonesia", "agencies": "Agencies"}
INDONESIAN = {"lang": "id", "switch": "English", "agencies": "Instansi"}


def address(url: str) -> tuple[str, dict[str, list[str]]]:
    """The path and the query parameters, ``lang`` apart."""
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    query.pop("lang", None)
    return parts.path, query


def switch_language(page, to: dict[str, str]) -> None:
    """Press the header's language link; check the same page came back in
    the other language."""
    before = address(page.url)
    other = INDONESIAN if to is ENGLISH else ENGLISH
    page.get_by_role("banner").get_by_role("link", name=other["switch"]).click()
    expect(page.locator("html")).to_have_attribute("lang", to["lang"])
    assert address(page.url) == before, (before, page.url)
    assert parse_qs(urlsplit(page.url).query)["lang"] == [to["lang"]]
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name=to["agencies"], exact=True)).to_be_visible()
    expect(header.get_by_role("link", name=to["switch"])).to_be_visible()
    expect(
        header.get_by_role("link", name=other["agencies"], exact=True)
    ).to_have_count(0)


def test_english_and_back_keeps_a_search_with_its_words_and_filter(page) -> None:
    page.goto("/")
    header = page.get_by_role("banner")
    header.get_by_role("searchbox").fill("pelayanan")
    header.get_by_role("button", name="Cari").click()
    filters = page.get_by_role("complementary", name="Saring hasil")
    facet = filters.get_by_role("link").first
    chosen = facet.inner_text().strip()
    facet.click()
    expect(page.locator("[aria-current=true]", has_text=chosen)).to_be_visible()
    path, query = address(page.url)
    assert path == "/cari" and query["q"] == ["pelayanan"] and len(query) == 2, query
    count = page.get_by_role("main").get_by_role("article").count()
    assert count > 0

    switch_language(page, ENGLISH)
    expect(page.get_by_role("heading", name="Search case studies")).to_be_visible()
    expect(page.get_by_role("complementary", name="Filter results")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"^\d+ case stud(y|ies) found$"))
    ).to_be_visible()
    expect(page.get_by_role("searchbox").last).to_have_value("pelayanan")
    expect(page.locator("[aria-current=true]", has_text=chosen)).to_be_visible()
    expect(page.get_by_role("main").get_by_role("article")).to_have_count(count)

    switch_language(page, INDONESIAN)
    expect(
        page.get_by_role("heading", name="Cari studi kasus", level=1)
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+ studi kasus ditemukan$"))).to_be_visible()
    expect(page.get_by_role("searchbox").last).to_have_value("pelayanan")
    expect(page.get_by_role("main").get_by_role("article")).to_have_count(count)


def test_english_and_back_keeps_a_case_study_page(page) -> None:
    page.goto("/")
    latest = page.get_by_role("region", name="Studi kasus terbaru")
    opened = (
        latest.get_by_role("article").first.get_by_role("heading").get_by_role("link")
    )
    title = opened.inner_text().strip()
    opened.click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    assert urlsplit(page.url).path.startswith("/praktik/")

    switch_language(page, ENGLISH)
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Situation", exact=True)).to_be_visible()
    expect(page.get_by_text("Author", exact=True)).to_be_visible()

    switch_language(page, INDONESIAN)
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Situasi", exact=True)).to_be_visible()
    expect(page.get_by_text("Penulis", exact=True)).to_be_visible()
