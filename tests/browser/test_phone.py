"""On a 360×740 phone every audited page fits, can be tapped, and can be read.

* Fits: nothing makes the page scroll sideways (wide tables scroll inside
  their own ``.table-responsive`` region instead).
* Tap targets: every visible link, button, field and ``summary`` is at least
  44×44 CSS px (WCAG 2.5.5). The one exemption is WCAG 2.5.8's "inline"
  exception, kept narrow: a link inside running text, i.e. an ``<a>`` whose
  parent element's own text (its direct text nodes, not the text of its
  child elements) holds at least three words. A line of links joined by "·"
  (the meta line of a card) or a label like "Unduh:" is not running text.
  Visually hidden elements (the skip link until focused, screen-reader text)
  and elements not rendered (a closed ``details``, the collapsed phone menu)
  are not targets.
* Readable without zooming: the body text is 16 px and no visible text is
  under 14 px.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.audited_pages import PAGES, AuditedPage, Visitor, open_phone_menu
from tests.browser.conftest import ADMIN

MIN_TARGET = 44
MIN_TEXT = 14
BODY_TEXT = 16
RUNNING_TEXT_WORDS = 3

# Rendered size of an element, or null when it is hidden from sight.
_SHOWN = """
const shown = (el) => {
  const rect = el.getBoundingClientRect();
  if (rect.width <= 1 || rect.height <= 1) return null;  // hidden or visually-hidden
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.opacity === '0') return null;
  const hiding = '.visually-hidden, .visually-hidden-focusable:not(:focus)';
  if (el.closest(hiding)) return null;
  return rect;
};
const label = (el) => {
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
  return el.tagName.toLowerCase()
    + (el.className ? '.' + [...el.classList].join('.') : '')
    + ` "${text.slice(0, 40).replace(/\\s+/g, ' ')}"`;
};
"""

SMALL_TARGETS = (
    "(args) => {"
    + _SHOWN
    + """
  const [minimum, words] = args;
  const inRunningText = (el) => {
    if (el.tagName !== 'A' || !el.parentElement) return false;
    const own = [...el.parentElement.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent).join(' ');
    return (own.match(/[\\p{L}\\p{N}]+/gu) || []).length >= words;
  };
  const selector =
    'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const rect = shown(el);
    if (!rect || inRunningText(el)) continue;
    // Sub-pixel layout: 43.99 px is 44 px on screen.
    if (rect.width < minimum - 0.5 || rect.height < minimum - 0.5) {
      small.push(`${label(el)} ${Math.round(rect.width)}×${Math.round(rect.height)}`);
    }
  }
  return small;
}"""
)

SMALL_TEXT = (
    "(minimum) => {"
    + _SHOWN
    + """
  const small = [];
  for (const el of document.body.querySelectorAll('*')) {
    const hasText = [...el.childNodes].some(
      (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    if (!hasText || !shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minimum - 0.05) small.push(`${label(el)} ${size}px`);
  }
  return small;
}"""
)


def offenders(found: list[str]) -> str:
    return f"{len(found)}:\n  " + "\n  ".join(found)


def fits(page: Any) -> list[str]:
    """Why the page scrolls sideways, if it does."""
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width <= inner_width:
        return []
    return [f"the page is {scroll_width} px wide on a {inner_width} px screen"]


def small_targets(page: Any) -> list[str]:
    found = page.evaluate(SMALL_TARGETS, [MIN_TARGET, RUNNING_TEXT_WORDS])
    return [f"tap targets under {MIN_TARGET} px: " + offenders(found)] if found else []


def small_text(page: Any) -> list[str]:
    problems = []
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    if body < BODY_TEXT:
        problems.append(f"body text is {body} px, not {BODY_TEXT}")
    found = page.evaluate(SMALL_TEXT, MIN_TEXT)
    if found:
        problems.append(f"text under {MIN_TEXT} px: " + offenders(found))
    return problems


@pytest.mark.parametrize("audited", PAGES, ids=str)
def test_the_page_fits_a_phone_and_can_be_tapped_and_read_without_zooming(
    new_context, audited: AuditedPage
) -> None:
    page = Visitor(new_context, audited.user).open(audited.path, phone=True)
    problems = fits(page) + small_targets(page) + small_text(page)
    assert not problems, f"{audited.name} at 360×740:\n" + "\n".join(problems)


def test_the_opened_phone_menu_fits_and_every_item_is_at_least_44_px(
    new_context,
) -> None:
    page = Visitor(new_context, ADMIN).open("/", phone=True)
    open_phone_menu(page)
    problems = fits(page) + small_targets(page) + small_text(page)
    assert not problems, "the opened phone menu:\n" + "\n".join(problems)
