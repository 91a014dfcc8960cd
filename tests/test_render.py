"""The written reports: JSON round trip, markdown tables, HTML highlights, model comparison."""

from __future__ import annotations

import re

from extractor.evaluation import EvalReport, RunSpec, evaluate_run, write_summary
from extractor.evaluation.match import Parsers
from schemas.common import Grounding, Span
from schemas.facts import ArticleFacts, Indicator
from schemas.gold import GoldArticle
from schemas.record import ExtractionRecord

PAGE = "来源:钱塘发布\n集成电路产业共实现产值438.09亿元,同比增长11.8%。<b>新增企业12家</b>"


def _span(text: str) -> Span:
    start = PAGE.index(text)
    return Span(start=start, end=start + len(text), text=text)


def _run(tmp_path, pages: dict[str, str]) -> tuple[EvalReport, dict[str, str]]:
    gold = GoldArticle.model_validate(
        {
            "doc_id": "doc1",
            "meta": {"source": "钱塘发布", "quotes": ["来源:钱塘发布"]},
            "indicators": [
                {
                    "subject": "集成电路产业",
                    "name": "产值",
                    "value": "438.09亿元",
                    "growth": "同比增长11.8%",
                    "quote": "集成电路产业共实现产值438.09亿元,同比增长11.8%",
                },
                {
                    "subject": "钱塘区",
                    "name": "上下游企业",
                    "value": "96家",
                    "quote": "上下游企业96家",
                },
            ],
        }
    )
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "doc1.json").write_text(gold.model_dump_json(), encoding="utf-8")
    facts = ArticleFacts(
        indicators=[
            Indicator(
                subject="集成电路产业",
                name="产值",
                value="438.09亿元",
                grounding=Grounding(status="grounded", spans=[_span("438.09亿元")]),
            ),
            Indicator(
                subject="钱塘区",
                name="新增企业",
                value="12家",
                grounding=Grounding(status="grounded", spans=[_span("新增企业12家")]),
            ),
        ]
    )
    record = ExtractionRecord(doc_id="doc1", status="ok", facts=facts, seconds=4.0, model="m-1")
    spec = RunSpec(model="m-1", prompt_version="v3", settings={"api_key": "sk-secret"})
    out = tmp_path / "out"
    report = evaluate_run([record], gold_dir, pages, spec, out, parsers=Parsers())
    files = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    return report, files


def test_report_files(tmp_path) -> None:
    report, files = _run(tmp_path, {"doc1": PAGE})
    assert sorted(files) == ["report.html", "report.json", "report.md"]
    assert EvalReport.model_validate_json(files["report.json"]) == report
    assert "sk-secret" not in files["report.json"]
    m = report.metrics["indicators"]
    assert (m.tp, m.fp, m.fn) == (1, 1, 1)
    md = files["report.md"]
    assert "| indicators | 2 | 2 | 1 | 1 | 1 | 0.500 | 0.500 | 0.500 |" in md
    assert "- miss indicators: 钱塘区 · 上下游企业 = 96家" in md
    assert "- spurious indicators: 钱塘区 · 新增企业 = 12家" in md
    assert "- wrong growth in indicators:" in md  # the prediction left out the growth rate


def test_html_highlights_gold_quotes_and_predicted_spans(tmp_path) -> None:
    _, files = _run(tmp_path, {"doc1": PAGE})
    html = files["report.html"]

    def marked(css: str) -> list[str]:
        return re.findall(rf'<span class="{css}" title="[^"]*">([^<]*)</span>', html)

    # The matched gold quote is cut where the predicted span lies inside it.
    assert marked("gm") == ["集成电路产业共实现产值", ",同比增长11.8%"]
    assert marked("gm pm") == ["438.09亿元"]
    assert marked("ps") == ["新增企业12家"]  # spurious prediction
    # Page text is escaped, never interpreted.
    assert "&lt;b&gt;" in html and "<b>新增企业" not in html
    # The missed gold quote is not in the page, which the report says.
    assert "gold quote not in page (indicators): 上下游企业96家" in html
    assert marked("gx") == ["来源:钱塘发布"]  # the missed source
    assert 'class="miss"' in html and 'class="spur"' in html
    assert "http" not in html  # self-contained: no external assets


def test_html_without_page_text(tmp_path) -> None:
    _, files = _run(tmp_path, {})
    assert "page text not available" in files["report.html"]


def test_write_summary(tmp_path) -> None:
    a = EvalReport(run=RunSpec(model="qwen-1.5b", prompt_version="v3"))
    report, _ = _run(tmp_path, {"doc1": PAGE})
    path = write_summary([report, a], tmp_path / "summary" / "models.md")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Model comparison"
    assert "| run | articles | meta | regions |" in lines[2]
    row = next(line for line in lines if line.startswith("| m-1 / v3 |"))
    assert "| 4.0 |" in row and "| **0.400** |" in row  # s/article and overall F1
    assert any(line.startswith("| qwen-1.5b / v3 | 0 |") for line in lines)
