"""The gate in front of the routes: bearer token first, then the request body size limit.

Both checks run in one plain ASGI middleware, before FastAPI reads the body, so an
unauthenticated or oversized request costs neither memory nor JSON parsing.
"""

from __future__ import annotations

import json
import secrets

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PROTECTED_PREFIXES = ("/v1/", "/metrics")
"""Paths that need the token; probes and the API docs stay open for load balancers and people."""


class BodyTooLarge(HTTPException):
    """A body without Content-Length (chunked) grew past the limit while being read."""

    def __init__(self, limit: int):
        super().__init__(413, too_large_message(limit))


def too_large_message(limit: int) -> str:
    return f"request body is larger than {limit} bytes (max_body_bytes); send fewer articles"


async def _send_json(send: Send, status: int, payload: dict, headers: list | None = None) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()), *(headers or [])],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Checks the bearer token (when one is set) and caps the request body size."""

    def __init__(self, app: ASGIApp, token: str | None, max_body_bytes: int):
        self.app = app
        self.token = token.encode() if token else None
        self.max_body_bytes = max_body_bytes

    def _authorized(self, headers: Headers) -> bool:
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return False
        assert self.token is not None
        return secrets.compare_digest(given.strip().encode(), self.token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        protected = self.token and scope["path"].startswith(PROTECTED_PREFIXES)
        if protected and not self._authorized(headers):
            await _send_json(send, 401, {"detail": "missing or wrong bearer token"},
                                 [(b"www-authenticate", b"Bearer")])  # fmt: skip
            return
        limit = self.max_body_bytes
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _send_json(send, 413, {"detail": too_large_message(limit)})
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # An HTTPException is passed through by FastAPI's body reader and
                    # rendered by its exception handler as a JSON 413.
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)
