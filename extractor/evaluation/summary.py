"""The model comparison: one row per evaluated run."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from extractor.evaluation.fmt import cell, num, run_title
from extractor.evaluation.log import EvalReport


def render_summary(reports: Iterable[EvalReport]) -> str:
    """A markdown table comparing runs: F1 per type and overall, tokens, seconds per article."""
    reports = list(reports)
    types = [t for t in (reports[0].metrics if reports else {}) if t != "overall"]
    head = ["run", "articles", *types, "P", "R", "**F1**", "errors", "tokens", "s/article"]
    out = [
        "| " + " | ".join(head) + " |",
        "|---|" + "---:|" * (len(head) - 1),
    ]
    for report in reports:
        overall = report.metrics.get("overall")
        cells = [
            cell(run_title(report)),
            str(report.gold_articles),
            *(num(report.metrics[t].f1) if t in report.metrics else "–" for t in types),
            num(overall and overall.precision),
            num(overall and overall.recall),
            f"**{num(overall and overall.f1)}**",
            num(report.quality.error_share, 2),
            str(report.usage.total_tokens),
            num(report.timing.mean_seconds, 1),
        ]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def write_summary(reports: list[EvalReport], path: Path | str) -> Path:
    """Write the comparison table of several runs as markdown."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Model comparison\n\n" + render_summary(reports), encoding="utf-8")
    return path
