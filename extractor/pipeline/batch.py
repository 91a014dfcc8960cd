"""Run the pipeline over many pages with bounded concurrency, writing and resuming output."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from extractor.config import Settings
from extractor.model import Model
from extractor.page.load import Page
from extractor.pipeline.extract import extract_page
from extractor.pipeline.output import OutputFile
from schemas.record import ExtractionRecord, Usage


@dataclass
class BatchSummary:
    """What a batch did, for the one-line summary and the exit code."""

    total: int = 0
    skipped: int = 0
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    usage: Usage = field(default_factory=Usage)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        u = self.usage
        return (
            f"{self.ok + self.skipped}/{self.total} ok ({self.skipped} already done), "
            f"{self.failed} failed, {u.calls} model calls, {u.prompt_tokens}+"
            f"{u.completion_tokens} tokens, {u.cached_passes} cached answers, "
            f"{self.seconds:.1f}s"
        )


def safe_extract(page: Page, model: Model, settings: Settings) -> ExtractionRecord:
    """extract_page, with any unexpected bug turned into an error record for this page only."""
    try:
        return extract_page(page, model, settings)
    except Exception as exc:
        return ExtractionRecord(
            doc_id=page.doc_id,
            source_path=page.source_path,
            status="error",
            error=f"internal error: {type(exc).__name__}: {exc}"[:500],
            model=model.name,
        )


def run_batch(
    pages: list[Page],
    model: Model,
    settings: Settings,
    out: OutputFile,
    on_record: Callable[[ExtractionRecord], None] | None = None,
) -> BatchSummary:
    started = time.monotonic()
    summary = BatchSummary(total=len(pages))
    todo = [p for p in pages if p.doc_id not in out.done]
    summary.skipped = len(pages) - len(todo)
    with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
        futures = [pool.submit(safe_extract, page, model, settings) for page in todo]
        for future in as_completed(futures):
            record = future.result()
            out.append(record)
            summary.usage.add(record.usage)
            if record.status == "ok":
                summary.ok += 1
            else:
                summary.failed += 1
                summary.failures.append((record.doc_id, record.error or ""))
            if on_record:
                on_record(record)
    summary.seconds = time.monotonic() - started
    return summary
