"""What two runs cost, article by article, read from their records (no model call).

The model's work per article is its calls and tokens; wall time on a shared machine is noise,
so two versions are compared by the usage their records carry, measured the same way.
"""

from __future__ import annotations

from pathlib import Path

from extractor.pipeline.output import read_records

_FIELDS = ("calls", "prompt_tokens", "completion_tokens")


def run_usage(path: Path) -> dict[str, dict[str, int]]:
    """doc_id -> calls and tokens of its ok record."""
    return {
        r.doc_id: {f: getattr(r.usage, f) for f in _FIELDS}
        for r in read_records(path)
        if r.status == "ok"
    }


def compare_runs(before: Path, after: Path) -> dict:
    """Per article present in both runs, and in total, the usage of each and after/before."""
    old, new = run_usage(before), run_usage(after)
    shared = sorted(set(old) & set(new))
    totals = {side: {f: sum(run[d][f] for d in shared) for f in _FIELDS}
              for side, run in (("before", old), ("after", new))}  # fmt: skip
    ratio = {
        f: round(totals["after"][f] / totals["before"][f], 3) if totals["before"][f] else None
        for f in _FIELDS
    }
    articles = [{"doc_id": d, "before": old[d], "after": new[d]} for d in shared]
    return {
        "articles": articles,
        "totals": totals,
        "ratio": ratio,
        "only_before": sorted(set(old) - set(new)),
        "only_after": sorted(set(new) - set(old)),
    }
