"""Number slots: every measured number in an article, found by code before any model call.

Small models miss most numbers when asked to write indicators freely, and sometimes invent
some. Here deterministic code finds each number with its unit and exact offsets, attaches a
growth rate or share stated right after it, and reads the period and actual-vs-target from
the sentence. The model is then only asked what each numbered slot measures and about whom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from pydantic import BaseModel, create_model

from extractor.normalize import Mention, find_mentions
from schemas.passes import SlotLabel

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CLAUSE_END = re.compile(r"[。！？!?；;\n，,、：:（）()]")
_PERIOD_WORDS = re.compile(
    r"截至目前|截至\d{4}年底?|目前|当前|今年以来|今年|去年|"
    r"(?:\d{4}年)?(?:\d{1,2}[-—–~至]\d{1,2}月|\d{1,2}月)(?:以来|份)?|"
    r"(?:\d{4}年)?(?:上半年|下半年|前三季度|第?[一二三四]季度|全年)|"
    r"\d{4}年(?:以来|底|末|度)?"
)
_TARGET_CUES = re.compile(
    r"到\d{4}年|至\d{4}年|力争|目标|计划|预计|争取|规划|有望|确保|将达|达到.*以上"
)
_SHARE_CUE = re.compile(r"占[^，,。；;]{0,30}$")
# "亿元以上项目": a size threshold describing other things, not a measured value.
_THRESHOLD_AFTER = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Slot:
    """One number to report as an indicator, with what code could read around it."""

    id: int
    value: Mention
    """The number with its unit; text == article[start:end]."""
    growth: tuple[int, int] | None = None
    """Article span of a growth phrase attached to the value (同比增长11.8%)."""
    share: tuple[int, int] | None = None
    """Article span of a share phrase attached to the value (占全市的30%)."""
    period: str | None = None
    """Closest period expression before the number in its sentence."""
    kind: str = "actual"
    """target when the clause states a goal or plan."""


def _sentence_start(text: str, pos: int) -> int:
    cut = max((m.end() for m in _SENTENCE_END.finditer(text, 0, pos)), default=0)
    return cut


def _clause_start(text: str, pos: int) -> int:
    return max((m.end() for m in _CLAUSE_END.finditer(text, 0, pos)), default=0)


def _period_before(text: str, start: int, pos: int) -> str | None:
    found = [m.group(0) for m in _PERIOD_WORDS.finditer(text, start, pos)]
    return found[-1] if found else None


def _change_span(text: str, m: Mention) -> tuple[int, int]:
    verb = m.change or ""
    begin = m.start - len(verb)
    if verb and text[begin : m.start] == verb:
        return begin, m.end
    return m.start, m.end


def plan_slots(text: str) -> list[Slot]:
    """Slots for every measured number in text, in reading order, ids from 1."""
    mentions = [m for m in find_mentions(text) if m.kind in ("quantity", "change")]
    slots: list[Slot] = []
    last_base: dict[str, int] = {}  # sentence start -> index in slots of the last plain value
    for m in mentions:
        if m.text.endswith(("以上", "以下")) and _THRESHOLD_AFTER.match(text, m.end):
            continue
        sent = _sentence_start(text, m.start)
        base_index = last_base.get(str(sent))
        base = slots[base_index] if base_index is not None else None
        is_share = (
            m.quantity is not None
            and m.quantity.unit == "%"
            and _SHARE_CUE.search(text[max(sent, m.start - 32) : m.start])
        )
        if m.kind == "change" and base is not None and base.growth is None:
            span = _change_span(text, m)
            if not _SENTENCE_END.search(text[base.value.end : span[0]]):
                slots[base_index] = replace(base, growth=span)  # type: ignore[index]
                continue
        if is_share and base is not None and base.share is None and m.kind == "quantity":
            cue = _SHARE_CUE.search(text[max(sent, m.start - 32) : m.start])
            assert cue is not None
            begin = max(sent, m.start - 32) + cue.start()
            slots[base_index] = replace(base, share=(begin, m.end))  # type: ignore[index]
            continue
        clause = text[sent : m.start]
        slot = Slot(
            id=len(slots) + 1,
            value=m,
            period=_period_before(text, sent, m.start),
            kind="target" if _TARGET_CUES.search(clause) else "actual",
        )
        slots.append(slot)
        in_parentheses = clause.count("(") + clause.count("（") > clause.count(")") + clause.count(
            "）"
        )
        if m.kind == "quantity" and not is_share and not in_parentheses:
            last_base[str(sent)] = len(slots) - 1
    return slots


_AT_BEFORE = 8
_AT_AFTER = 4


def anchor(text: str, slot: Slot) -> str:
    """The number with a few words either side, inside its sentence: how the model finds it."""
    m = slot.value
    begin = max(_sentence_start(text, m.start), m.start - _AT_BEFORE)
    tail = re.split(r"[，,。；;、：:（）()\n！？]", text[m.end : m.end + _AT_AFTER])[0]
    return text[begin : m.end] + tail


def labels_model(text: str, slots: list[Slot]) -> type[BaseModel]:
    """A response model that fixes, in order, one item per slot with its anchor as a constant.

    Under a JSON-schema grammar the model cannot skip, repeat or invent a number: it only
    writes subject and name for each anchor it is given.
    """
    items = [
        create_model(
            f"Slot{slot.id}",
            __base__=SlotLabel,
            at=(Literal[anchor(text, slot)], ...),
        )
        for slot in slots
    ]
    return create_model(
        "IndicatorSlots",
        __base__=BaseModel,
        items=(tuple[tuple(items)], ...),
    )


def merge_name(model_name: str, derived: str, subject: str, sentence: str) -> str:
    """The model's name when the sentence around the number supports it, else the words there.

    A small model sometimes repeats one label for every number; a name that does not occur in
    the number's own sentence is such a repeat, and the local words are the safer name.
    """
    model_name = model_name.strip()
    supported = bool(model_name) and model_name != subject and model_name in sentence
    if supported and not (derived and model_name in derived):
        return model_name
    if derived and derived != subject:
        return derived.removeprefix(subject) or derived
    return model_name if supported else derived


def sentence_of(text: str, slot: Slot) -> str:
    start = _sentence_start(text, slot.value.start)
    end = _SENTENCE_END.search(text, slot.value.end)
    return text[start : end.start() if end else len(text)]


_COUNT_UNITS = {"enterprise", "item", "institution", "person", "household", "unit", "piece"}
_FILLER = re.compile(
    r"^(?:其中|同时|此外|另外|并|还|已|共|累计|全年|目前|截至目前)+|"
    r"(?:共|累计|已经|已|全年|当年|分别|实现|完成|达到|达|集聚了|集聚|拥有|有|新增|引进|"
    r"吸引|培育|落户|签约|总计|合计|约为|约|超过|超|近|突破|为|是)+$"
)
_NOUN_AFTER = re.compile(r"[^\W\d的是为及和与将被均分作参成走列进覆同实共已、，。；：]{1,5}")


def derive_name(text: str, slot: Slot) -> str:
    """A readable indicator name from the words around the number, when no model gives one.

    Counts name what follows the number (14所高校 -> 高校数量) or what precedes it (企业96家
    -> 企业数量); amounts name what precedes them, without verbs (产业共实现产值 -> 产业产值).
    """
    m = slot.value
    unit = m.quantity.unit if m.quantity else None
    before = _PERIOD_WORDS.sub("", text[_clause_start(text, m.start) : m.start])
    before = re.sub(r"(共|实现|完成|达到|累计|已|分别)", "", before)
    before = _FILLER.sub("", before.strip(" “”\"'"))
    after_match = _NOUN_AFTER.match(text, m.end)
    after = after_match.group(0) if after_match else ""
    if unit == "%" and before.startswith("占"):
        return before.removeprefix("占").removesuffix("的") + "占比"
    if unit in _COUNT_UNITS:
        noun = after or before
        return f"{noun}数量" if noun else "数量"
    return before or after


def resolve_subject(model_subject: str, text: str, slot: Slot, names: list[str]) -> str:
    """The model's subject when the number's sentence names it, else the nearest name before.

    names are the regions, zones, organizations and chains found in the article; the nearest
    one before the number in its sentence (or, failing that, its paragraph) is what the
    sentence is about. A small model tends to repeat its first subject for every number.
    """
    model_subject = model_subject.strip()
    sentence_start = _sentence_start(text, slot.value.start)
    sentence = text[sentence_start : slot.value.start]
    if model_subject and model_subject in sentence:
        return model_subject
    paragraph_start = text.rfind("\n", 0, slot.value.start) + 1
    for start in (sentence_start, paragraph_start):
        window = text[start : slot.value.start]
        found = [(window.rfind(n), -len(n), n) for n in names if n and n in window]
        if found:
            return max(found)[2]
    return model_subject
