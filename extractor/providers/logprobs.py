"""Token log-probabilities from an OpenAI-style chat completion, and their cache form."""

from __future__ import annotations

from typing import Any

from extractor.model import Token


def _bytes(entry: Any) -> bytes:
    raw = _get(entry, "bytes")
    # Qwen's byte-level tokens can split one Chinese character; the bytes are exact, the text
    # of such a token is not.
    return bytes(raw) if raw is not None else str(_get(entry, "token") or "").encode()


def _get(entry: Any, name: str) -> Any:
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def tokens_from(completion: Any) -> tuple[Token, ...] | None:
    """The tokens of the first choice, or None when the server gave no log-probabilities."""
    choices = getattr(completion, "choices", None) or []
    logprobs = getattr(choices[0], "logprobs", None) if choices else None
    content = _get(logprobs, "content") if logprobs is not None else None
    if not content:
        return None
    return tuple(
        Token(
            bytes=_bytes(entry),
            logprob=float(_get(entry, "logprob") or 0.0),
            alternatives=tuple(
                (_bytes(alt), float(_get(alt, "logprob") or 0.0))
                for alt in (_get(entry, "top_logprobs") or [])
            ),
        )
        for entry in content
    )


def tokens_to_json(tokens: tuple[Token, ...] | None) -> list[Any] | None:
    if tokens is None:
        return None
    return [[t.bytes.hex(), t.logprob, [[b.hex(), p] for b, p in t.alternatives]] for t in tokens]


def tokens_from_json(data: list[Any] | None) -> tuple[Token, ...] | None:
    if data is None:
        return None
    return tuple(
        Token(bytes.fromhex(b), float(p), tuple((bytes.fromhex(a), float(q)) for a, q in alts))
        for b, p, alts in data
    )
