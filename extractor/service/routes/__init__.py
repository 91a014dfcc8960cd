"""The service's routes, one module per concern; create_app includes them."""

from __future__ import annotations

from typing import Any

from extractor.service.bodies import Problem

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Missing or wrong bearer token."},
    413: {"model": Problem, "description": "Body or article too large."},
    422: {"model": Problem, "description": "Invalid body: the field and what is wrong."},
}
"""Error answers the /v1 routes document in /docs."""
