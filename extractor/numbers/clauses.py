"""Sentences, clauses and period words: the units in which a number's words are read."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[。！？!?\n]")
# 全年计划, 年度目标任务: the year a plan covers names the plan, it dates no statement.
_NOT_A_PERIOD_AFTER = r"(?!计划|目标|任务|指标)"
# 11月28日, 2019年12月5日: a date says when something happened, it is no reporting period.
_NOT_A_DATE = r"(?!\d{1,2}日|\d{1,2}月\d{1,2}日)"
# 截至2010年12月底, 到2012年: the period as written keeps its 截至/到.
_SINCE = r"(?:截至|截止|到)?"
PERIOD_WORDS = re.compile(
    r"\d{4}年?(?:至|到|-|—|~)\d{4}年|自(?:今年|去年|\d{4}年)?\d{1,2}月[\u4e00-\u9fff]{0,4}?以来|"
    rf"截至目前|截止目前|目前|当前|现在|今年以来|本年度|(?:到|至)?(?:今|明)年(?:年)?(?:底|末)|今年|去年|明年|后年|"
    rf"{_SINCE}(?:\d{{4}}年)?(?:\d{{1,2}}[-—–~至到]\d{{1,2}}月|\d{{1,2}}月){_NOT_A_DATE}(?:以来|份|底|末)?|"
    rf"(?:\d{{4}}年)?(?:上半年|下半年|前三季度|第?[一二三四1-4]季度|全年{_NOT_A_PERIOD_AFTER})|"
    rf"{_SINCE}\d{{4}}年{_NOT_A_DATE}(?:以来|底|末|度{_NOT_A_PERIOD_AFTER})?|"
    r"近[一二三四五两\d]年|[一二三四五两\d]年来|每年|年内"
)
"""Period expressions as news writes them (2021年1-12月, 上半年, 截至目前, 近三年)."""


def last_end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where the last match of pattern before pos ends (0 if none): a sentence or clause start."""
    return max((m.end() for m in pattern.finditer(text, 0, pos)), default=0)


def sentence_start(text: str, pos: int) -> int:
    return last_end(SENTENCE_END, text, pos)
