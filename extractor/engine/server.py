"""Run llama.cpp's `llama-server` on loopback for the lifetime of a job."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from extractor.engine.progress import log


def _die_with_parent() -> None:
    """Ask Linux to stop the server when the process that started it dies, even by SIGKILL.

    Without it, a killed run leaves a llama-server holding cores and a gigabyte of memory.
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: stop() on exit is the only guard


class ServerError(RuntimeError):
    """The local server did not start or died."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerSettings:
    """How to size the server for the work at hand."""

    context_per_slot: int = 4096
    """Tokens of context each slot needs: longest prompt plus max_tokens."""
    slots: int = 1
    """Parallel sequences; with 2 cores one slot keeps both busy on one request."""
    threads: int = field(default_factory=lambda: os.cpu_count() or 2)
    """CPU threads for generation and prompt processing."""
    port: int = 0
    """0 picks a free loopback port."""
    host: str = "127.0.0.1"
    """Bind address; loopback unless the user shares the server on purpose."""


class LlamaServer:
    """A llama-server child process; use as a context manager or call start/stop."""

    def __init__(self, binary: Path, gguf: Path, settings: ServerSettings, log_dir: Path):
        self.binary = binary
        self.gguf = gguf
        self.settings = settings
        self.port = settings.port or free_port()
        self.log_path = log_dir / f"llama-server-{self.port}.log"
        self._proc: subprocess.Popen[bytes] | None = None
        self._stopped = threading.Event()

    @property
    def base_url(self) -> str:
        return f"http://{self.settings.host}:{self.port}/v1"

    def command(self) -> list[str]:
        s = self.settings
        threads = str(s.threads)
        return [
            str(self.binary),
            "--model", str(self.gguf),
            "--host", s.host,
            "--port", str(self.port),
            "--ctx-size", str(s.context_per_slot * s.slots),
            "--parallel", str(s.slots),
            "--threads", threads,
            "--threads-batch", threads,
            "--metrics",
            "--no-webui",
        ]  # fmt: skip

    def start(self, timeout: float = 180.0) -> LlamaServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log(f"starting llama-server on {self.settings.host}:{self.port} ({self.gguf.name})")
        started = threading.Event()
        failure: list[BaseException] = []

        def own_process() -> None:
            # The death signal follows the thread that forked, not the process: a dedicated
            # thread that lives until stop() keeps the server alive exactly that long.
            try:
                with self.log_path.open("ab") as sink:
                    self._proc = subprocess.Popen(
                        self.command(),
                        stdout=sink,
                        stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                    )
            except BaseException as exc:  # handed to the starting thread
                failure.append(exc)
            finally:
                started.set()
            self._stopped.wait()

        self._stopped.clear()
        threading.Thread(target=own_process, name="llama-server-owner", daemon=True).start()
        started.wait()
        if failure:
            raise ServerError(f"cannot start llama-server: {failure[0]}")
        self._wait_healthy(timeout)
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://{self.settings.host}:{self.port}/health"
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-1500:]
                raise ServerError(f"llama-server exited with {self._proc.returncode}:\n{tail}")
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        self.stop()
        raise ServerError(f"llama-server did not become healthy in {timeout:.0f}s")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        self._stopped.set()
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def __enter__(self) -> LlamaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
