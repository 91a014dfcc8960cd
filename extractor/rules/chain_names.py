"""Chains that are something else: a chain is an industry, never a place, a project or a firm.

Measured on the devset: the 1.5B files a table's zones (金融街, 中关村国家自主创新示范区), a
list of projects (苏试环境可靠性测试实验室, 智慧科技城) and a firm (乡王食品) as chains. The
region rule and the project and firm finders know those names; a chain named so is dropped.
"""

from __future__ import annotations

from extractor.rules.base import RuleContext, register
from extractor.text import fold
from schemas.facts import ArticleFacts


@register("chain_names", step=50)
def drop_chains_named_otherwise(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    others = {
        fold(name)
        for name in (
            *context.places,
            *context.written_places,
            *(r.name for r in facts.regions),
            *(p.name for p in facts.projects),
            *(o.name for o in facts.organizations),
        )
    }
    chains = [c for c in facts.chains if fold(c.name) not in others]
    if dropped := len(facts.chains) - len(chains):
        context.flags.append(f"dropped_chain_named_otherwise:{dropped}")
    return facts.model_copy(update={"chains": chains})
