"""Grounding finds facts in the raw page exactly, after folding, or not at all."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from extractor.ground.spans import ground_facts, locate
from extractor.text import fold
from schemas.common import Grounding, Span
from schemas.facts import (
    FACT_LISTS,
    ArticleFacts,
    ArticleMeta,
    Honor,
    Indicator,
    IndustryChain,
    Organization,
    Project,
    Region,
    Target,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# --- fold ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("１２５．６亿元", "125.6亿元"),
        ("增長３５．９％", "增长35.9%"),
        ("ＡＢＣ公司", "abc公司"),
        ("嘉興科技城", "嘉兴科技城"),
        ("2023—2027年", "2023-2027年"),
        ("10月9日～10月12日", "10月9日-10月12日"),
        ("“链长制”「链主」", '"链长制""链主"'),
        ("a\u3000b\xa0c", "a b c"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_length_preserving_on_pages() -> None:
    for name in ("000", "003"):
        raw = seed(name)
        assert len(fold(raw)) == len(raw)
    assert len(fold("面积120㎡…")) == len("面积120㎡…")


# --- locate ----------------------------------------------------------------------------------


def test_exact_match_is_grounded() -> None:
    raw = seed("000")
    spans, status = locate("438.09亿元", raw)
    assert status == "grounded"
    assert [raw[s.start : s.end] for s in spans] == ["438.09亿元"]
    assert spans[0].text == "438.09亿元"


def test_full_width_digits_are_fuzzy() -> None:
    raw = "据统计,全区实现产值１２５．６亿元,同比增长９．６％。"
    spans, status = locate("125.6亿元", raw)
    assert status == "fuzzy"
    assert raw[spans[0].start : spans[0].end] == "１２５．６亿元"
    spans, status = locate("增长9.6%", raw)
    assert (status, spans[0].text) == ("fuzzy", "增长９．６％")


def test_traditional_page_simplified_needle() -> None:
    raw = seed("003")
    spans, status = locate("规上工业总产值264.5亿元", raw)
    assert status == "fuzzy"
    assert spans[0].text == "規上工業總產值264.5億元"


def test_simplified_page_traditional_needle() -> None:
    spans, status = locate("規上產值1044億元", seed("002"))
    assert (status, spans[0].text) == ("fuzzy", "规上产值1044亿元")


def test_whitespace_and_thousands_separators() -> None:
    raw = "全年营业收入达 1,520.3 亿元。"
    spans, status = locate("1520.3亿元", raw)
    assert (status, spans[0].text) == ("fuzzy", "1,520.3 亿元")


def test_nearest_occurrence_to_hint() -> None:
    raw = seed("000")
    first = raw.index("钱塘区")
    later = raw.index("钱塘区汽车产业主平台")
    assert locate("钱塘区", raw)[0][0].start == first
    assert locate("钱塘区", raw, hint=later + 5)[0][0].start == later


def test_numbers_match_whole() -> None:
    raw = "产值112亿元,增长12.4%,其中2号线投资12亿元。"
    spans, _ = locate("12亿元", raw)
    assert spans[0].start == raw.index("12亿元。")
    assert locate("12", "增长12.4%,产值112亿元")[1] == "ungrounded"


def test_tolerant_match_for_long_names() -> None:
    raw = seed("000")
    quote = "杭州医药港聚焦龙头企业发挥龙头效应"
    assert locate(quote, raw) == ([], "ungrounded")
    spans, status = locate(quote, raw, tolerant=True)
    assert (status, spans[0].text) == ("fuzzy", "杭州医药港聚焦龙头企业,发挥龙头效应")
    # Quote marks the model leaves out are not needed even without tolerance.
    spans, status = locate("2021年度浙江省开发区产业链链长制优秀示范单位", raw)
    assert (status, spans[0].text) == ("fuzzy", "2021年度浙江省开发区产业链“链长制”优秀示范单位")
    spans, status = locate("浙江正泰电器科技有限公司", seed("003"), tolerant=True)
    assert (status, spans[0].text) == ("fuzzy", "浙江正泰電氣科技有限公司")


def test_org_name_with_added_legal_suffix() -> None:
    org = Organization(name="默沙东公司")
    g = ground_facts(ArticleFacts(organizations=[org]), seed("000")).organizations[0].grounding
    assert (g.status, g.flags, g.spans[0].text) == ("fuzzy", ["name_partial_match"], "默沙东")


def test_tolerant_never_accepts_a_different_number() -> None:
    raw = seed("000")
    assert locate("集成电路产业共实现产值438.19亿元", raw, tolerant=True) == ([], "ungrounded")


def test_missing_needle_is_ungrounded() -> None:
    assert locate("萧山区", seed("000")) == ([], "ungrounded")
    assert locate("", seed("000")) == ([], "ungrounded")


# --- ground_facts ----------------------------------------------------------------------------

REPEATED = (
    "今年以来,全区规上工业增加值增长10%,增速居全市第一。\n"
    "其中,数字经济核心产业营业收入增长10%,比去年同期提高3个百分点。\n"
)


def test_indicator_prefers_occurrence_near_its_name() -> None:
    ind = Indicator(subject="全区", name="数字经济核心产业营业收入", value="增长10%")
    facts = ground_facts(ArticleFacts(indicators=[ind]), REPEATED)
    (span,) = facts.indicators[0].grounding.spans
    assert span.start == REPEATED.index("增长10%,比去年")
    ind = Indicator(subject="全区", name="规上工业增加值", value="增长10%")
    (span,) = ground_facts(ArticleFacts(indicators=[ind]), REPEATED).indicators[0].grounding.spans
    assert span.start == REPEATED.index("增长10%")


def test_indicator_value_and_growth_spans() -> None:
    raw = seed("000")
    ind = Indicator(
        subject="钱塘区",
        name="集成电路产业产值",
        value="438.09亿元",
        period="2021年1-12月",
        growth="同比增长11.8%",
    )
    g = ground_facts(ArticleFacts(indicators=[ind]), raw).indicators[0].grounding
    assert g.status == "grounded" and g.flags == []
    assert [s.text for s in g.spans] == ["438.09亿元", "同比增长11.8%"]


def test_traditional_page_indicator_is_fuzzy() -> None:
    ind = Indicator(
        subject="嘉兴科技城", name="规上工业总产值", value="264.5亿元", growth="增长35.9%"
    )
    g = ground_facts(ArticleFacts(indicators=[ind]), seed("003")).indicators[0].grounding
    assert g.status == "fuzzy"
    assert [s.text for s in g.spans] == ["264.5億元", "增長35.9%"]


def test_unfindable_number_never_stays() -> None:
    raw = seed("000")
    good = Indicator(subject="前进智造园区", name="整车产量", value="12万辆")
    bad = Indicator(subject="钱塘区", name="营业收入", value="999亿元", growth="增长5%")
    invented = Project(name="亿元以上项目", investment="总投资888亿元")
    facts = ArticleFacts(
        indicators=[good, bad], regions=[Region(name="钱塘区")], projects=[invented]
    )

    for policy in ("flag", "drop"):
        out = ground_facts(facts, raw, policy=policy)
        # A fact whose value is not in the page is removed under either policy ...
        assert [i.value for i in out.indicators] == ["12万辆"]
        # ... and a secondary number that is not in the page is cleared, its flag kept.
        (project,) = out.projects
        assert project.investment is None and project.investment_quantity is None
        assert "investment_not_in_source" in project.grounding.flags
        assert len(out.regions) == 1
    # The input is never modified.
    assert facts.indicators[1].grounding.status == "unchecked"
    assert facts.projects[0].investment == "总投资888亿元"


def test_growth_not_in_source_is_cleared() -> None:
    ind = Indicator(subject="钱塘区", name="整车产量", value="12万辆", growth="同比增长7.7%")
    (out,) = ground_facts(ArticleFacts(indicators=[ind]), seed("000")).indicators
    assert out.growth is None
    assert out.grounding.flags == ["growth_not_in_source"]


def test_number_found_but_text_differs() -> None:
    ind = Indicator(subject="杭州医药港", name="生物医药企业数量", value="1400家")
    g = ground_facts(ArticleFacts(indicators=[ind]), seed("000")).indicators[0].grounding
    assert g.status == "fuzzy"
    assert g.flags == ["value_text_mismatch"]
    assert g.spans[0].text == "1400"


def test_named_facts_meta_and_summary() -> None:
    raw = seed("000")
    facts = ArticleFacts(
        meta=ArticleMeta(source="钱塘发布", publish_date="2022年1月25日"),
        regions=[Region(name="钱塘区"), Region(name="萧山区")],
        chains=[IndustryChain(name="芯智造产业链", leading_firms=["钱塘芯谷", "某某半导体"])],
        honors=[Honor(recipient="“芯智造”产业链", title="浙江省开发区产业链“链长制”优秀示范单位")],
        projects=[Project(name="亿元以上项目", investment="总投资232.6亿元")],
        targets=[Target(subject="钱塘区", description="进一步擦亮钱塘产业链链长制金字招牌")],
    )
    out = ground_facts(facts, raw, policy="drop")
    meta = out.meta.grounding
    assert meta.status == "fuzzy"
    assert [s.text for s in meta.spans] == ["钱塘发布", "2022-01-25"]
    assert [r.name for r in out.regions] == ["钱塘区"]
    chain = out.chains[0].grounding
    assert chain.status == "fuzzy" and chain.flags == ["leading_firm_not_in_source"]
    assert out.honors[0].grounding.status == "grounded"
    assert [s.text for s in out.projects[0].grounding.spans] == ["亿元以上项目", "总投资232.6亿元"]
    assert out.targets[0].grounding.status == "fuzzy"

    # The default policy keeps the region whose name is not in the page, flagged.
    kept = ground_facts(facts, raw)
    groundings = [kept.meta.grounding]
    groundings += [f.grounding for key in FACT_LISTS for f in getattr(kept, key)]
    assert Counter(g.status for g in groundings) == {"grounded": 3, "fuzzy": 3, "ungrounded": 1}
    assert [r.grounding.flags for r in kept.regions if r.grounding.flags] == [
        ["name_not_in_source"]
    ]
    assert sum(g.flags.count("name_not_in_source") for g in groundings) == 1


def test_indicator_spans_found_by_code_are_verified_not_searched_again() -> None:
    # The same number twice: a search would pick the first, the slot's span is the second.
    raw = "一期投资12亿元。二期投资12亿元,增长5%。"
    second = raw.rindex("12亿元")
    exact = Grounding(spans=[Span(start=second, end=second + 4, text="12亿元")], status="grounded")
    kept = ground_facts(
        ArticleFacts(indicators=[Indicator(subject="", name="", value="12亿元", grounding=exact)]),
        raw,
    )
    assert kept.indicators[0].grounding.spans[0].start == second


def test_indicator_with_a_stale_span_is_grounded_by_search() -> None:
    raw = "产值12亿元。"
    stale = Grounding(spans=[Span(start=0, end=4, text="12亿元")], status="grounded")
    found = ground_facts(
        ArticleFacts(indicators=[Indicator(subject="", name="", value="12亿元", grounding=stale)]),
        raw,
    )
    assert found.indicators[0].grounding.spans[0].start == raw.index("12亿元")
