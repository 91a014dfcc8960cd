"""A figure the page states again is one fact.

News repeats its key counts: 39个专案集中签约 in the lead, 集中签约专案共39个 in the body,
此次签约的39个签约专案 in an official's words: one fact, reported thrice, reads as three. The
first statement stays; a later one restates it when value, period, subject (or a shorter form
of it) agree and the names are alike. None of the labeled pages holds two facts that agree so.
"""

from __future__ import annotations

import re
from collections import Counter

from schemas.facts import Indicator

_COUNT_WORDS = re.compile(r"数量|人数")
_SAME_NAME = 0.6
"""Char-F1 of two names (count words aside) above which one figure restates the other."""


def _char_f1(a: str, b: str) -> float:
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b)) if common else 0.0


def _restates(later: Indicator, first: Indicator) -> bool:
    a, b = later.subject or "", first.subject or ""
    return (
        later.value == first.value
        and later.period == first.period
        and (a == b or (bool(a and b) and (a in b or b in a)))
        and _char_f1(_COUNT_WORDS.sub("", later.name), _COUNT_WORDS.sub("", first.name))
        >= _SAME_NAME
    )


def without_restatements(indicators: list[Indicator]) -> list[Indicator]:
    """The indicators without those that restate an earlier one, in order."""
    kept: list[Indicator] = []
    for indicator in indicators:
        if not any(_restates(indicator, earlier) for earlier in kept):
            kept.append(indicator)
    return kept
