"""Units as Chinese news writes them, mapped to a small set of canonical units."""

from __future__ import annotations

UNITS: dict[str, str] = {
    # money
    "元人民币": "CNY", "人民币": "CNY", "元": "CNY",
    "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD", "日元": "JPY", "英镑": "GBP",
    # ratios and changes
    "%": "%", "‰": "‰", "个百分点": "pp", "百分点": "pp", "倍": "times", "成": "%",
    # counts of things
    "家": "enterprise", "户": "household",
    "个": "item", "项": "item", "条": "item", "大": "item", "座": "item", "款": "item",
    "类": "kind", "种": "kind", "批": "batch", "支": "item", "张": "item", "份": "item",
    "所": "institution",
    "人次": "person_time", "人": "person", "名": "person", "位": "person",
    "台套": "unit", "台": "unit", "套": "unit", "辆": "vehicle", "艘": "vessel", "架": "aircraft",
    "只": "piece", "件": "piece", "颗": "piece", "片": "piece", "枚": "piece",
    "剂": "dose", "株": "plant", "头": "head", "栋": "building", "幢": "building",
    "场": "event", "次": "occurrence", "届": "session",
    "强": "ordinal",
    # area, length, mass, energy, volume
    "平方公里": "km2", "平方千米": "km2", "平方米": "m2", "平米": "m2", "公顷": "ha", "亩": "mu",
    "立方米": "m3", "公里": "km", "千米": "km", "米": "m",
    "吨": "ton", "公斤": "kg", "千克": "kg",
    "千瓦时": "kWh", "千瓦": "kW", "兆瓦": "MW", "吉瓦": "GW", "标箱": "TEU",
    "kWh": "kWh", "kW": "kW", "MW": "MW", "GW": "GW", "TEU": "TEU", "km": "km",
    # durations (calendar dates are recognized before units are tried)
    "周年": "year", "年": "year", "个季度": "quarter", "个月": "month", "个小时": "hour",
    "小时": "hour", "分钟": "minute", "天": "day", "周": "week",
}  # fmt: skip
"""As-written unit -> canonical unit. Longest match wins (个百分点 before 个)."""

UNITS_BY_LENGTH: tuple[str, ...] = tuple(sorted(UNITS, key=len, reverse=True))

# Categories of canonical units, in one place for every stage that asks what a number is.
MONEY = frozenset({"CNY", "USD", "EUR", "HKD", "JPY", "GBP"})
PERSONS = frozenset({"person", "person_time"})
COUNTS = frozenset({"enterprise", "item", "institution", "household", "unit", "piece", "kind",
                    "batch", "vehicle", "vessel", "aircraft", "building", "event", "occurrence",
                    "session", "dose", "plant", "head"})  # fmt: skip
AREAS = frozenset({"km2", "m2", "ha", "mu"})
DURATIONS = frozenset({"year", "quarter", "month", "week", "day", "hour", "minute"})
"""Spans of time (三年行动, 二十周年) describe plans and events rather than measure them."""

# Units that Chinese numerals form idioms with (三荟两通五场景, 三天两头, 一张蓝图):
# a Chinese numeral before one of these is not counted as a mention.
IDIOM_PRONE = frozenset("场头片张份支周天次批届种类")

# Measure words that only count when the numeral is tiny (三大产业 yes, 二十大 no; 两成 yes).
SMALL_NUMBER_ONLY = frozenset({"大", "成"})


def match_unit(s: str, pos: int) -> str | None:
    """The longest unit starting at s[pos], as written, or None."""
    for unit in UNITS_BY_LENGTH:
        if s.startswith(unit, pos):
            return unit
    return None
