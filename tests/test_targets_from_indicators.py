"""Every target number is also a target, described by its own clause."""

from __future__ import annotations

from extractor.numbers.indicators import indicators_from_slots
from extractor.numbers.slots import plan_slots
from extractor.numbers.targets import targets_of
from extractor.page.clean import clean_page
from schemas.facts import Target


def _indicators(raw: str):
    cleaned = clean_page(raw)
    found = indicators_from_slots(plan_slots(cleaned.text), None, cleaned, cleaned.text, ["甲区"])
    return found, cleaned


def test_each_target_number_gives_a_target_with_subject_value_and_term() -> None:
    raw = "甲区产值实现80亿元。甲区力争完成规模工业总产值1300亿元,制造业投资增长20%的年度目标。"
    found, cleaned = _indicators(raw)
    targets = targets_of(found, cleaned, [])
    assert [(t.subject, t.description, t.value, t.deadline) for t in targets] == [
        ("甲区", "完成规模工业总产值1300亿元", "1300亿元", "年度"),
        ("甲区", "制造业投资增长20%", "20%", "年度"),
    ]  # the actual 80亿元 gives none


def test_a_goal_the_model_already_stated_is_not_repeated() -> None:
    found, cleaned = _indicators("甲区力争完成规模工业总产值1300亿元。")
    known = [Target(subject="甲区", description="总产值1300亿元", value="1300亿元")]
    assert targets_of(found, cleaned, known) == []


def test_each_rank_as_a_fact_is_a_standing_among_honors() -> None:
    from extractor.numbers.ranks import rank_slots
    from extractor.numbers.standings import standings_of
    from schemas.facts import Honor

    raw = "第一季度,甲区高新技术产业产值实现144亿元,总量列全省第12位,增幅居全省第1位。"
    cleaned = clean_page(raw)
    slots = plan_slots(cleaned.text)
    slots += rank_slots(cleaned.text, len(slots) + 1)
    found = indicators_from_slots(slots, None, cleaned, cleaned.text, ["甲区"])
    honors = standings_of(found, cleaned, [])
    assert [(h.recipient, h.title, h.rank, h.year) for h in honors] == [
        ("甲区", "高新技术产业产值总量", "列全省第12位", "第一季度"),
        ("甲区", "高新技术产业产值增幅", "居全省第1位", "第一季度"),
    ]
    known = [Honor(recipient="甲区", title="增幅", rank="居全省第1位")]  # stated by the model
    assert len(standings_of(found, cleaned, known)) == 1
    planned = [i.model_copy(update={"kind": "target"}) for i in found]
    assert standings_of(planned, cleaned, []) == []  # a planned rank is a target, not a standing
