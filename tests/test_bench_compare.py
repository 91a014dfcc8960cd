"""bench --compare-runs: two runs' model work read from their records, article by article."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from extractor.bench.compare import compare_runs
from extractor.cli.main import cli
from schemas.record import ExtractionRecord, Usage


def _write(path: Path, usage: dict[str, Usage]) -> Path:
    lines = [
        ExtractionRecord(doc_id=d, status="ok", usage=u).model_dump_json() for d, u in usage.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_compare_runs_gives_per_article_usage_and_the_ratio(tmp_path: Path) -> None:
    before = _write(tmp_path / "a.jsonl", {
        "p1": Usage(calls=2, prompt_tokens=1000, completion_tokens=400),
        "p2": Usage(calls=3, prompt_tokens=2000, completion_tokens=600),
        "gone": Usage(calls=1, prompt_tokens=10, completion_tokens=10),
    })  # fmt: skip
    after = _write(tmp_path / "b.jsonl", {
        "p1": Usage(calls=3, prompt_tokens=1200, completion_tokens=300),
        "p2": Usage(calls=3, prompt_tokens=2000, completion_tokens=500),
    })  # fmt: skip
    result = compare_runs(before, after)
    assert [a["doc_id"] for a in result["articles"]] == ["p1", "p2"]
    assert result["totals"]["after"]["completion_tokens"] == 800
    assert result["ratio"]["completion_tokens"] == 0.8
    assert result["only_before"] == ["gone"]

    shown = CliRunner().invoke(cli, ["bench", "--compare-runs", str(before), str(after)])
    assert shown.exit_code == 0, shown.output
    assert "| TOTAL" in shown.output and "0.8" in shown.output
