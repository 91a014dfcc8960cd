"""Members of "甲、乙等<category>" lists, typed by the category's head noun."""

from extractor.rules.enumerations import add_listed, listed_entities
from schemas.facts import ArticleFacts, Organization, Project


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.name, m.kind) for m in listed_entities(text)]


def test_members_and_types() -> None:
    text = (
        "目前，甲港已集聚企业1400余家，子公司、丑药业等全球十大医药企业已有7家落户于此。"
        "依托寅芯、卯材等企业，吸引甲大学、乙理工大学等本地高校学生参会，"
        "加快辰生物、巳梦工场等项目建设。已经培育形成以新和成、午材料等为龙头的产业集群。"
    )
    assert _found(text) == [
        ("子公司", "company"),
        ("丑药业", "company"),
        ("寅芯", "company"),
        ("卯材", "company"),
        ("甲大学", "university"),
        ("乙理工大学", "university"),
        ("辰生物", "project"),
        ("巳梦工场", "project"),
        ("新和成", "company"),
        ("午材料", "company"),
    ]


def test_offsets_point_at_the_names() -> None:
    text = "依托寅芯、卯材等企业，打造产业园。"
    for member in listed_entities(text):
        assert text[member.start : member.start + len(member.name)] == member.name


def test_unnamed_or_counted_lists_are_not_names() -> None:
    assert _found("实施智能制造、机器换人等重点项目172个") == []
    assert _found("推动甲、乙等一批项目开工") == []
    assert _found("集聚了甲研究所等高能级平台20个") == [("甲研究所", "institute")]


def test_add_listed_keeps_what_the_model_found() -> None:
    facts = ArticleFacts(
        organizations=[Organization(name="寅芯科技", type="company")],
        projects=[Project(name="辰生物项目")],
    )
    listed = listed_entities("依托寅芯、卯材等企业，加快辰生物、巳梦工场等项目建设")
    merged = add_listed(facts, listed)
    assert [o.name for o in merged.organizations] == ["寅芯科技", "卯材"]
    assert [p.name for p in merged.projects] == ["辰生物项目", "巳梦工场"]


def test_lists_that_receive_a_recognition() -> None:
    text = "甲精电、乙半导体上榜省第四批创新型领军企业，丙院、丁院和戊医疗成功认定市级重点实验室。"
    assert _found(text) == [
        ("甲精电", "company"),
        ("乙半导体", "company"),
        ("丙院", "institute"),
        ("丁院", "institute"),
        ("戊医疗", "company"),
    ]
    # Industries listed before a recognition are chains, not organizations.
    assert _found("生物医药、新能源汽车两大核心区入选省级名单") == [
        ("生物医药", "chain"),
        ("新能源汽车", "chain"),
    ]


def test_chains_listed_by_category_or_counted() -> None:
    text = (
        "聚焦高端装备制造、生物医药、新材料新能源等主导产业。"
        "甲与乙乙两大主导产业是底气所在。丙城微电子、智能装备、生物医药三大主导产业发展迅速。"
        "以新和成、午材料等为龙头的新材料产业集群。"
    )
    chains = [(m.name, m.role) for m in listed_entities(text) if m.kind == "chain"]
    assert chains == [
        ("高端装备制造", "主导产业"),
        ("生物医药", "主导产业"),
        ("新材料新能源", "主导产业"),
        ("微电子", "三大主导产业"),
        ("智能装备", "三大主导产业"),
        ("生物医药", "三大主导产业"),
    ]
    # 甲与乙乙两大: one member of two characters is too short to split into the stated count.
    assert _found("元宇宙新天地等特色产业园34个") == []
