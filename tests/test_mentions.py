"""find_mentions: every number in a page, with exact offsets, kinds and change verbs."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import Mention, find_mentions

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.kind) for m in find_mentions(text)]


# sentence, every mention it holds as (text, kind), in order
SENTENCE_CASES = [
    # seed phrasings
    (
        "70多名行业专家作为“主考官”,72个开发区的80条产业链分别参加了8个产业专场的考试",
        [("70多名", "quantity"), ("72个", "quantity"), ("80条", "quantity"), ("8个", "quantity")],
    ),
    (
        "推动三大主导产业走在全省前列,本次两条产业链“链长制”列为优秀示范单位",
        [("三大", "quantity"), ("两条", "quantity")],
    ),
    (
        "2021年1-12月,集成电路产业共实现产值438.09亿元元,同比增长11.8%。",
        [("2021年1-12月", "date"), ("438.09亿元元", "quantity"), ("11.8%", "change")],
    ),
    (
        "完成签约落地亿元以上项目35个(10亿元以上项目11个),占全市一半以上",
        [
            ("亿元以上", "quantity"),
            ("35个", "quantity"),
            ("10亿元以上", "quantity"),
            ("11个", "quantity"),
            ("一半以上", "quantity"),
        ],
    ),
    (
        "14所高校、25万在校师生为钱塘区产业链带来强有力的发展后劲",
        [("14所", "quantity"), ("25万", "quantity")],
    ),
    (
        "2021年1-11月,前进智造园区实现整车产量12万辆,占钱塘区整车产量的65.2%;占杭州市汽车产业超40%。",
        [
            ("2021年1-11月", "date"),
            ("12万辆", "quantity"),
            ("65.2%", "quantity"),
            ("超40%", "quantity"),
        ],
    ),
    (
        "“芯智造”产业链集聚了上下游企业96家",
        [("96家", "quantity")],
    ),
    (
        "累计安装5G基站近2400座,数字基础设施建设居全省第一。",
        [("近2400座", "quantity"), ("第一", "ordinal")],
    ),
    (
        "“万亿级产业群—千亿级产业集群—百亿级‘新星’产业群—三十个未来产业先导区”",
        [
            ("万亿级", "quantity"),
            ("千亿级", "quantity"),
            ("百亿级", "quantity"),
            ("三十个", "quantity"),
        ],
    ),
    (
        "嘉興科技城上半年規上工業總產值264.5億元,增長35.9%",
        [("264.5億元", "quantity"), ("35.9%", "change")],
    ),
    (
        "入圍中國化工園區30強,力爭進入十強和國家級開發區50強",
        [("30強", "ordinal"), ("十強", "ordinal"), ("50強", "ordinal")],
    ),
    (
        "10月9日—10月12日,环球网携北京大学经济学院专家学者走进上虞",
        [("10月9日—10月12日", "date")],
    ),
    (
        "今年1到8月,上虞区规上工业增加值增长1.9%,新产品的产值增长18.7%,在全省位列第一。",
        [("1到8月", "date"), ("1.9%", "change"), ("18.7%", "change"), ("第一", "ordinal")],
    ),
    (
        "企业累计投入数十亿元,实现年订单量超10万台,经营业绩稳居行业前四位。",
        [("数十亿元", "quantity"), ("超10万台", "quantity"), ("前四位", "ordinal")],
    ),
    (
        "发布《数字经济三年行动计划(2023-2025)》,实施“11339”计划",
        [("三年", "quantity"), ("2023-2025", "date")],
    ),
    (
        "二季度实现高新技术产业投资101.09亿元,增幅62.9%,占固定资产投资比重32.47%",
        [
            ("二季度", "date"),
            ("101.09亿元", "quantity"),
            ("62.9%", "change"),
            ("32.47%", "quantity"),
        ],
    ),
    (
        "近三年,上虞累计实施智能制造、机器换人等重点项目172个",
        [("近三年", "date"), ("172个", "quantity")],
    ),
    # other provinces
    (
        "前三季度，全省地区生产总值达4.2万亿元，同比增长5.6%，比上半年提高0.3个百分点。",
        [
            ("前三季度", "date"),
            ("4.2万亿元", "quantity"),
            ("5.6%", "change"),
            ("0.3个百分点", "change"),
        ],
    ),
    (
        "2022年，合肥新能源汽车产量达25.5万辆，增长1.4倍，产值翻一番。",
        [("2022年", "date"), ("25.5万辆", "quantity"), ("1.4倍", "change"), ("翻一番", "change")],
    ),
    (
        "项目总投资20亿-30亿元，达产后年产值约50亿元左右。",
        [("20亿-30亿元", "quantity"), ("约50亿元左右", "quantity")],
    ),
    (
        "社会消费品零售总额同比下降2.1%，全市共有市场主体1.2万余家。",
        [("2.1%", "change"), ("1.2万余家", "quantity")],
    ),
    (
        "共签约项目六十八个，投资额逾三百亿元，其中外资项目三四个。",
        [("六十八个", "quantity"), ("逾三百亿元", "quantity"), ("三四个", "quantity")],
    ),
    (
        "十四五期间，全省新增产能300万吨，引进人才１２００余名，出口１０亿美元。",
        [
            ("十四五", "date"),
            ("300万吨", "quantity"),
            ("１２００余名", "quantity"),
            ("１０亿美元", "quantity"),
        ],
    ),
    (
        "第一季度，湖北光谷入选全国十大创新集群，位列第3名，第二批名单于3月公布。",
        [
            ("第一季度", "date"),
            ("十大", "quantity"),
            ("第3", "ordinal"),
            ("第二", "ordinal"),
            ("3月", "date"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_find_mentions_in_sentences(text: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "5G基站、“415X”先进制造业集群、“315”科技创新体系",  # names, not numbers
        "认真贯彻落实党的二十大精神",  # 二十大 is a congress
        "三个“一号工程”中的“一号”",  # only 三个 (checked below): 一号 is a name
        "汽车零部件、产业链上下游、统一部署",
        "和剂药业研发中心正式开放,这个生物医药百亿项目推进取得新进展",
        "构建供需荟、企智通等三荟两通五场景",
        "一家或几家上市公司引领一个产业集群",
        "打造“1到N”产业集成创新体系,发布《“2.0版”方案》",
        "实现两位数增长",
    ],
)
def test_find_mentions_ignores_names_and_idioms(text: str) -> None:
    assert [p for p in _pairs(text) if p != ("三个", "quantity")] == []


@pytest.mark.parametrize(
    "text",
    [
        "2022-01-24 16:06:07",
        "2022-01-25",
        "13:34:03",
        "2021年",
        "2021年度",
        "2022年1月25日",
        "二〇二一年",
        "1-12月",
        "1—11月",
        "2月16日",
        "二季度",
        "前三季度",
        "2023—2027年",
        "近5年",
        "前两个月",
        "30日",
    ],
)
def test_dates_are_dates(text: str) -> None:
    mentions = find_mentions(text)
    assert [(m.text, m.kind) for m in mentions] == [(text, "date")]
    assert mentions[0].quantity is None


def test_change_mentions_carry_verb_and_sign() -> None:
    text = "出口同比增长达45%,进口同比下降3.2%,占比提高3个百分点"
    up, down, pp = find_mentions(text)
    assert (up.change, up.quantity.value, up.quantity.direction) == ("同比增长", 45, "up")
    assert text[up.change_start : up.start] == "同比增长达"  # 达 stands between verb and number
    assert (down.change, down.quantity.value, down.quantity.direction) == ("同比下降", -3.2, "down")
    assert (pp.change, pp.quantity.unit) == ("提高", "pp")


def test_level_and_value_added_are_not_changes() -> None:
    kinds = _pairs("规上工业增加值352.4亿元,占比提高到30%,营收增长至500亿元")
    assert kinds == [("352.4亿元", "quantity"), ("30%", "quantity"), ("500亿元", "quantity")]


def test_mention_quantities() -> None:
    by_text = {m.text: m for m in find_mentions("产业链集聚企业96家,产值438.09亿元元,超40%")}
    assert by_text["96家"].quantity.unit == "enterprise"
    assert by_text["438.09亿元元"].quantity.value == pytest.approx(43_809_000_000)
    assert by_text["超40%"].quantity.qualifier == "more_than"


def test_offsets_point_into_the_original_text() -> None:
    text = "嘉興科技城規上工業總產值２６４．５億元,增長35.9%。"
    for m in find_mentions(text):
        assert text[m.start : m.end] == m.text
    assert [m.text for m in find_mentions(text)] == ["２６４．５億元", "35.9%"]


def test_empty_and_numberless_text() -> None:
    assert find_mentions("") == []
    assert find_mentions("企业是生产的细胞,如何发挥好“链长制”的聚合作用") == []


def test_mention_is_frozen_and_hashable() -> None:
    m = find_mentions("96家")[0]
    assert isinstance(m, Mention)
    with pytest.raises(AttributeError):
        m.start = 3  # type: ignore[misc]
    assert len({m, find_mentions("96家")[0]}) == 1


# --- whole seed pages ----------------------------------------------------------------------


def test_there_are_seed_pages() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_offsets_are_exact(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    mentions = find_mentions(text)
    assert mentions
    previous_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end  # in order, never overlapping
        previous_end = m.end
        assert (m.quantity is None) == (m.kind == "date")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_timestamps_and_years_are_dates(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for m in find_mentions(text):
        if m.kind != "date":
            assert "年" not in m.text or "周年" in m.text or m.quantity.unit == "year", m
            assert ":" not in m.text, m


def test_seed_timestamp_list_is_all_dates() -> None:
    text = next(p for p in SEEDS if p.name.startswith("000_")).read_text(encoding="utf-8")
    stamps = [m for m in find_mentions(text) if m.text == "2022-01-24 16:06:07"]
    assert len(stamps) == 1 and stamps[0].kind == "date"
    tail = text[text.index("(图片来源") :]
    offset = text.index(tail)
    assert all(m.kind == "date" for m in find_mentions(text) if m.start >= offset)


# seed file prefix -> mentions (text, kind) that must be found on that page
SEED_EXPECTED = {
    "000_": [
        ("70多名", "quantity"),
        ("80条", "quantity"),
        ("三大", "quantity"),
        ("两条", "quantity"),
        ("96家", "quantity"),
        ("438.09亿元元", "quantity"),
        ("11.8%", "change"),
        ("1400余家", "quantity"),
        ("十大", "quantity"),
        ("7家", "quantity"),
        ("一半以上", "quantity"),
        ("232.6亿元", "quantity"),
        ("12万辆", "quantity"),
        ("超40%", "quantity"),
        ("14所", "quantity"),
        ("25万", "quantity"),
        ("2022-01-25 13:34:03", "date"),
    ],
    "001_": [
        ("352.4亿元", "quantity"),
        ("12.4%", "change"),
        ("50.1%", "change"),
        ("近2400座", "quantity"),
        ("29家", "quantity"),
        ("近1600家", "quantity"),
        ("七家", "quantity"),
        ("101.09亿元", "quantity"),
        ("62.9%", "change"),
        ("4633名", "quantity"),
        ("突破1000家", "quantity"),
        ("2023-08-10 10:23", "date"),
    ],
    "002_": [
        ("1350亿元", "quantity"),
        ("1044亿元", "quantity"),
        ("66%", "quantity"),
        ("8大", "quantity"),
        ("八条", "quantity"),
        ("667亿元", "quantity"),
        ("600亿级", "quantity"),
        ("40余项", "quantity"),
        ("30强", "ordinal"),
        ("2020-10-15 13:30:37", "date"),
    ],
    "003_": [
        ("5.8億元", "quantity"),
        ("242%", "change"),
        ("80%以上", "quantity"),
        ("900多名", "quantity"),
        ("三大", "quantity"),
        ("264.5億元", "quantity"),
        ("22.18億元", "quantity"),
        ("100億只", "quantity"),
        ("超50%", "quantity"),
        ("前五", "ordinal"),
        ("萬畝", "quantity"),
        ("2021-08-10 14:27:42", "date"),
    ],
    "004_": [
        ("1月30日", "date"),
        ("约50亿元", "quantity"),
        ("1300亿元", "quantity"),
        ("8%", "change"),
        ("2000万剂", "quantity"),
        ("20余个", "quantity"),
        ("2.63平方公里", "quantity"),
        ("数十亿元", "quantity"),
        ("超10万台", "quantity"),
        ("7000余个", "quantity"),
        ("335万平方米", "quantity"),
        ("90余名", "quantity"),
    ],
}


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_pages_hold_their_figures(prefix: str) -> None:
    text = next(p for p in SEEDS if p.name.startswith(prefix)).read_text(encoding="utf-8")
    found = set(_pairs(text))
    missing = [pair for pair in SEED_EXPECTED[prefix] if pair not in found]
    assert missing == []
