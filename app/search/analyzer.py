"""The Indonesian analyzer: text to index terms, for documents and queries.

Stemming is dictionary-based (PySastrawi) because it gets this domain's words
right where the rule-based Tala/snowball stemmer does not (pegawai -> gawa,
penanganan -> angan, masalah -> masa); measurements in docs/search.md.
Sastrawi is slow per word, so stems are cached: real text repeats words.
"""

from __future__ import annotations

import functools
import re

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from whoosh.analysis import Filter, RegexTokenizer

# Words joined by "-" or "." stay one token: e-KTP, COVID-19, anak-anak, 1.500.
# Whoosh's default pattern would also keep "*" and "_" from Markdown.
TOKEN_PATTERN = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")

# Function words only: a long list (700+ words) would drop domain words such
# as kasus, kerja, masalah, tahun.
STOPWORDS = frozenset(
    """
    yang dan di ke dari untuk dengan pada dalam ini itu atau adalah akan juga
    oleh sebagai karena bahwa agar supaya serta namun tetapi tapi saat ketika
    sudah telah sedang masih bisa dapat harus para sang si pun lah kah nya
    ia dia mereka kami kita saya anda kamu tersebut yaitu yakni bagi hingga
    sampai antara setelah sebelum lebih sangat begitu maka jika kalau apabila
    """.split()
)

# Words Sastrawi gets wrong and words that must never be cut: the measured
# errors (kinerja -> kerja, pemerataan -> perata, perpres -> pres) and common
# regulation and agency shorthands that look like affixed words.
NO_STEM = frozenset(
    """
    kinerja pemerataan perpres perda perwal pergub permen permenpan perkada
    perbup pemda pemkot pemko pemprov pemkab berkas bersama sekda kadis
    diskominfo disdukcapil disnaker dishub disdik dinkes bappeda bpbd bkpsdm
    bkd inspektorat satpol puskesmas posyandu rsud kelurahan kecamatan
    """.split()
)

_sastrawi = StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The root of one lowercase word, e.g. ``pelatihan`` -> ``latih``."""
    if word in NO_STEM or not word.isalpha() and "-" not in word:
        return word
    if "-" in word:
        return _stem_hyphenated(word)
    return _sastrawi.stem(word) or word


def _stem_hyphenated(word: str) -> str:
    """Reduplication (anak-anak, pelayanan-pelayanan) stems to its base; e-ktp stays."""
    left, _, right = word.partition("-")
    if left == right or stem(left) == stem(right):
        return stem(left)
    return word


@functools.lru_cache(maxsize=200_000)
def term_of(word: str) -> str | None:
    """The index term of one token as written, or None for a function word.

    Depends on the token alone, so it is cached: documents and snippets
    repeat the same few thousand words.
    """
    lowered = word.lower()
    if lowered in STOPWORDS:
        return None
    if len(word) > 1 and word.isupper() or any(c.isdigit() for c in word):
        return lowered
    return stem(lowered)


class IndonesianFilter(Filter):
    """Drops function words, then stems, leaving acronyms and codes as written.

    Sees the text before lowercasing so that an all-capitals word (BPBD, KTP,
    SIM) is recognised as an acronym and kept whole; drops stopwords before
    stemming because the stemmer turns some of them into content words
    (sebagai -> bagai). Positions are kept, so phrases still line up.
    """

    def __call__(self, tokens):  # noqa: ANN001,ANN204
        for token in tokens:
            term = term_of(token.text)
            if term is None:
                continue
            token.text = term
            yield token


def IndonesianAnalyzer():  # noqa: ANN201,N802  (Whoosh's naming style for analyzers)
    """Tokenise, drop function words, stem (acronym-aware), lowercase."""
    return RegexTokenizer(expression=TOKEN_PATTERN) | IndonesianFilter()


def terms(text: str) -> list[str]:
    """The index terms of ``text``: what a document is found by."""
    return [token.text for token in IndonesianAnalyzer()(text)]
