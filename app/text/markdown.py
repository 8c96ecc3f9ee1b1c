"""The one way user Markdown becomes HTML: Markdown (+ linkify) -> nh3.

1. Python-Markdown, with raw HTML shown as text, headings shifted to h3+,
   images turned into links and every link target checked
   (:mod:`app.text.md_safety`), in linear time (:mod:`app.text.md_limits`).
2. bleach's linkifier turns bare URLs into links (:mod:`app.text.linkify`).
   bleach reached end-of-life in June 2026, so it is used for nothing else
   and never trusted to clean.
3. nh3 (Rust's ammonia) has the last word: an explicit safelist of tags and
   attributes, http/https/mailto only, ``rel`` forced on every link.

Rendering happens at save time; templates show the stored HTML.
See docs/security.md.
"""

from __future__ import annotations

import re

import markdown as md
import nh3
from markdown.extensions.tables import TableExtension
from markupsafe import Markup

from app.text.linkify import LinkifyExtension
from app.text.md_limits import LimitsExtension
from app.text.md_safety import SafetyExtension
from app.text.urls import ALLOWED_SCHEMES, safe_url

# No caller can make us render more than this; longer text is cut, not
# refused (services refuse earlier, with a message: MAX_SECTION_LENGTH).
MAX_INPUT_LENGTH = 50_000
# C0 controls other than tab and newlines: invisible, and Python-Markdown
# marks its own placeholders with STX/ETX, which user text must not forge.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

ALLOWED_TAGS = frozenset(
    {
        "a", "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code",
        "pre", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr",
        "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_ALIGN = {"align": {"left", "center", "right"}}
ALLOWED_ATTRIBUTE_VALUES = {"th": _ALIGN, "td": _ALIGN}
LINK_REL = "nofollow noopener noreferrer ugc"


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3 callback: the last check on every link, on the decoded value."""
    if tag == "a" and name == "href":
        return safe_url(value, decode_entities=False)
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
    attribute_filter=_filter_attribute,
    url_schemes=set(ALLOWED_SCHEMES),
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


def render_markdown(text: str | None) -> Markup:
    """Render user Markdown to HTML that is safe to show as is.

    Input beyond :data:`MAX_INPUT_LENGTH` characters is ignored, so even a
    caller that skips the length check cannot make rendering slow.
    """
    source = _CONTROL_CHARS.sub("", (text or "")[:MAX_INPUT_LENGTH])
    cleaned = clean_html(markdown_to_html(source))
    # nh3 has just sanitised it with the safelist above: the one place user
    # text becomes Markup (docs/security.md).
    return Markup(cleaned)  # nosec B704  # sanitised by nh3


def clean_html(html: str) -> str:
    """Step 3 alone: nh3 with our safelist. Safe even on hostile HTML."""
    return _cleaner.clean(html)


def markdown_to_html(source: str) -> str:
    """Steps 1 and 2, not yet cleaned: never show this output directly."""
    # A new converter per call: Markdown objects keep state between runs and
    # are not safe to share between threads.
    converter = md.Markdown(
        extensions=[
            SafetyExtension(),
            LinkifyExtension(),
            TableExtension(use_align_attribute=True),
            "fenced_code",
            "sane_lists",
            LimitsExtension(),  # last: it adjusts what the others registered
        ],
        output_format="html",
    )
    return converter.convert(source)
