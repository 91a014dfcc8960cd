"""A real OpenAI-compatible HTTP server on loopback that misbehaves on cue.

Tests script, per article, what each successive request gets (ok, 429, 5xx, a reset socket,
a hang, a cut-off or invalid answer...) and then count the requests each article cost. The
article is recognised by a marker such as ``DOC-a1`` in the prompt, so one server can serve a
whole batch and tell its articles apart.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from extractor.ask.prompts import META_PASS, PASSES

FAULTS = (
    "ok",
    "429",
    "500",
    "502",
    "503",
    "reset",
    "hang",
    "slow",
    "truncated",
    "invalid_json",
    "bad_schema",
    "empty_choices",
)
"""Every behaviour a script may name."""

ARTICLE_MARKER = re.compile(r"DOC-([A-Za-z0-9_]+)")

# Which pass a request belongs to, told by the first property of its answer schema.
_TASK_BY_FIELD = {next(iter(p.response_model.model_fields)): p.name for p in (*PASSES, META_PASS)}


@dataclass
class Recorded:
    """One request as the server saw it."""

    article: str
    task: str
    behaviour: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float


@dataclass
class FaultServer:
    """Serves POST /v1/chat/completions; use as a context manager.

    script maps an article id (or "*" for any article) to the behaviours of its next
    requests, consumed in order; once a list runs out the server answers ``default``.
    """

    script: dict[str, list[str]] = field(default_factory=dict)
    default: str = "ok"
    retry_after: str = "1"
    """Retry-After header sent with 429 (seconds, kept small so tests stay fast)."""
    hang_seconds: float = 10.0
    """How long a "hang" holds the socket before closing it unanswered."""
    slow_seconds: float = 0.5
    """Delay before a "slow" request is answered normally."""
    answers: dict[str, Any] = field(default_factory=dict)
    """Answer bodies instead of empty ones, keyed "article:task" or just "task" (indicators,
    entities, events, meta); a callable gets the request's answer schema and returns one."""

    def __post_init__(self) -> None:
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._script = {k: list(v) for k, v in self.script.items()}
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle --------------------------------------------------------------------------

    def start(self) -> FaultServer:
        handler = type("Handler", (_Handler,), {"fault_server": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # releases hanging handlers
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting and counting --------------------------------------------------------------

    def set_script(self, article: str, behaviours: list[str]) -> None:
        unknown = set(behaviours) - set(FAULTS)
        assert not unknown, f"unknown behaviours {unknown}"
        with self._lock:
            self._script[article] = list(behaviours)

    def next_behaviour(self, article: str) -> str:
        with self._lock:
            for key in (article, "*"):
                queue = self._script.get(key)
                if queue:
                    return queue.pop(0)
            return self.default

    def record(self, item: Recorded) -> None:
        with self._lock:
            self.requests.append(item)

    def calls(self, article: str | None = None, task: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for r in self.requests
                if (article is None or r.article == article) and (task is None or r.task == task)
            )

    def calls_by_article(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        with self._lock:
            for r in self.requests:
                counts[r.article] += 1
        return dict(counts)


class _Handler(BaseHTTPRequestHandler):
    fault_server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet

    def do_POST(self) -> None:
        server = self.fault_server
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            self._send(400, {"error": {"message": "request body is not JSON"}})
            return
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, {"error": {"message": f"no route {self.path}"}})
            return
        schema = request_schema(body)
        article = article_of(body)
        task = task_of(schema)
        behaviour = server.next_behaviour(article)
        # Lower-cased names, as HTTP headers are case-insensitive.
        headers = {k.lower(): v for k, v in self.headers.items()}
        server.record(Recorded(article, task, behaviour, headers, body, time.monotonic()))
        self._behave(behaviour, body, schema, article, task)

    def _behave(
        self, behaviour: str, body: dict[str, Any], schema: dict[str, Any], article: str, task: str
    ) -> None:
        server = self.fault_server
        if behaviour == "429":
            self._send(
                429, {"error": {"message": "rate limited"}}, {"Retry-After": server.retry_after}
            )
        elif behaviour in ("500", "502", "503"):
            self._send(int(behaviour), {"error": {"message": f"server error {behaviour}"}})
        elif behaviour == "reset":
            self._reset()
        elif behaviour == "hang":
            # Hold the socket past the client's time-out, then drop it unanswered.
            server._stop.wait(server.hang_seconds)
            self._reset()
        elif behaviour == "empty_choices":
            self._send(200, completion(body, None, choices=[]))
        else:
            if behaviour == "slow":
                server._stop.wait(server.slow_seconds)
            answers = server.answers
            answer = answers.get(f"{article}:{task}") or answers.get(task) or empty_answer
            if callable(answer):
                answer = answer(schema)
            content = json.dumps(answer, ensure_ascii=False)
            finish = "stop"
            if behaviour == "truncated":
                content, finish = content[: max(1, len(content) // 2)], "length"
            elif behaviour == "invalid_json":
                content = "{这不是 JSON: [1, 2,"
            elif behaviour == "bad_schema":
                content = json.dumps({name: 12345 for name in schema.get("properties", {})})
            self._send(200, completion(body, content, finish_reason=finish))

    def _send(
        self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up (time-out); nothing to answer

    def _reset(self) -> None:
        # SO_LINGER 0 makes close() send RST: a connection reset, not a clean EOF.
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True


def request_schema(body: dict[str, Any]) -> dict[str, Any]:
    """The answer schema, wherever the structured-output mode put it."""
    tools = body.get("tools") or []
    if tools:
        return tools[0].get("function", {}).get("parameters", {})
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return fmt.get("json_schema", {}).get("schema", {})
    # JSON mode: instructor appends the schema to the system message.
    for message in body.get("messages", []):
        text = message.get("content")
        if message.get("role") != "system" or not isinstance(text, str):
            continue
        start = text.find("{", text.find("json_schema"))
        while start != -1:
            try:
                found, _ = json.JSONDecoder().raw_decode(text, start)
            except ValueError:
                found = None
            if isinstance(found, dict) and "properties" in found:
                return found
            start = text.find("{", start + 1)
    return {}


def article_of(body: dict[str, Any]) -> str:
    for message in body.get("messages", []):
        text = message.get("content")
        if isinstance(text, str) and (m := ARTICLE_MARKER.search(text)):
            return m.group(1)
    return "?"


def task_of(schema: dict[str, Any]) -> str:
    for name in schema.get("properties", {}):
        if name in _TASK_BY_FIELD:
            return _TASK_BY_FIELD[name]
    return "?"


def empty_answer(schema: dict[str, Any]) -> dict[str, Any]:
    """The emptiest answer the schema accepts (lists as short as allowed, optional fields left
    out), built from the schema itself so it follows the pass models as they change."""
    answer = minimal_instance(schema, schema)
    return answer if isinstance(answer, dict) else {}


def minimal_instance(spec: dict[str, Any], root: dict[str, Any]) -> Any:
    """A small instance of a JSON schema: the subset pydantic emits (refs, consts, enums,
    anyOf, objects, arrays with prefixItems/minItems, scalars)."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return minimal_instance(root.get("$defs", {}).get(name, {}), root)
    if "const" in spec:
        return spec["const"]
    if spec.get("enum"):
        return spec["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if spec.get(key):
            options = spec[key]
            null = [o for o in options if o.get("type") == "null"]
            return None if null and key != "allOf" else minimal_instance(options[0], root)
    kind = spec.get("type")
    if isinstance(kind, list):
        kind = "null" if "null" in kind else kind[0]
    if kind == "object" or "properties" in spec:
        props = spec.get("properties", {})
        required = set(spec.get("required", []))
        return {
            name: minimal_instance(sub, root)
            for name, sub in props.items()
            if name in required or sub.get("type") == "array"
        }
    if kind == "array":
        items = [minimal_instance(sub, root) for sub in spec.get("prefixItems", [])]
        extra = spec.get("items") if isinstance(spec.get("items"), dict) else {}
        while len(items) < spec.get("minItems", 0):
            items.append(minimal_instance(extra, root))
        return items
    if kind == "string":
        return "x" * spec.get("minLength", 0)
    if kind in ("integer", "number"):
        return spec.get("minimum", 0)
    if kind == "boolean":
        return False
    return None


def completion(
    body: dict[str, Any],
    content: str | None,
    finish_reason: str = "stop",
    choices: list[Any] | None = None,
) -> dict[str, Any]:
    """A chat.completion; tool-call shaped when the request asked for a tool."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    tools = body.get("tools") or []
    if tools and content is not None:
        name = tools[0].get("function", {}).get("name", "answer")
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_0",
                    "type": "function",
                    "function": {"name": name, "arguments": content},
                }
            ],
        }
    if choices is None:
        choices = [{"index": 0, "message": message, "finish_reason": finish_reason}]
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fault"),
        "choices": choices,
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }
