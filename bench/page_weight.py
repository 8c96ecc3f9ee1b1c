"""Page weight: the bytes of HTML, CSS and JavaScript each main page loads.

    .venv/bin/python bench/page_weight.py

Serves the demo as the browser tests do (``tests/server.py``: a scratch
SQLite database, ``flask demo load``, ``flask search reindex``, gunicorn with
2 workers on a free port), opens each page in Debian's Chromium with the cache
off, as a first visit, and sums the bodies of its document, stylesheet and
script responses (``len(response.body())``: the app sends no
``Content-Encoding``, so that is what crosses the wire without nginx), and
the same bodies after ``gzip -6`` (about what nginx's ``gzip_comp_level 6``
sends, docs/deploy/nginx.conf). Images and fonts: the pages have none.

The budget (issue 8): under 300,000 bytes of HTML + CSS + JS uncompressed;
``tests/browser/test_page_weight.py`` asserts it. Results go to
docs/performance.md ("Issue 8: page weight").
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    DESKTOP,
    MEMBER,
    ORGANISER,
    first_visit,
    sign_in,
)
from tests.server import demo_server, first_published_case_study  # noqa: E402

BUDGET = 300_000
KINDS = {"document": "HTML", "stylesheet": "CSS", "script": "JS"}


@dataclass
class Weight:
    """One page: bytes and gzip -6 bytes per kind, and every resource."""

    page: str
    raw: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(KINDS.values(), 0)
    )
    gz: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS.values(), 0))
    resources: list[tuple[str, int, int]] = field(default_factory=list)

    def add(self, kind: str, path: str, body: bytes) -> None:
        packed = len(gzip.compress(body, 6))
        self.raw[kind] += len(body)
        self.gz[kind] += packed
        self.resources.append((path, len(body), packed))

    @property
    def total(self) -> int:
        return sum(self.raw.values())

    @property
    def total_gz(self) -> int:
        return sum(self.gz.values())


def weigh(page: Any, name: str, path: str) -> Weight:
    weight = Weight(name)
    for kind, url, body in first_visit(page, path):
        weight.add(KINDS[kind], url, body)
    return weight


def measure() -> list[Weight]:
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="lumbung-weight-") as folder,
        demo_server(Path(folder)) as (server, _env, app),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        case_study = first_published_case_study(app)
        visits = [
            ("home (anonymous)", None, "/"),
            ("home (sri, member)", MEMBER, "/"),
            ("case study", None, case_study),
            ("search", None, "/cari?q=pelatihan"),
            ("writing form (sri)", MEMBER, "/praktik/baru"),
            ("dashboard `/evaluasi` (dewi)", ORGANISER, "/evaluasi"),
            (
                "programme dashboard, charts (dewi)",
                ORGANISER,
                "/evaluasi/program/pelatihan-komunikasi-efektif",
            ),
        ]
        weights = []
        for name, email, path in visits:
            context = browser.new_context(
                base_url=server.url, viewport=DESKTOP, locale="id-ID"
            )
            page = context.new_page()
            if email:
                sign_in(page, email)
            weights.append(weigh(page, name, path))
            context.close()
        browser.close()
    return weights


def report(weights: list[Weight]) -> str:
    head = "| page | HTML | CSS | JS | total | gzip -6 | under 300 KB |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for w in weights:
        verdict = "yes" if w.total < BUDGET else "NO"
        lines.append(
            f"| {w.page} | {w.raw['HTML']:,} | {w.raw['CSS']:,} | {w.raw['JS']:,} "
            f"| **{w.total:,}** | {w.total_gz:,} | {verdict} |"
        )
    first = weights[0]
    lines += ["", f"{first.page}, by resource:", ""]
    lines += ["| resource | bytes | gzip -6 |", "|---|---|---|"]
    lines += [f"| `{path}` | {raw:,} | {gz:,} |" for path, raw, gz in first.resources]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(measure()))
