"""`python -m extractor bench`: how close extraction gets to the engine's own speed.

In one run on one machine it measures the engine's raw prompt and generation rates at several
context depths, runs the seeds cold (fresh cache) and warm, and prints per article the tokens,
calls, wall time and the ratio of wall time to the engine time those tokens need (at rates
interpolated for the article's own context depth), plus tokens before and after cleaning and
peak memory of the extractor and the server. With the concurrency check it also compares a
cold run at one slot with a cold run at two slots on a few pages.
"""

from __future__ import annotations

import json
import resource
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx2
from rich.console import Console
from rich.table import Column, Table

from extractor.config import Settings
from extractor.page.clean import clean_page
from extractor.page.load import Page, load_pages
from extractor.pipeline.batch import run_batch
from extractor.pipeline.extract import context_tokens_needed
from extractor.pipeline.output import OutputFile
from extractor.providers.connect import connect
from schemas.record import ExtractionRecord, Usage

console = Console(stderr=True)

DEPTHS = (512, 2048, 4096)
"""Prompt lengths at which the raw rates are measured; the seeds' calls hold about 1-5k tokens."""
GEN_TOKENS = 256
"""Tokens generated at each depth: enough for a steady rate, few enough to keep the bench short."""
CONCURRENCY_SLOTS = (1, 2)
"""Slot counts (and articles in flight) the concurrency check compares."""


class BenchOptionError(ValueError):
    """An option the bench cannot honour, found before any model run."""


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


def bench_context_tokens(pages: list[Page], settings: Settings) -> int:
    """Slot context for the bench: the pages' needs, and room for the deepest rate point."""
    return max(context_tokens_needed(pages, settings), max(DEPTHS) + GEN_TOKENS + 64)


# --- engine rates at several depths -------------------------------------------------------


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
    with httpx2.Client(timeout=900, transport=transport) as http:
        tokens = http.post(f"{root}/tokenize", json={"content": text}).json()["tokens"]
        tokens = (tokens * (max(depths) // max(len(tokens), 1) + 1))[: max(depths)]
        # The first request after start-up pays one-time allocations; keep them out of the rates.
        _completion_timings(http, root, tokens[:16], 4)
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


# --- per-article engine time ---------------------------------------------------------------


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


def article_row(record: ExtractionRecord, rates: Sequence[DepthRate]) -> dict[str, Any]:
    u = record.usage
    need = engine_need(u, rates)
    return {
        "doc_id": record.doc_id,
        "status": record.status,
        "calls": u.calls,
        "prompt_tokens": u.prompt_tokens,
        "prompt_tokens_read": need.prompt_tokens_read,
        "completion_tokens": u.completion_tokens,
        "prompt_depth": round(need.prompt_depth),
        "generation_depth": round(need.generation_depth),
        "prompt_per_second": round(need.prompt_per_second, 2),
        "generation_per_second": round(need.generation_per_second, 2),
        "wall_seconds": round(record.seconds, 2),
        "engine_seconds_needed": round(need.seconds, 2),
        "engine_seconds_reported": round(u.engine_prompt_seconds + u.engine_generation_seconds, 2),
        "ratio": round(record.seconds / need.seconds, 3) if need.seconds else None,
    }


TOTAL_KEYS = (
    "calls", "prompt_tokens", "prompt_tokens_read", "completion_tokens",
    "wall_seconds", "engine_seconds_needed",
)  # fmt: skip


def totals_of(articles: list[dict[str, Any]]) -> dict[str, Any]:
    totals: dict[str, Any] = {k: sum(a[k] for a in articles) for k in TOTAL_KEYS}
    needed = totals["engine_seconds_needed"]
    totals["ratio"] = round(totals["wall_seconds"] / needed, 3) if needed else None
    return totals


# --- memory ----------------------------------------------------------------------------------


def count_tokens(root: str, text: str) -> int:
    with httpx2.Client(timeout=120) as http:
        return len(http.post(f"{root}/tokenize", json={"content": text}).json()["tokens"])


def server_peak_rss_mb(port: str) -> float | None:
    """VmHWM of the llama-server listening on port, from /proc (Linux only)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if not cmdline or not cmdline[0].endswith(b"llama-server"):
                continue
            if port.encode() not in cmdline:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            continue
    return None


# --- concurrency check -----------------------------------------------------------------------


def concurrency_pages(
    settings: Settings, pages: list[Page], doc_ids: Sequence[str] = ()
) -> list[Page]:
    """The pages named by doc_ids (or unique prefixes), by default the two shortest."""
    if not settings.embedded:
        raise BenchOptionError(
            "the concurrency check restarts the embedded server; drop --base-url"
        )
    if not doc_ids:
        return sorted(pages, key=lambda p: len(p.text))[:2]
    return [_page_named(pages, name) for name in doc_ids]


def _page_named(pages: list[Page], name: str) -> Page:
    exact = [p for p in pages if p.doc_id == name]
    found = exact or [p for p in pages if p.doc_id.startswith(name)]
    if len(found) != 1:
        known = ", ".join(p.doc_id for p in pages)
        raise BenchOptionError(
            f"{name!r} names {len(found)} seed pages for the check; known: {known}"
        )
    return found[0]


def throughput(slots: int, wall_seconds: float, records: list[ExtractionRecord]) -> dict[str, Any]:
    output = sum(r.usage.completion_tokens for r in records)
    return {
        "slots": slots,
        "concurrency": slots,
        "articles": len(records),
        "ok": sum(r.status == "ok" for r in records),
        "wall_seconds": round(wall_seconds, 2),
        "completion_tokens": output,
        "output_tokens_per_second": round(output / wall_seconds, 2) if wall_seconds else None,
        "articles_per_minute": round(len(records) * 60 / wall_seconds, 3) if wall_seconds else None,
    }


def _ratio(runs: list[dict[str, Any]], key: str) -> float | None:
    first, last = runs[0][key], runs[-1][key]
    return round(last / first, 3) if first and last else None


def concurrency_summary(doc_ids: list[str], runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "doc_ids": doc_ids,
        "runs": runs,
        # Throughput of the last configuration (2 slots) over the first (1 slot).
        "articles_per_minute_ratio": _ratio(runs, "articles_per_minute"),
        "output_tokens_per_second_ratio": _ratio(runs, "output_tokens_per_second"),
    }


def cold_run_at(settings: Settings, pages: list[Page], slots: int, tmp: Path) -> dict[str, Any]:
    """One cold extraction on a server of its own with `slots` slots and as many in flight."""
    run_settings = settings.model_copy(
        update={"slots": slots, "concurrency": slots, "cache_dir": tmp / f"cache-{slots}"}
    )
    records: list[ExtractionRecord] = []
    # Leaving connect() stops the embedded server, so every configuration starts a new one.
    with connect(run_settings, context_tokens_needed(pages, run_settings)) as model:
        root = server_root(model.endpoint.resolve_url())  # start it before the clock runs
        out = OutputFile(tmp / f"slots-{slots}.jsonl")
        summary = run_batch(pages, model, run_settings, out, on_record=records.append)
        run = throughput(slots, summary.seconds, records)
        run["server_peak_rss_mb"] = server_peak_rss_mb(root.rsplit(":", 1)[-1])
    return run


def concurrency_check(settings: Settings, pages: list[Page]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="extractor-bench-slots-") as tmp:
        runs = [cold_run_at(settings, pages, n, Path(tmp)) for n in CONCURRENCY_SLOTS]
    return concurrency_summary([p.doc_id for p in pages], runs)


# --- the bench -------------------------------------------------------------------------------


def run_bench(
    settings: Settings,
    seeds: Path,
    out: Path,
    check_concurrency: bool = False,
    concurrency_doc_ids: Sequence[str] = (),
) -> dict:
    pages = load_pages([seeds])
    # Fail on a bad option now, not after the long main run.
    check_pages = (
        concurrency_pages(settings, pages, concurrency_doc_ids) if check_concurrency else []
    )
    result: dict[str, Any] = {"model": settings.model, "base_url": settings.base_url}
    with tempfile.TemporaryDirectory(prefix="extractor-bench-") as tmp:
        cold_settings = settings.model_copy(update={"cache_dir": Path(tmp) / "cache"})
        with connect(cold_settings, bench_context_tokens(pages, settings)) as model:
            base_url = model.endpoint.resolve_url()
            root = server_root(base_url)
            rates = measure_depths(root, pages[0].text)
            result["engine"] = {"depths": [r.as_json() for r in rates]}
            result["cleaning"] = [
                {
                    "doc_id": p.doc_id,
                    "raw_tokens": count_tokens(root, p.text),
                    "clean_tokens": count_tokens(root, clean_page(p.text).text),
                }
                for p in pages
            ]
            started = time.monotonic()
            cold = OutputFile(Path(tmp) / "cold.jsonl")
            run_batch(pages, model, cold_settings, cold)
            result["cold_seconds"] = round(time.monotonic() - started, 2)
            records = [cold.done.get(p.doc_id) for p in pages]
            # Kept beside the figures: `extractor eval --predictions` scores the same run.
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cold.path, out.parent / "cold_run.jsonl")
            result["articles"] = [article_row(r, rates) for r in records if r]
            result["server_peak_rss_mb"] = server_peak_rss_mb(root.rsplit(":", 1)[-1])
        # Warm: a new process-equivalent connection on the same cache; no server is needed.
        started = time.monotonic()
        with connect(cold_settings, context_tokens_needed(pages, settings)) as model:
            warm = OutputFile(Path(tmp) / "warm.jsonl")
            summary = run_batch(pages, model, cold_settings, warm)
        result["warm_seconds"] = round(time.monotonic() - started, 2)
        result["warm_calls"] = summary.usage.calls
    result["totals"] = totals_of(result["articles"])
    result["extractor_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if check_pages:
        result["concurrency"] = concurrency_check(settings, check_pages)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


# --- printing --------------------------------------------------------------------------------


def depth_table(result: dict) -> Table:
    table = Table("prompt depth", "prompt tok/s", "generation depth", "generation tok/s",
                  title="engine rates by context depth")  # fmt: skip
    for point in result["engine"]["depths"]:
        table.add_row(
            str(point["prompt_tokens"]), f"{point['prompt_per_second']:.1f}",
            f"{point['generation_depth']:.0f}", f"{point['generation_per_second']:.1f}",
        )  # fmt: skip
    return table


def article_table(result: dict) -> Table:
    # A narrow terminal folds the article id over lines rather than cutting it or the depths.
    article = Column("article", overflow="fold")
    depth = Column("depth p/g", no_wrap=True, min_width=9)
    table = Table(article, "calls", "prompt", "read", "output", depth, "wall s", "engine s",
                  "ratio")  # fmt: skip
    for a in result["articles"]:
        table.add_row(
            a["doc_id"], str(a["calls"]), str(a["prompt_tokens"]), str(a["prompt_tokens_read"]),
            str(a["completion_tokens"]), f"{a['prompt_depth']}/{a['generation_depth']}",
            f"{a['wall_seconds']:.1f}", f"{a['engine_seconds_needed']:.1f}",
            f"{a['ratio']:.3f}" if a["ratio"] else "-",
        )  # fmt: skip
    t = result["totals"]
    table.add_row(
        "TOTAL", str(t["calls"]), str(t["prompt_tokens"]), str(t["prompt_tokens_read"]),
        str(t["completion_tokens"]), "", f"{t['wall_seconds']:.1f}",
        f"{t['engine_seconds_needed']:.1f}", f"{t['ratio']:.3f}" if t["ratio"] else "-",
    )  # fmt: skip
    return table


def cleaning_table(result: dict) -> Table:
    table = Table("article", "raw tokens", "clean tokens", "removed")
    for c in result["cleaning"]:
        removed = 1 - c["clean_tokens"] / c["raw_tokens"] if c["raw_tokens"] else 0.0
        table.add_row(c["doc_id"], str(c["raw_tokens"]), str(c["clean_tokens"]), f"{removed:.0%}")
    return table


def concurrency_table(check: dict) -> Table:
    table = Table("slots", "concurrency", "articles", "wall s", "output tok/s", "articles/min",
                  title=f"concurrency check on {', '.join(check['doc_ids'])} (cold)")  # fmt: skip
    for run in check["runs"]:
        table.add_row(
            str(run["slots"]), str(run["concurrency"]), f"{run['ok']}/{run['articles']}",
            f"{run['wall_seconds']:.1f}", _num(run["output_tokens_per_second"], 1),
            _num(run["articles_per_minute"], 2),
        )  # fmt: skip
    return table


def _num(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_bench(result: dict) -> None:
    console.print(depth_table(result))
    console.print(
        "engine time per article uses the rates at its mean prompt per call (p) and at that "
        "plus half its mean output per call (g)"
    )
    console.print(article_table(result))
    console.print(cleaning_table(result))
    console.print(
        f"cold {result['cold_seconds']:.1f}s, warm {result['warm_seconds']:.2f}s "
        f"({result['warm_calls']} calls); peak RSS extractor "
        f"{result['extractor_peak_rss_mb']:.0f} MB, "
        f"server {_num(result['server_peak_rss_mb'], 0)} MB"
    )
    check = result.get("concurrency")
    if check:
        console.print(concurrency_table(check))
        articles = _num(check["articles_per_minute_ratio"], 2)
        tokens = _num(check["output_tokens_per_second_ratio"], 2)
        console.print(f"2 slots / 1 slot throughput: articles/min x{articles}, tok/s x{tokens}")
