"""Organizations: matched by name; type and role checked."""

from __future__ import annotations

from typing import Any, ClassVar

from extractor.evaluation import checks
from extractor.evaluation.scorers.base import Fields, Scorer, join, scorer


@scorer("organizations")
class Organizations(Scorer):
    fields: ClassVar[Fields] = {"type": checks.literal("type"), "role": checks.text("role")}

    def label(self, fact: Any) -> str:
        return join(fact.name, f"({fact.type})", fact.role)
