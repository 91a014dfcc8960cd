"""Run health: error share, numbers located in the source, grounding flags, cost and time.

Counted over every record of the run, scored or not.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from extractor.evaluation.log import Quality, RunSpec, Timing, UsageTotals
from extractor.evaluation.scorers import scorer_for
from schemas.facts import FACT_LISTS
from schemas.gold import GoldArticle
from schemas.record import ExtractionRecord

_GENERIC_NUMBER_FLAGS = {"value_not_in_source", "number_not_in_source", "quantity_not_in_source"}


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


def quality(
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


def usage(records: list[ExtractionRecord]) -> UsageTotals:
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


def timing(records: list[ExtractionRecord], run_spec: RunSpec) -> Timing:
    seconds = [r.seconds for r in records]
    timing = Timing(articles=len(seconds), total_seconds=sum(seconds))
    if seconds:
        timing.mean_seconds = statistics.fmean(seconds)
        timing.median_seconds = statistics.median(seconds)
        timing.max_seconds = max(seconds)
    if run_spec.started and run_spec.finished:
        timing.run_seconds = (run_spec.finished - run_spec.started).total_seconds()
    return timing
