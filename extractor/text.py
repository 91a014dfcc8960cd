"""The one text fold and the one traditional-to-simplified converter every stage shares.

A fold is length-preserving (fold(s)[i] comes from s[i]), so a position found in folded text
is the same position in the raw page. Matching names and parsing numbers want slightly
different folds; both are built from the same per-character core so they cannot drift apart.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")


def to_simplified(s: str) -> str:
    """OpenCC traditional -> simplified (may change length on rare phrases)."""
    return _T2S.convert(s)


# Dashes and tildes all mean "to" between numbers; one spelling keeps the patterns short.
_DASHES = frozenset("—–－‐‑‒−―⁓〜～~")
_QUOTES = str.maketrans(
    {
        **dict.fromkeys("“”„‟「」『』〝〞", '"'),
        **dict.fromkeys("‘’‚‛", "'"),
    }
)
# The full-width comma is never a thousands separator, so number parsing must not see ",".
_NUMBER_KEEP = frozenset("，")


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c >= "\U00020000"


def _core(c: str) -> str:
    """Whitespace -> space, NFKC where it stays one character, one dash, simplified Han."""
    if c in _DASHES:
        return "-"
    if c.isspace():
        return " "
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:  # ㎡ -> m2, … -> ...: would shift every later offset
        return c
    if n in _DASHES:
        return "-"
    if _is_cjk(n):
        s = _T2S.convert(n)
        return s if len(s) == 1 else n
    return n


@lru_cache(maxsize=65536)
def _match_char(c: str) -> str:
    n = _core(c).translate(_QUOTES)
    low = n.lower()
    return low if len(low) == 1 else n


@lru_cache(maxsize=8192)
def _number_char(c: str) -> str:
    return c if c in _NUMBER_KEEP else _core(c)


def fold(s: str) -> str:
    """Fold for matching names and quotes: also lowercase and one double/one single quote."""
    return "".join(map(_match_char, s))


def fold_numbers(s: str) -> str:
    """Fold for parsing numbers and dates: keeps the full-width comma (a list separator)."""
    return "".join(map(_number_char, s))
