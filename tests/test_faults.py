"""Endpoint faults over real HTTP: every article ends ok or with a clear error, in bounded calls.

Each error class has one retry owner (tenacity: transport, 429, 5xx; instructor: schema
re-asks; the openai client: none), so the number of requests an article costs is exact.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from extractor.ask.prompts import PASSES, build_request
from extractor.config import Settings
from extractor.model import Request
from extractor.page.load import Page
from extractor.pipeline.batch import BatchSummary, run_batch
from extractor.pipeline.output import OutputFile, read_records
from extractor.providers.connect import connect
from extractor.providers.openai_compat import request_timeout
from schemas.record import ExtractionRecord
from tests.fault_server import FaultServer

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

GOOD = ("good1", "good2")


def page(doc: str) -> Page:
    text = (
        "钱塘区2021年经济运行情况\n"
        "来源:钱塘发布 发布时间:2022-01-25 13:34\n"
        f"2021年,钱塘区(编号DOC-{doc})实现规上工业增加值352.4亿元,同比增长11.8%。\n"
        "全区新引进亿元以上产业项目45个,集成电路产业产值438.09亿元。\n"
    )
    return Page(doc, text, f"{doc}.txt")


def settings_for(server: FaultServer, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "base_url": server.url,
        "model": "fault-model",
        "cache_dir": tmp_path / "cache",
        "request_timeout": 5.0,
        "transport_retries": 2,
        "max_reasks": 1,
        "concurrency": 2,
        "number_labels": True,  # every pass, the optional labelling one included, meets faults
    }
    values.update(overrides)
    return Settings(**values)


def run(
    server: FaultServer, tmp_path: Path, docs: tuple[str, ...], out: str = "out.jsonl", **kw: Any
) -> tuple[dict[str, ExtractionRecord], BatchSummary]:
    settings = settings_for(server, tmp_path, **kw)
    output = OutputFile(tmp_path / out)
    with connect(settings) as model:
        summary = run_batch([page(d) for d in docs], model, settings, output)
    records = read_records(tmp_path / out)
    # Every line is a whole record and every article appears once.
    assert sorted(r.doc_id for r in records) == sorted(docs)
    return {r.doc_id: r for r in records}, summary


def passes_per_article(server: FaultServer) -> int:
    """Requests a clean article costs: entities and events, meta when the page patterns miss
    it, and the subject choice when the page has numbers and names."""
    counts = {server.calls(doc) for doc in GOOD}
    assert len(counts) == 1, counts
    (n,) = counts
    assert n in range(len(PASSES) - 1, len(PASSES) + 3)  # one more after a failed first call
    return n


def assert_others_fine(server: FaultServer, records: dict[str, ExtractionRecord]) -> int:
    for doc in GOOD:
        assert records[doc].status == "ok", records[doc].error
    return passes_per_article(server)


# -- faults that heal: the article ends ok after exactly the retries it needed ---------------

# Transport faults are retried by tenacity, schema faults re-asked by instructor.
RECOVERS = ["429", "500", "502", "503", "reset", "hang", "invalid_json", "bad_schema"]


@pytest.mark.parametrize("fault", RECOVERS)
def test_fault_once_then_ok(tmp_path: Path, fault: str) -> None:
    # Retry-After 0 keeps this fast; test_retry_after_is_honoured checks the wait itself.
    timeout = 1.0 if fault == "hang" else 5.0
    with FaultServer(script={"bad": [fault]}, retry_after="0", hang_seconds=10) as server:
        started = time.monotonic()
        records, summary = run(server, tmp_path, ("bad", *GOOD), request_timeout=timeout)
        elapsed = time.monotonic() - started
        n = assert_others_fine(server, records)
        bad = records["bad"]
        assert bad.status == "ok", bad.error
        assert server.calls("bad") == n + 1  # one extra request, never more
        assert server.calls("bad", task="indicators") == 2
        assert bad.usage.calls == n + 1 and bad.usage.retries == 1
        assert summary.ok == 3 and summary.failed == 0
        if fault == "hang":
            # The client gave up after its time-out, long before the server would have answered.
            assert 1.0 <= elapsed < 8


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    with FaultServer(script={"bad": ["429"]}, retry_after="1") as server:
        records, _ = run(server, tmp_path, ("bad", *GOOD))
        assert records["bad"].status == "ok"
        first, second = [r.at for r in server.requests if r.article == "bad"][:2]
        assert second - first >= 0.95


# -- faults that persist: the article ends error with a clear reason, others finish ----------

T, R = 2, 1  # transport retries, re-asks

FAILS = {
    # fault: (settings overrides, requests for the article, words in the error)
    "429": ({}, T + 1, "endpoint answered HTTP 429 (transient)"),
    "500": ({"transport_retries": 1}, 2, "endpoint answered HTTP 500 (transient)"),
    "502": ({"transport_retries": 1}, 2, "endpoint answered HTTP 502 (transient)"),
    "503": ({"transport_retries": 1}, 2, "endpoint answered HTTP 503 (transient)"),
    "reset": ({"transport_retries": 1}, 2, "cannot reach the endpoint"),
    "hang": ({"transport_retries": 1, "request_timeout": 1.0}, 2, "did not answer in time"),
    "truncated": ({}, 1, "answer cut off at max_tokens="),
    "invalid_json": ({}, R + 1, "unusable answer after 2 attempt(s)"),
    "bad_schema": ({}, R + 1, "schema error(s), first at "),
    "empty_choices": ({}, 1, "No choices"),
}


@pytest.mark.parametrize("fault", list(FAILS))
def test_persistent_fault_is_a_clear_error(tmp_path: Path, fault: str) -> None:
    overrides, calls, words = FAILS[fault]
    settings = {"transport_retries": T, "max_reasks": R, **overrides}
    with FaultServer(script={"bad": [fault] * 10}, retry_after="0", hang_seconds=10) as server:
        records, summary = run(server, tmp_path, ("bad", *GOOD), **settings)
        assert_others_fine(server, records)
        bad = records["bad"]
        assert bad.status == "error" and bad.facts is None
        assert bad.error is not None and bad.error.startswith("indicators: ")
        assert words in bad.error
        assert "\n" not in bad.error and len(bad.error) < 400
        # The first pass failed for good, so the article stopped there.
        assert server.calls("bad") == server.calls("bad", task="indicators") == calls
        assert bad.usage.calls == calls  # the error record counts the requests it cost
        assert summary.failed == 1 and summary.ok == 2
        assert summary.failures == [("bad", bad.error)]


@pytest.mark.parametrize("fault", ["429", "500", "reset", "hang", "invalid_json", "bad_schema"])
def test_no_hidden_retries(tmp_path: Path, fault: str) -> None:
    """With no retries configured, every fault costs exactly one request: the openai client
    and instructor add none of their own."""
    with FaultServer(script={"bad": [fault] * 5}, hang_seconds=10) as server:
        records, _ = run(
            server,
            tmp_path,
            ("bad", *GOOD),
            transport_retries=0,
            max_reasks=0,
            request_timeout=1.0 if fault == "hang" else 5.0,
        )
        assert records["bad"].status == "error"
        assert server.calls("bad") == 1


def test_reasks_and_transport_retries_never_multiply(tmp_path: Path) -> None:
    # A re-ask, then a 5xx: the transport retry must not get a fresh re-ask budget, so the
    # request costs at most 1 + transport_retries + max_reasks calls, not their product.
    script = ["invalid_json", "500"] * 5
    with FaultServer(script={"bad": script}) as server:
        records, _ = run(server, tmp_path, ("bad", *GOOD), transport_retries=1, max_reasks=1)
        assert records["bad"].status == "error"
        assert "unusable answer" in (records["bad"].error or "")
        assert server.calls("bad") == 3  # invalid, 500, invalid (no re-ask left)


def test_transport_retry_after_reask_can_still_succeed(tmp_path: Path) -> None:
    with FaultServer(script={"bad": ["invalid_json", "503"]}) as server:
        records, _ = run(server, tmp_path, ("bad", *GOOD), transport_retries=1, max_reasks=1)
        n = assert_others_fine(server, records)
        assert records["bad"].status == "ok"
        assert server.calls("bad") == n + 2


def test_fault_in_a_later_pass_stops_the_article(tmp_path: Path) -> None:
    with FaultServer(script={"bad": ["ok", "truncated"]}) as server:
        records, _ = run(server, tmp_path, ("bad", *GOOD))
        assert records["bad"].status == "error"
        assert (records["bad"].error or "").startswith(f"{PASSES[1].name}: answer cut off")
        assert server.calls("bad") == 2


# -- failures are never cached ---------------------------------------------------------------


def test_failures_are_never_cached(tmp_path: Path) -> None:
    docs = ("bad", *GOOD)
    with FaultServer(default="500") as server:
        records, _ = run(server, tmp_path, docs, transport_retries=0)
        assert all(r.status == "error" for r in records.values())
        assert server.calls() == 3
        settings = settings_for(server, tmp_path)
        with connect(settings) as model:
            assert model.cache is not None and len(model.cache) == 0

        # The endpoint recovers: the same run asks the model again, it does not replay errors.
        server.default = "ok"
        records, summary = run(server, tmp_path, docs, transport_retries=0)
        assert all(r.status == "ok" for r in records.values())
        n = passes_per_article(server) - 1  # minus the failed first request
        assert server.calls("bad") == n + 1
        assert summary.usage.cached_passes == 0

        # Only now does a fresh run come entirely from the cache.
        before = server.calls()
        records, summary = run(server, tmp_path, docs, out="again.jsonl")
        assert server.calls() == before
        assert all(r.usage.cache_hit and r.usage.calls == 0 for r in records.values())
        assert summary.usage.cached_passes == 3 * n


def test_partial_failure_keeps_only_the_good_answers(tmp_path: Path) -> None:
    with FaultServer(script={"bad": ["ok", "500"]}) as server:
        records, _ = run(server, tmp_path, ("bad", *GOOD), transport_retries=0)
        assert records["bad"].status == "error"
        n = passes_per_article(server)
        assert server.calls("bad") == 2
        # Rerun: the first pass comes from the cache, the failed one and the rest are asked.
        records, _ = run(server, tmp_path, ("bad", *GOOD), transport_retries=0)
        assert records["bad"].status == "ok"
        assert records["bad"].usage.cached_passes == 1
        assert server.calls("bad") == 2 + (n - 1)
        assert server.calls("good1") == n  # finished articles are not redone


# -- time-outs are sized from the request ----------------------------------------------------


def _request(prompt_tokens: int, max_tokens: int) -> Request:
    base = build_request("DOC-t 文章", PASSES[0])
    return Request(
        task=base.task,
        messages=base.messages,
        response_model=base.response_model,
        max_tokens=max_tokens,
        prompt_version=base.prompt_version,
        prompt_tokens_estimate=prompt_tokens,
    )


def test_time_out_grows_with_the_request_and_is_capped() -> None:
    small = request_timeout(_request(100, 256), cap=10_000)
    longer_prompt = request_timeout(_request(3000, 256), cap=10_000)
    longer_answer = request_timeout(_request(100, 2048), cap=10_000)
    assert 30 < small < longer_prompt and small < longer_answer
    assert request_timeout(_request(3000, 2048), cap=120) == 120


def test_each_request_carries_its_own_time_out(tmp_path: Path, monkeypatch) -> None:
    seen: list[float] = []

    import instructor.v2.core.hooks as hooks_module

    class SpyingHooks(hooks_module.Hooks):
        def __init__(self) -> None:
            super().__init__()
            self.on("completion:kwargs", lambda *args, **kwargs: seen.append(kwargs["timeout"]))

    # openai_compat imports Hooks at call time (to keep start-up fast), so patch its home.
    monkeypatch.setattr(hooks_module, "Hooks", SpyingHooks)
    with FaultServer() as server:
        settings = settings_for(server, tmp_path, request_timeout=500.0, use_cache=False)
        requests = [_request(100, 256), _request(4000, 2048)]
        with connect(settings) as model:
            for request in requests:
                model.answer(request)
    # instructor builds Hooks of its own too, so each request may be seen more than once.
    distinct = list(dict.fromkeys(seen))
    assert distinct == [request_timeout(r, 500.0) for r in requests]
    assert distinct[0] < distinct[1] <= 500.0
