"""Targets: matched on the description, blended with value agreement when both state one."""

from __future__ import annotations

from typing import Any, ClassVar

from extractor.evaluation import checks
from extractor.evaluation.checks import MatchContext, Score
from extractor.evaluation.compare import char_f1, same_text
from extractor.evaluation.log import MatchSettings
from extractor.evaluation.scorers.base import Fields, Scorer, join, scorer


@scorer("targets")
class Targets(Scorer):
    fields: ClassVar[Fields] = {
        "subject": checks.text("subject"),
        "value": checks.number("value", "quantity"),
        "deadline": checks.period("deadline"),
    }
    number_fields = ("value",)

    def threshold(self, settings: MatchSettings) -> float:
        return settings.target_threshold

    def similarity(self, g: Any, p: Any, ctx: MatchContext) -> Score:
        f1 = char_f1(g.description, p.description)
        similarity = f1
        if g.value and p.value:
            agree = checks.values_agree(g, p, ctx)
            weight = ctx.settings.target_value_weight
            similarity = (1 - weight) * f1 + weight * float(agree)
        return Score(similarity, f1, same_text(g.description, p.description))

    def label(self, fact: Any) -> str:
        return join(f"{fact.subject}: {fact.description}", fact.value, fact.deadline)
