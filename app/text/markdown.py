"""The one way user Markdown becomes HTML: Markdown -> linkify -> nh3."""

from __future__ import annotations

import markdown as md
import nh3
from bleach.linkifier import Linker
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote",
    "code", "pre", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody",
    "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
LINK_REL = "nofollow noopener noreferrer ugc"

_linker = Linker(parse_email=True)


def render_markdown(text: str) -> Markup:
    """Render user Markdown to HTML that is safe to show as is."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists"])
    html = _linker.linkify(html)
    return Markup(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel=LINK_REL,
        )
    )
