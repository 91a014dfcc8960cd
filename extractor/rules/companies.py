"""Companies the page names by their legal form (…有限公司, …股份有限公司, …集团), found by code.

Measured on the devset: the 1.5B lists firms a sentence is about (招商, 合作) but misses ones
that only carry figures (钢城集团有限公司完成增加值7.3亿元). A legal suffix is unambiguous, so
code reads these; the name runs left from the suffix to the nearest word that cannot be part
of a name (的, 与, 在, punctuation).
"""

from __future__ import annotations

import re

from extractor.numbers.clauses import PERIOD_WORDS
from extractor.rules.base import RuleContext, register
from extractor.text import fold
from schemas.facts import ArticleFacts, Organization

_LEGAL_FORM = re.compile(
    r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司)|集团(?=[^\u4e00-\u9fff]|[等与和的在已将也])"
)
NAME_STOP_CHARS = "的在与和及、由是为了对向被将把到从其该以于并或等有让使跟同"
"""Characters a name does not run across on its left (particles, conjunctions, verbs of
placement); named_bodies.py stops at the same ones."""
_NAME_STOP = frozenset(NAME_STOP_CHARS)
_LEADING_PERIOD = re.compile(rf"(?:{PERIOD_WORDS.pattern})+")
_MAX_NAME = 24
_MIN_HEAD = 2
"""Characters before the legal form: 甲有限公司 is no name."""


def _name_before(text: str, suffix_start: int) -> int:
    start = suffix_start
    while start > 0 and suffix_start - start < _MAX_NAME:
        char = text[start - 1]
        if char in _NAME_STOP or not ("\u4e00" <= char <= "\u9fff" or char in "()（）"):
            break
        start -= 1
    return start


def legal_names(text: str) -> list[tuple[int, int]]:
    """Spans of every name ending in a legal form, in reading order, each once."""
    spans: list[tuple[int, int]] = []
    for m in _LEGAL_FORM.finditer(text):
        start = _name_before(text, m.start())
        while start < m.start() and text[start] in "()（）":
            start += 1
        # 今年上半年浙江甲有限公司: a period before the name is not part of it.
        lead = _LEADING_PERIOD.match(text, start, m.start())
        start = lead.end() if lead else start
        if m.start() - start >= _MIN_HEAD:
            spans.append((start, m.end()))
    return spans


@register("companies", step=47)
def add_legal_names(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    known = {fold(o.name) for o in facts.organizations}
    added: list[Organization] = []
    for start, end in legal_names(context.article):
        name = context.article[start:end]
        if fold(name) in known:
            continue
        known.add(fold(name))
        added.append(Organization(name=name, type="company"))
    return facts.model_copy(update={"organizations": [*facts.organizations, *added]})
