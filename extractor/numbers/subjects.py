"""Whose figure a number is, read from the words around it.

A small model tends to repeat its first subject for every number, so the page's words decide:
the name its clause opens with (a known name, a quoted program, a named actor such as 经济小区),
a self-reference (全区, 我市) read as the page's own place, else the nearest name before the
number in its sentence, a topic of its paragraph, and finally the place the page is about.
"""

from __future__ import annotations

import re

from extractor.normalize import Mention
from extractor.numbers.clauses import PERIOD_WORDS, sentence_start
from extractor.numbers.words import (
    LEAD,
    NAMED_ACTOR,
    QUOTES,
    SELF_REFERENCE,
    leading_name,
    name_forms,
    number_start,
    start_of_clause,
)

OFFICIAL_TITLE = re.compile(
    r"(?:书记|省长|市长|区长|县长|主任|局长|厅长|部长|董事长|总经理|负责人)"
)
"""An official named by title (开州区副区长某某) is a person: neither a body nor a subject."""


_ZONE_WORDS = ("开发区", "经开区", "高新区", "园区")


Homes = dict[str, str]
"""The page's own places by the kind a self-reference asks for: zone, 区, 县, 市, 省."""


def self_reference(clause: str, homes: Homes) -> str | None:
    """Whom a clause opening with 全区/该区/园区/我市... means: the page's place of that kind,
    else the word as written; None when the clause does not open with one."""
    found = SELF_REFERENCE.match(clause)
    if not found:
        return None
    word = found.group()
    if word == "全国":
        return word
    if word.endswith(_ZONE_WORDS):
        return homes.get("zone") or word
    kind = word[-1]
    if word.startswith("我") and homes.get(word):
        return homes[word]
    home = homes.get("zone") if kind == "区" else None
    return home or homes.get(kind) or word


# The words a page uses for itself, where a clause opens with one (全区, 开发区).
_OWN_WORD = re.compile(r"(?:^|(?<=[，,。；;\n]))(?:全区|全县|全市|开发区|经开区|高新区|园区)")


def page_home(text: str, homes: Homes) -> str | None:
    """The place the page is about: its zone, else its county, city or province; else the
    word it uses for itself (全区, 开发区) when it names no place of its own."""
    for kind in ("zone", "区", "县", "市", "省"):
        if homes.get(kind):
            return homes[kind]
    words = [m.group() for m in _OWN_WORD.finditer(text)]
    return max(set(words), key=words.count) if words else None


def resolve_subject(
    model_subject: str, text: str, m: Mention, names: list[str], forms: list[str] | None = None
) -> str:
    return subject_with_evidence(model_subject, text, m, names, forms)[0]


Evidence = str
"""How a subject was found: clause (the clause opens with it), label (the model's label, in the
sentence), sentence / paragraph / article (the nearest name before the number there), guess."""


# A name right after these is what the number is compared with, a share of or a means to, not
# whose it is (高于位居末位的威海43.33个百分点, 占杭州市汽车产业超40%, 以“钱塘校融”平台为牵引).
_BASE_BEFORE = re.compile(
    r"(?:高于|低于|超过|超出|领先|落后|少于|多于|比|较|占|同|与|以)(?:[^，,。；;]{0,6}的)?“?$"
)


_CLAUSE_SELF_REFERENCE = re.compile(
    rf"(?:^|(?<=[，,。；;：:\n]))(?:{SELF_REFERENCE.pattern.removeprefix('^')})"
)


# Words before a topic that do not make it an object: a dateline, a locative (在位于…的).
_DATELINE = re.compile(r"^\s*(?:本报讯|本网讯|讯)?\s*(?:在?位于[^，,。；;]{1,20}的)?")


# “博士入企”活动已将…, “钱塘校融”工程…: a quoted program opening the clause owns its figures.
_PROGRAM_KINDS = "活动|工程|行动|计划|专项|平台|联盟|产业链|产业集群"
_PROGRAM = re.compile(rf"^“?(?P<name>[^“”，,。]{{2,12}})”(?P<kind>{_PROGRAM_KINDS})")
# 该工程以…为载体，已经联合14所高校: a reference back to the program named before.
_PROGRAM_REFERENCE = re.compile(
    rf"(?:^|(?<=[，,。；;：:\n]))(?:该|此|这一)(?P<kind>{_PROGRAM_KINDS})"
)
# 以“甲”和“乙”两大品牌活动为载体: what a statement works through is not whose its figures are.
_MEANS = re.compile(r"以[^，,。；;]{1,40}?为|(?:根据|按照|依据|对照|围绕)[^，,。；;]{1,30}")
_HEADED_PROGRAM = re.compile(
    rf"的(?P<program>“[^“”，,。]{{2,12}}”(?:{_PROGRAM_KINDS}))(?=[^，,。；;“”]*$)"
)
# 重点园区, 重点开发区: a place's group of zones, owning the figures of its clause.
_ZONE_GROUP = re.compile(
    r"重点(?:园区|开发区|产业园区|片区)(?=[^，,。；;]{0,6}(?:实现|完成|累计|共|合计))"
)
# 海南全省营业收入超千亿元的园区5个: the whole of the place, as the page writes it.
_WHOLE_OF = re.compile(r"全(?:省|市|区|县)(?![第排])")
_SCOPE_BEFORE = re.compile(
    r"(?<!高于|低于|超过)(?:全国|全省|全市)(?=[\d一二三四五六七八九十百千]*$)"
)
# 在全省位列第一: the place a ranking is within is its scope, not its subject.
_SCOPE_AFTER = re.compile(r"中?(?:位列|位居|排名|排在|排|居|列|第)")
# 确保南湖高新区在全省…, 力争经开区进入…: a goal's verb before whose the figure is.
_GOAL_VERB = re.compile(r"^(?:确保|力争|争取|推动|支持|助力)")


_CLAUSE_BEGIN = re.compile(r"(?:^|(?<=[，,。；;：:\n]))")


def clause_opener(clause: str) -> str | None:
    """The program or named actor a clause (lead words and period removed) opens with."""
    program = _PROGRAM.match(clause)
    if program:
        return f"“{program['name']}”{program['kind']}"
    actor = NAMED_ACTOR.match(clause)
    if actor and not SELF_REFERENCE.match(actor["name"]):
        return actor["name"]
    return None


def _openers(window: str) -> list[tuple[int, str]]:
    found = []
    for begin in _CLAUSE_BEGIN.finditer(window):
        rest = PERIOD_WORDS.sub("", window[begin.start() :], count=1)
        clause = LEAD.sub("", rest.strip(QUOTES))
        name = clause_opener(clause)
        if name:
            # Where the name itself starts, so that it outranks a shorter name inside it.
            at = window.find(name.strip("“”")[:2], begin.start())
            found.append((at if at >= 0 else begin.start(), name))
    return found


# 中国计量大学科技园等孵化器27个, 巢生杭州中心等: an example of the kind counted, not its owner.
_EXAMPLE_AFTER = re.compile(r"[^\s，,。；;、：:]{0,8}等")


# “专精特新”“半导体”“生物医药”3个产业园: quoted names right before their count (or before the
# number itself, where the window ends) are what is counted.
_QUOTED_MEMBER_AFTER = re.compile(
    r"”?(?:[、和及]?“[^”]{1,12}”)*(?:[\d一二两三四五六七八九十]+[个家项条所大座]|$)"
)


# 开州区人民政府副区长邓果介绍，…: an official speaking of the figures is not whose they are.
_SPEAKER_AFTER = re.compile(
    r"[^，,。；;]{0,6}?(?:书记|区长|市长|县长|主任|局长|厅长|部长)[^，,。；;]{0,4}?"
    r"(?:介绍|表示|指出|透露|说)[，,：:]"
)


# 上虞将力争经开区进入…十强, 确保南湖高新区在全省…保持前五: who a planned rank is for.
_GOAL_ENTRANT = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{2,6}?)?(?:将|要)?(?:力争|确保|争取)"
    r"(?P<who>[\u4e00-\u9fff]{2,12}?)(?:进入|跻身|迈入|挺进|保持|在)"
)


def _entrant(goal: re.Match[str], text: str, forms: list[str], homes: Homes) -> str | None:
    who, place = goal["who"], goal["place"] or ""
    if SELF_REFERENCE.fullmatch(who):
        # The place's own zone as the page writes it (上虞 + 经开区), else the page's zone.
        return place + who if place and place + who in text else self_reference(who, homes)
    return who if who in forms else None


_CONTINUES = re.compile(r"^(?:并且|并|且|为|成为|是)(?!了|主|例|此|何)")


def _topic(sentence: str, forms: list[str], homes: Homes) -> str | None:
    """The name the sentence opens with (after its period and lead words), if any."""
    opened = PERIOD_WORDS.sub("", sentence, count=1).lstrip("，, ")
    first = re.split(r"[，,；;：:]", opened, maxsplit=1)[0]
    first = LEAD.sub("", first.strip(QUOTES))
    return leading_name(first, forms) or self_reference(first, homes)


def _quoted_member(window: str, start: int, end: int) -> bool:
    return window[start - 1 : start] == "“" and bool(_QUOTED_MEMBER_AFTER.match(window, end))


def _standalone(window: str, start: int, end: int) -> bool:
    """Not inside a longer name (金坛 of 中德(金坛)创新产业区), nor a comparison base, nor an
    example of what is counted."""
    if start > 0 and window[start - 1] in "(（":
        return False
    if _EXAMPLE_AFTER.match(window, end) or _SPEAKER_AFTER.match(window, end):
        return False
    if _quoted_member(window, start, end):
        return False
    return not _BASE_BEFORE.search(window[max(0, start - 12) : start])


def _opens_clause(window: str, start: int) -> bool:
    """The name is the clause's topic: only lead words or a period come before it."""
    before = _DATELINE.sub("", window[start_of_clause(window, start) : start])
    return not LEAD.sub("", PERIOD_WORDS.sub("", before)).strip(QUOTES)


def _program_referred(text: str, before: int, kind: str) -> str | None:
    """The last quoted program of this kind named before `before` (“钱塘校融·校企双进”工程)."""
    named = list(re.finditer(rf"“(?P<name>[^“”，,。]{{2,12}})”{kind}", text[:before]))
    return f"“{named[-1]['name']}”{kind}" if named else None


def last_named(
    window: str,
    forms: list[str],
    homes: Homes,
    *,
    topics_only: bool = False,
    before: str = "",
) -> str | None:
    """The last name in window that could own a number after it: a known name standing on its
    own (with topics_only, one that opens its clause), a self-reference (我市, 全区) opening a
    clause, read as the page's own place, or 该工程 read as the program named in `before` (the
    text ahead of the window) or earlier in the window."""
    means = [(m.start(), m.end()) for m in _MEANS.finditer(window)]
    found = [
        (m.start(), len(form), form)
        for form in forms
        for m in re.finditer(re.escape(form), window)
        if _standalone(window, m.start(), m.end())
        and not any(a <= m.start() < b for a, b in means)
        and (not topics_only or _opens_clause(window, m.start()))
    ]
    if not topics_only:
        # A name known only from its clause is trusted within its sentence, not beyond.
        found += [
            (at, len(name), name)
            for at, name in _openers(window)
            if not _quoted_member(window, at, at + len(name.strip("“”")))
        ]
    for m in _CLAUSE_SELF_REFERENCE.finditer(window):
        home = self_reference(m.group(), homes)
        if home and not _SCOPE_AFTER.match(window, m.end()):
            found.append((m.start(), m.end() - m.start(), home))
    for m in _PROGRAM_REFERENCE.finditer(window):
        program = _program_referred(before + window, len(before) + m.start(), m["kind"])
        if program:
            found.append((m.start(), m.end() - m.start(), program))
    return max(found)[2] if found else None


def subject_with_evidence(
    model_subject: str,
    text: str,
    m: Mention,
    names: list[str],
    forms: list[str] | None = None,
    homes: Homes | None = None,
) -> tuple[str, Evidence]:
    """Who the number is about: the name its clause opens with, else the model's subject when
    the sentence names it, else the nearest known name before the number.

    A small model tends to repeat its first subject for every number, so its subject must be
    supported by the sentence.
    """
    # forms: name_forms(names), passed in when resolving many numbers of one article.
    forms = name_forms(names) if forms is None else forms
    start = number_start(m)
    written = text[start_of_clause(text, start) : start]
    clause = PERIOD_WORDS.sub("", written)
    clause = _GOAL_VERB.sub("", LEAD.sub("", clause.strip(QUOTES)))
    scope = _SCOPE_BEFORE.search(text, max(0, start - 6), start)
    if scope and text[start : start + 1] != "第":
        # 稳居全国218家国家级经开区第17位: 218家 counts the nation's zones, not the subject's.
        return self_reference(scope.group(), homes or {}) or scope.group(), "clause"
    entrant = _GOAL_ENTRANT.match(clause)
    if entrant and (who := _entrant(entrant, text, forms, homes or {})):
        return who, "clause"  # 上虞将力争经开区进入…十强: the zone that is to enter
    if _CONTINUES.match(written.strip(QUOTES)):
        # …第17位,为湖南省唯一进入前30强的…; …,并入围…30强: the clause goes on about the
        # sentence's topic; places inside it (湖南省唯一, 全国第二批) are scopes.
        topic = _topic(text[sentence_start(text, start) : start], forms, homes or {})
        if topic:
            return topic, "sentence"
    headed = _HEADED_PROGRAM.search(clause)
    if headed:
        return headed.group("program"), "clause"  # 钱塘芯谷牵头申报的“芯智造”产业链集聚了…
    lead = leading_name(clause, forms)
    opener = clause_opener(clause)
    if opener and (not lead or len(opener) > len(lead)):
        return opener, "clause"  # 钱塘环大学城区域已集聚…: more than the 钱塘 it starts with
    if lead and not _EXAMPLE_AFTER.match(clause, len(lead)):
        group = _ZONE_GROUP.match(clause, len(lead)) or _WHOLE_OF.match(clause, len(lead))
        # 海南自贸港重点园区累计完成…, 海南全省…: the place's group of zones or its whole.
        return (lead + group.group() if group else lead), "clause"
    group = _ZONE_GROUP.match(clause)
    if group:
        # 重点园区实现税收收入…: the group the page named in full before (海南自贸港重点园区).
        full = [form + group.group() for form in forms if form + group.group() in text[:start]]
        if full:
            return max(full, key=len), "clause"
    home = self_reference(clause, homes or {})
    in_scope = (found := SELF_REFERENCE.match(clause)) and _SCOPE_AFTER.match(clause, found.end())
    if home and not in_scope:
        return home, "clause"
    model_subject = model_subject.strip()
    begin_sentence = sentence_start(text, start)
    sentence = text[begin_sentence:start]
    if model_subject and model_subject in sentence:
        at = sentence.rfind(model_subject)
        if _standalone(sentence, at, at + len(model_subject)):
            return model_subject, "label"
    paragraph_start = text.rfind("\n", 0, start) + 1
    for begin, evidence in (
        (begin_sentence, "sentence"),
        (paragraph_start, "paragraph"),
        (0, "article"),
    ):
        if evidence == "article" and (own := page_home(text, homes or {})):
            # Beyond its own sentence a number belongs to the place the page is about, not to
            # whichever name came last (a partner province, a firm in a list).
            return own, "home"
        # Beyond its sentence, a name owns a number only as a topic: an object there (规划建设
        # 中德(金坛)创新产业区) says nothing of whose the next sentence's figures are.
        named = last_named(
            text[begin:start],
            forms,
            homes or {},
            topics_only=evidence == "paragraph",
            before=text[:begin],
        )
        if named:
            return named, evidence
    # Nothing named before the number: the model's subject if the page has it, else the
    # article's first-named place or body.
    if model_subject and model_subject in text:
        return model_subject, "guess"
    return next((n for n in names if n and n in text), ""), "guess"
