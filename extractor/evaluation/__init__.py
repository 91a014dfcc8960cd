"""The eval harness: match a run's facts to hand-labeled gold, score them, write the report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from extractor.evaluation.compare import Parsers, default_parsers
from extractor.evaluation.load import load_gold, load_pages, load_records
from extractor.evaluation.log import EvalReport, MatchSettings, RunSpec, git_commit, schema_hash
from extractor.evaluation.render import write_report, write_summary
from extractor.evaluation.saved import Unreadable, read_report, read_reports
from extractor.evaluation.score import gold_as_facts, score_records
from schemas.record import ExtractionRecord


def evaluate_run(
    records: Sequence[ExtractionRecord] | Path | str,
    gold_dir: Path | str,
    pages: dict[str, str],
    run_spec: RunSpec | None,
    out_dir: Path | str,
    *,
    settings: MatchSettings | None = None,
    parsers: Parsers | None = None,
    score_missing: bool = True,
) -> EvalReport:
    """Score records (or a run's JSONL file) against the gold in gold_dir and write
    report.json, report.md and report.html into out_dir; pages are the raw page texts by
    doc_id, used to show quotes and grounding spans in the HTML."""
    broken = 0
    if isinstance(records, str | Path):
        records, broken_lines = load_records(records)
        broken = len(broken_lines)
    report = score_records(
        list(records),
        load_gold(gold_dir),
        run_spec=run_spec,
        settings=settings,
        parsers=parsers,
        score_missing=score_missing,
        broken_lines=broken,
    )
    write_report(report, pages, out_dir)
    return report


__all__ = [
    "EvalReport",
    "MatchSettings",
    "Parsers",
    "RunSpec",
    "Unreadable",
    "default_parsers",
    "evaluate_run",
    "git_commit",
    "gold_as_facts",
    "load_gold",
    "load_pages",
    "load_records",
    "read_report",
    "read_reports",
    "schema_hash",
    "score_records",
    "write_report",
    "write_summary",
]
