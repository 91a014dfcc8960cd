"""Organizations that are places or bodies named only by their level are dropped."""

from __future__ import annotations

from extractor.rules.base import RuleContext
from extractor.rules.bodies import drop_places_and_unnamed_bodies
from schemas.facts import ArticleFacts, Organization


def test_places_and_unnamed_bodies_are_not_organizations() -> None:
    orgs = [
        Organization(name="烟台", type="agency"),
        Organization(name="成都市郫都区", type="company"),
        Organization(name="市科技局", type="agency"),
        Organization(name="浙江省商务厅", type="agency"),
        Organization(name="吉安", type="company"),  # a firm may bear a city's name
        Organization(name="钢城集团有限公司", type="company"),
    ]
    context = RuleContext(article="", model_names=[], places=["成都市郫都区"])
    kept = drop_places_and_unnamed_bodies(ArticleFacts(organizations=orgs), context)
    assert [o.name for o in kept.organizations] == ["浙江省商务厅", "吉安", "钢城集团有限公司"]
    assert context.flags == ["dropped_not_a_body:3"]
