"""Chains that are something else: a chain is an industry, never a place, a project, a firm or
a field a list of projects touches.

Measured on the devset: the 1.5B files a table's zones (金融街, 中关村国家自主创新示范区), a
list of projects (苏试环境可靠性测试实验室, 智慧科技城) and a firm (乡王食品) as chains. The
region rule and the project and firm finders know those names; a chain named so is dropped.
Neither page set labels the fields of "涉及甲、乙、丙等多个领域" as chains: named only there, a
chain is dropped too.
"""

from __future__ import annotations

import re

from extractor.rules.base import RuleContext, register
from extractor.text import fold
from schemas.facts import ArticleFacts

_FIELDS = re.compile(
    r"(?:[^\s，,。；;：:、]{2,12}、)+[^\s，,。；;：:、]{2,12}等[^，,。；;]{0,6}领域"
)


def _only_as_field(name: str, article: str) -> bool:
    spans = [(m.start(), m.end()) for m in _FIELDS.finditer(article)]
    found = [m.start() for m in re.finditer(re.escape(name), article)]
    return bool(found) and all(any(a <= at < b for a, b in spans) for at in found)


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
    chains = [
        c
        for c in facts.chains
        if fold(c.name) not in others and not _only_as_field(c.name, context.article)
    ]
    if dropped := len(facts.chains) - len(chains):
        context.flags.append(f"dropped_chain_named_otherwise:{dropped}")
    return facts.model_copy(update={"chains": chains})
