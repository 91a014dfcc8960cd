"""Quality guarded in CI: the real run over the seeds and the devset, replayed from cassettes
recorded on the local llama.cpp server, scored against gold, may not fall below the ratchet.

Raise the ratchet after an improvement (with the new cassette in place):
    EXTRACTOR_RAISE_RATCHET=1 python -m pytest tests/test_quality.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli.main import cli
from extractor.evaluation import discover_sets, evaluate_run
from extractor.evaluation.quality import below_ratchet, quality_figures, read_ratchet, write_ratchet
from tests.conftest import RECORD_BASE_URL, RECORD_MODEL, ROOT, SEEDS, cassette_vcr

DEVSET = ROOT / "eval" / "pages" / "devset"
PAGES = [*sorted(SEEDS.glob("*.txt")), *sorted(DEVSET.glob("*.txt"))]
RATCHET = ROOT / "eval" / "quality_ratchet.json"
NEGATIVE = ("d15", "d16")


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    tmp = tmp_path_factory.mktemp("quality")
    out = tmp / "run.jsonl"
    args = [
        "run", *map(str, PAGES), "--out", str(out), "--cache-dir", str(tmp / "cache"),
        "--base-url", RECORD_BASE_URL, "--model", RECORD_MODEL,
        "--endpoint-kind", "llama.cpp", "--api-key", "sk-test-not-a-real-key",
    ]  # fmt: skip
    with cassette_vcr.use_cassette("run_pages.yaml"):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return out, records


def test_quality_stays_at_or_above_the_ratchet(replayed: tuple[Path, list[dict]],
                                               tmp_path: Path) -> None:  # fmt: skip
    out, _ = replayed
    report = evaluate_run(out, discover_sets(ROOT / "eval" / "gold", SEEDS), None, None, tmp_path)
    figures = quality_figures(report)
    assert set(figures) == {"all", "seeds", "devset"}
    if os.environ.get("EXTRACTOR_RAISE_RATCHET") == "1":
        write_ratchet(RATCHET, figures)
    fallen = below_ratchet(figures, read_ratchet(RATCHET))
    assert not fallen, "quality fell below eval/quality_ratchet.json:\n" + "\n".join(fallen)


def test_every_field_says_what_decided_it_and_a_stated_09_holds(
    replayed: tuple[Path, list[dict]], tmp_path: Path
) -> None:
    out, records = replayed
    indicators = [i for r in records for i in r["facts"]["indicators"]]
    assert all(set(i["evidence"]) == {"subject", "name", "period"} for i in indicators)
    assert sum("subject" in i["confidence"] for i in indicators) > 0.9 * len(indicators)
    report = evaluate_run(out, discover_sets(ROOT / "eval" / "gold", SEEDS), None, None, tmp_path)
    for field in ("subject", "name", "period"):
        top = report.confidence["indicators"][field][-1]  # stated confidence in [0.9, 1]
        assert top.compared >= 30 and top.accuracy >= 0.88, (field, top)


def test_negative_pages_give_no_facts(replayed: tuple[Path, list[dict]]) -> None:
    _, records = replayed
    for record in records:
        if record["doc_id"] in NEGATIVE:
            facts = record["facts"]
            assert record["status"] == "ok"
            assert not any(facts[key] for key in facts if key != "meta"), record["doc_id"]


def test_every_reported_number_is_in_the_page(replayed: tuple[Path, list[dict]]) -> None:
    _, records = replayed
    pages = {p.stem: p.read_text(encoding="utf-8") for p in PAGES}
    for record in records:
        raw = pages[record["doc_id"]]
        for indicator in record["facts"]["indicators"]:
            span = indicator["grounding"]["spans"][0]
            assert raw[span["start"] : span["end"]] == indicator["value"], indicator


def test_subject_choice_replays_with_a_confidence_per_choice(tmp_path: Path) -> None:
    # The optional subject pass, replayed from the real server's answers (with log-probabilities).
    out = tmp_path / "run.jsonl"
    args = [
        "run", *map(str, PAGES), "--out", str(out), "--cache-dir", str(tmp_path / "cache"),
        "--base-url", RECORD_BASE_URL, "--model", RECORD_MODEL, "--endpoint-kind", "llama.cpp",
        "--api-key", "sk-test-not-a-real-key", "--choose-subjects",
    ]  # fmt: skip
    with cassette_vcr.use_cassette("run_pages.yaml", allow_playback_repeats=True):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    chosen = [
        i["confidence"]["subject"]
        for r in records
        for i in r["facts"]["indicators"]
        if "subject" in i["confidence"]
    ]
    assert len(chosen) >= 20
    assert all(0.0 < c <= 1.0 for c in chosen)
    assert len(set(chosen)) > 5  # real per-choice figures, not one constant
