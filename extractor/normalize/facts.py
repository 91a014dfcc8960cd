"""Fill the normalized fields of ArticleFacts from their as-written strings."""

from __future__ import annotations

from schemas.facts import ArticleFacts

from .numbers import parse_change, parse_quantity
from .periods import resolve_date, resolve_period


def normalize_facts(facts: ArticleFacts) -> ArticleFacts:
    """A copy of facts with every normalized field derived from its as-written neighbour.

    As-written strings are left untouched; a string that does not parse leaves its
    normalized field None (or, for the publish date, whatever was already there).
    """
    out = facts.model_copy(deep=True)
    meta = out.meta
    if meta.publish_date:
        meta.publish_date_iso = resolve_date(meta.publish_date, None) or meta.publish_date_iso
    publish = meta.publish_date_iso

    for indicator in out.indicators:
        indicator.quantity = parse_quantity(indicator.value)
        indicator.growth_quantity = parse_change(indicator.growth) if indicator.growth else None
        indicator.period_normalized = (
            resolve_period(indicator.period, publish, future=indicator.kind == "target")
            if indicator.period
            else None
        )
    for project in out.projects:
        project.investment_quantity = parse_quantity(project.investment or "")
        project.date_iso = resolve_date(project.date, publish) if project.date else None
    for target in out.targets:
        target.quantity = parse_quantity(target.value or "")
    return out
