"""Grounding: find where the raw page states each fact, tolerant of width, script and spacing.

Matching runs on a length-preserving fold of the page, so a position found in the folded page
is the same position in the raw page. Numbers are matched whole (12 never matches inside 112
or 12.4), because a grounded-looking but wrong number is the failure that matters most.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel
from rapidfuzz import fuzz

from extractor.text import fold
from schemas.common import Grounding, Span
from schemas.facts import (
    FACT_LISTS,
    ArticleFacts,
    ArticleMeta,
    Honor,
    Indicator,
    IndustryChain,
    Project,
    Target,
)

LocateStatus = Literal["grounded", "fuzzy", "ungrounded"]
GroundPolicy = Literal["flag", "drop"]

# Quotes and title marks come and go between page and model (“链长制” / 链长制).
_QUOTE_MARKS = frozenset("\"'《》〈〉")


def _compact(folded: str) -> tuple[str, list[int]]:
    """Drop whitespace, quote marks and thousands separators; return each kept char's index."""
    kept: list[str] = []
    index: list[int] = []
    n = len(folded)
    for i, c in enumerate(folded):
        if c == " ":
            continue
        if c in _QUOTE_MARKS:
            continue
        if (
            c == ","
            and i > 0
            and folded[i - 1].isdigit()
            and folded[i + 1 : i + 4].isdigit()
            and len(folded[i + 1 : i + 4]) == 3
            and (i + 4 >= n or not folded[i + 4].isdigit())
        ):
            continue
        kept.append(c)
        index.append(i)
    return "".join(kept), index


@dataclass(frozen=True)
class _Page:
    raw: str
    folded: str
    compact: str
    compact_map: tuple[int, ...]
    """compact index -> raw index."""


@lru_cache(maxsize=16)
def _page(raw: str) -> _Page:
    folded = fold(raw)
    compact, index = _compact(folded)
    return _Page(raw, folded, compact, tuple(index))


# --- locating ------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TOLERANT_MIN_LEN = 4
"""Shorter names are matched exactly only: a few characters approximately match anywhere."""
FUZZY_NAME_THRESHOLD = 88.0
"""rapidfuzz score (0-100) a tolerant match needs: a long name with a character or two added
or dropped passes, a different name sharing most of its characters does not."""
FUZZY_DESCRIPTION_THRESHOLD = 80.0
"""A target's description is a short paraphrase of the page, so a looser match is accepted."""
_HINT_REACH = 300
"""Characters either side of the hint searched first, so a near occurrence beats a far one."""
_REFINE_SLACK = 5
"""A match's ends may move by 1/_REFINE_SLACK of the query (plus one): pages insert or drop a
few characters, not whole words."""
_RANK: dict[str, int] = {"grounded": 0, "fuzzy": 1, "ungrounded": 2, "unchecked": 3}


def _worst(*statuses: str) -> LocateStatus:
    return max(statuses, key=_RANK.__getitem__)  # type: ignore[return-value]


def _number_boundary_ok(folded: str, start: int, end: int) -> bool:
    """A match starting/ending in a digit must not continue a longer number in the page."""
    if (
        folded[start].isdigit()
        and start > 0
        and (folded[start - 1].isdigit() or folded[start - 1] == ".")
    ):
        return False
    if folded[end - 1].isdigit() and end < len(folded):
        nxt = folded[end]
        if nxt.isdigit() or (nxt == "." and end + 1 < len(folded) and folded[end + 1].isdigit()):
            return False
    return True


def _all_at(hay: str, needle: str) -> list[int]:
    found, pos = [], hay.find(needle)
    while pos != -1:
        found.append(pos)
        pos = hay.find(needle, pos + 1)
    return found


def _find_all(needle: str, page: _Page) -> tuple[list[tuple[int, int]], LocateStatus]:
    """Every raw (start, end) of needle at the strictest level that finds it."""
    n = len(needle)
    hits = [(s, s + n) for s in _all_at(page.raw, needle)]
    hits = [h for h in hits if _number_boundary_ok(page.folded, *h)]
    if hits:
        return hits, "grounded"
    folded_needle = fold(needle)
    hits = [(s, s + n) for s in _all_at(page.folded, folded_needle)]
    hits = [h for h in hits if _number_boundary_ok(page.folded, *h)]
    if hits:
        return hits, "fuzzy"
    compact_needle, _ = _compact(folded_needle)
    if compact_needle:
        m, cmap = len(compact_needle), page.compact_map
        spans = [(cmap[s], cmap[s + m - 1] + 1) for s in _all_at(page.compact, compact_needle)]
        hits = [h for h in spans if _number_boundary_ok(page.folded, *h)]
        if hits:
            return hits, "fuzzy"
    return [], "ungrounded"


def _nearest(hits: list[tuple[int, int]], hint: int | None) -> tuple[int, int]:
    if hint is None:
        return min(hits)
    return min(hits, key=lambda h: (abs(h[0] - hint), h[0]))


def _span(raw: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=raw[start:end])


def _tolerant(
    needle: str, page: _Page, hint: int | None, threshold: float
) -> tuple[int, int] | None:
    """Best approximate match of a long name or quote, near hint first; digits must agree."""
    query, _ = _compact(fold(needle))
    if len(query) < _TOLERANT_MIN_LEN:
        return None
    hay, cmap = page.compact, page.compact_map
    windows = []
    if hint is not None:
        center = bisect.bisect_left(cmap, hint)
        reach = _HINT_REACH + len(query)
        windows.append((max(0, center - reach), min(len(hay), center + reach)))
    windows.append((0, len(hay)))
    for lo, hi in windows:
        if hi - lo < len(query) // 2:
            continue  # a window half the query's length cannot hold a good match
        found = fuzz.partial_ratio_alignment(query, hay[lo:hi], score_cutoff=threshold)
        if found is None or found.dest_end <= found.dest_start:
            continue
        start, end = _refine(query, hay, lo + found.dest_start, lo + found.dest_end)
        # A near-miss on a number is a different number, never a fuzzy match.
        if _NUMBER.findall(query) != _NUMBER.findall(hay[start:end]):
            continue
        return cmap[start], cmap[end - 1] + 1
    return None


def _refine(query: str, hay: str, start: int, end: int) -> tuple[int, int]:
    """partial_ratio aligns a window of len(query); let the ends move so the span covers
    the whole match when the page inserts or drops a few characters."""
    slack = len(query) // _REFINE_SLACK + 1
    best = (fuzz.ratio(query, hay[start:end]), start, end)
    for s in range(max(0, start - slack), start + slack + 1):
        for e in range(max(s + 1, end - slack), min(len(hay), end + slack) + 1):
            score = fuzz.ratio(query, hay[s:e])
            if score > best[0]:
                best = (score, s, e)
    return best[1], best[2]


def locate(
    needle: str,
    raw: str,
    *,
    hint: int | None = None,
    tolerant: bool = False,
    threshold: float = FUZZY_NAME_THRESHOLD,
) -> tuple[list[Span], LocateStatus]:
    """Spans of needle in raw and how they were found.

    grounded: exact substring. fuzzy: found after folding width/script/case/quotes, after
    dropping whitespace and thousands separators, or (tolerant=True, for long names and
    quotes) as the best approximate match scoring at least threshold. Of several occurrences
    the one nearest hint (a raw offset) wins, else the first.
    """
    needle = needle.strip()
    if not needle or not raw:
        return [], "ungrounded"
    page = _page(raw)
    hits, status = _find_all(needle, page)
    if hits:
        return [_span(raw, *_nearest(hits, hint))], status
    if tolerant:
        found = _tolerant(needle, page, hint, threshold)
        if found:
            return [_span(raw, *found)], "fuzzy"
    return [], "ungrounded"


# --- numbers in context ------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    span: Span | None
    status: LocateStatus
    number_only: bool = False
    """Only the bare number was found, not the text as written (unit or qualifier differ)."""


_LEAD_IN_BEFORE, _LEAD_IN_AFTER = 40, 15
"""Characters before and after a number compared with a paraphrased name: a name leads in."""
_PARAPHRASE_WEIGHT = 0.8
"""A paraphrase ties a name to a number less surely than the name itself written there."""
_AFTER_FACTOR, _AFTER_OFFSET = 2, 10
"""A name usually leads in to its number, so distance after the number counts double."""
_SENTENCE_GAP = 100
"""Added distance when a sentence end lies between name and number: another sentence's name."""
_HALF_SCORE_GAP = 20
"""The distance (characters) at which a name's tie to a number has fallen to one half."""
_NAME_WEIGHT = 2.0
"""Among repeats of a number, what it measures (name, description) picks better than whose
(subject) or when (period), which a page repeats across many numbers."""
_SECONDARY_REACH = 300
"""A growth rate or share farther than this from its value belongs to another fact."""


def _term_score(page: _Page, start: int, end: int, term: str) -> float:
    """How strongly term is tied to the number at [start, end): 1.0 right before it,
    fading with distance, weaker after it, and much weaker across a sentence end."""
    hits, _ = _find_all(term, page)
    if not hits:
        # A paraphrased name (集成电路产值 for 集成电路产业共实现产值): compare the lead-in.
        window = page.folded[max(0, start - _LEAD_IN_BEFORE) : end + _LEAD_IN_AFTER]
        return _PARAPHRASE_WEIGHT * fuzz.partial_ratio(fold(term), window) / 100
    best = 0.0
    for s, e in hits:
        if e <= start:
            gap, lo, hi = start - e, e, start
        elif s >= end:
            gap, lo, hi = _AFTER_FACTOR * (s - end) + _AFTER_OFFSET, end, s
        else:
            gap, lo, hi = 0, start, start
        if "。" in page.folded[lo:hi]:
            gap += _SENTENCE_GAP
        best = max(best, 1 / (1 + gap / _HALF_SCORE_GAP))
    return best


def _context_score(page: _Page, start: int, end: int, terms: list[tuple[str, float]]) -> float:
    return sum(w * _term_score(page, start, end, t.strip()) for t, w in terms if t.strip())


def _choose(
    hits: list[tuple[int, int]],
    page: _Page,
    terms: list[tuple[str, float]],
    near: int | None,
) -> tuple[int, int]:
    if near is not None:
        return _nearest(hits, near)
    if len(hits) == 1 or not terms:
        return min(hits)
    return max(hits, key=lambda h: (_context_score(page, *h, terms), -h[0]))


def _number_hits(number: str, page: _Page) -> list[tuple[int, int]]:
    pattern = re.compile(rf"(?<![\d.]){re.escape(number)}(?!\d|\.\d)")
    cmap = page.compact_map
    return [(cmap[m.start()], cmap[m.end() - 1] + 1) for m in pattern.finditer(page.compact)]


def _ground_quantity(
    text: str,
    page: _Page,
    *,
    terms: list[tuple[str, float]] | None = None,
    near: int | None = None,
    max_distance: int | None = None,
) -> _Found:
    """Locate a number as written, else its bare number; context picks among repeats."""
    terms = terms or []
    hits, status = _find_all(text.strip(), page) if text.strip() else ([], "ungrounded")
    number_only = False
    if not hits:
        numbers = _NUMBER.findall(_compact(fold(text))[0])
        if not numbers:
            return _Found(None, "ungrounded")
        # The longest number is the quantity; short ones are usually periods or ranks.
        hits, status, number_only = _number_hits(max(numbers, key=len), page), "fuzzy", True
    if near is not None and max_distance is not None:
        hits = [h for h in hits if abs(h[0] - near) <= max_distance]
    if not hits:
        return _Found(None, "ungrounded")
    start, end = _choose(hits, page, terms, near)
    return _Found(_span(page.raw, start, end), status, number_only)


def _locate_date(text: str, page: _Page) -> tuple[list[Span], LocateStatus]:
    """A date written one way in the facts and another on the page (2022年1月25日 / 2022-01-25)."""
    spans, status = locate(text, page.raw)
    if spans:
        return spans, status
    parts = _NUMBER.findall(fold(text))
    if len(parts) < 3:
        return [], "ungrounded"
    y, m, d = (int(p) for p in parts[:3])
    pattern = re.compile(rf"(?<!\d){y}\s*[-/.年]\s*0?{m}\s*[-/.月]\s*0?{d}(?!\d)(?:\s*日)?")
    found = pattern.search(page.folded)
    if not found:
        return [], "ungrounded"
    return [_span(page.raw, found.start(), found.end())], "fuzzy"


# --- per fact type -------------------------------------------------------------------------


class _Builder:
    """Collects spans, flags and the worst status over a fact's parts."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.flags: list[str] = []
        self.statuses: list[str] = []

    def add(self, spans: list[Span], status: str, flag: str, *, decisive: bool) -> None:
        if spans:
            self.spans.extend(spans)
            self.statuses.append(status)
        else:
            self.flags.append(flag)
            if decisive:
                self.statuses.append("ungrounded")

    def add_quantity(self, found: _Found, name: str, *, decisive: bool) -> None:
        span = [found.span] if found.span else []
        self.add(span, found.status, f"{name}_not_in_source", decisive=decisive)
        if found.number_only:
            self.flags.append(f"{name}_text_mismatch")

    def grounding(self) -> Grounding:
        status = _worst(*self.statuses) if self.statuses else "unchecked"
        return Grounding(spans=self.spans, status=status, flags=self.flags)


# Legal-form suffixes a model tends to append to a name the page writes bare (默沙东公司).
_ORG_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|公司|集团)$")


def _name(b: _Builder, name: str | None, page: _Page, flag: str, *, decisive: bool) -> None:
    if not name or not name.strip():
        return
    spans, status = locate(name, page.raw, tolerant=True)
    core = _ORG_SUFFIX.sub("", name.strip())
    if not spans and len(core) >= 2 and core != name.strip():
        spans, _ = locate(core, page.raw, tolerant=True)
        if spans:
            status = "fuzzy"
            b.flags.append("name_partial_match")
    b.add(spans, status, flag, decisive=decisive)


def _verified(fact: Indicator, page: _Page) -> Grounding | None:
    """Spans code already read off the page (numbers found by slots) are checked, not searched
    for again: a search could pick another occurrence of the same number."""
    spans = fact.grounding.spans
    if spans and all(page.raw[s.start : s.end] == s.text for s in spans):
        return Grounding(spans=spans, status="grounded")
    return None


def _ground_indicator(ind: Indicator, page: _Page) -> Grounding:
    if (exact := _verified(ind, page)) is not None:
        return exact
    b = _Builder()
    terms = [(ind.name, _NAME_WEIGHT), (ind.subject, 1.0), (ind.period or "", 1.0)]
    value = _ground_quantity(ind.value, page, terms=terms)
    b.add_quantity(value, "value", decisive=True)
    near = value.span.start if value.span else None
    for part, label in ((ind.growth, "growth"), (ind.share, "share")):
        if part and part.strip():
            found = _ground_quantity(
                part, page, terms=terms, near=near, max_distance=_SECONDARY_REACH
            )
            b.add_quantity(found, label, decisive=False)
    return b.grounding()


def _ground_project(p: Project, page: _Page) -> Grounding:
    b = _Builder()
    _name(b, p.name, page, "name_not_in_source", decisive=True)
    if p.investment and p.investment.strip():
        near = b.spans[0].start if b.spans else None
        found = _ground_quantity(p.investment, page, terms=[(p.name, _NAME_WEIGHT)], near=near)
        b.add_quantity(found, "investment", decisive=False)
    return b.grounding()


def _ground_chain(c: IndustryChain, page: _Page) -> Grounding:
    b = _Builder()
    _name(b, c.name, page, "name_not_in_source", decisive=True)
    for firm in c.leading_firms:
        _name(b, firm, page, "leading_firm_not_in_source", decisive=False)
    return b.grounding()


def _ground_honor(h: Honor, page: _Page) -> Grounding:
    b = _Builder()
    _name(b, h.title, page, "name_not_in_source", decisive=True)
    if h.recipient and h.recipient.strip():
        hint = b.spans[0].start if b.spans else None
        spans, status = locate(h.recipient, page.raw, hint=hint, tolerant=True)
        b.add(spans, status, "recipient_not_in_source", decisive=False)
    return b.grounding()


def _ground_target(t: Target, page: _Page) -> Grounding:
    b = _Builder()
    if t.value and t.value.strip():
        terms = [(t.description, _NAME_WEIGHT), (t.subject, 1.0), (t.deadline or "", 1.0)]
        b.add_quantity(_ground_quantity(t.value, page, terms=terms), "value", decisive=True)
    else:
        spans, status = locate(
            t.description, page.raw, tolerant=True, threshold=FUZZY_DESCRIPTION_THRESHOLD
        )
        b.add(spans, status, "description_not_in_source", decisive=True)
    return b.grounding()


def _ground_named(fact: BaseModel, page: _Page) -> Grounding:
    b = _Builder()
    _name(b, getattr(fact, "name", None), page, "name_not_in_source", decisive=True)
    return b.grounding()


def _ground_meta(meta: ArticleMeta, page: _Page) -> Grounding:
    b = _Builder()
    _name(b, meta.title, page, "title_not_in_source", decisive=True)
    if meta.source and meta.source.strip():
        spans, status = locate(meta.source, page.raw)
        b.add(spans, status, "source_not_in_source", decisive=True)
    if meta.publish_date and meta.publish_date.strip():
        spans, status = _locate_date(meta.publish_date, page)
        b.add(spans, status, "publish_date_not_in_source", decisive=True)
    for author in meta.authors:
        spans, status = locate(author, page.raw)
        b.add(spans, status, "author_not_in_source", decisive=False)
    return b.grounding()


GROUNDERS = {
    "indicators": _ground_indicator,
    "projects": _ground_project,
    "chains": _ground_chain,
    "honors": _ground_honor,
    "targets": _ground_target,
}
"""Fact list -> its grounder; a list without one is grounded on its `name` (which it must have;
tests/test_fact_types.py checks it)."""

DROP_FLAGS = frozenset({"value_not_in_source", "name_not_in_source"})
"""Under policy drop, an ungrounded fact carrying one of these flags is removed."""

# A number reported as a fact must be in the page, whatever the policy: a fact whose own value
# is not found is removed, and a secondary number that is not found (an investment, a growth
# rate) is cleared from the fact that carries it, with its flag kept as the record of why.
_UNFOUND_NUMBER_FIELDS = {
    "growth_not_in_source": ("growth", "growth_quantity"),
    "share_not_in_source": ("share",),
    "investment_not_in_source": ("investment", "investment_quantity"),
}


def _without_unfound_numbers(fact: Any, flags: list[str]) -> Any:
    cleared: dict[str, None] = {}
    for flag, fields in _UNFOUND_NUMBER_FIELDS.items():
        if flag in flags:
            cleared.update({f: None for f in fields if f in type(fact).model_fields})
    return fact.model_copy(update=cleared) if cleared else fact


def ground_facts(facts: ArticleFacts, raw: str, *, policy: GroundPolicy = "flag") -> ArticleFacts:
    """A copy of facts with every grounding filled in; as-written fields are left untouched.

    Indicators are spanned on their value (plus growth and share when stated), choosing among
    repeated numbers the occurrence whose neighbourhood best matches name, subject and period.
    Named facts are spanned on their name. A fact whose value is not in the page is removed
    and unfound secondary numbers are cleared, under either policy; policy "drop" also removes
    facts whose name is not in the page, "flag" keeps them with the flag.
    """
    page = _page(raw)
    update: dict[str, object] = {
        "meta": facts.meta.model_copy(update={"grounding": _ground_meta(facts.meta, page)})
    }
    for key in FACT_LISTS:
        grounder = GROUNDERS.get(key, _ground_named)
        kept = []
        for fact in getattr(facts, key):
            g = grounder(fact, page)
            if "value_not_in_source" in g.flags:
                continue
            if policy == "drop" and g.status == "ungrounded" and DROP_FLAGS & set(g.flags):
                continue
            fact = _without_unfound_numbers(fact, g.flags)
            kept.append(fact.model_copy(update={"grounding": g}))
        update[key] = kept
    return facts.model_copy(update=update)
