"""Named policies, programs and mechanisms as the press marks them: in quotes or book-title marks.

Measured on the eval: the small models name few of a page's policies (F1 0.15 for the 1.5B),
while the genre sets them off typographically: 《…行动方案》 for documents, “八八战略”,
“一号工程”, “315”科技创新体系建设工程 for programs, often with a kind noun after the quote.
"""

from __future__ import annotations

import re

from extractor.rules.base import RuleContext, register
from schemas.facts import ArticleFacts, Policy

_DOCUMENT = re.compile(r"《[^《》\n]{2,40}》")
_KIND = (
    r"工程|计划|战略|机制|工作机制|体系|方针|政策|行动|活动|方案|格局|改造|系统|布局|试点|专班|"
    r"服务团|直通车|新干线|工作法|模式|品牌"
)
_QUOTED = re.compile(
    rf"“(?P<term>[^“”\n]{{2,16}})”(?P<kind>[^\W\d_的等均和与及在为是列入将]{{0,8}}?(?:{_KIND}))?"
)
# A quoted word without a kind noun is a policy only when it sounds like one.
_POLICY_WORD = re.compile(rf"(?:{_KIND}|制(?!造)|为王|双进|入企|翻身仗|马车|\d)")


def policy_names(text: str, exclude: set[str]) -> list[tuple[str, int]]:
    """Policy names with their offsets, in reading order, each once.

    exclude holds names already filed as another type (a chain, a zone, an honor's title).
    """
    found: dict[str, int] = {}
    documents = [(m.start(), m.end()) for m in _DOCUMENT.finditer(text)]
    for start, end in documents:
        found.setdefault(text[start:end], start)
    for match in _QUOTED.finditer(text):
        if any(start <= match.start() < end for start, end in documents):
            continue  # a program named inside a document's title is part of that title
        term, kind = match.group("term"), match.group("kind")
        name = f"“{term}”{kind or ''}"
        if any(term in other for other in exclude):
            continue
        if kind or _POLICY_WORD.search(term):
            found.setdefault(name, match.start("term") - 1)
    return sorted(found.items(), key=lambda item: item[1])


def add_policies(facts: ArticleFacts, text: str) -> ArticleFacts:
    """Policies named in the text that the model did not report.

    Quoted names already filed as a chain, zone, organization, project or honor title stay so.
    """
    exclude = {
        *(f.name for f in (*facts.regions, *facts.chains, *facts.organizations)),
        *(p.name for p in facts.projects),
        *(h.title for h in facts.honors),
    }
    policies = list(facts.policies)
    known = [p.name.strip('“”"') for p in policies]
    for name, _ in policy_names(text, exclude):
        bare = name.replace("“", "").replace("”", "")
        if any(bare in k.replace("“", "").replace("”", "") or k in bare for k in known if k):
            continue
        known.append(bare)
        policies.append(Policy(name=name))
    return facts.model_copy(update={"policies": policies})


@register("policies", step=30)
def add_found_policies(facts: ArticleFacts, context: RuleContext) -> ArticleFacts:
    return add_policies(facts, context.article)
