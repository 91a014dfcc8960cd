"""Field accuracy by the confidence a prediction states for each field.

A predicted fact may carry `confidence`, a dict of field -> float in [0, 1]. Indicators have
it in the schema; for a fact type whose schema does not (yet), it is read from the record JSON
itself (pydantic drops unknown keys). Anything malformed is ignored, never fatal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.evaluation.log import ConfidenceBucket
from extractor.jsonl import read_json_lines
from schemas.facts import FACT_LISTS

BUCKETS: tuple[tuple[float, float], ...] = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0))
"""[low, high) confidence ranges; the last one includes 1.0."""

RawConfidences = dict[str, dict[str, list[Any]]]
"""doc_id -> fact type -> the raw `confidence` of each predicted fact, in list order."""


def read_raw_confidences(path: Path | str) -> RawConfidences:
    """The confidences stated in a run's JSONL, for records that state any (last line wins)."""
    found: RawConfidences = {}
    for line in read_json_lines(path):
        data = line.value
        if not isinstance(data, dict) or not isinstance(data.get("doc_id"), str):
            continue  # load_records reports the line; this only adds confidences
        facts = data.get("facts")
        per_type = _raw_of(facts) if isinstance(facts, dict) else {}
        # A later line replaces the article, confidences included.
        found.pop(data["doc_id"], None)
        if per_type:
            found[data["doc_id"]] = per_type
    return found


def _raw_of(facts: dict[str, Any]) -> dict[str, list[Any]]:
    out = {}
    for fact_type in FACT_LISTS:
        items = facts.get(fact_type)
        if not isinstance(items, list):
            continue
        raw = [item.get("confidence") if isinstance(item, dict) else None for item in items]
        if any(r is not None for r in raw):
            out[fact_type] = raw
    return out


def field_confidences(value: Any) -> dict[str, float]:
    """Field -> confidence from a stated value, keeping only numbers in [0, 1]."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if not isinstance(value, Mapping):
        return {}
    return {
        str(name): float(x)
        for name, x in value.items()
        if isinstance(x, int | float)
        and not isinstance(x, bool)
        and math.isfinite(x)
        and 0.0 <= x <= 1.0
    }


def confidence_of(fact: Any, raw: list[Any] | None, index: int) -> dict[str, float]:
    """The field confidences of a predicted fact: its own attribute, else the raw JSON's."""
    own = getattr(fact, "confidence", None)
    if not own and raw is not None and index < len(raw):
        own = raw[index]
    return field_confidences(own)


def bucket_of(value: float) -> int:
    for i, (_, high) in enumerate(BUCKETS[:-1]):
        if value < high:
            return i
    return len(BUCKETS) - 1


@dataclass
class ConfidenceCounts:
    """fact type -> field -> [compared, correct] per bucket."""

    counts: dict[str, dict[str, list[list[int]]]] = field(default_factory=dict)

    def add(self, fact_type: str, verdicts: Mapping[str, bool], stated: Mapping[str, float]):
        for name, value in stated.items():
            if name not in verdicts:
                continue  # a field neither side states (or one without a check) says nothing
            per_field = self.counts.setdefault(fact_type, {})
            row = per_field.setdefault(name, [[0, 0] for _ in BUCKETS])
            cell = row[bucket_of(value)]
            cell[0] += 1
            cell[1] += verdicts[name]

    def merge(self, other: ConfidenceCounts) -> None:
        for fact_type, fields in other.counts.items():
            for name, row in fields.items():
                mine = self.counts.setdefault(fact_type, {}).setdefault(
                    name, [[0, 0] for _ in BUCKETS]
                )
                for cell, more in zip(mine, row, strict=True):
                    cell[0] += more[0]
                    cell[1] += more[1]

    def report(self) -> dict[str, dict[str, list[ConfidenceBucket]]]:
        return {
            fact_type: {
                name: [
                    ConfidenceBucket(
                        low=low, high=high, compared=n, correct=ok, accuracy=ok / n if n else None
                    )
                    for (low, high), (n, ok) in zip(BUCKETS, row, strict=True)
                ]
                for name, row in fields.items()
            }
            for fact_type, fields in self.counts.items()
        }
