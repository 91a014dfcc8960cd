"""Chinese period and date phrases resolved to ISO intervals against the publication date.

Periods without a year (1-6月, 上半年, 1月30日) take the year that puts them nearest the
publication date, counting the future double: news reports what has happened, so 1-12月 in
a January article is last year's. Targets pass future=True, which flips that bias.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from extractor.text import fold_numbers as fold
from schemas.common import Granularity, Period

from .chinese_numerals import parse_chinese_number

_Interval = tuple[date | None, date | None, Granularity]

# --- building blocks (on folded text: simplified, half-width, every dash is "-") ----------

_Y = r"(?:19|20)\d{2}"
_YC = r"[〇零○一二三四五六七八九]{4}"
_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = (
    r"(?:3[01]|[12]\d|0?[1-9]"
    r"|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
)
_N = r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})"
_TO = r"\s*(?:-{1,2}|至|到)\s*"
_QUARTER = r"(?:第?[一二三四1-4]季度|前[二三两2-3]季度)"
_MONTH_PART = (
    rf"{_M}月{_D}[日号]{_TO}(?:{_M}月)?{_D}[日号]"
    rf"|{_M}月?{_TO}{_M}月份?"
    rf"|{_M}月(?:{_D}[日号]|份|[上中下]旬|底|末|初)?"
)
_ISO_DATE = rf"(?<![\d.]){_Y}[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9])(?![\d.])"

DATE_MENTION = re.compile(
    "|".join(
        (
            rf"{_ISO_DATE}(?:[ T]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d))?",
            r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])",
            rf"(?<!\d){_Y}{_TO}{_Y}(?![\d万亿千百十元%])年?度?",
            rf"(?<!\d)(?:{_Y}|{_YC})年度?(?:{_TO}(?:{_Y}|{_YC})年|{_QUARTER}|[上下]半年"
            rf"|前{_N}个?月|{_MONTH_PART}|[底末初])?",
            rf"(?:近|前|头|过去|未来|最近){_N}个?(?:年|月|季度|周|天|日)",
            _QUARTER,
            rf"(?<!\d)(?:{_MONTH_PART})",
            r"(?<![\d.])\d{1,2}日",
            r"(?:十[一二三四五六七八九]?|[一二三四五六七八九])五(?=[”\"']?(?:时期|期间|规划|末|初|以来|开局|收官|中期))",
        )
    )
)
"""A date, time or calendar period written with numbers, matched at a position in folded text."""

# --- helpers -----------------------------------------------------------------------------

_STRIP = re.compile(r"[\s“”\"'‘’《》「」『』【】()（）]")
_NOW = frozenset(
    {"目前", "当前", "现在", "至今", "迄今", "如今", "当下", "目前为止", "发稿时", "今", "当前阶段"}
)
_VAGUE = frozenset(
    {"日前", "近日", "近期", "最近", "近年", "近年来", "此前", "未来", "近来", "同期"}
)


def _num(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    return parse_chinese_number(s)


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _months(y: int, m1: int, m2: int) -> tuple[date, date]:
    return date(y, m1, 1), _month_end(y, m2)


def _shift_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    y, m = divmod(index, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _year(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return parse_chinese_number(token)


# --- within a known year -----------------------------------------------------------------

_WITHIN = [
    (re.compile(r"(?:全年|年度|度)?"), "year"),
    (re.compile(r"上半年|H1"), "h1"),
    (re.compile(r"下半年|H2"), "h2"),
    (re.compile(r"第?(?P<q>[一二三四1-4])季度|Q(?P<qq>[1-4])"), "quarter"),
    (re.compile(r"前(?P<q>[二三两2-3])季度"), "quarters"),
    (re.compile(rf"(?:前|头)(?P<n>{_N})个?月"), "first_months"),
    (re.compile(r"[底末]"), "year_end"),
    (re.compile(r"初"), "year_start"),
    (re.compile(rf"(?P<m1>{_M})月(?P<d1>{_D})[日号]{_TO}(?:(?P<m2>{_M})月)?(?P<d2>{_D})[日号]"),
     "days"),
    (re.compile(rf"(?P<m1>{_M})月?{_TO}(?P<m2>{_M})月份?"), "months"),
    (re.compile(rf"(?P<m>{_M})月(?P<d>{_D})[日号]"), "day"),
    (re.compile(rf"(?P<m>{_M})月(?P<part>[上中下]旬|底|末|初)"), "month_part"),
    (re.compile(rf"(?P<m>{_M})月份?"), "month"),
]  # fmt: skip


def _within_year(rest: str, y: int) -> _Interval | None:
    """The period rest (what follows 2021年, or the whole text when no year is written)."""
    for pattern, kind in _WITHIN:
        m = pattern.fullmatch(rest)
        if m is None:
            continue
        g = m.groupdict()
        if kind == "year":
            return date(y, 1, 1), date(y, 12, 31), "year"
        if kind in ("h1", "h2"):
            return (*_months(y, 1, 6), "half") if kind == "h1" else (*_months(y, 7, 12), "half")
        if kind == "quarter":
            q = _num(g.get("q") or g["qq"]) or 0
            return (*_months(y, 3 * q - 2, 3 * q), "quarter")
        if kind == "quarters":
            q = _num(g["q"]) or 0
            return (*_months(y, 1, 3 * q), "range")
        if kind == "first_months":
            n = _num(g["n"]) or 0
            return (*_months(y, 1, n), "range") if 1 <= n <= 12 else None
        if kind == "year_end":
            return (*_months(y, 12, 12), "month")
        if kind == "year_start":
            return (*_months(y, 1, 1), "month")
        if kind == "days":
            m1, d1, d2 = _num(g["m1"]), _num(g["d1"]), _num(g["d2"])
            m2 = _num(g["m2"]) if g["m2"] else m1
            if None in (m1, d1, m2, d2):
                return None
            return date(y, m1, d1), date(y, m2, d2), "range"  # type: ignore[arg-type]
        if kind == "months":
            m1, m2 = _num(g["m1"]), _num(g["m2"])
            if m1 is None or m2 is None or m1 > m2:
                return None
            return (*_months(y, m1, m2), "range")
        if kind == "day":
            mm, dd = _num(g["m"]), _num(g["d"])
            if mm is None or dd is None:
                return None
            d = date(y, mm, dd)
            return d, d, "day"
        mm = _num(g["m"])
        if mm is None:
            return None
        if kind == "month":
            return (*_months(y, mm, mm), "month")
        part = g["part"]
        if part in ("底", "末"):
            d = _month_end(y, mm)
            return d, d, "day"
        first, last = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20)}.get(part, (21, 0))
        end = date(y, mm, last) if last else _month_end(y, mm)
        return date(y, mm, first), end, "range"
    return None


def _distance(iv: _Interval, publish: date, future: bool) -> int:
    """How far a candidate interval sits from the publication date, biased by tense."""
    start, end, granularity = iv
    assert start is not None and end is not None
    if start <= publish <= end:
        if granularity in ("day", "month", "year") or future:
            return 0
        return (end - publish).days * 2  # an unfinished multi-month period cannot be a result yet
    if end < publish:
        days = (publish - end).days
        return days * 2 if future else days
    days = (start - publish).days
    return days if future else days * 2


def _nearest_year(
    build: Callable[[int], _Interval | None], publish: date | None, future: bool
) -> _Interval | None:
    if publish is None:
        return None
    best: tuple[int, _Interval] | None = None
    for y in (publish.year, publish.year - 1, publish.year + 1):
        try:
            iv = build(y)
        except ValueError:
            continue
        if iv is None:
            continue
        score = _distance(iv, publish, future)
        if best is None or score < best[0]:
            best = (score, iv)
    return best[1] if best else None


# --- points: one period or date ------------------------------------------------------------

_YEAR_PREFIX = re.compile(
    rf"(?P<y>{_Y}|{_YC})年|(?P<y2>{_Y})$|(?P<rel>今年|本年|当年|去年|上年|上一年|前年|明年|次年|来年)"
)
_RELATIVE_YEARS = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "上一年": -1,
                   "前年": -2, "明年": 1, "次年": 1, "来年": 1}  # fmt: skip
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "当天": 0, "当日": 0, "昨天": -1, "昨日": -1,
                  "前天": -2, "前日": -2, "明天": 1, "明日": 1}  # fmt: skip
_RELATIVE_MONTHS = {"本月": 0, "当月": 0, "这个月": 0, "上月": -1, "上个月": -1,
                    "下月": 1, "下个月": 1}  # fmt: skip
_ISO = re.compile(rf"(?P<y>{_Y})[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])")
_WINDOW = re.compile(rf"(?P<dir>近|过去|最近|未来|今后)(?P<n>{_N})个?(?P<u>年|月|季度)")
_YEAR_EDGE = re.compile(r"年(?P<e>底|末|初)")


def _point(s: str, publish: date | None, future: bool) -> _Interval | None:
    m = _ISO.fullmatch(s) or _ISO.fullmatch(s.split(" ")[0])
    if m:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
        return d, d, "day"
    if s in _RELATIVE_DAYS:
        if publish is None:
            return None
        d = publish + timedelta(days=_RELATIVE_DAYS[s])
        return d, d, "day"
    if s in _RELATIVE_MONTHS:
        if publish is None:
            return None
        first = _shift_months(publish.replace(day=1), _RELATIVE_MONTHS[s])
        return (*_months(first.year, first.month, first.month), "month")
    m = _YEAR_EDGE.fullmatch(s)
    if m:  # bare 年底 is this year's, whatever the tense
        return _within_year(m["e"], publish.year) if publish else None
    m = _WINDOW.fullmatch(s)
    if m:
        return _window(m, publish)
    m = _YEAR_PREFIX.match(s)
    if m:
        if m["rel"]:
            if publish is None:
                return None
            y: int | None = publish.year + _RELATIVE_YEARS[m["rel"]]
        else:
            y = _year(m["y"] or m["y2"])
        if y is None or not 1900 <= y <= 2100:
            return None
        return _within_year(s[m.end() :], y)
    return _nearest_year(lambda y: _within_year(s, y), publish, future)


def _window(m: re.Match[str], publish: date | None) -> _Interval | None:
    """近三年, 未来五年: a rolling window ending or starting at the publication date."""
    n = _num(m["n"])
    if publish is None or not n:
        return None
    months = {"年": 12 * n, "月": n, "季度": 3 * n}[m["u"]]
    if m["dir"] in ("未来", "今后"):
        return publish, _shift_months(publish, months), "range"
    return _shift_months(publish, -months), publish, "range"


# --- whole phrases -----------------------------------------------------------------------

_UNTIL = re.compile(r"(?P<w>截至|截止到|截止|到|至|直至|直到)(?P<x>.+?)(?:为止|止|前)?")
_SINCE = re.compile(r"(?:自从|自|从)?(?P<x>.+?)(?:以来|来|起|开始)(?:至今|到现在)?")
_PLAN = re.compile(
    r"(?:第)?(?P<k>十[一二三四五六七八九]?|[一二三四五六七八九])五"
    r"(?P<s>时期|期间|规划期间?|规划期|规划|计划|末|初|以来|开局之年|开局年|收官之年|中期|期)?"
)
_BEFORE = re.compile(r"(?P<x>.+?)(?:之前|以前|前)")
_SPLIT = re.compile(_TO)
_TIME = re.compile(r"\s*(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")


def _plan_years(k_text: str) -> tuple[int, int] | None:
    """Years of the k-th five-year plan (the 1963-65 adjustment shifts all from the third)."""
    k = parse_chinese_number(k_text)
    if k is None or k < 1:
        return None
    first = 1953 + 5 * (k - 1) if k <= 2 else 1966 + 5 * (k - 3)
    return first, first + 4


def _resolve(s: str, publish: date | None, future: bool) -> _Interval | None:
    if not s or s in _VAGUE:
        return None
    if s in _NOW or s in ("截至目前", "截止目前", "到目前为止", "截至当前"):
        return (None, publish, "to_date") if publish else None
    m = _PLAN.fullmatch(s)
    if m:
        years = _plan_years(m["k"])
        if years is None:
            return None
        first, last = years
        if m["s"] == "末" or m["s"] == "收官之年":
            return date(last, 1, 1), date(last, 12, 31), "year"
        if m["s"] in ("初", "开局之年", "开局年"):
            return date(first, 1, 1), date(first, 12, 31), "year"
        if m["s"] == "以来":
            return date(first, 1, 1), publish, "to_date"
        return date(first, 1, 1), date(last, 12, 31), "range"
    found = _point(s, publish, future)
    if found:
        return found
    m = _UNTIL.fullmatch(s)
    if m:
        inner = m["x"]
        if inner in _NOW or inner in ("目前为止", "今为止", "现在为止"):
            return (None, publish, "to_date") if publish else None
        # 到/至 announce a deadline, 截至 a tally: the tense decides the missing year.
        target = _resolve(inner, publish, future or m["w"] in ("到", "至", "直至", "直到"))
        if target and target[1]:
            return None, target[1], "to_date"
        return None
    m = _BEFORE.fullmatch(s)
    if m:  # 年底前, 2025年前: a deadline at the end of x
        target = _resolve(m["x"], publish, True)
        if target and target[1]:
            return None, target[1], "to_date"
        return None
    m = _SINCE.fullmatch(s)
    if m:
        origin = _resolve(m["x"], publish, future)
        if origin and origin[0]:
            return origin[0], publish, "to_date"
        return None
    for split in _SPLIT.finditer(s):
        left = _resolve(s[: split.start()], publish, future)
        right = _resolve(s[split.end() :], publish, future)
        if left and right and left[0] and right[1] and left[0] <= right[1]:
            return left[0], right[1], "range"
    return None


def _clean(text: str) -> str:
    return _STRIP.sub("", _TIME.sub("", fold(text))).strip(",，。;；:：、")


def resolve_period(text: str, publish: date | None, *, future: bool = False) -> Period:
    """The as-written period as an ISO interval; granularity unknown when it cannot be resolved.

    future=True resolves a yearless period toward the coming year (targets, deadlines).
    """
    try:
        found = _resolve(_clean(text or ""), publish, future)
    except (ValueError, OverflowError):
        found = None
    if found is None:
        return Period(text=text or "")
    start, end, granularity = found
    return Period(text=text, start=start, end=end, granularity=granularity)


# --- single dates ------------------------------------------------------------------------

_DATE_SEARCH = [
    re.compile(_ISO_DATE),
    re.compile(rf"(?:{_Y}|{_YC})年{_M}月{_D}[日号]"),
    re.compile(rf"(?<!\d){_M}月{_D}[日号]"),
]


def resolve_date(text: str, publish: date | None) -> date | None:
    """The first calendar day the text names (ISO, Chinese or relative), or None if vague."""
    try:
        s = _clean(text or "")
        for pattern in _DATE_SEARCH:
            m = pattern.search(s)
            if m:
                found = _point(m.group(), publish, future=False)
                if found and found[2] == "day":
                    return found[0]
        for word, offset in _RELATIVE_DAYS.items():
            if word in s and publish is not None:
                return publish + timedelta(days=offset)
        m = re.search(r"(?<![\d.月])(\d{1,2})[日号]", s)
        if m and publish is not None:
            day = int(m.group(1))
            found = _nearest_month_day(day, publish)
            return found
    except (ValueError, OverflowError):
        return None
    return None


def _nearest_month_day(day: int, publish: date) -> date | None:
    """A bare 25日: this month's if it has passed, else last month's."""
    for back in range(3):
        first = _shift_months(publish.replace(day=1), -back)
        if day <= calendar.monthrange(first.year, first.month)[1]:
            d = first.replace(day=day)
            if d <= publish:
                return d
    return None
