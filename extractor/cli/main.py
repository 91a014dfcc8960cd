"""The command line: `python -m extractor run|model|eval|serve|bench`.

Each command lives in a module of its own; this one only gathers them.
"""

from __future__ import annotations

import signal

import click

from extractor.cli.bench import bench
from extractor.cli.eval import eval_cmd
from extractor.cli.model import model
from extractor.cli.run import run
from extractor.cli.serve import serve


@click.group()
def cli() -> None:
    """extractor: verified, source-grounded facts from Chinese regional-economy news."""


for command in (run, model, eval_cmd, serve, bench):
    cli.add_command(command)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    # SystemExit unwinds the stack, so an embedded server is stopped and output is flushed.
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    cli()
