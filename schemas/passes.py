"""Small response models, one per extraction pass: what a model is asked to fill at once.

Small models handle a few labels per call far better than the whole article schema.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from schemas.common import DocModel
from schemas.facts import (
    ChainDraft,
    HonorDraft,
    MetaDraft,
    OrganizationDraft,
    PolicyDraft,
    ProjectDraft,
    RegionDraft,
    TargetDraft,
)


class SlotLabel(BaseModel):
    """What one number found in the article measures; subclassed per number with its anchor.

    The fields carry no descriptions: the schema repeats them once per number, and the
    indicators prompt explains them once (prompts/*/indicators.md).
    """

    model_config = ConfigDict(use_attribute_docstrings=False)

    subject: str
    name: str


class IndicatorSlotsAnswer(DocModel):
    items: list[SlotLabel] = Field(default_factory=list)
    """One label per number found in the article, in order."""


# Caps become maxItems in the JSON-schema grammar: a small model that starts repeating one item
# is made to close the list instead of running to max_tokens.


class EntitiesAnswer(DocModel):
    regions: list[RegionDraft] = Field(default_factory=list, max_length=20)
    """Regions, development zones and parks named in the article."""
    organizations: list[OrganizationDraft] = Field(default_factory=list, max_length=30)
    """Named companies, universities, institutes and agencies."""
    chains: list[ChainDraft] = Field(default_factory=list, max_length=15)
    """Industry chains and clusters named in the article."""


class EventsAnswer(DocModel):
    projects: list[ProjectDraft] = Field(default_factory=list, max_length=15)
    """Named investment projects."""
    honors: list[HonorDraft] = Field(default_factory=list, max_length=15)
    """Honors, awards and rankings received."""
    targets: list[TargetDraft] = Field(default_factory=list, max_length=15)
    """Goals and plans for the future."""
    policies: list[PolicyDraft] = Field(default_factory=list, max_length=20)
    """Named policies, mechanisms and programs."""


class MetaAnswer(DocModel):
    meta: MetaDraft = Field(default_factory=MetaDraft)
    """Title, publication date, source and authors."""


class SubjectChoices(BaseModel):
    """Whose figure each number is: one choice per number, among names found on the page.

    Subclassed per article with one field per number (aliased to the number as written),
    each an enum of the page's names, so the grammar allows nothing else.
    """

    model_config = ConfigDict(use_attribute_docstrings=False, populate_by_name=True)
