"""Figures of one named project: its subject is the project, its investment stays on it.

Project announcements describe a project with figures before its name or after a reference
back to it: 总用地902亩、一期计划投资21.8亿元的甲科技产业园项目正式开工; 该项目…建设48万平方米的
产业基地. Read clause by clause these go to the zone named nearby. The land and floor area are
the project's indicators; its investment is already the project's own field, so it is no
indicator (both labelers' convention).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.normalize.units import MONEY
from extractor.numbers.clauses import sentence_start
from extractor.numbers.slots import Slot

# Between a figure and the project it describes: the rest of the modifier, ending in 的.
_MODIFIER_TAIL = re.compile(r"[^，,。；;！？!?\n]{0,40}的")
_BACK_REFERENCE = re.compile(r"(?:该|此|这个|上述)项目")


def _modified(article: str, slot: Slot, projects: Sequence[str]) -> str | None:
    """The project whose name follows the figure's modifier (…902亩…的甲项目)."""
    end = slot.value.end
    nearest = [
        (at, name)
        for name in projects
        if (at := article.find(name, end)) >= 0 and _MODIFIER_TAIL.fullmatch(article[end:at])
    ]
    return min(nearest)[1] if nearest else None


def _referred(article: str, slot: Slot, projects: Sequence[str]) -> str | None:
    """The project 该项目 refers back to, when the figure's sentence opens with it."""
    begin = sentence_start(article, slot.value.start)
    if not _BACK_REFERENCE.search(article[begin : slot.value.start]):
        return None
    before = [(article.rfind(name, 0, begin), name) for name in projects]
    named = [(at, name) for at, name in before if at >= 0]
    return max(named)[1] if named else None


def project_of(article: str, slot: Slot, projects: Sequence[str]) -> tuple[str | None, bool]:
    """(the project the figure belongs to or None, whether the figure is its investment)."""
    modified = _modified(article, slot, projects)
    if modified:
        unit = slot.value.quantity.unit if slot.value.quantity else None
        return modified, unit in MONEY
    return _referred(article, slot, projects), False
