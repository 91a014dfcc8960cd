"""Print, per page, how many gold facts of each type a gold directory holds.

Usage: python eval/gold_stats.py [GOLD_DIR]   (eval/gold: seeds; eval/gold/devset: devset)
An off-topic page (relevant false) is marked with * after its doc_id.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runnable as a plain script

from schemas.facts import FACT_LISTS as FACT_TYPES

TYPES = tuple(FACT_TYPES)
SHORT = {"organizations": "orgs"}


def counts(gold: dict) -> dict[str, int]:
    meta = gold.get("meta", {})
    row = {"meta": sum(1 for k in ("title", "publish_date", "source") if meta.get(k))}
    row["meta"] += 1 if meta.get("authors") else 0
    for name in TYPES:
        row[name] = len(gold.get(name, []))
    row["ind.target"] = sum(1 for i in gold.get("indicators", []) if i.get("kind") == "target")
    row["total"] = sum(row[name] for name in TYPES)
    return row


def main(directory: Path) -> None:
    rows = []
    for path in sorted(directory.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        mark = "" if gold.get("relevant", True) else "*"
        rows.append((gold.get("doc_id", path.stem) + mark, counts(gold)))
    if not rows:
        print(f"no gold files in {directory}")
        return
    cols = ["meta", *TYPES, "ind.target", "total"]
    total = {c: sum(r[c] for _, r in rows) for c in cols}
    rows.append(("TOTAL", total))
    heads = [SHORT.get(c, c) for c in cols]
    width = max(len(d) for d, _ in rows)
    print(f"{'doc_id':<{width}}  " + "  ".join(f"{h:>{max(len(h), 4)}}" for h in heads))
    for doc_id, row in rows:
        cells = "  ".join(f"{row[c]:>{max(len(h), 4)}}" for c, h in zip(cols, heads, strict=True))
        print(f"{doc_id:<{width}}  {cells}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "gold")
