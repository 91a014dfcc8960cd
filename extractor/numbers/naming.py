"""Indicator names read from the words around a number.

Measured on the eval (eval/reports): the embedded 1.5B tends to copy one label onto most
numbers of a page, so the words of the number's own clause name it better than the model
does. Chinese economic reporting is formulaic enough for that: "<subject><verb><name><number>"
for amounts (前进智造园区实现整车产量12万辆), "<number><noun>" or "<noun><number>" for counts
(14所高校, 上下游企业96家). The model's label is kept where the words say too little.
"""

from __future__ import annotations

import re
from collections import Counter

from extractor.normalize import Mention
from extractor.normalize.units import AREAS, COUNTS, PERSONS
from extractor.numbers.clauses import PERIOD_WORDS, sentence_start
from extractor.numbers.words import (
    LEAD,
    NAMED_ACTOR,
    QUOTES,
    SELF_REFERENCE,
    leading_name,
    number_start,
    start_of_clause,
)

# Verbs after which the measured thing is named: the object, not the actor.
_OBJECT_VERBS = (
    r"(?:实现|完成|集聚了|集聚|聚集了|聚集|拥有|共有|已有|达到|累计|带来|提供|"
    r"新增|新招引|招引|吸引|引进|引入)"
)


# Verbs that say which part of a population is counted (引进外资项目 are not all 外资项目):
# both labelers keep them in the name; 实现/完成/拥有 only carry the number.
_COUNTING_VERB = re.compile(r"(?:新增|新招引|招引|引进|引入)(?:了|到)?$")


_LAST_VERB = re.compile(rf".*{_OBJECT_VERBS}")


_VERB_AT_END = re.compile(rf"{_OBJECT_VERBS}$")


# Words that end a clause before its number without belonging to the name.
_TAIL = re.compile(
    r"(?:共计|共|累计|已经|已|均|都|也|更|还|再|分别|实现|完成|达到|达|集聚了|集聚|拥有|"
    r"新增|总计|合计|约为|约|超过|超|近|突破|为|是|了|至|到|的|等|高|仅|只有|只|就)+$"
)


_GROWTH_VERB = re.compile(
    r"(?:同比|环比|比上年|较上年|分别)?(?:增长|增幅|增速|提高|提升|上升|下降|减少|回落)"
    r"(?:了|达|为)?$"
)


_NOUN_AFTER = re.compile(
    r"(?:“[^”]{1,8}”)?[^\W\d的是为及和与将被均分作参成走列进覆同实共已、，。；：]{1,6}"
)


_AREA_OF = re.compile(r"的(?P<noun>[^\W\d的、，,。；;和与及等]{2,10})")


# 目标任务(23.9亿元): a figure in brackets is its own number, not part of a name.
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


_FIGURE_IN_BRACKETS = re.compile(r"[(（][^()（）]*\d[^()（）]*[)）]")


_ONLY_A_VERB = re.compile(r"^\s*(?:达到|达|为|突破|超过|超|近)*\s*$")


_BRACKETED_VALUE = re.compile(r"[(（][^()（）]*$")


# Verbs after which a clause says how its measure did, not what it is (产值创历史新高).
_PREDICATE = re.compile(r"(?:再创|创|保持|呈现|继续|稳居|位居|实现了)")


_PROGRESS_OF = re.compile(r"完成(?P<plan>[^，,。；;的]{2,20})的$")


_AMOUNT = re.compile(r"[(（]?[约近超]?\d+(?:\.\d+)?[万亿]*[元美]*元?[)）]?")


def area_of(text: str, m: Mention) -> str | None:
    """The place an area is stated for (打造1平方公里“专精特新”产业园, 2.63平方公里的创新产业社区):
    the place is the subject and the name is 面积. A facility's area (48万平方米的产业基地) is
    named by the facility instead."""
    unit = m.quantity.unit if m.quantity else None
    if unit not in AREAS:
        return None
    found = _PLACE_AFTER.match(text, m.end)
    return found.group("place") if found else None


_PLACE_AFTER = re.compile(
    r"的?(?P<place>(?:“[^”]{1,8}”)?[^\W\d的、，,。；;和与及等]{0,10}(?:园|园区|区|社区|集聚区|带|城|小镇))"
    r"(?![\u4e00-\u9fff])"
)


# Verbs that end a noun read after a count (206家企业带来 -> 企业).
_VERB_IN_NOUN = re.compile(
    r"(?:全部|均|都|已|正在|陆续|带来|落户|参与|参加|实现|完成|提供|达到|入选|获得|中有).*$"
)


# A sector named before its verb belongs to the name (集成电路产业实现产值 -> 集成电路产业产值).
_SECTOR_END = ("产业", "行业", "企业", "工业", "经济", "制造业", "服务业")


# Counts of output or capacity are named by what they measure (整车产量12万辆).
_MEASURE_END = ("量", "数", "数量", "人数", "规模", "能力", "产能")


GENERIC_NAMES = frozenset({"", "数量", "人数", "面积", "增速", "占比", "总量"})
"""Names that say only what kind of number it is: a model label, when supported, does better."""


# A total stated right after a count belongs to what was counted: 签约项目共计89个，计划投资总额
# 71.5亿元 -> 签约项目计划投资总额. Alone, 总投资 does not say of what.
_AGGREGATE = re.compile(
    r"^(?:计划|协议|合同|实际|累计|签约|实现)*"
    r"(?:总投资(?:金)?额?|投资总额|投资金额|投资额|总投入|到位资金|签约金额|金额)$"
)


_COUNTED = "项目|专案|專案|企业|企業"


_COUNT_THEN_NOUN = re.compile(
    rf"[约近超逾]?\d+(?:\.\d+)?\s*[个個项項家]\s*(?P<noun>[^\s，,。；;、：:]{{0,12}}?(?:{_COUNTED}))"
)


_NOUN_THEN_COUNT = re.compile(
    rf"(?P<noun>[^\s，,。；;、：:]{{2,16}}?(?:{_COUNTED}))"
    r"(?P<stage>(?:新|已|集中)?(?:开竣工|开工|竣工|签约|投产))?(?:共计|共有|共|合计|总计|达|为)?"
    r"\s*[约近超逾]?\d+(?:\.\d+)?\s*[个個项項家]"
)


# A suffix left alone after its verb (完成率, 利用率) keeps the verb.
_SUFFIX_ONLY = frozenset(("率", "额", "量", "值"))
_CAPACITY_AFTER = re.compile(
    r"(?P<product>[^\W\d的、，,。；;]{2,10})的(?P<capacity>[^\W\d的、，,。；;]{0,4}(?:能力|产能))"
)
# 20余个生物医药及大健康产业优质项目: a counted head a few words on takes them all.
_COUNTED_AFTER = re.compile(r"[^\W\d，,。；;、：:的]{2,16}?(?:项目|企业|专案)(?!数|总)")
_COUNTED_HEADS = frozenset(("项目", "专案", "專案"))
# A project stage written alone (开工46个) and the head of what a sentence counts (…项目).
_STAGE_ONLY = re.compile(
    r"(?:新|已|正在|集中)?(?:开竣工|开工|竣工|签约|投产|续建|新建|在建|落地|完工|建成|达产)"
)
_STAGED_HEAD = re.compile(rf"(?P<stage>{_STAGE_ONLY.pattern})的(?:{_COUNTED})")


_COUNTED_HEAD = re.compile(rf"(?:{_COUNTED})$")


_STAGE_COUNT = re.compile(rf"(?P<stage>{_STAGE_ONLY.pattern})\s*\d+\s*[个個项項]")


def _counted_noun(
    text: str, clause_start: int, forms: list[str], *, whole_sentence: bool = False
) -> str:
    """What the clause before this one (or, with whole_sentence, any earlier clause of the
    sentence) counted; empty if none."""
    begin = sentence_start(text, clause_start)
    start = begin if whole_sentence else start_of_clause(text, max(begin, clause_start - 1))
    # What brackets count is an aside (项目35个(10亿元以上项目11个)): blanked, offsets kept.
    previous = _BRACKETED.sub(lambda m: " " * len(m.group()), text[start:clause_start])
    found = [*_COUNT_THEN_NOUN.finditer(previous), *_NOUN_THEN_COUNT.finditer(previous)]
    if not found or clause_start <= begin:
        return ""
    last = max(found, key=lambda m: m.start("noun"))
    noun = _core(last.group("noun"), forms)
    # 23个专案集中开工，总投资…: the stage written after what was counted is part of it.
    stage = _STAGE_ONLY.match(previous, last.end()) if last.re is _COUNT_THEN_NOUN else None
    noun = stage.group() + noun if stage else noun
    # 10亿元以上投资项目开工7个，总投资…: so is a stage between it and its count.
    noun = (last.groupdict().get("stage") or "") + noun
    # The core strips quote marks at its ends; a quoted name inside keeps both of its marks.
    return "“" + noun if noun.count("”") > noun.count("“") else noun


def _sentence_head(text: str, clause_start: int, forms: list[str]) -> str:
    """The head noun (项目, 企业) of what the sentence counted before this clause, else of what
    the sentence before it counted (开竣工项目共73个。其中开工46个)."""
    head = _COUNTED_HEAD.search(_counted_noun(text, clause_start, forms, whole_sentence=True))
    if not head:
        begin = sentence_start(text, clause_start)
        if begin > 0 and text[begin - 1] != "\n":
            previous = _counted_noun(text, begin - 1, forms, whole_sentence=True)
            head = _COUNTED_HEAD.search(previous)
    return head.group() if head else ""


def _open_bracket_cut(words: str) -> str:
    """Words after a bracket left open before the number (项目35个(10亿元以上项目11个)."""
    depth = 0
    for index in range(len(words) - 1, -1, -1):
        if words[index] in ")）":
            depth += 1
        elif words[index] in "(（":
            if depth == 0:
                return words[index + 1 :]
            depth -= 1
    return words


def _strip_actor(words: str, forms: list[str]) -> str:
    lead = leading_name(words, forms)
    if lead:
        return words[len(lead) :]
    actor = NAMED_ACTOR.match(words)
    return words[actor.end() :] if actor else words


# 中科院医学所等高能级平台: the members listed before 等 are examples, the kind after it is named.
_LISTED_BEFORE = re.compile(r"^.*(?<![高平中同对上次均相初])等(?![级于同待候额])(?=..)")


def _without_self_reference(words: str) -> str:
    found = SELF_REFERENCE.match(words)
    return words[found.end() :] if found and len(words) - found.end() >= 2 else words


def _core(words: str, forms: list[str]) -> str:
    """The clause's own name for its number: period words, actors, verbs and fillers removed."""
    words = PERIOD_WORDS.sub("", _open_bracket_cut(words)).strip(QUOTES)
    words = _LISTED_BEFORE.sub("", _FIGURE_IN_BRACKETS.sub("", words))
    for _ in range(3):
        before = words
        words = _without_self_reference(_strip_actor(LEAD.sub("", words), forms))
        verb = _LAST_VERB.match(words)
        if verb:
            actor = _TAIL.sub("", LEAD.sub("", words[: verb.end()]))
            actor = _strip_actor(_VERB_AT_END.sub("", actor), forms)
            rest = words[verb.end() :]
            kept = _COUNTING_VERB.search(words[: verb.end()])
            if kept and rest:
                rest = kept.group().removesuffix("了").removesuffix("到") + rest
            # 工业性投入完成58.5亿元, 投资总额累计34448万美元: nothing after the verb, so
            # what comes before it is the measure.
            keep_actor = not rest or actor.endswith(_SECTOR_END)
            said = _VERB_AT_END.search(words[: verb.end()])
            if said and _TAIL.sub("", rest) in _SUFFIX_ONLY:
                words = actor + said.group() + rest  # 年度主要目标完成率: the verb stays
            else:
                words = actor + rest if keep_actor else rest
        words = _TAIL.sub("", words).strip(QUOTES)
        if words == before:
            break
    return words


def derive_name(text: str, m: Mention, forms: list[str] = ()) -> str:  # type: ignore[assignment]
    """A readable indicator name from the number's own clause (see _clause_name), with the
    group of projects and the stage a forecast is of."""
    return _forecast_of(text, m, list(forms), _clause_name(text, m, forms))


# 预计达产后可新增年产值…、税收…: what projects will yield once running; named with the group of
# projects the sentence is about and the stage (签约专案全面建成达产后新增年产值).
_FORECAST_STAGE = re.compile(r"(?:全面)?(?:建成|投产)?(?:达产|投产|建成)后")
_GROUP_TOPIC = re.compile(
    r"(?:据了解|据悉|其中|同时)?[，,]?(?:本次|此次|这次|这批|上述)?"
    rf"(?P<group>[^\s，,。；;、：:的]{{2,12}}?(?:{_COUNTED}))"
)


def _forecast_of(text: str, m: Mention, forms: list[str], name: str) -> str:
    begin = sentence_start(text, m.start)
    stages = list(_FORECAST_STAGE.finditer(text, begin, number_start(m)))
    if not name or not stages or m.kind == "change":
        return name
    stage = stages[-1].group()
    clause = start_of_clause(text, number_start(m))
    topic = _GROUP_TOPIC.match(text, begin)
    group = _counted_noun(text, clause, forms, whole_sentence=True) or (
        topic.group("group") if topic else ""
    )
    if not _COUNTED_HEAD.search(group):
        return name  # 项目建成投产后…: the project itself is the subject, its name says enough
    return group + stage + name.removeprefix(stage)


def _clause_name(text: str, m: Mention, forms: list[str] = ()) -> str:  # type: ignore[assignment]
    """A readable indicator name from the number's own clause.

    Counts name what follows the number (14所高校 -> 高校数量) or what precedes it (企业96家
    -> 企业数量); growth rates what grows (产值增长12% -> 产值增速); areas what they measure;
    amounts the words before them without place, verbs and period (实现整车产量 -> 整车产量).
    """
    unit = m.quantity.unit if m.quantity else None
    start = number_start(m)
    clause = start_of_clause(text, start)
    words = text[clause:start]
    before = _core(words, list(forms))
    if not before and _BRACKETED_VALUE.search(words):
        # 区级确保目标任务(23.9亿元): a figure in brackets is the amount of what precedes them.
        before = _core(_BRACKETED_VALUE.sub("", words), list(forms)).removeprefix("欠")
    if not before and _ONLY_A_VERB.match(words) and clause > sentence_start(text, start):
        # 工程机械产业产值创历史新高，达1615亿元: the clause before says what reached it.
        previous = text[start_of_clause(text, clause - 1) : clause - 1]
        if not re.search(r"\d", previous):
            before = _core(_PREDICATE.split(previous)[0], list(forms))
    if _AGGREGATE.match(before):
        counted = _counted_noun(text, clause, list(forms))
        stage = _STAGE_COUNT.search(text, start_of_clause(text, max(0, clause - 1)), clause)
        if not counted and stage:  # 其中开工46个，总投资180亿元
            counted = stage.group("stage") + _sentence_head(text, clause, list(forms))
        elif not counted:
            # 项目共16个，签约投资总额…，实际到位资金…: each total is of what the sentence counted.
            counted = _counted_noun(text, clause, list(forms), whole_sentence=True)
        before = counted + before
    after_match = _COUNTED_AFTER.match(text, m.end) or _NOUN_AFTER.match(text, m.end)
    after = _VERB_IN_NOUN.sub("", after_match.group(0)) if after_match else ""
    if m.kind == "change":
        before = _GROWTH_VERB.sub("", before)
        if (m.change or "").startswith("年均") and not before.endswith("年均"):
            before += "年均"  # 预计年均增长24.5%: an average rate is not the year's
        return f"{before}增速" if not before.endswith(("增速", "增幅")) else before
    progress = _PROGRESS_OF.search(text, start_of_clause(text, start), start)
    if unit == "%" and progress:
        # 完成全年计划的71.5%: how far the plan is done; the measure comes from the sentence.
        return f"完成{_AMOUNT.sub('', progress.group('plan'))}比例"
    if unit == "%" and before.startswith("占"):
        # 占杭州市汽车产业超40%: a share of the sentence's measure, which measures.py puts first.
        return before.removesuffix("的").removesuffix("比重") + "比重"
    if unit == "%" and "占" in before:
        return before.removeprefix("占").removesuffix("的").removesuffix("比重") + "占比"
    if unit in AREAS:
        # 48万平方米的现代化产业基地: the area of what follows it.
        place = area_of(text, m)
        if place:
            return "面积"  # the place's own area (see area_of)
        measured = _AREA_OF.match(text, m.end)
        before = measured.group("noun") if measured else before
        # 总用地902亩, 占地50亩: land taken already names an area.
        return before if before.endswith(("面积", "用地", "占地")) else f"{before}面积"
    if (unit in COUNTS or unit in PERSONS) and not after and words.endswith("的"):
        # 续建项目6个，其中已建设完成的4个: a stage of what the sentence counted.
        inside = _NOUN_THEN_COUNT.search(words)  # 续建项目6个(其中已建设完成的4个
        counted = (
            inside.group("noun")
            if inside
            else _counted_noun(text, clause, list(forms), whole_sentence=True)
        )
        stage = LEAD.sub("", _open_bracket_cut(words))
        if counted and stage != "的":
            return f"{stage}{counted}数量"
    capacity = _CAPACITY_AFTER.match(text, m.end)
    if capacity:
        # 具备年产30亿只集成电路的封测能力: the capacity of the product, per year if 年产.
        yearly = "年" if re.search(r"年产(?:能)?$", text[clause:start]) else ""
        return capacity["product"] + yearly + capacity["capacity"]
    if unit in COUNTS or unit in PERSONS:
        verb = _COUNTING_VERB.search(PERIOD_WORDS.sub("", text[clause:start]).rstrip("共约近超逾"))
        counted = verb.group().removesuffix("了").removesuffix("到") if verb else ""
        noun = counted + after if after else before
        if _STAGE_ONLY.fullmatch(noun):
            # 项目共73个，其中开工46个，竣工27个: a stage alone counts what the sentence counted.
            noun = noun + _sentence_head(text, clause, list(forms))
        if noun in _COUNTED_HEADS:
            # 此次开工的项目包括…等甲功能区项目28个: the sentence says which projects.
            staged = _STAGED_HEAD.search(text, sentence_start(text, start), start)
            noun = staged.group("stage") + noun if staged else noun
        suffix = ("数" if noun.endswith("人") else "人数") if unit in PERSONS else "数量"
        return noun if noun.endswith(_MEASURE_END) else f"{noun}{suffix}"
    return before or after


def copied_labels(labels: list[str]) -> set[str]:
    """Labels a model gave to three or more numbers: copies, not readings of each number."""
    counts = Counter(label.strip() for label in labels if label.strip())
    return {label for label, n in counts.items() if n >= 3}


def merge_name(model_name: str, derived: str, subject: str, sentence: str, copied: set[str]) -> str:
    """The clause's own words; the model's label only where those say too little.

    The model's label must occur in the number's sentence and not be one it copied onto many
    numbers; otherwise it is a guess.
    """
    model_name = model_name.strip()
    supported = (
        bool(model_name)
        and model_name not in copied
        and model_name != subject
        and model_name in sentence
    )
    if derived in GENERIC_NAMES and supported:
        return model_name
    return derived or model_name
