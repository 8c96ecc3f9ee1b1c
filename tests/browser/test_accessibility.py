"""axe-core finds no serious or critical problem on the pages people use most.

Every audited page is checked at 360×740 (a phone) and 1280×800, and the
opened phone menu on its own: a collapsed navbar hides its links from axe, so
their contrast is only checked with the menu open. The two moderate rules
once seen on /moderasi (heading order, landmarks with the same name) are
checked there too.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.audited_pages import PAGES, AuditedPage, Visitor, open_phone_menu
from tests.browser.conftest import ADMIN, MODERATOR

BLOCKING = ("serious", "critical")
# Moderate rules that were fixed and must stay fixed.
ALSO_REQUIRED = ("heading-order", "landmark-unique")

_axe = Axe()


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations that this project treats as failures."""
    found = _axe.run(page).response["violations"]
    return [
        rule
        for rule in found
        if rule["impact"] in BLOCKING or rule["id"] in ALSO_REQUIRED
    ]


def describe(where: str, found: list[dict[str, Any]]) -> list[str]:
    """One line per rule: where, the rule id, its impact, and the first targets."""
    lines = []
    for rule in found:
        targets = [" ".join(map(str, node["target"])) for node in rule["nodes"]]
        shown = "; ".join(targets[:6]) + (" …" if len(targets) > 6 else "")
        lines.append(
            f"{where}: {rule['id']} ({rule['impact']}) ×{len(targets)}: {shown}"
            f"\n    {rule['nodes'][0]['failureSummary'].splitlines()[-1].strip()}"
        )
    return lines


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
