"""Score a run's records against gold: micro-averaged per type, field accuracy, run health."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from extractor.evaluation.checks import MatchContext
from extractor.evaluation.compare import Parsers, default_parsers, parse_date
from extractor.evaluation.log import (
    ArticleReport,
    EvalReport,
    FactRef,
    FieldAccuracy,
    MatchedPair,
    MatchSettings,
    Quality,
    RunSpec,
    Timing,
    TypeDetail,
    TypeMetrics,
    UsageTotals,
)
from extractor.evaluation.match import match_facts
from extractor.evaluation.scorers import FACT_TYPES, Scorer, scorer_for
from schemas.facts import FACT_LISTS, ArticleFacts, ArticleMeta, MetaDraft
from schemas.gold import GoldArticle
from schemas.record import ExtractionRecord

_GENERIC_NUMBER_FLAGS = {"value_not_in_source", "number_not_in_source", "quantity_not_in_source"}


def gold_as_facts(gold: GoldArticle) -> ArticleFacts:
    """The gold article as a prediction (quotes dropped): it scores 1.0 against itself."""
    meta = ArticleMeta(
        **gold.meta.model_dump(include=set(MetaDraft.model_fields)),
        publish_date_iso=parse_date(gold.meta.publish_date_iso),
    )
    lists = {
        name: [cls.model_validate(f.model_dump(exclude={"quote"})) for f in getattr(gold, name)]
        for name, cls in FACT_LISTS.items()
    }
    return ArticleFacts(meta=meta, **lists)


# --- references -----------------------------------------------------------------------------


def fact_label(fact_type: str, fact: Any) -> str:
    """A short one-line rendering of a gold or predicted fact."""
    return scorer_for(fact_type).label(fact)


def _gold_ref(scorer: Scorer, index: int, fact: Any, gold: GoldArticle) -> FactRef:
    return FactRef(index=index, label=scorer.label(fact), quote=scorer.gold_quote(fact, gold))


def _pred_ref(scorer: Scorer, index: int, fact: Any, facts: ArticleFacts) -> FactRef:
    grounding = scorer.grounding(fact, facts)
    return FactRef(
        index=index,
        label=scorer.label(fact),
        spans=list(grounding.spans),
        grounding=grounding.status,
        flags=list(grounding.flags),
    )


# --- tallies ------------------------------------------------------------------------------


@dataclass
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    name_f1: list[float] = field(default_factory=list)
    exact: int = 0

    def add(self, other: _Tally) -> None:
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


def _prediction(record: ExtractionRecord | None) -> tuple[ArticleFacts, str, str | None]:
    if record is None:
        return ArticleFacts(), "missing", None
    if record.status != "ok":
        return ArticleFacts(), "error", record.error
    if record.facts is None:
        return ArticleFacts(), "error", record.error or "ok record without facts"
    return record.facts, "ok", None


def _publish_date(gold: GoldArticle) -> date | None:
    return parse_date(gold.meta.publish_date_iso) or parse_date(gold.meta.publish_date)


def _dedupe(records: Iterable[ExtractionRecord]) -> tuple[dict[str, ExtractionRecord], int]:
    by_id: dict[str, ExtractionRecord] = {}
    duplicates = 0
    for record in records:
        # A re-run of an article appends a newer line; the last one is the run's answer.
        duplicates += record.doc_id in by_id
        by_id[record.doc_id] = record
    return by_id, duplicates


# --- scoring ------------------------------------------------------------------------------


def score_article(
    gold: GoldArticle,
    record: ExtractionRecord | None,
    ctx: MatchContext,
    tallies: dict[str, _Tally],
    field_counts: dict[str, dict[str, list[int]]],
) -> ArticleReport:
    """Match one article type by type, adding to the run tallies; returns its details."""
    facts, status, error = _prediction(record)
    article = ArticleReport(
        doc_id=gold.doc_id,
        status=status,  # type: ignore[arg-type]
        error=error,
        seconds=record.seconds if record else 0.0,
        flags=list(record.flags) if record else [],
    )
    for fact_type in FACT_TYPES:
        scorer = scorer_for(fact_type)
        gold_list, pred_list = scorer.gold_facts(gold), scorer.pred_facts(facts)
        result = match_facts(fact_type, gold_list, pred_list, ctx)
        tally = tallies[fact_type]
        tally.tp += len(result.pairs)
        tally.fp += len(result.spurious)
        tally.fn += len(result.misses)
        detail = TypeDetail()
        for pair in result.pairs:
            tally.name_f1.append(pair.score.name_f1)
            tally.exact += pair.score.exact
            for name, ok in pair.fields.items():
                counts = field_counts[fact_type][name]
                counts[0] += 1
                counts[1] += ok
            detail.matched.append(
                MatchedPair(
                    gold=_gold_ref(scorer, pair.gold, gold_list[pair.gold], gold),
                    pred=_pred_ref(scorer, pair.pred, pred_list[pair.pred], facts),
                    similarity=round(pair.score.similarity, 4),
                    name_f1=round(pair.score.name_f1, 4),
                    exact=pair.score.exact,
                    wrong_fields=[name for name, ok in pair.fields.items() if not ok],
                )
            )
        detail.misses = [_gold_ref(scorer, i, gold_list[i], gold) for i in result.misses]
        detail.spurious = [_pred_ref(scorer, j, pred_list[j], facts) for j in result.spurious]
        article.tp += len(result.pairs)
        article.fp += len(result.spurious)
        article.fn += len(result.misses)
        if gold_list or pred_list:
            article.types[fact_type] = detail
    return article


def score_records(
    records: Sequence[ExtractionRecord],
    golds: dict[str, GoldArticle],
    *,
    run_spec: RunSpec | None = None,
    settings: MatchSettings | None = None,
    parsers: Parsers | None = None,
    score_missing: bool = True,
    broken_lines: int = 0,
) -> EvalReport:
    """Score a run against gold.

    Every gold article is scored; a record with status error counts as an empty prediction
    (and as a validation failure in quality). A gold article without a record is scored as
    empty too, unless score_missing is False (then it is left out, e.g. for a partial run).
    Records without gold count in usage, timing and quality only.
    """
    parsers = parsers or default_parsers()
    settings = (settings or MatchSettings()).model_copy(update={"number_parser": parsers.source})
    by_id, duplicates = _dedupe(records)
    tallies = {t: _Tally() for t in FACT_TYPES}
    field_counts = {
        t: {f: [0, 0] for f in scorer_for(t).fields} for t in FACT_TYPES if scorer_for(t).fields
    }
    articles: list[ArticleReport] = []
    for doc_id in sorted(golds):
        record = by_id.get(doc_id)
        if record is None and not score_missing:
            continue
        gold = golds[doc_id]
        ctx = MatchContext(settings=settings, parsers=parsers, publish_date=_publish_date(gold))
        articles.append(score_article(gold, record, ctx, tallies, field_counts))

    overall = _Tally()
    for tally in tallies.values():
        overall.add(tally)
    metrics = {t: tallies[t].metrics(t) for t in FACT_TYPES}
    metrics["overall"] = overall.metrics("overall")
    fields = {
        t: {
            name: FieldAccuracy(compared=n, correct=ok, accuracy=ok / n if n else None)
            for name, (n, ok) in counts.items()
        }
        for t, counts in field_counts.items()
    }
    run_spec = run_spec or RunSpec()
    kept = list(by_id.values())
    quality = _quality(kept, golds, duplicates, broken_lines)
    quality.missing = sum(1 for a in articles if a.status == "missing")
    return EvalReport(
        run=run_spec,
        matching=settings,
        gold_articles=len(articles),
        metrics=metrics,
        fields=fields,
        quality=quality,
        usage=_usage(kept),
        timing=_timing(kept, run_spec),
        articles=articles,
    )


# --- run health ---------------------------------------------------------------------------


def _number_located(fact_type: str, name: str, fact: Any) -> bool:
    grounding = fact.grounding
    if grounding.status not in ("grounded", "fuzzy"):
        return False
    primary = name == scorer_for(fact_type).number_fields[0]
    for flag in grounding.flags:
        # Flags name the field they doubt (growth_not_in_source); a generic number flag is
        # read as doubting the fact's primary number.
        if flag == f"{name}_not_in_source" or (primary and flag in _GENERIC_NUMBER_FLAGS):
            return False
    return True


def _quality(
    records: list[ExtractionRecord],
    golds: dict[str, GoldArticle],
    duplicates: int,
    broken_lines: int,
) -> Quality:
    quality = Quality(
        records=len(records),
        duplicates=duplicates,
        broken_lines=broken_lines,
        unscored=sorted(r.doc_id for r in records if r.doc_id not in golds),
    )
    fact_flags: Counter[str] = Counter()
    page_flags: Counter[str] = Counter()
    for record in records:
        page_flags.update(set(record.flags))
        if record.status != "ok" or record.facts is None:
            quality.errors += 1
            continue
        for fact_type in FACT_LISTS:
            for fact in getattr(record.facts, fact_type):
                quality.facts_predicted += 1
                grounding = fact.grounding
                quality.facts_flagged += bool(grounding.flags)
                quality.facts_ungrounded += grounding.status == "ungrounded"
                fact_flags.update(set(grounding.flags))
                for name in scorer_for(fact_type).number_fields:
                    if not getattr(fact, name):
                        continue
                    quality.numbers_reported += 1
                    quality.numbers_unchecked += grounding.status == "unchecked"
                    quality.numbers_located += _number_located(fact_type, name, fact)
    quality.error_share = quality.errors / len(records) if records else 0.0
    if quality.numbers_reported:
        quality.located_share = quality.numbers_located / quality.numbers_reported
    quality.fact_flags = dict(sorted(fact_flags.items()))
    quality.page_flags = dict(sorted(page_flags.items()))
    return quality


def _usage(records: list[ExtractionRecord]) -> UsageTotals:
    totals = UsageTotals()
    for record in records:
        usage = record.usage
        totals.calls += usage.calls
        totals.prompt_tokens += usage.prompt_tokens
        totals.completion_tokens += usage.completion_tokens
        totals.retries += usage.retries
        totals.cache_hits += usage.cache_hit
        totals.cached_passes += usage.cached_passes
        totals.model_seconds += usage.model_seconds
    totals.total_tokens = totals.prompt_tokens + totals.completion_tokens
    return totals


def _timing(records: list[ExtractionRecord], run_spec: RunSpec) -> Timing:
    seconds = [r.seconds for r in records]
    timing = Timing(articles=len(seconds), total_seconds=sum(seconds))
    if seconds:
        timing.mean_seconds = statistics.fmean(seconds)
        timing.median_seconds = statistics.median(seconds)
        timing.max_seconds = max(seconds)
    if run_spec.started and run_spec.finished:
        timing.run_seconds = (run_spec.finished - run_spec.started).total_seconds()
    return timing
