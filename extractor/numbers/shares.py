"""A share stated with a value is an indicator of its own.

税收收入700.32亿元，占全省税收收入的比重为53.6%: two facts, the amount and its share, each
queryable by name (稅收收入占全省稅收收入的比重 = 53.6%). The slot planner keeps the share beside
its value (so the model's request stays as it was); here it becomes its own indicator, named
by the value's final name and the share's own words, with the value's subject and period.
"""

from __future__ import annotations

import re

from extractor.normalize import find_mentions
from extractor.page.clean import CleanedText
from schemas.common import Grounding, Span
from schemas.facts import Indicator

# 比重为53.6%, 比重近七成: the verb before the figure is not part of the name.
_LINK = re.compile(r"(?:为|是|达到|达|约)$")
_SHARE_WORD = re.compile(r"(?:比重|占比|比例|份额)$")


def share_name(measure: str, phrase: str) -> str:
    """measure + the share's words (占全省税收收入的比重), ending in 比重 when they do not say."""
    words = _LINK.sub("", phrase).strip()
    if not _SHARE_WORD.search(words):
        words = words.removesuffix("的") + "比重"
    return measure + words


def split_share(base: Indicator, span: tuple[int, int], cleaned: CleanedText) -> Indicator | None:
    """The share at span (cleaned offsets) of base as its own indicator, or None when the share
    states no number (占…的“半壁江山”)."""
    text = cleaned.text[span[0] : span[1]]
    figures = [m for m in find_mentions(text) if m.kind == "quantity"]
    if not figures:
        return None
    figure = figures[-1]
    start, end = cleaned.to_raw(span[0] + figure.start, span[0] + figure.end)
    value = Span(start=start, end=end, text=cleaned.raw[start:end])
    evidence = {**base.evidence, "name": "share"}
    return base.model_copy(
        update={
            "name": share_name(base.name, text[: figure.start]),
            "value": value.text,
            "growth": None,
            "share": None,
            "quantity": None,
            "growth_quantity": None,
            "evidence": evidence,
            "confidence": {k: v for k, v in base.confidence.items() if k != "name"},
            "grounding": Grounding(spans=[value], status="grounded"),
        }
    )
