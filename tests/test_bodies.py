"""Organizations that are places or bodies named only by their level are dropped."""

from __future__ import annotations

from extractor.rules.base import RuleContext
from extractor.rules.bodies import drop_places_and_unnamed_bodies
from schemas.facts import ArticleFacts, Organization


def test_places_and_unnamed_bodies_are_not_organizations() -> None:
    orgs = [
        Organization(name="烟台", type="agency"),
        Organization(name="成都市郫都区", type="company"),
        Organization(name="市科技局", type="agency"),
        Organization(name="浙江省商务厅", type="agency"),
        Organization(name="吉安", type="company"),  # a firm may bear a city's name
        Organization(name="钢城集团有限公司", type="company"),
    ]
    context = RuleContext(article="", model_names=[], places=["成都市郫都区"])
    kept = drop_places_and_unnamed_bodies(ArticleFacts(organizations=orgs), context)
    assert [o.name for o in kept.organizations] == ["浙江省商务厅", "吉安", "钢城集团有限公司"]
    assert context.flags == ["dropped_not_a_body:3"]


def test_officials_fragments_areas_and_credits_are_not_organizations() -> None:
    article = (
        "2020-05-23 甲讯 来源:乙日报\n本报讯 丙区日前提出目标。丁集团与戊公司签约。\n"
        "增长17.4%。己庚辛"
    )
    orgs = [
        Organization(name="丙区常务副区长张三", type="agency"),  # an official
        Organization(name="丙区日前提出的目标", type="company"),  # a clause fragment
        Organization(name="电子信息功能区中央商务区", type="company"),  # an area
        Organization(name="甲讯", type="company"),  # the credit line
        Organization(name="己庚辛", type="company"),  # the closing byline
        Organization(name="求是", type="company"),  # 是 inside a firm's name
        Organization(name="丁集团", type="company"),
        Organization(name="丙区人民政府", type="agency"),
    ]
    context = RuleContext(article=article, model_names=[])
    kept = drop_places_and_unnamed_bodies(ArticleFacts(organizations=orgs), context)
    assert [o.name for o in kept.organizations] == ["求是", "丁集团", "丙区人民政府"]


def test_firms_named_by_their_legal_form_are_found_by_code() -> None:
    from extractor.rules.companies import add_legal_names, legal_names

    article = (
        "在位于甲科技城的浙江乙电气科技有限公司,车间很忙。今年上半年丙电子股份有限公司投产。"
        "丁钢集团有限公司完成增加值7.3亿元,戊新集团、己公司等参加。"
    )
    names = [article[a:b] for a, b in legal_names(article)]
    assert names == ["浙江乙电气科技有限公司", "丙电子股份有限公司", "丁钢集团有限公司", "戊新集团"]
    facts = ArticleFacts(organizations=[Organization(name="戊新集团", type="company")])
    added = add_legal_names(facts, RuleContext(article=article, model_names=[]))
    assert [o.name for o in added.organizations] == [
        "戊新集团", "浙江乙电气科技有限公司", "丙电子股份有限公司", "丁钢集团有限公司",
    ]  # fmt: skip


def test_named_public_bodies_and_alliances_are_found_by_code() -> None:
    from extractor.rules.named_bodies import named_bodies

    article = (
        "甲系统还被浙江省经信厅认定为试点,并获科技部支持。记者从乙区发改委了解到,"
        "经开区产业招商局与30家银行成立了“中小科技企业金融保障服务联盟”。新产业平台被省发改委列入试点。"
        "丙公司在上海证券交易所上市。据市统计局数据,全市产值增长。"
    )
    assert named_bodies(article) == [
        ("浙江省经信厅", "agency"),
        ("科技部", "agency"),
        ("经开区产业招商局", "agency"),
        ("中小科技企业金融保障服务联盟", "association"),
        ("上海证券交易所", "other"),
    ]


def test_quoted_programs_and_platforms_are_not_organizations() -> None:
    article = "以“甲乙·丙丁”工程为例,以“戊入企”和“己高校行”两大品牌活动为载体,“庚里汇”平台上线。"
    orgs = [
        Organization(name=n, type="association")
        for n in ("甲乙·丙丁", "戊入企", "己高校行", "庚里汇")
    ]
    orgs.append(Organization(name="辛联盟", type="association"))
    context = RuleContext(article=article + "辛联盟成立。", model_names=[])
    kept = drop_places_and_unnamed_bodies(ArticleFacts(organizations=orgs), context)
    assert [o.name for o in kept.organizations] == ["辛联盟"]
