"""axe-core finds no serious or critical problem on the pages people use most.

Every audited page is checked at 360×740 (a phone) and 1280×800, and the
opened phone menu on its own: a collapsed navbar hides its links from axe, so
their contrast is only checked with the menu open. The two moderate rules
once seen on /moderasi (heading order, landmarks with the same name) are
checked there too.
"""

from __future__ import annotations

import pytest

from tests.browser.accessibility import describe, violations
from tests.browser.audited_pages import PAGES, AuditedPage, Visitor, open_phone_menu
from tests.browser.conftest import ADMIN, MODERATOR


@pytest.mark.parametrize("audited", PAGES, ids=str)
def test_the_page_has_no_serious_accessibility_problem_on_a_phone_or_a_desktop(
    new_context, audited: AuditedPage
) -> None:
    visitor = Visitor(new_context, audited.user)
    problems: list[str] = []
    for phone in (False, True):
        page = visitor.open(audited.path, phone=phone)
        width = "360" if phone else "1280"
        problems += describe(f"{audited.name} @{width}", violations(page))
    assert not problems, "axe found:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "user", [None, MODERATOR, ADMIN], ids=["anonymous", "moderator", "admin"]
)
def test_the_opened_phone_menu_has_no_serious_accessibility_problem(
    new_context, user: str | None
) -> None:
    page = Visitor(new_context, user).open("/", phone=True)
    open_phone_menu(page)
    problems = describe("phone menu", violations(page))
    assert not problems, "axe found:\n" + "\n".join(problems)
