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
