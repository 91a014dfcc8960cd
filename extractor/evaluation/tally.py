"""Counts gathered per article and summed into micro-averaged metrics over any article group
(a run, one gold set)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from extractor.evaluation.confidence import ConfidenceCounts
from extractor.evaluation.log import FieldAccuracy, SetScores, TypeMetrics
from extractor.evaluation.scorers import FACT_TYPES, scorer_for


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    name_f1: list[float] = field(default_factory=list)
    exact: int = 0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.name_f1 += other.name_f1
        self.exact += other.exact

    def metrics(self, fact_type: str) -> TypeMetrics:
        tp, fp, fn = self.tp, self.fp, self.fn
        # Conventions (see TypeMetrics): an empty prediction against non-empty gold has
        # precision 0; nothing in gold gives recall 1; nothing anywhere is a perfect score.
        precision = tp / (tp + fp) if tp + fp else float(fn == 0)
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return TypeMetrics(
            fact_type=fact_type,
            gold=tp + fn,
            predicted=tp + fp,
            tp=tp,
            fp=fp,
            fn=fn,
            precision=precision,
            recall=recall,
            f1=f1,
            name_f1=statistics.fmean(self.name_f1) if self.name_f1 else None,
            exact=self.exact,
        )


def _field_slots() -> dict[str, dict[str, list[int]]]:
    return {
        t: {f: [0, 0] for f in scorer_for(t).fields} for t in FACT_TYPES if scorer_for(t).fields
    }


@dataclass
class Counts:
    """Everything one article (or a group of them) adds to the scores."""

    types: dict[str, Tally] = field(default_factory=lambda: {t: Tally() for t in FACT_TYPES})
    strict: dict[str, Tally] = field(
        default_factory=lambda: {t: Tally() for t in FACT_TYPES if scorer_for(t).has_strict}
    )
    fields: dict[str, dict[str, list[int]]] = field(default_factory=_field_slots)
    """fact type -> field -> [compared, correct]."""
    confidence: ConfidenceCounts = field(default_factory=ConfidenceCounts)
    evidence: dict[str, dict[str, dict[str, list[int]]]] = field(default_factory=dict)
    """fact type -> field -> the evidence the prediction states for it -> [compared, correct]."""

    def _count_evidence(self, fact_type: str, name: str, kind: str, n: int, ok: int) -> None:
        pair = self.evidence.setdefault(fact_type, {}).setdefault(name, {}).setdefault(kind, [0, 0])
        pair[0] += n
        pair[1] += ok

    def add_evidence(self, fact_type: str, verdicts: dict[str, bool], kinds: dict[str, str]):
        for name, kind in kinds.items():
            if name in verdicts:
                self._count_evidence(fact_type, name, kind, 1, verdicts[name])

    def add(self, other: Counts) -> None:
        for tallies, more in ((self.types, other.types), (self.strict, other.strict)):
            for fact_type, tally in more.items():
                tallies[fact_type].add(tally)
        for fact_type, names in other.fields.items():
            for name, (n, ok) in names.items():
                slot = self.fields[fact_type][name]
                slot[0] += n
                slot[1] += ok
        self.confidence.merge(other.confidence)
        for fact_type, names in other.evidence.items():
            for name, kinds in names.items():
                for kind, (n, ok) in kinds.items():
                    self._count_evidence(fact_type, name, kind, n, ok)

    def metrics(self) -> dict[str, TypeMetrics]:
        overall = Tally()
        for tally in self.types.values():
            overall.add(tally)
        metrics = {t: tally.metrics(t) for t, tally in self.types.items()}
        metrics["overall"] = overall.metrics("overall")
        return metrics

    def strict_metrics(self) -> dict[str, TypeMetrics]:
        return {t: tally.metrics(t) for t, tally in self.strict.items()}

    def field_accuracy(self) -> dict[str, dict[str, FieldAccuracy]]:
        return {
            t: {
                name: FieldAccuracy(compared=n, correct=ok, accuracy=ok / n if n else None)
                for name, (n, ok) in names.items()
            }
            for t, names in self.fields.items()
        }

    def evidence_accuracy(self) -> dict[str, dict[str, dict[str, FieldAccuracy]]]:
        return {
            t: {
                name: {
                    kind: FieldAccuracy(compared=n, correct=ok, accuracy=ok / n if n else None)
                    for kind, (n, ok) in sorted(kinds.items(), key=lambda kv: -kv[1][0])
                }
                for name, kinds in names.items()
            }
            for t, names in self.evidence.items()
        }

    def set_scores(self, articles: int) -> SetScores:
        return SetScores(
            gold_articles=articles,
            metrics=self.metrics(),
            strict=self.strict_metrics(),
            fields=self.field_accuracy(),
            evidence=self.evidence_accuracy(),
        )


def total(counts: Iterable[Counts]) -> Counts:
    """The sum of several articles' counts, in the order given."""
    summed = Counts()
    for c in counts:
        summed.add(c)
    return summed
