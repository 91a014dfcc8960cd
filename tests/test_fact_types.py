"""Every fact list has what the pipeline and the eval need: a scorer, a grounder (or a name to
ground on) and, where its facts carry quantities, periods or dates, a normalizer."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.evaluation.scorers import scorer_for
from extractor.ground.spans import GROUNDERS
from extractor.normalize.facts import NORMALIZERS
from schemas.common import Period, Quantity
from schemas.facts import FACT_LISTS

NORMALIZED_TYPES = (Quantity, Period, date)
"""What a normalizer fills; the check below reads field annotations for these names."""


def _carries_normalized_fields(cls: type) -> bool:
    return any(
        any(t in str(field.annotation) for t in ("Quantity", "Period", "date"))
        for field in cls.model_fields.values()  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("key", list(FACT_LISTS))
def test_each_fact_list_is_scored_grounded_and_normalized(key: str) -> None:
    cls = FACT_LISTS[key]
    assert scorer_for(key) is not None
    assert key in GROUNDERS or "name" in cls.model_fields, f"{key} has nothing to ground on"
    if _carries_normalized_fields(cls):
        assert key in NORMALIZERS, f"{key} has normalized fields but no normalizer"


def test_the_check_sees_normalized_fields() -> None:
    assert NORMALIZED_TYPES and _carries_normalized_fields(FACT_LISTS["indicators"])
    assert not _carries_normalized_fields(FACT_LISTS["policies"])
