"""Facts from a traditional-script page are written in that page's script."""

from extractor.page.clean import clean_page
from extractor.page.script import in_page_script, page_characters, to_page_script
from schemas.facts import ArticleFacts, Indicator, Organization, Project

PAGE = (
    "開州區舉行重點專案集中簽約儀式。簽約專案投資金額275億元,其中簽約并投產項目3個,"
    "以後將新增產值。開州區發展和改革委員會介紹了情況。"
)


def test_each_character_goes_back_to_what_the_page_wrote() -> None:
    cleaned = clean_page(PAGE)
    assert cleaned.traditional
    characters = page_characters(cleaned)
    assert to_page_script("开州区签约并投产项目", characters) == "開州區簽約并投產項目"
    # 后 -> 後 as this page writes it; a character the page never wrote goes through s2t.
    assert to_page_script("以后", characters) == "以後"
    assert to_page_script("总产值", characters) == "總產值"


def test_written_fields_change_and_enumerations_and_page_text_do_not() -> None:
    cleaned = clean_page(PAGE)
    facts = ArticleFacts(
        indicators=[Indicator(subject="开州区", name="签约专案投资金额", value="275億元")],
        projects=[Project(name="重点专案", status="签约")],
        organizations=[Organization(name="开州区发展和改革委员会", type="agency", role="介绍")],
    )
    out = in_page_script(facts, cleaned)
    indicator = out.indicators[0]
    assert (indicator.subject, indicator.name, indicator.value) == (
        "開州區", "簽約專案投資金額", "275億元",
    )  # fmt: skip
    assert out.projects[0].name == "重點專案" and out.projects[0].status == "签约"
    assert out.organizations[0].name == "開州區發展和改革委員會"


def test_a_simplified_page_is_left_alone() -> None:
    cleaned = clean_page("开州区举行重点项目集中签约仪式。签约项目投资金额275亿元。")
    facts = ArticleFacts(indicators=[Indicator(subject="开州区", name="投资金额", value="275亿元")])
    assert in_page_script(facts, cleaned) == facts
