"""The one interface every genre rule implements, and the registry that runs them in order.

A rule reads the page (and what the model named on it) and returns the facts with its own
findings added or its misfiled ones removed. Adding a rule is one module with one
`@register`; the pipeline never names a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from schemas.facts import ArticleFacts


@dataclass(frozen=True)
class Listed:
    """One named thing a rule found on the page (a list member, a named project)."""

    name: str
    kind: str
    """company, university, institute, other, association, project or chain."""
    role: str
    """The list's category as written (全球十大医药企业)."""
    start: int
    """Offset of the name in the text."""


@dataclass
class RuleContext:
    """What rules see of one page, and where they leave what later stages need."""

    article: str
    """The cleaned page text."""
    model_names: list[str]
    """Places, bodies and chains the model named, before any rule ran."""
    listed: list[Listed] = field(default_factory=list)
    """Named members found by the list rules; subjects and values are checked against them."""
    places: list[str] = field(default_factory=list)
    """Places and zones the page is about, found by the region rule; candidates for subjects."""
    homes: dict[str, str] = field(default_factory=dict)
    """The page's own place by kind (zone, 区, 县, 市, 省): whom 全区, 园区, 我市 stand for."""
    written_places: set[str] = field(default_factory=set)
    """Every place the page writes, in passing too (加强与湖南…合作), set by the region rule."""
    flags: list[str] = field(default_factory=list)
    """Record flags the rules raise (dropped_misfiled:N)."""


Rule = Callable[[ArticleFacts, RuleContext], ArticleFacts]

RULES: dict[str, tuple[int, Rule]] = {}
"""Registered rules by name, with the step at which each runs."""


def register(name: str, step: int) -> Callable[[Rule], Rule]:
    """Register a rule to run at `step` (lower first).

    Steps are explicit because rules read each other's results: filters (step < 10) run
    before finders so a finder never re-adds what a filter removed, and a finder that skips
    names already filed (policies skip honor titles) runs after the finder that files them.
    """

    def add(rule: Rule) -> Rule:
        if name in RULES:
            raise ValueError(f"rule {name!r} registered twice")
        RULES[name] = (step, rule)
        return rule

    return add


def rule_order() -> list[str]:
    return sorted(RULES, key=lambda name: RULES[name][0])


def apply_rules(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    for name in rule_order():
        facts = RULES[name][1](facts, context)
    return facts
