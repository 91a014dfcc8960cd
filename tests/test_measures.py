"""Names that state only an aspect (总量, 增幅, 排名) take the measure named before them."""

from extractor.numbers.measures import Named, complete_names


def test_aspects_take_the_measure_of_their_sentence() -> None:
    text = "我市工业产值实现100亿元，总量列全省第3位，高于全省5个百分点。"
    named = [
        Named(text.index("100亿元"), "工业产值"),
        Named(text.index("第3位"), "总量全省排名"),
        Named(text.index("5个百分点"), "高于全省"),
    ]
    assert complete_names(text, named) == ["工业产值", "工业产值总量全省排名", "工业产值高于全省"]


def test_an_aspect_already_in_the_measure_is_not_repeated() -> None:
    text = "营业收入增速高达50.1%，增速居全省第四。"
    named = [Named(text.index("50.1%"), "营业收入增速"), Named(text.index("第四"), "增速全省排名")]
    assert complete_names(text, named)[1] == "营业收入增速全省排名"


def test_a_bare_measure_takes_the_full_name_it_ends() -> None:
    text = "全省高新技术产业产值实现500亿元。甲市、乙市产值分别为50亿元、40亿元。"
    named = [
        Named(text.index("500亿元"), "高新技术产业产值"),
        Named(text.index("50亿元"), "产值"),
    ]
    assert complete_names(text, named)[1] == "高新技术产业产值"


def test_nothing_is_borrowed_across_paragraphs_or_from_clause_fragments() -> None:
    text = "工业产值100亿元。\n增幅居全省第2位。"
    named = [Named(0, "工业产值"), Named(text.index("第2位"), "增幅全省排名")]
    assert complete_names(text, named)[1] == "增幅全省排名"
    fragment = "欠目标任务(23.9亿元)5个百分点，增幅居全省第2位。"
    named = [Named(0, "欠目标任务(23.9亿元)"), Named(fragment.index("第2位"), "增幅全省排名")]
    assert complete_names(fragment, named)[1] == "增幅全省排名"


def test_progress_and_plan_figures_take_the_measure_they_are_of() -> None:
    from extractor.numbers.indicators import indicators_from_slots
    from extractor.numbers.slots import plan_slots
    from extractor.page.clean import clean_page

    text = (
        "今年1—5月,工业性投入完成58亿元,完成年度目标的61.6%。"
        "经济小区完成税收92亿元,较上年同期增收13亿元,完成年度指标159亿元的57.8%。"
    )
    cleaned = clean_page(text)
    found = indicators_from_slots(plan_slots(text), None, cleaned, text, ["甲区"])
    names = {i.value: i.name for i in found}
    assert names["61.6%"] == "工业性投入完成年度目标比例"
    assert names["13亿元"] == "税收较上年同期增收"
    assert names["159亿元"] == "税收年度指标"
    assert names["57.8%"] == "税收完成年度指标比例"


def test_a_bare_measure_whose_clause_names_its_owner_stays_bare() -> None:
    text = "地方工业增加值100亿元。甲钢完成增加值57亿元。"
    named = [
        Named(0, "地方工业增加值"),
        Named(text.index("57亿元"), "增加值", owned=True),
    ]
    assert complete_names(text, named)[1] == "增加值"


def test_a_separate_share_takes_the_measure_it_is_a_share_of() -> None:
    from extractor.numbers.indicators import indicators_from_slots
    from extractor.numbers.slots import plan_slots
    from extractor.page.clean import clean_page

    text = "汽车及零部件产业实现产值341亿元,占甲区智能装备产业的54%,占乙市汽车产业超40%。"
    cleaned = clean_page(text)
    found = indicators_from_slots(plan_slots(text), None, cleaned, text, ["甲区", "乙市"])
    names = {i.value: i.name for i in found}
    assert names["超40%"] == "汽车及零部件产业产值占乙市汽车产业比重"


def test_a_later_output_figure_takes_the_capacity_stated_before() -> None:
    text = "目前,该公司具备年产30亿只集成电路的封测能力,计划明年达到年产60亿只。"
    named = [
        Named(text.index("30亿只"), "集成电路年封测能力"),
        Named(text.index("60亿只"), "年产数量"),
    ]
    assert complete_names(text, named)[1] == "集成电路年封测能力"


def test_next_year_and_year_end_are_periods() -> None:
    from extractor.numbers.clauses import PERIOD_WORDS

    found = [m.group() for m in PERIOD_WORDS.finditer("计划明年达到年产60亿只,到今年底完成")]
    assert found == ["明年", "到今年底"]


def test_a_comparison_is_of_the_aspect_just_stated_without_its_epithets() -> None:
    text = "我市工业产值实现100亿元,增幅居全省第1位,高于位居末位的乙市43个百分点。"
    named = [
        Named(text.index("100亿元"), "工业产值"),
        Named(text.index("第1位"), "增幅全省排名"),
        Named(text.index("43个百分点"), "高于位居末位的乙市"),
    ]
    assert complete_names(text, named)[2] == "工业产值增幅高于乙市"
