"""Organizations that are not named bodies: places the model filed as organizations, and
bodies named only by their level (市科技局, 省统计局), which the page does not name."""

from __future__ import annotations

import re

from extractor.rules.base import RuleContext, register
from extractor.rules.regions import find_regions
from schemas.facts import ArticleFacts

# 市科技局, 省统计局, 区发改委: a level word, then the office; no place says whose it is.
_UNNAMED_BODY = re.compile(r"^[省市区县州](?:[\u4e00-\u9fff]{1,6})(?:局|委|办|厅|委员会)$")


def _is_place(name: str, places: list[str], kind: str | None) -> bool:
    if name in places:
        return True
    if kind == "company":  # 吉安 the firm: a company may bear a city's name
        return False
    # 成都市郫都区: divisions written one after the other, covering the whole name.
    at = 0
    for m in sorted(find_regions(name), key=lambda m: m.start):
        if m.kind == "zone" or m.start != at:
            return False
        at = m.end
    return at == len(name) and at > 0


@register("bodies", step=45)
def drop_places_and_unnamed_bodies(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    kept = [
        o
        for o in facts.organizations
        if not _UNNAMED_BODY.match(o.name) and not _is_place(o.name, context.places, o.type)
    ]
    if dropped := len(facts.organizations) - len(kept):
        context.flags.append(f"dropped_not_a_body:{dropped}")
    return facts.model_copy(update={"organizations": kept})
