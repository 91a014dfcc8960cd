"""Indicator names and subjects read from the words of each number's clause."""

import pytest

from extractor.normalize import find_mentions
from extractor.numbers.naming import copied_labels, derive_name, merge_name
from extractor.numbers.slots import plan_slots
from extractor.numbers.subjects import resolve_subject, subject_with_evidence
from extractor.numbers.words import name_forms


def _names(text: str, known: list[str] = ()) -> dict[str, str]:
    forms = name_forms(list(known))
    return {s.value.text: derive_name(text, s.value, forms) for s in plan_slots(text)}


@pytest.mark.parametrize(
    ("text", "known", "value", "expected"),
    [
        ("江北新区拥有12所高校。", ["江北新区"], "12所", "高校数量"),
        ("“甲”产业链集聚了上下游企业96家。", [], "96家", "上下游企业数量"),
        ("乙丙园区实现整车产量12万辆。", ["乙丙园区"], "12万辆", "整车产量"),
        ("集成电路产业共实现产值438.09亿元。", [], "438.09亿元", "集成电路产业产值"),
        ("2023年1-6月，丙丁规上工业增加值352.4亿元。", ["丙丁新区"], "352.4亿元", "规上工业增加值"),
        ("出口同比增长45%。", [], "45%", "出口增速"),
        ("汽车产业产值占园区工业总产值的82%。", [], "82%", "汽车产业产值占园区工业总产值占比"),
        ("创新空间达335万平方米。", [], "335万平方米", "创新空间面积"),
        ("签约项目35个(10亿元以上项目11个)。", [], "11个", "10亿元以上项目数量"),
        ("评审吸引70多名行业专家参加。", [], "70多名", "行业专家人数"),
        ("206家企业带来7000余个岗位。", [], "206家", "企业数量"),
        ("14所高校、25万在校师生。", [], "25万", "在校师生"),
        # A forecast of a group of projects is named with the group and the stage.
        (
            "本次集中开工项目涉及多个领域,预计达产后可新增年产值13.6亿元,实现税收4.1亿元。",
            [],
            "4.1亿元",
            "集中开工项目达产后税收",
        ),
        (
            "其中签约项目38个,总投资金额145亿元,预计全面建成达产后新增年产值近120亿元。",
            [],
            "近120亿元",
            "签约项目全面建成达产后新增年产值",
        ),
        ("其中签约项目38个,总投资金额145亿元。", [], "145亿元", "签约项目总投资金额"),
        # One project's forecast: the project is the subject, its figure keeps its own name.
        ("项目建成投产后,预计可实现年产值50亿元。", [], "50亿元", "年产值"),
    ],
)
def test_derive_name(text, known, value, expected) -> None:
    assert _names(text, known)[value] == expected


def test_short_forms_of_places() -> None:
    forms = name_forms(["钱塘新区", "上虞区", "嘉兴科技城", "甲公司"])
    assert {"钱塘新区", "钱塘", "上虞区", "上虞", "嘉兴科技城", "嘉兴", "甲公司"} == set(forms)
    assert forms == sorted(forms, key=len, reverse=True)


def test_copied_labels() -> None:
    assert copied_labels(["考评", "考评", "产值", "考评", ""]) == {"考评"}


@pytest.mark.parametrize(
    ("model_name", "derived", "copied", "expected"),
    [
        ("营业收入", "规上工业营业收入", set(), "规上工业营业收入"),  # the clause's words win
        ("高校", "数量", set(), "高校"),  # generic words: a supported label fills in
        ("考评", "数量", {"考评"}, "数量"),  # a copied label is not support
        ("不在句中", "数量", set(), "数量"),  # a label the sentence lacks is a guess
        ("不在句中", "", set(), "不在句中"),  # ... but better than no name at all
    ],
)
def test_merge_name(model_name, derived, copied, expected) -> None:
    sentence = "甲区拥有12所高校，考评，规上工业营业收入20亿元，营业收入"
    assert merge_name(model_name, derived, "甲区", sentence, copied) == expected


def test_subject_is_the_name_the_clause_opens_with() -> None:
    text = "甲市商务局组织评审。\n乙经开区集聚企业96家，丙园区实现产值12亿元。"
    slots = {s.value.text: s.value for s in plan_slots(text)}
    names = ["甲市商务局", "乙经开区", "丙园区"]
    # A repeated first subject is replaced by the name the clause opens with.
    assert resolve_subject("甲市商务局", text, slots["96家"], names) == "乙经开区"
    assert resolve_subject("甲市商务局", text, slots["12亿元"], names) == "丙园区"


def test_subject_falls_back_to_the_nearest_name_then_the_first() -> None:
    text = "乙经开区召开大会。\n会上介绍，新增企业30家。"
    slots = {s.value.text: s.value for s in plan_slots(text)}
    assert resolve_subject("", text, slots["30家"], ["乙经开区"]) == "乙经开区"
    # A short form as the paper writes it: 钱塘 for 钱塘新区.
    text = "钱塘规上工业增加值352.4亿元。"
    value = plan_slots(text)[0].value
    assert resolve_subject("", text, value, ["钱塘新区"]) == "钱塘"


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        ("甲区开竣工项目共73个,总投资285亿元。", "285亿元", "开竣工项目总投资"),
        ("全区签约项目共计89个,计划投资总额约71.5亿元。", "约71.5亿元", "签约项目计划投资总额"),
        ("开发区引进了9个“零耗地”项目,总投资达2.7亿元。", "2.7亿元", "“零耗地”项目总投资"),
        ("累计引进外资项目12个,协议总投资6.45亿美元。", "6.45亿美元", "引进外资项目协议总投资"),
        # Nothing counted before it: the total stays as written.
        ("总投资50亿元的项目开工。", "50亿元", "总投资"),
    ],
)
def test_a_total_after_a_count_is_named_by_what_was_counted(
    text: str, value: str, name: str
) -> None:
    mention = next(m for m in find_mentions(text) if m.text == value)
    assert derive_name(text, mention, ["甲区", "全区", "开发区"]) == name


def test_stages_counted_in_one_sentence_inherit_what_it_counts() -> None:
    text = "甲区开竣工项目共73个,总投资285亿元,其中开工46个,总投资180亿元,竣工27个,总投资105亿元。"
    names = {m.text: derive_name(text, m, ["甲区"]) for m in find_mentions(text)}
    assert names["46个"] == "开工项目数量" and names["180亿元"] == "开工项目总投资"
    assert names["27个"] == "竣工项目数量" and names["105亿元"] == "竣工项目总投资"


def test_listed_examples_and_self_references_are_not_part_of_a_name() -> None:
    text = "目前已集聚中科院医学所等高能级平台20个。2004年该开发区工业总产值只有24亿元。"
    names = {m.text: derive_name(text, m, []) for m in find_mentions(text)}
    assert names["20个"] == "高能级平台数量"
    assert names["24亿元"] == "工业总产值"


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        # Nothing after the verb: the words before it are the measure.
        ("工业性投入完成58.5亿元,增长72.4%。", "58.5亿元", "工业性投入"),
        ("外资利用平稳,投资总额累计3.4亿美元。", "3.4亿美元", "投资总额"),
        ("全省软件业务收入实现900亿元。", "900亿元", "软件业务收入"),
        # A verb that selects what is counted stays in the name; one that only carries it does not.
        ("开发区累计引进内外资项目121个。", "121个", "引进内外资项目数量"),
        ("经开区新招引40个科技项目落户。", "40个", "新招引科技项目数量"),
        ("园区集聚了上下游企业96家。", "96家", "上下游企业数量"),
    ],
)
def test_the_measure_is_read_around_the_verb(text: str, value: str, name: str) -> None:
    mention = next(m for m in find_mentions(text) if m.text == value)
    assert derive_name(text, mention, []) == name


def test_a_stage_counted_alone_takes_the_head_of_the_sentence_before() -> None:
    text = "甲区开竣工项目共73个,总投资285亿元。其中开工46个,总投资180亿元。"
    names = {m.text: derive_name(text, m, ["甲区"]) for m in find_mentions(text)}
    assert names["46个"] == "开工项目数量" and names["180亿元"] == "开工项目总投资"


def _subject(text: str, value: str, names: list[str], homes: dict[str, str] | None = None) -> str:
    mention = next(m for m in find_mentions(text) if m.text == value)
    return subject_with_evidence("", text, mention, names, None, homes)[0]


def test_a_comparison_base_is_not_the_subject() -> None:
    text = "我市工业产值实现100亿元,高于位居末位的乙市43个百分点,占甲省比重5%。"
    homes = {"我市": "丙市", "市": "乙市"}
    names = ["乙市", "甲省", "丙市"]
    assert _subject(text, "43个百分点", names, homes) == "丙市"
    assert _subject(text, "5%", names, homes) == "丙市"


def test_a_name_inside_brackets_of_another_is_not_the_subject() -> None:
    text = "开发区规划建设中德(丁区)创新产业区。\n全年完成工业投入70亿元。"
    assert _subject(text, "70亿元", ["丁区", "开发区"], {"zone": "开发区"}) == "开发区"


def test_beyond_its_sentence_a_number_belongs_to_a_topic_not_an_object() -> None:
    text = "甲区与乙公司签约,共建丙产业园。同时,全年新增企业30家。"
    homes = {"区": "甲区"}
    assert _subject(text, "30家", ["甲区", "乙公司", "丙产业园"], homes) == "甲区"
    text = "在位于甲区的乙公司,车间里很忙。“今年已完成产值5.8亿元。”"
    assert _subject(text, "5.8亿元", ["甲区", "乙公司"], {"区": "甲区"}) == "乙公司"


def test_a_quoted_program_opening_the_clause_owns_its_figures() -> None:
    text = "目前,“博士入园”活动已将400名博士纳入智库,覆盖企业500家。"
    assert _subject(text, "400名", ["甲区"]) == "“博士入园”活动"
    assert _subject(text, "500家", ["甲区"]) == "“博士入园”活动"


def test_a_named_actor_opening_its_clause_owns_the_sentences_figures() -> None:
    text = "全区税收增长。经济小区完成税收92亿元,较上年同期增收13亿元。投资总额累计3亿美元。"
    homes = {"区": "甲区"}
    assert _subject(text, "92亿元", ["甲区"], homes) == "经济小区"
    assert _subject(text, "13亿元", ["甲区"], homes) == "经济小区"
    # Beyond its sentence, a name known only from its clause does not carry.
    assert _subject(text, "3亿美元", ["甲区"], homes) == "甲区"
    text = "乙丙研究所每年实施项目40余项。"
    mention = next(m for m in find_mentions(text) if m.text == "40余项")
    assert _subject(text, "40余项", []) == "乙丙研究所"
    assert derive_name(text, mention, []) == "实施项目数量"


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        # A figure in brackets is the amount of what precedes them.
        ("欠区级确保目标任务(23.9亿元)8.9个百分点。", "23.9亿元", "区级确保目标任务"),
        # A clause that only says 达 takes what the clause before it names.
        ("其中工程机械产业产值创历史新高,达1615亿元。", "1615亿元", "工程机械产业产值"),
        # An average rate says so.
        ("地区生产总值达到100亿元,预计年均增长12%。", "12%", "预计年均增速"),
        # A stage of what the sentence counted keeps both.
        ("续建项目6个(其中已建设完成的4个、正在建设的2个)。", "2个", "正在建设的续建项目数量"),
    ],
)
def test_names_read_from_brackets_previous_clauses_and_stages(text, value, name) -> None:
    mention = next(m for m in find_mentions(text) if m.text == value)
    assert derive_name(text, mention, []) == name


def test_every_total_of_a_sentence_is_of_what_it_counted() -> None:
    text = (
        "援疆项目共16个,签约投资总额16亿元,实际到位资金7亿元。"
        "续建项目6个(其中已建成4个),签约金额9亿元,实现到位资金6亿元。"
    )
    names = {m.text: derive_name(text, m, []) for m in find_mentions(text)}
    assert names["16亿元"] == "援疆项目签约投资总额"
    assert names["7亿元"] == "援疆项目实际到位资金"
    assert names["9亿元"] == "续建项目签约金额"
    assert names["6亿元"] == "续建项目到位资金"
    # A count in brackets is an aside, not what the sentence counted.
    text = "完成签约落地亿元以上项目35个(10亿元以上项目11个),总投资232.6亿元。"
    mention = next(m for m in find_mentions(text) if m.text == "232.6亿元")
    assert derive_name(text, mention, []) == "签约落地亿元以上项目总投资"


def test_examples_before_等_are_not_subjects_and_a_longer_actor_beats_its_prefix() -> None:
    text = "目前,甲城环大学城区域已集聚了乙科技园等孵化器27个、丙杭州中心等众创空间19个。"
    names = ["甲城", "乙科技园", "杭州"]
    assert _subject(text, "27个", names) == "甲城环大学城区域"
    assert _subject(text, "19个", names) == "甲城环大学城区域"


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        # The stage written after what was counted belongs to its total.
        ("甲区23个专案集中开工,总投资57亿元。", "57亿元", "集中开工专案总投资"),
        # Adverbs after a counted noun are not part of it.
        ("目前22个续建项目全部达序时。", "22个", "续建项目数量"),
        # Bare 项目 counted in a sentence that says which projects.
        ("此次开工的项目包括甲等乙功能区项目28个。", "28个", "开工项目数量"),
    ],
)
def test_counted_projects_keep_their_stage(text: str, value: str, name: str) -> None:
    mention = next(m for m in find_mentions(text) if m.text == value)
    assert derive_name(text, mention, ["甲区", "乙功能区"]) == name


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        ("目前,该公司已经具备年产30亿只集成电路的封测能力。", "30亿只", "集成电路年封测能力"),
        ("年度主要目标完成率均超50%。", "超50%", "年度主要目标完成率"),
        ("现在这里已有900多名工人。", "900多名", "工人数"),
    ],
)
def test_capacities_rates_and_people_are_named_whole(text: str, value: str, name: str) -> None:
    mention = next(m for m in find_mentions(text) if m.text == value)
    assert derive_name(text, mention, []) == name


def test_a_period_since_a_month_is_read_whole() -> None:
    from extractor.numbers.clauses import PERIOD_WORDS

    text = "自今年3月投产以来已累计完成产值5.8亿元"
    assert [m.group() for m in PERIOD_WORDS.finditer(text)] == ["自今年3月投产以来"]


def test_programs_own_their_figures_by_name_by_reference_and_as_head() -> None:
    text = "钱塘芯谷牵头申报的“芯智造”产业链集聚了上下游企业96家。"
    assert _subject(text, "96家", ["钱塘芯谷"]) == "“芯智造”产业链"
    text = (
        "以“甲乙·丙丁”工程为例,该工程以“戊入企”和“己高校行”两大品牌活动为载体,"
        "以“甲乙”服务平台为数字牵引,已经联合14所高校。"
    )
    assert _subject(text, "14所", ["甲乙", "己高校行"]) == "“甲乙·丙丁”工程"


def test_the_scope_of_a_ranking_is_not_its_subject() -> None:
    from extractor.numbers.ranks import rank_slots

    text = "上虞区新产品产值增长18.7%,在全省位列第一。"
    homes = {"区": "上虞区", "省": "浙江省"}
    (rank,) = rank_slots(text)
    subject, _ = subject_with_evidence("", text, rank.value, ["上虞区"], None, homes)
    assert subject == "上虞区"


def test_a_count_scoped_by_全国_is_the_nations_not_the_subjects() -> None:
    text = "长沙经开区继续稳居全国218家国家级经开区第17位。全省工业产值高于全国5个百分点。"
    homes = {"zone": "长沙经开区"}
    assert _subject(text, "218家", ["长沙经开区"], homes) == "全国"
    assert _subject(text, "5个百分点", ["长沙经开区"], homes) != "全国"


def test_a_places_group_of_zones_owns_its_figures() -> None:
    text = (
        "2022年海南自贸港重点园区累计完成固定资产投资1261亿元;累计实现营业收入18246亿元。"
        "2022年,重点园区实现税收收入700亿元。"
    )
    names = ["海南自贸港"]
    assert _subject(text, "1261亿元", names) == "海南自贸港重点园区"
    assert _subject(text, "18246亿元", names) == "海南自贸港重点园区"
    assert _subject(text, "700亿元", names) == "海南自贸港重点园区"


def test_a_counted_head_a_few_words_on_takes_the_words_between() -> None:
    text = "2022年经开区相继吸引了20余个生物医药及大健康产业优质项目落户。"
    mention = next(m for m in find_mentions(text) if m.text == "20余个")
    assert derive_name(text, mention, ["经开区"]) == "生物医药及大健康产业优质项目数量"


def test_the_whole_of_a_place_and_an_officials_words() -> None:
    text = "2022年甲省全省营业收入超千亿元的园区5个。"
    assert _subject(text, "5个", ["甲省"]) == "甲省全省"
    text = "乙区人民政府副区长丙丁介绍,此次签约的39个专案有33个实体专案。"
    homes = {"区": "乙区"}
    assert _subject(text, "33个", ["乙区人民政府", "乙区"], homes) == "乙区"


def test_a_stage_between_a_counted_noun_and_its_count_belongs_to_the_total() -> None:
    text = "10亿元以上投资项目开工7个,总投资137亿元。"
    mention = next(m for m in find_mentions(text) if m.text == "137亿元")
    assert derive_name(text, mention, []) == "开工10亿元以上投资项目总投资"


def test_named_members_framing_and_continuing_clauses_are_not_subjects() -> None:
    names = ["甲区", "“乙”", "乙", "丙市", "丁省"]
    # Quoted names right before their count are what is counted.
    text = "甲区重点谋划推进“乙”“戊”3个产业园。"
    assert _subject(text, "3个", names) == "甲区"
    # 根据…: a frame, not whose the figure is.
    text = "根据丙市产业布局,聚焦主导产业,推进5个园区建设。"
    assert _subject(text, "5个", names, {"区": "甲区"}) != "丙市"
    # A clause that goes on (为…, 并…) is about the sentence's topic; 丁省唯一 is a scope.
    text = "去年,甲区稳居全国第17位,为丁省唯一进入前30强的开发区。"
    assert _subject(text, "前30强", names) == "甲区"


def test_a_planned_rank_belongs_to_the_zone_that_is_to_enter_it() -> None:
    text = "己县经开区获评示范单位。己县将力争经开区进入中国化工园区十强。"
    names = ["己县", "己县经开区"]
    homes = {"zone": "己县经济技术开发区"}
    assert _subject(text, "十强", names, homes) == "己县经开区"
