"""Keep Python-Markdown linear on hostile input.

Measured on 20,000 characters (the section cap), stock Python-Markdown 3.11
needs 48 s for ``[`` repeated, 28 s for ``![`` repeated, 2.5 s for setext
headings (``a`` / ``=`` lines), about 1 s for ``[a](`` repeated and 0.7 s for
``# a`` lines (with the tables extension); ``+ `` repeated raises
RecursionError. Each slow case is a scan to the end of the text repeated for
every candidate, so time grows with the square of the length.
:class:`LimitsExtension` gives the same result in linear time or, where that
is not practical, bounds the work:

* :class:`BracketIndex` finds the ``]`` closing each ``[`` in one pass;
* ``(url "title")`` is looked for in at most :data:`MAX_LINK_TARGET`
  characters, and all such scans in one document share
  :data:`LINK_SCAN_BUDGET` characters; past it, ``[text](`` stays text;
* table and setext tests look at the first rows, not the whole remaining block;
* heading, rule and quote searches remember where they found nothing;
* lists stop nesting near the recursion limit, as quotes already do.

``tests/test_markdown.py`` times each construct at the cap.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # nosec B405  # builds trees, parses no XML
from collections.abc import Callable, Iterator

from markdown import Markdown, util
from markdown import inlinepatterns as ip
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor

# A link target plus title longer than this is text, not a link.
MAX_LINK_TARGET = 2048
# Characters all "(url" scans of one document may read; a real document's
# scans read each target once, so this is twice the largest input.
LINK_SCAN_BUDGET = 100_000

_BRACKETS = re.compile(r"[\[\]]")


class BracketIndex:
    """Where each ``[`` of a text closes, found in one pass.

    Positions are kept as distances from the end of the string. Markdown
    replaces what it has matched (left of its cursor) with placeholders, which
    leaves the rest of the string, and so these distances, unchanged; the
    index is rebuilt only when the text after a ``[`` is not the one indexed.
    """

    def __init__(self) -> None:
        self._text = ""
        self._close: dict[int, int] = {}

    def closing(self, data: str, open_pos: int) -> int | None:
        """Index of the ``]`` closing the ``[`` at ``open_pos``, or None."""
        tail = len(data) - open_pos
        if data is not self._text and not (
            tail <= len(self._text) and self._text.endswith(data[open_pos:])
        ):
            self._build(data)
        close_tail = self._close.get(tail)
        return None if close_tail is None else len(data) - close_tail

    def _build(self, data: str) -> None:
        size = len(data)
        stack: list[int] = []
        close: dict[int, int] = {}
        for match in _BRACKETS.finditer(data):
            if match.group() == "[":
                stack.append(match.start())
            elif stack:
                close[size - stack.pop()] = size - match.start()
        self._text, self._close = data, close


class ScanBudget:
    """What is left of :data:`LINK_SCAN_BUDGET` for one document."""

    def __init__(self, chars: int = LINK_SCAN_BUDGET) -> None:
        self.left = chars


class _BoundedLinkMixin:
    """Linear ``getText`` and bounded ``getLink`` for the link patterns."""

    brackets: BracketIndex
    budget: ScanBudget

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        if index == 0 or data[index - 1] != "[":
            return super().getText(data, index)  # type: ignore[misc]
        close = self.brackets.closing(data, index - 1)
        if close is None:
            return "", index, False
        return data[index:close], close + 1, True

    def getLink(  # noqa: N802
        self, data: str, index: int
    ) -> tuple[str, str | None, int, bool]:
        window = min(MAX_LINK_TARGET, self.budget.left, len(data) - index)
        if window <= 0:
            return "", None, index, False
        result = super().getLink(data[: index + window], index)  # type: ignore[misc]
        _href, _title, end, handled = result
        self.budget.left -= (end - index) if handled else window
        return result


_LINK_PATTERNS = (
    ("reference", ip.ReferenceInlineProcessor, ip.REFERENCE_RE, 170),
    ("link", ip.LinkInlineProcessor, ip.LINK_RE, 160),
    ("image_link", ip.ImageInlineProcessor, ip.IMAGE_LINK_RE, 150),
    ("image_reference", ip.ImageReferenceInlineProcessor, ip.IMAGE_REFERENCE_RE, 140),
    ("short_reference", ip.ShortReferenceInlineProcessor, ip.REFERENCE_RE, 130),
    ("short_image_ref", ip.ShortImageReferenceInlineProcessor, ip.IMAGE_LINK_RE, 125),
)
_BOUNDED: dict[type, type] = {
    cls: type(f"Bounded{cls.__name__}", (_BoundedLinkMixin, cls), {})
    for _name, cls, _regex, _priority in _LINK_PATTERNS
}


def _linear_table_test(table: TableProcessor) -> Callable[..., bool]:
    """``TableProcessor.test`` without splitting the whole block each time.

    The first two rows decide; only a one-column table needs a pipe on every
    row, and that check stops at the first row without one, as the original
    loop does. Same answer, same ``border``/``separator`` state.
    """
    original = table.test

    def test(parent: etree.Element, block: str) -> bool:
        first = block.find("\n")
        if first == -1:
            return False
        second = block.find("\n", first + 1)
        if not original(parent, block if second == -1 else block[:second]):
            return False
        if second != -1 and len(table._split_row(block[:first].strip(" "))) == 1:
            rows = _lines(block, second + 1)
            return all(_has_pipe(table, row.strip(" ")) for row in rows)
        return True

    return test


def _has_pipe(table: TableProcessor, row: str) -> bool:
    return row.startswith("|") or table.RE_END_BORDER.search(row) is not None


def _lines(text: str, start: int) -> Iterator[str]:
    """``text[start:].split("\\n")`` as a generator, so a caller may stop early."""
    while (end := text.find("\n", start)) != -1:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _setext_run(original: Callable[..., None]) -> Callable[..., None]:
    """Give the setext heading processor its two lines, not the whole block.

    It splits the block into lines and joins the rest back for every heading.
    """

    def run(parent: etree.Element, blocks: list[str]) -> None:
        head = blocks[0].split("\n", 2)
        blocks[0] = "\n".join(head[:2])
        original(parent, blocks)
        if len(head) == 3:
            blocks.insert(0, head[2])

    return run


def _remembering_misses(
    original: Callable[..., bool], regex: re.Pattern[str]
) -> Callable[..., bool]:
    """A ``test`` that skips the search when it already failed on a longer text.

    Headings, rules and quotes are searched for anywhere in a block, and the
    parser hands back the rest of a block after each line it consumes, so a
    block of 10,000 setext headings is searched 10,000 times. The regexes
    match at line starts only, so a block that is a line-aligned end of a
    block without a match has no match either.
    """
    missed = [""]

    def test(parent: etree.Element, block: str) -> bool:
        last = missed[0]
        if len(block) <= len(last) and last.endswith(block):
            if len(block) == len(last) or last[-len(block) - 1] == "\n":
                return False
        if regex.search(block) is None:
            missed[0] = block
            return False
        return original(parent, block)

    return test


def _not_too_deep(original: Callable[..., bool]) -> Callable[..., bool]:
    """Stop nesting lists near the recursion limit, as Markdown does for quotes.

    ``+ + + + ...`` nests a list per marker, one recursive call each; 10,000
    of them raise RecursionError. Past the limit the rest stays a paragraph.
    """

    def test(parent: etree.Element, block: str) -> bool:
        return not util.nearing_recursion_limit() and original(parent, block)

    return test


class LimitsExtension(Extension):
    """Make the other extensions' processors linear. Must be listed last."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        brackets, budget = BracketIndex(), ScanBudget()
        for name, cls, regex, priority in _LINK_PATTERNS:
            pattern = _BOUNDED[cls](regex, md)
            pattern.brackets, pattern.budget = brackets, budget
            md.inlinePatterns.register(pattern, name, priority)
        blocks = md.parser.blockprocessors
        for name, attr in (("hashheader", "RE"), ("hr", "SEARCH_RE"), ("quote", "RE")):
            processor = blocks[name]
            processor.test = _remembering_misses(
                processor.test, getattr(processor, attr)
            )
        for name in ("olist", "ulist", "indent"):
            blocks[name].test = _not_too_deep(blocks[name].test)
        blocks["setextheader"].run = _setext_run(blocks["setextheader"].run)
        if "table" in blocks:
            blocks["table"].test = _linear_table_test(blocks["table"])
