"""Honors and rankings: matched on recipient and title together."""

from __future__ import annotations

from typing import Any, ClassVar

from extractor.evaluation import checks
from extractor.evaluation.checks import MatchContext, Score
from extractor.evaluation.compare import char_f1, same_text
from extractor.evaluation.log import MatchSettings
from extractor.evaluation.scorers.base import Fields, Scorer, join, scorer


@scorer("honors")
class Honors(Scorer):
    fields: ClassVar[Fields] = {
        "rank": checks.text("rank"),
        "awarded_by": checks.text("awarded_by"),
        "year": checks.period("year"),
    }

    def threshold(self, settings: MatchSettings) -> float:
        return settings.honor_threshold

    def similarity(self, g: Any, p: Any, ctx: MatchContext) -> Score:
        f1 = (char_f1(g.recipient, p.recipient) + char_f1(g.title, p.title)) / 2
        return Score(f1, f1, same_text(g.recipient, p.recipient) and same_text(g.title, p.title))

    def label(self, fact: Any) -> str:
        return join(f"{fact.recipient}: {fact.title}", fact.rank, fact.year)
