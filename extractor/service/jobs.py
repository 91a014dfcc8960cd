"""Batch jobs on disk under <home>/jobs/<id>/, so that they survive a restart.

A job directory holds job.json (identity, and when it finished), articles.jsonl (the input, in
the {"id", "text"} JSONL form `run` reads) and results.jsonl (an OutputFile, as `run` writes).
That is all a restart needs: records already ok are kept and only the rest is extracted again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from extractor.page.load import Page, read_jsonl
from extractor.pipeline.output import OutputFile, read_records
from extractor.service.bodies import (
    ArticleState,
    ArticleStatus,
    JobCounts,
    JobState,
    JobStatus,
)

JOB_ID = re.compile(r"^[0-9a-f]{32}$")
"""What a job id looks like; anything else is rejected before it reaches a path."""


@dataclass
class Job:
    """A job's identity and progress; article texts stay on disk."""

    job_id: str
    created: float
    directory: Path
    ids: list[str]
    """Article ids in submission order."""
    state: JobState = "queued"
    articles: dict[str, ArticleState] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    output: OutputFile | None = None
    """Open results file while the job is unfinished."""

    @property
    def results_path(self) -> Path:
        return self.directory / "results.jsonl"

    def status(self) -> JobStatus:
        counts = JobCounts(total=len(self.ids))
        articles = []
        for doc_id in self.ids:
            state = self.articles.get(doc_id, "queued")
            setattr(counts, state, getattr(counts, state) + 1)
            articles.append(ArticleStatus(id=doc_id, status=state, error=self.errors.get(doc_id)))
        return JobStatus(job_id=self.job_id, status=self.state, created=self.created,
                         counts=counts, articles=articles)  # fmt: skip

    def record_result(self, doc_id: str, status: ArticleState, error: str | None) -> None:
        self.articles[doc_id] = status
        if error:
            self.errors[doc_id] = error
        else:
            self.errors.pop(doc_id, None)


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


class JobStore:
    """The jobs directory: creates, lists, loads and finishes jobs."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def create(self, articles: list[tuple[str, str]]) -> Job:
        """Write a new job atomically: a crash leaves either a whole job or none."""
        job_id = uuid.uuid4().hex
        created = time.time()
        staging = self.root / f".{job_id}.tmp"
        staging.mkdir()
        with (staging / "articles.jsonl").open("w", encoding="utf-8") as fh:
            for doc_id, text in articles:
                fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        _write_json(staging / "job.json", {"job_id": job_id, "created": created,
                                           "total": len(articles), "finished": None})  # fmt: skip
        directory = self.root / job_id
        os.replace(staging, directory)
        ids = [doc_id for doc_id, _ in articles]
        return Job(job_id, created, directory, ids, output=OutputFile(directory / "results.jsonl"))

    def _meta(self, directory: Path) -> dict | None:
        try:
            return json.loads((directory / "job.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def unfinished(self) -> list[Job]:
        """Jobs to resume, oldest first; also clears submissions a crash cut short."""
        for staging in self.root.glob(".*.tmp"):
            shutil.rmtree(staging, ignore_errors=True)
        jobs = []
        for directory in self.root.iterdir():
            meta = self._meta(directory) if JOB_ID.match(directory.name) else None
            if meta is not None and not meta.get("finished"):
                jobs.append(self._open(directory, meta))
        return sorted(jobs, key=lambda job: job.created)

    def _open(self, directory: Path, meta: dict) -> Job:
        # OutputFile keeps the ok records and drops error ones, so failed articles run again.
        output = OutputFile(directory / "results.jsonl")
        job = Job(meta["job_id"], meta["created"], directory, self._ids(directory), output=output)
        for doc_id in output.done:
            job.record_result(doc_id, "ok", None)
        return job

    def _ids(self, directory: Path) -> list[str]:
        return [page.doc_id for page in read_jsonl(directory / "articles.jsonl")]

    def load(self, job_id: str) -> Job | None:
        """A job from disk as it stands (read-only: a finished job's records are untouched)."""
        directory = self.root / job_id
        meta = self._meta(directory) if JOB_ID.match(job_id) else None
        if meta is None:
            return None
        job = Job(job_id, meta["created"], directory, self._ids(directory))
        job.state = "done" if meta.get("finished") else "queued"
        if job.results_path.exists():
            for record in read_records(job.results_path):
                job.record_result(record.doc_id, record.status, record.error)
        return job

    def pages(self, job: Job) -> list[Page]:
        return list(read_jsonl(job.directory / "articles.jsonl"))

    def finish(self, job: Job) -> None:
        meta = self._meta(job.directory) or {"job_id": job.job_id, "created": job.created}
        meta["finished"] = time.time()
        _write_json(job.directory / "job.json", meta)
        job.state = "done"
        job.output = None

    def results(self, job: Job) -> bytes:
        """The records written so far, whole lines only (one may be half-written right now)."""
        try:
            data = job.results_path.read_bytes()
        except FileNotFoundError:
            return b""
        return data[: data.rfind(b"\n") + 1]
