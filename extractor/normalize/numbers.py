"""Numbers in Chinese news text: as-written values to Quantity, and a detector of every mention.

Conventions (see also units.UNITS):
- value is in base units (12万辆 -> 120000 vehicle); percentages stay in percent (65.2% -> 65.2).
- qualifier: 约/大约/左右 approximate; 超/超过/逾/突破/余/多 more_than (1400余家 is strictly
  more than 1400); 以上/不少于/至少 and 百亿级 at_least (以上 includes the number itself, as in
  Chinese legal usage); 以下/以内/不超过 and 近/将近/接近 at_most (near but not above);
  不到/不足/低于 less_than.
- ranges (20-30亿元, 数十亿元) fill low/high and leave value None.
- changes carry direction, and value is negative when the text says the number went down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

from extractor.text import fold_numbers as fold
from schemas.common import Qualifier, Quantity

from .chinese_numerals import DIGITS, NUMERAL_CHARS, parse_chinese_number
from .periods import DATE_MENTION
from .units import IDIOM_PRONE, MONEY, SMALL_NUMBER_ONLY, UNITS, match_unit

MentionKind = Literal["quantity", "change", "ordinal", "date"]


@dataclass(frozen=True)
class Mention:
    """One number in a text, with its offsets: text == page[start:end]."""

    start: int
    end: int
    text: str
    kind: MentionKind
    """date (a year, month or time; never a quantity), ordinal (第一), change or quantity."""
    quantity: Quantity | None = field(default=None, hash=False)
    """The number as data; None for dates. For changes it is signed, with a direction."""
    change: str | None = None
    """The change verb before the number as written (同比增长, 下降), for kind change."""
    change_start: int | None = None
    """Offset of that verb; words such as 达/为 may stand between it and start."""


# --- vocabulary ----------------------------------------------------------------------------

_MAGNITUDES: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

_PREFIXES: dict[str, Qualifier] = {
    "大约": "approximate", "约为": "approximate", "约合": "approximate", "约": "approximate",
    "大概": "approximate",
    "超过": "more_than", "超出": "more_than", "超": "more_than", "逾": "more_than",
    "高于": "more_than", "大于": "more_than", "多于": "more_than", "突破": "more_than",
    "不少于": "at_least", "不低于": "at_least", "至少": "at_least", "最少": "at_least",
    "将近": "at_most", "接近": "at_most", "逼近": "at_most", "近": "at_most",
    "不超过": "at_most", "不高于": "at_most", "最多": "at_most", "至多": "at_most",
    "不到": "less_than", "不足": "less_than", "低于": "less_than", "少于": "less_than",
    "小于": "less_than", "未满": "less_than",
}  # fmt: skip
_PREFIXES_BY_LENGTH = sorted(_PREFIXES, key=len, reverse=True)

_SUFFIXES: dict[str, Qualifier] = {
    "及以上": "at_least", "以上": "at_least", "及以下": "at_most", "以下": "at_most",
    "以内": "at_most", "左右": "approximate", "上下": "approximate", "有余": "more_than",
}  # fmt: skip
_SUFFIXES_BY_LENGTH = sorted(_SUFFIXES, key=len, reverse=True)

# A unit character that starts a word instead (百亿项目, 两位数, 台州): not a unit there.
_NOT_UNIT_BEFORE: dict[str, str] = {
    "项": "目", "条": "件例", "家": "庭具居电", "台": "州湾", "位": "数于置列", "所": "以有属在长",
    "名": "单称牌义", "座": "谈", "成": "为功立本果长熟交效员品都型套绩就", "大": "学会赛道厦楼街",
    "个": "人体", "场": "景所地", "次": "序", "只": "有是要", "件": "事", "套": "餐", "米": "粉",
    "元": "素旦宵化", "年": "代级", "周": "边", "头": "部", "批": "准发", "户": "口",
}  # fmt: skip

_RANGE_SEPARATORS = ("-", "~", "至", "到")
_CHANGE = re.compile(
    r"(?P<verb>(?:同比|环比|比上年同期|比上年|比去年同期|比去年|较上年同期|较上年|较去年同期|较去年"
    r"|较同期|比上月|较上月|年均|平均|分别|累计)?"
    r"(?:负增长|增长率|增长|增加|提高|提升|上升|上涨|增速|增幅|涨幅|攀升|扩大"
    r"|下降|降低|减少|下滑|回落|下跌|降幅|跌幅|缩减|萎缩)"
    r"|(?:同比|环比|比上年|较上年|比去年|较去年|年均)(?:增|涨|升|降|减|跌))"
    r"(?:幅度|速度)?(?:了|达到|高达|达|为|是)?$"
)
_DOWN_VERBS = (
    "负增长", "下降", "降低", "减少", "下滑", "回落", "下跌", "降幅", "跌幅", "缩减", "萎缩",
)  # fmt: skip
_DOWN_SHORT = frozenset("降减跌")

_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CN_RUN = re.compile("[" + "".join(sorted(NUMERAL_CHARS)) + "]+")
_VAGUE = re.compile(r"([数几上])([十百千万亿]+)")
_ADJACENT = re.compile(r"([一二三四五六七八九])([二三四五六七八九])([十百千万亿]*)")
_DOUBLING = re.compile(r"翻(?:了)?(?P<n>一|两|二|三|四)?番")
_PERCENT_WORDS = re.compile(r"百分之(?P<n>[零〇一二两三四五六七八九十百点.\d]+)")
_FRACTION = re.compile(r"(?P<d>[一二三四五六七八九十百千\d]+)分之(?P<n>[一二三四五六七八九十\d]+)")
_HALF = re.compile(r"一半|过半|半数")
_PLAIN_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_DIGIT_RUN = re.compile(r"[\d.,]+")
_ORDINAL = re.compile(r"第(?P<n>\d+|[零〇一二两三四五六七八九十百千]+)")
_TOP = re.compile(r"前(?P<n>\d{1,3}|[一二两三四五六七八九十百]{1,3})(?P<u>强|名|位)?")

_START_CHARS = (
    frozenset("0123456789-负第前头过未最近翻百半大数几上")
    | NUMERAL_CHARS
    | frozenset(p[0] for p in _PREFIXES)
)


def _is_ascii_letter(c: str) -> bool:
    return c.isascii() and c.isalpha()


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _cn(text: str) -> Decimal | None:
    if text.isdigit():
        return Decimal(text)
    v = parse_chinese_number(text)
    return None if v is None else Decimal(v)


def _float(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


# --- one number (no unit) --------------------------------------------------------------------


@dataclass
class _Core:
    end: int
    value: Decimal | None
    """Exact value including magnitudes; None for a vague range (数十亿)."""
    low: Decimal | None = None
    high: Decimal | None = None
    qualifier: Qualifier | None = None
    mag_start: int = -1
    """Where the magnitude characters (万, 亿) begin; -1 when there are none."""
    mag_end: int = -1
    mag: Decimal = Decimal(1)
    chinese: bool = False
    numeral_len: int = 0
    """Characters of the numeral proper (三 in 三大, 12 in 12万)."""
    ends_with_magnitude: bool = False


def _unit_at(s: str, j: int) -> str | None:
    unit = match_unit(s, j)
    if unit is None:
        return None
    follower = s[j + len(unit) : j + len(unit) + 1]
    if follower and follower in _NOT_UNIT_BEFORE.get(unit, ""):
        return None
    return unit


def _take_infix(s: str, j: int) -> tuple[int, Qualifier | None]:
    """余/多/几 between a number and its magnitude or unit (1400余家, 300多万, 十几家)."""
    if j < len(s) and s[j] in "余多几":
        nxt = j + 1
        if nxt >= len(s) or s[nxt] in _MAGNITUDES or _unit_at(s, nxt) or _suffix_at(s, nxt):
            return nxt, "more_than"
        if s[j] != "多":  # 十余, 二十几 standing alone still mean "more than"
            return nxt, "more_than"
    return j, None


def _take_magnitudes(s: str, j: int) -> tuple[int, Decimal, int]:
    start, mag = j, Decimal(1)
    while j < len(s) and s[j] in _MAGNITUDES and _unit_at(s, j) is None:
        mag *= _MAGNITUDES[s[j]]
        j += 1
    return j, mag, (start if j > start else -1)


def _core(s: str, i: int) -> _Core | None:
    m = _ARABIC.match(s, i)
    if m:
        if i > 0 and (s[i - 1].isdigit() or _is_ascii_letter(s[i - 1]) or s[i - 1] == "."):
            return None
        base = _decimal(m.group().replace(",", ""))
        if base is None:
            return None
        j, qual = _take_infix(s, m.end())
        j, mag, mag_start = _take_magnitudes(s, j)
        mag_end = j
        if qual is None:
            j, qual = _take_infix(s, j)
        if j < len(s) and _is_ascii_letter(s[j]) and _unit_at(s, j) is None:
            return None  # 5G, 415X: a name, not a number
        return _Core(
            end=j,
            value=base * mag,
            qualifier=qual,
            mag_start=mag_start,
            mag_end=mag_end,
            mag=mag,
            numeral_len=len(m.group()),
            ends_with_magnitude=mag_start >= 0,
        )
    m = _VAGUE.match(s, i)
    if m:  # 数十亿: tens of 亿; 上百: a hundred or more
        mag = _cn(m.group(2))
        if mag is None:
            return None
        vague = _Core(
            end=m.end(),
            value=None,
            low=mag,
            high=mag * 10,
            qualifier="approximate",
            mag_start=m.start(2),
            mag_end=m.end(),
            chinese=True,
            numeral_len=len(m.group()),
            ends_with_magnitude=True,
        )
        if m.group(1) == "上":
            vague.value, vague.low, vague.high, vague.qualifier = mag, None, None, "at_least"
        return vague
    return _chinese_core(s, i)


def _chinese_core(s: str, i: int) -> _Core | None:
    m = _CN_RUN.match(s, i)
    if not m:
        return None
    run = m.group()
    adjacent = _ADJACENT.match(run)
    if adjacent and DIGITS[adjacent.group(2)] == DIGITS[adjacent.group(1)] + 1:
        mag = _cn(adjacent.group(3)) if adjacent.group(3) else Decimal(1)
        if mag is not None:  # 三四家, 二三十个: "3 or 4", "20 or 30"
            return _Core(
                end=i + adjacent.end(),
                value=None,
                qualifier="approximate",
                low=DIGITS[adjacent.group(1)] * mag,
                high=DIGITS[adjacent.group(2)] * mag,
                chinese=True,
                numeral_len=adjacent.end(),
            )
    for length in range(len(run), 0, -1):
        head = run[:length]
        value = parse_chinese_number(head)
        if value is None or (value == 0 and length == 1):
            continue
        j, qual = _take_infix(s, i + length)
        j2, mag, mag_start = _take_magnitudes(s, j) if qual else (j, Decimal(1), -1)
        mag_end, total = j2, Decimal(value) * mag
        big = len(head) - len(head.rstrip("万亿"))
        if mag_start < 0 and big:  # 两千亿, 亿元: 亿 is written as the magnitude
            mag_start, mag_end = i + length - big, i + length
            for c in head[-big:]:
                mag *= _MAGNITUDES[c]
        return _Core(
            end=j2,
            value=total,
            qualifier=qual,
            mag_start=mag_start,
            mag_end=mag_end,
            mag=mag,
            chinese=True,
            numeral_len=length,
            ends_with_magnitude=head[-1] in "百千万亿" or j2 > j,
        )
    return None


def _suffix_at(s: str, j: int) -> str | None:
    for suffix in _SUFFIXES_BY_LENGTH:
        if s.startswith(suffix, j):
            if suffix == "上下" and s[j + 2 : j + 3] == "游":
                return None  # 上下游 is the supply chain
            return suffix
    return None


# --- one quantity (number, unit, qualifiers) --------------------------------------------------


@dataclass
class _Found:
    end: int
    quantity: Quantity
    kind: MentionKind = "quantity"
    unit_missing: bool = False
    numeral_len: int = 0
    chinese: bool = False
    lone_one: bool = False


def _bound(a: Qualifier | None, b: Qualifier | None) -> Qualifier:
    """Combine qualifiers: a bound beats approximate, the first bound wins."""
    for q in (a, b):
        if q not in (None, "exact", "approximate"):
            return q  # type: ignore[return-value]
    return "approximate" if "approximate" in (a, b) else "exact"


def _range_after(s: str, j: int) -> tuple[int, _Core] | None:
    for sep in _RANGE_SEPARATORS:
        if s.startswith(sep, j):
            k = j + len(sep)
            core = _core(s, k)
            if core is not None:
                return k, core
    return None


@dataclass
class _Reading:
    """A quantity read left to right: the number or range so far, and where the text goes on."""

    core: _Core
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: Qualifier | None
    mag_core: _Core
    """The number whose magnitude is written: the core, or a range's second end (20-30亿元)."""
    unit_start: int
    unit: str | None = None
    canonical: str | None = None
    suffix_qualifier: Qualifier | None = None


def _quantity_at(s: str, raw: str, p: int) -> _Found | None:
    i, prefix_qual = _prefix_at(s, p)
    i, negative = _sign_at(s, i)
    if prefix_qual is not None:
        special = _qualified_special_at(s, i, prefix_qual)
        if special is not None:
            return special
    core = _core(s, i)
    if core is None:
        return None
    r = _number_or_range(s, core)
    _read_unit(s, r)
    _read_suffix(s, r)
    _tenths_as_percent(r)
    return _found(raw, r, prefix_qual, negative)


def _prefix_at(s: str, p: int) -> tuple[int, Qualifier | None]:
    for prefix in _PREFIXES_BY_LENGTH:
        if s.startswith(prefix, p):
            return p + len(prefix), _PREFIXES[prefix]
    return p, None


def _sign_at(s: str, i: int) -> tuple[int, bool]:
    signed = i < len(s) - 1 and s[i] in "-负" and s[i + 1].isdigit()
    if signed and not (i > 0 and s[i - 1].isdigit()):  # 2020-2025 is a range, not -2025
        return i + 1, True
    return i, False


def _qualified_special_at(s: str, i: int, prefix_qual: Qualifier) -> _Found | None:
    """近一半, 超三分之一: the prefix bounds a special form."""
    special = _special_at(s, i)
    if special is None or special.kind != "quantity":
        return None
    special.quantity.qualifier = _bound(prefix_qual, special.quantity.qualifier)
    return special


def _number_or_range(s: str, core: _Core) -> _Reading:
    r = _Reading(core, core.end, core.value, core.low, core.high, core.qualifier, core, core.end)
    second = _range_after(s, core.end)
    if second is None or core.value is None:
        return r
    other = second[1]
    if other.value is None or other.chinese != core.chinese:
        return r  # 2至三 mixes scripts: not one range
    a, b = core.value, other.value
    if core.mag_start < 0 and other.mag_start >= 0:
        a = a * other.mag  # 20-30亿元: the magnitude belongs to both ends
    if a < b:
        r.low, r.high, r.value, r.end = a, b, None, other.end
        r.unit_start = other.end
        r.mag_core = other if other.mag_start >= 0 else core
    return r


def _unit_for(s: str, r: _Reading) -> str | None:
    unit = _unit_at(s, r.end)
    if unit is None:
        return None
    if unit in SMALL_NUMBER_ONLY and (r.core.numeral_len > 1 or (r.value or Decimal(11)) > 10):
        return None  # 二十大 is a congress, 30成 is not 300%
    if unit == "成" and (r.value is None or r.core.value is None):
        return None  # 成 scales one exact number; 二三成 and 2-3成 stay unread
    return unit


def _read_unit(s: str, r: _Reading) -> None:
    unit = _unit_for(s, r)
    if unit is None:
        return
    r.unit, r.canonical = unit, UNITS[unit]
    r.end += len(unit)
    _read_range_with_unit_twice(s, r, unit)
    if r.canonical in MONEY and s.startswith(unit, r.end):
        r.end += len(unit)  # 438.09亿元元: a doubled unit is a typo, not a second number
    if r.end < len(s) and s[r.end] in "多余" and r.canonical in ("year", "month", "day", "hour"):
        r.qualifier = r.qualifier or "more_than"  # 1年多
        r.end += 1


def _read_range_with_unit_twice(s: str, r: _Reading, unit: str) -> None:
    """10%-15%: the unit is written after both ends."""
    if r.low is not None or r.value is None:
        return
    second = _range_after(s, r.end)
    if second is None:
        return
    other = second[1]
    if other.value is not None and s.startswith(unit, other.end) and r.value < other.value:
        r.low, r.high, r.value = r.value, other.value, None
        r.end = other.end + len(unit)


def _read_suffix(s: str, r: _Reading) -> None:
    if r.core.ends_with_magnitude and s.startswith("级", r.end):
        r.suffix_qualifier, r.end = "at_least", r.end + 1  # 百亿级: that order of magnitude or more
        return
    suffix = _suffix_at(s, r.end)
    if suffix is not None:
        r.suffix_qualifier, r.end = _SUFFIXES[suffix], r.end + len(suffix)


def _tenths_as_percent(r: _Reading) -> None:
    if r.unit == "成":  # 三成 is 30%
        r.value, r.canonical = (r.value or Decimal(0)) * 10, "%"


def _found(raw: str, r: _Reading, prefix_qual: Qualifier | None, negative: bool) -> _Found:
    core = r.core
    quantity = Quantity(
        value=_float(-r.value if negative and r.value is not None else r.value),
        low=_float(r.low),
        high=_float(r.high),
        unit=r.canonical,
        unit_as_written=_unit_as_written(raw, r.mag_core, r.unit_start, r.unit) or None,
        qualifier=_bound(prefix_qual, _bound(r.qualifier, r.suffix_qualifier)),
    )
    kind: MentionKind = "quantity"
    if r.canonical == "ordinal":  # 30强, 十强: within the top 30
        kind = "ordinal"
        quantity.qualifier = "at_most"
    bare = r.unit is None and r.suffix_qualifier is None
    return _Found(
        end=r.end,
        quantity=quantity,
        kind=kind,
        unit_missing=bare and (core.chinese or core.mag_start < 0),
        numeral_len=core.numeral_len,
        chinese=core.chinese,
        lone_one=core.chinese and core.value == 1 and core.numeral_len == 1,
    )


def _unit_as_written(raw: str, core: _Core, unit_start: int, unit: str | None) -> str:
    """Magnitude and unit as the page writes them (亿元, 萬輛), without 余/多 between them."""
    mag = raw[core.mag_start : core.mag_end] if core.mag_start >= 0 else ""
    written = raw[unit_start : unit_start + len(unit)] if unit else ""
    return mag + written


# --- special forms -------------------------------------------------------------------------


def _special_at(s: str, p: int) -> _Found | None:
    m = _DOUBLING.match(s, p)
    if m:  # 翻一番 = +100%, 翻两番 = +300%
        n = DIGITS.get(m["n"] or "一", 1)
        q = Quantity(value=float(2**n - 1) * 100, unit="%", direction="up")
        return _Found(end=m.end(), quantity=q, kind="change")
    m = _PERCENT_WORDS.match(s, p)
    if m:
        n = m["n"]
        if _PLAIN_DECIMAL.fullmatch(n):
            v = _decimal(n)
        else:
            v = _percent_point(n) if "点" in n else _cn(n)
        if v is not None:
            q = Quantity(value=float(v), unit="%", unit_as_written="百分之")
            return _finish_special(s, m.end(), q)
    m = _FRACTION.match(s, p)
    if m:
        d, n = _cn(m["d"]), _cn(m["n"])
        if d and n is not None:
            q = Quantity(value=round(float(n / d * 100), 4), unit="%", unit_as_written="分之")
            return _finish_special(s, m.end(), q)
    m = _HALF.match(s, p)
    if m:
        qual: Qualifier = "more_than" if m.group() == "过半" else "exact"
        return _finish_special(s, m.end(), Quantity(value=50.0, unit="%", qualifier=qual))
    m = _ORDINAL.match(s, p)
    if m:
        v = _cn(m["n"])
        if v is not None and v > 0:
            q = Quantity(value=float(v), unit="ordinal")
            return _Found(end=m.end(), quantity=q, kind="ordinal")
    m = _TOP.match(s, p)
    if m and (m["u"] or _unit_at(s, m.end()) is None):
        v = _cn(m["n"])
        if v is not None and v > 0:
            q = Quantity(value=float(v), unit="ordinal", qualifier="at_most")
            return _Found(end=m.end(), quantity=q, kind="ordinal")
    return None


def _percent_point(text: str) -> Decimal | None:
    whole, _, frac = text.replace("点", ".").partition(".")
    w = _cn(whole)
    digits = "".join(str(DIGITS[c]) if c in DIGITS else c for c in frac)
    return None if w is None or not digits.isdigit() else w + Decimal("0." + digits)


def _finish_special(s: str, j: int, q: Quantity) -> _Found:
    suffix = _suffix_at(s, j)
    if suffix is not None:
        q.qualifier = _bound(q.qualifier if q.qualifier != "exact" else None, _SUFFIXES[suffix])
        j += len(suffix)
    return _Found(end=j, quantity=q)


# --- scanning --------------------------------------------------------------------------------


def _skip(s: str, p: int) -> int:
    """Where to look next after nothing matched at p: never inside a number."""
    if s[p].isdigit():
        m = _DIGIT_RUN.match(s, p)
        return m.end() if m else p + 1
    core = _chinese_core(s, p)
    if core is not None and core.value is not None:
        return p + core.numeral_len
    return p + 1


def _accept(found: _Found, strict: bool) -> bool:
    if not strict or found.kind != "quantity":
        return True
    q = found.quantity
    if found.unit_missing:
        return False  # a bare number (315, 2.0版) is a name or noise, not a mention
    if found.chinese:
        if found.lone_one and q.qualifier == "exact":
            return False  # 一个, 一条, 一家: counting words, too often not a figure
        if q.unit_as_written and q.unit_as_written[-1] in IDIOM_PRONE:
            return False
    return True


def _as_change(found: _Found, verb: str) -> Quantity:
    q = found.quantity.model_copy()
    down = verb.endswith(_DOWN_VERBS) or verb[-1] in _DOWN_SHORT or verb.startswith("负")
    if down:
        q.value = -abs(q.value) if q.value is not None else None
        if q.low is not None and q.high is not None:
            q.low, q.high = -abs(q.high), -abs(q.low)
        q.direction = "down"
    else:
        q.direction = "down" if (q.value is not None and q.value < 0) else "up"
    return q


def _scan(text: str, strict: bool) -> list[Mention]:
    s = fold(text)
    mentions: list[Mention] = []
    p, n = 0, len(s)
    while p < n:
        if s[p] not in _START_CHARS:
            p += 1
            continue
        date_match = DATE_MENTION.match(s, p)
        if date_match and date_match.end() > p:
            end = date_match.end()
            mentions.append(Mention(p, end, text[p:end], "date"))
            p = end
            continue
        found = _special_at(s, p) or _quantity_at(s, text, p)
        if found is None or not _accept(found, strict):
            p = _skip(s, p)
            continue
        kind, quantity, verb, verb_start = found.kind, found.quantity, None, None
        if kind == "quantity":
            m = _CHANGE.search(s, max(0, p - 12), p)
            if m:
                verb, verb_start = text[m.start("verb") : m.end("verb")], m.start("verb")
                kind, quantity = "change", _as_change(found, s[m.start("verb") : m.end("verb")])
        elif kind == "change":
            verb, verb_start = text[p : found.end], p
        mention = Mention(p, found.end, text[p : found.end], kind, quantity, verb, verb_start)
        mentions.append(mention)
        p = found.end
    return mentions


def find_mentions(text: str) -> list[Mention]:
    """Every number mention in text (with unit, measure word, %, 倍, ordinal or date), in order."""
    if not text:
        return []
    return _scan(text, strict=True)


# --- parsing as-written values ---------------------------------------------------------------

_LEVEL = re.compile(r"(?:增长|增加|提高|提升|上升|下降|降低|减少|回落)(?:到|至)")
_TAIL = re.compile(r"[\u4e00-\u9fff]{1,2}$")
_NOT_A_UNIT_TAIL = frozenset("的了是在和及与等以左上下其中为")


def parse_quantity(text: str) -> Quantity | None:
    """The first number in an as-written value (438.09亿元, 1400余家, 第一) as a Quantity.

    Dates are not quantities (use resolve_period). None when there is no number.
    """
    if not text:
        return None
    try:
        mentions = _scan(text, strict=False)
    except (ValueError, ArithmeticError):
        return None
    for mention in mentions:
        if mention.kind == "date" or mention.quantity is None:
            continue
        q = mention.quantity
        if q.unit is None:
            tail = text[mention.end :].strip()
            if _TAIL.fullmatch(tail) and tail[0] not in _NOT_A_UNIT_TAIL:
                written = (q.unit_as_written or "") + tail
                q = q.model_copy(update={"unit": tail, "unit_as_written": written})
        return q
    return None


def parse_change(text: str) -> Quantity | None:
    """A growth phrase (同比增长11.8%, 下降3.2%, 提高3个百分点, 翻一番) as a signed Quantity.

    A bare number is read as a growth rate (its sign gives the direction); 增长至/提高到 state
    a level, not a change, and give None.
    """
    if not text:
        return None
    try:
        s = fold(text)
        if "持平" in s:
            return Quantity(value=0.0, unit="%")
        mentions = [m for m in _scan(text, strict=False) if m.kind != "date" and m.quantity]
    except (ValueError, ArithmeticError):
        return None
    for mention in mentions:
        if mention.kind == "change":
            return mention.quantity
    if _LEVEL.search(s) or not mentions:
        return None
    q = mentions[0].quantity
    assert q is not None
    if q.unit not in (None, "%", "pp", "times"):
        return None
    direction = None
    if q.value is not None and q.value != 0:
        direction = "up" if q.value > 0 else "down"
    return q.model_copy(update={"direction": direction})
