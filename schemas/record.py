"""One line of `run` output: the outcome of extracting one article."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.common import DocModel
from schemas.facts import ArticleFacts


class Usage(DocModel):
    """What extracting one article cost."""

    calls: int = 0
    """HTTP requests made to the model endpoint (re-asks and retries included)."""
    prompt_tokens: int = 0
    """Prompt tokens the endpoint reported for those calls."""
    completion_tokens: int = 0
    """Completion tokens the endpoint reported for those calls."""
    cache_hit: bool = False
    """True when every model answer came from the disk cache."""
    cached_passes: int = 0
    """How many of the article's passes were answered from the cache."""
    retries: int = 0
    """Transport retries and validation re-asks among the calls."""
    model_seconds: float = 0.0
    """Wall time spent waiting for the endpoint."""
    engine_prompt_seconds: float = 0.0
    """Time the engine reports for reading prompts (llama.cpp timings), when it reports any."""
    engine_generation_seconds: float = 0.0
    """Time the engine reports for generating tokens, when it reports any."""
    cached_prompt_tokens: int = 0
    """Prompt tokens the engine reused from its prompt cache instead of reading again."""

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cached_passes += other.cached_passes
        self.retries += other.retries
        self.model_seconds += other.model_seconds
        self.engine_prompt_seconds += other.engine_prompt_seconds
        self.engine_generation_seconds += other.engine_generation_seconds
        self.cached_prompt_tokens += other.cached_prompt_tokens


class ExtractionRecord(DocModel):
    """The result of one article, written as one JSON line."""

    doc_id: str
    """Identifier of the article (file stem or the JSONL id)."""
    source_path: str | None = None
    """File the article was read from."""
    status: Literal["ok", "error"]
    """ok when facts were extracted; error otherwise (see error)."""
    error: str | None = None
    """One-line reason for an error status."""
    facts: ArticleFacts | None = None
    """The extracted facts; None on error."""
    flags: list[str] = Field(default_factory=list)
    """Page-level warnings (empty_page, not_chinese, off_topic, truncated_input...)."""
    usage: Usage = Field(default_factory=Usage)
    """Model calls and tokens spent on this article."""
    seconds: float = 0.0
    """Wall time for the article."""
    model: str | None = None
    """Model name that produced the facts."""
    prompt_version: str | None = None
    """Version of the prompt templates used."""
