"""A record's bookkeeping kept apart from the stages: errors, flags, usage and timing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from extractor.ask.prompts import prompt_version
from extractor.model import ModelError
from extractor.page.load import Page
from extractor.page.prepare import PageRejected
from schemas.record import ExtractionRecord, Usage


@contextmanager
def recording(page: Page, model_name: str) -> Iterator[ExtractionRecord]:
    """Yield an error record for the stages to fill; a rejected page or failed call ends it.

    The record always leaves with its usage and seconds, whether the stages finished or not,
    so what a failed page cost is still reported. Other exceptions propagate (the batch runner
    turns them into an internal-error record for this page only).
    """
    started = time.monotonic()
    record = ExtractionRecord(
        doc_id=page.doc_id,
        source_path=page.source_path,
        status="error",
        model=model_name,
        prompt_version=prompt_version(),
        usage=Usage(),
    )
    try:
        yield record
    except PageRejected as exc:
        record.error = str(exc)
    except ModelError as exc:
        record.error = str(exc)
        spent = getattr(exc, "usage", None)
        if spent is not None:
            record.usage.add(spent)
    finally:
        record.usage.cache_hit = record.usage.calls == 0 and record.usage.cached_passes > 0
        record.seconds = round(time.monotonic() - started, 3)
