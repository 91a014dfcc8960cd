"""Names a small model copies from the prompt's own examples never reach the output."""

from extractor.ask.merge import without_copied_examples
from extractor.ask.prompts import instruction_text
from extractor.ground.spans import ground_facts
from schemas.facts import ArticleFacts, Organization, Region


def test_example_names_not_in_the_page_are_removed() -> None:
    page = "钱塘区集聚企业1400余家，甲公司落户。"
    assert "萧山经开区" in instruction_text() and "吉利汽车" in instruction_text()
    facts = ArticleFacts(
        regions=[Region(name="萧山经开区"), Region(name="钱塘区")],
        organizations=[Organization(name="吉利汽车"), Organization(name="甲公司")],
    )
    kept = without_copied_examples(ground_facts(facts, page))
    assert [r.name for r in kept.regions] == ["钱塘区"]
    assert [o.name for o in kept.organizations] == ["甲公司"]


def test_example_names_the_page_does_contain_stay() -> None:
    page = "萧山经开区汽车产业链链主吉利汽车扩产。"
    facts = ArticleFacts(organizations=[Organization(name="吉利汽车")])
    kept = without_copied_examples(ground_facts(facts, page))
    assert [o.name for o in kept.organizations] == ["吉利汽车"]
