"""The model comparison lists this run's reports and the latest saved one of every other model."""

import shutil
from pathlib import Path

import pytest

from extractor.cli import eval as eval_command
from extractor.evaluation import EvalReport

REPORTS = Path(__file__).resolve().parent.parent / "eval" / "reports"


def test_summary_keeps_other_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for model in ("1.5b", "0.5b"):
        (tmp_path / model).mkdir()
        shutil.copyfile(REPORTS / model / "report.json", tmp_path / model / "report.json")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "report.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(eval_command, "REPORTS_DIR", tmp_path)
    fresh = EvalReport.model_validate_json((REPORTS / "0.5b" / "report.json").read_text("utf-8"))
    reports, unreadable = eval_command._all_reports([fresh])
    saved = EvalReport.model_validate_json((REPORTS / "1.5b" / "report.json").read_text("utf-8"))
    assert [r.run.model for r in reports] == ["0.5b", saved.run.model]
    # The broken file is not compared, but it is named rather than silently left out.
    assert [Path(u.path).parent.name for u in unreadable] == ["broken"]
