"""The core nouns for talking to a language model: Request, Response and the Model protocol.

The pipeline depends only on this protocol; providers (an OpenAI-compatible endpoint, a test
double) implement it, so the core never imports a provider.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from schemas.record import Usage


@dataclass(frozen=True)
class Request:
    """One structured question about one article."""

    task: str
    """Name of the pass (indicators, entities...)."""
    messages: list[dict[str, Any]]
    """Chat messages, article first and instruction last so passes share a cached prefix."""
    response_model: type[BaseModel]
    """Pydantic model the answer must validate against."""
    max_tokens: int
    """Cap on generated tokens; a small model can otherwise loop inside a JSON grammar."""
    prompt_version: str
    """Version of this pass's templates and schema (part of the cache key)."""
    prompt_tokens_estimate: int = 0
    """Rough prompt size, used to size the time-out."""


@dataclass
class Response:
    """A validated answer and what it cost."""

    output: BaseModel
    usage: Usage = field(default_factory=Usage)


class Model(Protocol):
    """Anything that answers a Request with a validated Response."""

    name: str

    def answer(self, request: Request) -> Response: ...


class ModelError(RuntimeError):
    """A request failed for good (after the retries its owner allows)."""
