"""The response cache: what its key covers, how values are stored, and damaged entries."""

from __future__ import annotations

import json
import pickle
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from extractor.config import Settings
from extractor.model import Request
from extractor.providers.cache import ResponseCache, request_key
from extractor.providers.openai_compat import Endpoint, OpenAICompatibleModel
from schemas.passes import EntitiesAnswer, EventsAnswer
from tests.fault_server import FaultServer

BASE_URL = "http://127.0.0.1:9/v1"


def make_model(
    tmp_path: Path, endpoint: str = BASE_URL, model: str = "m", **settings
) -> OpenAICompatibleModel:
    s = Settings(base_url=endpoint, model=model, cache_dir=tmp_path / "cache", **settings)
    return OpenAICompatibleModel(s, Endpoint(endpoint, model, lambda: endpoint))


def make_request(**changes) -> Request:
    base = Request(
        task="events",
        messages=[{"role": "system", "content": "s"}, {"role": "user", "content": "文章DOC-k"}],
        response_model=EventsAnswer,
        max_tokens=256,
        prompt_version="v1-aaaa",
        prompt_tokens_estimate=10,
    )
    return replace(base, **changes)


def key_of(model: OpenAICompatibleModel, request: Request) -> str:
    return request_key(model.cache_payload(request))


def test_key_is_stable_for_the_same_request(tmp_path: Path) -> None:
    assert key_of(make_model(tmp_path), make_request()) == key_of(
        make_model(tmp_path), make_request()
    )


@pytest.mark.parametrize(
    ("model_kwargs", "request_changes"),
    [
        ({"endpoint": "http://127.0.0.1:10/v1"}, {}),
        ({"model": "other-model"}, {}),
        ({}, {"messages": [{"role": "user", "content": "另一篇文章"}]}),
        ({}, {"response_model": EntitiesAnswer}),
        ({}, {"prompt_version": "v1-bbbb"}),
        ({"temperature": 0.7}, {}),
        ({}, {"max_tokens": 512}),
        ({"seed": 7}, {}),
        ({"endpoint_kind": "llama.cpp"}, {}),  # another structured-output mode
    ],
    ids=lambda v: next(iter(v), "") if isinstance(v, dict) else "",
)
def test_key_changes_with_everything_that_shapes_the_answer(
    tmp_path: Path, model_kwargs: dict, request_changes: dict
) -> None:
    base = key_of(make_model(tmp_path), make_request())
    changed = key_of(make_model(tmp_path, **model_kwargs), make_request(**request_changes))
    assert changed != base


def test_key_ignores_the_api_key_and_time_out(tmp_path: Path) -> None:
    # Neither changes the answer, and the key must never depend on (or leak) a secret.
    base = key_of(make_model(tmp_path), make_request())
    other = make_model(tmp_path, api_key="sk-other", request_timeout=5, transport_retries=0)
    assert key_of(other, make_request()) == base
    assert "sk-other" not in json.dumps(other.cache_payload(make_request()))


def _rows(directory: Path) -> list[tuple]:
    with sqlite3.connect(directory / "cache.db") as db:
        return db.execute("SELECT key, mode, filename, value FROM Cache").fetchall()


def test_values_are_json_text_never_pickle(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    small = {"output": {"indicators": []}, "task": "indicators"}
    big = {"output": {"indicators": [{"name": "规上工业增加值" * 5000}]}, "task": "indicators"}
    cache.set("small", small)
    cache.set("big", big)  # large enough for diskcache to move it to a file
    cache.close()

    rows = {row[0]: row for row in _rows(tmp_path)}
    _, mode, filename, value = rows["small"]
    assert isinstance(value, str) and json.loads(value) == small
    assert mode == 1  # diskcache MODE_RAW: the str itself, not a pickle (mode 4)
    _, mode, filename, value = rows["big"]
    assert mode == 3 and value is None  # MODE_TEXT: a UTF-8 text file
    text = (tmp_path / filename).read_text(encoding="utf-8")
    assert json.loads(text) == big
    assert all(row[1] != 4 for row in rows.values())


def test_round_trip_and_len(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.set("k", {"output": {"indicators": []}, "task": "indicators"})
    assert cache.get("k") == {"output": {"indicators": []}, "task": "indicators"}
    assert cache.get("missing") is None
    assert len(cache) == 1
    cache.close()


def _damage_row(directory: Path, key: str, mode: int, value: object) -> None:
    with sqlite3.connect(directory / "cache.db") as db:
        db.execute("UPDATE Cache SET mode = ?, value = ? WHERE key = ?", (mode, value, key))


@pytest.mark.parametrize(
    ("mode", "value"),
    [
        (1, '{"output": {"indicators": ['),  # cut-off JSON
        (1, "not json at all"),
        (1, "[1, 2, 3]"),  # JSON, but not an entry
        (1, sqlite3.Binary(b"\x80\x81")),  # bytes where text belongs
        (4, sqlite3.Binary(pickle.dumps({"output": {"indicators": []}}))),  # a pickle
    ],
    ids=["truncated", "garbage", "wrong-shape", "bytes", "pickle"],
)
def test_damaged_entry_is_a_miss(tmp_path: Path, mode: int, value: object) -> None:
    cache = ResponseCache(tmp_path)
    cache.set("k", {"output": {"indicators": []}, "task": "indicators"})
    cache.close()
    _damage_row(tmp_path, "k", mode, value)
    cache = ResponseCache(tmp_path)
    assert cache.get("k") is None
    # The next good answer replaces the damaged entry.
    cache.set("k", {"output": {"indicators": []}, "task": "indicators"})
    assert cache.get("k") == {"output": {"indicators": []}, "task": "indicators"}
    cache.close()


def test_damaged_value_file_is_a_miss(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.set("big", {"output": {"x": "长" * 40_000}})
    cache.close()
    [(_, _, filename, _)] = _rows(tmp_path)
    (tmp_path / filename).write_bytes(b"\xff\xfe not utf-8")
    assert ResponseCache(tmp_path).get("big") is None
    (tmp_path / filename).unlink()
    assert ResponseCache(tmp_path).get("big") is None


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_entry_that_fails_the_schema_is_a_miss_not_a_crash(tmp_path: Path) -> None:
    # Valid JSON whose output no longer validates sends the request to the model again, and
    # the fresh answer replaces it.
    with FaultServer() as server:
        model = make_model(tmp_path, endpoint=server.url, request_timeout=5)
        request = make_request()
        assert model.cache is not None
        key = key_of(model, request)
        for damaged in ({"output": {"projects": "broken"}}, {"task": "events"}):
            model.cache.set(key, damaged)
            before = server.calls()
            response = model.answer(request)
            assert server.calls() == before + 1 and response.usage.calls == 1
            stored = model.cache.get(key)
            assert stored is not None and stored["task"] == "events"
            assert EventsAnswer.model_validate(stored["output"]) == EventsAnswer()
        assert model.answer(request).usage.cached_passes == 1
        assert server.calls() == 2
        model.cache.close()


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_fresh_empty_cache_is_written_and_read(tmp_path: Path) -> None:
    # An empty cache has length 0; it must still count as a cache and take the first answer.
    cache = ResponseCache(tmp_path / "c")
    assert len(cache) == 0 and bool(cache)
    cache.close()
    with FaultServer() as server:
        model = make_model(tmp_path, endpoint=server.url, request_timeout=5)
        assert model.cache is not None and len(model.cache) == 0
        first = model.answer(make_request())
        second = model.answer(make_request())
        assert first.usage.calls == 1 and second.usage.cached_passes == 1
        assert server.calls() == 1 and len(model.cache) == 1
        model.cache.close()
