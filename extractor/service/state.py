"""What the routes share: the Service built at start-up, and how a route reaches it."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request

from extractor.config import Settings
from extractor.model import Model
from extractor.service.bodies import Readiness
from extractor.service.gate import Gate
from extractor.service.job_runner import JobRunner
from extractor.service.metrics import Metrics
from extractor.service.readiness import EndpointProbe, ReadinessCheck


@dataclass
class Service:
    """What the routes need, built at start-up."""

    settings: Settings
    gate: Gate
    runner: JobRunner
    readiness: ReadinessCheck
    metrics: Metrics


def current_service(request: Request) -> Service:
    return request.app.state.service


def readiness_for(model: Model, settings: Settings) -> tuple[ReadinessCheck, EndpointProbe | None]:
    """The readiness check of the service's model, and the probe to warm up (None in-process)."""
    endpoint = getattr(model, "endpoint", None)
    if endpoint is None:
        name = model.name

        def in_process() -> Readiness:
            return Readiness(ready=True, detail=f"model {name} answers in-process")

        return in_process, None
    probe = EndpointProbe(settings, endpoint.resolve_url)
    return probe, probe


def check_length(text: str, settings: Settings, field: str) -> None:
    """413 for an article longer than the service accepts."""
    if len(text) > settings.max_article_chars:
        raise HTTPException(
            413,
            f"{field} has {len(text)} characters; this service accepts at most "
            f"{settings.max_article_chars} per article (max_article_chars)",
        )
