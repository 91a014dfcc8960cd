"""Named entities listed the way Chinese reporting lists them: "甲、乙、丙等<category>".

Measured on the eval: the small models name the first company of such a list and stop, or
repeat it, while the list's own words say both the members and what they are (默沙东、雅培等
全球十大医药企业; 以新和成、凯诚新材料等为龙头; 加快信达、赋成生物等项目建设). Code reads the
list; the category's head noun gives the type.
"""

from __future__ import annotations

import re

from extractor.rules.base import Listed, RuleContext, register
from extractor.rules.project_names import project_names
from schemas.facts import ArticleFacts, IndustryChain, Organization, Project

_ITEM = r"[^\s、，,。；;：:“”\"等]{2,30}"
_LIST = rf"(?P<items>{_ITEM}(?:、{_ITEM})*)"
_CATEGORY = re.compile(
    _LIST + r"等(?P<category>[^\s、，,。；;：:“”\"为]{0,10}?)"
    r"(?P<head>领军企业|龙头企业|企业|公司|药企巨头|药企|巨头|高校|大学|院校|科研院所|院所|"
    r"研究院|实验室|平台|孵化器|众创空间|机构|联盟|协会|商会|银行|项目|"
    r"产业集群|产业链|主导产业|优势产业|新兴产业|特色产业)(?![园区])"
)
# "智能制造与生物医药两大主导产业": the numeral says how many members the list has.
_COUNTED = re.compile(
    rf"(?P<items>{_ITEM}(?:、{_ITEM})*)(?P<n>[两二三四五六七八九十])大"
    r"(?P<head>主导产业|产业集群|产业链|核心区|支柱产业|优势产业|新兴产业)(?![园区])"
)
# A chain list may open with the place it belongs to (嘉兴科技城微电子、智能装备…).
_PLACE_END = re.compile(r".*[城区市县省](?=.{2,})")
_NUMERALS = "_一二三四五六七八九十"
_LEADERS = re.compile(_LIST + r"等为(?P<head>龙头|代表|核心|链主)")
# "甲、乙和丙成功认定市级重点实验室": the members of a list that receives a recognition.
_AWARDED = re.compile(
    rf"(?P<items>{_ITEM}(?:、{_ITEM})+)(?:均|都|也|还)?(?:成功|正式)?"
    r"(?P<head>上榜|入选|获评|获批|荣获|入围|被认定|认定|列入)"
    r"(?P<category>[^，,。；;：:、]{0,16}?(?:企业|公司|实验室|研究院|中心|机构|单位|高校|院所))"
)
# Words that run into the first member from the clause before it (依托求是、睿昇等企业).
_INTRO = re.compile(
    r".*(?:依托|吸引|加快|发挥|推动|推进|包括|引进|集聚了|集聚|聚集了|聚集|培育|携手|联合|"
    r"落户|已有|拥有|共有|形成|支持|带动|走访|建设|打造|以|如|像|比如|涵盖|有着|汇聚|聚焦|"
    r"选择了|选择|围绕|主攻|布局|在|而)"
)
_NOT_A_NAME = re.compile(r"\d")
# "等一批项目", "等重点项目172个": unnamed members, or kinds of work counted, not names.
_UNNAMED = re.compile(r"一批|多个|若干|一系列")
_COUNT_AFTER = re.compile(r"[\d一二两三四五六七八九十百千万]")
_HEAD_KIND = {
    "领军企业": "company", "龙头企业": "company", "企业": "company", "公司": "company",
    "药企巨头": "company", "药企": "company", "巨头": "company", "龙头": "company",
    "代表": "company", "核心": "company", "链主": "company", "银行": "company",
    "高校": "university", "大学": "university", "院校": "university",
    "科研院所": "institute", "院所": "institute", "研究院": "institute", "实验室": "institute",
    "平台": "institute", "孵化器": "other", "众创空间": "other", "机构": "other",
    "联盟": "association", "协会": "association", "商会": "association",
    "项目": "project",
    "产业集群": "chain", "产业链": "chain", "主导产业": "chain", "优势产业": "chain",
    "新兴产业": "chain", "特色产业": "chain", "核心区": "chain", "支柱产业": "chain",
}  # fmt: skip


def split_joined(name: str, joiners: str) -> list[str]:
    """A last list member joined by 和/及 (未来院和允英医疗) as two, unless that splits a name."""
    for joiner in joiners:
        left, sep, right = name.rpartition(joiner)
        if sep and len(left) >= 2 and len(right) >= 2:
            return [left, right]
    return [name]


def strip_intro(item: str) -> str:
    """A list's first member without the clause words that run into it (依托求是 -> 求是)."""
    intro = _INTRO.match(item)
    return item[intro.end() :] if intro else item


def _members(text: str, match: re.Match[str]) -> list[tuple[str, int]]:
    start = match.start("items")
    members: list[tuple[str, int]] = []
    for index, raw in enumerate(match.group("items").split("、")):
        item, offset = raw, start
        if index == 0:
            intro = _INTRO.match(item)
            if intro:
                item, offset = item[intro.end() :], start + intro.end()
        if len(item) >= 2 and not _NOT_A_NAME.search(item) and item not in _HEAD_KIND:
            members.append((item, offset))
        start += len(raw) + 1
    return members


_KIND_BY_SUFFIX = (("大学", "university"), ("学院", "university"), ("院", "institute"),
                   ("所", "institute"), ("实验室", "institute"), ("联盟", "association"),
                   ("协会", "association"))  # fmt: skip


def _recognized(text: str, match: re.Match[str]) -> list[Listed]:
    members = _members(text, match)
    if members:
        last_name, last_start = members[-1]
        left, *right = split_joined(last_name, "和及")
        members[-1:] = [(left, last_start), *((r, last_start + len(left) + 1) for r in right)]
    members = [(re.sub(r"(?:成功|正式|均|都|也|还)+$", "", n), start) for n, start in members]
    role = match.group("head") + match.group("category")
    return [
        Listed(name, next((k for s, k in _KIND_BY_SUFFIX if name.endswith(s)), "company"),
               role, start)
        for name, start in members
    ]  # fmt: skip


def _without_place(name: str, start: int) -> tuple[str, int]:
    place = _PLACE_END.match(name)
    return (name[place.end() :], start + place.end()) if place else (name, start)


def _counted(text: str) -> list[Listed]:
    found = []
    for match in _COUNTED.finditer(text):
        n = 2 if match.group("n") == "两" else _NUMERALS.index(match.group("n"))
        members = _members(text, match)
        if len(members) == 1:
            # 甲与乙两大: split on the joiner only when that gives the stated count.
            name, start = members[0]
            parts = re.split("[与和及]", name)
            if len(parts) != n:
                continue
            members, offset = [], start
            for part in parts:
                members.append((part, offset))
                offset += len(part) + 1
        members = [_without_place(*members[0]), *members[1:]] if members else members
        if len(members) == n and all(len(name) >= 2 for name, _ in members):
            role = match.group("n") + "大" + match.group("head")
            found.extend(Listed(name, "chain", role, start) for name, start in members)
    return found


def listed_entities(text: str) -> list[Listed]:
    """Members of "甲、乙等<category>" and "以甲、乙等为龙头" lists, in reading order."""
    found: list[Listed] = []
    found.extend(_counted(text))
    for pattern in (_CATEGORY, _LEADERS, _AWARDED):
        for match in pattern.finditer(text):
            head = match.group("head")
            if pattern is _AWARDED:
                found.extend(m for m in _recognized(text, match) if len(m.name) >= 2)
                continue
            role = (match.groupdict().get("category") or "") + head
            counted = head == "项目" and _COUNT_AFTER.match(text, match.end())
            if _UNNAMED.search(role) or counted:
                continue
            for name, start in _members(text, match):
                kind = _HEAD_KIND[head]
                if kind == "chain":
                    name, start = _without_place(name, start)
                found.append(Listed(name, kind, role, start))
    return sorted(found, key=lambda listed: listed.start)


def add_listed(facts: ArticleFacts, listed: list[Listed]) -> ArticleFacts:
    """Listed members the model did not report, added as organizations, projects or chains."""
    lists: dict[str, list] = {
        "projects": list(facts.projects),
        "chains": list(facts.chains),
        "organizations": list(facts.organizations),
    }
    for member in listed:
        field = {"project": "projects", "chain": "chains"}.get(member.kind, "organizations")
        known = [item.name for item in lists[field]]
        if any(member.name in name or name in member.name for name in known if name):
            continue
        if field == "projects":
            lists[field].append(Project(name=member.name))
        elif field == "chains":
            lists[field].append(IndustryChain(name=member.name))
        else:
            lists[field].append(Organization(name=member.name, type=member.kind, role=member.role))
    return facts.model_copy(update=lists)


@register("listed", step=10)
def add_listed_names(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    """List members and named projects, kept in the context for subjects and values."""
    context.listed = listed_entities(context.article) + project_names(context.article)
    return add_listed(facts, context.listed)
