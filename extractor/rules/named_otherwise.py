"""Chains and policies that are something else: a chain is an industry and a policy a program,
never a place, a project, a firm or (for chains) a field a list of projects touches.

Measured on the devset: the 1.5B files a table's zones (金融街, 中关村国家自主创新示范区), a
list of projects (苏试环境可靠性测试实验室, 智慧科技城) and a firm (乡王食品) as chains, and
zones (智谷科技园), projects and the outlet (《人民日报》) as policies, some twice. The
region rule and the project and firm finders know those names; a chain named so is dropped.
Neither page set labels the fields of "涉及甲、乙、丙等多个领域" as chains: named only there, a
chain is dropped too.
"""

from __future__ import annotations

import re

from extractor.rules.base import RuleContext, register
from extractor.text import fold
from schemas.facts import ArticleFacts

_MARKS = '“”"《》 '
_FIELDS = re.compile(
    r"(?:[^\s，,。；;：:、]{2,12}、)+[^\s，,。；;：:、]{2,12}等[^，,。；;]{0,6}领域"
)


def _only_as_field(name: str, article: str) -> bool:
    spans = [(m.start(), m.end()) for m in _FIELDS.finditer(article)]
    found = [m.start() for m in re.finditer(re.escape(name), article)]
    return bool(found) and all(any(a <= at < b for a, b in spans) for at in found)


@register("named_otherwise", step=50)
def drop_named_otherwise(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    others = {
        fold(name.strip(_MARKS))
        for name in (
            *context.places,
            *context.written_places,
            *(r.name for r in facts.regions),
            *(p.name for p in facts.projects),
            *(o.name for o in facts.organizations),
            facts.meta.source or "",
        )
    }
    chains = [
        c
        for c in facts.chains
        if fold(c.name) not in others and not _only_as_field(c.name, context.article)
    ]
    policies, seen = [], set()
    for policy in facts.policies:
        key = fold(policy.name.strip(_MARKS))
        if key not in others and key not in seen:
            policies.append(policy)
        seen.add(key)
    dropped = len(facts.chains) - len(chains) + len(facts.policies) - len(policies)
    if dropped:
        context.flags.append(f"dropped_named_otherwise:{dropped}")
    return facts.model_copy(update={"chains": chains, "policies": policies})
