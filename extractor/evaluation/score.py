"""Score a run's records against gold: micro-averaged per type and per gold set, strict scores,
field accuracy (also by stated confidence) and run health."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from extractor.evaluation import health
from extractor.evaluation.checks import MatchContext
from extractor.evaluation.compare import Parsers, default_parsers, parse_date
from extractor.evaluation.confidence import RawConfidences, confidence_of
from extractor.evaluation.log import (
    ArticleReport,
    EvalReport,
    FactRef,
    MatchedPair,
    MatchSettings,
    RunSpec,
    SetScores,
    TypeDetail,
)
from extractor.evaluation.match import TypeMatch, match_facts, match_strict, similarities
from extractor.evaluation.scorers import FACT_TYPES, Scorer, scorer_for
from extractor.evaluation.tally import Counts, total
from schemas.facts import FACT_LISTS, ArticleFacts, ArticleMeta, MetaDraft
from schemas.gold import GoldArticle
from schemas.record import ExtractionRecord


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


def _detail(
    scorer: Scorer,
    result: TypeMatch,
    gold: GoldArticle,
    facts: ArticleFacts,
    gold_list: list[Any],
    pred_list: list[Any],
) -> TypeDetail:
    detail = TypeDetail()
    for pair in result.pairs:
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
    return detail


def _count(counts: Counts, fact_type: str, result: TypeMatch, strict: TypeMatch | None) -> None:
    tally = counts.types[fact_type]
    tally.tp += len(result.pairs)
    tally.fp += len(result.spurious)
    tally.fn += len(result.misses)
    for pair in result.pairs:
        tally.name_f1.append(pair.score.name_f1)
        tally.exact += pair.score.exact
        for name, ok in pair.fields.items():
            slot = counts.fields[fact_type][name]
            slot[0] += 1
            slot[1] += ok
    if strict is not None:
        tally = counts.strict[fact_type]
        tally.tp += len(strict.pairs)
        tally.fp += len(strict.spurious)
        tally.fn += len(strict.misses)


def score_article(
    gold: GoldArticle,
    record: ExtractionRecord | None,
    ctx: MatchContext,
    confidences: Mapping[str, list[Any]] | None = None,
    set_name: str | None = None,
) -> tuple[ArticleReport, Counts]:
    """Match one article type by type; returns its details and what it adds to the scores.

    confidences: fact type -> the raw confidence of each predicted fact, for facts whose
    schema does not carry it yet.
    """
    facts, status, error = _prediction(record)
    article = ArticleReport(
        doc_id=gold.doc_id,
        set=set_name,
        status=status,  # type: ignore[arg-type]
        error=error,
        seconds=record.seconds if record else 0.0,
        flags=list(record.flags) if record else [],
    )
    counts = Counts()
    for fact_type in FACT_TYPES:
        scorer = scorer_for(fact_type)
        gold_list, pred_list = scorer.gold_facts(gold), scorer.pred_facts(facts)
        scores = similarities(fact_type, gold_list, pred_list, ctx)
        result = match_facts(fact_type, gold_list, pred_list, ctx, scores)
        strict = None
        if scorer.has_strict:
            strict = match_strict(fact_type, gold_list, pred_list, ctx, scores)
        _count(counts, fact_type, result, strict)
        if fact_type in FACT_LISTS:
            raw = (confidences or {}).get(fact_type)
            for pair in result.pairs:
                stated = confidence_of(pred_list[pair.pred], raw, pair.pred)
                counts.confidence.add(fact_type, pair.fields, stated)
                kinds = getattr(pred_list[pair.pred], "evidence", None) or {}
                counts.add_evidence(fact_type, pair.fields, kinds)
        article.tp += len(result.pairs)
        article.fp += len(result.spurious)
        article.fn += len(result.misses)
        if gold_list or pred_list:
            article.types[fact_type] = _detail(scorer, result, gold, facts, gold_list, pred_list)
    return article, counts


def score_records(
    records: Sequence[ExtractionRecord],
    golds: dict[str, GoldArticle],
    *,
    run_spec: RunSpec | None = None,
    settings: MatchSettings | None = None,
    parsers: Parsers | None = None,
    score_missing: bool = True,
    broken_lines: int = 0,
    sets: Mapping[str, str] | None = None,
    confidences: RawConfidences | None = None,
) -> EvalReport:
    """Score a run against gold.

    Every gold article is scored; a record with status error counts as an empty prediction
    (and as a validation failure in quality). A gold article without a record is scored as
    empty too, unless score_missing is False (then it is left out, e.g. for a partial run).
    Records without gold count in usage, timing and quality only.

    sets maps doc_id -> gold set name: each set is then also scored on its own (report.sets),
    while the top-level scores pool all articles. confidences are the raw per-fact
    confidences read from the run's JSONL (see confidence.read_raw_confidences).
    """
    parsers = parsers or default_parsers()
    settings = (settings or MatchSettings()).model_copy(update={"number_parser": parsers.source})
    by_id, duplicates = _dedupe(records)
    articles: list[ArticleReport] = []
    counts: list[Counts] = []
    for doc_id in sorted(golds):
        record = by_id.get(doc_id)
        if record is None and not score_missing:
            continue
        gold = golds[doc_id]
        ctx = MatchContext(settings=settings, parsers=parsers, publish_date=_publish_date(gold))
        set_name = sets.get(doc_id) if sets else None
        stated = (confidences or {}).get(doc_id)
        article, article_counts = score_article(gold, record, ctx, stated, set_name)
        articles.append(article)
        counts.append(article_counts)

    pooled = total(counts)
    run_spec = run_spec or RunSpec()
    kept = list(by_id.values())
    quality = health.quality(kept, golds, duplicates, broken_lines)
    quality.missing = sum(1 for a in articles if a.status == "missing")
    return EvalReport(
        run=run_spec,
        matching=settings,
        gold_articles=len(articles),
        metrics=pooled.metrics(),
        fields=pooled.field_accuracy(),
        strict=pooled.strict_metrics(),
        confidence=pooled.confidence.report(),
        evidence=pooled.evidence_accuracy(),
        sets=_per_set(articles, counts, sets),
        quality=quality,
        usage=health.usage(kept),
        timing=health.timing(kept, run_spec),
        articles=articles,
    )


def _per_set(
    articles: list[ArticleReport], counts: list[Counts], sets: Mapping[str, str] | None
) -> dict[str, SetScores]:
    out: dict[str, SetScores] = {}
    for name in dict.fromkeys((sets or {}).values()):
        members = [c for a, c in zip(articles, counts, strict=True) if a.set == name]
        if members:
            out[name] = total(members).set_scores(len(members))
    return out
