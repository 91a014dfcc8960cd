"""Versioned prompt templates from prompts/ turned into chat messages, one pass at a time.

The article comes first and the instruction last, so the passes over one article share a
prefix that the server's prompt cache reads only once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from extractor.model import Request
from schemas.passes import (
    EntitiesAnswer,
    EventsAnswer,
    IndicatorSlotsAnswer,
    MetaAnswer,
    SubjectChoices,
)

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
TEMPLATE_SET = "v1"
"""Which directory of prompts/ is in use; bump it for a redesign, edits are hashed anyway."""


@dataclass(frozen=True)
class Pass:
    """One call per article: a template, the small model it fills, and its output cap."""

    name: str
    response_model: type[BaseModel]
    max_tokens: int


INDICATORS_PASS = Pass("indicators", IndicatorSlotsAnswer, 4096)
"""Its response model is built per article from the numbers found (see slots.labels_model)."""
PASSES: tuple[Pass, ...] = (
    INDICATORS_PASS,
    Pass("entities", EntitiesAnswer, 3072),
    Pass("events", EventsAnswer, 3072),
)
META_PASS = Pass("meta", MetaAnswer, 256)
SUBJECTS_PASS = Pass("subjects", SubjectChoices, 2048)
"""Its response model is built per article: one enum of the page's names per number."""


Cached = TypeVar("Cached", bound=Callable[..., Any])


def _files_stamp() -> tuple[Any, ...]:
    directory = PROMPTS_DIR / TEMPLATE_SET
    stats = ((p.name, p.stat()) for p in sorted(directory.glob("*.md")))
    return (directory, *((name, st.st_mtime_ns, st.st_size) for name, st in stats))


def _until_edited(fn: Cached) -> Cached:
    """cache(fn), emptied when a template file changes: a running service sees an edit."""
    cached = cache(fn)
    seen: list[tuple[Any, ...]] = []

    @wraps(fn)
    def fresh(*args: Any) -> Any:
        stamp = _files_stamp()
        if seen != [stamp]:
            cached.cache_clear()
            seen[:] = [stamp]
        return cached(*args)

    fresh.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return fresh  # type: ignore[return-value]


@_until_edited
def _template(name: str) -> str:
    return (PROMPTS_DIR / TEMPLATE_SET / f"{name}.md").read_text(encoding="utf-8").strip()


def instruction_text() -> str:
    """Every template's text: what a model that copies its instructions would echo back."""
    return "\n".join(_template(p.name) for p in (*PASSES, META_PASS, SUBJECTS_PASS))


@_until_edited
def prompt_version() -> str:
    """The template set plus a hash of its files and of the pass schemas."""
    digest = hashlib.sha256()
    for path in sorted((PROMPTS_DIR / TEMPLATE_SET).glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for p in (*PASSES, META_PASS, SUBJECTS_PASS):
        schema = json.dumps(p.response_model.model_json_schema(), sort_keys=True)
        digest.update(f"{p.name}:{schema}".encode())
    return f"{TEMPLATE_SET}-{digest.hexdigest()[:12]}"


@_until_edited
def pass_version(name: str) -> str:
    """Version of one pass: its own templates and schema, so editing one pass keeps the others'
    cached answers valid."""
    p = next(q for q in (*PASSES, META_PASS, SUBJECTS_PASS) if q.name == name)
    digest = hashlib.sha256()
    for template in ("system", "article", p.name):
        digest.update((PROMPTS_DIR / TEMPLATE_SET / f"{template}.md").read_bytes() + b"\0")
    digest.update(json.dumps(p.response_model.model_json_schema(), sort_keys=True).encode())
    return f"{TEMPLATE_SET}-{p.name}-{digest.hexdigest()[:12]}"


def describe_fields(model: type[BaseModel]) -> str:
    """One line per field of each item type, from the schema's field descriptions."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    lines: list[str] = []
    for list_name, prop in schema["properties"].items():
        ref = prop.get("items", prop).get("$ref") or prop.get("$ref", "")
        item = defs.get(ref.rsplit("/", 1)[-1], {})
        lines.append(f"{list_name}:")
        for field_name, spec in item.get("properties", {}).items():
            lines.append(f"  {field_name}: {spec.get('description', '')}")
    return "\n".join(lines)


def estimate_tokens(text: str) -> int:
    # Qwen's tokenizer spends about one token per 1.5-1.9 Chinese characters.
    return int(len(text) / 1.5) + 1


def build_request(
    article: str,
    p: Pass,
    max_tokens: int | None = None,
    response_model: type[BaseModel] | None = None,
    *,
    numbers: str | None = None,
    top_logprobs: int = 0,
) -> Request:
    """The pass's messages over the shared article prefix; `numbers` fills a {numbers} list."""
    user = _template("article").format(article=article)
    instruction = _template(p.name)
    if "{fields}" in instruction:
        instruction = instruction.format(fields=describe_fields(p.response_model))
    elif numbers is not None:
        instruction = instruction.format(numbers=numbers)
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": _template("system")},
        {"role": "user", "content": f"{user}\n\n{instruction}"},
    ]
    return Request(
        task=p.name,
        messages=messages,
        response_model=response_model or p.response_model,
        max_tokens=min(p.max_tokens, max_tokens or p.max_tokens),
        prompt_version=pass_version(p.name),
        prompt_tokens_estimate=estimate_tokens(user + instruction),
        top_logprobs=top_logprobs,
    )
