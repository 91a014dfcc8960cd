"""Policies named in quotes or book-title marks, with the kind noun after the quote."""

from extractor.rules.policies import add_policies, policy_names
from schemas.facts import ArticleFacts, IndustryChain, Policy


def _names(text: str, exclude: set[str] = frozenset()) -> list[str]:
    return [name for name, _ in policy_names(text, set(exclude))]


def test_documents_and_quoted_programs() -> None:
    text = (
        "编制《甲区“415X”先进制造业集群建设行动方案(2023—2027年)》，"
        "持续推动“八八战略”走深走实，全面推行“链长制”，实施“188”工程和“六新”改造。"
    )
    assert _names(text) == [
        "《甲区“415X”先进制造业集群建设行动方案(2023—2027年)》",
        "“八八战略”",
        "“链长制”",
        "“188”工程",
        "“六新”改造",
    ]


def test_quoted_words_that_are_not_programs() -> None:
    # A chain, a title and a plain quoted word are not policies; no kind noun across 的/等/均.
    text = "“芯智造”产业链集聚企业，行业专家作为“主考官”，“一体化、数智化”的平台治理新模式。"
    assert _names(text, {"“芯智造”产业链"}) == []
    assert _names("“书记区长直通车”等特色活动") == ["“书记区长直通车”"]


def test_add_policies_skips_what_the_model_found() -> None:
    facts = ArticleFacts(
        policies=[Policy(name="链长制")], chains=[IndustryChain(name="“芯智造”产业链")]
    )
    merged = add_policies(facts, "推行“链长制”，“芯智造”产业链实施“188”工程。")
    assert [p.name for p in merged.policies] == ["链长制", "“188”工程"]
