"""What axe-core reports that this project treats as a failure, and how to
say it readably: shared by the page audit and the writing-form tests."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

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
