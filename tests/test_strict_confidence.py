"""The strict indicator score and field accuracy by the confidence a prediction states."""

from __future__ import annotations

import json

from extractor.evaluation import evaluate_run
from extractor.evaluation.confidence import bucket_of, field_confidences, read_raw_confidences
from extractor.evaluation.log import RunSpec
from extractor.evaluation.markdown import render_markdown
from tests.test_scoring import STUBS, gold_article, ind, ok, score


def _strict(report):
    return report.strict["indicators"]


def test_strict_needs_value_subject_name_and_gold_period() -> None:
    gold = gold_article(
        indicators=[
            ind("产值", "438.09亿元", period="2021年"),
            ind("企业数量", "96家"),
            ind("营收", "120亿元", period="2021年"),
            ind("税收", "8亿元"),
        ]
    )
    pred = [
        ind("产值", "438.09亿元", period="2021年"),  # all right
        ind("企业数量", "96家", period="2021年"),  # gold has no period: not required
        ind("营收", "120亿元"),  # gold's period missing: not strict
        ind("税收", "8亿元", subject="萧山区"),  # wrong subject: not strict
    ]
    report = score([ok(indicators=pred)], gold)
    assert report.metrics["indicators"].tp == 4  # the blended match forgives all of them
    s = _strict(report)
    assert (s.tp, s.fp, s.fn) == (2, 2, 2)
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)
    assert s.name_f1 is None


def test_strict_has_its_own_assignment() -> None:
    # The blended match pairs the gold 工业总产值 of 钱塘区 with the prediction of the closer
    # name; the strict score still finds the one prediction that is right on every field.
    gold = gold_article(indicators=[ind("工业总产值", "100亿元", subject="钱塘区")])
    pred = [
        ind("工业总产值", "100亿元", subject="杭州市钱塘区新区"),
        ind("工业总产值", "100亿元", subject="钱塘区"),
    ]
    s = _strict(score([ok(indicators=pred)], gold))
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)


def test_strict_perfect_and_empty() -> None:
    gold = gold_article(indicators=[ind("产值", "438.09亿元", period="2021年")])
    perfect = _strict(score([ok(indicators=[ind("产值", "438.09亿元", period="2021年")])], gold))
    assert perfect.f1 == 1.0
    assert _strict(score([ok()], gold)).f1 == 0.0


def test_indicator_field_accuracy_lists_the_identifying_fields() -> None:
    gold = gold_article(indicators=[ind("产值", "438.09亿元", period="2021年")])
    report = score([ok(indicators=[ind("产值", "438.09亿元", period="2021年")])], gold)
    assert {"subject", "name", "period", "unit", "growth"} <= set(report.fields["indicators"])


# --- confidence -------------------------------------------------------------------------------


def test_buckets_and_defensive_parsing() -> None:
    assert [bucket_of(x) for x in (0.0, 0.49, 0.5, 0.69, 0.7, 0.89, 0.9, 1.0)] == [
        0, 0, 1, 1, 2, 2, 3, 3,
    ]  # fmt: skip
    assert field_confidences({"subject": 0.9, "name": 1, "period": 1.5, "unit": "high"}) == {
        "subject": 0.9,
        "name": 1.0,
    }
    assert field_confidences({"subject": True, "name": float("nan")}) == {}
    assert field_confidences(0.8) == {} and field_confidences(None) == {}


def _confident_run(tmp_path):
    project = {"name": "芯片项目", "status": "签约", "quote": "芯片项目签约"}
    gold = gold_article(
        "doc1",
        indicators=[
            ind("产值", "438.09亿元", period="2021年"),
            ind("企业数量", "96家"),
            ind("营收", "120亿元"),
        ],
        projects=[project],
    )
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "doc1.json").write_text(gold.model_dump_json(), encoding="utf-8")
    record = json.loads(
        ok(
            "doc1",
            indicators=[
                ind("产值", "438.09亿元", period="2021年", confidence={"subject": 0.95, "name": 1}),
                ind("企业数量", "96家", subject="萧山区", confidence={"subject": 0.3}),
                # period is stated by neither side, so its confidence says nothing
                ind("营收", "120亿元", "萧山区", confidence={"subject": 0.92, "period": 0.6}),
            ],
            projects=[{"name": "芯片项目", "status": "开工"}],
        ).model_dump_json()
    )
    # Projects have no confidence in the schema: it is read from the record JSON, and a
    # malformed value there is ignored.
    record["facts"]["projects"][0]["confidence"] = {"status": 0.8, "name": "sure"}
    run = tmp_path / "run.jsonl"
    run.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return run, gold_dir


def test_accuracy_by_confidence_bucket(tmp_path) -> None:
    run, gold_dir = _confident_run(tmp_path)
    raw = read_raw_confidences(run)["doc1"]
    assert raw["projects"] == [{"status": 0.8, "name": "sure"}]
    report = evaluate_run(run, gold_dir, {}, RunSpec(), tmp_path / "out", parsers=STUBS)
    buckets = report.confidence["indicators"]
    assert set(buckets) == {"subject", "name"}
    subject = [(b.low, b.compared, b.correct) for b in buckets["subject"]]
    assert subject == [(0.0, 1, 0), (0.5, 0, 0), (0.7, 0, 0), (0.9, 2, 1)]
    assert buckets["subject"][3].accuracy == 0.5 and buckets["subject"][1].accuracy is None
    assert [(b.compared, b.correct) for b in buckets["name"]] == [(0, 0)] * 3 + [(1, 1)]
    status = report.confidence["projects"]["status"]
    assert [(b.compared, b.correct) for b in status] == [(0, 0), (0, 0), (1, 0), (0, 0)]
    assert set(report.confidence["projects"]) == {"status"}
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| type | field | [0, 0.5) | [0.5, 0.7) | [0.7, 0.9) | [0.9, 1] |" in md
    assert "| indicators | subject | 0/1 (0.00) | 0/0 (–) | 0/0 (–) | 1/2 (0.50) |" in md
    assert "Indicator fields on matched pairs: subject 0.333 (1/3), name 1.000 (3/3)" in md
    assert "<th>[0.9, 1]</th>" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_no_confidence_is_said_not_hidden() -> None:
    gold = gold_article(indicators=[ind("产值", "438.09亿元")])
    report = score([ok(indicators=[ind("产值", "438.09亿元")])], gold)
    assert report.confidence == {}
    assert "No predicted fact states a per-field confidence." in render_markdown(report)


def test_confidence_on_the_parsed_fact() -> None:
    gold = gold_article(indicators=[ind("产值", "438.09亿元")])
    record = ok(indicators=[ind("产值", "438.09亿元", confidence={"name": 0.75})])
    assert record.facts.indicators[0].confidence == {"name": 0.75}
    buckets = score([record], gold).confidence["indicators"]["name"]
    assert [(b.compared, b.correct) for b in buckets] == [(0, 0), (0, 0), (1, 1), (0, 0)]


# --- evidence ---------------------------------------------------------------------------------


def test_accuracy_by_evidence_counts_each_decision_kind() -> None:
    gold = gold_article(
        indicators=[
            ind("产值", "438.09亿元", period="2021年"),
            ind("企业数量", "96家"),
            ind("营收", "120亿元"),
        ]
    )
    clause = {"subject": "clause", "name": "clause", "period": "sentence"}
    pred = [
        ind("产值", "438.09亿元", period="2021年", evidence=clause),
        ind("企业数量", "96家", subject="萧山区", evidence={"subject": "paragraph"}),
        ind("营收", "120亿元", evidence={"subject": "paragraph", "period": "none"}),
    ]
    report = score([ok(indicators=pred)], gold)
    subject = report.evidence["indicators"]["subject"]
    assert (subject["clause"].compared, subject["clause"].correct) == (1, 1)
    assert (subject["paragraph"].compared, subject["paragraph"].correct) == (2, 1)
    # A period neither side states is no comparison, whatever decided it.
    assert "none" not in report.evidence["indicators"].get("period", {})
    assert "## Field accuracy by evidence" in render_markdown(report)


def test_calibrated_confidence_is_the_smoothed_accuracy_of_the_evidence(monkeypatch) -> None:
    from extractor.numbers import calibration

    table = {"subject": {"clause": [38, 37], "guess": [3, 1]}, "period": {"none": [5, 0]}}
    monkeypatch.setattr(calibration, "_table", lambda: table)
    evidence = {"subject": "clause", "name": "rank", "period": "none"}
    assert calibration.calibrated(evidence, {}) == {"subject": 0.95}  # (37+1)/(38+2)
    # Evidence seen too rarely, or a field left empty, claims nothing; the model's own
    # probability wins where it chose.
    assert calibration.calibrated({"subject": "guess"}, {}) == {}
    assert calibration.calibrated({"subject": "clause"}, {"subject": 0.4}) == {"subject": 0.4}


def test_the_committed_calibration_covers_the_main_decisions() -> None:
    from extractor.numbers.calibration import TABLE

    fields = json.loads(TABLE.read_text(encoding="utf-8"))["fields"]
    for field, kind in (("subject", "clause"), ("subject", "sentence"), ("period", "sentence")):
        compared, correct = fields[field][kind]
        assert compared >= 20 and 0 < correct <= compared
