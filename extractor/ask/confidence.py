"""How sure the model was of each option it chose under a grammar, from token log-probabilities.

llama-server reports, for each generated token, the log-probabilities the model gave before
the grammar masked its choices (checked on the embedded 1.5B: it ranked a key the schema
forbade above the one it was made to write). So the probability of a chosen option is
renormalized over the options the grammar allowed: at each token of the answer, the chosen
token's mass divided by the mass of the listed tokens that continue or close an allowed option.
Tokens outside the listed alternatives are unknown, so the figure is an upper bound.
"""

from __future__ import annotations

import json
import math
import re

from extractor.model import Token

TOP_LOGPROBS = 10
"""Alternatives asked per token: enough to see the runner-up options at a decision."""


def _spans(tokens: tuple[Token, ...]) -> tuple[bytes, list[tuple[int, int]]]:
    stream = b"".join(t.bytes for t in tokens)
    spans, at = [], 0
    for t in tokens:
        spans.append((at, at + len(t.bytes)))
        at += len(t.bytes)
    return stream, spans


def _value_at(stream: bytes, key: str) -> tuple[int, int] | None:
    """Byte range of the string value written after "key": in the answer."""
    encoded = json.dumps(key, ensure_ascii=False).encode()
    found = re.search(re.escape(encoded) + rb"\s*:\s*\"", stream)
    if not found:
        return None
    start = found.end()
    end = stream.find(b'"', start)
    return (start, end) if end >= 0 else None


def _allowed(piece: bytes, written: bytes, options: list[bytes]) -> bool:
    """True if `piece`, written after `written`, continues or closes an allowed option."""
    so_far = written + piece
    return any(o.startswith(so_far) or so_far.startswith(o + b'"') for o in options)


def option_confidence(tokens: tuple[Token, ...], key: str, options: list[str]) -> float | None:
    """Probability of the option written for `key`, among `options`; None if not found."""
    stream, spans = _spans(tokens)
    found = _value_at(stream, key)
    if found is None:
        return None
    start, end = found
    encoded = [o.encode() for o in options]
    confidence = 1.0
    for token, (a, b) in zip(tokens, spans, strict=True):
        if b <= start or a > end:
            continue
        lead = stream[a:start] if a < start else b""  # the opening quote, when merged in
        written = stream[start:a] if a > start else b""
        chosen = math.exp(token.logprob)
        mass = sum(
            math.exp(lp)
            for alt, lp in token.alternatives
            if alt != token.bytes
            and alt.startswith(lead)
            and _allowed(alt[len(lead) :], written, encoded)
        )
        confidence *= chosen / (chosen + mass)
    return round(confidence, 4)
