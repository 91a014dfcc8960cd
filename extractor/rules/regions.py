"""Regions on a page, found by code: administrative divisions from the gazetteer and named zones.

Divisions (省, 市, 区, 县) are matched against the official code table (`gazetteer`, with
former names such as 江干区 or 郫县 marked by their last year), by full
name (杭州市, 钱塘区) and by short form (杭州, 钱塘) where the short form is safe: a
province's or prefecture's short form anywhere but in a few common words (大同, 中山), a
county's only where the page also writes its full name, where it opens a zone's name
(海盐经济开发区), stands in brackets inside a name (中德(金坛)创新产业区) or names an
outlet (金山报).

Zones are read from the genre's name shapes: a place or proper prefix plus a kind suffix
(…经济技术开发区, …经开区, …高新区, …产业园, …工业园区, …自贸区, …新区, …功能区, …科技城).
The prefix runs back over Han characters to the nearest verb, preposition or function word
(全面提升|沿江开发区, 位于|蓝田开发区), to the end of the previous zone (蓝田开发区|朝阳园区) or
to punctuation, and a zone needs a proper prefix (国家级经开区, 重点园区 are generic mentions).

Each mention carries its exact span in the page as given. Pages in traditional script and
pages with inline pinyin (開發(fā)區) are matched through a folded view: pinyin annotations
removed and OpenCC t2s applied, with an offset map back to the page; `name` keeps the page's
script without annotations.

A mention gets a `role` when it is a region only in passing (the genre's conventions):
in_name (inside an organization or other name: 浙江省商务厅, 长沙经开区管委会, a zone's own
prefix), outlet (an outlet or dateline: 金山报, 红网时刻长沙1月27日讯), partner (加强与湖南…合作),
roster (a member of a long list or ranking without facts), project (a project's name:
龙文区科技产业园项目, …等项目). `page_regions` keeps one entry per distinct region the page
is about, and `as_region` turns one into the pipeline's grounded `Region` fact.

Measured with `python eval/region_check.py` (seeds and the shared devset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from extractor.rules.base import RuleContext, register
from extractor.rules.enumerations import listed_entities
from extractor.rules.gazetteer import Division, Gazetteer, gazetteer
from extractor.text import to_simplified
from schemas.common import Grounding, Span
from schemas.facts import ArticleFacts, Region

Kind = Literal["division", "zone", "area"]

_HAN = r"\u3400-\u9fff"
# Inline pinyin after a Han character (開發(fā)區); upper-case acronyms ((BDA), (GDP)) stay.
_PINYIN = re.compile(rf"(?<=[{_HAN}])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{{1,8}}\)")
_IS_HAN = re.compile(rf"[{_HAN}]")

# Kind suffixes of zones, longest first so that 经济技术开发区 wins over 开发区.
_ZONE_SUFFIX_WORDS = (
    "经济技术开发区|经济开发区|高新技术产业开发区|高新技术产业园区|高新技术产业园|"
    "高新技术开发区|技术开发区|开发区|经开区|高新区|工业园区|工业园|产业园区|"
    "产业园|科技园区|科技园|软件园|物流园区|物流园|创业园|创意园|文创园|"
    "科创园|智造园|博览园|孵化园|自由贸易试验区|自贸试验区|自贸区|自由贸易港|"
    "自贸港|综合保税区|保税港区|保税区|新区|功能区|示范区|试验区|合作区|"
    "集聚区|产业区|经济区|中心区|商务区|度假区|科技城|科学城|特色小镇|实验区|"
    "产业平台|医药港|药谷|园区"
)
_ZONE_SUFFIXES = sorted(_ZONE_SUFFIX_WORDS.split("|"), key=len, reverse=True)
_ZONE = re.compile("|".join(_ZONE_SUFFIXES))
# Words that end a zone's prefix when read backwards: verbs, prepositions, function words.
_BOUNDARY_TEXT = (
    "位于|提升|推进|推动|建设|打造|依托|落户|入驻|进驻|引进|规划|建成|"
    "创建|获批|成为|设立|成立|包括|涵盖|分别是|分别为|依次为|其中|以及|"
    "实现|完成|加快|加强|发展|围绕|聚焦|支持|带动|参加|参与|举办|"
    "举行|召开|走进|来到|考察|调研|视察|对接|联合|携手|共建|构建|布局|"
    "形成|拥有|集聚|聚集|培育|认定|评为|列为|纳入|作为|成功|全力|全面|"
    "大力|积极|着力|努力|持续|不断|进一步|日前|近日|目前|今年|去年|引领|"
    "落子|确保|开展|通过|进入|入围|入选|获评|荣获|平方公里|公里|签约|落地|"
    "坐落着|坐落|简称|稳居|位居|位列|标志着|开创|力争|除了|链接|最大|"
    "第二批|第一批|一批|全省|全市|全区|全县|我省|我市|我区|我县|在|于|与|"
    "和|及|同|跟|向|对|从|把|将|被|为|是|有|的|等|了|也|又|再|还|"
    "就|即|仍|已|并|而|或|到|至|赴|占|以|居|该|本|各|这|那|由|全国|分列|"
    "承办|主办|批复|同意"
)
_BOUNDARY_WORDS = _BOUNDARY_TEXT.split("|")
_BOUNDARY = re.compile(
    r"[一二两三四五六七八九十百千几多]+[个家座]|"
    + "|".join(sorted(set(_BOUNDARY_WORDS), key=len, reverse=True))
)
_SINGLE_BOUNDARY = {w for w in _BOUNDARY_WORDS if len(w) == 1}
# A prefix made only of these says what kind of zone, not which one (国家级经开区, 重点园区).
_GENERIC_PREFIX = re.compile(
    r"^(?:国家级|省级|市级|县级|区级|国家|全国|全省|全市|中国|重点|其他|相关|所有|各类|各地|各|"
    r"智慧|绿色|综合|特色|标准|现代|高端|新型|化工|经济|产业|工业|高新|技术|开发|高教|"
    r"[省市县区])+$"
)
_MAX_PREFIX = 16
# The generic words a page uses for its own zone (开发区, 县开发区, 园区).
_THE_ZONE = re.compile(
    r"^[市县区]?(?:经济技术开发区|经济开发区|开发区|经开区|高新区|园区|工业园区)$"
)
# A prefix that opens with a quality word describes a zone to build, it does not name one
# (高品质生物医药特色产业园区, 高水平产业园区).
_DESCRIPTIVE = re.compile(
    r"^(?:高品质|高水平|高标准|高质量|高能级|一流|世界级|国际一流|现代化|专业化|智能化|数字化|"
    r"一批|一个|一座|新一批)"
)
# Counters and date words after a number (72个开发区, 2021年度浙江省开发区).
_LEADING_UNIT = re.compile(r"年度|年|月|日|个|家|座|多|余|亿元|万元|亿|万|元|号|期|批")
_STATED_LEVEL = re.compile(r"国家级|省级")
_LEVEL_PREFIX = re.compile(r"(?:国家级|省级|市级)+")
# A province's zones as a class (浙江省开发区, 2020年浙江省高新区…): no one zone.
_CLASS_SUFFIXES = {"开发区", "经开区", "高新区", "园区", "工业园区", "产业园区"}

# Short forms that are common words or names of other things far more often than places.
_COMMON_WORD_TEXT = (
    "大同|中山|三明|阿里|安康|长治|白银|来宾|黄山|朝阳|和田|普洱|白山|"
    "山南|海东|海北|海西|东方|和平|长安|新华|开平|平山|滨海|河东|桥西|"
    "城关|城中|市中|江北|南岸|白云|新城|永安|永和|安宁|太平|宁安|长寿|"
    "和顺|吉利|合作"
)
_COMMON_WORD_SHORTS = frozenset(_COMMON_WORD_TEXT.split("|"))
# What a place name runs into when it is part of another toponym (钱塘江, 杭州湾, 中山路).
_FEATURE_AFTER = re.compile(r"[江河湖湾山路街桥岛峡港]|大道")
# Names that hold a place: organizations (in_name) and outlets (outlet).
# The words between a place and its name's head hold no preposition or conjunction.
_NAME_CHAR = rf"(?:(?![与和及的在对为是向把将被从到])[{_HAN}])"
_ORG_AFTER = re.compile(
    r"委(?!托)|"
    rf"{_NAME_CHAR}{{0,4}}?(?:人民政府|政府|管委会|委员会|党委|[厅]|统计局|商务局|科技局|"
    r"财政局|经信局|发改委|经信委|办公室|代表团|法院|检察院|监测中心|中心|服务平台)"
    rf"|{_NAME_CHAR}{{0,10}}?(?:有限公司|公司|集团|交易所|研究院|研究所|大学|学院|医院|银行|"
    r"协会|商会|联盟|实验室|综合体)"
)
# A project named in brackets ((漳州市长福安置房)项目) is that name wherever the page writes it.
_BRACKETED_PROJECT = re.compile(rf"[(（]([{_HAN}]{{3,16}})[)）](?:项目|专案)")
# A quoted phrase that opens with a place is a brand or program name (“浙江制造”).
_QUOTED = re.compile(rf"“([{_HAN}]{{3,10}})”")
_OUTLET_AFTER = re.compile(
    rf"{_NAME_CHAR}{{0,4}}?(?:报社|日报|晚报|手机报|时报|新闻网|新闻|在线|电视台|发布|网(?!络)|报(?![告道名送表]))"
)
_DATELINE_AFTER = re.compile(r"\d{1,2}月\d{1,2}日(?:讯|电)|电(?=[\s(（]|$)")
_PARTNER = re.compile(
    rf"(?:与|同|跟|和)(?P<place>[{_HAN}]{{2,8}}?)[{_HAN}]{{0,8}}?(?:合作|对接|协作|交流)"
)
# A zone named as a project or planned platform (…科技产业园项目, 甲和乙两个高质量项目平台).
_PROJECT_AFTER = re.compile(
    r"(?:项目|专案)(?![\d一二两三四五六七八九十百]+个)|(?:[和、及与][^，。,;；、]{1,16}?)?[两二三四五六七八九十\d]+个[^，。,;；]{0,8}项目"
)
# A place opening a project's name (漳州市长福安置房)项目); 项目28个 counts a zone's projects.
_NAME_THEN_PROJECT = re.compile(
    rf"[{_HAN}]{{0,8}}?[)）]?(?:项目|专案)(?![\d一二两三四五六七八九十百]+个)"
)
# Named regions larger than one division, written without a kind suffix.
_AREA = re.compile(
    r"长江三角洲|长三角|珠江三角洲|珠三角|京津冀|粤港澳大湾区|长江经济带|成渝地区双城经济圈|"
    r"成渝经济圈|环渤海|海峡西岸经济区|北部湾经济区|长株潭"
)
_ROSTER_INTRO = re.compile(r"名单|依次为|排名|排行|榜单")
_ROSTER_MIN = 8
_LIST = re.compile(r"[^，,。；;：:\s]{2,40}(?:、[^、，,。；;：:\s]{2,40})+")


@dataclass(frozen=True)
class RegionMention:
    """One mention of a region in the page."""

    start: int
    """Offset of the mention in the given text."""
    end: int
    """Offset just after it; text[start:end] is `text`."""
    text: str
    """The page's characters, pinyin annotations included (沿江開發(fā)區)."""
    name: str
    """The name as written in the page's script, pinyin annotations removed (沿江開發區)."""
    kind: Kind
    """division (省, 市, 区, 县 of the code table), zone (开发区, 园区, 新区...) or area (a named
    multi-province region: 长三角, 京津冀, 粤港澳大湾区)."""
    form: Literal["full", "short", "generic"] = "full"
    """full name, short form (杭州 for 杭州市), or generic zone word (开发区)."""
    code: str | None = None
    """Division code (330114); None for zones and unresolved names (鼓楼区 of four cities)."""
    level: str | None = None
    """province, prefecture or county for divisions."""
    official_name: str | None = None
    """The division's official full name (杭州市 for 杭州)."""
    parent_name: str | None = None
    """The division's parent in the code table (杭州市 for 钱塘区)."""
    parent_code: str | None = None
    until: int | None = None
    """For a division that no longer exists (江干区, 郫县), the last year it did."""
    zone_type: str | None = None
    """The zone's kind suffix as folded to simplified script (经开区, 高新技术产业开发区)."""
    role: str | None = None
    """None when the page names the region for itself; else why it is only in passing:
    in_name, outlet, partner, roster or project."""
    stated_parent: str | None = None
    """The larger region the page writes with it, as written: 杭州市 of 杭州市钱塘区, 上虞 of
    杭州湾上虞经济技术开发区."""
    stated_level: str | None = None
    """国家级 or 省级 when the page writes it with a zone (省级上虞经济开发区)."""


@dataclass
class _Page:
    raw: str
    clean: str
    folded: str
    offsets: list[int]
    """Raw offset of each clean character, plus one past the end."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1


def _fold(text: str) -> _Page:
    """Pinyin annotations removed, traditional folded to simplified, offsets kept."""
    clean_chars: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _PINYIN.finditer(text):
        clean_chars.extend(text[position : match.start()])
        offsets.extend(range(position, match.start()))
        position = match.end()
    clean_chars.extend(text[position:])
    offsets.extend(range(position, len(text)))
    offsets.append(len(text))
    clean = "".join(clean_chars)
    folded = to_simplified(clean)
    if len(folded) != len(clean):
        folded = "".join(
            converted if len(converted := to_simplified(ch)) == 1 else ch for ch in clean
        )
    return _Page(text, clean, folded, offsets)


@lru_cache(maxsize=1)
def _surface_forms() -> tuple[dict[str, list[tuple[Division, str]]], int]:
    """Full names and safe short forms, as they read in the folded text (乾县 folds to 干县)."""
    gaz = gazetteer()
    convert = to_simplified
    forms: dict[str, list[tuple[Division, str]]] = {}
    for name, divisions in gaz.full.items():
        for key in {name, convert(name)}:
            forms.setdefault(key, []).extend((d, "full") for d in divisions)
    for short, divisions in gaz.short.items():
        if short in _COMMON_WORD_SHORTS:
            continue
        for key in {short, convert(short)}:
            forms.setdefault(key, []).extend((d, "short") for d in divisions)
    return forms, max(len(name) for name in forms)


def _resolve(candidates: list[Division], gaz: Gazetteer, context: set[str]) -> Division | None:
    """One division among same-named ones: the one the page's other places contain, a province,
    or the ancestor of all the others (长沙市 over its 长沙县); else None."""
    if len(candidates) == 1:
        return candidates[0]
    named = [d for d in candidates if d.code in context]
    if len(named) == 1:
        return named[0]
    in_context = [d for d in candidates if any(a.code in context for a in gaz.ancestors(d))]
    if len(in_context) == 1:
        return in_context[0]
    provinces = [d for d in candidates if d.level == 1]
    if len(provinces) == 1:
        return provinces[0]
    top = min(candidates, key=lambda d: d.level)
    if all(d is top or top in gaz.ancestors(d) for d in candidates):
        return top
    return None


@dataclass
class _Hit:
    start: int
    end: int
    candidates: list[Division]
    form: str


def _division_hits(folded: str) -> list[_Hit]:
    """Leftmost-longest matches of full names and short forms in the folded text."""
    forms, longest = _surface_forms()
    hits: list[_Hit] = []
    i, n = 0, len(folded)
    while i < n:
        for length in range(min(longest, n - i), 1, -1):
            found = forms.get(folded[i : i + length])
            if found:
                full = [d for d, form in found if form == "full"]
                chosen = full or [d for d, _ in found]
                hits.append(_Hit(i, i + length, chosen, "full" if full else "short"))
                i += length
                break
        else:
            i += 1
    return hits


def _prefix_start(
    folded: str, suffix_start: int, floor: int, protected: list[tuple[int, int]]
) -> int:
    """Where the zone name ending at suffix_start begins."""
    start = suffix_start
    while start > floor and (_IS_HAN.match(folded[start - 1]) or folded[start - 1] in '“”"()（）·'):
        start -= 1
    start = max(start, suffix_start - _MAX_PREFIX)
    best = start
    for match in _BOUNDARY.finditer(folded, start, suffix_start):
        if any(s < match.end() and match.start() < e for s, e in protected):
            continue  # 都 of 成都 is no boundary
        if (
            match.group() == "发展"
            and match.end() == suffix_start
            and folded.startswith(("示范区", "试验区", "实验区", "合作区"), suffix_start)
        ):
            continue  # 一体化发展示范区: a noun before the suffix
        if (
            match.group() in _SINGLE_BOUNDARY
            and suffix_start - match.end() == 1
            and folded[match.end()] not in "省市县区"
        ):
            continue  # 和达药谷: a one-character name after it is the name's own first char
        best = max(best, match.end())
    unit = _LEADING_UNIT.match(folded, best, suffix_start)
    if unit and best > 0 and not _IS_HAN.match(folded[best - 1]):
        best = unit.end()
    while best < suffix_start and folded[best] in ')）”"':
        best += 1
    return best


def _balanced(name: str) -> bool:
    return name.count("“") == name.count("”") and (
        name.count("(") + name.count("（") == name.count(")") + name.count("）")
    )


@dataclass
class _Zone:
    start: int
    end: int
    suffix: str
    generic: bool


def _zones(folded: str, hits: list[_Hit]) -> list[_Zone]:
    zones: list[_Zone] = []
    floor = 0
    gaz = gazetteer()
    protected = [(h.start, h.end) for h in hits]
    for match in _ZONE.finditer(folded):
        if any(h.end == match.end() and h.form == "full" for h in hits):
            floor = match.end()
            continue  # 浦东新区 is a division, not a zone
        start = _prefix_start(folded, match.start(), floor, protected)
        # 湖北省襄阳市高新区: the zone is named by the last of a chain of full division names
        # (嘉兴南湖高新区 keeps its short forms).
        chain = start
        while True:
            step = next(
                (
                    h
                    for h in hits
                    if h.start == chain and h.end < match.start() and h.form == "full"
                ),
                None,
            )
            if step is None or not any(h.start == step.end and h.form == "full" for h in hits):
                break
            chain = step.end
        start = chain
        name = folded[start : match.start()]
        while name and not _balanced(name + "x"):
            start += 1
            name = folded[start : match.start()]
        level = _LEVEL_PREFIX.match(name)
        if level and level.end() < len(name):
            start += level.end()
            name = name[level.end() :]
        stripped = _LEVEL_PREFIX.sub("", name).strip('“”"')
        province_class = (
            match.group() in _CLASS_SUFFIXES
            and any(d.level == 1 for d in gaz.full.get(stripped, ()))
            and stripped.endswith("省")
        )
        if _DESCRIPTIVE.match(stripped):
            floor = match.end()
            continue
        generic = len(stripped) < 2 or bool(_GENERIC_PREFIX.match(stripped)) or province_class
        if generic:
            start = match.start()
            if (
                start > 0
                and folded[start - 1] in "市县区"
                and (
                    start < 2
                    or not _IS_HAN.match(folded[start - 2])
                    or _BOUNDARY.match(folded, start - 2)
                )
            ):
                start -= 1
        zones.append(_Zone(start, match.end(), match.group(), generic))
        floor = match.end()
    return zones


def _roster_spans(folded: str) -> list[tuple[int, int]]:
    """Spans of long lists and of lists introduced as rosters (名单, 依次为)."""
    spans = []
    for match in _LIST.finditer(folded):
        count = match.group().count("、") + 1
        intro = folded[max(0, match.start() - 12) : match.start()]
        if count >= _ROSTER_MIN or (count >= 3 and _ROSTER_INTRO.search(intro)):
            spans.append((match.start(), match.end()))
    return spans


def _in(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _project_spans(folded: str) -> list[tuple[int, int]]:
    spans = []
    for listed in listed_entities(folded):
        if listed.kind == "project":
            spans.append((listed.start, listed.start + len(listed.name)))
    return spans


def _bracketed(folded: str, start: int, end: int) -> bool:
    return start > 0 and end < len(folded) and folded[start - 1] in "(（" and folded[end] in ")）"


def _role_after(folded: str, end: int) -> str | None:
    if _OUTLET_AFTER.match(folded, end) or _DATELINE_AFTER.match(folded, end):
        return "outlet"
    if _ORG_AFTER.match(folded, end):
        return "in_name"
    project = _NAME_THEN_PROJECT.match(folded, end)
    if project and not _BOUNDARY.search(project.group()[:-2].strip(")）")):
        return "project"
    return None


def find_regions(text: str) -> list[RegionMention]:
    """Every region mention in text, in reading order, with its span, kind and, for divisions,
    code, level and parent; `role` says when the mention is only in passing."""
    page = _fold(text)
    folded = page.folded
    gaz = gazetteer()
    hits = _division_hits(folded)
    zones = _zones(folded, hits)
    zone_spans = [(z.start, z.end) for z in zones if not z.generic]
    rosters = _roster_spans(folded)
    projects = _project_spans(folded)
    quoted_names = set(_QUOTED.findall(folded))
    project_names = set(_BRACKETED_PROJECT.findall(folded))
    partners = [(m.start("place"), m.end("place") + 8) for m in _PARTNER.finditer(folded)]

    full_codes = {d.code for h in hits if h.form == "full" for d in h.candidates}
    context = {d.code for h in hits if len(h.candidates) == 1 for d in h.candidates}
    context |= {a.code for code in set(context) for a in gaz.ancestors(gaz.by_code[code])}

    mentions: list[RegionMention] = []
    for hit in hits:
        s, e = hit.start, hit.end
        division = _resolve(hit.candidates, gaz, context)
        after = folded[e : e + 2]
        before = folded[s - 1] if s > 0 else ""
        bracketed = _bracketed(folded, s, e)
        in_zone = _in(zone_spans, s, e)
        if hit.form == "short":
            if _FEATURE_AFTER.match(after) or (before == "“" and after[:1] == "”"):
                continue
            if division is None:
                continue
            if division.level == 3 and division.code not in full_codes:
                strong = (
                    in_zone
                    or bracketed
                    or _OUTLET_AFTER.match(folded, e)
                    or (
                        division.parent_code in context and _preceded_by_parent(hits, hit, division)
                    )
                )
                if not strong:
                    continue
        elif (
            e - s == 2
            and _standing_in_word(folded, s)
            and not any(other.end == s for other in hits)
        ):
            continue  # 范县 in 示范县: a two-character name stands alone or after its parent.
        elif e - s == 2 and folded[s] in "东西南北中城郊矿" and _ZONE.match(folded, e):
            continue  # 东区 of 高新区东区
        quoted = any(q.startswith(folded[s:e]) and folded.startswith(q, s) for q in quoted_names)
        role = None
        if (in_zone and not bracketed) or _ZONE.match(folded, e) or quoted:
            role = "in_name"
        elif any(folded.startswith(q, s) for q in project_names):
            role = "project"
        elif _in(rosters, s, e):
            role = "roster"
        elif _in(projects, s, e):
            role = "project"
        else:
            role = _role_after(folded, e) or ("partner" if _in(partners, s, e) else None)
        raw_start, raw_end = page.span(s, e)
        parent = gaz.parent(division) if division else None
        stated = next(
            (
                page.clean[o.start : o.end]
                for o in hits
                if o.end == s and parent and any(d.code == parent.code for d in o.candidates)
            ),
            None,
        )
        mentions.append(
            RegionMention(
                start=raw_start,
                end=raw_end,
                text=text[raw_start:raw_end],
                name=page.clean[s:e],
                kind="division",
                form="full" if hit.form == "full" else "short",
                code=division.code if division else None,
                level=division.level_name if division else None,
                official_name=division.name if division else None,
                parent_name=parent.name if parent else None,
                parent_code=parent.code if parent else None,
                until=division.until if division else None,
                role=role,
                stated_parent=stated,
            )
        )

    for area in _AREA.finditer(folded):
        s, e = area.span()
        if _in(zone_spans, s, e):
            continue
        role = "roster" if _in(rosters, s, e) else _role_after(folded, e)
        raw_start, raw_end = page.span(s, e)
        mentions.append(
            RegionMention(
                start=raw_start,
                end=raw_end,
                text=text[raw_start:raw_end],
                name=page.clean[s:e],
                kind="area",
                role=role,
            )
        )

    for zone in zones:
        s, e = zone.start, zone.end
        if zone.generic:
            role = None
        elif _in(rosters, s, e):
            role = "roster"
        elif _in(projects, s, e) or _PROJECT_AFTER.match(folded, e):
            role = "project"
        else:
            role = _role_after(folded, e)
        raw_start, raw_end = page.span(s, e)
        inside = [h for h in hits if s <= h.start and h.end <= e - len(zone.suffix)]
        level = _STATED_LEVEL.search(folded, max(0, s - 3), e - len(zone.suffix))
        mentions.append(
            RegionMention(
                start=raw_start,
                end=raw_end,
                text=text[raw_start:raw_end],
                name=page.clean[s:e],
                kind="zone",
                form="generic" if zone.generic else "full",
                zone_type=zone.suffix,
                role=role,
                stated_parent=page.clean[inside[-1].start : inside[-1].end] if inside else None,
                stated_level=level.group() if level else None,
            )
        )
    return sorted(mentions, key=lambda m: (m.start, -m.end))


def _standing_in_word(folded: str, start: int) -> bool:
    before = folded[start - 1] if start > 0 else ""
    return bool(before) and bool(_IS_HAN.match(before)) and before not in "年月日"


def _preceded_by_parent(hits: list[_Hit], hit: _Hit, division: Division) -> bool:
    return any(
        other.end == hit.start and any(d.code == division.parent_code for d in other.candidates)
        for other in hits
    )


_ABBREVIATION = {
    "经济技术开发区": "经开区",
    "高新技术产业开发区": "高新区",
    "高新技术产业园区": "高新区",
    "高新技术产业园": "高新区",
    "高新技术开发区": "高新区",
    "自由贸易试验区": "自贸区",
    "自贸试验区": "自贸区",
    "自由贸易港": "自贸港",
    "产业园区": "产业园",
    "工业园区": "工业园",
    "科技园区": "科技园",
    "物流园区": "物流园",
}


def _zone_key(mention: RegionMention) -> tuple[str, str]:
    folded = _fold(mention.name).folded
    suffix = mention.zone_type or ""
    core = folded[: len(folded) - len(suffix)].strip('“”"')
    return core, _ABBREVIATION.get(suffix, suffix)


def page_regions(text: str, mentions: list[RegionMention] | None = None) -> list[RegionMention]:
    """One mention per distinct region the page is about, in order of first mention.

    Divisions are one region per code, named by their full name when the page writes it; zones
    are one region per place and kind (上虞经开区 = 杭州湾上虞经济技术开发区), named by the longest
    form. Mentions in passing are left out; an outlet's place counts only when the page names no
    other place, and a generic zone word (开发区) only when the page names no zone.
    """
    mentions = find_regions(text) if mentions is None else mentions
    resolved = [m for m in mentions if m.kind != "division" or m.code]
    own = [m for m in resolved if m.role is None and m.form != "generic"]
    outlets = [m for m in resolved if m.role == "outlet" and m.kind == "division"]
    chosen = own or outlets
    if not any(m.kind == "zone" for m in own):
        generic = [
            m for m in mentions if m.form == "generic" and _THE_ZONE.match(_fold(m.name).folded)
        ]
        chosen = chosen + generic[:1]

    groups: dict[tuple[str, ...], list[RegionMention]] = {}
    for mention in chosen:
        if mention.kind == "division":
            key: tuple[str, ...] = ("d", mention.code or mention.name)
        elif mention.kind == "area":
            key = ("a", _fold(mention.name).folded)
        elif mention.form == "generic":
            key = ("g",)
        else:
            core, suffix = _zone_key(mention)
            key = ("z", suffix, core)
            for other in list(groups):
                if (
                    other[0] == "z"
                    and other[1] == suffix
                    and (other[2].endswith(core) or core.endswith(other[2]))
                ):
                    key = other
                    break
        groups.setdefault(key, []).append(mention)

    regions: list[tuple[int, RegionMention]] = []
    for key, group in groups.items():
        if key[0] == "d":
            full = [m for m in group if m.form == "full"]
            best = full[0] if full else group[0]
        else:
            best = max(group, key=lambda m: (len(m.name), -m.start))
        best = replace(
            best,
            stated_parent=best.stated_parent
            or next((m.stated_parent for m in group if m.stated_parent), None),
            stated_level=best.stated_level
            or next((m.stated_level for m in group if m.stated_level), None),
        )
        regions.append((min(m.start for m in group), best))
    return [best for _, best in sorted(regions, key=lambda pair: pair[0])]


_DIVISION_KIND = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|[省市区县旗盟])$")


def as_region(mention: RegionMention) -> Region:
    """The mention as the pipeline's Region fact, grounded at the mention's span.

    type is the zone's suffix as written or the division's kind (省, 市, 区, 县, 自治州);
    level and parent only as the page states them.
    """
    if mention.kind == "zone":
        kind = mention.name[len(mention.name) - len(mention.zone_type or "") :] or None
    elif mention.kind == "division":
        found = _DIVISION_KIND.search(mention.official_name or mention.name)
        kind = found.group() if found else None
    else:
        kind = None
    return Region(
        name=mention.name,
        type=kind,
        level=mention.stated_level,
        parent=mention.stated_parent,
        kind=mention.kind,
        code=mention.code,
        admin_level=mention.level,  # type: ignore[arg-type]
        parent_code=mention.parent_code,
        parent_name=mention.parent_name,
        until=mention.until,
        grounding=Grounding(
            spans=[Span(start=mention.start, end=mention.end, text=mention.text)],
            status="grounded",
        ),
    )


_LEVEL_KIND = {"province": "省", "prefecture": "市", "county": "区"}


def homes_of(mentions: list[RegionMention]) -> dict[str, str]:
    """The first place of each kind the page itself is about (an outlet's place is not)."""
    homes: dict[str, str] = {}
    for m in mentions:
        if m.role is not None or m.form == "generic":
            continue
        if m.kind == "zone":
            homes.setdefault("zone", m.name)
        elif m.kind == "division" and m.level in _LEVEL_KIND:
            kind = "县" if m.name.endswith("县") else _LEVEL_KIND[m.level]
            homes.setdefault(kind, m.name)
    return homes


def _as_written(name: str, mentions: list[RegionMention], article: str) -> str:
    """The home as the page writes it: 吐鲁番市高昌区 where the page never writes 高昌区 alone."""
    parent = next((m.stated_parent for m in mentions if m.name == name and m.stated_parent), None)
    if not parent:
        return name
    compound = article.count(parent + name)
    return parent + name if compound > article.count(name) - compound else name


def outlet_homes(mentions: list[RegionMention]) -> dict[str, str]:
    """我市/我区/我县 by the outlet's place: 我市 in a 菏泽网 report is 菏泽, whatever other
    cities the page ranks it against."""
    homes: dict[str, str] = {}
    for m in mentions:
        if m.role == "outlet" and m.kind == "division" and m.level in _LEVEL_KIND:
            kind = "县" if m.name.endswith("县") else _LEVEL_KIND[m.level]
            homes.setdefault("我" + kind, m.name)
    return homes


def _same_place(a: str, b: str) -> bool:
    fa, fb = _fold(a).folded, _fold(b).folded
    return fa in fb or fb in fa


@register("regions", step=40)
def add_page_regions(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    """The places the page is about, from the code table and zone names; the model's regions
    are kept only where code found nothing like them."""
    every = find_regions(context.article)
    mentions = page_regions(context.article, every)
    found = [as_region(m) for m in mentions]
    context.places = [r.name for r in found]
    context.written_places = {m.name for m in every}
    homes = homes_of(mentions) | outlet_homes(every)
    generic = next((m.name for m in mentions if m.form == "generic"), None)
    if generic and "zone" not in homes:
        # A page that never names its zone calls itself one way (市开发区): its 全区, 园区 and
        # 开发区 all stand for that word.
        homes["zone"] = generic
    context.homes = {
        kind: _as_written(name, mentions, context.article) for kind, name in homes.items()
    }
    kept = [r for r in facts.regions if not any(_same_place(r.name, f.name) for f in found)]
    return facts.model_copy(update={"regions": found + kept})
