"""Write an EvalReport as report.json, report.md and a self-contained report.html."""

from __future__ import annotations

from pathlib import Path

from extractor.evaluation.html_page import render_html, write_html
from extractor.evaluation.log import EvalReport
from extractor.evaluation.markdown import render_markdown, write_markdown
from extractor.evaluation.summary import render_summary, write_summary


def write_json(report: EvalReport, path: Path | str) -> Path:
    """The report as indented JSON."""
    path = Path(path)
    path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return path


def write_report(report: EvalReport, pages: dict[str, str], out_dir: Path | str) -> list[Path]:
    """report.json, report.md and report.html in out_dir (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [
        write_json(report, out / "report.json"),
        write_markdown(report, out / "report.md"),
        write_html(report, pages, out / "report.html"),
    ]


__all__ = [
    "render_html",
    "render_markdown",
    "render_summary",
    "write_html",
    "write_json",
    "write_markdown",
    "write_report",
    "write_summary",
]
