"""Page cleaning: drop page chrome and scrape debris, keep an exact map back to the raw page.

Every character the model sees comes from one raw character (offsets), so any span the model
or the grounder finds in the cleaned text can be mapped back to the raw page. Rules describe
kinds of noise (breadcrumbs, timestamp lists, link lists, footers...), never particular sites.
They are deliberately conservative: a lost fact costs more than a kept menu item.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from extractor.text import fold, to_simplified

# --- what a noise line looks like (matched on the folded line: simplified, half-width) --------

_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_BARE_TIMESTAMP = re.compile(rf"(?:{_DATE}(?:\s*{_TIME})?|{_TIME})")
# A lone date line may be the publish date, so only runs of them are a list of timestamps.
_MIN_TIMESTAMP_RUN = 3

_SENTENCE_PUNCT = re.compile(r"[。,;!?、]")
_QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:亿|万|%|‰|个百分点)")
_BREADCRUMB_SEP = re.compile(r"[>»›〉→]")
_POSITION_PREFIX = re.compile(
    r"^(?:您的位置|你的位置|您现在的位置|你现在的位置|当前位置|所在位置|现在位置)\s*:"
)
_BREADCRUMB_TAIL = re.compile(r"^(?:\s*[>»›〉→]\s*[^>»›〉→。,;]{1,15}){2,}\s*[>»›〉→]?$")

_IMAGE = r"[^\s/\\]{1,80}\.(?:jpe?g|png|gif|bmp|webp|svg|tiff?)"
_IMAGE_LINE = re.compile(rf"^{_IMAGE}(?:\s+{_IMAGE})*$")
_URL = re.compile(r"(?:https?://|www\.)[a-z0-9\-._~%/?#\[\]@!$&'*+,;=:]+")
_URL_LINE = re.compile(rf"^(?:{_URL.pattern}\s*)+$")

# Inline pinyin after a character, as reposting sites print it: 經(jīng)濟, 發(fā)展. Lowercase
# syllable letters with at least one tone mark, so 中德(金坛), (1), (万元), (Huawei) stay.
_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTER = f"[a-z{_TONE_MARKS}ü]"
_PINYIN = re.compile(
    rf"(?<=[^\sA-Za-z0-9])[(（](?={_PINYIN_LETTER}{{0,17}}[{_TONE_MARKS}])"
    rf"{_PINYIN_LETTER}{{1,18}}[)）]"
)

_CAPTION = re.compile(
    r"^[(\[【]?\s*(?:(?:图片来源|图源|图片|摄影|供图|配图|图)\s*:.{0,40}|图片由.{1,30}提供)[)\]】]?$"
    r"|^[(\[【][^()\[\]【】]{1,30}(?:摄|供图)[)\]】]$"
)
_KEYWORDS = re.compile(r"^[【\[]?(?:关键词|关键字|标签|tags?|keywords?)[】\]]?\s*:")
_RELATED = re.compile(
    r"^[【\[]?(?:相关阅读|相关新闻|相关文章|相关链接|推荐阅读|延伸阅读|热点推荐|热门推荐|猜你喜欢"
    r"|更多阅读|往期回顾|热门文章|最新文章|精彩推荐|为您推荐|相关推荐)[】\]]?\s*:?$"
)
_PREV_NEXT = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[:\s]")
_COPYRIGHT_HEAD = re.compile(
    r"^[(\[【]?\s*(?:版权所有|版权声明|copyright|©|\(c\)|all rights reserved|主办单位|主办\s*:"
    r"|承办单位|承办\s*:|技术支持\s*:|网站标识码|网站地图)"
)
_COPYRIGHT_ANY = re.compile(r"icp备|icp证|公网安备|all rights reserved|版权所有|copyright\s*©")
_DISCLAIMER_HEAD = re.compile(
    r"^[(\[【]?\s*(?:免责声明|特别声明|声明\s*:|转载请注明|未经授权|本网站所有)"
)


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_NAV_TOKENS = _words(
    "首页 返回首页 返回顶部 回到顶部 登录 注册 退出 搜索 网站地图 联系我们 设为首页 加入收藏 "
    "手机版 移动版 无障碍 无障碍浏览 长者模式 关怀版 关怀模式 老年版 老年版入口 退出老年版 "
    "退出关怀版 进入关怀版 简体 繁体 简体版 繁体版 english 英文版 纠错 我要纠错 订阅 rss"
)
_PRINT_TOKENS = _words(
    "打印 打印本页 打印此页 打印文章 关闭 关闭窗口 关闭本页 保存本页 字号 字体 大 中 小 默认 "
    "放大 缩小 收藏 收藏本页"
)
_SHARE_TOKENS = _words(
    "分享 分享到 分享至 微信 微博 新浪微博 qq qq空间 朋友圈 扫一扫 扫码 微信扫一扫 一键分享 "
    "豆瓣 复制链接 转发 点赞 评论 发表评论 网友评论 在看"
)
_CHROME_SPLIT = re.compile(r"[\s|｜丨/:【】\[\]()·•,、]+")
_MAX_CHROME_LEN = 60


def _punct_density(line: str) -> float:
    return len(_SENTENCE_PUNCT.findall(line)) / max(len(line), 1)


def _chrome_reason(folded: str) -> str | None:
    """A line made only of menu/toolbar words (打印本页 关闭窗口, 分享到 微信 微博...)."""
    if len(folded) > _MAX_CHROME_LEN:
        return None
    tokens = [t for t in _CHROME_SPLIT.split(folded) if t]
    if not tokens or not all(t in _NAV_TOKENS | _PRINT_TOKENS | _SHARE_TOKENS for t in tokens):
        return None
    if any(t in _PRINT_TOKENS for t in tokens):
        return "print_footer"
    if any(t in _SHARE_TOKENS for t in tokens):
        return "share"
    return "navigation"


def _is_breadcrumb(folded: str) -> bool:
    if len(folded) > 80 or "。" in folded:
        return False
    if _POSITION_PREFIX.match(folded):
        return True
    if "首页" in folded and _BREADCRUMB_SEP.search(folded):
        return True
    # The tail of a breadcrumb wrapped onto its own line: "> 新闻动态 > 市县动态".
    return bool(_BREADCRUMB_TAIL.match(folded))


def _reads_like_report(folded: str) -> bool:
    """Economic quantities (亿元, %, 个百分点) mark a paragraph whose punctuation the scraper
    turned into spaces; lists of other articles' headlines seldom carry them."""
    return len(_QUANTITY.findall(folded)) >= 2


def _is_headline_run(folded: str) -> bool:
    """Many short space-separated titles with almost none of the punctuation of running prose."""
    segments = folded.split()
    if len(segments) < 8 or len(folded) < 80:
        return False
    cjk = sum(1 for c in folded if "\u4e00" <= c <= "\u9fff")
    if cjk < len("".join(segments)) / 2:  # English prose is spaced but is not a headline list
        return False
    return (
        statistics.median(len(s) for s in segments) <= 30
        and _punct_density(folded) < 0.015
        and not _reads_like_report(folded)
    )


def _is_link_list(folded: str) -> bool:
    """Short items joined by bars: related links, tag clouds, keyword spam."""
    segments = [s.strip() for s in re.split(r"[|｜丨│¦]", folded) if s.strip()]
    if len(segments) < 4:
        return False
    return (
        statistics.median(len(s) for s in segments) <= 40
        and _punct_density(folded) < 0.02
        and not _reads_like_report(folded)
    )


def noise_reason(line: str) -> str | None:
    """Why a single line is page noise, or None when it may carry article content.

    Context-dependent rules (runs of timestamps, blocks after a 相关阅读 header) live in
    clean_page; this looks at one line only.
    """
    folded = fold(line).strip()
    if not folded:
        return None
    if _URL_LINE.match(folded):
        return "url"
    if _IMAGE_LINE.match(folded):
        return "image_file"
    if _is_breadcrumb(folded):
        return "breadcrumb"
    chrome = _chrome_reason(folded)
    if chrome:
        return chrome
    if _PREV_NEXT.match(folded):
        return "navigation"
    if _RELATED.match(folded):
        return "related"
    if _KEYWORDS.match(folded) and len(folded) <= 120:
        return "keywords"
    if len(folded) <= 200 and (_COPYRIGHT_HEAD.match(folded) or _COPYRIGHT_ANY.search(folded)):
        return "copyright"
    if _DISCLAIMER_HEAD.match(folded):
        return "disclaimer"
    if len(folded) <= 50 and _CAPTION.match(folded):
        return "caption"
    if _is_link_list(folded):
        return "link_list"
    if _is_headline_run(folded):
        return "headline_run"
    return None


def _is_bare_timestamp(line: str) -> bool:
    return bool(_BARE_TIMESTAMP.fullmatch(fold(line).strip()))


def _looks_like_related_item(line: str) -> bool:
    folded = fold(line).strip()
    return len(folded) <= 40 and not re.search(r"[。,;]", folded)


# --- the cleaned page -----------------------------------------------------------------------


@dataclass(frozen=True)
class RemovedSpan:
    """A stretch of the raw page the model does not see, and why."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class CleanedText:
    raw: str
    text: str
    """What the model sees: noise removed, whitespace collapsed, simplified script."""
    offsets: tuple[int, ...]
    """offsets[i] is the index in raw of text[i]."""
    removed: tuple[RemovedSpan, ...]
    traditional: bool
    """The page is written in traditional characters (text shows them simplified)."""

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open range [start, end) of text to a half-open range of raw."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range {start}:{end} outside cleaned text of {len(self.text)}")
        if start == end:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    @property
    def removed_chars(self) -> int:
        return sum(r.end - r.start for r in self.removed)

    def stats(self) -> dict[str, object]:
        by_reason: Counter[str] = Counter()
        for r in self.removed:
            by_reason[r.reason] += r.end - r.start
        raw_chars = len(self.raw)
        return {
            "raw_chars": raw_chars,
            "text_chars": len(self.text),
            "removed_chars": self.removed_chars,
            "removed_pct": round(100 * self.removed_chars / raw_chars, 1) if raw_chars else 0.0,
            # Whatever is neither kept nor removed as noise is collapsed whitespace.
            "whitespace_chars": raw_chars - len(self.text) - self.removed_chars,
            "removed_by_reason": dict(sorted(by_reason.items())),
            "traditional": self.traditional,
        }


@dataclass
class _Line:
    start: int
    end: int
    """End of the content, before the line break."""
    brk: int | None
    """Index of the line-break character that ends this line, if any."""
    reason: str | None = None


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n", raw):
        lines.append(_Line(pos, m.start(), m.end() - 1))
        pos = m.end()
    if pos < len(raw):
        lines.append(_Line(pos, len(raw), None))
    return lines


def _mark_context_noise(lines: list[_Line], raw: str) -> None:
    """Rules that need neighbouring lines: timestamp lists and related-article blocks."""
    content = [ln for ln in lines if raw[ln.start : ln.end].strip()]
    run: list[_Line] = []
    for ln in [*content, None]:
        if ln is not None and ln.reason is None and _is_bare_timestamp(raw[ln.start : ln.end]):
            run.append(ln)
            continue
        if len(run) >= _MIN_TIMESTAMP_RUN:
            for t in run:
                t.reason = "timestamp_list"
        run = []
    # Items under a 相关阅读 header are headlines of other articles; only trusted in the lower
    # half of the page, where such blocks live, so a header above the article cannot eat it.
    in_related = False
    for ln in content:
        if ln.reason == "related":
            in_related = ln.start > len(raw) // 2
            continue
        if in_related and ln.reason is None and _looks_like_related_item(raw[ln.start : ln.end]):
            ln.reason = "related"
        elif ln.reason is None:
            in_related = False


def _merge(spans: list[RemovedSpan], raw: str) -> list[RemovedSpan]:
    """Join same-reason spans separated only by whitespace, so a list reads as one span."""
    merged: list[RemovedSpan] = []
    for span in sorted(spans, key=lambda s: s.start):
        prev = merged[-1] if merged else None
        if prev and prev.reason == span.reason and not raw[prev.end : span.start].strip():
            merged[-1] = RemovedSpan(prev.start, span.end, span.reason)
        else:
            merged.append(span)
    return merged


def _is_traditional(raw: str) -> bool:
    cjk = [c for c in raw if "\u4e00" <= c <= "\u9fff"]
    changed = sum(1 for c in cjk if fold(c) != c)  # fold maps CJK through t2s, cached
    # Simplified pages still hold a stray traditional name or two; a traditional page
    # changes about a quarter of its characters.
    return changed >= 5 and changed / max(len(cjk), 1) >= 0.05


def _simplify_line(chars: list[str]) -> list[str]:
    """t2s that keeps one output character per input character (offsets must stay exact)."""
    line = "".join(chars)
    converted = to_simplified(line)
    if len(converted) == len(line):
        return list(converted)
    out = []
    for c in chars:
        s = to_simplified(c)
        out.append(s if len(s) == 1 else c)
    return out


def _line_chars(raw: str, ln: _Line, removed: list[RemovedSpan]) -> list[tuple[int, str]]:
    """The kept characters of one line with inline URLs cut and whitespace runs collapsed."""
    segment = raw[ln.start : ln.end]
    cut = [False] * len(segment)
    # fold is length-preserving, so positions in the folded line are positions in raw.
    for m in _URL.finditer(fold(segment)):
        removed.append(RemovedSpan(ln.start + m.start(), ln.start + m.end(), "url"))
        cut[m.start() : m.end()] = [True] * (m.end() - m.start())
    for m in _PINYIN.finditer(segment):
        # Annotations split words (經(jīng)濟): names, subjects and cue words read across them.
        removed.append(RemovedSpan(ln.start + m.start(), ln.start + m.end(), "pinyin"))
        cut[m.start() : m.end()] = [True] * (m.end() - m.start())
    out: list[tuple[int, str]] = []
    pending_space: int | None = None
    for i, c in enumerate(segment):
        if cut[i]:
            continue
        if c.isspace():
            if out and pending_space is None:
                pending_space = ln.start + i
            continue
        if pending_space is not None:
            out.append((pending_space, " "))
            pending_space = None
        out.append((ln.start + i, c))
    return out


# 57。6億元: a decimal point some sites print as an ideographic full stop. Only between digits
# and before a unit, so a sentence ending in a number followed by one (…5家。6月…) stays.
_STOP_AS_POINT = re.compile(r"(?<=\d)。(?=\d{1,4}[亿億万萬%‰元个個])")


def _decimal_points(chars: list[str]) -> list[str]:
    """The line with ideographic full stops inside numbers read as decimal points."""
    line = "".join(chars)
    if "。" not in line:
        return chars
    return list(_STOP_AS_POINT.sub(".", line))


def clean_page(raw: str) -> CleanedText:
    """Clean one raw page for the model, remembering where every kept character came from."""
    lines = _split_lines(raw)
    for ln in lines:
        ln.reason = noise_reason(raw[ln.start : ln.end])
    _mark_context_noise(lines, raw)
    traditional = _is_traditional(raw)

    removed: list[RemovedSpan] = []
    text_chars: list[str] = []
    offsets: list[int] = []
    last_kept: _Line | None = None
    for ln in lines:
        if ln.reason is not None:
            removed.append(RemovedSpan(ln.start, ln.end, ln.reason))
            continue
        kept = _line_chars(raw, ln, removed)
        if not kept:
            continue
        if last_kept is not None and last_kept.brk is not None:
            # Paragraphs are joined by one newline, mapped to the previous line's break.
            offsets.append(last_kept.brk)
            text_chars.append("\n")
        chars = [c for _, c in kept]
        if traditional:
            chars = _simplify_line(chars)
        chars = _decimal_points(chars)
        offsets.extend(i for i, _ in kept)
        text_chars.extend(chars)
        last_kept = ln

    return CleanedText(
        raw=raw,
        text="".join(text_chars),
        offsets=tuple(offsets),
        removed=tuple(_merge(removed, raw)),
        traditional=traditional,
    )
