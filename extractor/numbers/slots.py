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
from extractor.numbers.clauses import PERIOD_WORDS, SENTENCE_END, last_end, sentence_start
from schemas.passes import SlotLabel

TARGET_CUES = re.compile(
    r"到\d{4}年|(?<![年截])至\d{4}年|力争|目标|计划(?!投资|总投资)|(?:年度|全年)指标|预计|争取|规划|谋划|有望|确保|将达|"
    r"达到.*以上"
)
# 完成全年计划的71.5%, 欠目标任务8.9个百分点: how far a plan is done is a fact of the period.
_PROGRESS = re.compile(r"(?:完成[^，,。；;]{0,24}的|欠[^，,。；;]{0,40})$")
_STATEMENT_BREAK = re.compile(r"[；;]")


def statement_kind(text: str, sentence: int, m: Mention) -> Literal["target", "actual"]:
    """Target when the number's statement (its sentence up to a semicolon) looks forward."""
    begin = max(sentence, last_end(_STATEMENT_BREAK, text, m.start))
    statement = text[begin : m.start]
    rate = m.quantity is not None and m.quantity.unit in ("%", "pp")
    if rate and _PROGRESS.search(statement):
        return "actual"
    return "target" if TARGET_CUES.search(statement) else "actual"


_SHARE_CUE = re.compile(r"占[^，,。；;]{0,30}$")
# "亿元以上项目": a size threshold describing other things, not a measured value.
_THRESHOLD_AFTER = re.compile(r"[\u4e00-\u9fff]")
# 万亿级产业, 千项万亿, 百家名企, 全球十大: a bare magnitude with no count names a tier or a
# slogan; 三个一, 九个一: a numbered slogan.
_BARE_MAGNITUDE = re.compile(r"[约近超逾]?[十百千万亿]+[^\d零〇一二两三四五六七八九]*")
_SLOGAN_AFTER = re.compile(r"[一二三四五六七八九十](?![级流期批线类])")  # 67个二级学院 counts
# 五个方面, 两项工作, 两大品牌活动: a count of aspects or lines of work organizes a speech or a
# plan; it measures nothing.
_ABSTRACT_SET = re.compile(
    r"(?:方面|工作|举措|措施|任务|环节|原则|理念|品牌活动|行动|路径|抓手|作用|优势|特点)"
)
# A count in Chinese numerals (三个, 两大, 八条). 三个“一号工程”: a count of things named in
# quotes is a slogan's set, not a measure.
_CN_COUNT = re.compile(r"[一二两三四五六七八九十]+[个项大条]$")
_SHORT_QUOTE = 8
_STATEMENT_END = re.compile(r"[。！？!?\n;；]")


def _inside_short_quote(text: str, m: Mention) -> bool:
    opening = text.rfind("“", max(0, m.start - _SHORT_QUOTE), m.start + 1)
    if opening < 0 or "”" in text[opening : m.start]:
        return False
    closing = text.find("”", m.end, m.end + _SHORT_QUOTE)
    return closing >= 0 and closing - opening <= _SHORT_QUOTE + 1


def names_a_tier_or_slogan(text: str, m: Mention) -> bool:
    """True for numbers that are part of a name or slogan rather than a measurement."""
    if _BARE_MAGNITUDE.fullmatch(m.text) or _inside_short_quote(text, m):
        return True
    if _CN_COUNT.search(m.text) and text.startswith("“", m.end):
        return True
    return m.text.endswith("个") and bool(_SLOGAN_AFTER.match(text, m.end))


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
    name: str | None = None
    """The measure when code could read it (a table's row or column header), else None."""
    subject: str | None = None
    """Whom the number measures when code could read it (a table's row label), else None."""
    cell: bool = False
    """Read from a table cell: the table's headers, not the prose around it, say what it is."""


# 年均增长 spans several years (2016年至2018年…年均增长24.5%): its own measure.
_AVERAGED = ("年均", "平均")
_CLAUSE_BREAK = re.compile(r"[，,、]")
# 与上年相比增长, 按可比价格计算增长: how the growth is computed, not a measure of its own.
_COMPARISON = re.compile(
    r"(?:与|和|跟)?(?:上年|去年|上年同期|去年同期|上月|同期)(?:相比|比较)|按?可比价格?计算|同口径|比|较"
)
_NAMED_MEASURE = re.compile(r"[\u4e00-\u9fff]{2,}")


def _grows(text: str, m: Mention) -> bool:
    """Whether a change may be the growth of the value before it.

    Not when it is an average over years, nor when its clause names a measure of its own
    (1300亿元,规上工业增加值增长8%): that is the named measure's growth rate.
    """
    if (m.change or "").startswith(_AVERAGED):
        return False
    verb_start = m.change_start if m.change_start is not None else m.start
    clause = text[max(0, verb_start - 20) : verb_start]
    cut = max((b.end() for b in _CLAUSE_BREAK.finditer(clause)), default=None)
    return cut is None or not _NAMED_MEASURE.search(_COMPARISON.sub("", clause[cut:]))


def period_before(text: str, start: int, pos: int) -> str | None:
    found = [m.group(0) for m in PERIOD_WORDS.finditer(text, start, pos)]
    if len(found) > 1 and found[-1] == "全年" and re.fullmatch(r"\d{4}年", found[-2]):
        return found[-2]  # 2020年，…园区全年…: the year it said
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
        if names_a_tier_or_slogan(text, m):
            continue
        sent = sentence_start(text, m.start)
        base_index = last_base.get(str(sent))
        base = slots[base_index] if base_index is not None else None
        is_share = (
            m.quantity is not None
            and m.quantity.unit == "%"
            and _SHARE_CUE.search(text[max(sent, m.start - 32) : m.start])
            # 产值、利税分别占全区比重66%: a list's values, not a share of the value before.
            and "分别" not in text[max(sent, m.start - 32) : m.start]
        )
        if m.kind == "change" and base is not None and base.growth is None and _grows(text, m):
            span = _change_span(text, m)
            # A semicolon ends a statement: 高于…43.33个百分点;占比比年初增加0.75个百分点.
            if not _STATEMENT_END.search(text[base.value.end : span[0]]):
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
            period=period_before(text, sent, m.start),
            kind=statement_kind(text, sent, m),
        )
        slots.append(slot)
        in_parentheses = clause.count("(") + clause.count("（") > clause.count(")") + clause.count(
            "）"
        )
        if m.kind == "quantity" and not is_share and not in_parentheses:
            last_base[str(sent)] = len(slots) - 1
    return renumber(without_headline_repeats(text, slots))


_HEADLINE_MAX = 60


def renumber(slots: list[Slot], first_id: int = 1) -> list[Slot]:
    return [replace(s, id=first_id + i) for i, s in enumerate(slots)]


def without_headline_repeats(text: str, slots: list[Slot]) -> list[Slot]:
    """Slots less those of a headline that the body states again (the body carries the fact).

    A headline is a short line without a full stop; its number is a repeat when the same
    value as written occurs again after that line.
    """
    kept = []
    for slot in slots:
        begin = text.rfind("\n", 0, slot.value.start) + 1
        end = text.find("\n", slot.value.end)
        end = len(text) if end < 0 else end
        line = text[begin:end].strip()
        headline = len(line) <= _HEADLINE_MAX and "。" not in line
        if not (headline and slot.value.text in text[end:]):
            kept.append(slot)
    return kept


def counts_aspects(text: str, slot: Slot) -> bool:
    """五个方面, 两项工作, 两大品牌活动: a count of aspects or lines of work, not a measure."""
    m = slot.value
    return bool(_CN_COUNT.search(m.text) and _ABSTRACT_SET.match(text, m.end))


# 注:1.…, 说明:…: a statistics page's methodology note describes the data, it states none.
_NOTE_LINE = re.compile(r"(?:注|说明|备注|资料来源|数据来源)\s*[::]")
# 30亿元以上、50亿元以上以及百亿元: size bands listed, thresholds of a kind of project.
_BAND_AFTER = re.compile(r"(?:、|及|和|以及)[约近超]?[\d一二三四五六七八九十百千]")
_SPECIFIC = re.compile(r"\d{3}|\d\.\d")
_SAME_WORDS = 3
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


def _in_note(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(_NOTE_LINE.match(text, line_start))


def _restates(text: str, earlier: Mention, later: Mention) -> bool:
    """The same specific value (275亿元, 218家) with the same words before or after it."""
    if earlier.text != later.text:
        return False
    if _CN_COUNT.search(later.text):  # 三条产业链 ... 三条产业链: a set counted again
        noun = text[later.end : later.end + _SAME_WORDS]
        return bool(_HAN_WORD.fullmatch(noun)) and noun == text[earlier.end :][:_SAME_WORDS]
    if not _SPECIFIC.search(later.text):
        return False
    before = text[max(0, earlier.start - _SAME_WORDS) : earlier.start]
    after = text[earlier.end : earlier.end + _SAME_WORDS]
    return (
        text[max(0, later.start - _SAME_WORDS) : later.start] == before
        or text[later.end : later.end + _SAME_WORDS] == after
    )


def dropped_after_labels(text: str, slots: list[Slot]) -> set[int]:
    """Ids of planned slots that measure nothing: aspects counted, notes, size bands, and
    restatements of a value already given.

    Applied when indicators are built, after the labels request (whose recorded answers
    depend on the planned slots), like the pipeline's drop of durations.
    """
    dropped = set()
    for k, slot in enumerate(slots):
        if slot.cell:  # cells repeat values and neighbours (15.4 |) by their nature
            continue
        m = slot.value
        band = m.text.endswith("以上") and _BAND_AFTER.match(text, m.end)
        restated = any(_restates(text, o.value, m) for o in slots[:k] if not o.cell)
        if counts_aspects(text, slot) or _in_note(text, m.start) or band or restated:
            dropped.add(slot.id)
    return dropped


_AT_BEFORE = 8
_AT_AFTER = 4


def anchor(text: str, slot: Slot) -> str:
    """The number with a few words either side, inside its sentence: how the model finds it."""
    m = slot.value
    begin = max(sentence_start(text, m.start), m.start - _AT_BEFORE)
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


def sentence_of(text: str, slot: Slot) -> str:
    start = sentence_start(text, slot.value.start)
    end = SENTENCE_END.search(text, slot.value.end)
    return text[start : end.start() if end else len(text)]
