"""Names that state only an aspect of a measure take the measure named before them.

A report names its measure once and then its aspects: 我市高新技术产业产值实现144.58亿元，总量列
全省第12位，增幅居全省第1位，高于全省31.77个百分点. Read clause by clause, the later numbers are
named 总量全省排名, 增幅全省排名, 高于全省: true, but not of what. They take the measure of the
nearest earlier number of their sentence, else of their paragraph; a bare measure (产值) that
ends an earlier full name (高新技术产业产值) takes that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.numbers.clauses import sentence_start

# What a name that only states an aspect starts with.
_ASPECT = re.compile(
    r"^(?:总量|增幅|增速|占|比重|高于|低于|超过|比年初|(?:较|比)(?:上年|去年)(?:同期)?|"
    r"(?:全[省市国区县])?排名|完成|年均|预计|欠|"
    r"(?:全年|年度)?(?:目标任务|目标|指标|计划)$)"
)
_COMPARISON = re.compile(r"^(?:高于|低于|超过|超出)")
_RATE_ASPECT = re.compile(r"^(?:占比增幅|占比|增幅|增速)")
# 高于位居末位的威海: the epithet of what is compared with is not part of the measure's name.
_EPITHET = re.compile(r"(?:位居|位列)?(?:末位|首位|第一位|前列)的")
_OUTPUT_ONLY = re.compile(r"^(?:年产|年产能|产能|生产)(?:数量|量)?$")
# A plan's figure (区级奋斗目标任务) is what a measure is held against, not the measure.
_PLAN = re.compile(r"(?:目标任务|目标|指标|计划)$")
_BARE = frozenset({"产值", "增加值", "营业收入", "营收", "收入", "投资", "税收", "利润", "销售额"})


@dataclass
class Named:
    """One number's name at its place in the page."""

    start: int
    name: str
    owned: bool = False
    """Its clause opens with its own subject (攀钢完成增加值): a bare measure stays its own."""


def _bare_head(name: str) -> str | None:
    """The bare measure a name starts with (产值 of 产值同比增长), if it names nothing more."""
    return next((b for b in sorted(_BARE, key=len, reverse=True) if name.startswith(b)), None)


def _full(name: str) -> bool:
    return bool(name) and not _ASPECT.match(name) and _bare_head(name) is None


def _source(name: str) -> bool:
    """A name another may borrow its measure from: a measure, bare ones too (税收), and plain
    (no figures or brackets, which mark a clause read whole)."""
    return (
        bool(name)
        and not _ASPECT.match(name)
        and not _PLAN.search(name)
        and not re.search(r"[\d()（）]", name)
    )


def _joined(measure: str, aspect_name: str) -> str:
    aspect = _ASPECT.match(aspect_name)
    if aspect and measure.endswith(aspect.group()):
        return measure + aspect_name[aspect.end() :]  # 营业收入增速 + 增速全省排名
    return measure + aspect_name


def _measure_of(name: str) -> str:
    """The measure a full name states, without its own aspect (营业收入增速 -> 营业收入)."""
    for word in ("增速", "增幅", "占比", "比重"):
        if name.endswith(word) and len(name) > len(word) + 1:
            return name[: -len(word)]
    return name


def complete_names(text: str, named: list[Named]) -> list[str]:
    """Each name, completed with its measure where it states only an aspect or a bare measure."""
    order = sorted(range(len(named)), key=lambda i: named[i].start)
    names = [n.name for n in named]
    for position, index in enumerate(order):
        item = named[index]
        if _OUTPUT_ONLY.match(item.name):
            # 计划明年达到年产60亿只: the capacity the page stated before, at a new value.
            paragraph = text.rfind("\n", 0, item.start) + 1
            capacity = [
                n.name
                for n in named
                if paragraph <= n.start < item.start and n.name.endswith(("能力", "产能"))
            ]
            if capacity:
                names[index] = capacity[-1]
            continue
        if _full(item.name) or not item.name:
            continue
        sentence = sentence_start(text, item.start)
        paragraph = text.rfind("\n", 0, item.start) + 1
        earlier = [named[i] for i in reversed(order[:position]) if _source(named[i].name)]
        bare = _bare_head(item.name)
        if bare:
            whole = [
                e
                for e in earlier
                if e.start >= paragraph and e.name.endswith(bare) and _full(e.name)
            ]
            if whole and not item.owned:
                names[index] = whole[0].name + item.name[len(bare) :]
            continue
        before = [e for e in earlier if e.start >= sentence] or [
            e for e in earlier if e.start >= paragraph
        ]
        if before:
            aspect = _compared_aspect(item, [named[i] for i in order[:position]], sentence)
            names[index] = _joined(_measure_of(before[0].name) + aspect, item.name)
    return [_EPITHET.sub("", name) for name in names]


def _compared_aspect(item: Named, preceding: list[Named], sentence: int) -> str:
    """高于全省31.77个百分点 after 增幅居全省第1位: the comparison is of that aspect (增幅)."""
    if not _COMPARISON.match(item.name):
        return ""
    for other in reversed(preceding):
        if other.start < sentence:
            break
        aspect = _RATE_ASPECT.match(other.name)
        if aspect:
            return aspect.group()
    return ""
