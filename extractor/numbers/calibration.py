"""How far each kind of evidence can be trusted: a field's confidence is the accuracy that
evidence measured on the labeled pages.

Code decides most fields (the clause opens with the subject, the sentence states the period);
a user still needs to know how often such a decision is right. `calibration.json` holds, per
field and evidence, the matched gold pairs compared and found right on the seeds and the devset
(written by `python eval/calibrate.py RUN.jsonl`); the confidence is the Laplace-smoothed
accuracy, so evidence seen a few times cannot claim certainty. Where the model chose a field
its own probability is kept instead.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("calibration.json")
MIN_COMPARED = 5
"""Evidence compared on fewer gold pairs states no confidence at all."""


@cache
def _table() -> dict[str, dict[str, list[int]]]:
    if not TABLE.exists():
        return {}
    return json.loads(TABLE.read_text(encoding="utf-8"))["fields"]


def accuracy(compared: int, correct: int) -> float:
    """Laplace-smoothed accuracy: (correct + 1) / (compared + 2)."""
    return round((correct + 1) / (compared + 2), 3)


def calibrated(evidence: dict[str, str], chosen: dict[str, float]) -> dict[str, float]:
    """Field -> probability it is right: the model's where it chose, else the evidence's."""
    out: dict[str, float] = {}
    for field, kind in evidence.items():
        if kind == "none":
            continue  # a missing field is compared only where gold has one: always "wrong"
        counts = _table().get(field, {}).get(kind)
        if counts and counts[0] >= MIN_COMPARED:
            out[field] = accuracy(*counts)
    return {**out, **chosen}
