"""Projects named "<name>项目" in one clause; counts, kinds and references are not names."""

import pytest

from extractor.rules.project_names import project_names


def _names(text: str) -> list[str]:
    return [p.name for p in project_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("走进甲港，甲医学所二期项目正在加速推进。", ["甲医学所二期项目"]),
        (
            "年产30亿只专用集成电路封装测试项目一期工程顺利投产。",
            ["年产30亿只专用集成电路封装测试项目"],
        ),
        ("总投资约50亿元的乙疫苗创新中心项目签约落地。", ["乙疫苗创新中心项目"]),
        ("作为创新药研发及产业化项目的重要组成部分，研发中心开放。", ["创新药研发及产业化项目"]),
    ],
)
def test_named_projects(text, expected) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "新签约亿元以上项目35个。",  # a count
        "“甲、乙、丙”三个科技强基项目入选。",  # a count
        "加快推进重点项目建设。",  # a kind of project
        "这个生物医药百亿项目推进取得新进展。",  # a reference back
        "我们加速项目落地，全力以赴招引项目。",  # predicates
    ],
)
def test_not_project_names(text) -> None:
    assert _names(text) == []


def test_offsets_point_at_the_names() -> None:
    text = "当天，总投资约50亿元的乙疫苗创新中心项目签约落地。"
    for p in project_names(text):
        assert text[p.start : p.start + len(p.name)] == p.name
