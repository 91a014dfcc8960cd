"""Score a run's output on the devset pages against eval/gold/devset (no model call).

Usage:
  python -m extractor run eval/pages/devset --out out/devset.jsonl     # extract (any endpoint)
  python eval/score_devset.py out/devset.jsonl [--out-dir eval/reports/devset/NAME]
  python eval/score_devset.py --self      # the gold scored as a prediction: must be 1.0

Writes report.{json,md,html} like `python -m extractor eval` does for the seeds, and prints
P/R/F1 per fact type. The off-topic pages d15 and d16 have no gold facts, so anything predicted
on them counts against precision.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # runnable as a plain script

GOLD = ROOT / "eval" / "gold" / "devset"
PAGES = ROOT / "eval" / "pages" / "devset"
REPORTS = ROOT / "eval" / "reports" / "devset"


def main(argv: list[str] | None = None) -> int:
    from extractor.evaluation import evaluate_run, gold_as_facts, load_gold, read_page_texts
    from schemas.record import ExtractionRecord

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", nargs="?", type=Path, help="JSONL written by run")
    parser.add_argument(
        "--self", dest="self_check", action="store_true", help="score the gold against itself"
    )
    parser.add_argument("--out-dir", type=Path, help="report directory")
    args = parser.parse_args(argv)
    if args.self_check == (args.predictions is not None):
        parser.error("give PREDICTIONS or --self")
    pages = read_page_texts(PAGES)
    if args.self_check:
        records = [
            ExtractionRecord(doc_id=doc_id, status="ok", facts=gold_as_facts(gold))
            for doc_id, gold in load_gold(GOLD).items()
        ]
        source: object = records
        out_dir = args.out_dir or REPORTS / "gold-self"
    else:
        source = args.predictions
        out_dir = args.out_dir or REPORTS / args.predictions.stem
    report = evaluate_run(source, GOLD, pages, None, out_dir)  # type: ignore[arg-type]
    for fact_type, m in report.metrics.items():
        print(
            f"{fact_type:14} P {m.precision:.3f} R {m.recall:.3f} F1 {m.f1:.3f}"
            f"  (gold {m.gold}, predicted {m.predicted})"
        )
    print(f"report in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
