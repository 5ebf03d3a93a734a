"""Words and lemmas of Russian text (pymorphy3 with its bundled dictionaries; nothing is downloaded)."""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

# A word: letters (Cyrillic or Latin) with inner hyphens; digits stand alone.
WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*|\d+")


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """One analyzer per process: loading the dictionaries takes a moment and some memory."""
    return pymorphy3.MorphAnalyzer(lang="ru")


def words(text: str) -> list[tuple[str, int, int]]:
    """Each word of the text with its start and end offsets."""
    return [(match.group(), match.start(), match.end()) for match in WORD.finditer(text)]


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a word, lower-cased («обращениями» → «обращение»); ё is kept as е."""
    lowered = word.lower().replace("ё", "е")
    if not lowered.isalpha():
        return lowered
    return str(analyzer().parse(lowered)[0].normal_form).replace("ё", "е")


def lemmas(text: str) -> list[str]:
    """The lemmas of the text's words, in order."""
    return [lemma(word) for word, _start, _end in words(text)]
