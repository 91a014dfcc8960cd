"""Cheap checks that drop what a small model files under the wrong fact type.

They look at the kind of statement, never at particular pages: a project is something built
or invested in, a target speaks of the future.
"""

from __future__ import annotations

import re

from extractor.normalize import parse_quantity
from extractor.normalize.units import MONEY
from extractor.rules.base import RuleContext, register
from extractor.rules.companies import legal_names
from extractor.rules.project_names import is_kind_of_project
from schemas.facts import ArticleFacts

_PROJECT_NOUN = re.compile(
    r"项目|工程|基地|产业园|园区|中心|工厂|厂|生产线|研究院|平台|综合体|大楼"
)
# 前进智造园作为…主平台: a sentence about a place, not a project's name.
_PREDICATE_IN_NAME = re.compile(r"作为|是|将|正在|已经|成为")
# 龙文区举行第四季度项目…, 每月召开重点项目…, 产业投资发展情况符合预期: a clause, not a name.
_CLAUSE_IN_NAME = re.compile(
    r"举行|举办|召开|坚定不移|重抓|抓项目|不断|提高|加快|形成|符合|集聚|情况|每月|每个|每年|/"
)
_FUTURE_CUE = re.compile(
    r"到\d{4}|力争|目标|计划|将|预计|打造|争取|建成|规划|确保|力求|努力|未来|十[四五]五"
)
# Zones, events, programs and projects that small models also file as organizations.
_NOT_AN_ORGANIZATION = re.compile(
    r"(?:园区|产业园|园|开发区|经开区|高新区|新区|科学城|科技城|港|创新带|公园|大会|论坛|峰会|"
    r"博览会|节|工程|生态圈|项目|平台)$"
)
# 收费项目 is an item of a fee list, not an investment project.
_ECONOMY_WORDS = re.compile(
    r"经济|产业|企业|投资|开发区|园区|(?<!收费)项目|工业|产值|营收|招商|税收|GDP|集群"
)
# Kinds of pages that quote money and rates but are about something else: a school's or an
# agency's notice of fees, a price notice, a listed company's results, box office and shows.
_OTHER_KINDS = {
    "fees": re.compile(
        r"收费|学费|住宿费|学杂费|保教费|伙食费|教材费|缴费|退费|每生|学期|学年|学校|学生|幼儿园"
        r"|招生|家长|资费"
    ),
    "prices": re.compile(r"价格|物价|票价|门票|电价|水价|气价|听证|元/(?:吨|立方米|千瓦时|人|次)"),
    "company_results": re.compile(
        r"股东|净利润|每股|分红|派发|年报|上市公司|股本|归母|市盈率|股价|董事会"
    ),
    "entertainment": re.compile(r"票房|上映|影片|电影|主演|导演|排片|上座率|演唱会|综艺"),
}


def _is_money(text: str | None) -> bool:
    quantity = parse_quantity(text) if text else None
    return quantity is not None and quantity.unit in MONEY


def filter_misfiled(facts: ArticleFacts) -> tuple[ArticleFacts, int]:
    """Facts without the marks of their type removed; returns how many were removed."""
    before = len(facts.projects) + len(facts.targets)
    projects = []
    for project in facts.projects:
        money = _is_money(project.investment)
        if not money:
            project = project.model_copy(update={"investment": None})
        if _PREDICATE_IN_NAME.search(project.name) or _CLAUSE_IN_NAME.search(project.name):
            continue
        if is_kind_of_project(project.name) or legal_names(project.name):
            continue  # 市级重点产业项目: a kind; 钢城集团有限公司: a firm
        if money or _PROJECT_NOUN.search(project.name):
            projects.append(project)
    targets = [
        t
        for t in facts.targets
        if _FUTURE_CUE.search(" ".join(filter(None, (t.description, t.deadline, t.value))))
    ]
    others = {f.name for f in (*facts.regions, *facts.chains, *facts.projects)}
    others.add(facts.meta.source or "")
    organizations = [
        o
        for o in facts.organizations
        if o.name not in others and not _NOT_AN_ORGANIZATION.search(o.name.strip("”“\"' "))
    ]
    kept = facts.model_copy(
        update={"projects": projects, "targets": targets, "organizations": organizations}
    )
    removed = len(facts.organizations) - len(organizations)
    return kept, before + removed - len(projects) - len(targets)


_MIN_ECONOMY_WORDS = 3
_MIN_ECONOMY_DENSITY = 1.5
"""Economic words per 1,000 characters below which numbers alone do not make a page on-topic."""


_MIN_OTHER_WORDS = 3


def other_kind(text: str, economy_words: int) -> str | None:
    """The kind of non-economy page whose vocabulary outweighs the economic one, if any."""
    counts = {kind: len(p.findall(text)) for kind, p in _OTHER_KINDS.items()}
    kind = max(counts, key=lambda k: counts[k])
    if counts[kind] >= _MIN_OTHER_WORDS and counts[kind] > economy_words:
        return kind
    return None


def looks_off_topic(text: str, quantities: int) -> bool:
    """Hardly any economic vocabulary, or more of another kind of page's: not regional economy.

    A page without measured numbers needs three economic words; one with numbers (a match
    score, a recipe's grams, a concert's audience) is off-topic only when those words are also
    sparse for its length, so a short economic brief with numbers is kept. A fee notice, a
    price notice, a company's results or a box-office report is off-topic even with a few
    economic words (收费项目, 企业), when its own vocabulary is the larger.
    """
    words = len(_ECONOMY_WORDS.findall(text))
    if other_kind(text, words) is not None:
        return True
    if words >= _MIN_ECONOMY_WORDS:
        return False
    return quantities == 0 or words * 1000 / max(len(text), 1) < _MIN_ECONOMY_DENSITY


@register("misfiled", step=0)
def drop_misfiled(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    facts, misfiled = filter_misfiled(facts)
    if misfiled:
        context.flags.append(f"dropped_misfiled:{misfiled}")
    return facts
