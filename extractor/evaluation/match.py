"""One-to-one matching of predicted to gold facts of one type, by optimal assignment.

In the spirit of DuEE-Fin event matching: every gold-prediction pair gets a similarity in
[0, 1] from the type's scorer; pairs under the type's threshold are not allowed; scipy's
linear_sum_assignment then picks the assignment with the most pairs and, among those, the
highest total similarity. How values compare lives in compare.py, each type's rules in
scorers/.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from extractor.evaluation.checks import MatchContext, Score
from extractor.evaluation.compare import (
    EPS,
    Parsers,
    char_f1,
    default_parsers,
    normalize_text,
    numbers_agree,
    parse_date,
    periods_agree,
    same_text,
)
from extractor.evaluation.scorers import MetaFact, meta_facts, scorer_for


@dataclass
class Pair:
    """A gold fact and the prediction assigned to it."""

    gold: int
    """Index in the gold list."""
    pred: int
    """Index in the predicted list."""
    score: Score
    """How alike they are."""
    fields: dict[str, bool] = field(default_factory=dict)
    """Field -> agreement, for fields at least one side states."""


@dataclass
class TypeMatch:
    """The outcome of matching one type in one article."""

    pairs: list[Pair]
    """One-to-one matched pairs, in gold order."""
    misses: list[int]
    """Indices of unmatched gold facts."""
    spurious: list[int]
    """Indices of unmatched predicted facts."""


def assign(scores: list[list[Score]], allowed: Callable[[int, int, Score], bool]) -> list[Pair]:
    """The one-to-one assignment with the most allowed pairs, then the highest similarity."""
    pairs: list[Pair] = []
    if not scores or not scores[0]:
        return pairs
    # Allowed pairs get a bonus larger than any total of similarities, so the assignment
    # first maximizes the number of pairs and only then their total similarity.
    bonus = min(len(scores), len(scores[0])) + 1
    matrix = np.array(
        [
            [s.similarity + bonus if allowed(i, j, s) else 0.0 for j, s in enumerate(row)]
            for i, row in enumerate(scores)
        ]
    )
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if matrix[i, j] > 0:
            pairs.append(Pair(i, j, scores[i][j]))
    return sorted(pairs, key=lambda p: p.gold)


def _outcome(pairs: list[Pair], n_gold: int, n_pred: int) -> TypeMatch:
    matched_gold = {p.gold for p in pairs}
    matched_pred = {p.pred for p in pairs}
    return TypeMatch(
        pairs=pairs,
        misses=[i for i in range(n_gold) if i not in matched_gold],
        spurious=[j for j in range(n_pred) if j not in matched_pred],
    )


def similarities(
    fact_type: str, gold: Sequence[Any], pred: Sequence[Any], ctx: MatchContext
) -> list[list[Score]]:
    """The scorer's similarity of every gold-prediction pair."""
    similarity = scorer_for(fact_type).similarity
    return [[similarity(g, p, ctx) for p in pred] for g in gold]


def match_facts(
    fact_type: str,
    gold: Sequence[Any],
    pred: Sequence[Any],
    ctx: MatchContext,
    scores: list[list[Score]] | None = None,
) -> TypeMatch:
    """Match the predicted facts of one type to the gold facts one-to-one."""
    scorer = scorer_for(fact_type)
    scores = scores if scores is not None else similarities(fact_type, gold, pred, ctx)
    cut = scorer.threshold(ctx.settings) - EPS
    pairs = assign(scores, lambda i, j, s: s.similarity >= cut)
    for pair in pairs:
        for name, check in scorer.fields.items():
            verdict = check(gold[pair.gold], pred[pair.pred], ctx)
            if verdict is not None:
                pair.fields[name] = verdict
    return _outcome(pairs, len(gold), len(pred))


def match_strict(
    fact_type: str,
    gold: Sequence[Any],
    pred: Sequence[Any],
    ctx: MatchContext,
    scores: list[list[Score]] | None = None,
) -> TypeMatch:
    """Match one-to-one allowing only pairs that pass the scorer's strict rule.

    Its own assignment, not a filter of the lenient one: a lenient pair may take a prediction
    that strictly belongs to another gold fact.
    """
    scorer = scorer_for(fact_type)
    scores = scores if scores is not None else similarities(fact_type, gold, pred, ctx)
    pairs = assign(scores, lambda i, j, s: scorer.strict_match(gold[i], pred[j], ctx))
    return _outcome(pairs, len(gold), len(pred))


__all__ = [
    "MatchContext",
    "MetaFact",
    "Pair",
    "Parsers",
    "Score",
    "TypeMatch",
    "assign",
    "char_f1",
    "default_parsers",
    "match_facts",
    "match_strict",
    "meta_facts",
    "normalize_text",
    "numbers_agree",
    "parse_date",
    "periods_agree",
    "same_text",
]
