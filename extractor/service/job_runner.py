"""Runs jobs in the background, one after another, through the service's Gate."""

from __future__ import annotations

import asyncio
import logging

from extractor.page.load import Page
from extractor.service.gate import Gate
from extractor.service.jobs import Job, JobStore

log = logging.getLogger("extractor.service")


class JobRunner:
    """A FIFO of jobs; each job's articles share the Gate's slots with /v1/extract."""

    def __init__(self, store: JobStore, gate: Gate):
        self.store = store
        self.gate = gate
        self.jobs: dict[str, Job] = {}
        self.queue: asyncio.Queue[Job] = asyncio.Queue()

    def submit(self, job: Job) -> None:
        self.jobs[job.job_id] = job
        self.queue.put_nowait(job)

    def get(self, job_id: str) -> Job | None:
        # Jobs finished before this start are not kept in memory; read them from disk.
        return self.jobs.get(job_id) or self.store.load(job_id)

    def resume(self) -> int:
        """Queue the jobs a previous process left unfinished; returns how many."""
        jobs = self.store.unfinished()
        for job in jobs:
            self.submit(job)
        return len(jobs)

    async def run_forever(self) -> None:
        while True:
            job = await self.queue.get()
            try:
                await self._run(job)
            except asyncio.CancelledError:
                raise
            except Exception:
                # The job stays unfinished on disk and resumes at the next start.
                log.exception("job %s failed", job.job_id)

    async def _run(self, job: Job) -> None:
        job.state = "running"
        output = job.output
        assert output is not None
        tasks = []
        for page in self.store.pages(job):
            if page.doc_id in output.done:
                continue
            # Take the slot before starting the task, so a long job queues one article at a
            # time and /v1/extract requests get their turn between its articles.
            await self.gate.slots.acquire()
            job.articles[page.doc_id] = "running"
            tasks.append(asyncio.create_task(self._one(job, page)))
        await asyncio.gather(*tasks)
        self.store.finish(job)

    async def _one(self, job: Job, page: Page) -> None:
        assert job.output is not None
        try:
            record = await self.gate.run(page, None, "job", job.output.append)
        finally:
            self.gate.slots.release()
        job.record_result(record.doc_id, record.status, record.error)
