"""The model comparison: one row per evaluated run, and what could not be compared."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from extractor.evaluation.fmt import cell, num, run_title
from extractor.evaluation.log import EvalReport
from extractor.evaluation.saved import Unreadable


def _set_names(reports: list[EvalReport]) -> list[str]:
    names = list(dict.fromkeys(name for r in reports for name in r.sets))
    # One set is the whole score; its own column would repeat the overall F1.
    return names if len(names) > 1 else []


def _title(report: EvalReport) -> str:
    old = f" (format {report.migrated_from})" if report.migrated_from else ""
    return cell(run_title(report)) + old


def _row(report: EvalReport, types: list[str], sets: list[str]) -> list[str]:
    overall = report.metrics.get("overall")
    strict = report.strict.get("indicators")
    per_set = [report.sets[s].metrics.get("overall") if s in report.sets else None for s in sets]
    return [
        _title(report),
        str(report.gold_articles),
        *(num(report.metrics[t].f1) if t in report.metrics else "–" for t in types),
        num(overall and overall.precision),
        num(overall and overall.recall),
        f"**{num(overall and overall.f1)}**",
        num(strict and strict.f1),
        *(num(m and m.f1) for m in per_set),
        num(report.quality.error_share, 2),
        str(report.usage.total_tokens),
        num(report.timing.mean_seconds, 1),
    ]


def _notes(reports: list[EvalReport], unreadable: Sequence[Unreadable]) -> list[str]:
    out = []
    old = [r for r in reports if r.migrated_from]
    if old:
        out.append(
            "Read from an older report format (scores it did not record show as –; rescore its "
            "predictions to fill them): "
            + ", ".join(f"{run_title(r)} (format {r.migrated_from})" for r in old)
        )
    out += [f"Not compared, unreadable: {u.path}: {cell(u.error)}" for u in unreadable]
    return out


def render_summary(reports: Iterable[EvalReport], unreadable: Sequence[Unreadable] = ()) -> str:
    """A markdown table comparing runs: F1 per type and overall, the strict indicator F1, F1
    per gold set, tokens, seconds per article; then reports read from an older format and the
    files that could not be read."""
    reports = list(reports)
    types = [t for t in (reports[0].metrics if reports else {}) if t != "overall"]
    sets = _set_names(reports)
    head = [
        "run",
        "articles",
        *types,
        "P",
        "R",
        "**F1**",
        "indicators strict F1",
        *(f"{s} F1" for s in sets),
        "errors",
        "tokens",
        "s/article",
    ]
    out = [
        "| " + " | ".join(head) + " |",
        "|---|" + "---:|" * (len(head) - 1),
    ]
    out += ["| " + " | ".join(_row(report, types, sets)) + " |" for report in reports]
    notes = _notes(reports, unreadable)
    if notes:
        out += ["", *(f"- {note}" for note in notes)]
    return "\n".join(out) + "\n"


def write_summary(
    reports: list[EvalReport], path: Path | str, unreadable: Sequence[Unreadable] = ()
) -> Path:
    """Write the comparison table of several runs as markdown."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Model comparison\n\n" + render_summary(reports, unreadable)
    path.write_text(text, encoding="utf-8")
    return path
