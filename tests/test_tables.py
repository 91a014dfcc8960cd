"""Flattened tables read back as row label x column header x value, with exact spans."""

from __future__ import annotations

from extractor.numbers.slots import plan_slots
from extractor.numbers.tables import table_slots

BARRED = (
    "2016年上半年 |\n|||\n区域 |\n单位数 |\n收入合计 |\n|\n绝对值 |\n增速 |\n||\n"
    "甲功能区 |\n6760 |\n18351.5 |\n15.4 |\n乙功能区 |\n538 |\n4242.0 |\n-8.2 |\n"
    "注:1.甲功能区按注册地原则统计。 |\n"
)


def _read(text: str) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    out = []
    for s in table_slots(text):
        growth = text[s.growth[0] : s.growth[1]] if s.growth else None
        out.append((s.value.text, growth, s.period, s.name, s.subject))
    return out


def test_one_cell_per_line_with_a_spanning_header_and_growth_column():
    assert _read(BARRED) == [
        ("6760", None, "2016年上半年", "单位数", "甲功能区"),
        ("18351.5", "15.4", "2016年上半年", "收入合计", "甲功能区"),
        ("538", None, "2016年上半年", "单位数", "乙功能区"),
        ("4242.0", "-8.2", "2016年上半年", "收入合计", "乙功能区"),
    ]


def test_spans_are_the_cells():
    for s in table_slots(BARRED):
        assert BARRED[s.value.start : s.value.end] == s.value.text


def test_years_as_columns_give_the_period_and_the_row_names_the_measure():
    text = "指标 2019 2020\n地区生产总值(亿元) 100.5 120\n工业增加值(亿元) 50 60\n"
    read = _read(text)
    assert read[0] == ("100.5", None, "2019", "地区生产总值", None)
    assert read[3] == ("60", None, "2020", "工业增加值", None)
    assert table_slots(text)[0].value.quantity.value == 100.5e8


def test_space_aligned_rows_with_a_unit_in_the_header():
    text = "一季度\n地区 产值(亿元) 增速\n甲区 100.5 8.2\n乙区 50 -3.1\n"
    assert _read(text) == [
        ("100.5", "8.2", "一季度", "产值", "甲区"),
        ("50", "-3.1", "一季度", "产值", "乙区"),
    ]


def test_prose_and_single_rows_are_no_table():
    prose = "全区完成产值120亿元,同比增长8.2%。\n联系电话 0571 8888888\n第二行 12\n"
    assert table_slots(prose) == []


def test_table_cells_are_not_prose_slots():
    assert plan_slots(BARRED) == []


def test_title_period_unit_line_and_bars_within_lines():
    text = (
        "2023年1-6月各园区主要指标\n单位:亿元、%\n"
        "园区 | 规上工业产值 | 同比增长 | 固定资产投资 | 同比增长 |\n"
        "甲园区 | 100.5 | 8.2 | 30 | -1.5 |\n乙园区 | 50 | 3.1 | 20 | 2.2 |\n"
    )
    assert _read(text)[:2] == [
        ("100.5", "8.2", "2023年1-6月", "规上工业产值", "甲园区"),
        ("30", "-1.5", "2023年1-6月", "固定资产投资", "甲园区"),
    ]
    assert table_slots(text)[0].value.quantity.value == 100.5e8


def test_a_spanning_header_under_a_title_line():
    text = (
        "2016年上半年六大功能区主要经济指标\n区域 | 单位数 | 收入合计 |\n| 绝对值 | 增速 |\n"
        "金融街 | 538 | 4242.0 | -8.2 |\n临空经济区 | 535 | 1789.7 | 4.5 |\n"
    )
    assert _read(text)[:2] == [
        ("538", None, "2016年上半年", "单位数", "金融街"),
        ("4242.0", "-8.2", "2016年上半年", "收入合计", "金融街"),
    ]


def test_equal_cells_are_not_restatements():
    from extractor.numbers.slots import dropped_after_labels

    text = BARRED + BARRED.replace("2016年上半年", "2016年1季度")
    slots = table_slots(text)
    assert len(slots) == 8 and all(s.cell for s in slots)
    assert dropped_after_labels(text, slots) == set()


def test_years_as_rows_and_empty_cells():
    text = "年份 | 地区生产总值(亿元) | 增速(%) |\n2019年 | 500 | 6.5 |\n2020年 | 520 | - |\n"
    assert _read(text) == [
        ("500", "6.5", "2019年", "地区生产总值", None),
        ("520", None, "2020年", "地区生产总值", None),
    ]
    text = "园区 | 产值 | 增速 |\n甲园区 | - | 3.2 |\n乙园区 | 40 | 2.1 |\n"
    assert _read(text) == [("40", "2.1", None, "产值", "乙园区")]
