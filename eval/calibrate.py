"""Write the evidence calibration table from a scored run, and check it across the gold sets.

    python eval/calibrate.py RUN.jsonl [--check-only]

RUN.jsonl is a run over the seeds and the devset (e.g. the replayed cassettes, or
`python -m extractor run seeds/*.txt eval/pages/devset/*.txt`). Its indicators carry
`evidence` per field; scored against gold, each (field, evidence) gets [compared, correct] on
matched pairs, pooled over both sets, written to extractor/numbers/calibration.json, from which
every later run states `confidence` (the Laplace-smoothed accuracy).

The check calibrates on one set and scores the other: per confidence bucket, the stated mean
against the accuracy observed on pages the table never saw, and the expected calibration error
(|stated - observed| weighted by pairs). In-sample figures flatter; these do not.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from extractor.evaluation import discover_sets, evaluate_run, git_commit
from extractor.evaluation.confidence import BUCKETS, bucket_of
from extractor.numbers.calibration import MIN_COMPARED, TABLE, accuracy

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("subject", "name", "period")

Table = dict[str, dict[str, list[int]]]


def _table(evidence: dict) -> Table:
    fields = evidence.get("indicators", {})
    return {
        f: {kind: [acc["compared"], acc["correct"]] for kind, acc in fields.get(f, {}).items()}
        for f in FIELDS
    }


def _check(train: Table, test: Table) -> tuple[list[list[float]], float]:
    """Per bucket [pairs, stated sum, correct] on test with confidences from train; and ECE."""
    rows = [[0, 0.0, 0] for _ in BUCKETS]
    for field, kinds in test.items():
        for kind, (n, ok) in kinds.items():
            counts = train.get(field, {}).get(kind)
            if kind == "none" or not counts or counts[0] < MIN_COMPARED:
                continue
            stated = accuracy(*counts)
            row = rows[bucket_of(stated)]
            row[0] += n
            row[1] += stated * n
            row[2] += ok
    total = sum(r[0] for r in rows)
    ece = sum(abs(r[1] - r[2]) for r in rows) / total if total else 0.0
    return rows, ece


def _print_check(name: str, rows: list[list[float]], ece: float) -> None:
    print(f"\n{name}: stated confidence vs observed accuracy on unseen pages (ECE {ece:.3f})")
    for (low, high), (n, stated, ok) in zip(BUCKETS, rows, strict=True):
        if n:
            print(f"  [{low:.1f}, {high:.1f}) pairs {n:4d}  stated {stated / n:.3f}  "
                  f"observed {ok / n:.3f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--check-only", action="store_true", help="do not write the table")
    args = parser.parse_args(argv)
    sets = discover_sets(ROOT / "eval" / "gold", ROOT / "seeds")
    with tempfile.TemporaryDirectory() as out:
        report = evaluate_run(args.run, sets, None, None, Path(out))
    pooled = _table(json.loads(report.model_dump_json())["evidence"])
    per_set = {
        name: _table(json.loads(scores.model_dump_json())["evidence"])
        for name, scores in report.sets.items()
    }
    print("field    evidence   " + "  ".join(f"{s:>14}" for s in [*per_set, "all"]))
    for field, kinds in pooled.items():
        for kind, (n, ok) in sorted(kinds.items(), key=lambda kv: -kv[1][0]):
            cells = [per_set[s].get(field, {}).get(kind, [0, 0]) for s in per_set] + [[n, ok]]
            shown = "  ".join(
                f"{c[1]:>4}/{c[0]:<4} {c[1] / c[0] if c[0] else 0:.2f}" for c in cells
            )
            print(f"{field:8} {kind:10} {shown}")
    names = list(per_set)
    if len(names) == 2:
        for train, test in (names, names[::-1]):
            _print_check(f"calibrated on {train}, scored on {test}", *_check(per_set[train],
                         per_set[test]))  # fmt: skip
    if not args.check_only:
        table = {"run": args.run.name, "commit": git_commit(ROOT), "fields": pooled}
        TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
