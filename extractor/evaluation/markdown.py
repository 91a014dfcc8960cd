"""The markdown report: one small function per section, joined in report order."""

from __future__ import annotations

from pathlib import Path

from extractor.evaluation.fmt import cell, num, run_title
from extractor.evaluation.log import ArticleReport, EvalReport, FieldAccuracy, TypeDetail


def _header(report: EvalReport) -> list[str]:
    run = report.run
    out = [f"# Evaluation: {run_title(report)}", ""]
    for key, value in (
        ("base_url", run.base_url),
        ("endpoint", run.endpoint_kind),
        ("schema", run.schema_hash),
        ("commit", run.git_commit),
        ("started", run.started and run.started.isoformat()),
        ("finished", run.finished and run.finished.isoformat()),
        ("number parser", report.matching.number_parser),
    ):
        if value:
            out.append(f"- {key}: `{value}`")
    out.append(f"- gold articles scored: {report.gold_articles}")
    return out


def _scores(report: EvalReport) -> list[str]:
    out = [
        "## Scores (micro-averaged over articles)",
        "",
        "| type | gold | pred | TP | FP | FN | P | R | F1 | name char-F1 | exact |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in report.metrics.values():
        name = f"**{m.fact_type}**" if m.fact_type == "overall" else m.fact_type
        out.append(
            f"| {name} | {m.gold} | {m.predicted} | {m.tp} | {m.fp} | {m.fn} | "
            f"{num(m.precision)} | {num(m.recall)} | {num(m.f1)} | {num(m.name_f1)} | "
            f"{m.exact} |"
        )
    return out


STRICT_FIELDS = ("subject", "name", "period", "unit", "growth")
"""Indicator fields listed beside the strict score."""


def _strict(report: EvalReport) -> list[str]:
    if not report.strict:
        return []
    out = [
        "## Strict scores",
        "",
        "A predicted indicator counts only when its value, subject and name match a gold",
        "indicator, and its period too where the gold states one (its own one-to-one matching).",
        "",
        "| type | gold | pred | TP | FP | FN | P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in report.strict.values():
        out.append(
            f"| {m.fact_type} | {m.gold} | {m.predicted} | {m.tp} | {m.fp} | {m.fn} | "
            f"{num(m.precision)} | {num(m.recall)} | {num(m.f1)} |"
        )
    # Which identifying field costs the strict score is read off the blended match's pairs.
    fields = report.fields.get("indicators", {})
    shown = [(n, fields[n]) for n in STRICT_FIELDS if n in fields and fields[n].compared]
    if shown:
        parts = [f"{n} {num(a.accuracy)} ({a.correct}/{a.compared})" for n, a in shown]
        out += ["", f"Indicator fields on matched pairs: {', '.join(parts)}."]
    return out


def _sets(report: EvalReport) -> list[str]:
    if len(report.sets) < 2:
        return []  # a single set is the whole score above
    out = [
        "## Scores per gold set",
        "",
        "| set | articles | P | R | F1 | indicators F1 | indicators strict F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, scores in report.sets.items():
        overall, ind = scores.metrics.get("overall"), scores.metrics.get("indicators")
        strict = scores.strict.get("indicators")
        out.append(
            f"| {name} | {scores.gold_articles} | {num(overall and overall.precision)} | "
            f"{num(overall and overall.recall)} | {num(overall and overall.f1)} | "
            f"{num(ind and ind.f1)} | {num(strict and strict.f1)} |"
        )
    return out


def _agreement(acc: FieldAccuracy) -> str:
    return f"{acc.compared} | {acc.correct} | {num(acc.accuracy)}"


def _fields(report: EvalReport) -> list[str]:
    out = [
        "## Field accuracy on matched pairs",
        "",
        "| type | field | compared | correct | accuracy |",
        "|---|---|---:|---:|---:|",
    ]
    for fact_type, fields in report.fields.items():
        for name, acc in fields.items():
            if acc.compared:
                out.append(f"| {fact_type} | {name} | {_agreement(acc)} |")
    return out


def bucket_label(low: float, high: float, last: bool) -> str:
    return f"[{low:g}, {high:g}{']' if last else ')'}"


def _confidence(report: EvalReport) -> list[str]:
    out = ["## Field accuracy by stated confidence", ""]
    if not report.confidence:
        return [*out, "No predicted fact states a per-field confidence."]
    first = next(b for fields in report.confidence.values() for b in fields.values())
    heads = [bucket_label(b.low, b.high, i == len(first) - 1) for i, b in enumerate(first)]
    out += [
        "Correct / compared (accuracy) on matched pairs, by the confidence the prediction",
        "states for the field.",
        "",
        "| type | field | " + " | ".join(heads) + " |",
        "|---|---|" + "---:|" * len(heads),
    ]
    for fact_type, fields in report.confidence.items():
        for name, buckets in fields.items():
            cells = [f"{b.correct}/{b.compared} ({num(b.accuracy, 2)})" for b in buckets]
            out.append(f"| {fact_type} | {name} | " + " | ".join(cells) + " |")
    return out


def _evidence(report: EvalReport) -> list[str]:
    out = ["## Field accuracy by evidence", ""]
    if not report.evidence:
        return [*out, "No predicted fact states what decided its fields."]
    out += [
        "What decided each field (the prediction's `evidence`), with its agreement on matched",
        "pairs: the source of the calibrated confidences (eval/calibrate.py).",
        "",
        "| type | field | evidence | compared | correct | accuracy |",
        "|---|---|---|---:|---:|---:|",
    ]
    for fact_type, fields in report.evidence.items():
        for name, kinds in fields.items():
            for kind, acc in kinds.items():
                out.append(f"| {fact_type} | {name} | {kind} | {_agreement(acc)} |")
    return out


def _quality(report: EvalReport) -> list[str]:
    q = report.quality
    out = [
        "## Quality",
        "",
        f"- records: {q.records}; errors (failed parsing/validation): {q.errors} "
        f"({num(q.error_share)}); missing: {q.missing}; duplicates: {q.duplicates}; "
        f"broken lines: {q.broken_lines}",
        f"- numbers located in source: {q.numbers_located}/{q.numbers_reported} "
        f"({num(q.located_share)}); unchecked: {q.numbers_unchecked}",
        f"- facts: {q.facts_predicted}; flagged: {q.facts_flagged}; "
        f"ungrounded: {q.facts_ungrounded}",
    ]
    if q.fact_flags:
        out.append("- fact flags: " + ", ".join(f"{k} {v}" for k, v in q.fact_flags.items()))
    if q.page_flags:
        out.append("- page flags: " + ", ".join(f"{k} {v}" for k, v in q.page_flags.items()))
    if q.unscored:
        out.append("- records without gold: " + ", ".join(q.unscored))
    return out


def _usage(report: EvalReport) -> list[str]:
    u, t = report.usage, report.timing
    return [
        "## Usage and timing",
        "",
        f"- calls: {u.calls}; retries: {u.retries}; cache hits: {u.cache_hits} articles, "
        f"{u.cached_passes} passes",
        f"- tokens: {u.prompt_tokens} prompt + {u.completion_tokens} completion = {u.total_tokens}",
        f"- seconds per article: mean {num(t.mean_seconds, 1)}, median "
        f"{num(t.median_seconds, 1)}, max {num(t.max_seconds, 1)}; total "
        f"{num(t.total_seconds, 1)}; run wall {num(t.run_seconds, 1)}; model wait "
        f"{num(u.model_seconds, 1)}",
    ]


def article_heading(article: ArticleReport, show_set: bool = False) -> str:
    where = f" [{article.set}]" if show_set and article.set else ""
    return (
        f"### {article.doc_id}{where} ({article.status}) — TP {article.tp}, FP {article.fp}, "
        f"FN {article.fn}, {article.seconds:.1f}s"
    )


def _type_errors(fact_type: str, detail: TypeDetail) -> list[str]:
    out = [f"- miss {fact_type}: {cell(ref.label)}" for ref in detail.misses]
    out += [f"- spurious {fact_type}: {cell(ref.label)}" for ref in detail.spurious]
    out += [
        f"- wrong {', '.join(pair.wrong_fields)} in {fact_type}: "
        f"{cell(pair.gold.label)} ≠ {cell(pair.pred.label)}"
        for pair in detail.matched
        if pair.wrong_fields
    ]
    return out


def _article(article: ArticleReport, show_set: bool) -> list[str]:
    out = ["", article_heading(article, show_set)]
    if article.error:
        out.append(f"- error: {cell(article.error)}")
    for fact_type, detail in article.types.items():
        out += _type_errors(fact_type, detail)
    return out


def _articles(report: EvalReport) -> list[str]:
    out = ["## Articles"]
    for article in report.articles:
        out += _article(article, len(report.sets) > 1)
    return out


SECTIONS = (
    _header,
    _scores,
    _strict,
    _sets,
    _fields,
    _confidence,
    _evidence,
    _quality,
    _usage,
    _articles,
)
"""The report's sections in order; each returns its lines, sections are separated by a blank."""


def render_markdown(report: EvalReport) -> str:
    """A readable summary: scores, field accuracy, quality, usage, timing, per-article errors."""
    out: list[str] = []
    for section in SECTIONS:
        lines = section(report)
        if lines:
            out += [*([""] if out else []), *lines]
    return "\n".join(out) + "\n"


def write_markdown(report: EvalReport, path: Path | str) -> Path:
    """The markdown summary."""
    path = Path(path)
    path.write_text(render_markdown(report), encoding="utf-8")
    return path
