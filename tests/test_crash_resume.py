"""A run killed mid-batch resumes cleanly, and concurrent writers never corrupt the cache."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from extractor.pipeline.output import OutputFile, read_records
from extractor.providers.cache import ResponseCache
from schemas.record import ExtractionRecord
from tests.fault_server import FaultServer

ROOT = Path(__file__).resolve().parent.parent
DOCS = [f"c{i}" for i in range(6)]


def _write_input(path: Path) -> None:
    lines = []
    for doc in DOCS:
        text = (
            f"钱塘区2021年经济运行情况{doc}\n来源:钱塘发布 发布时间:2022-01-25\n"
            f"2021年,钱塘区(编号DOC-{doc})规上工业增加值352.4亿元,同比增长11.8%。\n"
        )
        lines.append(json.dumps({"id": doc, "text": text}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _start_run(tmp_path: Path, url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "EXTRACTOR_HOME": str(tmp_path / "home"),
        "EXTRACTOR_REQUEST_TIMEOUT": "10",
        "EXTRACTOR_TRANSPORT_RETRIES": "0",
    }
    env.pop("OPENAI_API_KEY", None)
    command = [
        sys.executable,
        "-m",
        "extractor",
        "run",
        str(tmp_path / "in.jsonl"),
        "--out",
        str(tmp_path / "out.jsonl"),
        "--base-url",
        url,
        "--model",
        "m",
        "--cache-dir",
        str(tmp_path / "cache"),
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line]


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_killed_run_resumes_without_redoing_or_duplicating(tmp_path: Path) -> None:
    _write_input(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    with FaultServer(default="slow", slow_seconds=0.15) as server:
        proc = _start_run(tmp_path, server.url)
        try:
            deadline = time.monotonic() + 60
            while len(_lines(out)) < 2 and time.monotonic() < deadline:
                assert proc.poll() is None, proc.communicate()
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
        finished = {ExtractionRecord.model_validate_json(line).doc_id for line in _lines(out)}
        assert 2 <= len(finished) < len(DOCS), "kill came too late to test a resume"
        calls_at_kill = server.calls_by_article()

        # The crash may also have torn the line being written; the rerun must shrug it off.
        with out.open("a", encoding="utf-8") as fh:
            fh.write('{"doc_id": "c5", "status": "ok", "fac')

        server.default = "ok"  # the rerun needs no slowness
        proc = _start_run(tmp_path, server.url)
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr.decode()

        records = read_records(out)  # every line parses as a whole record
        assert sorted(r.doc_id for r in records) == sorted(DOCS)  # each article exactly once
        assert all(r.status == "ok" for r in records)
        calls = server.calls_by_article()
        for doc in finished:
            assert calls[doc] == calls_at_kill[doc], f"{doc} was recomputed"
        # A pass answered before the kill came from the cache, not from the model again; only
        # the one request in flight at the kill (if any) is asked twice.
        passes = calls_at_kill[next(iter(finished))]
        for doc in set(DOCS) - finished:
            assert passes <= calls[doc] <= passes + 1, (doc, calls[doc], passes)


def _record(doc: str, **extra: object) -> ExtractionRecord:
    return ExtractionRecord(doc_id=doc, status="ok", **extra)


def test_torn_and_unterminated_lines_are_repaired(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    out = OutputFile(path)
    out.append(_record("a"))
    whole = _record("c").model_dump_json()
    # A crash right before the newline leaves a valid record without its line end.
    with path.open("a", encoding="utf-8") as fh:
        fh.write(whole)
    out = OutputFile(path)
    assert set(out.done) == {"a", "c"}
    out.append(_record("d"))
    assert [r.doc_id for r in read_records(path)] == ["a", "c", "d"]
    # An error record is dropped on reopening, so its article is retried.
    out.append(ExtractionRecord(doc_id="b", status="error", error="endpoint down"))
    assert set(OutputFile(path).done) == {"a", "c", "d"}
    assert [r.doc_id for r in read_records(path)] == ["a", "c", "d"]
    # A line cut mid-record is dropped.
    with path.open("a", encoding="utf-8") as fh:
        fh.write(whole[:25])
    out = OutputFile(path)
    assert set(out.done) == {"a", "c", "d"}
    out.append(_record("e"))
    assert [r.doc_id for r in read_records(path)] == ["a", "c", "d", "e"]


def test_records_with_unicode_line_separators_survive_a_resume(tmp_path: Path) -> None:
    # JSON leaves U+2028/U+2029/U+0085 unescaped; they must not split a record on reading.
    path = tmp_path / "out.jsonl"
    OutputFile(path).append(_record("p\u2028q", error=None, flags=["x\u2029y\x85z"]))
    out = OutputFile(path)
    assert set(out.done) == {"p\u2028q"}
    assert [r.flags for r in read_records(path)] == [["x\u2029y\x85z"]]


# -- one cache directory shared by concurrent writers ------------------------------------------


def _write(cache: ResponseCache, worker: int, rounds: int) -> None:
    for i in range(rounds):
        # Half the keys are shared by every writer, half are the writer's own.
        key = f"shared-{i}" if i % 2 else f"own-{worker}-{i}"
        cache.set(key, {"output": {"indicators": [], "i": i}, "task": "indicators"})
        got = cache.get(key)
        assert got is not None and got["output"]["i"] == i


def _writer(directory: str, worker: int, rounds: int) -> None:
    cache = ResponseCache(Path(directory))
    _write(cache, worker, rounds)
    cache.close()


def _check_cache(directory: Path, workers: int, rounds: int) -> None:
    cache = ResponseCache(directory)
    for i in range(rounds):
        keys = [f"shared-{i}"] if i % 2 else [f"own-{w}-{i}" for w in range(workers)]
        for key in keys:
            assert cache.get(key) == {"output": {"indicators": [], "i": i}, "task": "indicators"}
    assert len(cache) == rounds // 2 + workers * (rounds - rounds // 2)
    cache.close()


def test_processes_sharing_one_cache_dir(tmp_path: Path) -> None:
    workers, rounds = 3, 60
    context = multiprocessing.get_context("spawn")
    procs = [
        context.Process(target=_writer, args=(str(tmp_path), w, rounds)) for w in range(workers)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    _check_cache(tmp_path, workers, rounds)


def test_threads_sharing_one_cache_object(tmp_path: Path) -> None:
    # As in a run with --concurrency: one model, one ResponseCache, many threads.
    workers, rounds = 4, 60
    errors: list[BaseException] = []
    shared = ResponseCache(tmp_path)

    def work(w: int) -> None:
        try:
            _write(shared, w, rounds)
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    shared.close()
    assert errors == []
    _check_cache(tmp_path, workers, rounds)
