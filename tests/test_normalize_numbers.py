"""parse_quantity, parse_change and normalize_facts on real and realistic phrasings."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.normalize import normalize_facts, parse_change, parse_quantity
from extractor.normalize.chinese_numerals import parse_chinese_number
from schemas.facts import ArticleFacts, ArticleMeta, Indicator, Project, Target

# text, value, unit, unit_as_written, qualifier
POINT_CASES = [
    # seed pages
    ("438.09亿元", 43_809_000_000, "CNY", "亿元", "exact"),
    ("438.09亿元元", 43_809_000_000, "CNY", "亿元", "exact"),  # doubled-unit typo on a real page
    ("1400余家", 1400, "enterprise", "家", "more_than"),
    ("12万辆", 120_000, "vehicle", "万辆", "exact"),
    ("25万", 250_000, None, "万", "exact"),
    ("超40%", 40, "%", "%", "more_than"),
    ("65.2%", 65.2, "%", "%", "exact"),
    ("7家", 7, "enterprise", "家", "exact"),
    ("一半以上", 50, "%", None, "at_least"),
    ("两条", 2, "item", "条", "exact"),
    ("三大", 3, "item", "大", "exact"),
    ("70多名", 70, "person", "名", "more_than"),
    ("14所", 14, "institution", "所", "exact"),
    ("近2400座", 2400, "item", "座", "at_most"),
    ("约50亿元", 5_000_000_000, "CNY", "亿元", "approximate"),
    ("总投资约50亿元", 5_000_000_000, "CNY", "亿元", "approximate"),
    ("2000万剂", 20_000_000, "dose", "万剂", "exact"),
    ("2.63平方公里", 2.63, "km2", "平方公里", "exact"),
    ("335万平方米", 3_350_000, "m2", "万平方米", "exact"),
    ("超10万台", 100_000, "unit", "万台", "more_than"),
    ("80%以上", 80, "%", "%", "at_least"),
    ("5.8億元", 580_000_000, "CNY", "億元", "exact"),  # traditional page
    ("30億只", 3_000_000_000, "piece", "億只", "exact"),
    ("亿元以上", 100_000_000, "CNY", "亿元", "at_least"),
    ("10亿元以上", 1_000_000_000, "CNY", "亿元", "at_least"),
    ("突破1000家", 1000, "enterprise", "家", "more_than"),
    ("7000余个", 7000, "item", "个", "more_than"),
    ("1,044亿元", 104_400_000_000, "CNY", "亿元", "exact"),
    # other phrasings and provinces
    ("1.2万余家", 12_000, "enterprise", "万家", "more_than"),
    ("约3000亩", 3000, "mu", "亩", "approximate"),
    ("3000亩左右", 3000, "mu", "亩", "approximate"),
    ("近百亿元", 10_000_000_000, "CNY", "亿元", "at_most"),
    ("百亿级", 10_000_000_000, None, "亿", "at_least"),
    ("千亿级", 100_000_000_000, None, "亿", "at_least"),
    ("万亿级", 1_000_000_000_000, None, "万亿", "at_least"),
    ("600亿级", 60_000_000_000, None, "亿", "at_least"),
    ("3.5平方公里", 3.5, "km2", "平方公里", "exact"),
    ("3个百分点", 3, "pp", "个百分点", "exact"),
    ("0.5百分点", 0.5, "pp", "百分点", "exact"),
    ("第一", 1, "ordinal", None, "exact"),
    ("第十一", 11, "ordinal", None, "exact"),
    ("前五", 5, "ordinal", None, "at_most"),
    ("30强", 30, "ordinal", "强", "at_most"),
    ("十强", 10, "ordinal", "强", "at_most"),
    ("1.5万吨", 15_000, "ton", "万吨", "exact"),
    ("10亿美元", 1_000_000_000, "USD", "亿美元", "exact"),
    ("15.6亿美元", 1_560_000_000, "USD", "亿美元", "exact"),
    ("800万剂", 8_000_000, "dose", "万剂", "exact"),
    ("１２３亿元", 12_300_000_000, "CNY", "亿元", "exact"),
    ("３８６．５亿元", 38_650_000_000, "CNY", "亿元", "exact"),
    ("１５％", 15, "%", "％", "exact"),  # the unit as written keeps the page's width
    ("4.2万亿元", 4_200_000_000_000, "CNY", "万亿元", "exact"),
    ("3,256家", 3256, "enterprise", "家", "exact"),
    ("1,200余名", 1200, "person", "名", "more_than"),
    ("300多万人", 3_000_000, "person", "万人", "more_than"),
    ("1万多名", 10_000, "person", "万名", "more_than"),
    ("逾三百亿元", 30_000_000_000, "CNY", "亿元", "more_than"),
    ("六十八个", 68, "item", "个", "exact"),
    ("两千亿元", 200_000_000_000, "CNY", "亿元", "exact"),
    ("八大", 8, "item", "大", "exact"),
    ("不到1万人", 10_000, "person", "万人", "less_than"),
    ("不少于500亩", 500, "mu", "亩", "at_least"),
    ("不超过3年", 3, "year", "年", "at_most"),
    ("5000个以上", 5000, "item", "个", "at_least"),
    ("12.5万个", 125_000, "item", "万个", "exact"),
    ("1.8万户", 18_000, "household", "万户", "exact"),
    ("上千家", 1000, "enterprise", "千家", "at_least"),
    ("十多家", 10, "enterprise", "家", "more_than"),
    ("二十余个", 20, "item", "个", "more_than"),
    ("一百多万", 1_000_000, None, "万", "more_than"),
    ("百分之三十", 30, "%", "百分之", "exact"),
    ("百分之3.5", 3.5, "%", "百分之", "exact"),
    ("两成", 20, "%", "成", "exact"),
    ("过半", 50, "%", None, "more_than"),
    ("近一半", 50, "%", None, "at_most"),
    ("约百分之三十", 30, "%", "百分之", "approximate"),
    ("不到两成", 20, "%", "成", "less_than"),
    ("1.5倍", 1.5, "times", "倍", "exact"),
    ("100万千瓦", 1_000_000, "kW", "万千瓦", "exact"),
    ("50MW", 50, "MW", "MW", "exact"),
    ("300万标箱", 3_000_000, "TEU", "万标箱", "exact"),
    ("1.2万人次", 12_000, "person_time", "万人次", "exact"),
    ("5栋", 5, "building", "栋", "exact"),
    ("3艘", 3, "vessel", "艘", "exact"),
    ("20台套", 20, "unit", "台套", "exact"),
    ("1年多", 1, "year", "年", "more_than"),
    ("50万元人民币", 500_000, "CNY", "万元人民币", "exact"),
    ("3亿欧元", 300_000_000, "EUR", "亿欧元", "exact"),
    ("-3.2%", -3.2, "%", "%", "exact"),
    # bare numerals: Chinese numbers standing alone
    ("一百二十", 120, None, None, "exact"),
    ("两千", 2000, None, None, "exact"),
    ("十四", 14, None, None, "exact"),
    ("1350", 1350, None, None, "exact"),
    # an unknown measure word is kept as written
    ("8道", 8, "道", "道", "exact"),
]


@pytest.mark.parametrize(("text", "value", "unit", "written", "qualifier"), POINT_CASES)
def test_parse_quantity_point(
    text: str, value: float, unit: str | None, written: str | None, qualifier: str
) -> None:
    q = parse_quantity(text)
    assert q is not None, text
    assert q.value == pytest.approx(value)
    assert (q.low, q.high) == (None, None)
    assert q.unit == unit
    assert q.unit_as_written == written
    assert q.qualifier == qualifier


# text, low, high, unit, qualifier
RANGE_CASES = [
    ("20-30亿元", 2e9, 3e9, "CNY", "exact"),
    ("20至30亿元", 2e9, 3e9, "CNY", "exact"),
    ("20～30亿元", 2e9, 3e9, "CNY", "exact"),
    ("20—30亿元", 2e9, 3e9, "CNY", "exact"),
    ("20亿-30亿元", 2e9, 3e9, "CNY", "exact"),
    ("约20-30亿元", 2e9, 3e9, "CNY", "approximate"),
    ("10%-15%", 10, 15, "%", "exact"),
    ("3到5家", 3, 5, "enterprise", "exact"),
    ("三至五家", 3, 5, "enterprise", "exact"),
    ("2-3个百分点", 2, 3, "pp", "exact"),
    ("数十亿元", 1e9, 1e10, "CNY", "approximate"),
    ("几十家", 10, 100, "enterprise", "approximate"),
    ("数百万人", 1e6, 1e7, "person", "approximate"),
    ("三至五亿元", 3e8, 5e8, "CNY", "exact"),
    ("两到三万人", 2e4, 3e4, "person", "exact"),
    ("1万-3万元", 1e4, 3e4, "CNY", "exact"),
    ("三四家", 3, 4, "enterprise", "approximate"),
    ("二三十个", 20, 30, "item", "approximate"),
]


@pytest.mark.parametrize(("text", "low", "high", "unit", "qualifier"), RANGE_CASES)
def test_parse_quantity_range(
    text: str, low: float, high: float, unit: str, qualifier: str
) -> None:
    q = parse_quantity(text)
    assert q is not None, text
    assert q.value is None
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))
    assert q.unit == unit
    assert q.qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    ["", "   ", "garbage", "无", "暂无数据", "2021年", "2022-01-25", "13:34:03", "5G", "N/A", "—"],
)
def test_parse_quantity_none(text: str) -> None:
    assert parse_quantity(text) is None


def test_parse_quantity_fraction() -> None:
    q = parse_quantity("三分之一左右")
    assert q is not None
    assert q.value == pytest.approx(33.3333, rel=1e-4)
    assert (q.unit, q.qualifier) == ("%", "approximate")


# text, value, unit, direction
CHANGE_CASES = [
    ("同比增长11.8%", 11.8, "%", "up"),
    ("增长11.8%", 11.8, "%", "up"),
    ("同比增長達242%", 242, "%", "up"),
    ("下降3.2%", -3.2, "%", "down"),
    ("同比下降2.1%", -2.1, "%", "down"),
    ("同比降3.2%", -3.2, "%", "down"),
    ("减少0.8%", -0.8, "%", "down"),
    ("回落0.5个百分点", -0.5, "pp", "down"),
    ("提高3个百分点", 3, "pp", "up"),
    ("比上年提升1.2个百分点", 1.2, "pp", "up"),
    ("增长1.5倍", 1.5, "times", "up"),
    ("翻一番", 100, "%", "up"),
    ("翻了一番", 100, "%", "up"),
    ("翻两番", 300, "%", "up"),
    ("增速12.4%", 12.4, "%", "up"),
    ("增速高达50.1%", 50.1, "%", "up"),
    ("增幅62.9%", 62.9, "%", "up"),
    ("增速为-3.2%", -3.2, "%", "down"),
    ("负增长2%", -2, "%", "down"),
    ("年均增长8.5%", 8.5, "%", "up"),
    ("增长约5%", 5, "%", "up"),
    ("11.8%", 11.8, "%", "up"),
    ("-3.2%", -3.2, "%", "down"),
    ("－3.2％", -3.2, "%", "down"),
    ("增加3家", 3, "enterprise", "up"),
]


@pytest.mark.parametrize(("text", "value", "unit", "direction"), CHANGE_CASES)
def test_parse_change(text: str, value: float, unit: str, direction: str) -> None:
    q = parse_change(text)
    assert q is not None, text
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.direction == direction


def test_parse_change_flat_and_levels() -> None:
    flat = parse_change("与上年持平")
    assert flat is not None and flat.value == 0 and flat.direction is None
    assert parse_change("增长至500亿元") is None  # a level reached, not a change
    assert parse_change("提高到80%") is None
    assert parse_change("") is None
    assert parse_change("稳步增长") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百二十", 120),
        ("两千", 2000),
        ("十四", 14),
        ("二十", 20),
        ("一百零五", 105),
        ("一百二", 120),
        ("两万三", 23_000),
        ("三千五百万", 35_000_000),
        ("三亿五千万", 350_000_000),
        ("百亿", 10_000_000_000),
        ("千亿", 100_000_000_000),
        ("万亿", 1_000_000_000_000),
        ("二〇二一", 2021),
        ("壹佰贰拾", 120),
        ("三四", None),
        ("百千", None),
        ("", None),
        ("abc", None),
    ],
)
def test_parse_chinese_number(text: str, value: int | None) -> None:
    assert parse_chinese_number(text) == value


# --- normalize_facts -----------------------------------------------------------------------


def _facts() -> ArticleFacts:
    return ArticleFacts(
        meta=ArticleMeta(title="钱塘区再揽省级大奖", publish_date="2022-01-25 13:34:03"),
        indicators=[
            Indicator(
                subject="钱塘区集成电路产业",
                name="产值",
                value="438.09亿元元",
                period="2021年1-12月",
                growth="同比增长11.8%",
            ),
            Indicator(subject="杭州医药港", name="生物医药企业", value="1400余家", period="目前"),
            Indicator(
                subject="经开区",
                name="规上工业增加值",
                value="8%",
                growth="下降3.2%",
                period="上半年",
                kind="target",
            ),
            Indicator(subject="某区", name="不知所云", value="若干", period="某时", growth="很快"),
        ],
        projects=[
            Project(name="瑞佰奥疫苗创新中心项目", investment="总投资约50亿元", date="1月30日"),
            Project(name="未知项目", investment=None, date="日前"),
        ],
        targets=[Target(subject="经开区", description="规模工业总产值", value="1300亿元")],
    )


def test_normalize_facts_fills_fields_beside_as_written() -> None:
    facts = _facts()
    out = normalize_facts(facts)
    assert out.meta.publish_date_iso == date(2022, 1, 25)
    assert out.meta.publish_date == "2022-01-25 13:34:03"

    ic = out.indicators[0]
    assert ic.value == "438.09亿元元" and ic.growth == "同比增长11.8%"
    assert ic.quantity is not None and ic.quantity.value == pytest.approx(43_809_000_000)
    assert ic.growth_quantity is not None and ic.growth_quantity.value == pytest.approx(11.8)
    assert ic.period_normalized is not None
    assert (ic.period_normalized.start, ic.period_normalized.end) == (
        date(2021, 1, 1),
        date(2021, 12, 31),
    )
    assert ic.period_normalized.text == "2021年1-12月"

    firms = out.indicators[1]
    assert firms.quantity is not None and firms.quantity.qualifier == "more_than"
    assert firms.period_normalized is not None
    assert firms.period_normalized.granularity == "to_date"
    assert firms.period_normalized.end == date(2022, 1, 25)

    target = out.indicators[2]  # a target's 上半年 is the coming one
    assert target.growth_quantity is not None and target.growth_quantity.direction == "down"
    assert target.period_normalized is not None
    assert target.period_normalized.start == date(2022, 1, 1)

    project = out.projects[0]
    assert project.investment_quantity is not None
    assert project.investment_quantity.qualifier == "approximate"
    assert project.date_iso == date(2022, 1, 30)
    assert out.projects[1].investment_quantity is None and out.projects[1].date_iso is None
    assert out.targets[0].quantity is not None
    assert out.targets[0].quantity.value == pytest.approx(130_000_000_000)


def test_normalize_facts_tolerates_garbage_and_is_pure() -> None:
    facts = _facts()
    before = facts.model_dump()
    out = normalize_facts(facts)
    assert facts.model_dump() == before  # the input is not modified
    junk = out.indicators[3]
    assert junk.quantity is None and junk.growth_quantity is None
    assert junk.period_normalized is not None
    assert junk.period_normalized.granularity == "unknown"
    assert junk.period_normalized.start is None and junk.period_normalized.end is None


def test_normalize_facts_without_publish_date() -> None:
    facts = ArticleFacts(
        meta=ArticleMeta(publish_date="发布日期不详"),
        indicators=[Indicator(subject="某区", name="产值", value="12万辆", period="上半年")],
    )
    out = normalize_facts(facts)
    assert out.meta.publish_date_iso is None
    period = out.indicators[0].period_normalized
    assert period is not None and period.granularity == "unknown"
    assert out.indicators[0].quantity is not None


def test_normalize_facts_keeps_a_known_publish_date() -> None:
    facts = ArticleFacts(meta=ArticleMeta(publish_date=None, publish_date_iso=date(2023, 8, 10)))
    facts.indicators.append(
        Indicator(subject="钱塘", name="增加值", value="352.4亿元", period="1-6月")
    )
    out = normalize_facts(facts)
    assert out.meta.publish_date_iso == date(2023, 8, 10)
    period = out.indicators[0].period_normalized
    assert period is not None and period.start == date(2023, 1, 1)
