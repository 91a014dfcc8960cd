"""Organizations that are not named bodies: places the model filed as organizations, bodies
named only by their level (市科技局, 省统计局), which the page does not name, officials (开州区
副区长某某) and clause fragments the model copied as a name."""

from __future__ import annotations

import re

from extractor.numbers.subjects import OFFICIAL_TITLE
from extractor.rules.base import RuleContext, register
from extractor.rules.regions import find_regions
from schemas.facts import ArticleFacts

# 市科技局, 省统计局, 区发改委: a level word, then the office; no place says whose it is.
_UNNAMED_BODY = re.compile(r"^[省市区县州](?:[\u4e00-\u9fff]{1,6})(?:局|委|办|厅|委员会)$")


# What a body's name ends with; a name ending otherwise and reading like a clause is a fragment.
_BODY_END = re.compile(
    r"(?:公司|集团|局|委|厅|部|院|所|中心|大学|学院|学校|联盟|协会|商会|银行|交易所|政府|"
    r"管委会|委员会|办公室|办|站|社|厂|基地|实验室|平台|集团)$"
)
_PROGRAM_KIND = r"(?:工程|活动|行动|计划|专项|平台)"
_CLAUSE_WORDS = re.compile(r"(?:日前|提出|取得|已经|已|了|的)")
# 电子信息功能区中央商务区: an area, whatever type the model gave it.
_AREA_END = re.compile(r"(?:区|片区|功能区|商务区)$")
# A credit line (2008-05-23 华讯 来源:…) and a reporter's byline closing the text
# (…增长17.4%。臧风华) name no body of the page.
_CREDIT_LINE = re.compile(r"来源|稿源|作者|记者|编辑|通讯员")
_BYLINE_BEFORE = re.compile(r"(?:^|[。！？!?\n])\s*$")
_BYLINE_AFTER = re.compile(r"\s*(?:$|\n)")
_MAX_BYLINE = 4
_MAX_CREDIT_LINE = 60


def _not_a_body(name: str) -> bool:
    if _UNNAMED_BODY.match(name):
        return True
    if _BODY_END.search(name):
        return False
    return bool(OFFICIAL_TITLE.search(name) or _CLAUSE_WORDS.search(name) or _AREA_END.search(name))


def _credit(name: str, article: str) -> bool:
    """Named only as the page's source or as a byline."""
    spots = [m.start() for m in re.finditer(re.escape(name), article)]
    if not spots:
        return False
    for at in spots:
        line_start = article.rfind("\n", 0, at) + 1
        line_end = article.find("\n", at)
        line = article[line_start : line_end if line_end >= 0 else len(article)]
        byline = (
            len(name) <= _MAX_BYLINE
            and _BYLINE_BEFORE.search(article[max(0, at - 8) : at])
            and _BYLINE_AFTER.match(article, at + len(name))
        )
        # A short line with 来源/记者 is the page's credit line (2008-05-23 华讯 来源:…).
        credit_line = len(line) <= _MAX_CREDIT_LINE and _CREDIT_LINE.search(line)
        if not (credit_line or byline):
            return False
    return True


def _program(name: str, article: str) -> bool:
    """Named in quotes as a program or platform (“钱塘校融·校企双进”工程, “甲”和“乙”两大品牌活动,
    “临里汇”平台): an initiative, not a body."""
    return bool(re.search(rf"“{re.escape(name)}”[^，,。；;]{{0,20}}?{_PROGRAM_KIND}", article))


def _is_place(name: str, places: list[str], kind: str | None, page_places: set[str]) -> bool:
    if name in places or name in page_places:
        return True
    # 成都市郫都区: divisions written one after the other, covering the whole name.
    at = 0
    for m in sorted(find_regions(name), key=lambda m: m.start):
        if m.kind == "zone" or m.start != at:
            return False
        at = m.end
    # A single short name may be a firm's (吉安 the firm); a compound of divisions is not.
    return at == len(name) and at > 0 and not (kind == "company" and len(name) <= 3)


@register("bodies", step=45)
def drop_places_and_unnamed_bodies(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    # Every place the page writes counts, in passing too: a firm bearing a place's name is
    # written as one (“吉安”), which the place finder skips.
    page_places = context.written_places
    kept = [
        o
        for o in facts.organizations
        if not _not_a_body(o.name)
        and not _is_place(o.name, context.places, o.type, page_places)
        and not _credit(o.name, context.article)
        and not _program(o.name, context.article)
    ]
    if dropped := len(facts.organizations) - len(kept):
        context.flags.append(f"dropped_not_a_body:{dropped}")
    return facts.model_copy(update={"organizations": kept})
