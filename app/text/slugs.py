"""URL slugs that stay readable for Indonesian titles."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lowercase, hyphen-separated; never empty (falls back to ``"-"``).

    Accents are dropped (``Café`` → ``cafe``); other scripts vanish. A slug
    longer than ``max_length`` is cut at a word boundary when that keeps at
    least half of it, so URLs do not end in half a word.
    """
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        head = slug[:max_length]
        boundary = head.rfind("-")
        if slug[max_length] != "-" and boundary >= max_length // 2:
            head = head[:boundary]
        slug = head
    return slug.rstrip("-") or "-"
