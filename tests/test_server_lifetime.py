"""The embedded llama-server lives exactly as long as the process that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.fault_server import FaultServer

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

FAKE_SERVER = textwrap.dedent(
    """\
    #!{python}
    import sys
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Health(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{{"status":"ok"}}')

        def log_message(self, *args):
            pass

    port = int(sys.argv[sys.argv.index("--port") + 1])
    HTTPServer(("127.0.0.1", port), Health).serve_forever()
    """
)

PARENT = textwrap.dedent(
    """\
    import sys, threading, time
    from pathlib import Path
    from extractor.engine.server import LlamaServer, ServerSettings

    server = LlamaServer(Path(sys.argv[1]), Path("model.gguf"), ServerSettings(), Path(sys.argv[2]))
    # Started from a short-lived worker thread, as the pipeline's thread pool does.
    worker = threading.Thread(target=server.start)
    worker.start()
    worker.join()
    print(server._proc.pid, flush=True)
    time.sleep(60)
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal is Linux only")
def test_server_outlives_starting_thread_but_not_a_killed_parent(tmp_path: Path) -> None:
    fake = tmp_path / "llama-server"
    fake.write_text(FAKE_SERVER.format(python=sys.executable))
    fake.chmod(0o755)
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(fake), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        time.sleep(0.5)
        assert _alive(child), "server died when the thread that started it ended"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child), "server survived the death of its parent"
    finally:
        parent.kill()


SLOW_START = 1.5
"""Seconds the fake engine takes to build and start (the real one took 7 minutes)."""


class SlowEngine:
    """EmbeddedServer with a slow first start, serving from a FaultServer; counts starts."""

    url_of = ""
    starts = 0
    closed = 0

    def __init__(self, settings: object, gguf: Path, context_tokens: int):
        self._url: str | None = None

    def url(self) -> str:
        if self._url is None:
            time.sleep(SLOW_START)
            SlowEngine.starts += 1
            self._url = SlowEngine.url_of
        return self._url

    def close(self) -> None:
        SlowEngine.closed += 1


@pytest.fixture
def slow_engine(monkeypatch: pytest.MonkeyPatch) -> type[SlowEngine]:
    from extractor.engine import embedded

    monkeypatch.setattr(embedded, "EmbeddedServer", SlowEngine)
    monkeypatch.setattr(embedded, "resolve_gguf", lambda s: (Path("m.gguf"), "m", "embedded:m"))
    SlowEngine.starts = SlowEngine.closed = 0
    return SlowEngine


def test_engine_start_is_not_counted_in_the_first_articles_seconds(
    tmp_path: Path, slow_engine: type[SlowEngine]
) -> None:
    from extractor.config import Settings
    from extractor.pipeline.batch import run_batch
    from extractor.pipeline.output import OutputFile
    from extractor.providers.connect import connect
    from tests.test_faults import page

    with FaultServer() as server:
        slow_engine.url_of = server.url
        settings = Settings(home=tmp_path, cache_dir=tmp_path / "cache", request_timeout=10)
        with connect(settings) as model:
            assert slow_engine.starts == 1  # started before the batch, not by its first call
            started = time.monotonic()
            records: list = []
            run_batch([page("first"), page("second")], model, settings,
                      OutputFile(tmp_path / "out.jsonl"), on_record=records.append)  # fmt: skip
            batch_seconds = time.monotonic() - started
        assert slow_engine.closed == 1
    assert {r.status for r in records} == {"ok"}
    assert batch_seconds < SLOW_START
    assert all(r.seconds < SLOW_START for r in records)
    assert slow_engine.starts == 1


def test_lazy_connect_starts_no_engine_for_cached_answers(
    tmp_path: Path, slow_engine: type[SlowEngine]
) -> None:
    from extractor.config import Settings
    from extractor.providers.connect import connect

    with connect(Settings(home=tmp_path), start_engine=False):
        pass
    assert slow_engine.starts == 0 and slow_engine.closed == 1


def test_run_command_times_articles_after_the_engine_is_up(
    tmp_path: Path, slow_engine: type[SlowEngine]
) -> None:
    from click.testing import CliRunner

    from extractor.cli.main import cli
    from extractor.pipeline.output import read_records
    from tests.test_faults import page

    pages = tmp_path / "pages"
    pages.mkdir()
    for doc in ("first", "second"):
        (pages / f"{doc}.txt").write_text(page(doc).text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with FaultServer() as server:
        slow_engine.url_of = server.url
        result = CliRunner().invoke(
            cli, ["run", str(pages), "--out", str(out), "--cache-dir", str(tmp_path / "cache")],
            env={"EXTRACTOR_HOME": str(tmp_path), "EXTRACTOR_BASE_URL": "", "OPENAI_BASE_URL": ""},
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    records = read_records(out)
    assert [r.status for r in records] == ["ok", "ok"]
    assert all(r.seconds < SLOW_START for r in records)
    assert slow_engine.starts == 1 and slow_engine.closed == 1
