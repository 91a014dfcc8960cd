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
    top_logprobs: int = 0
    """Ask for each generated token's log-probability and this many alternatives (0: none).
    Endpoints that do not return them answer as usual, without tokens."""


@dataclass(frozen=True)
class Token:
    """One generated token: its bytes, log-probability and the alternatives the server saw."""

    bytes: bytes
    logprob: float
    alternatives: tuple[tuple[bytes, float], ...] = ()


@dataclass
class Response:
    """A validated answer and what it cost."""

    output: BaseModel
    usage: Usage = field(default_factory=Usage)
    tokens: tuple[Token, ...] | None = None
    """The answer's tokens, when the request asked for log-probabilities and the server gave
    them (a cached answer keeps them)."""


class Model(Protocol):
    """Anything that answers a Request with a validated Response."""

    name: str

    def answer(self, request: Request) -> Response: ...


class ModelError(RuntimeError):
    """A request failed for good (after the retries its owner allows)."""
