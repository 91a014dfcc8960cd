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
@endpoint_options
def bench(out: Path, concurrency_check: bool, check_docs: tuple[str, ...], **kwargs: Any) -> None:
    """Engine speed vs extraction wall time on the seeds (cold and warm cache)."""
    from extractor.bench.run import BenchOptionError, run_bench
    from extractor.bench.tables import print_bench

    if check_docs and not concurrency_check:
        raise click.UsageError("--check-doc needs --concurrency-check")
    try:
        result = run_bench(settings_from(kwargs), SEEDS_DIR, out, concurrency_check, check_docs)
    except BenchOptionError as exc:
        raise click.UsageError(str(exc)) from exc
    print_bench(result, console)
    console.print(f"figures in {out}")
