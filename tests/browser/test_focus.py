"""Keyboard focus is always visible.

Walking the home page with Tab, every element that takes focus shows an
outline at least 2 px wide, in a colour with at least 3:1 contrast against the
background behind it (WCAG 1.4.11 and 2.4.7): dark on the white page, light on
the green navbar. Bootstrap's own ``outline: 0`` rules (``.btn:focus-visible``,
``.form-control:focus``, ``.nav-link:focus-visible``) must not win.
The context has reduced motion, so Bootstrap's transitions do not make a
half-drawn ring look like none.
"""

from __future__ import annotations

from typing import Any

from tests.browser.audited_pages import Visitor

MIN_OUTLINE_PX = 2
MIN_CONTRAST = 3.0
MAX_TAB_STOPS = 300

# The focused element's outline, and the contrast of its colour against the
# first opaque background behind the element.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  let back = [255, 255, 255];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const parts = rgb(getComputedStyle(node).backgroundColor);
    const opaque = parts.length === 3 || parts[3] === 1;
    if (parts.length >= 3 && opaque) { back = parts; break; }
  }
  const style = getComputedStyle(el);
  const pair = [luminance(rgb(style.outlineColor)), luminance(back)];
  const [l1, l2] = pair.sort((a, b) => b - a);
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
  return {
    id: el.tagName.toLowerCase()
      + (el.className ? '.' + [...el.classList].join('.') : '')
      + ` "${text.slice(0, 30).replace(/\\s+/g, ' ')}"`,
    key: el.outerHTML.slice(0, 200) + el.getBoundingClientRect().top,
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    contrast: (l1 + 0.05) / (l2 + 0.05),
  };
}"""


def tab_walk(page: Any) -> list[dict[str, Any]]:
    """Every Tab stop of the page, from the top until focus leaves the page."""
    stops: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or stop["key"] in seen:
            break
        seen.add(stop["key"])
        stops.append(stop)
    return stops


def test_every_tab_stop_on_the_home_page_shows_a_clear_focus_outline(
    new_context,
) -> None:
    page = Visitor(new_context, None).open("/", phone=False)
    stops = tab_walk(page)
    assert len(stops) > 20, f"only {len(stops)} Tab stops: the walk did not get far"
    faint = [
        f"{stop['id']}: outline {stop['style']} {stop['width']}px, "
        f"contrast {stop['contrast']:.2f}:1"
        for stop in stops
        if stop["style"] == "none"
        or stop["width"] < MIN_OUTLINE_PX
        or stop["contrast"] < MIN_CONTRAST
    ]
    assert not faint, (
        f"{len(faint)} of {len(stops)} Tab stops without a clear outline:\n  "
        + ("\n  ".join(faint))
    )
