"""The pages the accessibility, phone and focus tests audit, and how to open them.

One list, so the three test files look at the same pages: the ones a visitor,
a member, a moderator and an organiser use most (issue 8). Each page is opened
by its user; a test signs in once per user and reuses that session for both
widths, which keeps the audit fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.browser.conftest import DESKTOP, MEMBER, MODERATOR, ORGANISER, PHONE, sign_in


@dataclass(frozen=True)
class AuditedPage:
    """A page of the audit: its name in test ids, where it is, who looks at it."""

    name: str
    path: str
    user: str | None = None

    def __str__(self) -> str:
        return self.name


# Demo data (app/demo/content.py): case study 1 is "Koordinasi cepat ..." and
# the programme with the most runs and charts is "Pelatihan Komunikasi Efektif".
PAGES = [
    AuditedPage("home", "/"),
    AuditedPage("home-member", "/", MEMBER),
    AuditedPage("case-study", "/praktik/1"),
    AuditedPage("search", "/cari?q=pelatihan"),
    AuditedPage("writing-form", "/praktik/baru", MEMBER),
    AuditedPage("moderation-queue", "/moderasi", MODERATOR),
    AuditedPage("dashboard", "/evaluasi", ORGANISER),
    AuditedPage(
        "programme-dashboard",
        "/evaluasi/program/pelatihan-komunikasi-efektif",
        ORGANISER,
    ),
]

PHONE_OPTIONS: dict[str, Any] = {
    "viewport": PHONE,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP_OPTIONS: dict[str, Any] = {"viewport": DESKTOP}


class Visitor:
    """One person's tabs at both widths, signed in at most once.

    The phone context gets the desktop context's cookies instead of a second
    sign-in. Sign-out anywhere ends every session of an account, so a page
    that unexpectedly shows the signed-out header is retried after a fresh
    sign-in rather than audited as the wrong page.
    """

    def __init__(self, new_context: Callable[..., Any], user: str | None) -> None:
        self.new_context = new_context
        self.user = user
        self.state: dict[str, Any] | None = None

    def open(self, path: str, *, phone: bool) -> Any:
        """A loaded tab with ``path`` at phone or desktop width."""
        options = dict(PHONE_OPTIONS if phone else DESKTOP_OPTIONS)
        if self.state is not None:
            options["storage_state"] = self.state
        context = self.new_context(**options)
        page = context.new_page()
        if self.user and self.state is None:
            self._sign_in(page)
        page.goto(path)
        if self.user and not self._signed_in(page):
            self._sign_in(page)
            page.goto(path)
        page.wait_for_load_state("load")
        return page

    def _sign_in(self, page: Any) -> None:
        assert self.user is not None
        sign_in(page, self.user)
        self.state = page.context.storage_state()

    @staticmethod
    def _signed_in(page: Any) -> bool:
        return page.locator("form[action$='/keluar']").count() > 0


def open_phone_menu(page: Any) -> None:
    """Tap the navbar toggler and wait until the menu has finished opening."""
    page.locator(".navbar-toggler").click()
    page.locator("#nav-utama.show").wait_for(state="visible")
    page.wait_for_function(
        "() => !document.querySelector('#nav-utama').classList.contains('collapsing')"
    )
