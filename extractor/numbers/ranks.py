"""Rankings as indicators: 位列第5位, 稳居全市第一, 增速排名全省第二, planned 十强.

The rank is the value (Chinese numerals converted), the counter (位/名) its unit when written;
a rank has no growth and is no base for one. Kept apart from plan_slots so that the prose
slots, and the labels request built from them, stay as they were.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractor.normalize import Mention, find_mentions
from extractor.numbers.clauses import sentence_start
from extractor.numbers.slots import (
    TARGET_CUES,
    Slot,
    period_before,
    renumber,
    statement_kind,
    without_headline_repeats,
)

# 位列第5位, 稳居全市第一, 增速排名全省第二, 46家开发区中列第5位: a rank is a measure of its
# clause's subject; 第三届, 第一批, 第2期 (no ranking verb before them) are names, not ranks.
_RANK_VERB = re.compile(
    r"(?:位列|名列|位居|稳居|居于|居|列|排名|排在|排|位次|位于)[^，,。；;！？!?、\n]{0,16}$"
)
# 确保…保持前五, 力争进入…十强: a planned rank is a target number; a past one is an honor.
_RANK_GOAL_VERB = re.compile(r"(?:进入|保持|跻身|迈入|挺进|位列|稳居)[^，,。；;！？!?、\n]{0,16}$")
# 入围中国化工园区30强: a place won in a ranking, as a fact.
_ENTERED = re.compile(r"(?:入围|进入|跻身|迈入|挺进)[^，,。；;！？!?、\n]{0,16}$")
_RANK_COUNTER = "位名"
# 列入第一批, 位于第三期, 居第二季度: a batch, an edition or a time, not a place in a ranking.
_NOT_A_PLACE = re.compile(r"[批届期次轮号类章条款部页天年月日季阶个]")


def as_rank(text: str, m: Mention) -> Mention | None:
    """The ordinal m as a rank value (第5位, 第一), or None when it is not a ranking."""
    if m.kind != "ordinal" or m.quantity is None:
        return None
    clause = text[max(0, m.start - 20) : m.start]
    if m.text.startswith("第"):
        if not _RANK_VERB.search(clause) or _NOT_A_PLACE.match(text, m.end):
            return None
    elif not (
        _RANK_GOAL_VERB.search(clause)
        and TARGET_CUES.search(text[sentence_start(text, m.start) : m.start])
    ) and not (_ENTERED.search(clause) and m.text.endswith("强")):
        return None
    end = m.end + (text[m.end : m.end + 1] in tuple(_RANK_COUNTER))
    counter = text[m.end : end] or m.quantity.unit_as_written
    quantity = m.quantity.model_copy(update={"unit_as_written": counter})
    return replace(m, end=end, text=text[m.start : end], kind="quantity", quantity=quantity)


def rank_slots(text: str, first_id: int = 1) -> list[Slot]:
    """A slot for each ranking (第17位, 第一, planned 十强): the rank is the value, no growth.

    Separate from plan_slots so that the prose slots (and the model request built from them)
    stay as they were; ranks carry no growth and attach none.
    """
    slots: list[Slot] = []
    for m in find_mentions(text):
        rank = as_rank(text, m)
        if rank is None:
            continue
        begin = sentence_start(text, m.start)
        kind = statement_kind(text, begin, m)
        period = period_before(text, begin, m.start)
        slot = Slot(id=first_id + len(slots), value=rank, period=period, kind=kind)
        slots.append(replace(slot, name=rank_name(text, rank)))
    return renumber(without_headline_repeats(text, slots), first_id)


# 增幅居全省第1位 -> 增幅全省排名; 长沙经开区稳居全国218家国家级经开区第17位 -> 全国218家国家级
# 经开区排名. Words before the verb name the measure unless they name a place (the subject).
_RANK_PHRASE = re.compile(
    r"^(?P<measure>[^，,。；;！？!?\n]*?)(?:继续|仍|连续|均|已|稳)?"
    r"(?:位列|名列|位居|稳居|居于|居|列|排名|排在|排|位次|位于)"
    r"(?:在)?(?P<scope>[^，,。；;！？!?、\n第前]{0,16})$"
)
# 力争…进入中国化工园区十强和国家级开发区50强: the field entered names each planned rank.
_GOAL_FIELD = re.compile(
    r"(?:进入|跻身|迈入|挺进|入围)(?:[^，,。；;]*?[强名位][和、及与])?(?P<field>[^，,。；;和、及与]{2,16})$"
)
_RANKED_AFTER = re.compile(r"的(?P<field>[^，,。；;！？!?\n的]{2,12})(?=[，,。；;！？!?\n]|$)")
# 排名保持前五: keeping a rank is the goal's verb, not part of the ranking's name.
_KEEPING = re.compile(r"(?:保持|继续|稳定|稳定在|进入|跻身)$")
_MAX_RANK_MEASURE = 10
_PLACE_END = re.compile(r"(?:区|市|县|省|园|镇|州|国|我市|全区|全市)$")


def rank_name(text: str, rank: Mention) -> str | None:
    """A name for a ranking from its clause (measure + scope + 排名), or None to leave naming
    to the page's words."""
    clause = text[max(sentence_start(text, rank.start), rank.start - 30) : rank.start]
    clause = re.split(r"[，,;；]", clause)[-1]
    goal = _GOAL_FIELD.search(clause)
    if goal:
        return goal["field"] + "排名"
    ranked = _RANKED_AFTER.match(text, rank.end)
    if _ENTERED.search(clause) and ranked:
        return ranked["field"] + "排名"  # 唯一进入前30强的国家级经开区: among those zones
    m = _RANK_PHRASE.search(clause)
    if m is None:
        return None
    measure, _, where = m["measure"].partition("在")  # 增速在市区县中排名第一
    scope = _KEEPING.sub("", (where + m["scope"]).removesuffix("中"))
    if _PLACE_END.search(measure) or len(measure) > _MAX_RANK_MEASURE:
        measure = ""
    return f"{measure}{scope}排名" if measure or scope else None
