"""Building blocks shared by every fact: where it was found and what it means as data."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

Qualifier = Literal["exact", "approximate", "at_least", "more_than", "at_most", "less_than"]
Granularity = Literal["day", "month", "quarter", "half", "year", "range", "to_date", "unknown"]
GroundingStatus = Literal["unchecked", "grounded", "fuzzy", "ungrounded"]


_NULL_WORDS = frozenset({"", "null", "none", "n/a", "无", "未提及", "不详"})


# Lengths a grammar-constrained model may write, sent as maxLength in the JSON schema only:
# a small model that starts copying a sentence into a field must stop, while a longer name
# from a model that ignores the hint is still accepted.
Name = Annotated[str, WithJsonSchema({"type": "string", "maxLength": 40})]
"""A name as written: at most 40 characters in the schema."""
Word = Annotated[str, WithJsonSchema({"type": "string", "maxLength": 16})]
"""A short as-written value (a date, a role, an amount): at most 16 characters."""
Phrase = Annotated[str, WithJsonSchema({"type": "string", "maxLength": 60})]
"""A short description: at most 60 characters."""


class DocModel(BaseModel):
    """Base model whose attribute docstrings become field descriptions (and so the model's)."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    @model_validator(mode="before")
    @classmethod
    def _null_words_to_none(cls, data: Any) -> Any:
        # Small models write the string "null" (or 无) where they mean no value.
        if not isinstance(data, dict):
            return data
        cleaned = dict(data)
        for name, field in cls.model_fields.items():
            value = cleaned.get(name)
            is_null_word = isinstance(value, str) and value.strip().lower() in _NULL_WORDS
            if is_null_word and not field.is_required():
                cleaned[name] = field.get_default(call_default_factory=True)
        return cleaned


class Span(DocModel):
    """A half-open character range [start, end) in the raw page text."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    start: int = Field(ge=0)
    """Offset of the first character in the raw page."""
    end: int = Field(ge=0)
    """Offset one past the last character in the raw page."""
    text: str = ""
    """The raw page text inside the span, for a reader who has no page at hand."""


class Quantity(DocModel):
    """A number as data: the as-written text turned into a value and a canonical unit."""

    value: float | None = None
    """Numeric value in base units (125.6亿元 -> 12560000000.0); None when only a range is known."""
    low: float | None = None
    """Lower bound of a range (20-30亿元) in base units."""
    high: float | None = None
    """Upper bound of a range in base units."""
    unit: str | None = None
    """Canonical unit: CNY, USD, %, pp (percentage points), vehicle, ton, enterprise, km2..."""
    unit_as_written: str | None = None
    """The unit exactly as the page writes it (亿元, 万辆, 家)."""
    qualifier: Qualifier = "exact"
    """How the page bounds the number: 约 approximate, 超/余/以上 lower, 近/不到 upper bound."""
    direction: Literal["up", "down"] | None = None
    """For changes: 增长/提高 up, 下降/减少 down (value is then negative)."""


class Period(DocModel):
    """A time period resolved to an ISO interval, keeping its granularity."""

    text: str
    """The period exactly as written (2023年1-6月, 上半年, 截至目前)."""
    start: date | None = None
    """First day of the interval."""
    end: date | None = None
    """Last day of the interval (inclusive)."""
    granularity: Granularity = "unknown"
    """The natural unit of the period as written."""


class Grounding(DocModel):
    """Where a fact stands in the raw page, and whether that could be verified."""

    spans: list[Span] = Field(default_factory=list)
    """Character spans in the raw page of the text that states the fact."""
    status: GroundingStatus = "unchecked"
    """grounded: found exactly; fuzzy: found after width/script folding; ungrounded: not found."""
    flags: list[str] = Field(default_factory=list)
    """Machine-readable warnings such as value_not_in_source or name_not_in_source."""
