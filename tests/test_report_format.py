"""Saved reports carry their format; older ones are migrated and marked, never dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.evaluation import EvalReport, read_report, read_reports, write_summary
from extractor.evaluation.log import REPORT_FORMAT

SAVED = Path(__file__).resolve().parent.parent / "eval" / "reports" / "1.5b" / "report.json"


def _as_format_1(tmp_path: Path, *, versioned: bool = True) -> Path:
    """The committed report written back in format 1: "version", no newer sections."""
    data = json.loads(SAVED.read_text(encoding="utf-8"))
    for key in ("format_version", "migrated_from", "strict", "confidence", "sets"):
        data.pop(key, None)
    for article in data["articles"]:
        article.pop("set", None)
    if versioned:
        data["version"] = 1
    else:
        data.pop("version", None)
    path = tmp_path / ("v1" if versioned else "unversioned") / "report.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_new_report_carries_its_format() -> None:
    report = EvalReport()
    assert report.format_version == REPORT_FORMAT == 2 and report.migrated_from is None
    again = EvalReport.model_validate_json(report.model_dump_json())
    assert again.format_version == REPORT_FORMAT and again.migrated_from is None
    assert '"format_version": 2' in report.model_dump_json(indent=2)


@pytest.mark.parametrize("versioned", [True, False], ids=["version-1", "no-version"])
def test_older_report_is_migrated_and_marked(tmp_path: Path, versioned: bool) -> None:
    path = _as_format_1(tmp_path, versioned=versioned)
    report = read_report(path)
    assert report.format_version == REPORT_FORMAT and report.migrated_from == 1
    assert report.strict == {} and report.sets == {}  # not recorded in format 1: empty, not 0
    original = json.loads(path.read_text(encoding="utf-8"))
    assert report.metrics["overall"].f1 == original["metrics"]["overall"]["f1"]
    assert len(report.articles) == len(original["articles"])


def test_newer_or_broken_reports_are_named_not_dropped(tmp_path: Path) -> None:
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format_version": REPORT_FORMAT + 1}), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    old = _as_format_1(tmp_path)
    reports, unreadable = read_reports([newer, broken, old])
    assert [r.migrated_from for r in reports] == [1]
    reasons = {Path(u.path).name: u.error for u in unreadable}
    assert "newer than this reader" in reasons["newer.json"]
    assert reasons["broken.json"].startswith("not JSON")

    text = write_summary(reports, tmp_path / "summary.md", unreadable).read_text("utf-8")
    label = f"{reports[0].run.model} / {reports[0].run.prompt_version}"
    row = next(line for line in text.splitlines() if line.startswith(f"| {label}"))
    assert "(format 1)" in row
    assert "older report format" in text and f"{label} (format 1)" in text
    assert f"unreadable: {newer}: " in text and f"unreadable: {broken}: not JSON" in text


def test_rescore_brings_a_saved_run_to_the_current_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from extractor.cli import eval as eval_command
    from extractor.cli.main import cli

    old = _as_format_1(tmp_path)
    run_dir = old.parent
    (run_dir / "predictions.jsonl").write_bytes((SAVED.parent / "predictions.jsonl").read_bytes())
    monkeypatch.setattr(eval_command, "REPORTS_DIR", tmp_path)
    before = json.loads(old.read_text(encoding="utf-8"))
    done = CliRunner().invoke(cli, ["eval", "--rescore"])
    assert done.exit_code == 0, done.output
    after = json.loads(old.read_text(encoding="utf-8"))
    assert after["format_version"] == REPORT_FORMAT and "version" not in after
    assert after["migrated_from"] is None and after["strict"]["indicators"]["gold"] > 0
    assert after["run"] == before["run"]
    # Same predictions, scored again (against the gold as it is now).
    assert after["metrics"]["overall"]["predicted"] == before["metrics"]["overall"]["predicted"]
    assert sorted(p.name for p in run_dir.iterdir()) == [
        "predictions.jsonl",
        "report.html",
        "report.json",
        "report.md",
    ]
