"""Small formatting helpers shared by the markdown, HTML and summary renderers."""

from __future__ import annotations

from extractor.evaluation.log import EvalReport


def num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def cell(text: str) -> str:
    # Markdown table cells cannot hold pipes or newlines.
    return text.replace("|", "\\|").replace("\n", " ")


def run_title(report: EvalReport) -> str:
    run = report.run
    return " / ".join(p for p in (run.model or "unknown model", run.prompt_version) if p)
