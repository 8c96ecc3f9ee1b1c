"""Bare URLs become links, by bleach's linkifier, inside Markdown's tree.

bleach reached end-of-life in June 2026; its linkifier is the only part we
use, and nh3 cleans everything after it (docs/security.md). We run it on the
text nodes that contain a URL, joined into one small fragment, not on the
whole rendered page: bleach parses with html5lib, pure Python, which needs
most of a second for the ~110 kB of markup a 20,000-character table renders
to. Text inside ``<a>``, ``<code>`` and ``<pre>`` is never linkified.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree  # nosec B405  # builds trees, parses no XML
from collections.abc import Iterator

from bleach.linkifier import TLDS, Linker
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from app.text.urls import has_invisible_characters, safe_url

_SKIP = frozenset({"a", "code", "pre"})
_SEPARATOR = "<hr>"
_WORDS = re.compile(r"(\s+)")

# bleach's URL pattern with two changes that make it linear: a match may only
# start where a run of "(" or of word characters starts, and that "(" run is
# taken whole. bleach's own pattern needs seconds for 20,000 "(" in a row.
URL_RE = re.compile(
    r"""(?<!\()\(*+
    \b(?<![@.\w-])(?:(?:https?|ftp):/{{0,3}}(?:(?:\w+:)?\w+@)?)?
    (?:[\w-]++\.)+(?:{tlds})(?:\:[0-9]+)?(?!\.\w)\b
    (?:[/?][^\s\{{\}}\|\\\^`<>"]*)?
    """.format(tlds="|".join(TLDS)),
    re.IGNORECASE | re.VERBOSE | re.UNICODE,
)


def link_callback(attrs: dict, new: bool = False) -> dict | None:
    """bleach callback: keep a link only if its target is allowed."""
    url = safe_url(attrs.get((None, "href"), ""), decode_entities=False)
    if url is None:
        return None
    attrs[(None, "href")] = url
    return attrs


def _text_slots(root: etree.Element) -> Iterator[tuple[etree.Element, str]]:
    """Every (element, "text" | "tail") holding text outside a, code, pre."""
    stack = [root]
    while stack:
        element = stack.pop()
        if element.text:
            yield element, "text"
        for child in element:
            if child.tail:
                yield child, "tail"
            if child.tag not in _SKIP:
                stack.append(child)


class _LinkifyTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        slots = [
            (element, attr)
            for element, attr in _text_slots(root)
            if URL_RE.search(getattr(element, attr))
        ]
        if not slots:
            return
        escaped = [self._escape(getattr(element, attr)) for element, attr in slots]
        linker = Linker(callbacks=[link_callback], parse_email=False, url_re=URL_RE)
        pieces = linker.linkify(_SEPARATOR.join(escaped)).split(_SEPARATOR)
        if len(pieces) != len(slots):  # never seen; then leave the text alone
            return
        for (element, attr), piece in zip(slots, pieces, strict=True):
            setattr(element, attr, self.md.htmlStash.store(piece))

    def _escape(self, text: str) -> str:
        """Escape ``text`` for bleach; hide words with invisible characters.

        bleach's pattern stops at a zero-width space or a soft hyphen, so
        ``https://exa<SHY>mple.com`` would link ``mple.com`` while showing
        "https://example.com". Such words are stashed and never linkified.
        """
        return "".join(
            self.md.htmlStash.store(html.escape(word, quote=False))
            if not word.isspace() and has_invisible_characters(word)
            else html.escape(word, quote=False)
            for word in _WORDS.split(text)
        )


class LinkifyExtension(Extension):
    """Linkify after the safety checks (they run at priority -10)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.treeprocessors.register(_LinkifyTreeprocessor(md), "lumbung_linkify", -20)
