"""A Model backed by any OpenAI-compatible endpoint through instructor."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException
from instructor.v2.core.hooks import Hooks

from extractor.config import Settings
from extractor.model import ModelError, Request, Response
from extractor.providers.cache import ResponseCache, request_key
from extractor.providers.retry import is_transient, root_cause, transport_retrying
from schemas.record import Usage

MODES: dict[str, instructor.Mode] = {
    # llama-server and vLLM turn a json_schema response_format into a grammar.
    "llama.cpp": instructor.Mode.JSON_SCHEMA,
    "vllm": instructor.Mode.JSON_SCHEMA,
    "openai": instructor.Mode.TOOLS,
    # Unknown servers: JSON mode puts the schema in the prompt and works nearly everywhere.
    "generic": instructor.Mode.JSON,
}

# Conservative CPU speeds (tokens/s) used to size time-outs from the request itself.
_SLOW_PROMPT_RATE = 15.0
_SLOW_GENERATION_RATE = 3.0


@dataclass
class Endpoint:
    """Where requests go: a fixed URL, or a lazily started embedded server."""

    identity: str
    """Stable name for cache keys (a URL, or the embedded model's hash; never a port)."""
    model: str
    """Model name sent in requests."""
    resolve_url: Callable[[], str]
    """Returns the base URL, starting a server on first use if needed."""


def request_timeout(request: Request, cap: float) -> float:
    seconds = 30 + request.prompt_tokens_estimate / _SLOW_PROMPT_RATE
    return min(cap, seconds + request.max_tokens / _SLOW_GENERATION_RATE)


class OpenAICompatibleModel:
    """Answers Requests through instructor, with a disk cache and one retry owner per error."""

    def __init__(self, settings: Settings, endpoint: Endpoint):
        self.settings = settings
        self.endpoint = endpoint
        self.name = endpoint.model
        self.kind = settings.resolved_kind
        self.mode = MODES[self.kind]
        self.cache = ResponseCache(settings.responses_dir) if settings.use_cache else None
        self._client: instructor.Instructor | None = None
        self._lock = threading.Lock()

    def _instructor(self) -> instructor.Instructor:
        with self._lock:
            if self._client is None:
                key = self.settings.api_key.get_secret_value() if self.settings.api_key else None
                raw = openai.OpenAI(
                    base_url=self.endpoint.resolve_url(),
                    api_key=key or "no-key",
                    max_retries=0,  # tenacity owns transport retries
                    timeout=self.settings.request_timeout,
                )
                self._client = instructor.from_openai(raw, mode=self.mode)
            return self._client

    def cache_payload(self, request: Request) -> dict[str, Any]:
        s = self.settings
        return {
            "endpoint": self.endpoint.identity,
            "model": self.endpoint.model,
            "mode": self.mode.value,
            "messages": request.messages,
            "schema": request.response_model.model_json_schema(),
            "prompt_version": request.prompt_version,
            "sampling": {
                "temperature": s.temperature,
                "seed": s.seed,
                "max_tokens": request.max_tokens,
            },
        }

    def answer(self, request: Request) -> Response:
        key = request_key(self.cache_payload(request)) if self.cache else None
        if self.cache is not None and key is not None:
            hit = self.cache.get(key)
            if hit is not None:
                output = request.response_model.model_validate(hit["output"])
                return Response(output=output, usage=Usage(cached_passes=1))
        output, usage = self._call(request)
        if self.cache is not None and key is not None:
            self.cache.set(key, {"output": output.model_dump(mode="json"), "task": request.task})
        return Response(output=output, usage=usage)

    def _call(self, request: Request) -> tuple[Any, Usage]:
        usage = Usage()
        hooks = Hooks()
        hooks.on("completion:response", lambda response: _count(usage, response))
        hooks.on("completion:error", lambda error, **_: _count_failure(usage))
        hooks.on("parse:error", lambda error, **_: _count_reask(usage))
        timeout = request_timeout(request, self.settings.request_timeout)
        started = time.monotonic()
        try:
            for attempt in transport_retrying(self.settings.transport_retries):
                with attempt:
                    if attempt.retry_state.attempt_number > 1:
                        usage.retries += 1
                    output = self._instructor().chat.completions.create(
                        model=self.endpoint.model,
                        messages=request.messages,
                        response_model=request.response_model,
                        max_retries=self.settings.max_reasks,
                        max_tokens=request.max_tokens,
                        temperature=self.settings.temperature,
                        seed=self.settings.seed,
                        timeout=timeout,
                        hooks=hooks,
                    )
        except IncompleteOutputException as exc:
            raise ModelError(
                f"{request.task}: answer cut off at max_tokens={request.max_tokens}"
            ) from exc
        except Exception as exc:
            raise ModelError(f"{request.task}: {describe_error(exc)}") from exc
        finally:
            usage.model_seconds += time.monotonic() - started
        return output, usage


def _count(usage: Usage, response: Any) -> None:
    usage.calls += 1
    if response.usage is not None:
        usage.prompt_tokens += response.usage.prompt_tokens or 0
        usage.completion_tokens += response.usage.completion_tokens or 0
    timings = (getattr(response, "model_extra", None) or {}).get("timings") or {}
    usage.engine_prompt_seconds += (timings.get("prompt_ms") or 0) / 1000
    usage.engine_generation_seconds += (timings.get("predicted_ms") or 0) / 1000
    usage.cached_prompt_tokens += timings.get("cache_n") or 0


def _count_failure(usage: Usage) -> None:
    usage.calls += 1


def _count_reask(usage: Usage) -> None:
    usage.retries += 1


def describe_error(exc: BaseException) -> str:
    """One line a user can act on; never includes request headers (and so never a key)."""
    cause = root_cause(exc)
    if isinstance(cause, openai.APITimeoutError):
        return "the endpoint did not answer in time"
    if isinstance(cause, openai.APIConnectionError):
        return f"cannot reach the endpoint ({type(cause.__cause__ or cause).__name__})"
    if isinstance(cause, openai.APIStatusError):
        kind = "transient" if is_transient(cause) else "permanent"
        return f"endpoint answered HTTP {cause.status_code} ({kind}): {str(cause.message)[:200]}"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}"
