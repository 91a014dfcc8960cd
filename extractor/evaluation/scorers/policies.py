"""Named policies, mechanisms and programs: matched by name."""

from __future__ import annotations

from typing import ClassVar

from extractor.evaluation import checks
from extractor.evaluation.scorers.base import Fields, Scorer, scorer


@scorer("policies")
class Policies(Scorer):
    fields: ClassVar[Fields] = {"description": checks.text("description")}
