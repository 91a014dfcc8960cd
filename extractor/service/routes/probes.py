"""Probes for load balancers and Prometheus: /healthz, /readyz, /metrics."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from extractor.service.bodies import Readiness
from extractor.service.metrics import CONTENT_TYPE
from extractor.service.state import current_service


async def healthz() -> dict[str, str]:
    """The service process is up (says nothing about the model endpoint)."""
    return {"status": "ok"}


async def readyz(request: Request) -> JSONResponse:
    """The model endpoint answers (503 while it does not)."""
    result = await run_in_threadpool(current_service(request).readiness)
    return JSONResponse(result.model_dump(), status_code=200 if result.ready else 503)


async def metrics_page(request: Request) -> Response:
    """Prometheus text format: requests, model calls, tokens, cache hits, errors, latency."""
    return Response(current_service(request).metrics.render(), media_type=CONTENT_TYPE)


def add_probe_routes(app: FastAPI, auth: list[Any]) -> None:
    """/healthz and /readyz are open to load balancers; /metrics needs the token when set."""
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["probes"])
    app.add_api_route("/readyz", readyz, methods=["GET"], tags=["probes"],
                      response_model=Readiness, responses={503: {"model": Readiness}})  # fmt: skip
    app.add_api_route("/metrics", metrics_page, methods=["GET"], tags=["probes"],
                      response_class=Response, dependencies=auth,
                      responses={200: {"content": {CONTENT_TYPE: {}}}})  # fmt: skip
