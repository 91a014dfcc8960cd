"""`extractor model pull|serve|info`: the embedded local model's weights and llama-server.

The engine is imported inside each command, so other commands never load it.
"""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console

from extractor import endpoint_kinds
from extractor.config import load_settings

console = Console(stderr=True)


@click.group()
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
    kind = endpoint_kinds.detect(None).name
    with server:
        console.print(
            f"serving {key} at {server.base_url} (log {server.log_path}); use "
            f"--base-url {server.base_url} --model {key} --endpoint-kind {kind}; Ctrl-C stops"
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
