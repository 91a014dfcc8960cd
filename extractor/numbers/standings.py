"""Every rank a page reports as a fact is also a standing among honors: who, in what, where.

增幅居全省第1位 is an indicator (增幅全省排名 = 第1位) for comparing figures over time, and a
ranking for an analyst listing what a zone leads in. Code has the rank with its subject and
period already; each actual rank no honor states yet gives one: the recipient is the subject,
the title the measure ranked (the name without its scope and 排名), the rank the words from the
ranking verb to the rank (居全省第1位), the year the period.
"""

from __future__ import annotations

import re

from extractor.numbers.targets import value_clause
from extractor.page.clean import CleanedText
from schemas.facts import Honor, Indicator

_SCOPE_RANK = re.compile(r"(?:全国|全省|全市|全区|市区县|省内|市内)?(?:中)?排名$")
_RANK_VERB = re.compile(r"(?:位列|名列|位居|稳居|居于|居|列|排名|排在|排|位于|入围|进入|跻身)")


def _rank_words(ind: Indicator, cleaned: CleanedText) -> str | None:
    clause = value_clause(ind, cleaned) or ""
    verbs = list(_RANK_VERB.finditer(clause))
    return clause[verbs[-1].start() :] if verbs else None


def standings_of(indicators: list[Indicator], cleaned: CleanedText, known: list[Honor]):
    """An honor for each actual rank whose recipient and rank no known honor states."""
    added: list[Honor] = []
    for ind in indicators:
        if ind.kind != "actual" or ind.evidence.get("name") != "rank" or not ind.subject:
            continue  # a planned rank is a target; a rank of no one is no standing
        title = _SCOPE_RANK.sub("", ind.name)
        rank = _rank_words(ind, cleaned)
        if not title or not rank:
            continue
        stated = [h for h in (*known, *added) if h.recipient == ind.subject]
        if any(rank in (h.rank or "") or (h.rank or "-") in rank for h in stated):
            continue
        added.append(Honor(recipient=ind.subject, title=title, rank=rank, year=ind.period))
    return added
