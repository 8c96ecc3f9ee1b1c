"""A Python-Markdown extension that decides what user Markdown may produce.

* **Raw HTML is text.** Python-Markdown passes ``<tags>`` through by default.
  We deregister the ``html_block`` preprocessor and the ``html`` inline
  pattern, so ``<script>`` is shown as the characters ``<script>`` (the
  serializer escapes them) instead of being kept as a tag or dropped silently.
* **Headings start at h3.** The page owns h1 (the title) and h2 (the section
  names); ``#`` becomes h3, ``##`` h4, and so on, capped at h6.
* **No images.** User text must not make readers' browsers load third-party
  resources (tracking pixels; the planned Content-Security-Policy would block
  them anyway). ``![alt](src)`` becomes a link to ``src`` whose text is the
  alt text, or only the alt text when ``src`` is not an allowed URL.
* **Links are checked here.** A link whose target fails
  :func:`app.text.urls.safe_url` is unwrapped: its text stays, the link goes.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree  # nosec B405  # builds trees, parses no XML

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from app.text.urls import safe_url

HEADING_SHIFT = 2
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def browser_view(value: str) -> str:
    """An attribute value as the browser will read it, placeholders undone."""
    return html.unescape(value.replace(util.AMP_SUBSTITUTE, "&"))


def _attribute(value: str) -> str:
    """A decoded value ready for the serializer, which keeps ``&...;`` as is."""
    return value.replace("&", util.AMP_SUBSTITUTE + "amp;")


class _SafetyTreeprocessor(Treeprocessor):
    """Shift headings, turn images into links, unwrap links we refuse."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            index = 0
            while index < len(parent):
                child = parent[index]
                if child.tag == "img":
                    child = _image_to_link(child)
                    parent[index] = child
                if child.tag == "a" and not _check_link(child):
                    _unwrap(parent, index)  # its children are looked at next
                    continue
                if child.tag in _HEADINGS:
                    child.tag = f"h{min(int(child.tag[1]) + HEADING_SHIFT, 6)}"
                index += 1


def _image_to_link(img: etree.Element) -> etree.Element:
    link = etree.Element("a")
    src = img.get("src", "")
    link.text = img.get("alt") or browser_view(src)
    link.tail = img.tail
    link.set("href", src)
    if img.get("title"):
        link.set("title", img.get("title", ""))
    return link


def _check_link(link: etree.Element) -> bool:
    """Keep the link with its decoded target, or say it must go."""
    url = safe_url(browser_view(link.get("href", "")), decode_entities=False)
    if url is None:
        return False
    link.set("href", _attribute(url))
    return True


def _unwrap(parent: etree.Element, index: int) -> None:
    """Replace ``parent[index]`` by its text and children, in place."""
    child = parent[index]
    children = list(child)
    _append_text(parent, index, child.text)
    if children:
        children[-1].tail = (children[-1].tail or "") + (child.tail or "")
    else:
        _append_text(parent, index, child.tail)
    parent.remove(child)
    child.clear()  # the walk in run() must not visit its old children again
    for offset, grandchild in enumerate(children):
        parent.insert(index + offset, grandchild)


def _append_text(parent: etree.Element, index: int, text: str | None) -> None:
    """Add ``text`` where it reads just before ``parent[index]``."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text


class SafetyExtension(Extension):
    """Use first: ``Markdown(extensions=[SafetyExtension(), ...])``."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After "unescape" (priority 0), so attributes hold their final text.
        md.treeprocessors.register(_SafetyTreeprocessor(md), "lumbung_safety", -10)
