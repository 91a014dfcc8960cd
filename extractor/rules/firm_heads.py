"""Firms the page names only inside other names or beside other firms.

Measured on the devset: the press names a firm by its brand alone at the head of a project
(苏试环境可靠性测试实验室, 久燃甲醇汽油及展硕LCD液晶屏模块, 加快信达、赋成生物等项目建设), in a list
beside a firm it names in full elsewhere (大宇标准件、新东方紧固件、豪能玻璃等; 大宇标准件有限公司
later), or as the quoted leader of an industry (以“吉安”为龙头). The 1.5B files such heads as
projects or writes the whole project as a company.

A brand is a word no dictionary knows, and what a project builds or makes is ordinary
vocabulary: jieba (its dictionary, no HMM guessing) splits 久燃 into single characters but
keeps 甲醇 and 汽油 whole. So the head of a name made of unknown single characters followed by
dictionary words is the firm; a name ending in an industry (乡王食品, 亚威朗光电) is the firm's
whole name.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from extractor.rules.base import RuleContext, register
from extractor.rules.companies import legal_names
from extractor.rules.enumerations import split_joined, strip_intro
from extractor.text import fold, to_simplified
from schemas.facts import ArticleFacts, Organization

_PLACE_OR_WORKS = re.compile(
    r"片区|园区|功能区|产业园|商务区|新区|开发区|社区|小镇|街道|[区城园村镇县市省港谷湾]$|"
    r"建设|改造|提升|工程|举行|开工|签约|仪式|[0-9０-９]"
)
_PROJECT_TAIL = re.compile(r"(?:项目|[一二三四五六七八九十]期)+$")
_INDUSTRY_END = re.compile(
    r"(?:光电|食品|生物|药业|医药|制药|科技|电子|新材料|材料|电气|电器|化工|机械|半导体|"
    r"股份|控股|集团|实业|纺织|能源|智能)$"
)
_ACTIVITY_END = re.compile(r"(?:研发|制造|生产|建设|加工|项目|工程)$")
_NAME_FLAGS = frozenset({"nr", "nrt", "nz", "nrfg"})
"""jieba's tags for names (艾迪 of 艾迪西); any other word in a head (创新药) is vocabulary."""
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_MIN_BRAND, _MAX_BRAND = 2, 4
_ITEM = r"[^\s、，,。；;：:“”\"（）()等]{2,12}"
_ENUMERATION = re.compile(rf"{_ITEM}(?:、{_ITEM})+等")
_PROJECT_LIST = re.compile(r"[^，,。；;]{0,12}项目")
_PROJECT_ITEM = r"[^\s、，,。；;：:“”\"（）()等…]{2,20}"
_LISTED_PROJECTS = re.compile(
    rf"(?P<items>{_PROJECT_ITEM}(?:、{_PROJECT_ITEM}){{2,}})(?:等|……|…)[^，,。；;]{{0,20}}项目"
)
_QUOTED_LEADER = re.compile(r"以[“\"](?P<name>[^”\"]{2,8})[”\"]为(?:龙头|链主)")


@cache
def _segmenter():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # its dictionary load logs at INFO on every process
    return jieba.posseg.dt


def _words(name: str) -> list[tuple[str, str]]:
    return [(w.word, w.flag) for w in _segmenter().lcut(to_simplified(name), HMM=False)]


def brand_of(name: str, *, short_tail: bool = True) -> str | None:
    """The firm that heads a project or product name as written, or None.

    short_tail: a single dictionary word after the brand counts as what it makes (贝达梦工场);
    off for names the model already filed as firms, where such a word is often the firm's own
    (康龙化成).
    """
    core = _PROJECT_TAIL.sub("", name)
    if _PLACE_OR_WORKS.search(core):
        return None
    words = _words(core)
    if sum(len(w) for w, _ in words) != len(core):
        return None  # script conversion changed the length: offsets would not hold
    tail = 0
    while tail < len(words) and len(words[len(words) - 1 - tail][0]) >= 2:
        tail += 1
    head_words = words[: len(words) - tail]
    head = core[: sum(len(w) for w, _ in head_words)]
    unknown = any(len(w) == 1 for w, _ in head_words) and all(
        len(w) == 1 or flag in _NAME_FLAGS for w, flag in head_words
    )
    placed = any(flag == "ns" and len(w) >= 2 for w, flag in head_words)
    if not (_MIN_BRAND <= len(head) <= _MAX_BRAND and _CJK.match(head) and unknown) or placed:
        return None
    if tail == 0:
        return head
    if tail == 1 and _INDUSTRY_END.search(core):
        return core
    if tail == 1 and not short_tail:
        return None
    return head


def _known_firm(item: str, firms: list[str]) -> bool:
    return any(f == item or (f.startswith(item) and legal_names(f)) for f in firms)


def _siblings(text: str, firms: list[str]) -> list[str]:
    """Members of an 甲、乙、丙等 list in which one member is a firm the page names."""
    found = []
    for match in _ENUMERATION.finditer(text):
        if _PROJECT_LIST.match(text, match.end()):
            continue  # 信达、贝达梦工场等项目: projects, whose heads brand_of reads
        first, *rest = match.group().removesuffix("等").split("、")
        items = [i for i in (strip_intro(first), *rest) if len(i) >= _MIN_BRAND]
        if any(_known_firm(item, firms) for item in items):
            found.extend(i for i in items if _CJK.match(i) and not _PLACE_OR_WORKS.search(i))
    return found


def _project_list_members(text: str) -> list[str]:
    """Members of a list the sentence goes on to call projects (甲光电、乙暖通器材……一个个…大项目),
    read by code so that a model that files none of them as projects misses no firm."""
    found = []
    for match in _LISTED_PROJECTS.finditer(text):
        first, *rest = match["items"].split("、")
        found += [i for i in (strip_intro(first), *rest) if len(i) >= _MIN_BRAND]
    return found


def firm_names(facts: ArticleFacts, text: str) -> tuple[list[str], set[str]]:
    """(firms to add, model-filed company names they replace)."""
    added: list[str] = []
    replaced: set[str] = set()
    for org in facts.organizations:
        if org.type != "company" or legal_names(org.name):
            continue
        parts = split_joined(org.name, "及和")
        brands = [brand_of(p, short_tail=False) for p in parts]
        if len(parts) > 1:
            # 甲和乙 as one "company": each part, by its brand, else as written (a firm's own
            # name such as 康龙化成), unless it is an activity.
            for brand, part in zip(brands, parts, strict=True):
                if brand or not _ACTIVITY_END.search(part):
                    added.append(brand or part)
            replaced.add(org.name)
        elif brands[0] and brands[0] != org.name:
            added.append(brands[0])
            replaced.add(org.name)
        elif _ACTIVITY_END.search(org.name):
            replaced.add(org.name)  # 设备研发制造: what a project does, not who does it
    for name in [p.name for p in facts.projects] + _project_list_members(text):
        for part in split_joined(name, "及和"):
            if brand := brand_of(part):
                added.append(brand)
    firms = [o.name for o in facts.organizations if o.type == "company"] + added
    added.extend(_siblings(text, firms))
    added.extend(m.group("name") for m in _QUOTED_LEADER.finditer(text))
    return added, replaced


@register("firm_heads", step=49)
def add_firm_heads(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    added, replaced = firm_names(facts, context.article)
    kept = [o for o in facts.organizations if o.name not in replaced]
    known = {fold(o.name) for o in kept}
    # A firm listed as written (豪能玻璃) wins over the brand read from its project (豪能).
    for name in sorted(added, key=len, reverse=True):
        if fold(name) in known or any(fold(name) in k for k in known):
            continue
        known.add(fold(name))
        kept.append(Organization(name=name, type="company"))
    return facts.model_copy(update={"organizations": kept})
