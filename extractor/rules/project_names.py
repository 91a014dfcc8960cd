"""Projects named the way the press names them: "<name>项目" inside one clause.

Measured on the eval: the small models file a page's projects under other types or drop them,
while "中科院医学所二期项目", "年产30亿只专用集成电路封装测试项目" carry their own name. Counts
of projects (三个科技强基项目, 亿元以上项目35个) and kinds of projects (重点项目) are not names.
"""

from __future__ import annotations

import re

from extractor.rules.base import Listed

_BOUNDARY = re.compile(r"[，,。；;：:、！？!?\n“”\"（）()《》]")
_INTRO = re.compile(
    r".*(?:依托|吸引|加快|推动|推进|包括|引进|培育|携手|联合|落户|走进|支持|带动|建设|打造|作为|"
    r"其中|以及|还有|总投资[^的]*的|的)"
)
_COUNTED = re.compile(r"[\d一二两三四五六七八九十几多百千]+[个项批]|以上|以下|一批|若干|多个")
_GENERIC = re.compile(
    r"重点|重大|产业|科技|优质|招商|签约|在建|新开工|开工|竣工|投产|强链|补链|延链|亿元|万元|"
    r"数字经济|制造业|工业|技改|技术改造|示范|百亿|千亿|基础设施|民生|各类|各个|这些|相关|"
    r"新|大|好|老|子|类"
)
# A verb or pronoun inside the words before 项目 means they are a predicate, not a name.
_PREDICATE = re.compile(
    r"我们|将|了|等|把|被|对|向|聚集|聚焦|助推|加速|促进|招引|加强|发挥|健全|根据|开展|喜迎|通过|"
    r"实现|完成|选址|成功|用地|目光|需求|效应|上半年|下半年|今年|去年|全力|进一步"
)
_DEMONSTRATIVE = re.compile(r"这个|这一|这些|该|此|上述|相关")
_MAX_NAME = 24


def is_kind_of_project(name: str) -> bool:
    """A kind of project rather than a name (2022年全区市级重点产业项目, 内外资签约项目)."""
    core = _SCOPE.sub("", re.sub(r"\d+年|项目$", "", name))
    return len(_GENERIC.sub("", core)) < 3


# 全区市级, 内外资, 龙头型: who a kind of project belongs to or what it is, not its name.
_SCOPE = re.compile(r"全[区市省县]|[国省市区县]级|国家级|内外资|外资|内资|龙头型|百亿元|亿元以上")


def project_names(text: str) -> list[Listed]:
    """Named projects in text with their offsets, in reading order, each name once."""
    found: list[Listed] = []
    for match in re.finditer("项目", text):
        end = match.end()
        begin = max(
            (m.end() for m in _BOUNDARY.finditer(text, max(0, end - 2 * _MAX_NAME), end)),
            default=max(0, end - 2 * _MAX_NAME),
        )
        segment = text[begin:end]
        if _DEMONSTRATIVE.search(segment[:-2]):
            continue  # 这个生物医药百亿项目: a reference back to a project named before
        intro = _INTRO.match(segment[:-2])
        if intro:
            begin, segment = begin + intro.end(), segment[intro.end() :]
        core = segment[:-2]
        if len(segment) > _MAX_NAME or _COUNTED.search(core) or _PREDICATE.search(core):
            continue
        if len(_GENERIC.sub("", core)) < 3 or re.match(r"\d", text[end : end + 1]):
            continue
        if all(segment != known.name for known in found):
            found.append(Listed(segment, "project", "项目", begin))
    return found
