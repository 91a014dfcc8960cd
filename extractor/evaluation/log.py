"""The typed evaluation report: one JSON document holding everything a run's score rests on."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from schemas.common import DocModel, GroundingStatus, Span

REPORT_FORMAT = 2
"""Bumped whenever the report layout changes in a way readers must know about; the history and
the migrations from older formats are in _MIGRATIONS."""
REPORT_VERSION = REPORT_FORMAT

_SECRET_KEYS = ("api_key", "apikey", "secret", "password", "token", "authorization")


class RunSpec(DocModel):
    """What was run: enough to reproduce the numbers and to tell two runs apart."""

    model: str | None = None
    """Model name at the endpoint (or the embedded model)."""
    base_url: str | None = None
    """OpenAI-compatible endpoint; None for the embedded llama.cpp model."""
    endpoint_kind: str | None = None
    """Server family behind the endpoint (llama.cpp, vllm, openai, generic)."""
    prompt_version: str | None = None
    """Version of the prompt templates."""
    schema_hash: str | None = None
    """Short hash of the ArticleFacts JSON schema the model was asked to fill."""
    git_commit: str | None = None
    """Commit of the extractor checkout, if it is a git checkout with commits."""
    started: datetime | None = None
    """When the run started."""
    finished: datetime | None = None
    """When the run finished."""
    settings: dict[str, Any] = Field(default_factory=dict)
    """Run settings (secrets removed)."""

    @field_validator("settings", mode="before")
    @classmethod
    def _drop_secrets(cls, value: Any) -> Any:
        # The report is meant to be shared, so credentials must never reach it.
        if not isinstance(value, dict):
            return value
        return {
            k: v
            for k, v in value.items()
            if not isinstance(v, SecretStr) and not any(s in str(k).lower() for s in _SECRET_KEYS)
        }


class MatchSettings(DocModel):
    """Thresholds and weights of the matcher, recorded so scores stay comparable."""

    name_threshold: float = 0.5
    """Minimum name char-F1 for regions, chains, projects, organizations and policies."""
    honor_threshold: float = 0.5
    """Minimum mean of recipient and title char-F1 for honors."""
    target_threshold: float = 0.5
    """Minimum target similarity (description char-F1, blended with value agreement)."""
    target_value_weight: float = 0.3
    """Weight of value agreement in target similarity when both sides state a value."""
    indicator_threshold: float = 0.5
    """Minimum blended similarity of an indicator pair whose values agree."""
    indicator_name_weight: float = 0.6
    """Weight of name char-F1 in indicator similarity."""
    indicator_subject_weight: float = 0.25
    """Weight of subject char-F1 in indicator similarity."""
    indicator_period_weight: float = 0.15
    """Weight of period agreement (1 same, 0.5 one side missing, 0 different)."""
    value_rel_tol: float = 1e-3
    """Relative tolerance on values in base units (and on range bounds)."""
    title_threshold: float = 0.8
    """Minimum title char-F1 for the meta title to count as found."""
    field_text_threshold: float = 0.8
    """Minimum char-F1 for a free-text field (and the meta source) to count as correct."""
    number_parser: str = "none"
    """Where numbers, changes and periods were parsed; 'none' means string equality only."""


class TypeMetrics(DocModel):
    """Micro-averaged scores of one fact type (or 'overall') over all scored articles.

    Conventions: precision is 0 when nothing was predicted but gold has facts (an empty
    prediction scores P=R=F1=0); recall is 1 when gold has no facts; when neither side has
    facts P=R=F1=1 (nothing to find, nothing invented).
    """

    fact_type: str
    """meta, regions, chains, indicators, projects, organizations, honors, targets, policies or
    overall."""
    gold: int = 0
    """Gold facts (tp + fn)."""
    predicted: int = 0
    """Predicted facts (tp + fp)."""
    tp: int = 0
    """Predicted facts matched one-to-one to a gold fact."""
    fp: int = 0
    """Predicted facts left unmatched (spurious)."""
    fn: int = 0
    """Gold facts left unmatched (misses)."""
    precision: float = 0.0
    """tp / (tp + fp), with the conventions above."""
    recall: float = 0.0
    """tp / (tp + fn), with the conventions above."""
    f1: float = 0.0
    """Harmonic mean of precision and recall (0 when both are 0)."""
    name_f1: float | None = None
    """Mean char-level F1 of the key names of matched pairs (partial credit); None if none."""
    exact: int = 0
    """Matched pairs whose key names are identical after normalization."""


class FieldAccuracy(DocModel):
    """Agreement on one field over matched pairs where gold or prediction states it."""

    compared: int = 0
    """Matched pairs where at least one side has a value for the field."""
    correct: int = 0
    """Of those, pairs whose values agree."""
    accuracy: float | None = None
    """correct / compared; None when nothing was compared."""


class Quality(DocModel):
    """Run-level health counters, over every record of the run (scored or not)."""

    records: int = 0
    """Records in the run (one per article, duplicates removed)."""
    errors: int = 0
    """Records with status error: output that failed parsing or validation."""
    error_share: float = 0.0
    """errors / records."""
    missing: int = 0
    """Gold articles with no record in the run (scored as empty predictions)."""
    unscored: list[str] = Field(default_factory=list)
    """doc_ids of records without gold (counted in usage and quality, not in scores)."""
    duplicates: int = 0
    """Records dropped because a later record had the same doc_id."""
    broken_lines: int = 0
    """Lines of the run output that were not JSON records at all."""
    numbers_reported: int = 0
    """Number strings in predicted facts (indicator value/growth/share, investment, target)."""
    numbers_located: int = 0
    """Of those, numbers in a grounded or fuzzy fact without a not-in-source flag for them."""
    numbers_unchecked: int = 0
    """Of those, numbers in facts whose grounding was never checked."""
    located_share: float | None = None
    """numbers_located / numbers_reported; None when no numbers were reported."""
    facts_predicted: int = 0
    """Predicted facts in ok records (metadata excluded)."""
    facts_flagged: int = 0
    """Predicted facts carrying at least one grounding flag."""
    facts_ungrounded: int = 0
    """Predicted facts whose grounding status is ungrounded."""
    fact_flags: dict[str, int] = Field(default_factory=dict)
    """Grounding flag -> number of predicted facts carrying it."""
    page_flags: dict[str, int] = Field(default_factory=dict)
    """Record-level flag (empty_page, truncated_input...) -> number of records."""


class UsageTotals(DocModel):
    """What the whole run cost, summed over its records."""

    calls: int = 0
    """Requests made to the model endpoint, re-asks and retries included."""
    prompt_tokens: int = 0
    """Prompt tokens reported by the endpoint."""
    completion_tokens: int = 0
    """Completion tokens reported by the endpoint."""
    total_tokens: int = 0
    """prompt_tokens + completion_tokens."""
    retries: int = 0
    """Transport retries and validation re-asks."""
    cache_hits: int = 0
    """Articles answered entirely from the response cache."""
    cached_passes: int = 0
    """Passes answered from the response cache."""
    model_seconds: float = 0.0
    """Wall time spent waiting for the endpoint."""


class Timing(DocModel):
    """Wall-clock time of the run."""

    articles: int = 0
    """Records timed."""
    total_seconds: float = 0.0
    """Sum of per-article wall seconds."""
    mean_seconds: float | None = None
    """Mean wall seconds per article."""
    median_seconds: float | None = None
    """Median wall seconds per article."""
    max_seconds: float | None = None
    """Slowest article."""
    run_seconds: float | None = None
    """finished - started of the run spec, when both are known (concurrency makes this smaller
    than total_seconds)."""


class FactRef(DocModel):
    """One gold or predicted fact as it appears in the per-article details."""

    index: int
    """Position in the gold or predicted list of its type (meta: position among its fields)."""
    label: str
    """Short human-readable rendering of the fact."""
    quote: str | None = None
    """Gold only: the exact page substring that states the fact."""
    spans: list[Span] = Field(default_factory=list)
    """Predicted only: grounding spans in the raw page."""
    grounding: GroundingStatus | None = None
    """Predicted only: grounding status."""
    flags: list[str] = Field(default_factory=list)
    """Predicted only: grounding flags."""


class MatchedPair(DocModel):
    """A gold fact and the predicted fact assigned to it."""

    gold: FactRef
    """The gold side."""
    pred: FactRef
    """The predicted side."""
    similarity: float
    """Matching score in [0, 1] (at or above the type's threshold)."""
    name_f1: float
    """Char-level F1 of the key names."""
    exact: bool
    """Key names identical after normalization."""
    wrong_fields: list[str] = Field(default_factory=list)
    """Compared fields on which the pair disagrees."""


class TypeDetail(DocModel):
    """Matches, misses and spurious facts of one type in one article."""

    matched: list[MatchedPair] = Field(default_factory=list)
    """One-to-one matched pairs."""
    misses: list[FactRef] = Field(default_factory=list)
    """Gold facts no prediction matched."""
    spurious: list[FactRef] = Field(default_factory=list)
    """Predicted facts that matched no gold fact."""


class ConfidenceBucket(DocModel):
    """Field agreement of matched pairs whose prediction stated a confidence in [low, high)."""

    low: float
    """Lower bound, included."""
    high: float
    """Upper bound, excluded (the last bucket includes 1.0)."""
    compared: int = 0
    """Matched pairs with a confidence for the field in this bucket."""
    correct: int = 0
    """Of those, pairs whose values agree."""
    accuracy: float | None = None
    """correct / compared; None when nothing fell in the bucket."""


class SetScores(DocModel):
    """The scores of one gold set (a directory of gold files and its pages) on its own."""

    gold_articles: int = 0
    """Gold articles of the set scored."""
    metrics: dict[str, TypeMetrics] = Field(default_factory=dict)
    """Fact type -> micro-averaged scores over the set, 'overall' last."""
    strict: dict[str, TypeMetrics] = Field(default_factory=dict)
    """Fact type -> strict scores over the set."""
    fields: dict[str, dict[str, FieldAccuracy]] = Field(default_factory=dict)
    """Fact type -> field -> agreement on the set's matched pairs."""
    evidence: dict[str, dict[str, dict[str, FieldAccuracy]]] = Field(default_factory=dict)
    """Fact type -> field -> evidence the prediction states -> agreement on the set's pairs."""


class ArticleReport(DocModel):
    """The scoring of one gold article."""

    doc_id: str
    """Identifier of the article."""
    set: str | None = None
    """Name of the gold set the article belongs to."""
    status: Literal["ok", "error", "missing"]
    """Record status; missing when the run has no record for this gold article."""
    error: str | None = None
    """The record's error, if any."""
    seconds: float = 0.0
    """Wall time the run spent on the article."""
    flags: list[str] = Field(default_factory=list)
    """Record-level flags."""
    tp: int = 0
    """Matched facts over all types."""
    fp: int = 0
    """Spurious facts over all types."""
    fn: int = 0
    """Missed facts over all types."""
    types: dict[str, TypeDetail] = Field(default_factory=dict)
    """Fact type -> details."""


class EvalReport(DocModel):
    """Everything about one evaluated run: spec, scores, field accuracy, quality, cost, detail."""

    format_version: int = REPORT_FORMAT
    """Layout version of this report (see REPORT_FORMAT)."""
    migrated_from: int | None = None
    """The older format this report was read in and migrated from; what that format did not
    record (e.g. strict scores before format 2) is empty, not zero. None for a current report."""
    run: RunSpec = Field(default_factory=RunSpec)
    """What was run."""
    matching: MatchSettings = Field(default_factory=MatchSettings)
    """How predictions were matched to gold."""
    gold_articles: int = 0
    """Gold articles scored."""
    metrics: dict[str, TypeMetrics] = Field(default_factory=dict)
    """Fact type -> micro-averaged scores; the last entry is 'overall' (all types pooled)."""
    fields: dict[str, dict[str, FieldAccuracy]] = Field(default_factory=dict)
    """Fact type -> field -> agreement on matched pairs."""
    strict: dict[str, TypeMetrics] = Field(default_factory=dict)
    """Fact type -> strict scores, for types with a strict rule. Indicators: the values agree,
    subject and name each agree (equal after normalization or char-F1 >= field_text_threshold)
    and, where gold states a period, the periods agree; matched one-to-one on their own."""
    confidence: dict[str, dict[str, list[ConfidenceBucket]]] = Field(default_factory=dict)
    """Fact type -> field -> agreement of matched pairs by the prediction's stated confidence
    for that field; empty when no predicted fact states a confidence."""
    evidence: dict[str, dict[str, dict[str, FieldAccuracy]]] = Field(default_factory=dict)
    """Fact type -> field -> what decided the field (the prediction's `evidence`) -> agreement
    on matched pairs: how far each kind of decision can be trusted (the calibration source)."""
    sets: dict[str, SetScores] = Field(default_factory=dict)
    """Gold set name -> its own scores; the top-level scores pool every set (micro-average)."""
    quality: Quality = Field(default_factory=Quality)
    """Run health counters."""
    usage: UsageTotals = Field(default_factory=UsageTotals)
    """Tokens and calls."""
    timing: Timing = Field(default_factory=Timing)
    """Wall time."""
    articles: list[ArticleReport] = Field(default_factory=list)
    """Per-article details, in doc_id order."""

    @model_validator(mode="before")
    @classmethod
    def _migrate(cls, data: Any) -> Any:
        # Saved reports outlive the code that wrote them: read an older layout by migrating
        # it, and refuse a newer one loudly rather than misreading it.
        if not isinstance(data, dict):
            return data
        data = dict(data)
        # A report built in code names no format and is current; format 1 wrote "version".
        # (read_report treats a saved file naming neither as format 1.)
        found = data.get("format_version", data.pop("version", REPORT_FORMAT))
        if not isinstance(found, int) or found < 1:
            raise ValueError(f"report format {found!r} is not a format number")
        if found > REPORT_FORMAT:
            raise ValueError(f"report format {found} is newer than this reader ({REPORT_FORMAT})")
        for version in range(found, REPORT_FORMAT):
            data = _MIGRATIONS[version](data)
        if found < REPORT_FORMAT:
            data["migrated_from"] = found
        data["format_version"] = REPORT_FORMAT
        return data


def _from_1(data: dict[str, Any]) -> dict[str, Any]:
    # Format 1 called the format "version" and had no strict, confidence or per-set scores;
    # those stay empty because they cannot be derived without the predictions.
    data.pop("version", None)
    return data


_MIGRATIONS = {1: _from_1}
"""Format n -> the function turning a format-n report into format n + 1."""


def schema_hash() -> str:
    """Short sha256 of the ArticleFacts JSON schema, telling runs on different schemas apart."""
    from schemas.facts import ArticleFacts

    text = json.dumps(ArticleFacts.model_json_schema(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_GIT_TIMEOUT = 10
"""Seconds for `git rev-parse`: it answers at once; a hung git (a lock, a network mount) must
not hold up writing the report."""


def git_commit(repo: Path | None = None) -> str | None:
    """HEAD commit of the checkout (read-only), or None outside git or before the first commit."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "HEAD"],
            cwd=repo or Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit else None
