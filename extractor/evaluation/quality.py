"""The figures the quality ratchet guards, read from an EvalReport, and the ratchet check.

A committed file holds the lowest acceptable figure of each; a run that falls below any of
them fails the test suite, and a run that beats them is how the file gets raised.
"""

from __future__ import annotations

import json
from pathlib import Path

from extractor.evaluation.log import EvalReport, FieldAccuracy, TypeMetrics

GUARDED_FIELDS = ("subject", "name", "period")
TOLERANCE = 1e-6
"""Figures are recomputed from the same replayed answers, so only float noise is forgiven."""


def _f1(metrics: dict[str, TypeMetrics], fact_type: str) -> float:
    found = metrics.get(fact_type)
    return round(found.f1, 4) if found else 0.0


def _accuracy(fields: dict[str, dict[str, FieldAccuracy]], name: str) -> float:
    found = fields.get("indicators", {}).get(name)
    return round(found.accuracy or 0.0, 4) if found else 0.0


def _scope(
    metrics: dict[str, TypeMetrics],
    strict: dict[str, TypeMetrics],
    fields: dict[str, dict[str, FieldAccuracy]],
) -> dict[str, float]:
    indicators = metrics.get("indicators")
    figures = {
        "indicators_strict_f1": _f1(strict, "indicators"),
        "indicators_f1": _f1(metrics, "indicators"),
        "indicators_precision": round(indicators.precision, 4) if indicators else 0.0,
        "indicators_recall": round(indicators.recall, 4) if indicators else 0.0,
        "organizations_f1": _f1(metrics, "organizations"),
        "regions_f1": _f1(metrics, "regions"),
        "overall_f1": _f1(metrics, "overall"),
    }
    figures.update({f"{name}_accuracy": _accuracy(fields, name) for name in GUARDED_FIELDS})
    return figures


def quality_figures(report: EvalReport) -> dict[str, dict[str, float]]:
    """Per gold set and for all sets together ("all")."""
    scopes = {"all": _scope(report.metrics, report.strict, report.fields)}
    for name, scores in report.sets.items():
        scopes[name] = _scope(scores.metrics, scores.strict, scores.fields)
    return scopes


def below_ratchet(
    figures: dict[str, dict[str, float]], ratchet: dict[str, dict[str, float]]
) -> list[str]:
    """Every guarded figure that fell below its committed floor, as readable lines."""
    return [
        f"{scope}.{name}: {figures.get(scope, {}).get(name, 0.0)} < {floor}"
        for scope, floors in ratchet.items()
        for name, floor in floors.items()
        if figures.get(scope, {}).get(name, 0.0) < floor - TOLERANCE
    ]


def read_ratchet(path: Path) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def write_ratchet(path: Path, figures: dict[str, dict[str, float]]) -> None:
    path.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
