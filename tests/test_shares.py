"""A share stated with a value becomes an indicator of its own, at its own span."""

from __future__ import annotations

from extractor.numbers.indicators import indicators_from_slots
from extractor.numbers.shares import share_name
from extractor.numbers.slots import plan_slots
from extractor.page.clean import clean_page


def test_share_names_keep_the_pages_words() -> None:
    assert share_name("税收收入", "占全省税收收入的比重为") == "税收收入占全省税收收入的比重"
    assert share_name("整车产量", "占甲区整车产量的") == "整车产量占甲区整车产量比重"
    assert share_name("增加值", "占全区") == "增加值占全区比重"


def test_a_share_is_its_own_indicator_with_the_values_subject_and_period() -> None:
    raw = "2022年,甲区实现税收收入700.32亿元,占全省税收收入的比重为53.6%。"
    cleaned = clean_page(raw)
    slots = plan_slots(cleaned.text)
    found = indicators_from_slots(slots, None, cleaned, cleaned.text, ["甲区"])
    amount, share = found
    assert (amount.value, amount.share) == ("700.32亿元", None)
    assert (share.name, share.value) == ("税收收入占全省税收收入的比重", "53.6%")
    assert (share.subject, share.period) == (amount.subject, amount.period) == ("甲区", "2022年")
    span = share.grounding.spans[0]
    assert raw[span.start : span.end] == "53.6%"
    assert share.evidence["name"] == "share"


def test_a_share_without_a_number_stays_on_its_value() -> None:
    raw = "甲区生物医药产业营收500亿元,占乙市生物医药产业规模的“半壁江山”。"
    cleaned = clean_page(raw)
    found = indicators_from_slots(plan_slots(cleaned.text), None, cleaned, cleaned.text, ["甲区"])
    assert [i.value for i in found] == ["500亿元"]


def test_a_figure_stated_again_is_one_fact() -> None:
    from extractor.numbers.restatements import without_restatements
    from schemas.facts import Indicator

    def ind(subject: str, name: str, value: str, period: str | None = None) -> Indicator:
        return Indicator(subject=subject, name=name, value=value, period=period)

    found = [
        ind("甲州区", "专案集中签约数量", "39个"),
        ind("甲州", "集中签约专案数量", "39个"),  # the same count, the place's short form
        ind("甲州区", "签约专案数量", "39个"),
        ind("乙园区", "开工项目数量", "5个"),  # another subject: another fact
        ind("丙园区", "开工项目数量", "5个"),
        ind("甲州区", "招引项目数量", "20个", "去年"),  # another period: another fact
        ind("甲州区", "落地项目数量", "20个", "今年"),
        ind("", "落地项目数量", "20个", "今年"),  # no subject: not known to be the same
    ]
    kept = without_restatements(found)
    assert [(i.subject, i.value, i.period) for i in kept] == [
        ("甲州区", "39个", None), ("乙园区", "5个", None), ("丙园区", "5个", None),
        ("甲州区", "20个", "去年"), ("甲州区", "20个", "今年"), ("", "20个", "今年"),
    ]  # fmt: skip
