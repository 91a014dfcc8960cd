"""Progress display for the long first-time steps (fetching weights, building llama.cpp)."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

Report = Callable[[str, float, float], None]
"""Called with (step description, completed, total)."""

_console = Console(stderr=True)


def console_progress() -> tuple[Progress, Report]:
    """A rich progress display on stderr and the callback that drives it, one bar per step."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:.0f}/{task.total:.0f}"),
        TimeElapsedColumn(),
        console=_console,
        transient=False,
    )
    tasks: dict[str, int] = {}

    def report(step: str, completed: float, total: float) -> None:
        if step not in tasks:
            tasks[step] = progress.add_task(step, total=total)
        progress.update(tasks[step], completed=completed, total=total)

    return progress, report


def log(message: str) -> None:
    _console.print(f"[dim]extractor:[/dim] {message}")
