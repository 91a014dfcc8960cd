"""`extractor bench`: engine speed against extraction wall time on the seeds.

The bench itself (extractor.bench) is imported when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Console

from extractor.cli.options import SEEDS_DIR, endpoint_options, settings_from

console = Console(stderr=True)


@click.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("bench/results.json"),
              show_default=True, help="Where to write the figures as JSON.")  # fmt: skip
@click.option("--concurrency-check", is_flag=True,
              help="Also time a cold run at 1 slot/1 in flight and at 2 slots/2 in flight "
                   "(embedded server, restarted between the two).")  # fmt: skip
@click.option("--check-doc", "check_docs", multiple=True, metavar="DOC_ID",
              help="Seed for the concurrency check (repeatable, prefix ok; default: the two "
                   "shortest).")  # fmt: skip
@click.option("--compare-runs", nargs=2, type=click.Path(exists=True, path_type=Path),
              metavar="BEFORE AFTER", help="Only compare the model work (calls, tokens) that two "
              "runs' records report, article by article; no model call.")  # fmt: skip
@endpoint_options
def bench(out: Path, concurrency_check: bool, check_docs: tuple[str, ...],
          compare_runs: tuple[Path, Path] | None, **kwargs: Any) -> None:  # fmt: skip
    """Engine speed vs extraction wall time on the seeds (cold and warm cache)."""
    from extractor.bench.run import BenchOptionError, run_bench
    from extractor.bench.tables import print_bench

    if compare_runs:
        _print_comparison(*compare_runs)
        return
    if check_docs and not concurrency_check:
        raise click.UsageError("--check-doc needs --concurrency-check")
    try:
        result = run_bench(settings_from(kwargs), SEEDS_DIR, out, concurrency_check, check_docs)
    except BenchOptionError as exc:
        raise click.UsageError(str(exc)) from exc
    print_bench(result, console)
    console.print(f"figures in {out}")


def _print_comparison(before: Path, after: Path) -> None:
    from extractor.bench.compare import compare_runs
    from extractor.bench.tables import comparison_table, show

    show(console, comparison_table(compare_runs(before, after)))
