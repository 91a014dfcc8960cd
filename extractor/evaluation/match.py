"""One-to-one matching of predicted to gold facts of one type, by optimal assignment.

In the spirit of DuEE-Fin event matching: every gold-prediction pair gets a similarity in
[0, 1]; pairs under the type's threshold are not allowed; scipy's linear_sum_assignment then
picks the assignment with the most pairs and, among those, the highest total similarity. Names
are compared after NFKC, traditional-to-simplified conversion, quote/space stripping and
lowercasing, by character-level F1 (a bag of characters, like SQuAD token F1 at char level).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from extractor.evaluation.log import MatchSettings
from schemas.common import Period, Quantity

QuantityParser = Callable[[str], Quantity | None]
"""parse_quantity / parse_change: as-written text -> Quantity, or None if not a number."""
PeriodResolver = Callable[[str, date | None], Period]
"""resolve_period: as-written period and the publish date -> Period."""

_STRIP = re.compile(r"[\s\"'“”‘’《》「」『』〈〉]")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_EPS = 1e-9


# --- text --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=16384)
def normalize_text(text: str | None) -> str:
    """NFKC, traditional -> simplified, quotes and spaces removed, lowercased."""
    if not text:
        return ""
    text = _t2s().convert(unicodedata.normalize("NFKC", text))
    return _STRIP.sub("", text).lower()


def char_f1(a: str | None, b: str | None) -> float:
    """F1 of the character bags of the normalized strings; 1 when both are empty."""
    na, nb = normalize_text(a), normalize_text(b)
    if not na or not nb:
        return 1.0 if na == nb else 0.0
    common = sum((Counter(na) & Counter(nb)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(nb), common / len(na)
    return 2 * precision * recall / (precision + recall)


def same_text(a: str | None, b: str | None) -> bool:
    """Equal after normalization."""
    return normalize_text(a) == normalize_text(b)


def parse_date(text: str | None) -> date | None:
    """The first y-m-d date in text (2022-01-25, 2020年10月15日), or None."""
    found = _DATE.search(unicodedata.normalize("NFKC", text or ""))
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


# --- numbers and periods -------------------------------------------------------------------


@dataclass
class Parsers:
    """The number and period parsers the matcher uses, memoized (they are pure functions)."""

    quantity: QuantityParser | None = None
    """parse_quantity, or None to compare numbers as normalized strings."""
    change: QuantityParser | None = None
    """parse_change, or None to compare growth rates as normalized strings."""
    period: PeriodResolver | None = None
    """resolve_period, or None to compare periods as normalized strings."""
    source: str = "none"
    """Where the parsers came from, recorded in the report."""
    _cache: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)

    def parse_quantity(self, text: str | None) -> Quantity | None:
        return self._call("quantity", self.quantity, text)

    def parse_change(self, text: str | None) -> Quantity | None:
        return self._call("change", self.change, text)

    def resolve_period(self, text: str | None, publish_date: date | None) -> Period | None:
        return self._call("period", self.period, text, publish_date)

    def _call(self, kind: str, fn: Callable[..., Any] | None, text: str | None, *rest: Any) -> Any:
        if fn is None or not text:
            return None
        key = (kind, text, *rest)
        if key not in self._cache:
            try:
                self._cache[key] = fn(text, *rest)
            except Exception:
                # A parser bug must not abort scoring; the pair falls back to string equality.
                self._cache[key] = None
        return self._cache[key]


def default_parsers() -> Parsers:
    """extractor.normalize's parsers when that package is importable, else string equality."""
    try:
        from extractor import normalize
    except ImportError:
        return Parsers()
    found = {
        name: getattr(normalize, name, None)
        for name in ("parse_quantity", "parse_change", "resolve_period")
    }
    # Name exactly what was found: a half-built normalize package must show in the report.
    names = [name for name, fn in found.items() if callable(fn)]
    return Parsers(
        quantity=found["parse_quantity"],
        change=found["parse_change"],
        period=found["resolve_period"],
        source=f"extractor.normalize ({', '.join(names)})" if names else "none",
    )


def _close(a: float | None, b: float | None, rel_tol: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=_EPS)


def quantities_agree(a: Quantity, b: Quantity, rel_tol: float) -> bool | None:
    """Same number in base units (ranges: same bounds) with compatible units; None if either
    has no number at all. Units are compatible when equal or when one side has none."""
    if a.unit and b.unit and a.unit != b.unit:
        return False
    a_range = a.low is not None or a.high is not None
    b_range = b.low is not None or b.high is not None
    if a_range and b_range:
        bounds = _close(a.low, b.low, rel_tol) and _close(a.high, b.high, rel_tol)
        if a.value is not None and b.value is not None:
            return bounds and _close(a.value, b.value, rel_tol)
        return bounds
    if a.value is not None and b.value is not None:
        return _close(a.value, b.value, rel_tol)
    if (a.value is None and not a_range) or (b.value is None and not b_range):
        return None
    return False  # a point against a range


def numbers_agree(
    a: str | None,
    b: str | None,
    parse: Callable[[str | None], Quantity | None],
    rel_tol: float,
    a_fallback: Quantity | None = None,
    b_fallback: Quantity | None = None,
) -> bool:
    """Two as-written numbers agree as data, or, when either cannot be parsed, as strings.

    The fallbacks are quantities the pipeline already derived, used when the parser fails.
    """
    qa, qb = parse(a) or a_fallback, parse(b) or b_fallback
    if qa is not None and qb is not None:
        verdict = quantities_agree(qa, qb, rel_tol)
        if verdict is not None:
            return verdict
    return same_text(a, b)


def periods_agree(
    a: str | None,
    b: str | None,
    parsers: Parsers,
    publish_date: date | None,
    a_fallback: Period | None = None,
    b_fallback: Period | None = None,
) -> bool:
    """Two as-written periods resolve to the same interval, or are equal strings."""
    pa = parsers.resolve_period(a, publish_date) or a_fallback
    pb = parsers.resolve_period(b, publish_date) or b_fallback
    if pa and pb and pa.start and pa.end and pb.start and pb.end:
        return (pa.start, pa.end) == (pb.start, pb.end)
    return same_text(a, b)


# --- context, field checks ----------------------------------------------------------------


@dataclass(frozen=True)
class MatchContext:
    """What every comparison of one article needs."""

    settings: MatchSettings
    parsers: Parsers
    publish_date: date | None = None
    """The gold publication date, against which relative periods resolve."""


FieldCheck = Callable[[Any, Any, MatchContext], "bool | None"]
"""(gold fact, predicted fact, context) -> agree, or None when neither side states the field."""


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _check(name: str, agree: Callable[[Any, Any, Any, Any, MatchContext], bool]) -> FieldCheck:
    def check(gold: Any, pred: Any, ctx: MatchContext) -> bool | None:
        a, b = getattr(gold, name, None), getattr(pred, name, None)
        if _empty(a) and _empty(b):
            return None
        if _empty(a) or _empty(b):
            return False
        return agree(a, b, gold, pred, ctx)

    return check


def _text(name: str) -> FieldCheck:
    def agree(a: str, b: str, g: Any, p: Any, ctx: MatchContext) -> bool:
        return same_text(a, b) or char_f1(a, b) >= ctx.settings.field_text_threshold

    return _check(name, agree)


def _literal(name: str) -> FieldCheck:
    return _check(name, lambda a, b, g, p, ctx: a == b)


def _numeric(name: str, parser: str, derived: str | None) -> FieldCheck:
    """Agreement of two as-written numbers read with the named parser (or derived values)."""
    return _check(
        name,
        lambda a, b, g, p, ctx: numbers_agree(
            a,
            b,
            getattr(ctx.parsers, parser),
            ctx.settings.value_rel_tol,
            getattr(g, derived or "", None),
            getattr(p, derived or "", None),
        ),
    )


def _number(name: str, derived: str | None = None) -> FieldCheck:
    return _numeric(name, "parse_quantity", derived)


def _change(name: str, derived: str | None = None) -> FieldCheck:
    return _numeric(name, "parse_change", derived)


def _period(name: str, derived: str | None = None) -> FieldCheck:
    return _check(
        name,
        lambda a, b, g, p, ctx: periods_agree(
            a,
            b,
            ctx.parsers,
            ctx.publish_date,
            getattr(g, derived or "", None),
            getattr(p, derived or "", None),
        ),
    )


def _names(name: str) -> FieldCheck:
    return _check(
        name,
        lambda a, b, g, p, ctx: {normalize_text(x) for x in a} == {normalize_text(x) for x in b},
    )


def _unit_of(fact: Any, ctx: MatchContext) -> str | None:
    quantity = ctx.parsers.parse_quantity(fact.value) or getattr(fact, "quantity", None)
    return quantity.unit if quantity else None


def _unit(gold: Any, pred: Any, ctx: MatchContext) -> bool | None:
    a, b = _unit_of(gold, ctx), _unit_of(pred, ctx)
    if a is None and b is None:
        return None
    return a == b


FIELD_CHECKS: dict[str, dict[str, FieldCheck]] = {
    "indicators": {
        "subject": _text("subject"),
        "name": _text("name"),
        "period": _period("period", "period_normalized"),
        "unit": _unit,
        "growth": _change("growth", "growth_quantity"),
        "share": _number("share"),
        "kind": _literal("kind"),
    },
    "projects": {
        "investment": _number("investment", "investment_quantity"),
        "status": _literal("status"),
        "date": _period("date"),
        "capacity": _text("capacity"),
        "location": _text("location"),
    },
    "organizations": {"type": _literal("type"), "role": _text("role")},
    "regions": {"type": _text("type"), "level": _literal("level"), "parent": _text("parent")},
    "chains": {"region": _text("region"), "leading_firms": _names("leading_firms")},
    "honors": {"rank": _text("rank"), "awarded_by": _text("awarded_by"), "year": _period("year")},
    "targets": {
        "subject": _text("subject"),
        "value": _number("value", "quantity"),
        "deadline": _period("deadline"),
    },
    "policies": {"description": _text("description")},
}
"""Fact type -> field -> how a matched pair is checked on it (the per-field accuracy)."""


# --- metadata as facts ----------------------------------------------------------------------


@dataclass(frozen=True)
class MetaFact:
    """One non-empty metadata field, scored as a fact of type 'meta'."""

    field: str
    """title, publish_date, source or authors."""
    text: str
    """The value as written (authors joined with 、)."""
    iso: date | None = None
    """publish_date only: the date as data."""
    names: tuple[str, ...] = ()
    """authors only: the names."""


def meta_facts(meta: Any) -> list[MetaFact]:
    """The non-empty fields of a gold or predicted meta block, one fact each."""
    facts: list[MetaFact] = []
    if meta.title:
        facts.append(MetaFact("title", meta.title))
    iso = meta.publish_date_iso
    if isinstance(iso, str):
        iso = parse_date(iso)
    iso = iso or parse_date(meta.publish_date)
    if iso or meta.publish_date:
        facts.append(MetaFact("publish_date", meta.publish_date or iso.isoformat(), iso=iso))
    if meta.source:
        facts.append(MetaFact("source", meta.source))
    authors = tuple(a for a in meta.authors if a)
    if authors:
        facts.append(MetaFact("authors", "、".join(authors), names=authors))
    return facts


# --- similarity ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """How alike one gold-prediction pair is."""

    similarity: float
    """Matching score in [0, 1]; 0 when a gate (value, field) fails."""
    name_f1: float
    """Char-F1 of the key names (partial credit)."""
    exact: bool
    """Key names equal after normalization."""


def _by_name(g: Any, p: Any, ctx: MatchContext) -> Score:
    f1 = char_f1(g.name, p.name)
    return Score(f1, f1, same_text(g.name, p.name))


def _honor(g: Any, p: Any, ctx: MatchContext) -> Score:
    f1 = (char_f1(g.recipient, p.recipient) + char_f1(g.title, p.title)) / 2
    return Score(f1, f1, same_text(g.recipient, p.recipient) and same_text(g.title, p.title))


def _target(g: Any, p: Any, ctx: MatchContext) -> Score:
    f1 = char_f1(g.description, p.description)
    similarity = f1
    if g.value and p.value:
        agree = numbers_agree(
            g.value,
            p.value,
            ctx.parsers.parse_quantity,
            ctx.settings.value_rel_tol,
            None,
            getattr(p, "quantity", None),
        )
        weight = ctx.settings.target_value_weight
        similarity = (1 - weight) * f1 + weight * float(agree)
    return Score(similarity, f1, same_text(g.description, p.description))


def _period_score(g: Any, p: Any, ctx: MatchContext) -> float:
    if not g.period and not p.period:
        return 1.0
    if not g.period or not p.period:
        return 0.5
    return float(
        periods_agree(
            g.period,
            p.period,
            ctx.parsers,
            ctx.publish_date,
            None,
            getattr(p, "period_normalized", None),
        )
    )


def _indicator(g: Any, p: Any, ctx: MatchContext) -> Score:
    name_f1 = char_f1(g.name, p.name)
    exact = same_text(g.name, p.name)
    s = ctx.settings
    agree = numbers_agree(
        g.value,
        p.value,
        ctx.parsers.parse_quantity,
        s.value_rel_tol,
        None,
        getattr(p, "quantity", None),
    )
    if not agree:
        return Score(0.0, name_f1, exact)
    similarity = (
        s.indicator_name_weight * name_f1
        + s.indicator_subject_weight * char_f1(g.subject, p.subject)
        + s.indicator_period_weight * _period_score(g, p, ctx)
    )
    return Score(similarity, name_f1, exact)


def _meta(g: MetaFact, p: MetaFact, ctx: MatchContext) -> Score:
    if g.field != p.field:
        return Score(0.0, 0.0, False)
    f1, exact = char_f1(g.text, p.text), same_text(g.text, p.text)
    if g.field == "title":
        ok = f1 >= ctx.settings.title_threshold
    elif g.field == "publish_date":
        ok = g.iso == p.iso if g.iso and p.iso else exact
    elif g.field == "source":
        ok = exact or f1 >= ctx.settings.field_text_threshold
    else:
        ok = {normalize_text(n) for n in g.names} == {normalize_text(n) for n in p.names}
    # Any positive similarity passes the meta threshold; the field rule above is the gate.
    return Score(max(f1, 0.01) if ok else 0.0, f1, exact)


SIMILARITY: dict[str, Callable[[Any, Any, MatchContext], Score]] = {
    "meta": _meta,
    "regions": _by_name,
    "chains": _by_name,
    "indicators": _indicator,
    "projects": _by_name,
    "organizations": _by_name,
    "honors": _honor,
    "targets": _target,
    "policies": _by_name,
}
"""Fact type -> pair similarity."""


def threshold(fact_type: str, settings: MatchSettings) -> float:
    """The minimum similarity for a pair of this type to be matched."""
    return {
        "meta": 0.01,
        "indicators": settings.indicator_threshold,
        "honors": settings.honor_threshold,
        "targets": settings.target_threshold,
    }.get(fact_type, settings.name_threshold)


# --- assignment ---------------------------------------------------------------------------


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


def match_facts(
    fact_type: str, gold: Sequence[Any], pred: Sequence[Any], ctx: MatchContext
) -> TypeMatch:
    """Match the predicted facts of one type to the gold facts one-to-one."""
    similarity, cut = SIMILARITY[fact_type], threshold(fact_type, ctx.settings) - _EPS
    scores = [[similarity(g, p, ctx) for p in pred] for g in gold]
    pairs: list[Pair] = []
    if gold and pred:
        # Allowed pairs get a bonus larger than any total of similarities, so the assignment
        # first maximizes the number of pairs and only then their total similarity.
        bonus = min(len(gold), len(pred)) + 1
        matrix = np.array(
            [[s.similarity + bonus if s.similarity >= cut else 0.0 for s in row] for row in scores]
        )
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            if matrix[i, j] > 0:
                pairs.append(Pair(i, j, scores[i][j]))
    checks = FIELD_CHECKS.get(fact_type, {})
    for pair in pairs:
        for name, check in checks.items():
            verdict = check(gold[pair.gold], pred[pair.pred], ctx)
            if verdict is not None:
                pair.fields[name] = verdict
    matched_gold = {p.gold for p in pairs}
    matched_pred = {p.pred for p in pairs}
    return TypeMatch(
        pairs=sorted(pairs, key=lambda p: p.gold),
        misses=[i for i in range(len(gold)) if i not in matched_gold],
        spurious=[j for j in range(len(pred)) if j not in matched_pred],
    )
