"""Number slots: found by code, labelled by the model under a per-article schema."""

import json

import pytest
from pydantic import ValidationError

from extractor.numbers.slots import anchor, labels_model, plan_slots

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
    assert goal.kind == "target" and goal.period == "到2025年"  # as written


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
    ("text", "dropped"),
    [
        ("打造万亿级产业群、千亿级产业集群", ["万亿级", "千亿级"]),
        ("推进“千项万亿”工程，落实“九个一”机制", ["千项", "九个"]),
        ("默沙东等全球十大医药企业已有7家落户", ["十大"]),
        ("高效精准落实好三个“一号工程”，提出三项“一号工程”", ["三个", "三项"]),
        ("入选省“五个一批”重点技术改造示范项目", ["五个"]),
    ],
)
def test_tiers_and_slogans_are_not_values(text, dropped) -> None:
    texts = [s.value.text for s in plan_slots(text)]
    assert not set(dropped) & set(texts)


def test_counts_in_words_stay_values() -> None:
    text = "推动三大主导产业发展，两条产业链列为示范，落地20个项目"
    texts = [s.value.text for s in plan_slots(text)]
    assert texts == ["三大", "两条", "20个"]


def test_rankings_are_slots_with_the_rank_as_value():
    from extractor.numbers.ranks import rank_slots as plan

    cases = {
        "长沙经开区继续稳居全国218家国家级经开区第17位,为": ("第17位", 17.0),
        "增速排名全省第二,高于": ("第二", 2.0),
        "在46家开发区中列第5位。": ("第5位", 5.0),
        "产值稳居全市第一。": ("第一", 1.0),
    }
    for text, (value, rank) in cases.items():
        slot = plan(text)[-1]
        assert (slot.value.text, slot.value.quantity.value) == (value, rank)
        assert slot.growth is None


def test_a_rank_takes_no_growth_and_ordinals_without_a_ranking_verb_are_no_slots():
    from extractor.numbers.ranks import rank_slots as plan

    text = "产值实现144.58亿元,总量列全省第12位,同比增长57.20%。"
    (rank,) = plan(text)
    assert rank.value.text == "第12位" and rank.growth is None
    assert plan_slots(text)[0].growth is not None
    assert plan("第三届博览会开幕,第一批企业入驻。") == []


def test_planned_rank_goals_are_target_slots_past_ones_are_not():
    from extractor.numbers.ranks import rank_slots as plan

    goals = plan("力争进入中国化工园区十强和国家级开发区50强。")
    assert [(s.value.text, s.kind) for s in goals] == [("十强", "target"), ("50强", "target")]
    # Each planned rank is named by the field it enters.
    assert [s.name for s in goals] == ["中国化工园区排名", "国家级开发区排名"]
    # A place won in a ranking (入围/进入…N强) is a rank as a fact, named by its field.
    (won,) = plan("去年,甲区并入围中国化工园区30强。")
    assert (won.value.text, won.kind, won.name) == ("30强", "actual", "中国化工园区排名")
    (only,) = plan("为乙省唯一进入前30强的国家级经开区。")
    assert (only.value.text, only.name) == ("前30强", "国家级经开区排名")
    # Keeping a rank is the goal's verb, not part of the ranking's name.
    (kept,) = plan("确保丙高新区在全省高新区综合排名保持前五。")
    assert kept.name == "全省高新区综合排名"


def test_average_annual_growth_is_its_own_slot():
    text = "2016年至2018年,分别完成国内生产总值236.3亿元、314.5亿元、365亿元,预计年均增长24.5%。"
    slots = plan_slots(text)
    assert [s.value.text for s in slots][-1] == "24.5%"
    assert all(s.growth is None for s in slots)


def test_growth_does_not_attach_across_a_semicolon():
    text = "高于末位的威海43.33个百分点;占比比年初增加0.75个百分点。"
    assert [s.growth for s in plan_slots(text)] == [None, None]


def test_a_headline_number_the_body_repeats_is_left_to_the_body():
    text = "我市高新技术产业产值实现144.58亿元\n第一季度,我市产值实现144.58亿元,同比增长57.20%。"
    (slot,) = plan_slots(text)
    assert slot.value.start > text.index("\n") and slot.id == 1
    assert len(plan_slots("全区产值实现144.58亿元\n其他新闻")) == 1


def test_a_growth_in_a_clause_naming_its_own_measure_is_its_own_slot():
    text = "力争完成规模工业总产值1300亿元,规上工业增加值增长8%,制造业投资增长20%的年度目标。"
    assert [(s.value.text, s.growth) for s in plan_slots(text)] == [
        ("1300亿元", None),
        ("8%", None),
        ("20%", None),
    ]
    text = "实现营业收入18246.43亿元,同比增长31.6%。"
    assert plan_slots(text)[0].growth is not None


def test_counts_of_graded_things_are_measures_counts_of_aspects_are_not():
    from extractor.numbers.slots import counts_aspects

    assert [s.value.text for s in plan_slots("联合14所高校67个二级学院。")] == ["14所", "67个"]
    text = "围绕五个方面推进,两项工作同步,以两大品牌活动为载体,建成三个产业园。"
    kept = [s.value.text for s in plan_slots(text) if not counts_aspects(text, s)]
    assert kept == ["三个"]


def _kept(text: str) -> list[str]:
    from extractor.numbers.slots import dropped_after_labels

    slots = plan_slots(text)
    dropped = dropped_after_labels(text, slots)
    return [s.value.text for s in slots if s.id not in dropped]


def test_notes_size_bands_and_restatements_are_dropped_after_labels():
    note = "区域完成收入1200.5亿元。\n注:1.部分单位与其他五个功能区中部分单位重复。"
    assert _kept(note) == ["1200.5亿元"]
    bands = "连续实现30亿元以上、50亿元以上以及百亿元项目的引进,引进外资项目12个。"
    assert _kept(bands) == ["12个"]
    again = "39个项目签约,投资金额275亿元;此后又签约项目3个。集中签约项目共39个,投资金额275亿元。"
    assert _kept(again) == ["39个", "275亿元", "3个", "39个"]


def test_rank_names_read_measure_and_scope():
    from extractor.numbers.ranks import rank_slots

    text = "总量列全省第12位,增幅居全省第1位;长沙经开区稳居全国218家国家级经开区第17位。"
    assert [s.name for s in rank_slots(text)] == [
        "总量全省排名",
        "增幅全省排名",
        "全国218家国家级经开区排名",
    ]


def test_a_set_counted_again_with_the_same_noun_is_a_restatement():
    text = "钱塘区三条产业链入选。\n除了企业集聚外,三条产业链成为示范,三条措施落地。"
    assert _kept(text) == ["三条"]


def test_comparison_phrases_keep_the_growth_and_batches_are_no_ranks():
    from extractor.numbers.ranks import rank_slots

    for text in ("完成投资50亿元,与上年相比增长10%。", "产值100亿元,按可比价格计算增长8.2%。"):
        assert plan_slots(text)[0].growth is not None
    assert rank_slots("园区列入第一批试点,位于第三期工程,居第二季度榜首。") == []


@pytest.mark.parametrize(
    ("text", "value", "kind", "period"),
    [
        # How far a plan is done is a fact of the period; the plan's own figure is the target.
        ("今年1—5月，税收92亿元，完成年度指标159.2亿元的57.8%。", "57.8%", "actual", "1—5月"),
        ("今年1—5月，税收92亿元，完成年度指标159.2亿元的57.8%。", "159.2亿元", "target", "1—5月"),
        # A range of past years is no deadline; a semicolon ends the forward-looking statement.
        ("2016年至2018年，分别完成产值236亿元、314亿元。", "236亿元", "actual", "2016年至2018年"),
        ("预计年均增长24.5%；分别完成工业销售506亿元、639亿元。", "506亿元", "actual", None),
        ("到2025年，产值力争达到500亿元。", "500亿元", "target", "到2025年"),
        ("现在这里已有900多名工人。", "900多名", "actual", "现在"),
        # 谋划 plans, like 规划.
        ("重点谋划推进3个产业园。", "3个", "target", None),
    ],
)
def test_kind_and_period_of_a_statement(text, value, kind, period) -> None:
    slot = next(s for s in plan_slots(text) if s.value.text == value)
    assert (slot.kind, slot.period) == (kind, period)


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        # A date says when something happened; it is no reporting period.
        ("11月28日，甲区23个项目集中开工。", "23个", None),
        ("2019年12月5日上午，乙区40个项目开工。", "40个", None),
        # The period as written keeps 截至 / 到.
        ("截至2010年12月底，该区工业总产值达93亿元。", "93亿元", "截至2010年12月底"),
        ("到2010年底，规模以上企业增至94家。", "94家", "到2010年底"),
        ("三年来有130多个项目竣工投产。", "130多个", "三年来"),
    ],
)
def test_periods_as_written_and_dates_left_out(text, value, period) -> None:
    slot = next(s for s in plan_slots(text) if s.value.text == value)
    assert slot.period == period


def test_the_leads_statistical_period_holds_for_later_paragraphs() -> None:
    from extractor.numbers.indicators import period_of

    text = "1-8月份,辖区工业完成增加值81亿元。\n区属工业完成增加值16亿元。"
    later = next(s for s in plan_slots(text) if s.value.text == "16亿元")
    assert period_of(later, text) == "1-8月份"
    # An event's time frames only its story.
    text = "2021年11月以来,某厅组织评审,70多名专家参加。\n钱塘拥有14所高校。"
    later = next(s for s in plan_slots(text) if s.value.text == "14所")
    assert period_of(later, text) is None


def test_a_target_takes_the_term_its_statement_names_after_it() -> None:
    from extractor.numbers.indicators import period_of

    text = "甲区力争完成产值1300亿元,投资增长20%的年度目标。"
    slots = {s.value.text: s for s in plan_slots(text)}
    assert period_of(slots["1300亿元"], text) == "年度"
    assert period_of(slots["20%"], text) == "年度"
    text = "1-8月份,甲区产值实现80亿元。\n力争明年产值达到100亿元。"
    target = next(s for s in plan_slots(text) if s.value.text == "100亿元")
    assert period_of(target, text) == "明年"  # its own term, never the report's period


def test_a_period_inside_a_noun_phrase_does_not_carry_to_the_next_sentence() -> None:
    from extractor.numbers.indicators import period_of

    text = (
        "1-10月,援疆项目共16个,其中本年度签约项目3个,签约金额9000万元。续建项目6个,签约金额9亿元。"
    )
    later = next(s for s in plan_slots(text) if s.value.text == "6个")
    assert period_of(later, text) == "1-10月"
    inside = next(s for s in plan_slots(text) if s.value.text == "3个")
    assert period_of(inside, text) == "本年度"


def test_a_target_takes_no_period_from_the_report_and_planned_investment_is_actual() -> None:
    from extractor.numbers.indicators import period_of

    text = (
        "今年1—5月,全区签约项目共计89个,计划投资总额约71.5亿元。"
        "合同外资完成全年目标任务3亿美元的74.7%。"
    )
    slots = {s.value.text: s for s in plan_slots(text)}
    planned = slots["约71.5亿元"]
    assert planned.kind == "actual" and period_of(planned, text) == "1—5月"
    target = slots["3亿美元"]
    assert target.kind == "target" and period_of(target, text) is None
    assert period_of(slots["74.7%"], text) == "1—5月"


def test_a_size_takes_no_period_from_the_sentences_before_it() -> None:
    from extractor.numbers.indicators import period_of

    text = "2022年,甲区启动建设“乙创新带”。2.63平方公里的创新产业社区将聚焦生物医药。"
    area = next(s for s in plan_slots(text) if s.value.text == "2.63平方公里")
    assert period_of(area, text) is None
    text = "2022年,甲区新建厂房2.6万平方米。"
    built = next(s for s in plan_slots(text) if s.value.text == "2.6万平方米")
    assert period_of(built, text) == "2022年"  # its own sentence still dates it
