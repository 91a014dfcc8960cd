"""The service as a real process (`serve` under uvicorn) over a fake OpenAI-compatible server.

Both listen on loopback only; the real provider, cache and retry code run in between.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.test_service import ANSWERS, ARTICLE, labels

pytestmark = [
    pytest.mark.loopback,
    pytest.mark.enable_socket,
    pytest.mark.allow_hosts(["127.0.0.1"]),
]

TOKEN = "e2e-token"


def universal_answer(prompt: str) -> dict[str, Any]:
    """One answer for every pass: each pass model reads its own keys and ignores the others."""
    answer = {key: value for part in ANSWERS.values() for key, value in part.items()}
    # The slot anchors are JSON-schema constants, which JSON mode writes into the prompt.
    anchors = re.findall(r'\\?"const\\?":\s*\\?"(.*?)\\?"', prompt)
    return {**answer, **labels(anchors)}


LAUNCH = """
import sys
from extractor.cli.serve import serve
serve.main(sys.argv[1:], prog_name="extractor serve")
"""


class FakeOpenAI(BaseHTTPRequestHandler):
    """GET /v1/models and POST /v1/chat/completions, counting completions."""

    protocol_version = "HTTP/1.1"
    completions = 0
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._send({"object": "list", "data": [{"id": "fake-llm", "object": "model"}]})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        with FakeOpenAI.lock:
            FakeOpenAI.completions += 1
        prompt = json.dumps(body["messages"], ensure_ascii=False)
        content = json.dumps(universal_answer(prompt), ensure_ascii=False)
        self._send({
            "id": "chatcmpl-e2e", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 200, "completion_tokens": 50, "total_tokens": 250},
        })  # fmt: skip


@pytest.fixture
def fake_endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def service(tmp_path: Path, fake_endpoint: str) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXTRACTOR_", "OPENAI_"))}
    env["EXTRACTOR_TOKEN"] = TOKEN  # from the environment, as a deployment would
    args = ["--port", str(port), "--base-url", fake_endpoint, "--model", "fake-llm",
            "--home", str(tmp_path), "--concurrency", "2"]  # fmt: skip
    log = (tmp_path / "service.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-c", LAUNCH, *args], env=env, stdout=log,
                            stderr=subprocess.STDOUT, cwd=Path(__file__).parent.parent)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "service.log").read_text()
            try:
                if httpx2.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            assert time.monotonic() < deadline, "service did not start"
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        code = proc.wait(timeout=30)
        log.close()
        # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status tells why.
        assert code in (0, -signal.SIGTERM), (tmp_path / "service.log").read_text()
        assert "Application shutdown complete" in (tmp_path / "service.log").read_text()


def test_service_process_end_to_end(service: str, tmp_path: Path) -> None:
    client = httpx2.Client(base_url=service, timeout=60,
                           headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    with client:
        ready = client.get("/readyz")
        assert ready.status_code == 200 and "lists 1 model" in ready.json()["detail"]
        assert httpx2.post(f"{service}/v1/extract", json={"text": ARTICLE}).status_code == 401

        before = FakeOpenAI.completions
        first = client.post("/v1/extract", json={"text": ARTICLE, "id": "e2e"}).json()
        assert first["status"] == "ok", first
        assert first["model"] == "fake-llm"
        assert first["facts"]["indicators"][0]["grounding"]["status"] == "grounded"
        calls = FakeOpenAI.completions - before
        assert calls == first["usage"]["calls"] >= 2

        # The same article again comes from the response cache: no request to the endpoint.
        again = client.post("/v1/extract", json={"text": ARTICLE, "id": "e2e"}).json()
        assert again["usage"]["cache_hit"] is True, again["usage"]
        assert FakeOpenAI.completions - before == calls
        assert again["facts"] == first["facts"]

        articles = [{"id": f"j{n}", "text": f"{ARTICLE}\n第{n}篇"} for n in range(3)]
        job_id = client.post("/v1/jobs", json={"articles": articles}).json()["job_id"]
        deadline = time.monotonic() + 60
        while (status := client.get(f"/v1/jobs/{job_id}").json())["status"] != "done":
            assert time.monotonic() < deadline, status
            time.sleep(0.1)
        assert status["counts"]["ok"] == 3
        results = client.get(f"/v1/jobs/{job_id}/results")
        assert results.headers["content-type"] == "application/x-ndjson"
        assert sorted(json.loads(x)["doc_id"] for x in results.text.splitlines()) == [
            "j0", "j1", "j2"]  # fmt: skip
        assert (tmp_path / "jobs" / job_id / "results.jsonl").exists()
        assert any((tmp_path / "responses").iterdir())  # the shared response cache

        metrics = client.get("/metrics").text
        assert 'extractor_articles_total{source="job",status="ok"} 3' in metrics
        hits = next(x for x in metrics.splitlines() if x.startswith("extractor_cache_hits_total"))
        assert int(hits.split()[1]) >= calls
