"""Scoring: matching rules, micro-averaged metrics, field accuracy and run health.

Gold and predictions are built by hand, and numbers/periods are parsed by the small stubs
below, so these tests do not depend on extractor.normalize.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from extractor.evaluation import load_gold, load_records
from extractor.evaluation.log import RunSpec
from extractor.evaluation.match import (
    Parsers,
    char_f1,
    default_parsers,
    normalize_text,
    numbers_agree,
)
from extractor.evaluation.score import gold_as_facts, score_records
from schemas.common import Grounding, Period, Quantity
from schemas.facts import ArticleFacts, ArticleMeta, Honor, Indicator, Project, Target
from schemas.gold import GoldArticle
from schemas.record import ExtractionRecord, Usage

# --- stub parsers ----------------------------------------------------------------------------

_UNITS = {
    "亿元": (1e8, "CNY"),
    "万元": (1e4, "CNY"),
    "元": (1.0, "CNY"),
    "家": (1.0, "enterprise"),
    "个": (1.0, "item"),
    "%": (1.0, "%"),
}
_NUM = r"(\d+(?:\.\d+)?)"
_QTY = re.compile(rf"{_NUM}(?:\s*[-~～至]\s*{_NUM})?(余|多)?(亿元|万元|元|家|个|%)")


def stub_quantity(text: str) -> Quantity | None:
    found = _QTY.search(text)
    if not found:
        return None
    low, high, more, unit = found.groups()
    factor, canonical = _UNITS[unit]
    if high:
        return Quantity(low=float(low) * factor, high=float(high) * factor, unit=canonical)
    qualifier = "more_than" if more else "exact"
    return Quantity(value=float(low) * factor, unit=canonical, qualifier=qualifier)


def stub_change(text: str) -> Quantity | None:
    found = re.search(rf"(增长|下降){_NUM}%", text)
    if not found:
        return None
    sign = -1.0 if found.group(1) == "下降" else 1.0
    return Quantity(value=sign * float(found.group(2)), unit="%")


def stub_period(text: str, publish_date: date | None) -> Period:
    found = re.search(r"(\d{4})年(?:1-12月)?$", text)
    if not found:
        return Period(text=text)
    year = int(found.group(1))
    return Period(text=text, start=date(year, 1, 1), end=date(year, 12, 31), granularity="year")


STUBS = Parsers(quantity=stub_quantity, change=stub_change, period=stub_period, source="stub")


# --- builders -------------------------------------------------------------------------------


def ind(name: str, value: str, subject: str = "钱塘区", **kw: object) -> dict:
    return {"subject": subject, "name": name, "value": value, "quote": f"{name}{value}", **kw}


def gold_article(doc_id: str = "a", **lists: object) -> GoldArticle:
    meta = lists.pop("meta", {"title": "钱塘区再揽省级大奖", "quotes": ["钱塘区再揽省级大奖"]})
    return GoldArticle.model_validate({"doc_id": doc_id, "meta": meta, **lists})


def ok(doc_id: str = "a", **facts: object) -> ExtractionRecord:
    return ExtractionRecord(
        doc_id=doc_id, status="ok", facts=ArticleFacts.model_validate(facts), seconds=2.0
    )


def score(records: list[ExtractionRecord], *golds: GoldArticle, **kw: object):
    return score_records(records, {g.doc_id: g for g in golds}, parsers=STUBS, **kw)


FULL_GOLD = {
    "meta": {
        "title": "钱塘区再揽省级大奖",
        "publish_date": "2022-01-25 13:34:03",
        "publish_date_iso": "2022-01-25",
        "source": "钱塘发布",
        "authors": ["张三", "李四"],
        "quotes": ["来源:钱塘发布 | 2022-01-25 13:34:03"],
    },
    "regions": [{"name": "钱塘区", "type": "区", "parent": "杭州市", "quote": "杭州市钱塘区"}],
    "chains": [
        {
            "name": "“芯智造”产业链",
            "region": "钱塘区",
            "leading_firms": ["钱塘芯谷"],
            "quote": "“芯智造”产业链",
        }
    ],
    "indicators": [
        ind("产值", "438.09亿元", "集成电路产业", period="2021年1-12月", growth="同比增长11.8%"),
        ind("上下游企业", "96家", "“芯智造”产业链"),
    ],
    "projects": [
        {
            "name": "新能源汽车零部件项目",
            "investment": "总投资50亿元",
            "status": "签约",
            "quote": "新能源汽车零部件项目",
        }
    ],
    "organizations": [
        {"name": "钱塘芯谷", "type": "other", "role": "牵头申报单位", "quote": "钱塘芯谷牵头申报"}
    ],
    "honors": [
        {
            "recipient": "“芯智造”产业链",
            "title": "2021年度浙江省开发区产业链“链长制”优秀示范单位",
            "rank": "位列榜首",
            "quote": "“芯智造”产业链位列榜首",
        }
    ],
    "targets": [
        {
            "subject": "钱塘区",
            "description": "集成电路产业产值突破千亿",
            "value": "1000亿元",
            "deadline": "到2025年",
            "quote": "到2025年集成电路产业产值突破1000亿元",
        }
    ],
    "policies": [{"name": "链长制", "description": "产业链链长负责制", "quote": "“链长制”"}],
}


# --- whole-article cases ---------------------------------------------------------------------


@pytest.mark.parametrize("parsers", [STUBS, Parsers()], ids=["stub-parsers", "string-only"])
def test_perfect_prediction_scores_one_everywhere(parsers: Parsers) -> None:
    gold = GoldArticle.model_validate({"doc_id": "a", **FULL_GOLD})
    record = ExtractionRecord(doc_id="a", status="ok", facts=gold_as_facts(gold))
    report = score_records([record], {"a": gold}, parsers=parsers)
    for m in report.metrics.values():
        assert (m.precision, m.recall, m.f1, m.name_f1) == (1.0, 1.0, 1.0, 1.0), m.fact_type
        assert m.fp == m.fn == 0 and m.exact == m.tp > 0
    assert report.metrics["meta"].tp == 4  # title, publish_date, source, authors
    assert report.metrics["overall"].tp == 4 + 1 + 1 + 2 + 1 + 1 + 1 + 1 + 1
    compared = [a for fields in report.fields.values() for a in fields.values() if a.compared]
    assert compared and all(a.accuracy == 1.0 for a in compared)


def test_empty_prediction_scores_zero() -> None:
    gold = GoldArticle.model_validate({"doc_id": "a", **FULL_GOLD})
    report = score([ok("a")], gold)
    for name, m in report.metrics.items():
        # Documented convention: an empty prediction against non-empty gold has precision 0.
        assert (m.precision, m.recall, m.f1) == (0.0, 0.0, 0.0), name
        assert m.tp == m.fp == 0 and m.fn == m.gold > 0
        assert m.name_f1 is None


def test_error_record_is_an_empty_prediction_and_a_validation_failure() -> None:
    gold = gold_article("a", indicators=[ind("产值", "438.09亿元")])
    failed = ExtractionRecord(doc_id="a", status="error", error="schema validation failed")
    report = score([failed, ok("b", indicators=[])], gold)
    assert report.metrics["indicators"].fn == 1 and report.metrics["indicators"].f1 == 0.0
    assert report.articles[0].status == "error"
    assert report.articles[0].error == "schema validation failed"
    assert report.quality.errors == 1 and report.quality.error_share == 0.5
    assert report.quality.unscored == ["b"]


def test_missing_record_scored_empty_or_skipped() -> None:
    golds = (gold_article("a"), gold_article("b"))
    record = ok("a", meta={"title": "钱塘区再揽省级大奖"})
    strict = score([record], *golds)
    assert strict.gold_articles == 2 and strict.quality.missing == 1
    assert strict.metrics["meta"].recall == 0.5
    lenient = score([record], *golds, score_missing=False)
    assert lenient.gold_articles == 1 and lenient.metrics["meta"].f1 == 1.0


def test_vacuous_types() -> None:
    gold = gold_article("a")
    nothing = score([ok("a", meta={"title": "钱塘区再揽省级大奖"})], gold).metrics["honors"]
    assert (nothing.precision, nothing.recall, nothing.f1) == (1.0, 1.0, 1.0)
    invented = score([ok("a", honors=[{"recipient": "x", "title": "y"}])], gold).metrics["honors"]
    assert (invented.precision, invented.recall, invented.f1) == (0.0, 1.0, 0.0)


# --- indicators -----------------------------------------------------------------------------


def test_partial_indicators_exact_numbers() -> None:
    gold = gold_article(
        indicators=[ind("产值", "438.09亿元"), ind("企业数量", "96家"), ind("营收", "120亿元")]
    )
    pred = [
        ind("产值", "438.09亿元"),
        ind("企业数量", "96家"),
        ind("营收", "125亿元"),  # wrong value: a miss and a spurious fact
        ind("税收", "8亿元"),  # spurious
    ]
    m = score([ok(indicators=pred)], gold).metrics["indicators"]
    assert (m.tp, m.fp, m.fn) == (2, 2, 1)
    assert m.precision == 2 / 4
    assert m.recall == 2 / 3
    assert m.f1 == pytest.approx(2 * (1 / 2) * (2 / 3) / (1 / 2 + 2 / 3))
    assert m.f1 == pytest.approx(4 / 7)


def test_numbers_match_across_units_and_tolerance() -> None:
    gold = gold_article(indicators=[ind("产值", "438.09亿元")])

    def tp(value: str) -> int:
        return score([ok(indicators=[ind("产值", value)])], gold).metrics["indicators"].tp

    assert tp("4380900万元") == 1
    assert tp("438.09 亿元") == 1
    assert tp("438.3亿元") == 1  # within the relative tolerance of 1e-3
    assert tp("440亿元") == 0
    assert tp("438.09家") == 0  # incompatible unit


def test_unparseable_values_fall_back_to_string_equality() -> None:
    gold = gold_article(indicators=[ind("产值", "438.09亿元")])
    no_parsers = Parsers()

    def tp(value: str) -> int:
        record = ok(indicators=[ind("产值", value)])
        return score_records([record], {"a": gold}, parsers=no_parsers).metrics["indicators"].tp

    assert tp("438.09 亿元") == 1
    assert tp("4380900万元") == 0
    stub_fails = gold_article(indicators=[ind("排名", "第一")])
    same = ok(indicators=[ind("排名", "第一")])
    assert score([same], stub_fails).metrics["indicators"].tp == 1


def test_real_normalizer_agrees_across_units() -> None:
    parsers = default_parsers()
    if parsers.quantity is None:
        pytest.skip("extractor.normalize.parse_quantity is not available yet")
    assert numbers_agree("438.09亿元", "4380900万元", parsers.parse_quantity, 1e-3)
    assert not numbers_agree("438.09亿元", "440亿元", parsers.parse_quantity, 1e-3)


def test_ranges() -> None:
    gold = gold_article(indicators=[ind("投资", "20-30亿元")])

    def tp(value: str) -> int:
        return score([ok(indicators=[ind("投资", value)])], gold).metrics["indicators"].tp

    assert tp("20～30亿元") == 1
    assert tp("200000-300000万元") == 1
    assert tp("20-35亿元") == 0
    assert tp("25亿元") == 0


def test_one_to_one_two_identical_predictions() -> None:
    gold = gold_article(indicators=[ind("产值", "438.09亿元")])
    m = score([ok(indicators=[ind("产值", "438.09亿元")] * 2)], gold).metrics["indicators"]
    assert (m.tp, m.fp, m.fn) == (1, 1, 0)


def test_assignment_prefers_the_better_name() -> None:
    gold = gold_article(
        indicators=[ind("工业总产值", "100亿元"), ind("工业增加值", "100亿元", subject="萧山区")]
    )
    pred = [ind("工业增加值", "100亿元", subject="萧山区"), ind("工业总产值", "100亿元")]
    report = score([ok(indicators=pred)], gold)
    pairs = report.articles[0].types["indicators"].matched
    assert [(p.gold.index, p.pred.index, p.exact) for p in pairs] == [(0, 1, True), (1, 0, True)]


def test_indicator_name_too_different_is_not_matched() -> None:
    gold = gold_article(indicators=[ind("工业总产值", "100亿元")])
    m = score([ok(indicators=[ind("税收收入", "100亿元")])], gold).metrics["indicators"]
    assert (m.tp, m.fp, m.fn) == (0, 1, 1)


# --- names ----------------------------------------------------------------------------------


def test_normalization_and_char_f1() -> None:
    assert normalize_text("《寧波市 “十四五” 規劃》") == "宁波市十四五规划"
    assert normalize_text("ＡＢＣ１２３") == "abc123"
    assert char_f1("产值", "工业总产值") == pytest.approx(2 * 1.0 * 0.4 / 1.4)
    assert char_f1("", "") == 1.0 and char_f1("a", "") == 0.0


def test_traditional_and_simplified_names_match() -> None:
    gold = gold_article(
        projects=[{"name": "新能源汽车产业链项目", "quote": "新能源汽车产业链项目"}],
        policies=[{"name": "“链长制”", "quote": "“链长制”"}],
    )
    record = ok(projects=[{"name": "新能源汽車產業鏈項目"}], policies=[{"name": "鏈長製"}])
    report = score([record], gold)
    for fact_type in ("projects", "policies"):
        m = report.metrics[fact_type]
        assert (m.tp, m.exact, m.name_f1) == (1, 1, 1.0), fact_type


def test_partial_name_credit_and_threshold() -> None:
    gold = gold_article(organizations=[{"name": "杭州医药港", "quote": "杭州医药港"}])
    close = score([ok(organizations=[{"name": "杭州医药港小镇"}])], gold).metrics["organizations"]
    assert close.tp == 1 and close.exact == 0
    assert close.name_f1 == pytest.approx(2 * 1.0 * (5 / 7) / (1 + 5 / 7))
    far = score([ok(organizations=[{"name": "钱塘芯谷"}])], gold).metrics["organizations"]
    assert far.tp == 0


def test_honors_need_recipient_and_title() -> None:
    title = "浙江省开发区产业链链长制优秀示范单位"
    gold = gold_article(honors=[{"recipient": "钱塘区", "title": title, "quote": title}])
    right = ok(honors=[{"recipient": "杭州市钱塘区", "title": title}])
    assert score([right], gold).metrics["honors"].tp == 1
    wrong = ok(honors=[{"recipient": "萧山经开区", "title": "国家级经开区"}])
    assert score([wrong], gold).metrics["honors"].tp == 0


def test_targets_blend_description_and_value() -> None:
    desc = "集成电路产业产值突破千亿"
    gold = gold_article(
        targets=[{"subject": "钱塘区", "description": desc, "value": "1000亿元", "quote": desc}]
    )
    same = ok(targets=[{"subject": "钱塘区", "description": desc, "value": "1000亿元"}])
    assert score([same], gold).articles[0].types["targets"].matched[0].similarity == 1.0
    other = ok(targets=[{"subject": "钱塘区", "description": desc, "value": "800亿元"}])
    pair = score([other], gold).articles[0].types["targets"].matched[0]
    assert pair.similarity == pytest.approx(0.7) and pair.wrong_fields == ["value"]
    vague = ok(targets=[{"subject": "钱塘区", "description": "产值千亿", "value": "800亿元"}])
    assert score([vague], gold).metrics["targets"].tp == 0


# --- metadata -------------------------------------------------------------------------------


def test_meta_fields() -> None:
    gold = gold_article(
        meta={
            "title": "钱塘区再揽省级大奖",
            "publish_date": "2022-01-25 13:34:03",
            "publish_date_iso": "2022-01-25",
            "source": "钱塘发布",
            "authors": ["张三", "李四"],
        }
    )
    pred = ok(
        meta={
            "title": "杭州钱塘区再揽省级大奖!",
            "publish_date": "2022年1月25日",
            "source": "杭州日报",
            "authors": ["李四", "张三"],
        }
    )
    report = score([pred], gold)
    m = report.metrics["meta"]
    assert (m.tp, m.fp, m.fn) == (3, 1, 1)  # the wrong source is both spurious and missed
    detail = report.articles[0].types["meta"]
    assert [p.gold.label.split(":")[0] for p in detail.matched] == [
        "title",
        "publish_date",
        "authors",
    ]
    assert detail.misses[0].label == "source: 钱塘发布"
    short = ok(meta={"title": "钱塘区大奖"})
    assert score([short], gold).metrics["meta"].tp == 0  # title char-F1 < 0.8


# --- field accuracy -------------------------------------------------------------------------


def test_field_accuracy_exact_values() -> None:
    gold = gold_article(
        indicators=[
            ind("产值", "438.09亿元", period="2021年1-12月", growth="同比增长11.8%"),
            ind("营业收入", "120亿元", period="2021年"),
        ],
        projects=[
            {"name": "芯片项目", "investment": "总投资50亿元", "status": "签约", "quote": "x"}
        ],
    )
    pred = ok(
        indicators=[
            ind("产值", "438.09亿元", subject="萧山区", period="2021年", growth="增长11.8%"),
            ind("营业收入", "1200000万元", period="2022年", kind="target"),
        ],
        projects=[{"name": "芯片项目", "investment": "50亿元", "status": "开工"}],
    )
    report = score([pred], gold)
    assert report.metrics["indicators"].tp == 2
    acc = {name: (a.compared, a.correct) for name, a in report.fields["indicators"].items()}
    assert acc == {
        "subject": (2, 1),
        "name": (2, 2),
        "period": (2, 1),
        "unit": (2, 2),
        "growth": (1, 1),
        "share": (0, 0),
        "kind": (2, 1),
    }
    assert report.fields["indicators"]["share"].accuracy is None
    assert report.fields["indicators"]["subject"].accuracy == 0.5
    projects = report.fields["projects"]
    assert (projects["investment"].accuracy, projects["status"].accuracy) == (1.0, 0.0)
    wrong = [p.wrong_fields for p in report.articles[0].types["indicators"].matched]
    assert wrong == [["subject"], ["period", "kind"]]


# --- run health -----------------------------------------------------------------------------


def test_quality_usage_and_timing() -> None:
    gold = gold_article(indicators=[ind("产值", "438.09亿元")])
    grounded = Grounding(status="grounded", flags=["growth_not_in_source"])
    facts = ArticleFacts(
        meta=ArticleMeta(title="钱塘区再揽省级大奖"),
        indicators=[
            Indicator(
                subject="钱塘区",
                name="产值",
                value="438.09亿元",
                growth="增长11.8%",
                grounding=grounded,
            ),
            Indicator(
                subject="钱塘区",
                name="税收",
                value="9亿元",
                grounding=Grounding(status="ungrounded", flags=["value_not_in_source"]),
            ),
        ],
        projects=[Project(name="项目", investment="5亿元", grounding=Grounding(status="fuzzy"))],
        targets=[Target(subject="钱塘区", description="千亿", value="1000亿元")],
        honors=[Honor(recipient="钱塘区", title="示范", grounding=Grounding(status="grounded"))],
    )
    records = [
        ExtractionRecord(
            doc_id="a",
            status="ok",
            facts=facts,
            seconds=3.0,
            flags=["truncated_input"],
            usage=Usage(calls=2, prompt_tokens=100, completion_tokens=20, retries=1),
        ),
        ExtractionRecord(
            doc_id="b",
            status="error",
            seconds=1.0,
            usage=Usage(calls=1, prompt_tokens=50, cache_hit=True, cached_passes=1),
        ),
    ]
    started = "2024-01-01T00:00:00"
    spec = RunSpec(model="m", started=started, finished="2024-01-01T00:00:03.5")
    report = score(records, gold, run_spec=spec)
    q = report.quality
    # value and growth of 产值, value of 税收, investment, target value
    assert (q.numbers_reported, q.numbers_located, q.numbers_unchecked) == (5, 2, 1)
    assert q.located_share == 2 / 5
    assert (q.facts_predicted, q.facts_flagged, q.facts_ungrounded) == (5, 2, 1)
    assert q.fact_flags == {"growth_not_in_source": 1, "value_not_in_source": 1}
    assert q.page_flags == {"truncated_input": 1}
    assert (q.records, q.errors, q.error_share) == (2, 1, 0.5)
    u = report.usage
    assert (u.calls, u.prompt_tokens, u.completion_tokens, u.total_tokens) == (3, 150, 20, 170)
    assert (u.retries, u.cache_hits, u.cached_passes) == (1, 1, 1)
    t = report.timing
    assert (t.total_seconds, t.mean_seconds, t.max_seconds, t.run_seconds) == (4.0, 2.0, 3.0, 3.5)


def test_duplicate_records_keep_the_last() -> None:
    gold = gold_article(indicators=[ind("产值", "438.09亿元")])
    records = [ok(indicators=[]), ok(indicators=[ind("产值", "438.09亿元")])]
    report = score(records, gold)
    assert report.quality.duplicates == 1 and report.metrics["indicators"].tp == 1


def test_run_spec_drops_secrets() -> None:
    spec = RunSpec(settings={"api_key": "sk-1", "concurrency": 2, "hf_token": "t"})
    assert spec.settings == {"concurrency": 2}


# --- loading --------------------------------------------------------------------------------


def test_load_gold_and_records(tmp_path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = gold_article("doc1", indicators=[ind("产值", "438.09亿元")])
    (gold_dir / "doc1.json").write_text(gold.model_dump_json(), encoding="utf-8")
    assert load_gold(gold_dir) == {"doc1": gold}

    run = tmp_path / "run.jsonl"
    good = ok("doc1").model_dump_json()
    invalid = '{"doc_id": "doc2", "status": "maybe", "model": "m"}'
    run.write_text(f"{good}\n\n{invalid}\nnot json at all\n", encoding="utf-8")
    records, broken = load_records(run)
    assert [(r.doc_id, r.status) for r in records] == [("doc1", "ok"), ("doc2", "error")]
    assert records[1].error.startswith("unreadable record: status")
    assert [b.line for b in broken] == [4]
