"""PySastrawi against snowball's Indonesian stemmer: roots right, and speed.

    .venv/bin/python bench/stemmers.py

Accuracy uses the word lists of tests/test_analyzer.py (affixed word -> root,
and words that must stay whole). Speed uses every distinct word of the demo
case studies (app/demo/content.py): "uncached" stems each distinct word once
with a fresh stemmer (PySastrawi's own result cache bypassed); "cached" runs
the whole token stream, repeats included, through an LRU cache as the
analyzer does. Numbers go to docs/search.md and docs/performance.md.
"""

from __future__ import annotations

import functools
import platform
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import snowballstemmer  # noqa: E402
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # noqa: E402

from app.demo import content  # noqa: E402
from app.search import analyzer  # noqa: E402
from tests.test_analyzer import ROOTS, WHOLE  # noqa: E402

WORD = re.compile(r"[^\W\d_]+")


def corpus() -> list[str]:
    """Every word of the demo content, lowercased, in reading order."""
    text = " ".join(_strings(vars(content)))
    return [word.lower() for word in WORD.findall(text)]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def stemmers() -> dict[str, Callable[[], Callable[[str], str]]]:
    """Factories, so each speed run starts without any cache."""

    def sastrawi() -> Callable[[str], str]:
        return StemmerFactory().create_stemmer().delegatedStemmer.stem

    def snowball() -> Callable[[str], str]:
        return snowballstemmer.stemmer("indonesian").stemWord

    def ours() -> Callable[[str], str]:
        # The analyzer's stem() without its caches: a fresh Sastrawi, LRU cleared.
        analyzer._sastrawi = StemmerFactory().create_stemmer().delegatedStemmer
        analyzer.stem.cache_clear()
        return analyzer.stem.__wrapped__

    return {
        "PySastrawi 1.2.1": sastrawi,
        "snowball Indonesian (Tala) 3.x": snowball,
        "our analyzer (Sastrawi + no-stem list)": ours,
    }


def accuracy(stem: Callable[[str], str]) -> tuple[int, int]:
    roots = sum(stem(word) == root for word, root in ROOTS.items())
    whole = sum(stem(word) == word for word in WHOLE)
    return roots, whole


def words_per_second(stem: Callable[[str], str], words: list[str]) -> float:
    start = time.perf_counter()
    for word in words:
        stem(word)
    return len(words) / (time.perf_counter() - start)


def main() -> None:
    tokens = corpus()
    distinct = sorted(set(tokens))
    print(f"Python {platform.python_version()} on {platform.machine()}")
    print(
        f"{len(ROOTS)} word->root pairs, {len(WHOLE)} words to keep whole; "
        f"{len(distinct)} distinct words, {len(tokens)} tokens"
    )
    print(
        "| stemmer | roots right | kept whole | distinct words/s uncached "
        "| tokens/s cached |"
    )
    print("|---|---|---|---|---|")
    for name, make in stemmers().items():
        roots, whole = accuracy(make())
        uncached = words_per_second(make(), distinct)
        cached = words_per_second(functools.lru_cache(100_000)(make()), tokens)
        print(
            f"| {name} | {roots}/{len(ROOTS)} | {whole}/{len(WHOLE)} "
            f"| {uncached:,.0f} | {cached:,.0f} |"
        )
    misses = {
        name: [w for w, r in ROOTS.items() if make()(w) != r]
        for name, make in stemmers().items()
    }
    for name, words in misses.items():
        shown = ", ".join(f"{w}->{stemmers()[name]()(w)}" for w in words[:12])
        print(f"{name} misses: {shown or 'none'}")


if __name__ == "__main__":
    main()
