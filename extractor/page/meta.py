"""Deterministic page metadata (date, source, authors, title) from common page layouts.

Chinese news pages put this in a few fixed shapes: a line with 来源/发布时间 and a date under
the headline, bracketed bylines (【记者 X】, (记者 X 通讯员 Y)), 作者:/编辑: labels. Anything
unsure is left None for the model to fill. Values are returned as written on the page
(traditional stays traditional); matching runs on the folded page so 來源/記者 work too.
"""

from __future__ import annotations

import re

from extractor.page.clean import noise_reason
from extractor.text import fold
from schemas.facts import MetaDraft

_TOP_LINES = 30
_BOTTOM_LINES = 12

_DATE = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)(?:\s*日)?")
_DATE_LABEL = re.compile(r"发布时间|发布日期|发稿时间|发表时间|更新时间|时间|日期|来源|稿源|发布")
_SOURCE = re.compile(
    r"(?<!图片)(?<!图)(?:信息来源|文章来源|新闻来源|稿件来源|来源|稿源|出处|发布单位|发布机构)"
    r"\s*:\s*([^\s|,;()\[\]【】<>]{2,40})"
)
# Labels that can follow a source without a space (来源:浙江日报作者:张三).
_SOURCE_STOP = re.compile(
    r"(?:作者|记者|编辑|责任编辑|责编|发布时间|发布日期|时间|日期|浏览|点击|阅读|字号|通讯员)"
)
_ROLE = (
    r"(?:本报记者|本刊记者|特约记者|见习记者|首席记者|融媒体记者|记者|通讯员|实习生|作者|"
    r"责任编辑|责编|编辑|撰稿|撰文|文字|文|摄影|摄|校对|审核|值班编辑)"
)
# The name group stops before the next label (作者:张三 编辑:李四).
# One-character roles (文:, 摄:) only count as labels when no word runs into them (全文:).
_LABEL = rf"(?:(?<![\u4e00-\u9fff]){_ROLE}|(?=[\u4e00-\u9fff]{{2}}){_ROLE}(?<![文摄]))"
_LABELLED = re.compile(rf"{_LABEL}\s*:\s*((?:(?!{_ROLE}\s*:)[^:\n]){{2,40}})")
_BRACKETED = re.compile(rf"[【\[(]([^【】\[\]()\n]{{0,20}}?{_ROLE}[^【】\[\]()\n]{{2,40}})[】\])]")
_NAME_LIST = re.compile(r"\(([\u4e00-\u9fff]{2,3}(?:\s+[\u4e00-\u9fff]{2,3}){1,5})\)\s*$")
_ROLE_WORD = re.compile(rf"^{_ROLE}")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}$")
_NAME_SPLIT = re.compile(r"[\s、,;/]+")
# Words that end a byline (来源 follows 作者 on one line) or sit in it without being names.
_BYLINE_END = re.compile(r"^(?:来源|稿源|发布|时间|日期|浏览|点击|阅读|字号|出处|信息|原标题)")
_NOT_NAME = frozenset({"报道", "整理", "综合", "编译", "供图", "摄影", "图文", "视频"})
_NOT_NAME_ENDS = ("报道", "报导", "讯", "摄")
_META_HEAD = re.compile(r"^(?:来源|稿源|发布|时间|日期|作者|记者|编辑|责任编辑|信息来源|浏览)")


def _lines(raw: str) -> list[tuple[int, str]]:
    """(start offset, line) for non-blank lines."""
    out, pos = [], 0
    for line in raw.splitlines(keepends=True):
        if line.strip():
            out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def _valid(m: re.Match[str]) -> bool:
    month, day = int(m.group(2)), int(m.group(3))
    return 1900 <= int(m.group(1)) <= 2100 and 1 <= month <= 12 and 1 <= day <= 31


def _find_date(lines: list[tuple[int, str]]) -> tuple[int | None, str | None]:
    """(line index, date as written): a labelled date first, else a short date-led line."""
    top = lines[:_TOP_LINES]
    for i, (_, line) in enumerate(top):
        folded = fold(line)
        for m in _DATE.finditer(folded):
            if _valid(m) and _DATE_LABEL.search(folded) and len(folded.strip()) <= 120:
                return i, line[m.start() : m.end()]
    for i, (_, line) in enumerate(top):
        folded = fold(line).strip()
        m = _DATE.search(folded)
        # A bare date line near the top is a dateline; a date inside prose is an event.
        if m and _valid(m) and len(folded) <= 40 and not re.search(r"[。,;]", folded):
            # fold keeps length and maps whitespace to spaces, so both strip alike.
            return i, line.strip()[m.start() : m.end()]
    return None, None


def _find_source(lines: list[tuple[int, str]]) -> tuple[int | None, str | None]:
    candidates = list(enumerate(lines))
    ordered = candidates[:_TOP_LINES] + candidates[-_BOTTOM_LINES:]
    for i, (_, line) in ordered:
        folded = fold(line)
        m = _SOURCE.search(folded)
        if not m:
            continue
        value = folded[m.start(1) : m.end(1)]
        stop = _SOURCE_STOP.search(value)
        end = m.start(1) + (stop.start() if stop else len(value))
        written = line[m.start(1) : end].strip()
        if len(written) >= 2:
            return i, written
    return None, None


def _names(segment: str, folded: str) -> list[str]:
    """Names in a byline segment as written, dropping role words (记者, 通讯员...)."""
    names: list[str] = []
    pos = 0
    for token in _NAME_SPLIT.split(folded):
        at = folded.find(token, pos)
        pos = at + len(token)
        role = _ROLE_WORD.match(token)
        while role and role.end() < len(token):
            # 本报记者张三: strip the role prefix, keep the name.
            at, token = at + role.end(), token[role.end() :]
            role = _ROLE_WORD.match(token)
        if _BYLINE_END.match(token):
            break
        if role or not token or token in _NOT_NAME or token.endswith(_NOT_NAME_ENDS):
            continue
        if _NAME.match(token):
            names.append(segment[at : at + len(token)])
        elif names or len(token) > 6:
            break  # prose starts after the byline
    return names


def _find_authors(lines: list[tuple[int, str]]) -> list[str]:
    region = lines[:_TOP_LINES] + lines[-_BOTTOM_LINES:]
    authors: list[str] = []
    for _, line in dict.fromkeys(region):
        folded = fold(line)
        for m in list(_BRACKETED.finditer(folded)) + list(_LABELLED.finditer(folded)):
            seg_folded = folded[m.start(1) : m.end(1)]
            # Text before the role inside brackets is the outlet (【环球网记者X】).
            role = re.search(_ROLE, seg_folded)
            offset = m.start(1) + (role.start() if role else 0)
            seg_folded = folded[offset : m.end(1)]
            authors += _names(line[offset : m.end(1)], seg_folded)
    # A closing parenthesis of bare names ends many articles: (张三 李四).
    for _, line in lines[-_BOTTOM_LINES:]:
        m = _NAME_LIST.search(fold(line).rstrip())
        if m and not authors:
            folded = fold(line)
            authors += _names(line[m.start(1) : m.end(1)], folded[m.start(1) : m.end(1)])
    return list(dict.fromkeys(authors))


def _find_title(lines: list[tuple[int, str]], meta_index: int | None) -> str | None:
    """The nearest content line above the date/source line, if it looks like a headline."""
    if meta_index is None:
        return None
    for _, line in reversed(lines[max(0, meta_index - 4) : meta_index]):
        text = line.strip()
        if noise_reason(text):
            continue
        folded = fold(text)
        if (
            4 <= len(text) <= 60
            and not _DATE.search(folded)
            and not _META_HEAD.match(folded)
            and not folded.endswith(("。", ";", ","))
        ):
            return text
        return None
    return None


def parse_page_meta(raw: str) -> MetaDraft:
    """Publish date, source, authors and title found in fixed page patterns; None if unsure."""
    lines = _lines(raw)
    date_index, date = _find_date(lines)
    source_index, source = _find_source(lines)
    top = [i for i in (date_index, source_index) if i is not None and i < _TOP_LINES]
    title = _find_title(lines, min(top) if top else None)
    return MetaDraft(title=title, publish_date=date, source=source, authors=_find_authors(lines))
