"""Fill the normalized fields of ArticleFacts from their as-written strings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from schemas.facts import ArticleFacts, Indicator, Project, Target

from .numbers import parse_change, parse_quantity
from .periods import resolve_date, resolve_period


def _indicator(indicator: Indicator, publish: date | None) -> None:
    indicator.quantity = parse_quantity(indicator.value)
    indicator.growth_quantity = parse_change(indicator.growth) if indicator.growth else None
    indicator.period_normalized = (
        resolve_period(indicator.period, publish, future=indicator.kind == "target")
        if indicator.period
        else None
    )


def _project(project: Project, publish: date | None) -> None:
    project.investment_quantity = parse_quantity(project.investment or "")
    project.date_iso = resolve_date(project.date, publish) if project.date else None


def _target(target: Target, publish: date | None) -> None:
    target.quantity = parse_quantity(target.value or "")


NORMALIZERS: dict[str, Callable[[Any, date | None], None]] = {
    "indicators": _indicator,
    "projects": _project,
    "targets": _target,
}
"""Fact list -> what fills its normalized fields; a list whose facts carry quantities, periods
or dates must have one (tests/test_fact_types.py checks it)."""


def normalize_facts(facts: ArticleFacts) -> ArticleFacts:
    """A copy of facts with every normalized field derived from its as-written neighbour.

    As-written strings are left untouched; a string that does not parse leaves its
    normalized field None (or, for the publish date, whatever was already there).
    """
    out = facts.model_copy(deep=True)
    meta = out.meta
    if meta.publish_date:
        meta.publish_date_iso = resolve_date(meta.publish_date, None) or meta.publish_date_iso
    for key, normalize in NORMALIZERS.items():
        for fact in getattr(out, key):
            normalize(fact, meta.publish_date_iso)
    return out
