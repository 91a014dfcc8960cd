"""Gold sets: each directory of gold (and its pages) scored alone and all together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import eval as eval_command
from extractor.evaluation import (
    GoldSet,
    RunSpec,
    discover_sets,
    evaluate_run,
    load_sets,
    parse_set,
    write_summary,
)
from extractor.evaluation.load import GoldLoadError
from extractor.evaluation.match import Parsers
from tests.test_scoring import gold_article, ind, ok


def _write_gold(directory: Path, doc_id: str, **lists: object) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    gold = gold_article(doc_id, **lists)
    (directory / f"{doc_id}.json").write_text(gold.model_dump_json(), encoding="utf-8")


def _tree(tmp_path: Path) -> Path:
    """eval/gold with two seeds at the top and a devset whose pages live elsewhere."""
    root = tmp_path / "gold"
    _write_gold(root, "s1", indicators=[ind("产值", "438.09亿元")])
    _write_gold(root, "s2", indicators=[ind("企业数量", "96家")])
    _write_gold(root / "devset", "d01", indicators=[ind("营收", "120亿元"), ind("税收", "8亿元")])
    articles = tmp_path / "shared" / "articles"
    articles.mkdir(parents=True)
    (articles / "d01.txt").write_text("营收120亿元,税收8亿元", encoding="utf-8")
    (root / "devset" / "pages.txt").write_text("../../shared/articles\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "s1.txt").write_text("产值438.09亿元", encoding="utf-8")
    return root


def test_discover_sets(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    sets = discover_sets(root, tmp_path / "seeds")
    assert [(s.name, s.gold_dir, s.pages_dir) for s in sets] == [
        ("seeds", root, tmp_path / "seeds"),
        ("devset", root / "devset", (tmp_path / "shared" / "articles").resolve()),
    ]
    loaded = load_sets(sets)
    assert loaded.set_of == {"s1": "seeds", "s2": "seeds", "d01": "devset"}
    assert loaded.pages == {"s1": "产值438.09亿元", "d01": "营收120亿元,税收8亿元"}


def test_sets_on_the_command_line(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    known = discover_sets(root, tmp_path / "seeds")
    assert parse_set("devset", known) is known[1]
    other = parse_set(f"extra={root / 'devset'}:{tmp_path}", known)
    assert other == GoldSet("extra", root / "devset", tmp_path)
    with pytest.raises(ValueError, match="unknown gold set 'test'"):
        parse_set("test", known)


def test_page_named_by_the_gold_and_duplicate_ids(tmp_path: Path) -> None:
    gold_dir = tmp_path / "other"
    _write_gold(gold_dir, "x1")
    data = json.loads((gold_dir / "x1.json").read_text(encoding="utf-8"))
    (tmp_path / "x1.txt").write_text("页面", encoding="utf-8")
    data["source_path"] = str(tmp_path / "x1.txt")
    (gold_dir / "x1.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_sets([GoldSet("other", gold_dir)]).pages == {"x1": "页面"}
    with pytest.raises(GoldLoadError, match="'x1' is in gold sets 'other' and 'again'"):
        load_sets([GoldSet("other", gold_dir), GoldSet("again", gold_dir)])


def test_scores_per_set_and_pooled(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    sets = discover_sets(root, tmp_path / "seeds")
    records = [
        ok("s1", indicators=[ind("产值", "438.09亿元")]),
        ok("s2", indicators=[ind("企业数量", "97家")]),
        ok("d01", indicators=[ind("营收", "120亿元")]),
    ]
    out = tmp_path / "out"
    report = evaluate_run(records, sets, None, RunSpec(model="m"), out, parsers=Parsers())
    seeds, dev = report.sets["seeds"], report.sets["devset"]
    assert (seeds.gold_articles, dev.gold_articles, report.gold_articles) == (2, 1, 3)
    s, d, pooled = (x.metrics["indicators"] for x in (seeds, dev, report))
    assert (s.tp, s.fp, s.fn) == (1, 1, 1) and (d.tp, d.fp, d.fn) == (1, 0, 1)
    assert (pooled.tp, pooled.fp, pooled.fn) == (2, 1, 2)  # micro-average: counts add up
    assert pooled.precision == 2 / 3 and pooled.recall == 2 / 4
    assert dev.strict["indicators"].tp == 1
    assert [a.set for a in report.articles] == ["devset", "seeds", "seeds"]
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Scores per gold set" in md and "| devset | 1 |" in md
    assert "### d01 [devset] (ok)" in md
    assert "<h2>Scores per gold set</h2>" in (out / "report.html").read_text(encoding="utf-8")
    assert "营收120亿元" in (out / "report.html").read_text(encoding="utf-8")  # devset page
    text = write_summary([report], tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "| seeds F1 | devset F1 |" in text


def test_one_set_reads_as_before(tmp_path: Path) -> None:
    root = tmp_path / "gold"
    _write_gold(root, "s1", indicators=[ind("产值", "438.09亿元")])
    sets = discover_sets(root, None)
    report = evaluate_run([ok("s1")], sets, {}, RunSpec(), tmp_path / "out", parsers=Parsers())
    assert list(report.sets) == ["seeds"]
    assert report.sets["seeds"].metrics == report.metrics
    assert "per gold set" not in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_cli_scores_only_sets_the_predictions_cover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    monkeypatch.setattr(eval_command, "GOLD_DIR", root)
    monkeypatch.setattr(eval_command, "SEEDS_DIR", tmp_path / "seeds")
    monkeypatch.setattr(eval_command, "REPORTS_DIR", tmp_path / "reports")
    run = tmp_path / "run.jsonl"
    records = [ok("s1", indicators=[ind("产值", "438.09亿元")]), ok("s2")]
    run.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    from extractor.cli.main import cli

    done = CliRunner().invoke(cli, ["eval", "--predictions", str(run)])
    assert done.exit_code == 0, done.output
    assert "set devset: no predictions for it, not scored" in done.output
    saved = json.loads((tmp_path / "reports" / "run" / "report.json").read_text("utf-8"))
    assert list(saved["sets"]) == ["seeds"] and saved["gold_articles"] == 2

    both = CliRunner().invoke(cli, ["eval", "--predictions", str(run), "--set", "seeds",
                                    "--set", "devset"])  # fmt: skip
    assert both.exit_code == 0, both.output
    saved = json.loads((tmp_path / "reports" / "run" / "report.json").read_text("utf-8"))
    assert list(saved["sets"]) == ["seeds", "devset"] and saved["gold_articles"] == 3
    assert "set devset: F1 0.000" in both.output


def test_pages_beside_the_gold_root(tmp_path: Path) -> None:
    # The repository layout: eval/gold/<set>/*.json with pages in eval/pages/<set>/.
    root = tmp_path / "eval" / "gold"
    _write_gold(root / "devset", "d01")
    pages = tmp_path / "eval" / "pages" / "devset"
    pages.mkdir(parents=True)
    (pages / "d01.txt").write_text("页面", encoding="utf-8")
    [devset] = discover_sets(root)
    assert devset.pages_dir == pages
    assert load_sets([devset]).pages == {"d01": "页面"}


def test_repository_sets() -> None:
    from extractor.cli.eval import GOLD_DIR, ROOT

    sets = {s.name: s for s in discover_sets(GOLD_DIR, ROOT / "seeds")}
    assert "seeds" in sets
    for gold_set in sets.values():
        loaded = load_sets([gold_set])
        assert gold_set.pages_dir is not None, gold_set.name
        assert set(loaded.pages) == set(loaded.golds), gold_set.name


def test_eval_of_a_model_extracts_afresh_instead_of_resuming_an_old_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    (tmp_path / "seeds").mkdir(exist_ok=True)
    monkeypatch.setattr(eval_command, "GOLD_DIR", root)
    monkeypatch.setattr(eval_command, "SEEDS_DIR", tmp_path / "seeds")
    monkeypatch.setattr(eval_command, "REPORTS_DIR", tmp_path / "reports")
    stale = tmp_path / "reports" / "m" / "predictions.jsonl"
    stale.parent.mkdir(parents=True)
    stale.write_text(ok("s1", indicators=[ind("旧", "1亿元")]).model_dump_json() + "\n", "utf-8")
    seen: list[bool] = []

    def extract_to(pages, out: Path, settings) -> None:
        seen.append(out.exists())
        out.write_text(ok("s1", indicators=[ind("产值", "438.09亿元")]).model_dump_json() + "\n")

    monkeypatch.setattr(eval_command, "extract_to", extract_to)
    from extractor.cli.main import cli

    done = CliRunner().invoke(cli, ["eval", "--models", "m", "--set", "seeds",
                                    "--base-url", "http://127.0.0.1:9/v1"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert seen == [False]
    assert "438.09亿元" in stale.read_text("utf-8")
