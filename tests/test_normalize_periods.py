"""resolve_period and resolve_date on the period phrases Chinese economic news uses."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.normalize import resolve_date, resolve_period

D = date
JAN22 = D(2022, 1, 25)  # 钱塘发布, 2022-01-25: reports last year's full-year figures
AUG23 = D(2023, 8, 10)  # 钱塘新区报, 2023-08-10: reports this year's first half
FEB23 = D(2023, 2, 14)  # 浙江日报, 2023-02-14
OCT20 = D(2020, 10, 15)  # 环球网, 2020-10-15

# text, publish, start, end, granularity
PERIOD_CASES = [
    # explicit years and months
    ("2021年1-12月", JAN22, D(2021, 1, 1), D(2021, 12, 31), "range"),
    ("2021年1—11月", JAN22, D(2021, 1, 1), D(2021, 11, 30), "range"),
    ("2023年1-6月", AUG23, D(2023, 1, 1), D(2023, 6, 30), "range"),
    ("2023年1月至6月", None, D(2023, 1, 1), D(2023, 6, 30), "range"),
    ("2019年", OCT20, D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("2019", None, D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("2021年度", JAN22, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("二〇二一年", None, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("2022年1月", None, D(2022, 1, 1), D(2022, 1, 31), "month"),
    ("2024年2月", None, D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("2022年1月25日", None, D(2022, 1, 25), D(2022, 1, 25), "day"),
    ("2022-01-25", None, D(2022, 1, 25), D(2022, 1, 25), "day"),
    ("2022年第一季度", None, D(2022, 1, 1), D(2022, 3, 31), "quarter"),
    ("2022年上半年", None, D(2022, 1, 1), D(2022, 6, 30), "half"),
    ("2022年下半年", None, D(2022, 7, 1), D(2022, 12, 31), "half"),
    ("2022年前三季度", None, D(2022, 1, 1), D(2022, 9, 30), "range"),
    ("2022年底", None, D(2022, 12, 1), D(2022, 12, 31), "month"),
    ("2023-2025", None, D(2023, 1, 1), D(2025, 12, 31), "range"),
    ("2023—2027年", None, D(2023, 1, 1), D(2027, 12, 31), "range"),
    ("2021年至2023年", None, D(2021, 1, 1), D(2023, 12, 31), "range"),
    # yearless: the nearest year, counting the future double
    ("1-6月", AUG23, D(2023, 1, 1), D(2023, 6, 30), "range"),
    ("1-12月", JAN22, D(2021, 1, 1), D(2021, 12, 31), "range"),
    ("1到8月", OCT20, D(2020, 1, 1), D(2020, 8, 31), "range"),
    ("1—11月", D(2021, 12, 20), D(2021, 1, 1), D(2021, 11, 30), "range"),
    ("上半年", AUG23, D(2023, 1, 1), D(2023, 6, 30), "half"),
    ("上半年", D(2021, 8, 10), D(2021, 1, 1), D(2021, 6, 30), "half"),
    ("下半年", D(2023, 1, 20), D(2022, 7, 1), D(2022, 12, 31), "half"),
    ("一季度", D(2023, 4, 20), D(2023, 1, 1), D(2023, 3, 31), "quarter"),
    ("第一季度", D(2023, 4, 20), D(2023, 1, 1), D(2023, 3, 31), "quarter"),
    ("二季度", AUG23, D(2023, 4, 1), D(2023, 6, 30), "quarter"),
    ("第三季度", D(2023, 10, 25), D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("前三季度", D(2023, 10, 25), D(2023, 1, 1), D(2023, 9, 30), "range"),
    ("前三季度", JAN22, D(2021, 1, 1), D(2021, 9, 30), "range"),
    ("前8个月", D(2023, 9, 15), D(2023, 1, 1), D(2023, 8, 31), "range"),
    ("12月", JAN22, D(2021, 12, 1), D(2021, 12, 31), "month"),
    ("2月", FEB23, D(2023, 2, 1), D(2023, 2, 28), "month"),
    ("1月30日", FEB23, D(2023, 1, 30), D(2023, 1, 30), "day"),
    ("10月9日—10月12日", OCT20, D(2020, 10, 9), D(2020, 10, 12), "range"),
    ("6月上旬", AUG23, D(2023, 6, 1), D(2023, 6, 10), "range"),
    ("6月下旬", AUG23, D(2023, 6, 21), D(2023, 6, 30), "range"),
    ("全年", AUG23, D(2023, 1, 1), D(2023, 12, 31), "year"),
    # relative years
    ("去年", JAN22, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("今年", FEB23, D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("前年", FEB23, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("今年1到8月", OCT20, D(2020, 1, 1), D(2020, 8, 31), "range"),
    ("今年上半年", D(2021, 8, 10), D(2021, 1, 1), D(2021, 6, 30), "half"),
    ("去年上半年", AUG23, D(2022, 1, 1), D(2022, 6, 30), "half"),
    ("今年一季度", AUG23, D(2023, 1, 1), D(2023, 3, 31), "quarter"),
    ("本月", FEB23, D(2023, 2, 1), D(2023, 2, 28), "month"),
    ("上个月", D(2023, 1, 10), D(2022, 12, 1), D(2022, 12, 31), "month"),
    ("昨天", FEB23, D(2023, 2, 13), D(2023, 2, 13), "day"),
    # up to now, since, by
    ("截至目前", AUG23, None, AUG23, "to_date"),
    ("目前", AUG23, None, AUG23, "to_date"),
    ("至今", AUG23, None, AUG23, "to_date"),
    ("截至2022年底", AUG23, None, D(2022, 12, 31), "to_date"),
    ("截至2022年6月", None, None, D(2022, 6, 30), "to_date"),
    ("截止2022年1月25日", None, None, D(2022, 1, 25), "to_date"),
    ("截至6月底", AUG23, None, D(2023, 6, 30), "to_date"),
    ("今年以来", AUG23, D(2023, 1, 1), AUG23, "to_date"),
    ("2021年以来", JAN22, D(2021, 1, 1), JAN22, "to_date"),
    ("2021年11月以来", JAN22, D(2021, 11, 1), JAN22, "to_date"),
    ("自2020年以来", JAN22, D(2020, 1, 1), JAN22, "to_date"),
    ("去年以来", AUG23, D(2022, 1, 1), AUG23, "to_date"),
    ("到2025年", FEB23, None, D(2025, 12, 31), "to_date"),
    ("到2022年", OCT20, None, D(2022, 12, 31), "to_date"),
    ("到2025年底", None, None, D(2025, 12, 31), "to_date"),
    ("2025年前", None, None, D(2025, 12, 31), "to_date"),
    ("到年底", FEB23, None, D(2023, 12, 31), "to_date"),
    ("年底前", FEB23, None, D(2023, 12, 31), "to_date"),
    # five-year plans
    ("十四五期间", FEB23, D(2021, 1, 1), D(2025, 12, 31), "range"),
    ("“十四五”时期", None, D(2021, 1, 1), D(2025, 12, 31), "range"),
    ("十四五", None, D(2021, 1, 1), D(2025, 12, 31), "range"),
    ("“十三五”期间", None, D(2016, 1, 1), D(2020, 12, 31), "range"),
    ("十四五末", None, D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("十五五规划", None, D(2026, 1, 1), D(2030, 12, 31), "range"),
    # rolling windows
    ("近三年", OCT20, D(2017, 10, 15), OCT20, "range"),
    ("未来五年", FEB23, FEB23, D(2028, 2, 14), "range"),
    # traditional script and full-width
    ("2021年1－12月", None, D(2021, 1, 1), D(2021, 12, 31), "range"),
    ("今年上半年", D(2021, 8, 10), D(2021, 1, 1), D(2021, 6, 30), "half"),
    ("２０２１年", None, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("截至2022年底。", None, None, D(2022, 12, 31), "to_date"),
]


@pytest.mark.parametrize(("text", "publish", "start", "end", "granularity"), PERIOD_CASES)
def test_resolve_period(
    text: str, publish: date | None, start: date | None, end: date | None, granularity: str
) -> None:
    p = resolve_period(text, publish)
    assert (p.start, p.end, p.granularity) == (start, end, granularity)
    assert p.text == text  # the as-written text is kept


@pytest.mark.parametrize(
    ("text", "publish"),
    [
        ("", AUG23),
        ("garbage", AUG23),
        ("日前", AUG23),
        ("近日", AUG23),
        ("近期", AUG23),
        ("近年来", AUG23),
        ("去年同期", AUG23),
        ("2021年13月", AUG23),
        ("2月30日", AUG23),
        ("某时", AUG23),
        # relative periods need a publication date
        ("上半年", None),
        ("去年", None),
        ("今年以来", None),
        ("截至目前", None),
        ("1-6月", None),
    ],
)
def test_resolve_period_unknown(text: str, publish: date | None) -> None:
    p = resolve_period(text, publish)
    assert (p.start, p.end, p.granularity) == (None, None, "unknown")


@pytest.mark.parametrize(
    ("text", "publish", "start"),
    [
        ("上半年", FEB23, D(2023, 1, 1)),  # a target's 上半年 is the one ahead
        ("1-12月", JAN22, D(2022, 1, 1)),
        ("6月底", FEB23, D(2023, 6, 30)),
    ],
)
def test_resolve_period_future(text: str, publish: date, start: date) -> None:
    assert resolve_period(text, publish, future=True).start == start


def test_resolve_period_past_default_for_the_same_text() -> None:
    assert resolve_period("上半年", FEB23).start == D(2022, 1, 1)


# text, publish, expected
DATE_CASES = [
    ("1月30日", FEB23, D(2023, 1, 30)),
    ("2月6日", FEB23, D(2023, 2, 6)),
    ("12月28日", D(2023, 1, 5), D(2022, 12, 28)),
    ("2022年1月25日", None, D(2022, 1, 25)),
    ("2020年10月15日", None, D(2020, 10, 15)),
    ("2022-01-25", None, D(2022, 1, 25)),
    ("2022/1/25", None, D(2022, 1, 25)),
    ("2022.01.25", None, D(2022, 1, 25)),
    ("2022-01-25 13:34:03", None, D(2022, 1, 25)),
    ("2021-08-10 14:27:42", None, D(2021, 8, 10)),
    ("2023-08-10 10:23", None, D(2023, 8, 10)),
    ("发布日期：2023-02-14 15:39 信息来源：浙江日报", None, D(2023, 2, 14)),
    ("来源:钱塘发布 | 2022-01-25 13:34:03 |", None, D(2022, 1, 25)),
    ("２０２２－０１－２５", None, D(2022, 1, 25)),
    ("二〇二二年一月二十五日", None, D(2022, 1, 25)),
    ("于3月30日提前完成", OCT20, D(2020, 3, 30)),
    ("昨天", FEB23, D(2023, 2, 13)),
    ("当天下午", FEB23, D(2023, 2, 14)),
    ("25日", FEB23, D(2023, 1, 25)),
    ("10日", FEB23, D(2023, 2, 10)),
    ("日前", FEB23, None),
    ("近日", FEB23, None),
    ("2022年1月", None, None),
    ("1月30日", None, None),
    ("昨天", None, None),
    ("", FEB23, None),
    ("garbage", FEB23, None),
    ("2022-13-45", None, None),
    ("2月30日", FEB23, None),
]


@pytest.mark.parametrize(("text", "publish", "expected"), DATE_CASES)
def test_resolve_date(text: str, publish: date | None, expected: date | None) -> None:
    assert resolve_date(text, publish) == expected
