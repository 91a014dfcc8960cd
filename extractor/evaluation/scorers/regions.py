"""Regions, zones and parks: matched by name; type, level and parent checked."""

from __future__ import annotations

from typing import Any, ClassVar

from extractor.evaluation import checks
from extractor.evaluation.scorers.base import Fields, Scorer, join, scorer


@scorer("regions")
class Regions(Scorer):
    fields: ClassVar[Fields] = {
        "type": checks.text("type"),
        "level": checks.literal("level"),
        "parent": checks.text("parent"),
    }

    def label(self, fact: Any) -> str:
        return join(fact.name, fact.type, fact.level)
