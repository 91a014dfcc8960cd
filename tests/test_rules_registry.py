"""The rule registry: every genre rule is registered once and runs at its declared step."""

from __future__ import annotations

import pytest

from extractor.rules import RULES, RuleContext, apply_rules, register, rule_order
from schemas.facts import ArticleFacts, Project, Target


def test_rules_run_filters_first_then_finders_in_step_order() -> None:
    assert rule_order() == [
        "misfiled",
        "listed",
        "honors",
        "policies",
        "regions",
        "bodies",
        "companies",
        "named_bodies",
        "firm_heads",
        "named_otherwise",
    ]


def test_a_name_registers_once() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register("honors", step=99)(lambda facts, context: facts)


def test_rules_leave_flags_and_list_members_in_the_context() -> None:
    article = "默沙东、雅培等全球十大医药企业落户园区。"
    # A "project" without any mark of one is misfiled; the filter says how many it dropped.
    facts = ArticleFacts(
        projects=[Project(name="全力以赴")], targets=[Target(subject="园区", description="x")]
    )
    context = RuleContext(article=article, model_names=[])
    out = apply_rules(facts, context)
    assert any(flag.startswith("dropped_misfiled:") for flag in context.flags)
    assert {m.name for m in context.listed} >= {"默沙东", "雅培"}
    assert {o.name for o in out.organizations} >= {"默沙东", "雅培"}
    assert set(RULES) == set(rule_order())


def test_a_chain_named_as_a_place_project_or_firm_is_dropped() -> None:
    from schemas.facts import IndustryChain, Organization

    facts = ArticleFacts(
        chains=[IndustryChain(name=n) for n in ("金融街", "甲测试实验室", "乙食品", "生物医药")],
        projects=[Project(name="甲测试实验室")],
        organizations=[Organization(name="乙食品", type="company")],
    )
    context = RuleContext(article="", model_names=[], places=["金融街"])
    kept = RULES["named_otherwise"][1](facts, context)
    assert [c.name for c in kept.chains] == ["生物医药"]
    assert context.flags == ["dropped_named_otherwise:3"]


def test_a_chain_named_only_as_a_field_of_projects_is_dropped() -> None:
    from schemas.facts import IndustryChain

    article = "本次开工项目涉及智慧制造、电子信息、食品医药等多个领域。园区生物医药产业链完善。"
    facts = ArticleFacts(chains=[IndustryChain(name=n) for n in ("智慧制造", "生物医药产业链")])
    kept = RULES["named_otherwise"][1](facts, RuleContext(article=article, model_names=[]))
    assert [c.name for c in kept.chains] == ["生物医药产业链"]


def test_a_policy_named_as_a_zone_or_the_outlet_or_twice_is_dropped() -> None:
    from schemas.facts import ArticleMeta, Policy

    facts = ArticleFacts(
        meta=ArticleMeta(source="甲日报"),
        policies=[
            Policy(name=n) for n in ("链长制", "“链长制”", "《甲日报》", "乙科技园", "丙计划")
        ],
    )
    context = RuleContext(article="", model_names=[], places=["乙科技园"])
    kept = RULES["named_otherwise"][1](facts, context)
    assert [p.name for p in kept.policies] == ["链长制", "丙计划"]
