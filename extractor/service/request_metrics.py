"""HTTP request counts and latency, measured outside every other middleware."""

from __future__ import annotations

import time

from fastapi import FastAPI
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from extractor.service.metrics import Metrics


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
