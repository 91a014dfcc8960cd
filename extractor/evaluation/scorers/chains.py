"""Industry chains and clusters: matched by name; region and leading firms checked."""

from __future__ import annotations

from typing import ClassVar

from extractor.evaluation import checks
from extractor.evaluation.scorers.base import Fields, Scorer, scorer


@scorer("chains")
class Chains(Scorer):
    fields: ClassVar[Fields] = {
        "region": checks.text("region"),
        "leading_firms": checks.names("leading_firms"),
    }
