"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

JobState = Literal["queued", "running", "done"]
ArticleState = Literal["queued", "running", "ok", "error"]

MAX_NAME_CHARS = 200
"""Longest id or model name accepted: both are short labels, so a longer one is a mistake
(a text pasted into the wrong field) and is refused before it reaches records and logs."""


class DocModel(BaseModel):
    """Attribute docstrings become field descriptions in /docs; unknown fields are errors.

    Not schemas.common.DocModel: that one turns "null" or "无" into None for model answers,
    which would silently drop a client's id.
    """

    model_config = ConfigDict(use_attribute_docstrings=True, extra="forbid")


def _not_blank(text: str) -> str:
    if not text.strip():
        # A custom error keeps pydantic's "Value error, " prefix out of the client's message.
        raise PydanticCustomError("blank_text", "must contain text, not only whitespace")
    return text


class ExtractRequest(DocModel):
    """One article to extract now."""

    text: str
    """The raw page text (HTML or plain text), at most max_article_chars characters."""
    id: str | None = Field(default=None, min_length=1, max_length=MAX_NAME_CHARS)
    """Identifier echoed as doc_id; defaults to a hash of the text."""
    model: str | None = Field(default=None, min_length=1, max_length=MAX_NAME_CHARS)
    """Model name at the endpoint; defaults to the model the service was started with."""

    _text_not_blank = field_validator("text")(_not_blank)


class JobArticle(DocModel):
    """One article of a batch job."""

    text: str
    """The raw page text, at most max_article_chars characters."""
    id: str | None = Field(default=None, min_length=1, max_length=MAX_NAME_CHARS)
    """Identifier, unique within the job; defaults to the 1-based position."""

    _text_not_blank = field_validator("text")(_not_blank)


class JobRequest(DocModel):
    """A batch of articles extracted in the background."""

    articles: list[JobArticle] = Field(min_length=1)
    """The articles, in order."""


class JobCreated(DocModel):
    """Where to follow a new job."""

    job_id: str
    """Identifier for GET /v1/jobs/{job_id} and /v1/jobs/{job_id}/results."""


class ArticleStatus(DocModel):
    """Progress of one article of a job."""

    id: str
    """The article's identifier (its doc_id in the results)."""
    status: ArticleState
    """queued, running, ok or error."""
    error: str | None = None
    """One-line reason when status is error."""


class JobCounts(DocModel):
    """How many articles of a job are in each state."""

    total: int = 0
    """Articles in the job."""
    queued: int = 0
    """Articles not started yet."""
    running: int = 0
    """Articles being extracted now."""
    ok: int = 0
    """Articles extracted successfully."""
    error: int = 0
    """Articles that ended with an error record."""


class JobStatus(DocModel):
    """A job's progress."""

    job_id: str
    """The job's identifier."""
    status: JobState
    """queued (waiting for another job), running, or done (every article has a record)."""
    created: float
    """Submission time, seconds since the epoch."""
    counts: JobCounts
    """Articles per state."""
    articles: list[ArticleStatus]
    """Per-article progress, in submission order."""


class Readiness(DocModel):
    """Whether the model endpoint answers."""

    ready: bool
    """True when extraction requests can be served now."""
    detail: str
    """What was checked and what it said."""


class FieldProblem(DocModel):
    """One invalid field of a request body."""

    field: str
    """Where in the body, e.g. text or articles[2].text."""
    message: str
    """What is wrong with it."""


class Problem(DocModel):
    """An error answer."""

    detail: str
    """What was wrong with the request, in one line."""
    errors: list[FieldProblem] | None = None
    """Every invalid field, for 422 answers."""
