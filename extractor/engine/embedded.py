"""The default endpoint: the local model on a llama-server started on first use."""

from __future__ import annotations

import threading
from pathlib import Path

from extractor.config import Settings
from extractor.engine import build, catalog, weights
from extractor.engine.progress import console_progress
from extractor.engine.server import LlamaServer, ServerSettings


def _round_up(n: int, step: int = 1024) -> int:
    return -(-n // step) * step


def resolve_gguf(settings: Settings) -> tuple[Path, str, str]:
    """(path, model name, stable identity) of the weights to serve, fetching them if needed."""
    if settings.gguf is not None:
        path = settings.gguf.expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"GGUF file {path} does not exist")
        stat = path.stat()
        return path, path.stem, f"gguf:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    model = catalog.lookup(settings.model or catalog.DEFAULT_MODEL)
    models_dir = settings.home / "models"
    path = weights.model_path(model, models_dir)
    if not weights.is_verified(model, path):
        progress, report = console_progress()
        with progress:
            path = weights.pull(model, models_dir, report)
    return path, model.key, f"embedded:{model.sha256}"


def server_binary(settings: Settings) -> Path:
    engines = settings.home / "engine"
    found = build.find_server(engines, settings.llama_server)
    if found is not None:
        return found
    progress, report = console_progress()
    with progress:
        return build.build_server(engines, report)


class EmbeddedServer:
    """Starts llama-server the first time a URL is needed and stops it on close."""

    def __init__(self, settings: Settings, gguf: Path, context_tokens: int):
        self.settings = settings
        self.gguf = gguf
        self.context_tokens = context_tokens
        self._server: LlamaServer | None = None
        self._lock = threading.Lock()

    def url(self) -> str:
        with self._lock:
            if self._server is None:
                sizing = ServerSettings(
                    context_per_slot=_round_up(self.context_tokens), slots=self.settings.slots
                )
                server = LlamaServer(
                    server_binary(self.settings), self.gguf, sizing, self.settings.home / "logs"
                )
                self._server = server.start()
            return self._server.base_url

    def close(self) -> None:
        with self._lock:
            if self._server is not None:
                self._server.stop()
                self._server = None
