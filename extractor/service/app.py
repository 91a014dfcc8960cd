"""The FastAPI application: routes over the same pipeline, cache and settings as `run`."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, ExitStack, asynccontextmanager
from dataclasses import dataclass

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from extractor.config import Settings
from extractor.model import Model
from extractor.page.load import Page
from extractor.service.bodies import (
    ExtractRequest,
    JobCreated,
    JobRequest,
    JobStatus,
    Problem,
    Readiness,
)
from extractor.service.exposure import DEFAULT_MAX_BODY_BYTES
from extractor.service.gate import Gate, ModelFactory, Models, UnknownModel
from extractor.service.guard import Guard
from extractor.service.job_runner import JobRunner
from extractor.service.jobs import JOB_ID, Job, JobStore
from extractor.service.metrics import CONTENT_TYPE, Metrics
from extractor.service.problems import validation_problem
from extractor.service.readiness import EndpointProbe, ReadinessCheck
from schemas.record import ExtractionRecord

NDJSON = "application/x-ndjson"

ERRORS = {
    401: {"model": Problem, "description": "Missing or wrong bearer token."},
    413: {"model": Problem, "description": "Body or article too large."},
    422: {"model": Problem, "description": "Invalid body: the field and what is wrong."},
}

# Declared on the /v1 routes only so that /docs offers "Authorize"; Guard enforces the token
# before the body is read, which a FastAPI dependency (run after parsing) could not.
_bearer = HTTPBearer(auto_error=False, description="The token given to `serve --token`.")


def open_endpoint(settings: Settings) -> AbstractContextManager[Model]:
    """connect(), with a context big enough for the longest article the service accepts."""
    # Imported here: tests inject fakes and never load the providers.
    from extractor.pipeline.extract import context_tokens_needed
    from extractor.providers.connect import connect

    longest = Page("longest", "x" * settings.max_article_chars)
    # The embedded server starts in the background (EndpointProbe.warm_up), so the service
    # answers /healthz and a 503 /readyz while it builds rather than not at all.
    return connect(settings, context_tokens_needed([longest], settings), start_engine=False)


@dataclass
class Service:
    """What the routes need, built at start-up."""

    settings: Settings
    gate: Gate
    runner: JobRunner
    readiness: ReadinessCheck
    metrics: Metrics


def _readiness_for(model: Model, settings: Settings) -> tuple[ReadinessCheck, EndpointProbe | None]:
    endpoint = getattr(model, "endpoint", None)
    if endpoint is None:
        name = model.name

        def in_process() -> Readiness:
            return Readiness(ready=True, detail=f"model {name} answers in-process")

        return in_process, None
    probe = EndpointProbe(settings, endpoint.resolve_url)
    return probe, probe


class RequestMetrics:
    """Counts every answer (including the guard's 401 and 413) by route template and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics, api: FastAPI):
        self.app = app
        self.metrics = metrics
        self.api = api

    def _route(self, scope: Scope) -> str:
        # The template (/v1/jobs/{job_id}), never the raw path, keeps label sets bounded.
        for route in self.api.router.routes:
            match, _ = route.matches(scope)
            if match is not Match.NONE:
                return getattr(route, "path", "other")
        return "unmatched"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            seconds = time.monotonic() - started
            self.metrics.request(scope["method"], self._route(scope), status, seconds)


def _check_length(text: str, settings: Settings, field: str) -> None:
    if len(text) > settings.max_article_chars:
        raise HTTPException(
            413,
            f"{field} has {len(text)} characters; this service accepts at most "
            f"{settings.max_article_chars} per article (max_article_chars)",
        )


def text_id(text: str) -> str:
    """Default doc_id: the same text always gets the same id."""
    return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def create_app(
    settings: Settings,
    model_factory: ModelFactory | None = None,
    *,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    readiness: ReadinessCheck | None = None,
) -> FastAPI:
    """The service app; the model is opened at start-up and closed at shutdown.

    model_factory(settings) returns a context manager yielding a Model (connect() unless
    given); readiness replaces the default probe of the model endpoint.
    """
    metrics = Metrics()
    factory = model_factory or open_endpoint

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            models = await run_in_threadpool(Models, settings, factory, stack)
            gate = Gate(settings, models, metrics)
            runner = JobRunner(JobStore(settings.home / "jobs"), gate)
            check, probe = _readiness_for(models.default, settings)
            app.state.service = Service(settings, gate, runner, readiness or check, metrics)
            background = [asyncio.create_task(runner.run_forever())]
            if probe is not None:
                background.append(asyncio.create_task(run_in_threadpool(probe.warm_up)))
            await run_in_threadpool(runner.resume)
            try:
                yield
            finally:
                # Articles already in threads finish and their records are written; whatever
                # was not started resumes at the next start.
                for task in background:
                    task.cancel()
                await asyncio.gather(background[0], return_exceptions=True)
                await gate.close()

    app = FastAPI(
        title="extractor",
        summary="Verified, source-grounded facts from Chinese regional-economy news pages.",
        version="1",
        lifespan=lifespan,
        exception_handlers={RequestValidationError: validation_problem},
    )
    app.add_middleware(Guard, token=token, max_body_bytes=max_body_bytes)
    auth = [Depends(_bearer)] if token else []
    app.add_middleware(RequestMetrics, metrics=metrics, api=app)

    def service(request: Request) -> Service:
        return request.app.state.service

    @app.get("/healthz", tags=["probes"])
    async def healthz() -> dict[str, str]:
        """The service process is up (says nothing about the model endpoint)."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["probes"], response_model=Readiness,
             responses={503: {"model": Readiness}})  # fmt: skip
    async def readyz(request: Request) -> JSONResponse:
        """The model endpoint answers (503 while it does not)."""
        result = await run_in_threadpool(service(request).readiness)
        return JSONResponse(result.model_dump(), status_code=200 if result.ready else 503)

    @app.get("/metrics", tags=["probes"], response_class=Response,
             dependencies=auth, responses={200: {"content": {CONTENT_TYPE: {}}}})  # fmt: skip
    async def metrics_page() -> Response:
        """Prometheus text format: requests, model calls, tokens, cache hits, errors, latency."""
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    @app.post("/v1/extract", tags=["extract"], response_model=ExtractionRecord,
              dependencies=auth, responses=ERRORS)  # fmt: skip
    async def extract(body: ExtractRequest, request: Request) -> Response:
        """Extract one article now: the record `run` writes (a cached article returns at once).

        A page that cannot be extracted still answers 200, with status "error" in the record.
        """
        svc = service(request)
        _check_length(body.text, svc.settings, "text")
        try:
            svc.gate.models.check(body.model)
        except UnknownModel as exc:
            raise HTTPException(422, f"model: {exc}") from exc
        page = Page(doc_id=body.id or text_id(body.text), text=body.text)
        record = await svc.gate.extract(page, body.model)
        return Response(record.model_dump_json(), media_type="application/json")

    @app.post("/v1/jobs", tags=["jobs"], status_code=202, response_model=JobCreated,
              dependencies=auth, responses=ERRORS)  # fmt: skip
    async def create_job(body: JobRequest, request: Request) -> JSONResponse:
        """Queue articles for background extraction; results survive a restart."""
        svc = service(request)
        articles: list[tuple[str, str]] = []
        seen: dict[str, int] = {}
        for n, article in enumerate(body.articles):
            _check_length(article.text, svc.settings, f"articles[{n}].text")
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
        svc = service(request)
        job = await run_in_threadpool(svc.runner.get, job_id) if JOB_ID.match(job_id) else None
        if job is None:
            raise HTTPException(404, f"no job {job_id}")
        return svc, job

    @app.get("/v1/jobs/{job_id}", tags=["jobs"], response_model=JobStatus,
             dependencies=auth, responses={404: {"model": Problem}, 401: ERRORS[401]})  # fmt: skip
    async def job_status(job_id: str, request: Request) -> JobStatus:
        """Job state (queued, running, done), counts, and each article's state."""
        _, job = await find_job(request, job_id)
        return job.status()

    @app.get("/v1/jobs/{job_id}/results", tags=["jobs"], response_class=Response,
             dependencies=auth, responses={200: {"content": {NDJSON: {}}},
                                              404: {"model": Problem}})  # fmt: skip
    async def job_results(job_id: str, request: Request) -> Response:
        """The records written so far, one JSON line each, in completion order."""
        svc, job = await find_job(request, job_id)
        data = await run_in_threadpool(svc.runner.store.results, job)
        return Response(data, media_type=NDJSON)

    return app
