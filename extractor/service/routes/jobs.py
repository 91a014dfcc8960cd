"""Background jobs: POST /v1/jobs, GET /v1/jobs/{id} and its results."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from extractor.service.bodies import JobCreated, JobRequest, JobStatus, Problem
from extractor.service.jobs import JOB_ID, Job
from extractor.service.routes import ERRORS
from extractor.service.state import Service, check_length, current_service

NDJSON = "application/x-ndjson"


async def create_job(body: JobRequest, request: Request) -> JSONResponse:
    """Queue articles for background extraction; results survive a restart."""
    svc = current_service(request)
    articles: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for n, article in enumerate(body.articles):
        check_length(article.text, svc.settings, f"articles[{n}].text")
        doc_id = article.id or str(n + 1)
        if doc_id in seen:
            raise HTTPException(
                422, f"articles[{n}].id: {doc_id!r} is already used by articles[{seen[doc_id]}]"
            )
        seen[doc_id] = n
        articles.append((doc_id, article.text))
    job = await run_in_threadpool(svc.runner.store.create, articles)
    svc.runner.submit(job)
    return JSONResponse(JobCreated(job_id=job.job_id).model_dump(), status_code=202,
                        headers={"Location": f"/v1/jobs/{job.job_id}"})  # fmt: skip


async def find_job(request: Request, job_id: str) -> tuple[Service, Job]:
    svc = current_service(request)
    job = await run_in_threadpool(svc.runner.get, job_id) if JOB_ID.match(job_id) else None
    if job is None:
        raise HTTPException(404, f"no job {job_id}")
    return svc, job


async def job_status(job_id: str, request: Request) -> JobStatus:
    """Job state (queued, running, done), counts, and each article's state."""
    _, job = await find_job(request, job_id)
    return job.status()


async def job_results(job_id: str, request: Request) -> Response:
    """The records written so far, one JSON line each, in completion order."""
    svc, job = await find_job(request, job_id)
    data = await run_in_threadpool(svc.runner.store.results, job)
    return Response(data, media_type=NDJSON)


def add_job_routes(app: FastAPI, auth: list[Any]) -> None:
    app.add_api_route("/v1/jobs", create_job, methods=["POST"], tags=["jobs"], status_code=202,
                      response_model=JobCreated, dependencies=auth, responses=ERRORS)  # fmt: skip
    app.add_api_route("/v1/jobs/{job_id}", job_status, methods=["GET"], tags=["jobs"],
                      response_model=JobStatus, dependencies=auth,
                      responses={404: {"model": Problem}, 401: ERRORS[401]})  # fmt: skip
    app.add_api_route("/v1/jobs/{job_id}/results", job_results, methods=["GET"], tags=["jobs"],
                      response_class=Response, dependencies=auth,
                      responses={200: {"content": {NDJSON: {}}},
                                 404: {"model": Problem}})  # fmt: skip
