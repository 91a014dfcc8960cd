"""A length-preserving fold of Chinese text for number and date matching.

Every parser in this package matches on fold(text) and reports offsets into the original,
which only works because fold(text)[i] always comes from text[i].
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

# Dashes and tildes all mean "to" between numbers; one spelling keeps the patterns short.
_DASHES = frozenset("—–－‐‑‒−―⁓〜～~")
# The ideographic comma is never a thousands separator, so it must not become ",".
_KEEP = frozenset("，")


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    if c in _DASHES:
        return "-"
    if c in _KEEP:
        return c
    if c.isspace():
        return " "
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:  # ㎡ -> m2 would shift every later offset
        return c
    if "\u3400" <= n <= "\u9fff":
        s = _T2S.convert(n)
        return s if len(s) == 1 else n
    return n


def fold(text: str) -> str:
    """Half-width, simplified, one dash: same length as text, character for character."""
    return "".join(map(_fold_char, text))
