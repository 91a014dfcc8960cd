"""Number slots: found by code, labelled by the model under a per-article schema."""

import json

import pytest
from pydantic import ValidationError

from extractor.slots import (
    anchor,
    derive_name,
    labels_model,
    merge_name,
    plan_slots,
    resolve_subject,
)

TEXT = (
    "2023年1-6月，江北新区实现规上工业产值512.3亿元，同比增长8.6%，占全市比重30%；"
    "集聚企业超1200家，拥有12所高校，落实“四个一”机制。"
    "到2025年，力争产值突破千亿元。新签约亿元以上项目35个。"
)


def _slots():
    return plan_slots(TEXT)


def test_values_growth_share_period_and_kind() -> None:
    slots = {s.value.text: s for s in _slots()}
    output = slots["512.3亿元"]
    assert TEXT[output.growth[0] : output.growth[1]] == "同比增长8.6%"
    assert TEXT[output.share[0] : output.share[1]] == "占全市比重30%"
    assert output.period == "2023年1-6月" and output.kind == "actual"
    assert "8.6%" not in slots and "30%" not in slots  # attached, not separate slots
    assert slots["超1200家"].period == "2023年1-6月"
    (goal,) = [s for text, s in slots.items() if "千亿" in text]
    assert goal.kind == "target" and goal.period == "2025年"


def test_threshold_phrases_are_not_values() -> None:
    texts = [s.value.text for s in _slots()]
    assert "亿元以上" not in texts and "35个" in texts


def test_every_slot_offset_points_at_its_text() -> None:
    for s in _slots():
        assert TEXT[s.value.start : s.value.end] == s.value.text


def test_anchor_stays_inside_the_sentence() -> None:
    for s in _slots():
        a = anchor(TEXT, s)
        assert s.value.text in a and "。" not in a


def test_labels_model_fixes_one_item_per_slot_in_order() -> None:
    slots = _slots()
    model = labels_model(TEXT, slots)
    schema = model.model_json_schema()
    assert schema["properties"]["items"]["minItems"] == len(slots)
    assert schema["properties"]["items"]["maxItems"] == len(slots)
    good = {"items": [{"at": anchor(TEXT, s), "subject": "江北新区", "name": "x"} for s in slots]}
    model.model_validate(json.loads(json.dumps(good)))
    bad = json.loads(json.dumps(good))
    bad["items"][0]["at"] = "invented 999亿元"
    with pytest.raises(ValidationError):
        model.model_validate(bad)
    with pytest.raises(ValidationError):
        model.model_validate({"items": good["items"][:-1]})


@pytest.mark.parametrize(
    ("model_name", "derived", "subject", "sentence", "expected"),
    [
        ("产值", "规上工业产值", "江北新区", "江北新区实现规上工业产值512.3亿元", "规上工业产值"),
        ("营业收入", "", "甲公司", "甲公司营业收入20亿元", "营业收入"),
        ("某示范单位", "企业数量", "江北新区", "集聚企业超1200家", "企业数量"),  # a repeat
        ("", "高校数量", "江北新区", "拥有12所高校", "高校数量"),
        ("江北新区", "江北新区产值", "江北新区", "江北新区产值1亿元", "产值"),
    ],
)
def test_merge_name(model_name, derived, subject, sentence, expected) -> None:
    assert merge_name(model_name, derived, subject, sentence) == expected


def test_derive_name_for_counts_and_amounts() -> None:
    names = {s.value.text: derive_name(TEXT, s) for s in _slots()}
    assert names["12所"] == "高校数量"
    assert names["512.3亿元"].endswith("规上工业产值")


def test_subject_must_be_named_near_the_number() -> None:
    text = "甲市商务局组织评审。\n乙经开区集聚企业96家，丙园区实现产值12亿元。"
    slots = {s.value.text: s for s in plan_slots(text)}
    names = ["甲市商务局", "乙经开区", "丙园区"]
    # A repeated first subject is replaced by the nearest name before the number.
    assert resolve_subject("甲市商务局", text, slots["96家"], names) == "乙经开区"
    assert resolve_subject("甲市商务局", text, slots["12亿元"], names) == "丙园区"
    # A subject the sentence does name is kept.
    assert resolve_subject("乙经开区", text, slots["12亿元"], names) == "乙经开区"
