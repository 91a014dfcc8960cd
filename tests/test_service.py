"""The HTTP service in-process (TestClient), over the real pipeline with a fake Model."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from extractor.config import Settings
from extractor.model import ModelError, Request, Response
from extractor.page.load import Page
from extractor.pipeline.extract import extract_page
from extractor.service.app import create_app
from extractor.service.bodies import Readiness
from extractor.service.exposure import check_exposure, is_loopback
from extractor.service.readiness import EndpointProbe, probe_models
from schemas.record import ExtractionRecord, Usage

ARTICLE = (
    "江北新区经济运行稳中向好\n"
    "来源：江北发布  2023-07-20 09:30\n"
    "2023年上半年，江北新区实现地区生产总值1256.3亿元，同比增长9.6%。"
    "新区新签约重大项目42个，其中智能制造产业园项目总投资50亿元。"
)

ANSWERS: dict[str, dict[str, Any]] = {
    "entities": {"regions": [{"name": "江北新区", "type": "新区"}]},
    "events": {"projects": [{"name": "智能制造产业园项目", "investment": "总投资50亿元"}]},
    "meta": {"meta": {"title": "江北新区经济运行稳中向好", "source": "江北发布"}},
}


def labels(anchors: list[str]) -> dict[str, Any]:
    """The indicators pass: label every number the pipeline fixed as a constant anchor."""
    names = {"1256.3亿元": "地区生产总值", "42个": "项目数量", "50亿元": "投资额"}
    items = []
    for at in anchors:
        name = next((v for k, v in names.items() if k in at), "指标")
        items.append({"at": at, "subject": "江北新区", "name": name})
    return {"items": items}


def anchors_of(schema: dict[str, Any]) -> list[str]:
    refs = schema["properties"]["items"]["prefixItems"]
    return [schema["$defs"][r["$ref"].rsplit("/", 1)[-1]]["properties"]["at"]["const"]
            for r in refs]  # fmt: skip


def answer_for(request: Request) -> dict[str, Any]:
    return (
        labels(anchors_of(request.response_model.model_json_schema()))
        if request.task == "indicators"
        else ANSWERS[request.task]
    )


class FakeModel:
    """A Model that answers every pass with a real, validated answer.

    It remembers the requests it has seen and answers a repeat as a cache would, so cache
    counting can be checked. Articles whose text contains a word in fail_on raise ModelError;
    with a gate set, every call waits for it (to hold an article "running").
    """

    def __init__(self, name: str = "fake-model", fail_on: tuple[str, ...] = ()):
        self.name = name
        self.fail_on = fail_on
        self.gate: threading.Event | None = None
        self.articles: list[str] = []
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def answer(self, request: Request) -> Response:
        if self.gate is not None:
            assert self.gate.wait(10), "test never released the fake model"
        text = request.messages[-1]["content"]
        key = hashlib.sha256(json.dumps(request.messages).encode()).hexdigest()
        with self._lock:
            self.articles.append(text)
            cached = key in self._seen
            self._seen.add(key)
        if any(word in text for word in self.fail_on):
            raise ModelError(f"{request.task}: endpoint answered HTTP 500 (transient)")
        output = request.response_model.model_validate(answer_for(request))
        if cached:
            return Response(output=output, usage=Usage(cached_passes=1))
        return Response(output=output, usage=Usage(calls=1, prompt_tokens=100,
                                                   completion_tokens=20))  # fmt: skip

    def calls_for(self, marker: str) -> int:
        with self._lock:
            return sum(marker in text for text in self.articles)


class Factory:
    """model_factory for create_app: one FakeModel per model name, kept for inspection."""

    def __init__(self, **kwargs: Any):
        self.kwargs = kwargs
        self.models: dict[str, FakeModel] = {}
        self.closed = 0

    def __call__(self, settings: Settings) -> Any:
        name = settings.model or "fake-model"
        model = self.models.setdefault(name, FakeModel(name, **self.kwargs))
        return nullcontext(model)


def settings_for(home: Path, **kwargs: Any) -> Settings:
    # A base_url that is never contacted: the factory hands out fakes.
    return Settings(home=home, base_url="http://127.0.0.1:9/v1", **kwargs)


@pytest.fixture
def factory() -> Factory:
    return Factory()


@pytest.fixture
def client(tmp_path: Path, factory: Factory) -> Iterator[TestClient]:
    app = create_app(settings_for(tmp_path), factory)
    with TestClient(app) as c:
        yield c


def wait_done(client: TestClient, job_id: str, timeout: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/v1/jobs/{job_id}").json()
        if status["status"] == "done":
            return status
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not done: {status}")


def article(marker: str) -> str:
    return f"{ARTICLE}\n编号 {marker}"


# --- probes and docs --------------------------------------------------------------------


def test_healthz_docs_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert "swagger" in client.get("/docs").text.lower()
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/v1/extract", "/v1/jobs", "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/results",
                 "/healthz", "/readyz", "/metrics"):  # fmt: skip
        assert path in paths


def test_readyz_uses_the_injected_check(tmp_path: Path, factory: Factory) -> None:
    state = {"ready": False}

    def check() -> Readiness:
        return Readiness(ready=state["ready"], detail="fake endpoint")

    with TestClient(create_app(settings_for(tmp_path), factory, readiness=check)) as c:
        answer = c.get("/readyz")
        assert answer.status_code == 503
        assert answer.json() == {"ready": False, "detail": "fake endpoint"}
        state["ready"] = True
        assert c.get("/readyz").status_code == 200


def test_readyz_default_for_an_in_process_model(client: TestClient) -> None:
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json()["ready"] is True


def test_embedded_probe_reports_starting_until_warm(tmp_path: Path) -> None:
    probe = EndpointProbe(Settings(home=tmp_path), lambda: 1 / 0)  # type: ignore[arg-type,return-value]
    assert probe().detail == "embedded model server starting"
    probe.warm_up()
    assert not probe().ready and "failed to start" in probe().detail


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_probe_of_an_endpoint_that_does_not_answer() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = probe_models(f"http://127.0.0.1:{port}/v1", None, timeout=1)
    assert not result.ready and "cannot reach" in result.detail


# --- /v1/extract --------------------------------------------------------------------------


def test_extract_returns_the_record_run_writes(tmp_path: Path, client: TestClient) -> None:
    answer = client.post("/v1/extract", json={"text": ARTICLE, "id": "jb-1"})
    assert answer.status_code == 200
    record = ExtractionRecord.model_validate(answer.json())
    assert record.status == "ok" and record.doc_id == "jb-1" and record.model == "fake-model"
    indicator = record.facts.indicators[0]
    assert indicator.value == "1256.3亿元"
    assert indicator.grounding.status == "grounded"
    assert record.usage.calls >= 2  # entities and events; numbers are labelled by code

    # The very pipeline `run` uses gives the same record (timings aside).
    direct = extract_page(Page("jb-1", ARTICLE), FakeModel(), settings_for(tmp_path))
    volatile = {"seconds": True, "usage": {"model_seconds"}}
    assert record.model_dump(exclude=volatile) == direct.model_dump(exclude=volatile)


def test_extract_default_id_is_stable_and_repeat_is_cached(client: TestClient,
                                                           factory: Factory) -> None:  # fmt: skip
    first = client.post("/v1/extract", json={"text": ARTICLE}).json()
    second = client.post("/v1/extract", json={"text": ARTICLE}).json()
    assert first["doc_id"] == second["doc_id"] and first["doc_id"].startswith("text-")
    assert second["usage"]["cache_hit"] is True and second["usage"]["calls"] == 0
    assert first["facts"] == second["facts"]


def test_extract_error_record_is_still_an_answer(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path), Factory(fail_on=("坏",)))
    with TestClient(app) as c:
        record = c.post("/v1/extract", json={"text": article("坏")}).json()
    assert record["status"] == "error" and "HTTP 500" in record["error"]


def test_extract_with_another_model_at_the_endpoint(client: TestClient, factory: Factory) -> None:
    record = client.post("/v1/extract", json={"text": ARTICLE, "model": "qwen-7b"}).json()
    assert record["model"] == "qwen-7b" and record["status"] == "ok"
    assert set(factory.models) == {"fake-model", "qwen-7b"}


def test_embedded_service_refuses_another_model(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(home=tmp_path), Factory())) as c:
        answer = c.post("/v1/extract", json={"text": ARTICLE, "model": "other"})
    assert answer.status_code == 422 and "embedded model" in answer.json()["detail"]


# --- limits and validation ----------------------------------------------------------------


def test_body_too_large(tmp_path: Path, factory: Factory) -> None:
    app = create_app(settings_for(tmp_path), factory, max_body_bytes=4096)
    big = {"text": "经" * 3000}
    with TestClient(app) as c:
        answer = c.post("/v1/extract", json=big)
        assert answer.status_code == 413
        assert "larger than 4096 bytes" in answer.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
            yield b'{"text": "'
            for _ in range(10):
                yield "经".encode() * 200
            yield b'"}'

        answer = c.post("/v1/extract", content=chunks(),
                        headers={"content-type": "application/json"})  # fmt: skip
        assert answer.status_code == 413
        assert "larger than 4096 bytes" in answer.json()["detail"]
    assert not factory.models["fake-model"].articles


def test_article_too_long(tmp_path: Path, factory: Factory) -> None:
    app = create_app(settings_for(tmp_path, max_article_chars=1000), factory)
    with TestClient(app) as c:
        answer = c.post("/v1/extract", json={"text": "经" * 1001})
        assert answer.status_code == 413
        assert "max_article_chars" in answer.json()["detail"]
        answer = c.post("/v1/jobs", json={"articles": [{"text": ARTICLE}, {"text": "经" * 1001}]})
        assert answer.status_code == 413
        assert answer.json()["detail"].startswith("articles[1].text has 1001 characters")
        assert c.post("/v1/extract", json={"text": "经" * 1000}).status_code == 200


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"text": ""}, "text", "not only whitespace"),
        ({"text": " \n\u3000\t"}, "text", "not only whitespace"),
        ({"id": "x"}, "text", "required"),
        ({"text": 12}, "text", "string"),
        ({"text": ARTICLE, "id": ""}, "id", "at least 1"),
        ([1, 2], "body", "JSON object"),
        ({"text": ARTICLE, "txt": "typo"}, "txt", "not permitted"),
    ],
)
def test_invalid_extract_bodies(client: TestClient, body: Any, field: str, words: str) -> None:
    answer = client.post("/v1/extract", json=body)
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["errors"][0]["field"] == field
    assert words in problem["errors"][0]["message"]
    assert problem["detail"].startswith("request body" if field == "body" else f"{field}: ")


def test_bad_json_and_missing_body(client: TestClient) -> None:
    answer = client.post("/v1/extract", content=b'{"text": "a",',
                         headers={"content-type": "application/json"})  # fmt: skip
    assert answer.status_code == 422
    assert "request body is not valid JSON" in answer.json()["detail"]
    answer = client.post("/v1/extract")
    assert answer.status_code == 422
    assert answer.json()["detail"] == "request body is missing; send a JSON object"
    answer = client.post("/v1/extract", content=json.dumps({"text": ARTICLE}).encode(),
                         headers={"content-type": "text/plain"})  # fmt: skip
    assert answer.status_code == 422
    assert "Content-Type: application/json" in answer.json()["detail"]


def test_invalid_job_bodies(client: TestClient) -> None:
    answer = client.post("/v1/jobs", json={"articles": [{"text": ARTICLE}, {"text": "  "}]})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "articles[1].text"
    assert client.post("/v1/jobs", json={"articles": []}).status_code == 422
    twice = [{"id": "a", "text": ARTICLE}, {"id": "a", "text": ARTICLE}]
    answer = client.post("/v1/jobs", json={"articles": twice})
    assert answer.status_code == 422
    assert answer.json()["detail"] == "articles[1].id: 'a' is already used by articles[0]"


# --- bearer token ---------------------------------------------------------------------------


def test_bearer_token(tmp_path: Path, factory: Factory) -> None:
    app = create_app(settings_for(tmp_path), factory, token="s3cret", max_body_bytes=4096)
    with TestClient(app) as c:
        answer = c.post("/v1/extract", json={"text": ARTICLE})
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == "Bearer"
        assert "bearer token" in answer.json()["detail"]
        wrong = {"Authorization": "Bearer nope"}
        assert c.post("/v1/extract", json={"text": ARTICLE}, headers=wrong).status_code == 401
        # The token is checked before the body is read: no 413 for a stranger.
        big = {"text": "经" * 3000}
        assert c.post("/v1/extract", json=big).status_code == 401
        assert c.get("/metrics").status_code == 401
        assert c.get("/v1/jobs/" + "0" * 32).status_code == 401
        # Probes and docs stay open.
        assert c.get("/healthz").status_code == 200
        assert c.get("/readyz").status_code == 200
        assert c.get("/docs").status_code == 200
        assert "HTTPBearer" in c.get("/openapi.json").json()["components"]["securitySchemes"]

        good = {"Authorization": "bearer s3cret"}
        assert c.post("/v1/extract", json={"text": ARTICLE}, headers=good).status_code == 200
        assert c.get("/metrics", headers=good).status_code == 200


def test_exposure_rules() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"):
        assert is_loopback(host)
        check_exposure(host, None)
    for host in ("0.0.0.0", "::", "192.168.1.5", "example.org"):
        assert not is_loopback(host)
        with pytest.raises(ValueError, match="bearer token"):
            check_exposure(host, None)
        check_exposure(host, "s3cret")


def test_serve_refuses_a_public_host_without_token() -> None:
    from extractor.cli.serve import serve

    result = CliRunner().invoke(serve, ["--host", "0.0.0.0"], env={"EXTRACTOR_TOKEN": ""})
    assert result.exit_code == 2
    assert "bearer token" in result.output


# --- jobs -----------------------------------------------------------------------------------


def test_job_runs_and_is_kept_on_disk(tmp_path: Path, client: TestClient) -> None:
    articles = [{"id": "a", "text": article("A1")}, {"text": article("B2")},
                {"text": article("C3")}]  # fmt: skip
    answer = client.post("/v1/jobs", json={"articles": articles})
    assert answer.status_code == 202
    job_id = answer.json()["job_id"]
    assert answer.headers["location"] == f"/v1/jobs/{job_id}"

    status = wait_done(client, job_id)
    assert status["counts"] == {"total": 3, "queued": 0, "running": 0, "ok": 3, "error": 0}
    assert [a["id"] for a in status["articles"]] == ["a", "2", "3"]
    assert {a["status"] for a in status["articles"]} == {"ok"}

    results = client.get(f"/v1/jobs/{job_id}/results")
    assert results.headers["content-type"] == "application/x-ndjson"
    records = [ExtractionRecord.model_validate_json(line) for line in results.text.splitlines()]
    assert sorted(r.doc_id for r in records) == ["2", "3", "a"]
    assert all(r.status == "ok" and r.facts for r in records)

    directory = tmp_path / "jobs" / job_id
    assert {p.name for p in directory.iterdir()} == {"job.json", "articles.jsonl",
                                                     "results.jsonl"}  # fmt: skip
    assert json.loads((directory / "job.json").read_text())["finished"]


def test_unknown_jobs_are_404(client: TestClient) -> None:
    for job_id in ("0" * 32, "..", "not-a-job"):
        answer = client.get(f"/v1/jobs/{job_id}")
        assert answer.status_code == 404, job_id
        assert client.get(f"/v1/jobs/{job_id}/results").status_code == 404


def test_job_status_while_running(tmp_path: Path) -> None:
    factory = Factory()
    app = create_app(settings_for(tmp_path), factory)
    with TestClient(app) as c:
        model = factory.models["fake-model"]
        model.gate = threading.Event()
        job_id = c.post("/v1/jobs", json={"articles": [{"text": article(m)} for m in "XYZ"]}
                        ).json()["job_id"]  # fmt: skip
        deadline = time.monotonic() + 10
        while (status := c.get(f"/v1/jobs/{job_id}").json())["counts"]["running"] == 0:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert status["status"] == "running"
        # concurrency 1: one article in flight, the others wait their turn.
        assert status["counts"] == {"total": 3, "queued": 2, "running": 1, "ok": 0, "error": 0}
        model.gate.set()
        assert wait_done(c, job_id)["counts"]["ok"] == 3


def test_unfinished_job_resumes_in_a_new_service(tmp_path: Path) -> None:
    first = Factory(fail_on=("B2",))
    articles = [{"id": m, "text": article(m)} for m in ("A1", "B2", "C3")]
    with TestClient(create_app(settings_for(tmp_path), first)) as c:
        job_id = c.post("/v1/jobs", json={"articles": articles}).json()["job_id"]
        status = wait_done(c, job_id)
    assert status["counts"]["ok"] == 2 and status["counts"]["error"] == 1

    # Make it look like the process died mid-job: C3 was never written, a line was cut short.
    directory = tmp_path / "jobs" / job_id
    meta = json.loads((directory / "job.json").read_text())
    (directory / "job.json").write_text(json.dumps({**meta, "finished": None}))
    lines = (directory / "results.jsonl").read_text().splitlines()
    kept = [line for line in lines if '"doc_id":"C3"' not in line]
    (directory / "results.jsonl").write_text("\n".join(kept) + '\n{"doc_id": "C3", "sta')

    second = Factory()
    with TestClient(create_app(settings_for(tmp_path), second)) as c:
        status = wait_done(c, job_id)
        results = c.get(f"/v1/jobs/{job_id}/results").text
    model = second.models["fake-model"]
    # Only the failed and the missing article ran again; A1 stayed as it was.
    assert model.calls_for("A1") == 0
    assert model.calls_for("B2") >= 2 and model.calls_for("C3") >= 2
    assert status["counts"] == {"total": 3, "queued": 0, "running": 0, "ok": 3, "error": 0}
    records = [json.loads(line) for line in results.splitlines()]
    assert sorted(r["doc_id"] for r in records) == ["A1", "B2", "C3"]

    # A finished job is served from disk as it is, and not run again.
    third = Factory()
    with TestClient(create_app(settings_for(tmp_path), third)) as c:
        assert c.get(f"/v1/jobs/{job_id}").json()["status"] == "done"
        assert len(c.get(f"/v1/jobs/{job_id}/results").text.splitlines()) == 3
    assert not third.models["fake-model"].articles


def test_shutdown_waits_for_the_article_in_flight(tmp_path: Path) -> None:
    factory = Factory()
    with TestClient(create_app(settings_for(tmp_path), factory)) as c:
        model = factory.models["fake-model"]
        model.gate = threading.Event()
        articles = [{"id": m, "text": article(m)} for m in ("P1", "Q2")]
        job_id = c.post("/v1/jobs", json={"articles": articles}).json()["job_id"]
        deadline = time.monotonic() + 10
        while c.get(f"/v1/jobs/{job_id}").json()["counts"]["running"] == 0:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        threading.Timer(0.3, model.gate.set).start()
    # Shutdown waited for P1's thread and its record was saved; Q2 never started.
    lines = (tmp_path / "jobs" / job_id / "results.jsonl").read_text().splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["P1"]
    meta = json.loads((tmp_path / "jobs" / job_id / "job.json").read_text())
    assert meta["finished"] is None


def test_submission_cut_short_is_cleared(tmp_path: Path, factory: Factory) -> None:
    staging = tmp_path / "jobs" / ".0123.tmp"
    staging.mkdir(parents=True)
    (staging / "articles.jsonl").write_text("{}\n")
    with TestClient(create_app(settings_for(tmp_path), factory)) as c:
        assert c.get("/healthz").status_code == 200
    assert not staging.exists()


# --- metrics --------------------------------------------------------------------------------

_SAMPLE = re.compile(r'^[a-z_]+(\{([a-z_]+="[^"]*",?)+\})? -?[0-9.e+-]+$|^[a-z_]+\{[^}]*\} \+Inf$')


def test_metrics(client: TestClient) -> None:
    client.post("/v1/extract", json={"text": ARTICLE})
    client.post("/v1/extract", json={"text": ARTICLE})  # answered from the (fake) cache
    client.post("/v1/extract", json={"text": ""})
    client.get("/v1/jobs/" + "f" * 32)
    answer = client.get("/metrics")
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = answer.text
    for line in text.splitlines():
        assert line.startswith("# ") or _SAMPLE.match(line), line
    values = {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if not line.startswith("#")
    }
    req = 'extractor_http_requests_total{method="%s",route="%s",status="%s"}'
    assert values[req % ("POST", "/v1/extract", "200")] == 2
    assert values[req % ("POST", "/v1/extract", "422")] == 1
    assert values[req % ("GET", "/v1/jobs/{job_id}", "404")] == 1
    calls = values["extractor_model_calls_total"]
    assert calls >= 2
    assert values["extractor_prompt_tokens_total"] == 100 * calls
    assert values["extractor_completion_tokens_total"] == 20 * calls
    assert values["extractor_cache_hits_total"] == calls  # the repeat hit every pass
    assert values['extractor_articles_total{source="extract",status="ok"}'] == 2
    assert values['extractor_errors_total{kind="article"}'] == 0
    assert values['extractor_article_extraction_seconds_bucket{source="extract",le="+Inf"}'] == 2
    assert values['extractor_http_request_duration_seconds_count{route="/v1/extract"}'] == 3
    assert values["extractor_articles_in_flight"] == 0


# --- API docs -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_load_only_local_assets(client: TestClient, page: str) -> None:
    html = client.get(page)
    assert html.status_code == 200
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*'([^']+)'""", html.text)
    urls = [a or b for a, b in urls]
    assert urls, html.text
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url  # never a CDN
    assets = [u for u in urls if u.startswith("/docs-assets/")]
    assert any(u.endswith(".js") for u in assets)
    for url in assets:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert len(answer.content) > 1000, url
    assert "cdn" not in html.text.lower() and "googleapis" not in html.text


def test_docs_stay_open_with_a_token(tmp_path: Path, factory: Factory) -> None:
    with TestClient(create_app(settings_for(tmp_path), factory, token="s3cret")) as c:
        assert c.get("/docs").status_code == 200
        assert c.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
        assert c.get("/metrics").status_code == 401


def test_a_running_service_sees_an_edited_prompt(
    tmp_path: Path, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.ask import prompts

    copy = tmp_path / "prompts" / prompts.TEMPLATE_SET
    copy.mkdir(parents=True)
    for f in (prompts.PROMPTS_DIR / prompts.TEMPLATE_SET).glob("*.md"):
        (copy / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(prompts, "PROMPTS_DIR", tmp_path / "prompts")
    with TestClient(create_app(settings_for(tmp_path), factory)) as c:
        before = c.post("/v1/extract", json={"text": ARTICLE, "id": "a"}).json()
        events = copy / "events.md"
        events.write_text(events.read_text(encoding="utf-8") + "\n只写原文中的项目。\n",
                          encoding="utf-8")  # fmt: skip
        after = c.post("/v1/extract", json={"text": ARTICLE, "id": "b"}).json()
    assert before["status"] == after["status"] == "ok"
    assert before["prompt_version"] != after["prompt_version"]
    events_prompts = [t for t in factory.models["fake-model"].articles if "只写原文中的项目" in t]
    assert len(events_prompts) == 1  # the second article's events pass used the new template
