"""Measuring the engine: raw prompt and generation rates at several context depths, the engine
time an article's tokens need at those rates, token counts and peak memory.

Everything here talks to llama-server's own endpoints (/completion, /tokenize) or reads /proc;
nothing runs the extraction pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx2
from rich.console import Console

from schemas.record import Usage

console = Console(stderr=True)

DEPTHS = (512, 2048, 4096)
"""Prompt lengths at which the raw rates are measured; the seeds' calls hold about 1-5k tokens."""
GEN_TOKENS = 256
"""Tokens generated at each depth: enough for a steady rate, few enough to keep the bench short."""
WARM_UP_PROMPT_TOKENS = 16
WARM_UP_GEN_TOKENS = 4
"""A tiny first request that pays the server's one-time allocations outside the rates."""
RATE_TIMEOUT = 900
"""Seconds one rate measurement may take: 4k prompt tokens and 256 generated on 2 slow cores."""
TOKENIZE_TIMEOUT = 120


@dataclass(frozen=True)
class DepthRate:
    """Raw engine rates from llama.cpp's own timings for one prompt length."""

    prompt_tokens: int
    prompt_per_second: float
    generated_tokens: int
    generation_per_second: float

    @property
    def generation_depth(self) -> float:
        # Each generated token attends to the prompt and the tokens before it, so the
        # generation rate belongs to the context half-way through the generated tokens.
        return self.prompt_tokens + self.generated_tokens / 2

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "generation_depth": self.generation_depth}


def server_root(base_url: str) -> str:
    return base_url.rstrip("/").removesuffix("/v1")


def _completion_timings(http: httpx2.Client, root: str, prompt: list[int], n: int) -> dict:
    body = {
        "prompt": prompt,
        "n_predict": n,
        "temperature": 0,
        "cache_prompt": False,  # read every prompt token, as a cold call does
        "ignore_eos": True,  # always generate n tokens so the rate covers the same span
    }
    response = http.post(f"{root}/completion", json=body)
    response.raise_for_status()
    return response.json()["timings"]


def measure_depths(
    root: str,
    text: str,
    depths: Sequence[int] = DEPTHS,
    gen_tokens: int = GEN_TOKENS,
    transport: httpx2.BaseTransport | None = None,
) -> list[DepthRate]:
    """Raw prompt and generation rates at each prompt length, from the server's timings."""
    with httpx2.Client(timeout=RATE_TIMEOUT, transport=transport) as http:
        tokens = http.post(f"{root}/tokenize", json={"content": text}).json()["tokens"]
        tokens = (tokens * (max(depths) // max(len(tokens), 1) + 1))[: max(depths)]
        _completion_timings(http, root, tokens[:WARM_UP_PROMPT_TOKENS], WARM_UP_GEN_TOKENS)
        points = []
        for depth in sorted(depths):
            try:
                timings = _completion_timings(http, root, tokens[:depth], gen_tokens)
            except httpx2.HTTPStatusError as exc:  # e.g. a shared server with a smaller context
                console.print(f"[yellow]engine rate at depth {depth} skipped:[/] {exc}")
                continue
            points.append(
                DepthRate(
                    prompt_tokens=timings["prompt_n"],
                    prompt_per_second=timings["prompt_per_second"],
                    generated_tokens=timings["predicted_n"],
                    generation_per_second=timings["predicted_per_second"],
                )
            )
    if not points:
        raise RuntimeError("the engine refused every rate measurement")
    return points


def interpolate(points: Sequence[tuple[float, float]], x: float) -> float:
    """y at x, linear between the (x, y) points and flat beyond the first and last."""
    ordered = sorted(points)
    if not ordered:
        raise ValueError("no points to interpolate")
    if x <= ordered[0][0]:
        return ordered[0][1]
    for (x0, y0), (x1, y1) in pairwise(ordered):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return ordered[-1][1]


def prompt_rate_at(rates: Sequence[DepthRate], depth: float) -> float:
    return interpolate([(r.prompt_tokens, r.prompt_per_second) for r in rates], depth)


def generation_rate_at(rates: Sequence[DepthRate], depth: float) -> float:
    return interpolate([(r.generation_depth, r.generation_per_second) for r in rates], depth)


@dataclass(frozen=True)
class EngineNeed:
    """Engine time an article's tokens need at the rates of its own context depth."""

    prompt_depth: float
    generation_depth: float
    prompt_per_second: float
    generation_per_second: float
    prompt_tokens_read: int
    seconds: float


def call_depths(usage: Usage) -> tuple[float, float]:
    """(prompt depth, generation depth) of the article's average call."""
    if not usage.calls:
        return 0.0, 0.0
    prompt = usage.prompt_tokens / usage.calls
    return prompt, prompt + usage.completion_tokens / usage.calls / 2


def engine_need(usage: Usage, rates: Sequence[DepthRate]) -> EngineNeed:
    # Tokens the engine reused from its prompt cache cost no reading time.
    read = max(usage.prompt_tokens - usage.cached_prompt_tokens, 0)
    prompt_depth, generation_depth = call_depths(usage)
    prompt_rate = prompt_rate_at(rates, prompt_depth)
    generation_rate = generation_rate_at(rates, generation_depth)
    return EngineNeed(
        prompt_depth=prompt_depth,
        generation_depth=generation_depth,
        prompt_per_second=prompt_rate,
        generation_per_second=generation_rate,
        prompt_tokens_read=read,
        seconds=read / prompt_rate + usage.completion_tokens / generation_rate,
    )


def count_tokens(root: str, text: str) -> int:
    with httpx2.Client(timeout=TOKENIZE_TIMEOUT) as http:
        return len(http.post(f"{root}/tokenize", json={"content": text}).json()["tokens"])


def server_peak_rss_mb(root: str) -> float | None:
    """VmHWM of the llama-server behind root (http://host:port), from /proc (Linux only)."""
    port = root.rsplit(":", 1)[-1].encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if not cmdline or not cmdline[0].endswith(b"llama-server"):
                continue
            if port not in cmdline:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            continue
    return None
