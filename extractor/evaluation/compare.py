"""How two as-written values are compared: names by normalized character F1, numbers and
periods as data when a parser reads them, else as normalized strings.

Names are compared after NFKC, traditional-to-simplified conversion, quote/space stripping and
lowercasing, by character-level F1 (a bag of characters, like SQuAD token F1 at char level).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from extractor.text import to_simplified
from schemas.common import Period, Quantity

QuantityParser = Callable[[str], Quantity | None]
"""parse_quantity / parse_change: as-written text -> Quantity, or None if not a number."""
PeriodResolver = Callable[[str, date | None], Period]
"""resolve_period: as-written period and the publish date -> Period."""

_STRIP = re.compile(r"[\s\"'“”‘’《》「」『』〈〉]")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
EPS = 1e-9
"""Float slack for thresholds and equal numbers: 0.1 + 0.2 must still agree with 0.3."""


# --- text --------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def normalize_text(text: str | None) -> str:
    """NFKC, traditional -> simplified, quotes and spaces removed, lowercased."""
    if not text:
        return ""
    text = to_simplified(unicodedata.normalize("NFKC", text))
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
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=EPS)


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
