"""Honors as the press reports them: "<recipients><verb of recognition><title>".

Measured on the eval: the small models report few honors (F1 0.18 for the 1.5B), while the
genre states them in a fixed shape (甲、乙被评为2021年度…优秀示范单位; 丙成功入围…十强). Code
reads the recipients before the verb and the title after it, within one clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.numbers.clauses import last_end
from extractor.numbers.words import leading_name, name_forms
from extractor.rules.base import RuleContext, register
from extractor.rules.enumerations import split_joined
from schemas.facts import ArticleFacts, Honor

_VERB = re.compile(
    r"被评为|评为|获评|被认定为|认定为|成功认定|入选|荣获|上榜|入围|列入|成功创建为|创建为|"
    r"被授予|授予|获批"
)
_CLAUSE_END = re.compile(r"[。！？!?；;，,：:\n]")
_INTRO = re.compile(r".*(?:其中|同时|此外|最近|近日|目前|去年|今年|上半年|下半年|\d+月|的)|^而")
# 三条产业链, 该系统, 成为…: counts, references back and predicates are not recipients.
_NOT_A_RECIPIENT = re.compile(r"[一二两三四五六七八九十\d]+[条个家项所]|^[该这此]|成为|在|是")
_ADVERBS = re.compile(r"(?:又|也|均|都|还|并|正式|先后|已|已经|成功|再次|连续)+$")
_TITLE_TAIL = re.compile(r"(?:名单|称号|行列|之列|榜单)$")
_MAX_RECIPIENT = 16
_MAX_TITLE = 40


@dataclass(frozen=True)
class FoundHonor:
    recipient: str
    title: str
    start: int
    """Offset of the recognition verb in the text."""
    awarded_by: str | None = None
    """Who gave it, when the sentence says (甲被省经信厅评为…)."""


def _recipients(words: str, forms: list[str]) -> list[str]:
    words = _ADVERBS.sub("", words.strip())
    intro = _INTRO.match(words)
    if intro:
        words = words[intro.end() :]
    items = words.split("、")
    items[-1:] = split_joined(items[-1], "和")
    items = [item.strip() for item in items]
    if all(2 <= len(item) <= _MAX_RECIPIENT for item in items):
        if not any(_NOT_A_RECIPIENT.search(item) for item in items):
            return items
        return []
    lead = leading_name(words, forms)
    return [lead] if lead else []


def find_honors(text: str, forms: list[str]) -> list[FoundHonor]:
    """Recipients and titles of recognitions, one per recipient, in reading order.

    forms are the known names (and short forms) that may open a clause as its subject.
    """
    found: list[FoundHonor] = []
    for verb in _VERB.finditer(text):
        clause_start = last_end(_CLAUSE_END, text, verb.start())
        end = _CLAUSE_END.search(text, verb.end())
        title = text[verb.end() : end.start() if end else len(text)]
        title = _TITLE_TAIL.sub("", title.removeprefix("了").removeprefix("为"))
        if not 3 <= len(title) <= _MAX_TITLE:
            continue
        words, by, awarder = text[clause_start : verb.start()].partition("被")
        awarded_by = _ADVERBS.sub("", awarder) if by and awarder else None
        for recipient in _recipients(words, forms):
            found.append(FoundHonor(recipient, title, verb.start(), awarded_by or None))
    return found


def add_honors(facts: ArticleFacts, found: list[FoundHonor]) -> ArticleFacts:
    """Honors found by code that the model did not report."""
    honors = list(facts.honors)
    for honor in found:
        if any(
            (honor.recipient in h.recipient or h.recipient in honor.recipient)
            and (honor.title in h.title or h.title in honor.title)
            for h in honors
        ):
            continue
        honors.append(
            Honor(recipient=honor.recipient, title=honor.title, awarded_by=honor.awarded_by)
        )
    return facts.model_copy(update={"honors": honors})


@register("honors", step=20)
def add_found_honors(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    return add_honors(facts, find_honors(context.article, name_forms(context.model_names)))
