"""Transport retries, owned here and only here.

The openai client is built with max_retries=0 and instructor only re-asks on validation
errors, so each error class has exactly one retry owner and attempts never multiply.
"""

from __future__ import annotations

import random

import openai
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

RETRY_AFTER_CAP = 60.0
"""Longest wait honoured from a Retry-After header, in seconds."""
BACKOFF_CAP = 20.0
"""Longest exponential back-off between attempts (1, 2, 4... s): a restarting server is back
within this, and a longer wait only delays the error."""
JITTER = 0.5
"""Waits are scaled by a random factor in [1 - JITTER, 1] so parallel articles spread out."""


def root_cause(exc: BaseException) -> BaseException:
    """The openai error under instructor's wrapper, if any."""
    seen = exc
    while seen.__cause__ is not None and not isinstance(seen, openai.APIError):
        seen = seen.__cause__
    return seen


def is_transient(exc: BaseException) -> bool:
    cause = root_cause(exc)
    if isinstance(cause, openai.APIConnectionError):  # includes time-outs and resets
        return True
    if isinstance(cause, openai.APIStatusError):
        return cause.status_code == 429 or cause.status_code >= 500
    return False


def _retry_after(exc: BaseException | None) -> float | None:
    cause = root_cause(exc) if exc else None
    if not isinstance(cause, openai.APIStatusError):
        return None
    value = cause.response.headers.get("retry-after")
    try:
        return min(max(float(value), 0.0), RETRY_AFTER_CAP) if value is not None else None
    except ValueError:
        return None


def _wait(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    told = _retry_after(exc)
    if told is not None:
        return told
    backoff = min(2.0 ** (state.attempt_number - 1), BACKOFF_CAP)
    return backoff * (1 - JITTER + JITTER * random.random())


def transport_retrying(attempts_after_first: int) -> Retrying:
    return Retrying(
        stop=stop_after_attempt(attempts_after_first + 1),
        wait=_wait,
        retry=retry_if_exception(is_transient),
        reraise=True,
    )
