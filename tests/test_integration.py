"""The real pipeline over the seeds, replayed from cassettes recorded on the local llama.cpp."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from extractor.cli.main import cli
from tests.conftest import RECORD_BASE_URL, RECORD_MODEL, RECORDING, SEEDS, cassette_vcr

# Two seeds keep the recording short: a simplified page, and the traditional-script one.
PAGES = [SEEDS / "000_df95dfb019ecf541.txt", SEEDS / "003_a16b0253d7dd8abb.txt"]


def _run(out: Path, cache: Path, *extra: str) -> tuple[int, list[dict], str]:
    args = [
        "run", *map(str, PAGES), "--out", str(out), "--cache-dir", str(cache),
        "--base-url", RECORD_BASE_URL, "--model", RECORD_MODEL,
        "--endpoint-kind", "llama.cpp", "--api-key", "sk-test-not-a-real-key", *extra,
    ]  # fmt: skip
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return result.exit_code, records, result.output


def test_run_on_seeds_then_cache_then_no_cache(tmp_path: Path) -> None:
    out, cache = tmp_path / "run.jsonl", tmp_path / "cache"
    with cassette_vcr.use_cassette("run_seeds.yaml") as cassette:
        # --number-labels adds the optional labelling pass, so every pass meets the real server.
        code, records, output = _run(out, cache, "--number-labels")
        assert code == 0, output
        assert len(records) == len(PAGES)
        assert {r["status"] for r in records} == {"ok"}
        first_calls = sum(r["usage"]["calls"] for r in records)
        assert first_calls >= 3 * len(PAGES)  # three passes per article at least
        if not RECORDING:
            assert cassette.play_count == first_calls  # every call really went over HTTP

        by_id = {r["doc_id"]: r for r in records}
        seed0 = by_id["000_df95dfb019ecf541"]
        values = {i["value"]: i for i in seed0["facts"]["indicators"]}
        assert any("438.09亿元" in v for v in values), sorted(values)
        assert any(v.startswith("450亿元") for v in values), sorted(values)
        ic = next(i for v, i in values.items() if "438.09亿元" in v)
        assert "11.8%" in (ic["growth"] or "")
        assert ic["quantity"]["value"] == 43809000000.0

        page0 = (SEEDS / "000_df95dfb019ecf541.txt").read_text(encoding="utf-8")
        for indicator in seed0["facts"]["indicators"]:
            grounding = indicator["grounding"]
            assert grounding["status"] == "grounded"
            span = grounding["spans"][0]
            assert indicator["value"] in page0[span["start"] : span["end"]]

        # The traditional page: spans point into the raw page and values keep its script.
        trad = by_id["003_a16b0253d7dd8abb"]
        assert "traditional_script" in trad["flags"]
        page3 = PAGES[1].read_text(encoding="utf-8")
        assert trad["facts"]["indicators"]
        for indicator in trad["facts"]["indicators"]:
            span = indicator["grounding"]["spans"][0]
            assert page3[span["start"] : span["end"]] == indicator["value"]

        # Members of "甲、乙等<category>" lists are organizations, typed by the category.
        orgs = {o["name"]: o for o in seed0["facts"]["organizations"]}
        assert {"默沙东", "雅培", "强生", "药明生物"} <= set(orgs)
        assert orgs["默沙东"]["type"] == "company"
        assert orgs["默沙东"]["grounding"]["status"] == "grounded"

        # Same arguments again: everything is already done, no model call.
        out.unlink()
        code, records, _ = _run(out, cache, "--number-labels")
        assert code == 0 and len(records) == len(PAGES)
        assert sum(r["usage"]["calls"] for r in records) == 0
        assert all(r["usage"]["cache_hit"] for r in records)

    # --no-cache goes to the model again (replayed here), even though the cache holds answers.
    out.unlink()
    with cassette_vcr.use_cassette("run_seeds.yaml", allow_playback_repeats=True) as cassette:
        code, records, _ = _run(out, cache, "--no-cache", "--number-labels")
        assert code == 0
        assert sum(r["usage"]["calls"] for r in records) == first_calls
        assert not any(r["usage"]["cache_hit"] for r in records)


def test_default_run_without_number_labels(tmp_path: Path) -> None:
    # The default asks the entity and event passes, meta where the page lacks it, and whose
    # figures the numbers are where their clauses do not say (all in the cassette).
    out, cache = tmp_path / "run.jsonl", tmp_path / "cache"
    with cassette_vcr.use_cassette("run_seeds.yaml", allow_playback_repeats=True):
        code, records, output = _run(out, cache)
    assert code == 0, output
    assert {r["status"] for r in records} == {"ok"}
    assert all(2 <= r["usage"]["calls"] <= 4 for r in records)
    seed0 = next(r for r in records if r["doc_id"].startswith("000"))
    named = {i["value"]: i["name"] for i in seed0["facts"]["indicators"]}
    assert named["14所"] == "高校数量"
    assert next(n for v, n in named.items() if "438.09亿元" in v) == "集成电路产业产值"


def test_rerun_with_same_out_resumes(tmp_path: Path) -> None:
    out, cache = tmp_path / "run.jsonl", tmp_path / "cache"
    with cassette_vcr.use_cassette("run_seeds.yaml", allow_playback_repeats=True):
        _run(out, cache)
    lines_before = out.read_text(encoding="utf-8")
    code, _, output = _run(out, cache)
    assert code == 0
    assert "already done" in output
    assert out.read_text(encoding="utf-8") == lines_before
