"""Precision, recall and F1 of the code region finder against gold regions.

Runs `extractor.rules.regions.page_regions` over the seed pages (seeds/*.txt, gold
eval/gold/*.json) and the devset ($DEVSET, else shared/devset beside the repository, else
/work/shared/devset: articles/*.txt, gold/*.json) and
compares the predicted names with the gold names after folding (NFKC, traditional to
simplified, quotes and spaces removed). "exact" counts a prediction equal to a gold name;
"char" matches one-to-one by character F1 >= 0.5, as the eval harness matches names.

    python eval/region_check.py [-v]
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from extractor.evaluation.match import char_f1, normalize_text
from extractor.rules.regions import page_regions

ROOT = Path(__file__).resolve().parent.parent
_BESIDE = ROOT.parent / "shared" / "devset"
DEVSET = Path(os.environ.get("DEVSET") or (_BESIDE if _BESIDE.exists() else "/work/shared/devset"))


def _pages() -> dict[str, list[tuple[str, str, list[str]]]]:
    seeds = []
    for gold_path in sorted((ROOT / "eval" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (ROOT / "seeds" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        seeds.append((gold_path.stem, text, [r["name"] for r in gold.get("regions", [])]))
    devset = []
    for gold_path in sorted((DEVSET / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (DEVSET / "articles" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        devset.append((gold_path.stem, text, list(gold.get("regions", []))))
    return {"seeds": seeds, "devset": devset}


def _matches(gold: list[str], pred: list[str], exact: bool) -> int:
    if not gold or not pred:
        return 0
    if exact:
        remaining = [normalize_text(g) for g in gold]
        count = 0
        for p in pred:
            if normalize_text(p) in remaining:
                remaining.remove(normalize_text(p))
                count += 1
        return count
    sim = np.array([[char_f1(g, p) for p in pred] for g in gold])
    allowed = sim >= 0.5
    rows, cols = linear_sum_assignment(-(allowed * (1 + sim)))
    return int(sum(allowed[r, c] for r, c in zip(rows, cols, strict=True)))


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(verbose: bool = False) -> dict[str, dict[str, tuple[float, float, float]]]:
    results = {}
    for set_name, pages in _pages().items():
        totals = {"exact": 0, "char": 0, "pred": 0, "gold": 0}
        for doc_id, text, gold in pages:
            pred = [m.name for m in page_regions(text)]
            totals["exact"] += _matches(gold, pred, exact=True)
            totals["char"] += _matches(gold, pred, exact=False)
            totals["pred"] += len(pred)
            totals["gold"] += len(gold)
            if verbose:
                folded_gold = {normalize_text(g) for g in gold}
                folded_pred = {normalize_text(p) for p in pred}
                missed = [g for g in gold if normalize_text(g) not in folded_pred]
                extra = [p for p in pred if normalize_text(p) not in folded_gold]
                print(f"{set_name} {doc_id}: missed {missed} extra {extra}")
        results[set_name] = {
            kind: _prf(totals[kind], totals["pred"], totals["gold"]) for kind in ("exact", "char")
        }
        for kind, (p, r, f) in results[set_name].items():
            print(
                f"{set_name:7s} {kind:5s} P={p:.3f} R={r:.3f} F1={f:.3f} "
                f"(pred {totals['pred']}, gold {totals['gold']}, matched {totals[kind]})"
            )
    return results


if __name__ == "__main__":
    main(verbose="-v" in sys.argv[1:])
