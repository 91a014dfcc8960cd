"""Named public bodies and associations the page mentions, found by code.

The genre names its bodies in a few fixed shapes: a ministry (商务部, 科技部), a place's office
(浙江省发改委, 开州区人民政府, 经开区产业招商局), an exchange (上海证券交易所) and an alliance
(中小科技企业金融保障服务联盟). The 1.5B lists them only now and then. A data source (统计局) is
no organization of the page (both labelers' convention), nor is an office named only by its
level (市科技局; see rules/bodies.py).
"""

from __future__ import annotations

import re

from extractor.rules.base import RuleContext, register
from extractor.rules.companies import NAME_STOP_CHARS
from extractor.text import fold
from schemas.facts import ArticleFacts, Organization

_MINISTRY = re.compile(
    r"国务院|商务部|科技部|工信部|工业和信息化部|财政部|自然资源部|生态环境部|交通运输部|"
    r"农业农村部|人力资源和社会保障部|国家发展改革委|国家发展和改革委员会|国家发改委|海关总署|"
    r"(?:上海|深圳|北京)证券交易所"
)
_OFFICE = (
    r"发改委|发展和改革委员会|经信厅|经信局|经信委|商务厅|商务局|科技厅|科技局|工信厅|工信局|"
    r"财政厅|财政局|人民政府|管委会|管理委员会|招商局|投资促进局"
)
# 浙江省发改委, 开州区人民政府, 经开区产业招商局: a place (two characters at least before its
# kind) and its office.
_PLACE_OFFICE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{2,8}}?(?:省|市|区|县|州|经开区|开发区|高新区)"
    rf"[\u4e00-\u9fff]{{0,4}}?(?:{_OFFICE}))"
)
_ALLIANCE = re.compile(r"“?(?P<name>[\u4e00-\u9fff]{2,16}?(?:联盟|协会|商会))”?")
# Words a name does not run across on its left: the stop characters and a few verbs.
_STOP = re.compile(rf"[{NAME_STOP_CHARS}]|支持|衔接|组成|全力|记者")
_KIND_ONLY = re.compile(r"^[省市区县州]")
# 记者从某区发改委了解到: where a reporter got the figures is a source, not a body of the page.
_SOURCE_AROUND = re.compile(r"从$|^(?:了解到|获悉|获知|发布的数据)")


def _start(text: str, at: int, name_end: int) -> int:
    """Where a name matched from `at` really begins: after the last stop word before its end."""
    stops = [m.end() for m in _STOP.finditer(text, at, name_end)]
    return max(stops, default=at)


def _quoted_source(text: str, begin: int, end: int) -> bool:
    return bool(_SOURCE_AROUND.search(text[max(0, begin - 2) : begin])) or bool(
        _SOURCE_AROUND.match(text[end : end + 6])
    )


def named_bodies(text: str) -> list[tuple[str, str]]:
    """(name, type) of every named body in text, in reading order, each once."""
    found: list[tuple[int, str, str]] = []
    for m in _MINISTRY.finditer(text):
        found.append((m.start(), m.group(), "other" if "交易所" in m.group() else "agency"))
    for m in _PLACE_OFFICE.finditer(text):
        begin = _start(text, m.start(), m.end() - 2)
        name = text[begin : m.end()]
        if _KIND_ONLY.match(name) or "统计" in name or _quoted_source(text, begin, m.end()):
            continue
        found.append((begin, name, "agency"))
    for m in _ALLIANCE.finditer(text):
        begin = _start(text, m.start("name"), m.end("name") - 2)
        name = text[begin : m.end("name")]
        if len(name) >= 4:
            found.append((begin, name, "association"))
    seen: set[str] = set()
    bodies = []
    for _, name, kind in sorted(found):
        if fold(name) not in seen:
            seen.add(fold(name))
            bodies.append((name, kind))
    return bodies


@register("named_bodies", step=48)
def add_named_bodies(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    known = {fold(o.name) for o in facts.organizations}
    added = [
        Organization(name=name, type=kind)  # type: ignore[arg-type]
        for name, kind in named_bodies(context.article)
        if fold(name) not in known and not any(fold(name) in k or k in fold(name) for k in known)
    ]
    return facts.model_copy(update={"organizations": [*facts.organizations, *added]})
