"""Facts without the marks of their type are dropped; off-topic pages are recognized."""

from extractor.rules.plausible import filter_misfiled, looks_off_topic
from schemas.facts import ArticleFacts, ArticleMeta, Organization, Project, Region, Target


def test_zones_events_and_programs_are_not_organizations() -> None:
    facts = ArticleFacts(
        meta=ArticleMeta(source="甲区发布"),
        regions=[Region(name="乙高新区")],
        organizations=[
            Organization(name="丙药业"),
            Organization(name="丁大学", type="university"),
            Organization(name="乙高新区"),  # also a region
            Organization(name="戊医药港"),
            Organization(name="第三届己大会"),
            Organization(name="“庚”工程"),
            Organization(name="甲区发布"),  # the outlet reporting
        ],
    )
    kept, removed = filter_misfiled(facts)
    assert [o.name for o in kept.organizations] == ["丙药业", "丁大学"]
    assert removed == 5


def test_projects_need_money_or_a_project_noun_and_targets_a_future() -> None:
    facts = ArticleFacts(
        projects=[
            Project(name="甲新能源电池项目"),
            Project(name="乙公司", investment="总投资50亿元"),
            Project(name="丙公司", investment="很多"),
            Project(name="丁公司"),
        ],
        targets=[
            Target(subject="甲区", description="到2025年产值突破千亿元"),
            Target(subject="甲区", description="产值增长8%"),
        ],
    )
    kept, removed = filter_misfiled(facts)
    assert [p.name for p in kept.projects] == ["甲新能源电池项目", "乙公司"]
    assert [t.description for t in kept.targets] == ["到2025年产值突破千亿元"]
    assert removed == 3


def test_off_topic() -> None:
    assert looks_off_topic("今天天气晴朗，适合郊游。", quantities=0)
    assert not looks_off_topic("开发区产业集群企业投资", quantities=0)
    # A short economic brief with numbers stays on-topic ...
    assert not looks_off_topic("甲区一季度GDP增长5%，工业产值120亿元。", quantities=2)
    # ... a long page with numbers and almost no economic words does not.
    match = "甲队主场以98比87战胜乙队，现场观众3万人次，" * 40 + "赛事带动了企业赞助。"
    assert looks_off_topic(match, quantities=40)
