"""Options shared by the commands, and the one place flags become Settings.

Its own module so that every command module can import it without importing another command.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from extractor import endpoint_kinds
from extractor.config import Settings, load_settings

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
"""The five seed pages: the default input of run and bench."""

Command = TypeVar("Command", bound=Callable[..., Any])

_ENDPOINT_OPTIONS = (
    click.option("--base-url", help="OpenAI-compatible endpoint; omit for the embedded model."),
    click.option("--model", help="Model name at the endpoint, or 1.5b / 0.5b when embedded."),
    click.option("--api-key", help="API key (or set OPENAI_API_KEY / EXTRACTOR_API_KEY)."),
    click.option(
        "--endpoint-kind",
        type=click.Choice(endpoint_kinds.choices()),
        help="Server family behind --base-url (decides the structured-output mode).",
    ),
    click.option("--gguf", type=click.Path(path_type=Path), help="Serve this GGUF file."),
    click.option("--cache-dir", type=click.Path(path_type=Path), help="Response cache."),
    click.option("--no-cache", "no_cache", is_flag=True, default=None, help="Skip cache."),
    click.option("--concurrency", type=int, help="Articles in flight at once."),
    click.option("--slots", type=int, help="Parallel slots of the embedded server."),
    click.option(
        "--number-labels/--no-number-labels",
        default=None,
        help="Also ask the model what each number measures (one more call per page).",
    ),
    click.option(
        "--choose-subjects/--no-choose-subjects",
        default=None,
        help="Let the model choose whose figure each number is among the page's names.",
    ),
)


def endpoint_options(fn: Command) -> Command:
    """Options of every command that talks to a model; read them with settings_from."""
    for option in reversed(_ENDPOINT_OPTIONS):
        fn = option(fn)
    return fn


def ground_policy_option(fn: Command) -> Command:
    return click.option(
        "--ground-policy",
        type=click.Choice(["flag", "drop"]),
        help="Keep (flag) or drop a fact whose name is not in the page.",
    )(fn)


def settings_from(kwargs: dict[str, Any]) -> Settings:
    """Settings from a command's option values (None: not given), environment and defaults."""
    flags = dict(kwargs)
    no_cache = flags.pop("no_cache", None)
    flags["use_cache"] = False if no_cache else None
    return load_settings(flags)
