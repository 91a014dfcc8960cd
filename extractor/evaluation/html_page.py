"""The self-contained HTML report: scores, then each article's page with gold quotes and
predicted spans highlighted, and gold vs predicted facts side by side."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from jinja2 import Environment

from extractor.evaluation.fmt import num, run_title
from extractor.evaluation.log import ArticleReport, EvalReport, FactRef
from extractor.evaluation.markdown import bucket_label

_MAX_TIPS = 6


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    css: str
    tip: str


@dataclass(frozen=True)
class _Segment:
    text: str
    css: str
    tip: str


@dataclass(frozen=True)
class _Row:
    css: str
    mark: str
    gold: str
    pred: str
    note: str


def _marks(article: ArticleReport, page: str) -> tuple[list[_Mark], list[str]]:
    """Highlights of gold quotes and predicted spans, and notes on those not placed."""
    marks: list[_Mark] = []
    notes: list[str] = []

    def gold(fact_type: str, ref: FactRef, css: str) -> None:
        if not ref.quote:
            return
        start = page.find(ref.quote)
        if start < 0:
            notes.append(f"gold quote not in page ({fact_type}): {ref.quote}")
            return
        marks.append(_Mark(start, start + len(ref.quote), css, f"gold {fact_type}: {ref.label}"))

    def pred(fact_type: str, ref: FactRef, css: str) -> None:
        for span in ref.spans:
            if not 0 <= span.start < span.end <= len(page):
                where = f"{span.start}-{span.end}"
                notes.append(f"span {where} outside the page ({fact_type}): {ref.label}")
                continue
            marks.append(_Mark(span.start, span.end, css, f"predicted {fact_type}: {ref.label}"))

    for fact_type, detail in article.types.items():
        for pair in detail.matched:
            gold(fact_type, pair.gold, "gm")
            pred(fact_type, pair.pred, "pm")
        for ref in detail.misses:
            gold(fact_type, ref, "gx")
        for ref in detail.spurious:
            pred(fact_type, ref, "ps")
    return marks, notes


def _segments(page: str, marks: list[_Mark]) -> list[_Segment]:
    """The page cut at every mark boundary, each piece with the classes of the marks over it."""
    cuts = sorted({0, len(page)} | {m.start for m in marks} | {m.end for m in marks})
    segments: list[_Segment] = []
    for start, end in pairwise(cuts):
        over = [m for m in marks if m.start <= start and m.end >= end]
        css = " ".join(sorted({m.css for m in over}))
        tips = list(dict.fromkeys(m.tip for m in over))
        tip = "\n".join(tips[:_MAX_TIPS]) + ("\n…" if len(tips) > _MAX_TIPS else "")
        segments.append(_Segment(page[start:end], css, tip))
    return segments


def _rows(article: ArticleReport) -> dict[str, list[_Row]]:
    tables: dict[str, list[_Row]] = {}
    for fact_type, detail in article.types.items():
        rows = [
            _Row(
                "partial" if pair.wrong_fields else "ok",
                "≈" if pair.wrong_fields else "✓",
                pair.gold.label,
                pair.pred.label,
                f"sim {pair.similarity:.2f}"
                + (f"; wrong: {', '.join(pair.wrong_fields)}" if pair.wrong_fields else ""),
            )
            for pair in detail.matched
        ]
        rows += [_Row("miss", "✗ miss", ref.label, "", "") for ref in detail.misses]
        rows += [
            _Row("spur", "✗ spurious", "", ref.label, ", ".join(ref.flags) or (ref.grounding or ""))
            for ref in detail.spurious
        ]
        if rows:
            tables[fact_type] = rows
    return tables


# The page head and its styles: gm/gx gold matched/missed, pm/ps predicted matched/spurious.
_HEAD = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8">
<title>Evaluation: {{ title }}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3} td.n{text-align:right;font-variant-numeric:tabular-nums}
.page{white-space:pre-wrap;line-height:1.9;border:1px solid #ddd;padding:1em;background:#fcfcfc;
max-height:40em;overflow:auto}
.gm{background:#c9f2c9}.gx{background:#ffcaca}
.pm{border-bottom:3px solid #1f6feb}.ps{text-decoration:underline wavy #d9480f}
tr.ok td:first-child{color:#1a7f37}tr.partial td:first-child{color:#9a6700}
tr.miss{background:#fff0f0}tr.spur{background:#fff6e6}
.legend span{padding:0 .4em;margin-right:1em}.note{color:#9a6700}
details{margin-bottom:2em}summary{font-size:1.15em;cursor:pointer}
</style></head><body>
"""

# What was run, then the scores: lenient, strict (if any) and per gold set (if several).
_RUN_AND_SCORES = """<h1>Evaluation: {{ title }}</h1>
<table>{% for key, value in spec %}<tr><th>{{ key }}</th><td>{{ value }}</td></tr>{% endfor %}
</table>
<h2>Scores</h2>
<table><tr><th>type</th><th>gold</th><th>pred</th><th>TP</th><th>FP</th><th>FN</th><th>P</th>
<th>R</th><th>F1</th><th>name char-F1</th><th>exact</th></tr>
{% for m in metrics %}<tr><td>{{ m.fact_type }}</td><td class="n">{{ m.gold }}</td>
<td class="n">{{ m.predicted }}</td><td class="n">{{ m.tp }}</td><td class="n">{{ m.fp }}</td>
<td class="n">{{ m.fn }}</td><td class="n">{{ num(m.precision) }}</td>
<td class="n">{{ num(m.recall) }}</td><td class="n"><b>{{ num(m.f1) }}</b></td>
<td class="n">{{ num(m.name_f1) }}</td><td class="n">{{ m.exact }}</td></tr>
{% endfor %}</table>
{% if strict %}<h2>Strict scores</h2>
<p>A predicted indicator counts only when its value, subject and name match a gold indicator,
and its period too where the gold states one.</p>
<table><tr><th>type</th><th>gold</th><th>pred</th><th>TP</th><th>FP</th><th>FN</th><th>P</th>
<th>R</th><th>F1</th></tr>
{% for m in strict %}<tr><td>{{ m.fact_type }}</td><td class="n">{{ m.gold }}</td>
<td class="n">{{ m.predicted }}</td><td class="n">{{ m.tp }}</td><td class="n">{{ m.fp }}</td>
<td class="n">{{ m.fn }}</td><td class="n">{{ num(m.precision) }}</td>
<td class="n">{{ num(m.recall) }}</td><td class="n"><b>{{ num(m.f1) }}</b></td></tr>
{% endfor %}</table>{% endif %}
{% if sets|length > 1 %}<h2>Scores per gold set</h2>
<table><tr><th>set</th><th>articles</th><th>P</th><th>R</th><th>F1</th><th>indicators F1</th>
<th>indicators strict F1</th></tr>
{% for name, s in sets %}<tr><td>{{ name }}</td><td class="n">{{ s.gold_articles }}</td>
<td class="n">{{ num(s.metrics["overall"].precision) }}</td>
<td class="n">{{ num(s.metrics["overall"].recall) }}</td>
<td class="n"><b>{{ num(s.metrics["overall"].f1) }}</b></td>
<td class="n">{{ num(s.metrics["indicators"].f1 if "indicators" in s.metrics else None) }}</td>
<td class="n">{{ num(s.strict["indicators"].f1 if "indicators" in s.strict else None) }}</td></tr>
{% endfor %}</table>{% endif %}
"""

# Field accuracy on matched pairs and by stated confidence, then run health.
_FIELDS_AND_HEALTH = """<h2>Field accuracy on matched pairs</h2>
<table><tr><th>type</th><th>field</th><th>compared</th><th>correct</th><th>accuracy</th></tr>
{% for t, f, a in fields %}<tr><td>{{ t }}</td><td>{{ f }}</td><td class="n">{{ a.compared }}</td>
<td class="n">{{ a.correct }}</td><td class="n">{{ num(a.accuracy) }}</td></tr>{% endfor %}
</table>
<h2>Field accuracy by stated confidence</h2>
{% if confidence %}<table><tr><th>type</th><th>field</th>
{% for h in confidence_heads %}<th>{{ h }}</th>{% endfor %}</tr>
{% for t, f, buckets in confidence %}<tr><td>{{ t }}</td><td>{{ f }}</td>
{% for b in buckets %}<td class="n">{{ b.correct }}/{{ b.compared }} ({{ num(b.accuracy, 2) }})</td>
{% endfor %}</tr>{% endfor %}</table>
{% else %}<p>No predicted fact states a per-field confidence.</p>{% endif %}
<h2>Field accuracy by evidence</h2>
{% if evidence %}<table><tr><th>type</th><th>field</th><th>evidence</th><th>compared</th>
<th>correct</th><th>accuracy</th></tr>
{% for t, f, kind, a in evidence %}<tr><td>{{ t }}</td><td>{{ f }}</td><td>{{ kind }}</td>
<td class="n">{{ a.compared }}</td><td class="n">{{ a.correct }}</td>
<td class="n">{{ num(a.accuracy) }}</td></tr>{% endfor %}</table>
{% else %}<p>No predicted fact states what decided its fields.</p>{% endif %}
<h2>Quality, usage and timing</h2>
<ul>{% for line in lines %}<li>{{ line }}</li>{% endfor %}</ul>
"""

# Each article: its page with highlights, then gold vs predicted facts per type.
_ARTICLES = """<h2>Articles</h2>
<p class="legend"><span class="gm">gold, matched</span><span class="gx">gold, missed</span>
<span class="pm">predicted span, matched</span><span class="ps">predicted span, spurious</span>
(hover a highlight to see its facts)</p>
{% for a in articles %}
<details id="{{ a.doc_id }}"{% if loop.first %} open{% endif %}>
<summary><b>{{ a.doc_id }}</b>{% if a.set %} [{{ a.set }}]{% endif %} — {{ a.status }};
TP {{ a.tp }}, FP {{ a.fp }}, FN {{ a.fn }}; {{ "%.1f"|format(a.seconds) }}s</summary>
{% if a.error %}<p class="note">error: {{ a.error }}</p>{% endif %}
{% for note in a.notes %}<p class="note">{{ note }}</p>{% endfor %}
{% if a.segments %}<div class="page">{% for s in a.segments %}{% if s.css -%}
<span class="{{ s.css }}" title="{{ s.tip }}">{{ s.text }}</span>
{%- else %}{{ s.text }}{% endif %}{% endfor %}</div>
{% else %}<p class="note">page text not available</p>{% endif %}
{% for fact_type, rows in a.tables.items() %}<h3>{{ fact_type }}</h3>
<table><tr><th></th><th>gold</th><th>predicted</th><th></th></tr>
{% for r in rows %}<tr class="{{ r.css }}"><td>{{ r.mark }}</td><td>{{ r.gold }}</td>
<td>{{ r.pred }}</td><td>{{ r.note }}</td></tr>{% endfor %}</table>
{% endfor %}</details>
{% endfor %}
</body></html>
"""

_TEMPLATE = _HEAD + _RUN_AND_SCORES + _FIELDS_AND_HEALTH + _ARTICLES


def _quality_lines(report: EvalReport) -> list[str]:
    q, u, t = report.quality, report.usage, report.timing
    return [
        f"records {q.records}; errors {q.errors} ({num(q.error_share)}); missing {q.missing}; "
        f"broken lines {q.broken_lines}",
        f"numbers located in source {q.numbers_located}/{q.numbers_reported} "
        f"({num(q.located_share)}); unchecked {q.numbers_unchecked}",
        f"facts {q.facts_predicted}; flagged {q.facts_flagged}; ungrounded {q.facts_ungrounded}",
        f"calls {u.calls}; retries {u.retries}; cache hits {u.cache_hits}; tokens "
        f"{u.prompt_tokens} + {u.completion_tokens} = {u.total_tokens}",
        f"seconds per article: mean {num(t.mean_seconds, 1)}, median {num(t.median_seconds, 1)}, "
        f"max {num(t.max_seconds, 1)}; total {num(t.total_seconds, 1)}; "
        f"run wall {num(t.run_seconds, 1)}",
    ]


def _bucket_heads(report: EvalReport) -> list[str]:
    first = next((b for f in report.confidence.values() for b in f.values()), [])
    return [bucket_label(b.low, b.high, i == len(first) - 1) for i, b in enumerate(first)]


def _article_view(article: ArticleReport, page: str | None, show_set: bool) -> dict[str, object]:
    """One article's summary line, notes, highlighted page and fact tables."""
    marks, notes = _marks(article, page) if page is not None else ([], [])
    return {
        "doc_id": article.doc_id,
        "set": article.set if show_set else None,
        "status": article.status,
        "error": article.error,
        "tp": article.tp,
        "fp": article.fp,
        "fn": article.fn,
        "seconds": article.seconds,
        "notes": notes,
        "segments": _segments(page, marks) if page else [],
        "tables": _rows(article),
    }


def _run_spec(report: EvalReport) -> list[tuple[str, object]]:
    """What was run, as (key, value) rows; values not recorded are left out."""
    run = report.run
    return [
        (key, value)
        for key, value in (
            ("model", run.model),
            ("base_url", run.base_url),
            ("endpoint", run.endpoint_kind),
            ("prompt version", run.prompt_version),
            ("schema hash", run.schema_hash),
            ("git commit", run.git_commit),
            ("started", run.started and run.started.isoformat()),
            ("finished", run.finished and run.finished.isoformat()),
            ("number parser", report.matching.number_parser),
            ("gold articles", report.gold_articles),
        )
        if value not in (None, "")
    ]


def _field_rows(report: EvalReport) -> list[tuple[str, str, object]]:
    """(type, field, accuracy) for the fields compared at least once."""
    return [
        (t, name, acc)
        for t, accs in report.fields.items()
        for name, acc in accs.items()
        if acc.compared
    ]


def _confidence_rows(report: EvalReport) -> list[tuple[str, str, object]]:
    """(type, field, buckets) for each field a prediction stated a confidence for."""
    return [
        (t, name, buckets)
        for t, per_field in report.confidence.items()
        for name, buckets in per_field.items()
    ]


def _evidence_rows(report: EvalReport) -> list[tuple[str, str, str, object]]:
    """(type, field, evidence, accuracy) for each kind of decision predictions stated."""
    return [
        (t, name, kind, acc)
        for t, per_field in report.evidence.items()
        for name, kinds in per_field.items()
        for kind, acc in kinds.items()
    ]


def render_html(report: EvalReport, pages: dict[str, str]) -> str:
    """A self-contained page: scores, then each article's text with gold quotes and predicted
    grounding spans highlighted, and gold vs predicted facts side by side."""
    show_set = len(report.sets) > 1
    articles = [_article_view(a, pages.get(a.doc_id), show_set) for a in report.articles]
    env = Environment(autoescape=True, trim_blocks=False)
    return env.from_string(_TEMPLATE).render(
        title=run_title(report),
        spec=_run_spec(report),
        metrics=list(report.metrics.values()),
        fields=_field_rows(report),
        strict=list(report.strict.values()),
        sets=list(report.sets.items()),
        confidence=_confidence_rows(report),
        confidence_heads=_bucket_heads(report),
        evidence=_evidence_rows(report),
        lines=_quality_lines(report),
        articles=articles,
        num=num,
    )


def write_html(report: EvalReport, pages: dict[str, str], path: Path | str) -> Path:
    """The HTML report."""
    path = Path(path)
    path.write_text(render_html(report, pages), encoding="utf-8")
    return path
