"""Which link targets user text may point to.

Every link in rendered Markdown, whether written as ``[x](url)``, ``<url>``,
a reference, an image or a bare URL, is checked here before it becomes an
``href``. The rule is an allowlist: an absolute ``http``/``https`` URL with a
host, or ``mailto:``. Anything else (``javascript:``, ``data:``, relative and
protocol-relative ``//host`` links) is refused, and so is any URL containing
an invisible or direction-changing character, since those let a link show one
address and open another.
"""

from __future__ import annotations

import html
import unicodedata
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
MAX_URL_LENGTH = 2048

# Characters that render as nothing (or nearly) yet are not in a "C*"/"Z*"
# category: Hangul fillers, the combining grapheme joiner, Khmer inherent
# vowels, Mongolian and Unicode variation selectors, the braille blank.
_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f"
    "\u2800\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)
# Control, format (zero-width, soft hyphen, bidi overrides and isolates, BOM),
# private use, surrogates, unassigned, and every kind of space or separator.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zs", "Zl", "Zp"})


def has_invisible_characters(text: str) -> bool:
    """True if ``text`` holds a character a reader cannot see in a URL."""
    return any(
        ch in _INVISIBLE or unicodedata.category(ch) in _REFUSED_CATEGORIES
        for ch in text
    )


def safe_url(url: str, *, decode_entities: bool = True) -> str | None:
    """``url`` as the browser will read it, or ``None`` if it may not be a link.

    ``decode_entities`` resolves HTML character references first (``&#x61;``,
    ``&colon;``), because that is what a browser does with an attribute; pass
    ``False`` when the value was already decoded by an HTML parser.
    """
    if decode_entities:
        url = html.unescape(url)
    url = url.strip(" \t\n\r\f")
    if not url or len(url) > MAX_URL_LENGTH or has_invisible_characters(url):
        return None
    if "\\" in url:  # browsers read "\" as "/" in http URLs: "http:\\evil"
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return None
    if scheme == "mailto":
        return url if len(url) > len("mailto:") else None
    if not parts.hostname or not url.lower().startswith(scheme + "://"):
        return None
    return url
