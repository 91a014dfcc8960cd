"""分别 lists: each value takes the subject or period at its position and the first one's name."""

from extractor.numbers.indicators import indicators_from_slots
from extractor.numbers.respectively import distribute
from extractor.numbers.slots import plan_slots
from extractor.page.clean import clean_page


def _by_value(text: str, names: list[str]) -> dict[str, tuple[str, str, str | None]]:
    cleaned = clean_page(text)
    slots = plan_slots(cleaned.text)
    found = indicators_from_slots(slots, None, cleaned, cleaned.text, names)
    return {i.value: (i.subject, i.name, i.period) for i in found}


def test_values_take_the_places_listed_before_them_in_order() -> None:
    text = "前三名为甲市、乙市、丙市，营业收入分别为30亿元、20亿元、10亿元。"
    got = _by_value(text, ["甲市", "乙市", "丙市"])
    assert got["30亿元"] == ("甲市", "营业收入", None)
    assert got["20亿元"] == ("乙市", "营业收入", None)
    assert got["10亿元"] == ("丙市", "营业收入", None)


def test_a_year_range_gives_each_value_its_year() -> None:
    text = "2019年至2021年，丁区分别完成地区生产总值100亿元、120亿元、150亿元。"
    got = _by_value(text, ["丁区"])
    assert [got[v][2] for v in ("100亿元", "120亿元", "150亿元")] == ["2019年", "2020年", "2021年"]
    assert {got[v][1] for v in ("100亿元", "120亿元", "150亿元")} == {"地区生产总值"}


def test_a_list_of_another_length_is_not_distributed() -> None:
    text = "甲市、乙市两地营业收入分别为30亿元、20亿元、10亿元。"
    slots = plan_slots(text)
    given = distribute(text, slots, ["甲市", "乙市"])
    assert all(g.subject is None for g in given.values())
    # The values still share the first one's name.
    assert [g.named_by for g in given.values()] == [None, slots[0].id, slots[0].id]


def test_values_not_joined_to_the_first_are_left_alone() -> None:
    text = "甲市、乙市营业收入分别为30亿元、20亿元。全年税收5亿元。"
    given = distribute(text, plan_slots(text), ["甲市", "乙市"])
    assert len(given) == 2


def test_a_list_of_measures_names_each_value() -> None:
    text = "2019年,甲经开区规上产值1044亿元,产值、利税分别占全区比重66%和70%。"
    got = _by_value(text, ["甲经开区"])
    assert got["66%"][1].endswith("产值占全区比重")  # 规上产值, as the sentence named it
    assert got["70%"][1] == "利税占全区比重"
