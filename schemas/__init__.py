"""Pydantic models of extractor's facts and records: pure data, no I/O and no model calls."""

from schemas.common import Grounding, Period, Quantity, Span
from schemas.facts import (
    FACT_LISTS,
    ArticleFacts,
    ArticleMeta,
    Honor,
    Indicator,
    IndustryChain,
    Organization,
    Policy,
    Project,
    Region,
    Target,
)
from schemas.gold import GoldArticle
from schemas.record import ExtractionRecord, Usage

__all__ = [
    "FACT_LISTS",
    "ArticleFacts",
    "ArticleMeta",
    "ExtractionRecord",
    "GoldArticle",
    "Grounding",
    "Honor",
    "Indicator",
    "IndustryChain",
    "Organization",
    "Period",
    "Policy",
    "Project",
    "Quantity",
    "Region",
    "Span",
    "Target",
    "Usage",
]
