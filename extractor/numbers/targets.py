"""Every target number is also a target: who pursues it, the goal in the page's words, the
value and the term.

A target indicator (力争完成规模工业总产值1300亿元…的年度目标) and its `targets` entry are two
views of one goal: the indicator for comparing figures, the target for listing goals. The
model's pass names a few targets and rarely those with numbers; code has the numbers with their
subject and period already, so each target indicator that no target states yet gives one,
described by its own clause (goal verbs aside: 力争, 确保, 计划…).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from extractor.normalize import parse_quantity
from extractor.numbers.words import start_of_clause
from extractor.page.clean import CleanedText
from schemas.facts import Indicator, Target

# 力争, 确保, 预计…可: the goal's verbs; the description is what is to be reached.
_GOAL_LEAD = re.compile(
    r"^(?:[，,\s]|力争|确保|争取|预计|计划|力求|努力|将|要|能|可|还|并|再|也|更)+"
)


def _same_value(a: str, b: str) -> bool:
    qa, qb = parse_quantity(a), parse_quantity(b)
    if qa is None or qb is None:
        return a.strip() == b.strip()
    return qa.value == qb.value and qa.unit == qb.unit


def value_clause(ind: Indicator, cleaned: CleanedText) -> str | None:
    """The indicator's clause in the cleaned page, up to the end of its value."""
    if not ind.grounding.spans:
        return None
    span = ind.grounding.spans[0]
    at = bisect_left(cleaned.offsets, span.start)
    end = bisect_left(cleaned.offsets, span.end)
    if at >= len(cleaned.text):
        return None
    return cleaned.text[start_of_clause(cleaned.text, at) : end]


def _description(ind: Indicator, cleaned: CleanedText) -> str | None:
    """The value's clause, goal verbs aside."""
    words = value_clause(ind, cleaned)
    if words is None:
        return None
    # Who pursues it is the target's subject, not part of what is to be reached.
    words = _GOAL_LEAD.sub("", words.removeprefix(ind.subject) if ind.subject else words)
    return words or None


def targets_of(indicators: list[Indicator], cleaned: CleanedText, known: list[Target]):
    """A target for each target indicator whose value no known target states."""
    stated = [t.value for t in known if t.value]
    added: list[Target] = []
    for ind in indicators:
        if ind.kind != "target" or any(_same_value(ind.value, v) for v in stated):
            continue
        description = _description(ind, cleaned)
        if description is None:
            continue
        added.append(
            Target(subject=ind.subject, description=description, value=ind.value,
                   deadline=ind.period)
        )  # fmt: skip
        stated.append(ind.value)
    return added
