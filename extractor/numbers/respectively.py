"""分别: a list of values that takes its subjects or periods, in order, from a list before it.

The genre writes a comparison or a series as one sentence: 前三名为烟台、青岛、淄博，产值分别为
1128.88亿元、1005.48亿元、526.55亿元; 2016年至2018年，分别完成国内生产总值236.3亿元、314.5亿元、
365亿元. Read clause by clause, only the first value has a name, and every value gets the
nearest place. Here each value takes the item at its position, and all share the first one's
name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.numbers.clauses import sentence_start
from extractor.numbers.slots import Slot

_SEPARATOR = r"\s*(?:、|，|,|和|与|及|以及)\s*"
_BETWEEN_VALUES = re.compile(rf"^(?:{_SEPARATOR})$")
_YEAR_RANGE = re.compile(r"(?P<first>\d{4})年?\s*(?:至|到|-|—|–|~)\s*(?P<last>\d{4})年")
_YEAR_LIST = re.compile(rf"\d{{4}}年(?:{_SEPARATOR}\d{{4}}年)+")
_RESPECTIVELY = "分别"


@dataclass(frozen=True)
class Distributed:
    """What one value of a 分别 list takes from its position."""

    subject: str | None = None
    period: str | None = None
    named_by: int | None = None
    """Id of the list's first slot, whose name every value of the list shares."""
    name: str | None = None
    """Its own name where the list before 分别 names measures (产值、利税分别占全区比重…)."""


def _value_runs(text: str, slots: list[Slot], after: int) -> list[Slot]:
    """The values listed right after 分别 (at `after`): the first one in its clause and those
    joined to it only by separators."""
    later = [s for s in slots if s.value.start >= after]
    if not later or re.search(r"[，,。；;\n]", text[after : later[0].value.start]):
        return []
    run = [later[0]]
    for slot in later[1:]:
        if not _BETWEEN_VALUES.match(text[run[-1].value.end : slot.value.start]):
            break
        run.append(slot)
    return run


def _chained(segment: str, words: list[str], n: int) -> list[str] | None:
    """The last n names of `words` written one after another, joined only by separators."""
    hits = sorted(
        {(m.start(), m.end()) for w in words for m in re.finditer(re.escape(w), segment)},
        key=lambda h: (h[0], -h[1]),
    )
    chains: list[list[tuple[int, int]]] = []
    for start, end in hits:
        if chains and start < chains[-1][-1][1]:
            continue  # a shorter name inside the last one
        if chains and re.fullmatch(_SEPARATOR, segment[chains[-1][-1][1] : start]):
            chains[-1].append((start, end))
        else:
            chains.append([(start, end)])
    fitting = [c for c in chains if len(c) == n]
    return [segment[a:b] for a, b in fitting[-1]] if fitting else None


def _periods(segment: str, n: int) -> list[str] | None:
    years = [m.group() for m in _YEAR_LIST.finditer(segment)]
    if years and len(items := re.findall(r"\d{4}年", years[-1])) == n:
        return items
    ranges = list(_YEAR_RANGE.finditer(segment))
    if ranges:
        first, last = int(ranges[-1]["first"]), int(ranges[-1]["last"])
        if last - first + 1 == n:
            return [f"{year}年" for year in range(first, last + 1)]
    return None


_MEASURE_LIST = re.compile(r"(?:[^\W\d，,。；;、]{1,8}、)+[^\W\d，,。；;、]{1,8}$")
_LINK = re.compile(r"^(?:为|是|达到|达)")


def _measures(text: str, segment: str, after: int, first_value: int, n: int) -> list[str] | None:
    """产值、利税分别占全区比重66%和70%: each value is its item's share, named item + phrase."""
    listed = _MEASURE_LIST.search(segment)
    items = listed.group().split("、") if listed else []
    if len(items) != n:
        return None
    phrase = _LINK.sub("", text[after:first_value])
    return [item + phrase for item in items]


def distribute(text: str, slots: list[Slot], names: list[str]) -> dict[int, Distributed]:
    """Slot id -> what its position in a 分别 list gives it, for every such list in text."""
    given: dict[int, Distributed] = {}
    for found in re.finditer(_RESPECTIVELY, text):
        run = _value_runs(text, slots, found.end())
        if len(run) < 2:
            continue
        segment = text[sentence_start(text, found.start()) : found.start()]
        subjects = _chained(segment, names, len(run))
        periods = _periods(segment, len(run))
        measures = None
        if subjects is None and periods is None:
            measures = _measures(text, segment, found.end(), run[0].value.start, len(run))
        for index, slot in enumerate(run):
            given[slot.id] = Distributed(
                subject=subjects[index] if subjects else None,
                period=periods[index] if periods else None,
                named_by=run[0].id if index and not measures else None,
                name=measures[index] if measures else None,
            )
    return given
