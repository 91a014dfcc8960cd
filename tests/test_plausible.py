"""Facts without the marks of their type are dropped; off-topic pages are recognized."""

from extractor.rules.plausible import filter_misfiled, looks_off_topic
from schemas.facts import ArticleFacts, ArticleMeta, Organization, Project, Region, Target


def test_zones_events_and_programs_are_not_organizations() -> None:
    facts = ArticleFacts(
        meta=ArticleMeta(source="甲区发布"),
        regions=[Region(name="乙高新区")],
        organizations=[
            Organization(name="丙药业"),
            Organization(name="丁大学", type="university"),
            Organization(name="乙高新区"),  # also a region
            Organization(name="戊医药港"),
            Organization(name="第三届己大会"),
            Organization(name="“庚”工程"),
            Organization(name="甲区发布"),  # the outlet reporting
        ],
    )
    kept, removed = filter_misfiled(facts)
    assert [o.name for o in kept.organizations] == ["丙药业", "丁大学"]
    assert removed == 5


def test_projects_need_money_or_a_project_noun_and_targets_a_future() -> None:
    facts = ArticleFacts(
        projects=[
            Project(name="甲新能源电池项目"),
            Project(name="乙公司", investment="总投资50亿元"),
            Project(name="丙公司", investment="很多"),
            Project(name="丁公司"),
        ],
        targets=[
            Target(subject="甲区", description="到2025年产值突破千亿元"),
            Target(subject="甲区", description="产值增长8%"),
        ],
    )
    kept, removed = filter_misfiled(facts)
    assert [p.name for p in kept.projects] == ["甲新能源电池项目", "乙公司"]
    assert [t.description for t in kept.targets] == ["到2025年产值突破千亿元"]
    assert removed == 3


def test_off_topic() -> None:
    assert looks_off_topic("今天天气晴朗，适合郊游。", quantities=0)
    assert not looks_off_topic("开发区产业集群企业投资", quantities=0)
    # A short economic brief with numbers stays on-topic ...
    assert not looks_off_topic("甲区一季度GDP增长5%，工业产值120亿元。", quantities=2)
    # ... a long page with numbers and almost no economic words does not.
    match = "甲队主场以98比87战胜乙队，现场观众3万人次，" * 40 + "赛事带动了企业赞助。"
    assert looks_off_topic(match, quantities=40)


FEE_NOTICE = (
    "关于市第一中学2023年秋季学期收费标准的公示\n"
    "根据省教育厅《关于规范中小学收费管理的通知》,经市物价局核准,现将我校2023年秋季学期"
    "收费项目及标准公示如下:一、学费:每生每学期1200元。二、住宿费:每生每学期400元。"
    "三、代收费项目:作业本费每生每学期30元。学校不得擅自增加收费项目、提高收费标准。"
)
PRICE_NOTICE = (
    "关于调整城市供水价格的通知\n经价格听证,居民生活用水价格调整为每立方米3.5元,"
    "非居民用水价格调整为每立方米4.8元,特种行业用水价格每立方米12元,自2024年1月1日起执行。"
    "企业用水按非居民价格执行。"
)
RESULTS = (
    "某乳业2022年实现营业收入282.15亿元,同比下降3.39%;归属于上市公司股东的净利润3.61亿元。"
    "公司拟向全体股东每股派发现金红利0.08元,现金分红占净利润比例为30.58%。"
    "公司将加大投资,服务产业发展,带动企业上下游。"
)


def test_notices_of_fees_and_prices_and_company_results_are_off_topic() -> None:
    for page in (FEE_NOTICE, PRICE_NOTICE, RESULTS):
        assert looks_off_topic(page, quantities=4)


def test_regional_pages_that_mention_schools_or_prices_stay_on_topic() -> None:
    page = (
        "高新区已集聚企业1400余家,联合14所高校建设产业学院,培养学生3000名;"
        "园区产业集群产值增长12%,工业投资稳定,项目建设提速,土地价格保持平稳。"
    )
    assert not looks_off_topic(page, quantities=4)


def test_a_traditional_page_with_inline_pinyin_is_on_topic_once_cleaned() -> None:
    from extractor.page.clean import clean_page

    raw = (
        "江蘇省提出沿江開發(fā)目標(biāo):到2012年,地區(qū)生產(chǎn)總值達(dá)到22800億元。"
        "大力發(fā)展高新技術(shù)產(chǎn)業(yè),力爭建成20個(gè)綜合經(jīng)濟開發(fā)區(qū)。"
    )
    assert not looks_off_topic(clean_page(raw).text, quantities=2)


def test_clauses_kinds_and_firms_are_not_project_names() -> None:
    from extractor.rules.plausible import filter_misfiled
    from schemas.facts import ArticleFacts, Project

    names = [
        "甲区举行第四季度项目",  # a clause
        "每月召开重点项目",
        "2022年全区市级重点产业项目",  # a kind of project
        "内外资签约项目",
        "乙钢集团有限公司",  # a firm
        "丙区科技产业园项目",
        "丁长福安置房项目",
    ]
    kept, removed = filter_misfiled(ArticleFacts(projects=[Project(name=n) for n in names]))
    assert [p.name for p in kept.projects] == ["丙区科技产业园项目", "丁长福安置房项目"]
    assert removed == 5
