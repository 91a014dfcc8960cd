"""What a scorer is built from: the per-article context, pair scores and field checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from extractor.evaluation.compare import (
    Parsers,
    char_f1,
    normalize_text,
    numbers_agree,
    periods_agree,
    same_text,
)
from extractor.evaluation.log import MatchSettings


@dataclass(frozen=True)
class MatchContext:
    """What every comparison of one article needs."""

    settings: MatchSettings
    parsers: Parsers
    publish_date: date | None = None
    """The gold publication date, against which relative periods resolve."""


@dataclass(frozen=True)
class Score:
    """How alike one gold-prediction pair is."""

    similarity: float
    """Matching score in [0, 1]; 0 when a gate (value, field) fails."""
    name_f1: float
    """Char-F1 of the key names (partial credit)."""
    exact: bool
    """Key names equal after normalization."""


FieldCheck = Callable[[Any, Any, MatchContext], "bool | None"]
"""(gold fact, predicted fact, context) -> agree, or None when neither side states the field."""


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _check(name: str, agree: Callable[[Any, Any, Any, Any, MatchContext], bool]) -> FieldCheck:
    def check(gold: Any, pred: Any, ctx: MatchContext) -> bool | None:
        a, b = getattr(gold, name, None), getattr(pred, name, None)
        if _empty(a) and _empty(b):
            return None
        if _empty(a) or _empty(b):
            return False
        return agree(a, b, gold, pred, ctx)

    return check


def text(name: str) -> FieldCheck:
    """Free text: equal after normalization or close by char-F1."""

    def agree(a: str, b: str, g: Any, p: Any, ctx: MatchContext) -> bool:
        return same_text(a, b) or char_f1(a, b) >= ctx.settings.field_text_threshold

    return _check(name, agree)


def literal(name: str) -> FieldCheck:
    """An enum value: equal as is."""
    return _check(name, lambda a, b, g, p, ctx: a == b)


def _numeric(name: str, parser: str, derived: str | None) -> FieldCheck:
    """Agreement of two as-written numbers read with the named parser (or derived values)."""
    return _check(
        name,
        lambda a, b, g, p, ctx: numbers_agree(
            a,
            b,
            getattr(ctx.parsers, parser),
            ctx.settings.value_rel_tol,
            getattr(g, derived or "", None),
            getattr(p, derived or "", None),
        ),
    )


def number(name: str, derived: str | None = None) -> FieldCheck:
    """An amount; derived names the field holding the pipeline's parse of it."""
    return _numeric(name, "parse_quantity", derived)


def change(name: str, derived: str | None = None) -> FieldCheck:
    """A growth rate."""
    return _numeric(name, "parse_change", derived)


def period(name: str, derived: str | None = None) -> FieldCheck:
    """A period or date, resolved against the publish date."""
    return _check(
        name,
        lambda a, b, g, p, ctx: periods_agree(
            a,
            b,
            ctx.parsers,
            ctx.publish_date,
            getattr(g, derived or "", None),
            getattr(p, derived or "", None),
        ),
    )


def names(name: str) -> FieldCheck:
    """A list of names: the same set after normalization."""
    return _check(
        name,
        lambda a, b, g, p, ctx: {normalize_text(x) for x in a} == {normalize_text(x) for x in b},
    )


def _unit_of(fact: Any, ctx: MatchContext) -> str | None:
    quantity = ctx.parsers.parse_quantity(fact.value) or getattr(fact, "quantity", None)
    return quantity.unit if quantity else None


def unit(gold: Any, pred: Any, ctx: MatchContext) -> bool | None:
    """The canonical unit of the values (a check of its own, not a field of the fact)."""
    a, b = _unit_of(gold, ctx), _unit_of(pred, ctx)
    if a is None and b is None:
        return None
    return a == b


def values_agree(g: Any, p: Any, ctx: MatchContext) -> bool:
    """The gold and predicted values (as written, or the prediction's parsed quantity) agree."""
    return numbers_agree(
        g.value,
        p.value,
        ctx.parsers.parse_quantity,
        ctx.settings.value_rel_tol,
        None,
        getattr(p, "quantity", None),
    )
