"""Honors read from "<recipients><verb of recognition><title>" in one clause."""

from extractor.rules.honors import add_honors, find_honors
from schemas.facts import ArticleFacts, Honor


def _found(text: str, forms: list[str] = ()) -> list[tuple[str, str]]:
    return [(h.recipient, h.title) for h in find_honors(text, list(forms))]


def test_list_of_recipients_and_the_title() -> None:
    text = "甲区的“芯”产业链、生物医药产业链被评为2021年度全省“链长制”优秀示范单位，位列榜首。"
    assert _found(text) == [
        ("“芯”产业链", "2021年度全省“链长制”优秀示范单位"),
        ("生物医药产业链", "2021年度全省“链长制”优秀示范单位"),
    ]


def test_last_member_joined_by_and_and_list_suffixes() -> None:
    text = "最近，甲生物科技股份有限公司和乙电子科技有限公司又入围全国专精特新“小巨人”企业名单。"
    assert _found(text) == [
        ("甲生物科技股份有限公司", "全国专精特新“小巨人”企业"),
        ("乙电子科技有限公司", "全国专精特新“小巨人”企业"),
    ]


def test_awarder_and_long_subject_from_known_names() -> None:
    text = "4月，丙南湖微电子“万亩千亿”新产业平台被省发改委列入省数字政府应用场景试点。"
    (honor,) = find_honors(text, ["丙南湖微电子“万亩千亿”新产业平台"])
    assert honor.awarded_by == "省发改委"
    assert honor.title == "省数字政府应用场景试点"


def test_counts_references_and_predicates_are_not_recipients() -> None:
    assert _found("同时三条产业链均列入示范试点单位。") == []
    assert _found("该系统还被省经信厅评为优秀案例。") == []
    assert _found("成为全市唯一在省工程晾晒中获评“五星”的区县。") == []


def test_add_honors_keeps_the_model_s_and_skips_repeats() -> None:
    facts = ArticleFacts(honors=[Honor(recipient="甲公司", title="市级重点实验室")])
    found = find_honors("甲公司、乙研究院成功认定市级重点实验室。", [])
    merged = add_honors(facts, found)
    assert [(h.recipient, h.title) for h in merged.honors] == [
        ("甲公司", "市级重点实验室"),
        ("乙研究院", "市级重点实验室"),
    ]
