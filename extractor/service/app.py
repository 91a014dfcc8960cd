"""The FastAPI application: routes over the same pipeline, cache and settings as `run`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    ExitStack,
    asynccontextmanager,
)
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool

from extractor.config import Settings
from extractor.model import Model
from extractor.page.load import Page
from extractor.service.exposure import DEFAULT_MAX_BODY_BYTES
from extractor.service.gate import Gate, ModelFactory, Models
from extractor.service.guard import Guard
from extractor.service.job_runner import JobRunner
from extractor.service.jobs import JobStore
from extractor.service.metrics import Metrics
from extractor.service.problems import validation_problem
from extractor.service.readiness import ReadinessCheck
from extractor.service.request_metrics import RequestMetrics
from extractor.service.routes.docs import add_docs
from extractor.service.routes.extract import add_extract_route
from extractor.service.routes.jobs import add_job_routes
from extractor.service.routes.probes import add_probe_routes
from extractor.service.state import Service, readiness_for

# Declared on the /v1 routes only so that /docs offers "Authorize"; Guard enforces the token
# before the body is read, which a FastAPI dependency (run after parsing) could not.
_bearer = HTTPBearer(auto_error=False, description="The token given to `serve --token`.")

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def open_endpoint(settings: Settings) -> AbstractContextManager[Model]:
    """connect(), with a context big enough for the longest article the service accepts."""
    # Imported here: tests inject fakes and never load the providers.
    from extractor.pipeline.extract import context_tokens_needed
    from extractor.providers.connect import connect

    longest = Page("longest", "x" * settings.max_article_chars)
    # The embedded server starts in the background (EndpointProbe.warm_up), so the service
    # answers /healthz and a 503 /readyz while it builds rather than not at all.
    return connect(settings, context_tokens_needed([longest], settings), start_engine=False)


def service_lifespan(
    settings: Settings,
    factory: ModelFactory,
    metrics: Metrics,
    readiness: ReadinessCheck | None,
) -> Lifespan:
    """Opens the model and the job runner at start-up; closes them at shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            models = await run_in_threadpool(Models, settings, factory, stack)
            gate = Gate(settings, models, metrics)
            runner = JobRunner(JobStore(settings.home / "jobs"), gate)
            check, probe = readiness_for(models.default, settings)
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

    return lifespan


def add_routes(app: FastAPI, token: str | None) -> None:
    auth: list[Any] = [Depends(_bearer)] if token else []
    add_probe_routes(app, auth)
    add_extract_route(app, auth)
    add_job_routes(app, auth)
    add_docs(app)


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
    app = FastAPI(
        title="extractor",
        summary="Verified, source-grounded facts from Chinese regional-economy news pages.",
        version="1",
        lifespan=service_lifespan(settings, model_factory or open_endpoint, metrics, readiness),
        exception_handlers={RequestValidationError: validation_problem},
        docs_url=None,  # served from local files by add_docs
        redoc_url=None,
    )
    app.add_middleware(Guard, token=token, max_body_bytes=max_body_bytes)
    app.add_middleware(RequestMetrics, metrics=metrics, api=app)
    add_routes(app, token)
    return app
