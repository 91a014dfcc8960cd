"""Validation errors rewritten as answers a client can act on: which field, and what is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from extractor.service.bodies import FieldProblem, Problem


def field_name(loc: Sequence[Any]) -> str:
    """('body', 'articles', 2, 'text') -> articles[2].text"""
    name = ""
    for part in loc[1:] if loc and loc[0] == "body" else loc:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "body"


def describe(error: dict[str, Any]) -> FieldProblem:
    loc = tuple(error.get("loc") or ())
    kind = error.get("type")
    if kind == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "cannot parse")
        at = loc[1] if len(loc) > 1 else "?"
        return FieldProblem(
            field="body", message=f"request body is not valid JSON: {reason} at byte {at}"
        )
    if kind == "missing" and loc == ("body",):
        return FieldProblem(field="body", message="request body is missing; send a JSON object")
    if kind == "model_attributes_type" and loc == ("body",):
        return FieldProblem(field="body", message="request body must be a JSON object")
    return FieldProblem(field=field_name(loc), message=str(error.get("msg", "invalid")))


async def validation_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [describe(error) for error in exc.errors()]
    content_type = request.headers.get("content-type", "")
    if content_type and "json" not in content_type and any(p.field == "body" for p in problems):
        # FastAPI does not parse a body sent as text/plain or a form; say so, not "not an object".
        problems = [FieldProblem(field="body", message=f"send the body as JSON with Content-Type: "
                                 f"application/json, not {content_type}")]  # fmt: skip
    detail = "; ".join(p.message if p.field == "body" else f"{p.field}: {p.message}"
                       for p in problems) or "invalid request"  # fmt: skip
    body = Problem(detail=detail, errors=problems)
    return JSONResponse(body.model_dump(mode="json"), status_code=422)
