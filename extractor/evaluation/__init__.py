"""The eval harness: match a run's facts to hand-labeled gold, score them, write the report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from extractor.evaluation.compare import Parsers, default_parsers
from extractor.evaluation.confidence import read_raw_confidences
from extractor.evaluation.load import load_gold, load_records, read_page_texts
from extractor.evaluation.log import EvalReport, MatchSettings, RunSpec, git_commit, schema_hash
from extractor.evaluation.render import write_report, write_summary
from extractor.evaluation.saved import Unreadable, read_report, read_reports
from extractor.evaluation.score import gold_as_facts, score_records
from extractor.evaluation.sets import GoldSet, discover_sets, load_sets, parse_set
from schemas.record import ExtractionRecord


def evaluate_run(
    records: Sequence[ExtractionRecord] | Path | str,
    gold: Path | str | Sequence[GoldSet],
    pages: dict[str, str] | None,
    run_spec: RunSpec | None,
    out_dir: Path | str,
    *,
    settings: MatchSettings | None = None,
    parsers: Parsers | None = None,
    score_missing: bool = True,
) -> EvalReport:
    """Score records (or a run's JSONL file) against gold and write report.json, report.md
    and report.html into out_dir.

    gold is one directory of gold files, or gold sets: each set is then also scored on its
    own and the top-level scores pool them all. pages are raw page texts by doc_id, shown in
    the HTML (a set's own pages are added to them).
    """
    broken = 0
    confidences = None
    if isinstance(records, str | Path):
        confidences = read_raw_confidences(records)
        records, broken_lines = load_records(records)
        broken = len(broken_lines)
    pages = dict(pages or {})
    set_of = None
    if isinstance(gold, str | Path):
        golds = load_gold(gold)
    else:
        loaded = load_sets(gold)
        golds, set_of = loaded.golds, loaded.set_of
        pages = {**loaded.pages, **pages}
    report = score_records(
        list(records),
        golds,
        run_spec=run_spec,
        settings=settings,
        parsers=parsers,
        score_missing=score_missing,
        broken_lines=broken,
        sets=set_of,
        confidences=confidences,
    )
    write_report(report, pages, out_dir)
    return report


def rescore_saved(
    report_dir: Path | str,
    gold: Path | str | Sequence[GoldSet],
    pages: dict[str, str] | None = None,
    *,
    parsers: Parsers | None = None,
) -> EvalReport:
    """Score a saved run again with the current scorer and report format, keeping the run's
    spec and matching settings: report_dir holds its report.json and predictions.jsonl."""
    report_dir = Path(report_dir)
    old = read_report(report_dir / "report.json")
    predictions = report_dir / "predictions.jsonl"
    if not predictions.is_file():
        raise FileNotFoundError(f"{predictions}: no predictions to rescore")
    return evaluate_run(
        predictions, gold, pages, old.run, report_dir, settings=old.matching, parsers=parsers
    )


__all__ = [
    "EvalReport",
    "GoldSet",
    "MatchSettings",
    "Parsers",
    "RunSpec",
    "Unreadable",
    "default_parsers",
    "discover_sets",
    "evaluate_run",
    "git_commit",
    "gold_as_facts",
    "load_gold",
    "load_records",
    "load_sets",
    "parse_set",
    "read_page_texts",
    "read_report",
    "read_reports",
    "rescore_saved",
    "schema_hash",
    "score_records",
    "write_report",
    "write_summary",
]
