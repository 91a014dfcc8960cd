"""Indicators: gated on the value, then matched on name, subject and period together."""

from __future__ import annotations

from typing import Any, ClassVar

from extractor.evaluation import checks
from extractor.evaluation.checks import MatchContext, Score
from extractor.evaluation.compare import char_f1, periods_agree, same_text
from extractor.evaluation.log import MatchSettings
from extractor.evaluation.scorers.base import Fields, Scorer, join, scorer

ONE_SIDED_PERIOD = 0.5
"""A period only one side states neither confirms nor contradicts the pair: half credit."""


def _period_score(g: Any, p: Any, ctx: MatchContext) -> float:
    if not g.period and not p.period:
        return 1.0
    if not g.period or not p.period:
        return ONE_SIDED_PERIOD
    return float(
        periods_agree(
            g.period,
            p.period,
            ctx.parsers,
            ctx.publish_date,
            None,
            getattr(p, "period_normalized", None),
        )
    )


@scorer("indicators")
class Indicators(Scorer):
    fields: ClassVar[Fields] = {
        "subject": checks.text("subject"),
        "name": checks.text("name"),
        "period": checks.period("period", "period_normalized"),
        "unit": checks.unit,
        "growth": checks.change("growth", "growth_quantity"),
        "share": checks.number("share"),
        "kind": checks.literal("kind"),
    }
    number_fields = ("value", "growth", "share")
    has_strict = True

    def threshold(self, settings: MatchSettings) -> float:
        return settings.indicator_threshold

    def similarity(self, g: Any, p: Any, ctx: MatchContext) -> Score:
        name_f1 = char_f1(g.name, p.name)
        exact = same_text(g.name, p.name)
        if not checks.values_agree(g, p, ctx):
            return Score(0.0, name_f1, exact)
        s = ctx.settings
        similarity = (
            s.indicator_name_weight * name_f1
            + s.indicator_subject_weight * char_f1(g.subject, p.subject)
            + s.indicator_period_weight * _period_score(g, p, ctx)
        )
        return Score(similarity, name_f1, exact)

    def strict_match(self, g: Any, p: Any, ctx: MatchContext) -> bool:
        # The blended similarity forgives a wrong subject or period; an analyst reading one
        # fact alone does not, so the strict score needs every identifying field right.
        if not checks.values_agree(g, p, ctx):
            return False
        for name in ("subject", "name"):
            if self.fields[name](g, p, ctx) is False:
                return False
        return not g.period or self.fields["period"](g, p, ctx) is True

    def label(self, fact: Any) -> str:
        head = f"{fact.subject} · {fact.name} = {fact.value}"
        return join(
            head,
            f"({fact.period})" if fact.period else None,
            fact.growth,
            fact.share,
            "[target]" if fact.kind == "target" else None,
        )
