"""The facts of one article.

Each fact type comes in two layers. The *draft* holds only what a language model is asked to
write (short, as-written strings), so the JSON schema sent to the model stays small. The fact
adds what deterministic code derives afterwards: grounding spans in the raw page and
normalized values. Normalized values sit beside the as-written text and never replace it.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from schemas.common import DocModel, Grounding, Name, Period, Phrase, Quantity, Word

IndicatorKind = Literal["actual", "target"]
ProjectStatus = Literal["签约", "开工", "在建", "投产", "竣工", "落地", "规划", "其他"]
OrgType = Literal["company", "university", "institute", "agency", "association", "other"]
ZoneLevel = Literal["国家级", "省级", "市级", "区县级", "其他"]


class _Fact(DocModel):
    grounding: Grounding = Field(default_factory=Grounding)
    """Where the page states this fact (filled by grounding, not by the model)."""


# --- drafts: what the model writes ------------------------------------------------------


class MetaDraft(DocModel):
    title: Phrase | None = None
    """Headline of the article as written."""
    publish_date: Word | None = None
    """Publication date as written on the page (2022-01-25, 2020年10月15日)."""
    source: Name | None = None
    """Outlet named as the source (来源), e.g. 江北发布."""
    authors: list[Word] = Field(default_factory=list, max_length=6)
    """Reporters or editors named on the page."""


class IndicatorDraft(DocModel):
    subject: str
    """Who or what the number is about (a region, zone, park, industry or firm)."""
    name: str
    """What is measured, e.g. 工业总产值, 规上工业增加值, 企业数量."""
    value: str
    """The number with its unit exactly as written, e.g. 125.6亿元, 300余家."""
    period: str | None = None
    """The period as written, e.g. 2023年1-6月, 上半年; null if none is stated."""
    growth: str | None = None
    """Growth rate as written, e.g. 同比增长9.6%; null if none is stated."""
    share: str | None = None
    """Share as written, e.g. 占全市比重30%; null if none is stated."""
    kind: IndicatorKind = "actual"
    """actual for achieved figures, target for goals and plans."""


class RegionDraft(DocModel):
    name: Name
    """Name of the region, zone or park exactly as the article writes it."""
    type: Word | None = None
    """Kind as written: 省, 市, 区, 县, 经开区, 高新区, 开发区, 园区, 科技城..."""
    level: ZoneLevel | None = None
    """Administrative or approval level if stated (国家级, 省级...)."""
    parent: Name | None = None
    """The larger region it belongs to, if the article says."""


class ChainDraft(DocModel):
    name: Name
    """Industry chain or cluster name exactly as the article writes it."""
    region: Name | None = None
    """Region or zone the chain belongs to."""
    leading_firms: list[Name] = Field(default_factory=list, max_length=10)
    """Chain leaders (链主) and leading firms named for this chain."""


class ProjectDraft(DocModel):
    name: Name
    """Project name as written."""
    investment: Word | None = None
    """Investment amount as written, e.g. 总投资50亿元."""
    status: ProjectStatus | None = None
    """Stage: 签约, 开工, 在建, 投产, 竣工, 落地, 规划 or 其他."""
    date: Word | None = None
    """Date of the stated stage as written."""
    capacity: Word | None = None
    """Capacity or expected output as written."""
    location: Name | None = None
    """Zone or region where it is built."""


class OrganizationDraft(DocModel):
    name: Name
    """Name as written."""
    type: OrgType = "company"
    """company, university, institute, agency, association or other."""
    role: Word | None = None
    """Its role in the article, e.g. 链主, 落户企业, 牵头申报单位, 合作高校."""


class HonorDraft(DocModel):
    recipient: Name
    """Who received the honor or ranking."""
    title: Phrase
    """The honor or ranking exactly as the article writes it."""
    rank: Word | None = None
    """Rank or position if stated, e.g. 位列榜首, 第一."""
    awarded_by: Name | None = None
    """Who awarded or published it, if stated."""
    year: Word | None = None
    """Year or date as written."""


class TargetDraft(DocModel):
    subject: Name
    """Who set or pursues the target."""
    description: Phrase
    """The goal or plan as written, in short."""
    value: Word | None = None
    """Target number with unit as written, if any."""
    deadline: Word | None = None
    """By when, as written (到2025年, 十四五期间)."""


class PolicyDraft(DocModel):
    name: Name
    """Named policy, mechanism or program exactly as the article writes it."""
    description: Phrase | None = None
    """What it is, in a few words, if the page says."""


# --- facts: drafts plus grounding and normalization ---------------------------------------


class ArticleMeta(MetaDraft):
    publish_date_iso: date | None = None
    """Publication date as an ISO date, parsed from the page."""
    grounding: Grounding = Field(default_factory=Grounding)
    """Where the page states its metadata."""


class Indicator(IndicatorDraft, _Fact):
    quantity: Quantity | None = None
    """The value as data (base units, canonical unit, qualifier)."""
    growth_quantity: Quantity | None = None
    """The growth rate as data (percent or percentage points, signed)."""
    period_normalized: Period | None = None
    """The period as an ISO interval."""
    evidence: dict[str, str] = Field(default_factory=dict)
    """Per field (subject, name, period), what decided it: for the subject clause (the number's
    clause opens with it), sentence, paragraph, home (the page's own place), label (the model's
    answer, found in the sentence), guess, table, list (a 分别 list), project, area or model (the
    model's choice); for the name clause, rank, table or list; for the period sentence, term,
    paragraph, report (the lead's period), table, list or none."""
    confidence: dict[str, float] = Field(default_factory=dict)
    """Per field, the probability that it is right: the model's probability of its choice
    among the options the grammar allowed where the model chose, else the accuracy its evidence
    measured on the labeled pages (extractor/numbers/calibration.json)."""


class Region(RegionDraft, _Fact):
    kind: Literal["division", "zone", "area"] | None = None
    """division (in the code table), zone (开发区, 园区...) or area (长三角); None: the model's."""
    code: str | None = None
    """Administrative division code (330114), for divisions."""
    admin_level: Literal["province", "prefecture", "county"] | None = None
    """The division's level in the code table (level stays the stated 国家级/省级)."""
    parent_code: str | None = None
    """The division's parent in the code table (330100 for 钱塘区)."""
    parent_name: str | None = None
    """That parent's name (杭州市)."""
    until: int | None = None
    """Last year of a division that no longer exists (江干区 2020)."""


class IndustryChain(ChainDraft, _Fact):
    pass


class Project(ProjectDraft, _Fact):
    investment_quantity: Quantity | None = None
    """The investment as data."""
    date_iso: date | None = None
    """The stage date resolved against the publish date."""


class Organization(OrganizationDraft, _Fact):
    pass


class Honor(HonorDraft, _Fact):
    pass


class Target(TargetDraft, _Fact):
    quantity: Quantity | None = None
    """The target value as data."""


class Policy(PolicyDraft, _Fact):
    pass


class ArticleFacts(DocModel):
    """Everything extractor reports about one article."""

    meta: ArticleMeta = Field(default_factory=ArticleMeta)
    """Title, publication date, source and authors."""
    regions: list[Region] = Field(default_factory=list)
    """Regions, development zones and parks."""
    chains: list[IndustryChain] = Field(default_factory=list)
    """Industry chains and clusters."""
    indicators: list[Indicator] = Field(default_factory=list)
    """Quantitative indicators, actual or target."""
    projects: list[Project] = Field(default_factory=list)
    """Investment projects."""
    organizations: list[Organization] = Field(default_factory=list)
    """Companies, universities, institutes and agencies."""
    honors: list[Honor] = Field(default_factory=list)
    """Honors, awards and rankings."""
    targets: list[Target] = Field(default_factory=list)
    """Goals and plans."""
    policies: list[Policy] = Field(default_factory=list)
    """Named policies, mechanisms and programs."""


FACT_LISTS: dict[str, type[BaseModel]] = {
    "regions": Region,
    "chains": IndustryChain,
    "indicators": Indicator,
    "projects": Project,
    "organizations": Organization,
    "honors": Honor,
    "targets": Target,
    "policies": Policy,
}
"""Fact list name in ArticleFacts -> fact class; the order is the report order."""
