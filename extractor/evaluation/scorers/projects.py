"""Investment projects: matched by name; investment, stage, date and place checked."""

from __future__ import annotations

from typing import Any, ClassVar

from extractor.evaluation import checks
from extractor.evaluation.scorers.base import Fields, Scorer, join, scorer


@scorer("projects")
class Projects(Scorer):
    fields: ClassVar[Fields] = {
        "investment": checks.number("investment", "investment_quantity"),
        "status": checks.literal("status"),
        "date": checks.period("date"),
        "capacity": checks.text("capacity"),
        "location": checks.text("location"),
    }
    number_fields = ("investment",)

    def label(self, fact: Any) -> str:
        return join(fact.name, fact.investment, fact.status)
