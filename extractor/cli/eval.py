"""`python -m extractor eval`: run the seeds per model (or read a run's output) and score it."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from extractor.cli.options import SEEDS_DIR, endpoint_options, settings_from
from extractor.cli.run import extract_to
from extractor.config import Settings

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "eval" / "gold"
REPORTS_DIR = ROOT / "eval" / "reports"

console = Console(stderr=True)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "model"


def _run_spec(settings: Settings, model_name: str, prompt_version: str | None) -> Any:
    from extractor.evaluation import RunSpec, git_commit, schema_hash

    public = settings.model_dump(mode="json", exclude={"api_key"})
    return RunSpec(
        model=model_name,
        base_url=settings.base_url or "embedded",
        endpoint_kind=settings.resolved_kind,
        prompt_version=prompt_version,
        schema_hash=schema_hash(),
        git_commit=git_commit(ROOT),
        settings=public,
    )


def _gold_sets(chosen: tuple[str, ...]) -> list[Any]:
    """The gold sets to score: those named with --set, else every set under eval/gold."""
    from extractor.evaluation import discover_sets, parse_set

    known = discover_sets(GOLD_DIR, SEEDS_DIR)
    try:
        return [parse_set(spec, known) for spec in chosen] if chosen else known
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from exc


def _sets_with_records(sets: list[Any], records: list[Any]) -> list[Any]:
    """The sets a run's output has any record for (all of them if it has none of any set):
    scoring a seed run against a set it never saw would only add misses."""
    from extractor.evaluation import load_gold

    done = {r.doc_id for r in records}
    kept = [s for s in sets if done & set(load_gold(s.gold_dir))]
    return kept or sets


def _score(
    records_path: Path, settings: Settings, model_name: str, started: datetime, sets: list[Any]
) -> Any:
    from extractor.evaluation import evaluate_run, load_records

    records, _ = load_records(records_path)
    version = next((r.prompt_version for r in records if r.prompt_version), None)
    spec = _run_spec(settings, model_name, version)
    spec.started, spec.finished = started, datetime.now(UTC)
    out_dir = REPORTS_DIR / _slug(model_name)
    return evaluate_run(records_path, sets, None, spec, out_dir)


def _rescore_all(sets: list[Any], chosen: bool) -> list[Any]:
    from extractor.evaluation import load_records, rescore_saved

    reports = []
    for path in sorted(REPORTS_DIR.glob("*/predictions.jsonl")):
        if not (path.parent / "report.json").is_file():
            continue
        records, _ = load_records(path)
        scored = sets if chosen else _sets_with_records(sets, records)
        reports.append(rescore_saved(path.parent, scored))
    return reports


def _all_reports(fresh: list[Any]) -> tuple[list[Any], list[Any]]:
    """This run's reports plus the latest saved report of every other model, for comparison,
    and the saved reports that could not be read (named in the comparison, not dropped)."""
    from extractor.evaluation import read_reports

    slugs = {_slug(r.run.model) for r in fresh}
    paths = [p for p in sorted(REPORTS_DIR.glob("*/report.json")) if p.parent.name not in slugs]
    saved, unreadable = read_reports(paths)
    return [*fresh, *saved], unreadable


@click.command("eval")
@click.option("--predictions", type=click.Path(exists=True, path_type=Path),
              help="Score this run output instead of calling a model.")  # fmt: skip
@click.option("--min-f1", type=float, help="Exit 1 when a model's overall F1 is lower.")
@click.option("--models", "models", multiple=True, help="Evaluate several models in turn.")
@click.option("--rescore", is_flag=True,
              help="Score every saved run in eval/reports again (its predictions.jsonl), "
              "keeping its run spec: brings old reports to the current format.")  # fmt: skip
@click.option("--set", "gold_sets", multiple=True, metavar="NAME[=GOLD[:PAGES]]",
              help="Score this gold set (repeatable; default: all in eval/gold).")  # fmt: skip
@endpoint_options
def eval_cmd(
    predictions: Path | None,
    min_f1: float | None,
    models: tuple[str, ...],
    rescore: bool,
    gold_sets: tuple[str, ...],
    **kwargs: Any,
) -> None:
    """Score models against eval/gold and write eval/reports/<model>/report.{json,md,html}."""
    from extractor.evaluation import load_records, write_summary

    reports = []
    sets = _gold_sets(gold_sets)
    if rescore:
        reports += _rescore_all(sets, bool(gold_sets))
    elif predictions is not None:
        settings = settings_from(kwargs)
        records, _ = load_records(predictions)
        name = next((r.model for r in records if r.model), None) or predictions.stem
        scored = sets if gold_sets else _sets_with_records(sets, records)
        for left_out in sorted({s.name for s in sets} - {s.name for s in scored}):
            console.print(f"set {left_out}: no predictions for it, not scored")
        reports.append(_score(predictions, settings, name, datetime.now(UTC), scored))
    else:
        unpaged = [s.name for s in sets if s.pages_dir is None]
        if unpaged:
            raise click.UsageError(
                f"pages not found for set(s) {', '.join(unpaged)}: "
                "pass --set NAME=GOLD_DIR:PAGES_DIR"
            )
        for name in models or (kwargs.get("model"),):
            settings = settings_from({**kwargs, "model": name})
            label = name or ("1.5b" if settings.embedded else "default")
            out = REPORTS_DIR / _slug(label) / "predictions.jsonl"
            started = datetime.now(UTC)
            # A saved run is of the code that made it; resuming it would score old rules. The
            # response cache makes a fresh run cheap (answers are reused, rules run again).
            out.unlink(missing_ok=True)
            extract_to([s.pages_dir for s in sets], out, settings)
            reports.append(_score(out, settings, label, started, sets))
    compared, unreadable = _all_reports(reports)
    write_summary(compared, REPORTS_DIR / "summary.md", unreadable)
    for problem in unreadable:
        console.print(f"not compared: {problem.path}: {problem.error}")
    failed = []
    for report in reports:
        overall = report.metrics.get("overall")
        f1 = overall.f1 if overall else 0.0
        strict = report.strict.get("indicators")
        console.print(
            f"{report.run.model}: overall F1 {f1:.3f}"
            + (f"; indicators strict F1 {strict.f1:.3f}" if strict else "")
        )
        if len(report.sets) > 1:
            for set_name, scores in report.sets.items():
                overall_set = scores.metrics.get("overall")
                set_f1 = overall_set.f1 if overall_set else 0.0
                console.print(f"  set {set_name}: F1 {set_f1:.3f}")
        for fact_type, m in report.metrics.items():
            console.print(
                f"  {fact_type:14} P {m.precision:.2f} R {m.recall:.2f} F1 {m.f1:.2f}"
                f"  (gold {m.gold}, predicted {m.predicted})"
            )
        if min_f1 is not None and f1 < min_f1:
            failed.append(report.run.model)
    console.print(f"reports in {REPORTS_DIR}")
    if failed:
        console.print(f"below --min-f1 {min_f1}: {', '.join(map(str, failed))}")
        sys.exit(1)
