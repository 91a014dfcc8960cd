"""Firms named only at the head of a project, beside a firm named in full, or as a quoted leader."""

from __future__ import annotations

import pytest

from extractor.rules.base import RuleContext
from extractor.rules.firm_heads import add_firm_heads, brand_of
from schemas.facts import ArticleFacts, Organization, Project


@pytest.mark.parametrize(
    ("name", "brand"),
    [
        ("苏恒环境可靠性测试实验室", "苏恒"),  # brand + what is built
        ("凯锐暖通器材", "凯锐"),
        ("博硕LCD液晶屏模块", "博硕"),
        ("瑞佰疫苗创新中心项目", "瑞佰"),
        ("乡旺食品", "乡旺食品"),  # brand + industry: the firm's whole name
        ("信澜", "信澜"),  # a project named by its firm alone
        ("智慧科技城", None),  # an area
        ("唐昌片区精品环线建设", None),  # works in a place
        ("龙文区科技产业园项目", None),
        ("创新药研发", None),  # vocabulary, no brand
        ("新佐剂带状疱疹疫苗产业化项目", None),
        ("年产30亿只专用集成电路封装测试项目", None),
        ("正泰智慧能源华东科创产业园项目", None),
    ],
)
def test_the_brand_heading_a_name_is_the_word_no_dictionary_knows(name, brand) -> None:
    assert brand_of(name) == brand


def _run(article: str, facts: ArticleFacts) -> list[str]:
    out = add_firm_heads(facts, RuleContext(article=article, model_names=[]))
    return [o.name for o in out.organizations]


def test_project_heads_become_firms_and_model_filed_projects_are_split() -> None:
    article = "加快信澜、贝岚梦工场等项目建设。凯锐暖通器材、MOCVD设备研发制造"
    facts = ArticleFacts(
        projects=[Project(name="信澜"), Project(name="贝岚梦工场")],
        organizations=[
            Organization(name="MOCVD设备研发制造", type="company"),  # an activity, not a firm
            Organization(name="恒湃甲醇汽油及博硕液晶屏模块", type="company"),
            Organization(name="康龙化成", type="company"),  # a firm's own name stays whole
        ],
    )
    assert sorted(_run(article, facts)) == sorted(["康龙化成", "信澜", "贝岚", "恒湃", "博硕"])


def test_members_of_a_list_with_a_firm_named_in_full_are_firms() -> None:
    article = (
        "其中,大鹏标准件、新东方紧固件、豪锐玻璃等都通过增资扩股实现转型。"
        "大鹏标准件有限公司通过兼并重组做大。推进创新培育、项目攻坚等各项工作。"
        "形成了以“吉泰”为龙头的造纸包装印刷产业、以LED光电为代表的新能源产业。"
    )
    facts = ArticleFacts(organizations=[Organization(name="大鹏标准件有限公司", type="company")])
    assert _run(article, facts) == [
        "大鹏标准件有限公司", "新东方紧固件", "豪锐玻璃", "吉泰",
    ]  # fmt: skip


def test_a_list_the_sentence_calls_projects_is_read_by_code() -> None:
    # The model filed none of them: the list's own words say they are projects.
    article = "鑫岚光电、凯锐暖通器材、恒湃甲醇汽油及博硕LCD模块……一个个大项目投产。"
    assert sorted(_run(article, ArticleFacts())) == sorted(["鑫岚光电", "凯锐", "恒湃", "博硕"])


def test_two_firms_joined_as_one_keep_each_as_written_when_no_brand_heads_it() -> None:
    facts = ArticleFacts(organizations=[Organization(name="康龙化成和京新药业", type="company")])
    assert sorted(_run("", facts)) == sorted(["康龙化成", "京新药业"])
