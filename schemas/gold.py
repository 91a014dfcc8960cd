"""Hand-labeled gold facts of one page, each with the exact quote that states it."""

from __future__ import annotations

from pydantic import Field, model_validator

from schemas.common import DocModel
from schemas.facts import (
    FACT_LISTS,
    ChainDraft,
    HonorDraft,
    IndicatorDraft,
    MetaDraft,
    OrganizationDraft,
    PolicyDraft,
    ProjectDraft,
    RegionDraft,
    TargetDraft,
)


class _Quoted(DocModel):
    quote: str = Field(min_length=1)
    """The exact substring of the raw page that states the fact."""


class GoldMeta(MetaDraft):
    publish_date_iso: str | None = None
    """Publication date as YYYY-MM-DD."""
    quotes: list[str] = Field(default_factory=list)
    """Exact substrings of the raw page that state the metadata."""


class GoldIndicator(IndicatorDraft, _Quoted):
    pass


class GoldRegion(RegionDraft, _Quoted):
    pass


class GoldChain(ChainDraft, _Quoted):
    pass


class GoldProject(ProjectDraft, _Quoted):
    pass


class GoldOrganization(OrganizationDraft, _Quoted):
    pass


class GoldHonor(HonorDraft, _Quoted):
    pass


class GoldTarget(TargetDraft, _Quoted):
    pass


class GoldPolicy(PolicyDraft, _Quoted):
    pass


class GoldArticle(DocModel):
    """The complete hand-labeled facts of one page."""

    doc_id: str
    """File stem of the page (seeds/ or eval/pages/<set>/)."""
    relevant: bool = True
    """False for a page that is not about regional economy; its fact lists are then empty."""
    meta: GoldMeta
    """Title, publication date, source and authors."""
    regions: list[GoldRegion] = Field(default_factory=list)
    """Regions, development zones and parks."""
    chains: list[GoldChain] = Field(default_factory=list)
    """Industry chains and clusters."""
    indicators: list[GoldIndicator] = Field(default_factory=list)
    """Every quantitative statement, actual or target."""
    projects: list[GoldProject] = Field(default_factory=list)
    """Investment projects."""
    organizations: list[GoldOrganization] = Field(default_factory=list)
    """Companies, universities, institutes and agencies."""
    honors: list[GoldHonor] = Field(default_factory=list)
    """Honors, awards and rankings."""
    targets: list[GoldTarget] = Field(default_factory=list)
    """Goals and plans."""
    policies: list[GoldPolicy] = Field(default_factory=list)
    """Named policies, mechanisms and programs."""

    @model_validator(mode="after")
    def _off_topic_pages_state_no_facts(self) -> GoldArticle:
        if not self.relevant:
            stated = [name for name in FACT_LISTS if getattr(self, name)]
            if stated:
                raise ValueError(f"relevant is false but {', '.join(stated)} are not empty")
        return self
