"""POST /v1/extract: one article now."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import Response

from extractor.page.load import Page
from extractor.service.bodies import ExtractRequest
from extractor.service.gate import UnknownModel
from extractor.service.routes import ERRORS
from extractor.service.state import check_length, current_service
from schemas.record import ExtractionRecord

TEXT_ID_HEX_DIGITS = 16
"""64 bits of the text's SHA-256: short enough to read, collisions unlikely at any job size."""


def text_id(text: str) -> str:
    """Default doc_id: the same text always gets the same id."""
    return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:TEXT_ID_HEX_DIGITS]


async def extract(body: ExtractRequest, request: Request) -> Response:
    """Extract one article now: the record `run` writes (a cached article returns at once).

    A page that cannot be extracted still answers 200, with status "error" in the record.
    """
    svc = current_service(request)
    check_length(body.text, svc.settings, "text")
    try:
        svc.gate.models.check(body.model)
    except UnknownModel as exc:
        raise HTTPException(422, f"model: {exc}") from exc
    page = Page(doc_id=body.id or text_id(body.text), text=body.text)
    record = await svc.gate.extract(page, body.model)
    return Response(record.model_dump_json(), media_type="application/json")


def add_extract_route(app: FastAPI, auth: list[Any]) -> None:
    app.add_api_route("/v1/extract", extract, methods=["POST"], tags=["extract"],
                      response_model=ExtractionRecord, dependencies=auth,
                      responses=ERRORS)  # fmt: skip
