"""A Model backed by any OpenAI-compatible endpoint through instructor."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from extractor import endpoint_kinds
from extractor.config import Settings
from extractor.model import ModelError, Request, Response, Token
from extractor.providers.cache import ResponseCache, request_key
from extractor.providers.logprobs import tokens_from, tokens_from_json, tokens_to_json
from schemas.record import Usage

# instructor logs every failed attempt (multi-line validation dumps) with logger.error; with no
# handler configured, Python's last-resort handler prints them over the progress display. The
# same failure reaches the user once, as a one-line ModelError; a NullHandler silences only the
# fallback, so an application that configures logging still receives these records.
logging.getLogger("instructor").addHandler(logging.NullHandler())

# The structured-output mode comes from extractor.endpoint_kinds as an instructor.Mode value:
# openai and instructor take over a second to import, so they are imported on the first real
# call, and a rerun answered from the cache never pays it.

# Conservative CPU speeds (tokens/s) used to size time-outs from the request itself.
_SLOW_PROMPT_RATE = 15.0
_SLOW_GENERATION_RATE = 3.0
_TIMEOUT_ALLOWANCE = 30.0
"""Seconds on top of the token-sized time-out: connecting and a busy server's queueing."""
STATUS_MESSAGE_CHARS = 200
"""Longest part of an endpoint's error body quoted: enough to say why, short enough for a log
line (and a server that echoes the request would otherwise print the whole prompt)."""
ERROR_CHARS = 300
"""Longest one-line error description kept in a record."""
NO_KEY = "no-key"
"""Sent when no key is set: the openai client refuses an empty key, local servers ignore it."""


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
    seconds = _TIMEOUT_ALLOWANCE + request.prompt_tokens_estimate / _SLOW_PROMPT_RATE
    return min(cap, seconds + request.max_tokens / _SLOW_GENERATION_RATE)


class OpenAICompatibleModel:
    """Answers Requests through instructor, with a disk cache and one retry owner per error."""

    def __init__(self, settings: Settings, endpoint: Endpoint):
        self.settings = settings
        self.endpoint = endpoint
        self.name = endpoint.model
        self.kind = settings.resolved_kind
        self.mode = endpoint_kinds.lookup(self.kind).mode
        self.cache = ResponseCache(settings.responses_dir) if settings.use_cache else None
        self._client: Any = None
        self._lock = threading.Lock()

    def _instructor(self) -> Any:
        import instructor
        import openai

        with self._lock:
            if self._client is None:
                key = self.settings.api_key.get_secret_value() if self.settings.api_key else None
                raw = openai.OpenAI(
                    base_url=self.endpoint.resolve_url(),
                    api_key=key or NO_KEY,
                    max_retries=0,  # tenacity owns transport retries
                    timeout=self.settings.request_timeout,
                )
                self._client = instructor.from_openai(raw, mode=instructor.Mode(self.mode))
            return self._client

    def cache_payload(self, request: Request) -> dict[str, Any]:
        s = self.settings
        payload = {
            "endpoint": self.endpoint.identity,
            "model": self.endpoint.model,
            "mode": self.mode,
            "messages": request.messages,
            "schema": request.response_model.model_json_schema(),
            "prompt_version": request.prompt_version,
            "sampling": {
                "temperature": s.temperature,
                "seed": s.seed,
                "max_tokens": request.max_tokens,
            },
        }
        if request.top_logprobs:
            # Only then: requests without log-probabilities keep their existing cache keys.
            payload["top_logprobs"] = request.top_logprobs
        return payload

    def answer(self, request: Request) -> Response:
        # "is not None", not truthiness: the cache has a length, so an empty one is falsy.
        key = request_key(self.cache_payload(request)) if self.cache is not None else None
        if self.cache is not None and key is not None:
            hit = self._cached(key, request)
            if hit is not None:
                return hit
        output, usage, tokens = self._call(request)
        if self.cache is not None and key is not None:
            entry = {"output": output.model_dump(mode="json"), "task": request.task}
            if tokens is not None:
                entry["tokens"] = tokens_to_json(tokens)
            self.cache.set(key, entry)
        return Response(output=output, usage=usage, tokens=tokens)

    def _cached(self, key: str, request: Request) -> Response | None:
        assert self.cache is not None
        hit = self.cache.get(key)
        if not isinstance(hit, dict):
            return None
        try:
            output = request.response_model.model_validate(hit["output"])
            tokens = tokens_from_json(hit.get("tokens"))
            return Response(output=output, usage=Usage(cached_passes=1), tokens=tokens)
        except (KeyError, ValueError, TypeError):
            # Valid JSON that is not a valid answer (damaged or hand-edited) is a miss too;
            # the fresh answer then overwrites it.
            return None

    def _call(self, request: Request) -> tuple[Any, Usage, tuple[Token, ...] | None]:
        from instructor.core.exceptions import IncompleteOutputException
        from instructor.v2.core.hooks import Hooks

        from extractor.providers.retry import transport_retrying

        usage = Usage()
        hooks = Hooks()
        # The last completion is the one that validated (after any re-ask).
        last: list[Any] = [None]
        hooks.on("completion:response", lambda response: _count(usage, response, last))
        hooks.on("completion:error", lambda error, **_: _count_failure(usage))
        reasks = [0]
        hooks.on("parse:error", lambda error, **kw: _count_reask(usage, reasks, kw))
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
                        # One re-ask budget per request, not per transport attempt: a 5xx
                        # after a re-ask must not buy the next attempt a fresh set of re-asks.
                        max_retries=max(0, self.settings.max_reasks - reasks[0]),
                        max_tokens=request.max_tokens,
                        temperature=self.settings.temperature,
                        seed=self.settings.seed,
                        timeout=timeout,
                        hooks=hooks,
                        # Lax mode: JSON arrays validate as the tuples of per-article slot models.
                        strict=False,
                        **_logprob_options(request),
                    )
        except IncompleteOutputException as exc:
            raise _failed(
                f"{request.task}: answer cut off at max_tokens={request.max_tokens}", usage
            ) from exc
        except Exception as exc:
            raise _failed(f"{request.task}: {describe_error(exc)}", usage) from exc
        finally:
            usage.model_seconds += time.monotonic() - started
        tokens = tokens_from(last[0]) if request.top_logprobs else None
        return output, usage, tokens


def _logprob_options(request: Request) -> dict[str, Any]:
    # Sent only when asked for, so other requests' bodies (and recorded cassettes) stay as
    # they were.
    if not request.top_logprobs:
        return {}
    return {"logprobs": True, "top_logprobs": request.top_logprobs}


def _failed(message: str, usage: Usage) -> ModelError:
    """A ModelError carrying what the failed request cost, so error records can count calls."""
    error = ModelError(message)
    error.usage = usage  # type: ignore[attr-defined]
    return error


def _count(usage: Usage, response: Any, last: list[Any]) -> None:
    last[0] = response
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


def _count_reask(usage: Usage, reasks: list[int], meta: dict[str, Any]) -> None:
    # The last failed parse is not followed by a re-ask, so it is neither a retry nor spent.
    if not meta.get("is_last_attempt"):
        usage.retries += 1
        reasks[0] += 1


def describe_error(exc: BaseException) -> str:
    """One line a user can act on; never includes request headers (and so never a key)."""
    import openai
    from instructor.core.exceptions import InstructorRetryException

    from extractor.providers.retry import is_transient, root_cause

    cause = root_cause(exc)
    if isinstance(cause, openai.APITimeoutError):
        return "the endpoint did not answer in time"
    if isinstance(cause, openai.APIConnectionError):
        return f"cannot reach the endpoint ({type(cause.__cause__ or cause).__name__})"
    if isinstance(cause, openai.APIStatusError):
        kind = "transient" if is_transient(cause) else "permanent"
        message = str(cause.message)[:STATUS_MESSAGE_CHARS]
        return f"endpoint answered HTTP {cause.status_code} ({kind}): {message}"
    if isinstance(exc, InstructorRetryException):
        attempts = exc.n_attempts
        failed = exc.failed_attempts or []
        last = failed[-1].exception if failed else cause
        return f"unusable answer after {attempts} attempt(s): {_one_line(last)}"
    return _one_line(exc)


def _one_line(exc: BaseException) -> str:
    from instructor.core.exceptions import ResponseParsingError

    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "answer"
        return f"{exc.error_count()} schema error(s), first at {where}: {first['msg']}"[
            :ERROR_CHARS
        ]
    if isinstance(exc, ResponseParsingError):
        return f"answer not parseable: {' '.join(str(exc).split())}"[:ERROR_CHARS]
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:ERROR_CHARS]}"
