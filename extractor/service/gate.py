"""Where the service meets the pipeline: which model answers, and how many articles at once.

/v1/extract and the job runner both go through one Gate, so settings.concurrency bounds the
articles in flight towards the model endpoint across the whole service, as `run` does.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack

from extractor.config import Settings
from extractor.model import Model
from extractor.page.load import Page
from extractor.pipeline.batch import safe_extract
from extractor.service.metrics import Metrics
from schemas.record import ExtractionRecord

ModelFactory = Callable[[Settings], AbstractContextManager[Model]]
"""Opens a Model for settings (connect() by default); closed when the service stops."""

MAX_MODELS = 8
"""Distinct model names one service opens at most, so clients cannot pile up connections."""


class UnknownModel(ValueError):
    """A request named a model this service cannot serve."""


class Models:
    """The model the service started with, plus other models of the same endpoint on demand."""

    def __init__(self, settings: Settings, factory: ModelFactory, stack: ExitStack):
        self.settings = settings
        self.factory = factory
        self.stack = stack
        self.default = stack.enter_context(factory(settings))
        self._others: dict[str, Model] = {}
        self._lock = threading.Lock()

    def check(self, name: str | None) -> None:
        """Raise UnknownModel now, before the request waits for a slot."""
        if name is None or name == self.default.name or name in self._others:
            return
        if self.settings.embedded:
            # A second embedded llama-server would not fit next to the first on a small box.
            raise UnknownModel(
                f"this service runs the embedded model {self.default.name!r} only; "
                "start another service for another model"
            )
        if len(self._others) >= MAX_MODELS:
            raise UnknownModel(f"this service already serves {MAX_MODELS} other models")

    def get(self, name: str | None) -> Model:
        """The Model for name; blocking (opens its cache) the first time a name is used."""
        if name is None or name == self.default.name:
            return self.default
        with self._lock:
            self.check(name)
            if name not in self._others:
                settings = self.settings.model_copy(update={"model": name})
                self._others[name] = self.stack.enter_context(self.factory(settings))
            return self._others[name]


class Gate:
    """Runs safe_extract in worker threads, at most settings.concurrency articles at once."""

    def __init__(self, settings: Settings, models: Models, metrics: Metrics):
        self.settings = settings
        self.models = models
        self.metrics = metrics
        self.slots = asyncio.Semaphore(settings.concurrency)
        # Its own threads, unlike FastAPI's shared pool, can be waited for at shutdown, so
        # the models are never closed under an article still being extracted.
        self._threads = ThreadPoolExecutor(settings.concurrency, "extract")

    async def close(self) -> None:
        """Wait for the articles already in threads; those not started are dropped."""
        await asyncio.to_thread(self._threads.shutdown, wait=True, cancel_futures=True)

    async def extract(self, page: Page, model: str | None = None) -> ExtractionRecord:
        """Wait for a free slot, then extract."""
        async with self.slots:
            return await self.run(page, model, "extract")

    async def run(
        self,
        page: Page,
        model: str | None,
        source: str,
        on_record: Callable[[ExtractionRecord], None] | None = None,
    ) -> ExtractionRecord:
        """Extract in a worker thread; the caller holds a slot."""
        future = self._threads.submit(self._work, page, model, source, on_record)
        return await asyncio.wrap_future(future)

    def _work(
        self,
        page: Page,
        model: str | None,
        source: str,
        on_record: Callable[[ExtractionRecord], None] | None,
    ) -> ExtractionRecord:
        # Everything after the model answers happens in this thread: if the service is
        # stopping, the awaiting task may be cancelled, but the record is still saved.
        self.metrics.article_started()
        record: ExtractionRecord | None = None
        try:
            record = safe_extract(page, self.models.get(model), self.settings)
            if on_record:
                on_record(record)
            return record
        finally:
            self.metrics.article_finished(record, source)
