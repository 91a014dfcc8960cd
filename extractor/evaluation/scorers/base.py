"""The scorer of one fact type, and the registry every scorer module adds itself to.

A fact type is scored by exactly one object that knows its pair similarity, matching
threshold, field checks, label and number fields, so a new fact type is one new module; a
missing one is a clear error (and a failing test), not a KeyError deep in scoring.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from extractor.evaluation.checks import FieldCheck, MatchContext, Score
from extractor.evaluation.compare import char_f1, same_text
from extractor.evaluation.log import MatchSettings
from schemas.common import Grounding
from schemas.facts import FACT_LISTS, ArticleFacts
from schemas.gold import GoldArticle

FACT_TYPES: tuple[str, ...] = ("meta", *FACT_LISTS)
"""Scored fact types in report order."""


Fields = Mapping[str, FieldCheck]
"""Field name -> check."""


class Scorer:
    """Scores one fact type; the defaults fit types matched by their name alone."""

    fact_type: ClassVar[str] = ""
    """Set by the registering decorator."""
    fields: ClassVar[Fields] = {}
    """Field -> how a matched pair is checked on it (the per-field accuracy), in report order."""
    number_fields: ClassVar[tuple[str, ...]] = ()
    """Fields holding reported numbers; the first is the fact's primary number."""
    has_strict: ClassVar[bool] = False
    """Whether strict_match defines a strict score for this type."""

    def threshold(self, settings: MatchSettings) -> float:
        """The minimum similarity for a pair of this type to be matched."""
        return settings.name_threshold

    def similarity(self, gold: Any, pred: Any, ctx: MatchContext) -> Score:
        f1 = char_f1(gold.name, pred.name)
        return Score(f1, f1, same_text(gold.name, pred.name))

    def strict_match(self, gold: Any, pred: Any, ctx: MatchContext) -> bool:
        """Whether a pair counts under the strict score (only when has_strict)."""
        raise NotImplementedError(self.fact_type)

    def label(self, fact: Any) -> str:
        """A short one-line rendering of a gold or predicted fact."""
        return fact.name

    def gold_facts(self, gold: GoldArticle) -> list[Any]:
        return list(getattr(gold, self.fact_type))

    def pred_facts(self, facts: ArticleFacts) -> list[Any]:
        return list(getattr(facts, self.fact_type))

    def gold_quote(self, fact: Any, gold: GoldArticle) -> str | None:
        return fact.quote

    def grounding(self, fact: Any, facts: ArticleFacts) -> Grounding:
        """The grounding of a predicted fact, restricted to the spans that state it."""
        return fact.grounding


S = TypeVar("S", bound=Scorer)

_REGISTRY: dict[str, Scorer] = {}


def scorer(fact_type: str) -> Callable[[type[S]], type[S]]:
    """Class decorator: register one instance of the class as the scorer of fact_type."""

    def add(cls: type[S]) -> type[S]:
        if fact_type in _REGISTRY:
            raise ValueError(f"two scorers for fact type {fact_type!r}")
        cls.fact_type = fact_type
        _REGISTRY[fact_type] = cls()
        return cls

    return add


def scorer_for(fact_type: str) -> Scorer:
    """The registered scorer of fact_type."""
    try:
        return _REGISTRY[fact_type]
    except KeyError:
        raise LookupError(
            f"no scorer for fact type {fact_type!r}: add a module to extractor/evaluation/scorers/"
        ) from None


def registered() -> dict[str, Scorer]:
    """Fact type -> scorer, for every registered type (registration order)."""
    return dict(_REGISTRY)


def join(*parts: str | None) -> str:
    """Label parts that are present, separated by spaces."""
    return " ".join(p for p in parts if p)
