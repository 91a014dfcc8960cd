"""The words around a number: clause bounds, lead words, known names and their short forms.

Shared by naming (what a number measures) and subjects (whose figure it is).
"""

from __future__ import annotations

import re

from extractor.normalize import Mention
from extractor.numbers.clauses import last_end

CLAUSE_END = re.compile(r"[。！？!?；;，,、：:\n]")


# Words that open a clause without naming anything.
LEAD = re.compile(
    r"^(?:其中|同时|此外|另外|并且|并|且|而|以及|及|和|与|共|全年|当年|此次|本次|仅就|上述|这些|"
    r"截至|累计|合计|总计|已经|已|均|都|也|更|还|再|在|对|为|将|了|的|各类|各|等)+"
)


QUOTES = " “”\"'‘’《》「」"


# Suffixes that the press drops when it repeats a place (钱塘新区 -> 钱塘, 上虞区 -> 上虞).
_PLACE_SUFFIXES = (
    "经济技术开发区", "高新技术产业开发区", "高新技术产业园区", "经济开发区", "开发区",
    "经开区", "高新区", "新区", "园区", "产业园", "科技城", "区", "县", "市", "省",
)  # fmt: skip


def start_of_clause(text: str, pos: int) -> int:
    return last_end(CLAUSE_END, text, pos)


def name_forms(names: list[str]) -> list[str]:
    """Known entity names and their short forms, longest first."""
    forms = set()
    for name in names:
        name = name.strip(QUOTES)
        if len(name) < 2:
            continue
        forms.add(name)
        suffix = next((x for x in _PLACE_SUFFIXES if name.endswith(x)), None)
        if suffix and len(name) - len(suffix) >= 2:
            forms.add(name[: -len(suffix)])
    return sorted(forms, key=len, reverse=True)


# The page's words for its own place (全区, 该区, 园区, 我市, 县开发区): they stand for the place
# of that kind the page names, or stay as written when it names none (全国 always stays).
SELF_REFERENCE = re.compile(
    r"^(?:[全该本我辖]?[市县区]?(?:经济技术开发区|经济开发区|开发区|经开区|高新区|工业园区|园区)"
    r"|[全该本我辖][区县市省]|全国)"
)


def leading_name(words: str, forms: list[str]) -> str | None:
    """The known name (or short form) that words start with, as written there."""
    return next((form for form in forms if words.startswith(form)), None)


def number_start(m: Mention) -> int:
    # A growth rate is named by what grows: the words before its verb (产值同比增长12%).
    if m.kind == "change" and m.change_start is not None:
        return m.change_start
    return m.start


# 经济小区完成税收92亿元, 龙胜研究所每年实施项目40余项: a name the page does not list, known
# as one by its kind (…区, …研究所, …公司) where it opens a clause before a verb of doing.
NAMED_ACTOR = re.compile(
    r"^(?!重点|主要|各|该|本|这|其|全)"
    r"(?P<name>[\u4e00-\u9fff]{2,12}?(?:区域|片区|板块|区|园|港|城|镇|县|研究所|研究院|公司|集团|中心))"
    r"(?=(?:每年|今年|去年|全年|已经|已|共|累计|均)?(?:实现|完成|集聚|拥有|实施|引进|新增|招引))"
)
