"""Chinese numerals (一百二十, 两千, 十四, 百亿, 二〇二一, 壹佰) to numbers."""

from __future__ import annotations

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = frozenset(DIGITS) | frozenset(SMALL_UNITS) | frozenset(BIG_UNITS)
"""Characters that can make up a Chinese numeral."""


def parse_chinese_number(s: str) -> int | None:
    """Value of a Chinese numeral, or None if s is not one.

    Handles the colloquial elision after a unit (一百二 = 120, 两万三 = 23000) and
    positional digit strings (二〇二一 = 2021).
    """
    if not s or any(c not in NUMERAL_CHARS for c in s):
        return None
    if len(s) > 1 and all(c in DIGITS for c in s):
        # Digit strings are positional only as years (二〇二一, 一九九八); 三四 means "3 or 4".
        if len(s) == 4 or any(c in "零〇○" for c in s[1:]):
            return int("".join(str(DIGITS[c]) for c in s))
        return None
    return _parse_with_units(s)


def _parse_with_units(s: str) -> int | None:
    for big_char, big in (("亿", BIG_UNITS["亿"]), ("万", BIG_UNITS["万"])):
        i = s.rfind(big_char)
        if i < 0:
            continue
        left, right = s[:i], s[i + 1 :]
        high = _parse_with_units(left) if left else 1
        if high is None:
            return None
        if len(right) == 1 and right in DIGITS and right not in "零〇○":
            low: int | None = DIGITS[right] * big // 10  # 两万三 = 23000
        else:
            low = _parse_with_units(right) if right else 0
        if low is None or low >= big:
            return None
        return high * big + low
    return _parse_section(s)


def _parse_section(s: str) -> int | None:
    """A numeral below 10,000 (no 万 or 亿)."""
    total = 0
    digit: int | None = None
    last_unit: int | None = None
    after_zero = False
    for c in s:
        if c in DIGITS:
            if digit is not None and DIGITS[c] != 0:
                return None  # two digits in a row (三四) is not a plain numeral
            d = DIGITS[c]
            if d == 0:
                after_zero = True
            else:
                digit = d
        else:
            unit = SMALL_UNITS[c]
            if last_unit is not None and unit >= last_unit:
                return None  # 百千 or 十十: units must fall
            total += (digit if digit is not None else 1) * unit
            last_unit, digit, after_zero = unit, None, False
    if digit is not None:
        if last_unit is not None and last_unit >= 100 and not after_zero:
            total += digit * last_unit // 10  # 一百二 = 120
        else:
            total += digit
    return total
