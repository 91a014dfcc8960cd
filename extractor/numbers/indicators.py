"""Numbers found by code become Indicator facts: value, growth and share at exact raw spans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from extractor.normalize.units import AREAS, DURATIONS
from extractor.numbers.calibration import calibrated
from extractor.numbers.clauses import PERIOD_WORDS, SENTENCE_END, sentence_start
from extractor.numbers.measures import Named, complete_names
from extractor.numbers.naming import area_of, copied_labels, derive_name, merge_name
from extractor.numbers.projects import project_of
from extractor.numbers.respectively import Distributed, distribute
from extractor.numbers.restatements import without_restatements
from extractor.numbers.shares import split_share
from extractor.numbers.slots import Slot, period_before, sentence_of
from extractor.numbers.subjects import OFFICIAL_TITLE, Evidence, Homes, subject_with_evidence
from extractor.numbers.words import name_forms
from extractor.page.clean import CleanedText
from schemas.common import Grounding, Span
from schemas.facts import Indicator

TRUSTED_EVIDENCE = frozenset({"clause"})
"""Where the number's own clause opens with a name, that name is kept over the model's choice:
measured on the seeds, the clause was right where the model copied one choice onto most numbers."""


def written_form(name: str, sentence: str, forms: list[str]) -> str:
    """The form of `name` the sentence writes (钱塘 for 钱塘新区), else the name itself."""
    if name in sentence:
        return name
    shorter = [f for f in forms if f != name and f in sentence and (f in name or name in f)]
    return max(shorter, key=len) if shorter else name


@dataclass(frozen=True)
class SubjectChoice:
    """Whose figure one number is, as the model chose it among the page's names."""

    subject: str | None
    """A name from the page, or None when the model chose none of them."""
    confidence: float | None
    """Probability of the choice among the options, when the endpoint gave log-probabilities."""


# A sector (高新技术产业, 数字经济, 新能源) is what a number measures, part of its name, not whose
# it is; so is a kind of project (市级重点产业项目).
_SECTOR = re.compile(
    r"(?:产业|行业|经济|工业|制造业|服务业|企业)$|"
    r"^(?:新能源(?:汽车)?|新材料|生物医药|半导体|集成电路|人工智能|高端装备|智能制造|电子信息|"
    r"医疗器械|大健康|节能环保|数字经济|现代服务业|智慧制造|电子资讯|食品医药|新一代信息技术)$|"
    r"^(?:[省市区县]级)?(?:重点|重大)[^，,。]{0,6}项目$"
)


def subject_candidates(names: list[str], members: set[str], article: str) -> list[str]:
    """Names a number may be about: what the page names, without members of a list or sectors.

    Members of a list (默沙东、雅培等) are rarely what the numbers measure.
    """
    kept = [
        n
        for n in names
        if n not in members
        and n in article
        and not _SECTOR.search(n)
        and not OFFICIAL_TITLE.search(n)
    ]
    return list(dict.fromkeys(kept))


MAX_OPTIONS = 5
"""Candidates offered per number: the names near it; more invite copying one everywhere."""


def _nearby(article: str, slot: Slot, names: list[str]) -> list[str]:
    """Names written in the number's sentence or the one before it, nearest first."""
    start = sentence_start(article, slot.value.start)
    begin = sentence_start(article, max(0, start - 1))
    window = article[begin : start + len(sentence_of(article, slot))]
    at = slot.value.start - begin
    found = [(abs(window.find(n) - at), n) for n in names if n in window]
    return [n for _, n in sorted(found)]


def open_subjects(
    slots: list[Slot], article: str, names: list[str], places: list[str], homes: Homes
) -> list[tuple[Slot, list[str]]]:
    """The numbers whose clause does not say whose they are, each with the names that could.

    A number whose clause opens with a name keeps it (see TRUSTED_EVIDENCE); a table cell has
    its row's. Others get the clause-derived guess, the names near the number and the places
    the page is about, so the model chooses among a few plausible readings.
    """
    forms = name_forms(names)
    questions = []
    for slot in slots:
        if slot.subject:
            continue
        guess, evidence = subject_with_evidence("", article, slot.value, names, forms, homes)
        if evidence in TRUSTED_EVIDENCE:
            continue
        candidates = [guess, *_nearby(article, slot, [*places, *names]), *places[:2]]
        options = list(dict.fromkeys(n for n in candidates if n and n in article))
        if len(options) >= 2:
            questions.append((slot, options[:MAX_OPTIONS]))
    return questions


def period_of(slot: Slot, article: str) -> str | None:
    """The slot's own period, else one stated earlier in its paragraph: a report states its
    period once (1-8月份，全区…) and the numbers after it share it."""
    return period_with_evidence(slot, article)[0]


def period_with_evidence(slot: Slot, article: str) -> tuple[str | None, Evidence]:
    """period_of, with where it was read (table, sentence, term, paragraph, report, none)."""
    if slot.cell:
        return slot.period, "table"
    if slot.period:
        return slot.period, "sentence"
    if slot.kind == "target":
        # A target is set for its own term (stated in its sentence, if at all, also after it:
        # 力争完成…1300亿元…的年度目标), not for the period the report covers.
        end = SENTENCE_END.search(article, slot.value.end)
        term = _TARGET_TERM.search(article, slot.value.end, end.start() if end else len(article))
        return (term.group("term"), "term") if term else (None, "none")
    unit = slot.value.quantity.unit if slot.value.quantity else None
    if unit in AREAS:
        return None, "none"  # a size stays; only its own sentence dates it (2.63平方公里的社区)
    paragraph = article.rfind("\n", 0, slot.value.start) + 1
    sentence = sentence_start(article, slot.value.start)
    # A period that opens a sentence frames what follows (1-10月，…); one inside a noun phrase
    # (本年度签约并投产项目) dates only its own sentence.
    framing = [m.group("period") for m in _OPENING_PERIOD.finditer(article, paragraph, sentence)]
    found = framing[-1] if framing else period_before(article, paragraph, sentence)
    if found:
        return found, "paragraph"
    report = _report_period(article, paragraph)
    return (report, "report") if report else (None, "none")


_TARGET_TERM = re.compile(r"的(?P<term>年度|全年|年内)(?:目标|任务|指标)")
_OPENING_PERIOD = re.compile(
    rf"(?:^|(?<=[。！？\n]))\s*(?:今年|去年)?(?P<period>(?:{PERIOD_WORDS.pattern})+)(?=[，,])"
)
# A statistical period opening the lead frames a report (1-8月份，辖区工业…; 今年1—5月，全区…);
# an event's time (2021年11月以来，某厅组织…) frames only its story.
_FRAMING_PERIOD = re.compile(
    r"\s*(?:今年|去年|\d{4}年)?(?:\d{1,2}[-—–~至到]\d{1,2}月份?|上半年|下半年|前三季度|"
    r"第?[一二三四1-4]季度)(?=[，,])"
)


def _report_period(article: str, before: int) -> str | None:
    """The period that frames the lead, for the later paragraphs: a report of one period
    states it once, at the head of its lead (the first paragraph with a full stop)."""
    lead_end = article.find("。")
    if lead_end < 0:
        return None
    lead_start = article.rfind("\n", 0, lead_end) + 1
    lead = article[lead_start : article.find("\n", lead_end) % (len(article) + 1)]
    if lead_start >= before:
        return None
    framing = _FRAMING_PERIOD.match(lead)
    return framing.group().strip() if framing else None


def _raw_span(cleaned: CleanedText, span: tuple[int, int] | None) -> Span | None:
    if span is None:
        return None
    start, end = cleaned.to_raw(*span)
    return Span(start=start, end=end, text=cleaned.raw[start:end])


def measured(
    slots: list[Slot], inside_names: list[tuple[int, int]], dropped: set[int]
) -> list[Slot]:
    """The slots reported as indicators."""
    return [s for s in slots if s.id not in dropped and _is_measure(s, inside_names)]


def _is_measure(slot: Slot, inside_names: list[tuple[int, int]]) -> bool:
    # A number inside a project's name (年产30亿只…封装测试项目) names it; it is no measure.
    if any(a <= slot.value.start < b for a, b in inside_names):
        return False
    unit = slot.value.quantity.unit if slot.value.quantity else None
    # 三年行动, 二十周年, 2分钟: spans of time describe plans and events, not measures.
    # Dropped after the model call so the request (and its cached answer) stays the same.
    return unit not in DURATIONS


def _subject(
    slot: Slot,
    label: BaseModel | None,
    choice: SubjectChoice | None,
    article: str,
    names: list[str],
    forms: list[str],
    homes: Homes,
) -> tuple[str, Evidence, float | None]:
    """The subject, what decided it (see subject_with_evidence; table, model), and where the
    model chose it the probability of that choice.

    forms: name_forms(names), built once per article by the caller."""
    if slot.subject:  # a table cell: its row or the table names it
        return slot.subject, "table", None
    model_subject = getattr(label, "subject", "") or ""
    subject, evidence = subject_with_evidence(
        model_subject, article, slot.value, names, forms, homes
    )
    if choice is None or not choice.subject or evidence in TRUSTED_EVIDENCE:
        return subject, evidence, None
    chosen = written_form(choice.subject, sentence_of(article, slot), forms)
    return chosen, "model", choice.confidence


def _name_evidence(slot: Slot, position: Distributed) -> Evidence:
    if position.name or position.named_by:
        return "list"
    if slot.name:
        return "table" if slot.cell else "rank"
    return "clause"


def indicators_from_slots(
    slots: list[Slot],
    labels: BaseModel | None,
    cleaned: CleanedText,
    article: str,
    names: list[str],
    inside_names: list[tuple[int, int]] = (),  # type: ignore[assignment]
    chosen: dict[int, SubjectChoice] | None = None,
    dropped: set[int] = frozenset(),  # type: ignore[assignment]
    homes: Homes | None = None,
    projects: Sequence[str] = (),
) -> list[Indicator]:
    """One indicator per slot; value, growth and share are the page's own text at exact spans."""
    items = list(getattr(labels, "items", None) or [])
    copied = copied_labels([item.name for item in items])
    forms = name_forms(names)
    listed = distribute(article, slots, names)
    given_names: dict[int, str] = {}
    given_periods: dict[int, str | None] = {}
    shares: dict[int, tuple[int, int]] = {}
    indicators: list[Indicator] = []
    named: list[Named] = []
    reported: list[int] = []
    for index, slot in enumerate(slots):
        label = items[index] if index < len(items) else None
        sentence = sentence_of(article, slot)
        choice = (chosen or {}).get(slot.id)
        subject, subject_evidence, chose = _subject(
            slot, label, choice, article, names, forms, homes or {}
        )
        owned = subject_evidence in ("table", *TRUSTED_EVIDENCE)
        position = listed.get(slot.id, Distributed())
        name = given_names[slot.id] = (
            position.name
            or given_names.get(position.named_by or 0)
            or slot.name
            or merge_name(
                label.name if label else "",
                derive_name(article, slot.value, forms),
                subject,
                sentence,
                copied,
            )
        )
        period, period_evidence = period_with_evidence(slot, article)
        if position.period or (not period and given_periods.get(position.named_by or 0)):
            period, period_evidence = (
                position.period or given_periods.get(position.named_by or 0),
                "list",
            )
        given_periods[slot.id] = period
        project, investment = project_of(article, slot, projects)
        if investment or slot.id in dropped or not _is_measure(slot, list(inside_names)):
            continue
        value = _raw_span(cleaned, (slot.value.start, slot.value.end))
        growth = _raw_span(cleaned, slot.growth)
        share = _raw_span(cleaned, slot.share)
        assert value is not None
        named.append(Named(value.start, name, owned))
        reported.append(slot.id)
        if slot.share:
            shares[slot.id] = slot.share
        area = area_of(article, slot.value)
        given = (("list", position.subject), ("project", project), ("area", area))
        evidence = {
            "subject": next((e for e, found in given if found), subject_evidence),
            "name": _name_evidence(slot, position),
            "period": period_evidence,
        }
        indicators.append(
            Indicator(
                subject=position.subject or project or area or subject,
                name=name,
                value=value.text,
                period=period,
                growth=growth.text if growth else None,
                share=share.text if share else None,
                kind="target" if slot.kind == "target" else "actual",
                evidence=evidence,
                confidence=calibrated(evidence, {"subject": chose} if chose is not None else {}),
                grounding=Grounding(
                    spans=[s for s in (value, growth, share) if s is not None],
                    status="grounded",
                ),
            )
        )
    completed = complete_names(cleaned.raw, named)
    # The values of a 分别 list share the name their first value ends up with.
    index_of = {slot_id: i for i, slot_id in enumerate(reported)}
    for i, slot_id in enumerate(reported):
        first = listed.get(slot_id, Distributed()).named_by
        if first in index_of:
            completed[i] = completed[index_of[first]]
    out = []
    for indicator, name, slot_id in zip(indicators, completed, reported, strict=True):
        indicator = indicator.model_copy(update={"name": name})
        span = shares.get(slot_id)
        split = split_share(indicator, span, cleaned) if span else None
        if split is None:
            out.append(indicator)
            continue
        # The share is a fact of its own; the value keeps only its own spans.
        spans = [s for s in indicator.grounding.spans if s.text != indicator.share]
        grounding = indicator.grounding.model_copy(update={"spans": spans})
        out += [indicator.model_copy(update={"share": None, "grounding": grounding}), split]
    return without_restatements(out)
