"""The command line: `python -m extractor run|model|eval|serve`."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from extractor.cli import eval as eval_command
from extractor.cli.serve import serve_command
from extractor.config import Settings, load_settings
from extractor.page.load import load_pages
from extractor.pipeline.batch import BatchSummary, run_batch
from extractor.pipeline.extract import context_tokens_needed
from extractor.pipeline.output import OutputFile
from extractor.providers.connect import connect
from schemas.record import ExtractionRecord

console = Console(stderr=True)
DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def endpoint_options(fn: Any) -> Any:
    """Options shared by every command that talks to a model."""
    options = [
        click.option("--base-url", help="OpenAI-compatible endpoint; omit for the embedded model."),
        click.option("--model", help="Model name at the endpoint, or 1.5b / 0.5b when embedded."),
        click.option("--api-key", help="API key (or set OPENAI_API_KEY / EXTRACTOR_API_KEY)."),
        click.option(
            "--endpoint-kind",
            type=click.Choice(["auto", "llama.cpp", "vllm", "openai", "generic"]),
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
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def settings_from(kwargs: dict[str, Any]) -> Settings:
    flags = dict(kwargs)
    no_cache = flags.pop("no_cache", None)
    flags["use_cache"] = False if no_cache else None
    return load_settings(flags)


@click.group()
def cli() -> None:
    """extractor: verified, source-grounded facts from Chinese regional-economy news."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("out/run.jsonl"),
              show_default=True, help="JSONL output; rerunning with it resumes.")  # fmt: skip
@click.option("--ground-policy", type=click.Choice(["flag", "drop"]), help="Unfound names.")
@endpoint_options
def run(paths: tuple[Path, ...], out: Path, **kwargs: Any) -> None:
    """Extract facts from PATHS (files, directories, JSONL; default: seeds/)."""
    settings = settings_from(kwargs)
    summary = extract_to(list(paths) or [DEFAULT_SEEDS], out, settings)
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
    with progress:
        task = progress.add_task("", total=len(pages), completed=len(pages) - len(todo))

        def show(record: ExtractionRecord) -> None:
            mark = "[green]ok[/]" if record.status == "ok" else f"[red]error[/] {record.error}"
            hits = " (cache)" if record.usage.cache_hit else ""
            progress.console.print(f"  {record.doc_id}: {mark} {record.seconds:.1f}s{hits}")
            progress.update(task, advance=1, description=record.doc_id)

        with connect(settings, context_tokens_needed(todo, settings)) as model:
            summary = run_batch(pages, model, settings, output, on_record=show)
    console.print(f"{summary.line()} -> {out}")
    for doc_id, error in summary.failures:
        console.print(f"  [red]{doc_id}[/]: {error}")
    return summary


@cli.group()
def model() -> None:
    """Manage the embedded local model (weights and llama-server)."""


@model.command()
@click.option("--model", "name", default=None, help="1.5b (default) or 0.5b.")
def pull(name: str | None) -> None:
    """Download, join and verify the model weights, and build llama-server if needed."""
    from extractor.engine.embedded import resolve_gguf, server_binary

    settings = load_settings({"model": name})
    path, _, _ = resolve_gguf(settings)
    console.print(f"weights: {path}")
    console.print(f"server:  {server_binary(settings)}")


@model.command()
@click.option("--model", "name", default=None, help="1.5b (default) or 0.5b.")
@click.option("--gguf", type=click.Path(path_type=Path), help="Serve this GGUF file instead.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--slots", type=int, default=1, show_default=True)
@click.option("--ctx-per-slot", type=int, default=8192, show_default=True)
def serve(
    name: str | None, gguf: Path | None, host: str, port: int, slots: int, ctx_per_slot: int
) -> None:
    """Keep a llama-server running so several runs can share it (--base-url)."""
    from extractor.engine.embedded import resolve_gguf, server_binary
    from extractor.engine.server import LlamaServer, ServerSettings

    settings = load_settings({"model": name, "gguf": gguf})
    path, key, _ = resolve_gguf(settings)
    sizing = ServerSettings(context_per_slot=ctx_per_slot, slots=slots, port=port, host=host)
    server = LlamaServer(server_binary(settings), path, sizing, settings.home / "logs")
    with server:
        console.print(
            f"serving {key} at {server.base_url} (log {server.log_path}); use "
            f"--base-url {server.base_url} --model {key} --endpoint-kind llama.cpp; Ctrl-C stops"
        )
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


@model.command()
def info() -> None:
    """Show the known local models, what is cached, and the llama-server in use."""
    from extractor.engine import build, catalog, weights

    settings = load_settings({})
    for alias, key in catalog.ALIASES.items():
        m = catalog.MODELS[key]
        path = weights.model_path(m, settings.home / "models")
        state = "verified" if weights.is_verified(m, path) else "not downloaded"
        console.print(f"{alias:5} {m.name}  {m.size / 1e6:.0f} MB  {state}  {path}")
    server = build.find_server(settings.home / "engine", settings.llama_server)
    console.print(f"llama-server: {server or 'not built yet (built on first run)'}")
    console.print(f"cpu flags: {' '.join(build.cpu_flags())}")


@cli.command()
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
    from extractor.bench.run import BenchOptionError, print_bench, run_bench

    if check_docs and not concurrency_check:
        raise click.UsageError("--check-doc needs --concurrency-check")
    try:
        result = run_bench(settings_from(kwargs), DEFAULT_SEEDS, out, concurrency_check, check_docs)
    except BenchOptionError as exc:
        raise click.UsageError(str(exc)) from exc
    print_bench(result)
    console.print(f"figures in {out}")


eval_command.register(cli, endpoint_options, settings_from)
cli.add_command(serve_command(endpoint_options, settings_from))


def _exit_on_sigterm(signum: int, frame: object) -> None:
    # SystemExit unwinds the stack, so an embedded server is stopped and output is flushed.
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    cli()
