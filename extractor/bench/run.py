"""Running the bench: the seeds cold (fresh cache) and warm, and the concurrency check.

In one run on one machine it measures the engine's raw rates (extractor.bench.measure), runs
the seeds cold and warm, and records per article the tokens, calls, wall time and the ratio of
wall time to the engine time those tokens need, plus tokens before and after cleaning and peak
memory of the extractor and the server. With the concurrency check it also compares a cold run
at one slot with a cold run at two slots on a few pages. extractor.bench.tables prints it.
"""

from __future__ import annotations

import json
import resource
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractor.bench.measure import (
    DEPTHS,
    GEN_TOKENS,
    DepthRate,
    count_tokens,
    engine_need,
    measure_depths,
    server_peak_rss_mb,
    server_root,
)
from extractor.config import Settings
from extractor.page.clean import clean_page
from extractor.page.load import Page, load_pages
from extractor.pipeline.batch import run_batch
from extractor.pipeline.extract import context_tokens_needed
from extractor.pipeline.output import OutputFile
from extractor.providers.connect import connect
from schemas.record import ExtractionRecord

CONCURRENCY_SLOTS = (1, 2)
"""Slot counts (and articles in flight) the concurrency check compares."""
RATE_POINT_MARGIN = 64
"""Tokens of context beyond the deepest rate point, for the server's own template tokens."""


class BenchOptionError(ValueError):
    """An option the bench cannot honour, found before any model run."""


def bench_context_tokens(pages: list[Page], settings: Settings) -> int:
    """Slot context for the bench: the pages' needs, and room for the deepest rate point."""
    return max(context_tokens_needed(pages, settings), max(DEPTHS) + GEN_TOKENS + RATE_POINT_MARGIN)


# --- per-article figures -------------------------------------------------------------------


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
    # Leaving connect() stops the embedded server, so every configuration starts a new one;
    # connect() starts it before the batch's clock runs.
    with connect(run_settings, context_tokens_needed(pages, run_settings)) as model:
        root = server_root(model.endpoint.resolve_url())
        out = OutputFile(tmp / f"slots-{slots}.jsonl")
        summary = run_batch(pages, model, run_settings, out, on_record=records.append)
        run = throughput(slots, summary.seconds, records)
        run["server_peak_rss_mb"] = server_peak_rss_mb(root)
    return run


def concurrency_check(settings: Settings, pages: list[Page]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="extractor-bench-slots-") as tmp:
        runs = [cold_run_at(settings, pages, n, Path(tmp)) for n in CONCURRENCY_SLOTS]
    return concurrency_summary([p.doc_id for p in pages], runs)


# --- the bench -------------------------------------------------------------------------------


def _cold(pages: list[Page], settings: Settings, tmp: Path, out: Path) -> dict[str, Any]:
    """Engine rates, token counts and the cold run, all on one server."""
    result: dict[str, Any] = {}
    with connect(settings, bench_context_tokens(pages, settings)) as model:
        root = server_root(model.endpoint.resolve_url())
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
        cold = OutputFile(tmp / "cold.jsonl")
        run_batch(pages, model, settings, cold)
        result["cold_seconds"] = round(time.monotonic() - started, 2)
        records = [cold.done.get(p.doc_id) for p in pages]
        # Kept beside the figures: `extractor eval --predictions` scores the same run.
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cold.path, out.parent / "cold_run.jsonl")
        result["articles"] = [article_row(r, rates) for r in records if r]
        result["server_peak_rss_mb"] = server_peak_rss_mb(root)
    return result


def _warm(pages: list[Page], settings: Settings, tmp: Path) -> dict[str, Any]:
    """The same pages again on the cold run's cache: no call, so no server is started."""
    started = time.monotonic()
    context = context_tokens_needed(pages, settings)
    with connect(settings, context, start_engine=False) as model:
        warm = OutputFile(tmp / "warm.jsonl")
        summary = run_batch(pages, model, settings, warm)
    return {"warm_seconds": round(time.monotonic() - started, 2), "warm_calls": summary.usage.calls}


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
        result.update(_cold(pages, cold_settings, Path(tmp), out))
        result.update(_warm(pages, cold_settings, Path(tmp)))
    result["totals"] = totals_of(result["articles"])
    result["extractor_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if check_pages:
        result["concurrency"] = concurrency_check(settings, check_pages)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result
