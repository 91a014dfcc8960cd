"""`python -m extractor bench`: how close extraction gets to the engine's own speed.

In one run on one machine it measures the engine's raw prompt and generation rates, runs the
seeds cold (fresh cache) and warm, and prints per article the tokens, calls, wall time and the
ratio of wall time to the engine time those tokens need, plus tokens before and after cleaning
and peak memory of the extractor and the server.
"""

from __future__ import annotations

import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2
from rich.console import Console
from rich.table import Table

from extractor.clean import clean_page
from extractor.config import Settings
from extractor.connect import connect
from extractor.pages import load_pages
from extractor.pipeline import context_tokens_needed
from extractor.records import OutputFile
from extractor.runner import run_batch

console = Console(stderr=True)


def server_root(base_url: str) -> str:
    return base_url.rstrip("/").removesuffix("/v1")


def engine_speed(root: str, text: str, prompt_tokens: int = 1024, gen_tokens: int = 128) -> dict:
    """Raw llama.cpp rates from its own timings: a prompt read without cache, then generation."""
    with httpx2.Client(timeout=900) as http:
        tokens = http.post(f"{root}/tokenize", json={"content": text}).json()["tokens"]
        tokens = (tokens * (prompt_tokens // max(len(tokens), 1) + 1))[:prompt_tokens]
        body = {
            "prompt": tokens,
            "n_predict": gen_tokens,
            "temperature": 0,
            "cache_prompt": False,
            "ignore_eos": True,
        }
        timings = http.post(f"{root}/completion", json=body).json()["timings"]
    return {
        "prompt_tokens": timings["prompt_n"],
        "prompt_per_second": timings["prompt_per_second"],
        "generated_tokens": timings["predicted_n"],
        "generation_per_second": timings["predicted_per_second"],
    }


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


def _articles(records: list[Any], speed: dict) -> list[dict]:
    rows = []
    for r in records:
        u = r.usage
        read = max(u.prompt_tokens - u.cached_prompt_tokens, 0)
        engine = (
            read / speed["prompt_per_second"] + u.completion_tokens / speed["generation_per_second"]
        )
        rows.append(
            {
                "doc_id": r.doc_id,
                "status": r.status,
                "calls": u.calls,
                "prompt_tokens": u.prompt_tokens,
                "prompt_tokens_read": read,
                "completion_tokens": u.completion_tokens,
                "wall_seconds": round(r.seconds, 2),
                "engine_seconds_needed": round(engine, 2),
                "engine_seconds_reported": round(
                    u.engine_prompt_seconds + u.engine_generation_seconds, 2
                ),
                "ratio": round(r.seconds / engine, 3) if engine else None,
            }
        )
    return rows


def run_bench(settings: Settings, seeds: Path, out: Path) -> dict:
    pages = load_pages([seeds])
    result: dict[str, Any] = {"model": settings.model, "base_url": settings.base_url}
    with tempfile.TemporaryDirectory(prefix="extractor-bench-") as tmp:
        cold_settings = settings.model_copy(update={"cache_dir": Path(tmp) / "cache"})
        with connect(cold_settings, context_tokens_needed(pages, settings)) as model:
            base_url = model.endpoint.resolve_url()
            root = server_root(base_url)
            result["engine"] = engine_speed(root, pages[0].text)
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
            result["articles"] = _articles([r for r in records if r], result["engine"])
            result["server_peak_rss_mb"] = server_peak_rss_mb(root.rsplit(":", 1)[-1])
        # Warm: a new process-equivalent connection on the same cache; no server is needed.
        started = time.monotonic()
        with connect(cold_settings, context_tokens_needed(pages, settings)) as model:
            warm = OutputFile(Path(tmp) / "warm.jsonl")
            summary = run_batch(pages, model, cold_settings, warm)
        result["warm_seconds"] = round(time.monotonic() - started, 2)
        result["warm_calls"] = summary.usage.calls
    totals = {k: sum(a[k] for a in result["articles"]) for k in (
        "calls", "prompt_tokens", "prompt_tokens_read", "completion_tokens",
        "wall_seconds", "engine_seconds_needed",
    )}  # fmt: skip
    totals["ratio"] = round(totals["wall_seconds"] / totals["engine_seconds_needed"], 3)
    result["totals"] = totals
    result["extractor_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def print_bench(result: dict) -> None:
    e = result["engine"]
    console.print(
        f"engine: prompt {e['prompt_per_second']:.1f} tok/s, "
        f"generation {e['generation_per_second']:.1f} tok/s"
    )
    table = Table("article", "calls", "prompt", "read", "output", "wall s", "engine s", "ratio")
    for a in result["articles"]:
        table.add_row(
            a["doc_id"], str(a["calls"]), str(a["prompt_tokens"]), str(a["prompt_tokens_read"]),
            str(a["completion_tokens"]), f"{a['wall_seconds']:.1f}",
            f"{a['engine_seconds_needed']:.1f}", f"{a['ratio']:.3f}" if a["ratio"] else "-",
        )  # fmt: skip
    t = result["totals"]
    table.add_row(
        "TOTAL", str(t["calls"]), str(t["prompt_tokens"]), str(t["prompt_tokens_read"]),
        str(t["completion_tokens"]), f"{t['wall_seconds']:.1f}",
        f"{t['engine_seconds_needed']:.1f}", f"{t['ratio']:.3f}",
    )  # fmt: skip
    console.print(table)
    clean = Table("article", "raw tokens", "clean tokens", "removed")
    for c in result["cleaning"]:
        removed = 1 - c["clean_tokens"] / c["raw_tokens"]
        clean.add_row(c["doc_id"], str(c["raw_tokens"]), str(c["clean_tokens"]), f"{removed:.0%}")
    console.print(clean)
    console.print(
        f"cold {result['cold_seconds']:.1f}s, warm {result['warm_seconds']:.2f}s "
        f"({result['warm_calls']} calls); peak RSS extractor "
        f"{result['extractor_peak_rss_mb']:.0f} MB, server {result['server_peak_rss_mb']} MB"
    )
