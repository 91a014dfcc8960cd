"""`extractor run`: extract pages into a JSONL file, resuming it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from extractor.cli.options import SEEDS_DIR, endpoint_options, ground_policy_option, settings_from
from extractor.config import Settings
from extractor.page.load import load_pages
from extractor.pipeline.batch import BatchSummary, run_batch
from extractor.pipeline.extract import context_tokens_needed
from extractor.pipeline.output import OutputFile
from extractor.providers.connect import connect
from schemas.record import ExtractionRecord

console = Console(stderr=True)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("out/run.jsonl"),
              show_default=True, help="JSONL output; rerunning with it resumes.")  # fmt: skip
@ground_policy_option
@endpoint_options
def run(paths: tuple[Path, ...], out: Path, **kwargs: Any) -> None:
    """Extract facts from PATHS (files, directories, JSONL; default: seeds/)."""
    settings = settings_from(kwargs)
    summary = extract_to(list(paths) or [SEEDS_DIR], out, settings)
    if summary is not None and summary.failed:
        sys.exit(1)


def extract_to(paths: list[Path], out: Path, settings: Settings) -> BatchSummary | None:
    """Extract every page under paths into out (resuming it); None if all were done."""
    pages = load_pages(paths)
    if not pages:
        raise click.UsageError("no input pages found")
    output = OutputFile(out)
    todo = [p for p in pages if p.doc_id not in output.done]
    if not todo:
        console.print(f"all {len(pages)} articles already done in {out}")
        return None
    progress = Progress(
        TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=console,
    )  # fmt: skip
    # The engine is built and started before the bar (it shows its own progress) and before
    # any article's clock starts.
    with connect(settings, context_tokens_needed(todo, settings)) as model, progress:
        task = progress.add_task("", total=len(pages), completed=len(pages) - len(todo))

        def show(record: ExtractionRecord) -> None:
            mark = "[green]ok[/]" if record.status == "ok" else f"[red]error[/] {record.error}"
            hits = " (cache)" if record.usage.cache_hit else ""
            progress.console.print(f"  {record.doc_id}: {mark} {record.seconds:.1f}s{hits}")
            progress.update(task, advance=1, description=record.doc_id)

        summary = run_batch(pages, model, settings, output, on_record=show)
    console.print(f"{summary.line()} -> {out}")
    for doc_id, error in summary.failures:
        console.print(f"  [red]{doc_id}[/]: {error}")
    return summary
