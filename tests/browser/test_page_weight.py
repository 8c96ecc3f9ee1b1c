"""Page weight: what a phone on a slow connection downloads for a page.

The budget (issue 8): HTML + CSS + JavaScript under 300 KB, counted as the
browser receives them from the app (uncompressed bytes: the app sends no
``Content-Encoding``; production's nginx gzips the home page to about 40 KB,
docs/performance.md "Issue 8: page weight"). Bootstrap's CSS is 232 KB of
that, so the pages load no Bootstrap JavaScript: ``app/static/js/menu.js``
opens the phone menu instead, and the last tests here check that it does.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MEMBER, PHONE, first_visit
from tests.server import first_published_case_study

BUDGET = 300_000  # bytes of HTML + CSS + JS


def weigh(page: Any, path: str) -> dict[str, int]:
    """Bytes of every document, stylesheet and script of a first visit, by URL."""
    return {f"{kind} {url}": len(body) for kind, url, body in first_visit(page, path)}


def breakdown(sizes: dict[str, int]) -> str:
    lines = [f"{size:>9,}  {what}" for what, size in sizes.items()]
    return "\n".join([*lines, f"{sum(sizes.values()):>9,}  total"])


@pytest.mark.parametrize("visitor", ["anonymous", "member"])
def test_the_home_page_weighs_less_than_300_kb(
    visitor: str, page: Any, signed_in: Any
) -> None:
    tab = signed_in(MEMBER) if visitor == "member" else page
    sizes = weigh(tab, "/")
    assert any(what.startswith("document ") for what in sizes), sizes
    assert any(what.startswith("stylesheet ") for what in sizes), sizes
    total = sum(sizes.values())
    assert total < BUDGET, breakdown(sizes)


@pytest.mark.parametrize("which", ["case study", "search results"])
def test_a_case_study_and_the_search_results_weigh_less_than_300_kb(
    which: str, page: Any, site: Any
) -> None:
    path = (
        first_published_case_study(site.app)
        if which == "case study"
        else "/cari?q=pelatihan"
    )
    sizes = weigh(page, path)
    total = sum(sizes.values())
    assert total < BUDGET, breakdown(sizes)


def test_no_page_loads_bootstraps_javascript_or_popper(page: Any) -> None:
    """They were 80 KB of the home page's 341 KB, for one collapsing menu."""
    scripts = [what for what in weigh(page, "/") if what.startswith("script ")]
    assert "script /static/js/menu.js" in scripts
    assert not [url for url in scripts if "bootstrap" in url or "popper" in url]


# -- the phone menu (menu.js) ----------------------------------------------------


def _menu(page: Any) -> tuple[Any, Any]:
    """The navbar toggler and the first link of the menu it controls."""
    toggler = page.locator(".navbar-toggler")
    menu = page.locator(f"#{toggler.get_attribute('aria-controls')}")
    return toggler, menu.get_by_role("link").first


def test_the_phone_menu_opens_and_closes_with_a_tap(phone_page: Any) -> None:
    phone_page.goto("/")
    toggler, link = _menu(phone_page)
    expect(link).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")

    toggler.tap()
    expect(link).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    link_box = link.bounding_box()
    assert link_box is not None and link_box["y"] < PHONE["height"]

    toggler.tap()
    expect(link).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")


def test_the_phone_menu_opens_with_enter_and_escape_closes_it_from_inside(
    new_context: Any,
) -> None:
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/")
    toggler, link = _menu(page)

    toggler.focus()
    page.keyboard.press("Enter")
    expect(link).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")

    link.focus()
    page.keyboard.press("Escape")
    expect(link).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(toggler).to_be_focused()

    page.keyboard.press("Space")
    expect(link).to_be_visible()
    page.keyboard.press("Escape")
    expect(link).to_be_hidden()


def test_at_desktop_width_the_menu_links_show_without_a_toggler(page: Any) -> None:
    page.goto("/")
    toggler, link = _menu(page)
    expect(toggler).to_be_hidden()
    expect(link).to_be_visible()
