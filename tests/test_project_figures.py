"""A named project's figures: land and floor area are its indicators, its investment is not."""

from extractor.numbers.indicators import indicators_from_slots
from extractor.numbers.slots import plan_slots
from extractor.page.clean import clean_page

TEXT = (
    "甲区举行项目集中开工仪式。其中,总用地900亩、一期计划投资20亿元的甲区科技产业园项目正式开工。"
    "该项目位于乙园区,主要建设40万平方米的现代化产业基地和10万平方米的研发大厦。"
)


def _indicators(projects: list[str]) -> dict[str, tuple[str, str]]:
    cleaned = clean_page(TEXT)
    slots = plan_slots(cleaned.text)
    found = indicators_from_slots(
        slots, None, cleaned, cleaned.text, ["甲区", "乙园区"], homes={"区": "甲区"},
        projects=projects,
    )  # fmt: skip
    return {i.value: (i.subject, i.name) for i in found}


def test_figures_before_a_project_name_and_after_a_reference_back_are_the_projects() -> None:
    got = _indicators(["甲区科技产业园项目"])
    assert got["900亩"][0] == "甲区科技产业园项目"
    assert got["40万平方米"] == ("甲区科技产业园项目", "现代化产业基地面积")
    assert got["10万平方米"] == ("甲区科技产业园项目", "研发大厦面积")
    # The project's own investment lives on the project.
    assert "20亿元" not in got


def test_without_the_project_the_figures_fall_to_the_places() -> None:
    got = _indicators([])
    assert got["20亿元"][0] != "甲区科技产业园项目"
    assert got["40万平方米"][0] in {"甲区", "乙园区"}


def test_an_area_stated_for_a_place_makes_the_place_its_subject() -> None:
    text = "打造1平方公里“专精特新”产业园,建设2.6平方公里的创新产业社区。"
    cleaned = clean_page(text)
    found = indicators_from_slots(plan_slots(text), None, cleaned, text, ["甲经开区"])
    assert [(i.subject, i.name) for i in found] == [
        ("“专精特新”产业园", "面积"),
        ("创新产业社区", "面积"),
    ]
