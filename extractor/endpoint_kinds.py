"""The server families extractor knows, declared once: config, the CLI and providers read them.

Pure data with no imports beyond the standard library. It lives beside config rather than in
extractor.providers because config validates `endpoint_kind` against it, and the core (which
reads config) must never import providers.
"""

from __future__ import annotations

from dataclasses import dataclass

AUTO = "auto"
"""Not a kind: ask the registry to tell the kind from the base URL."""


@dataclass(frozen=True)
class EndpointKind:
    """One server family and what changes with it."""

    name: str
    """What --endpoint-kind and EXTRACTOR_ENDPOINT_KIND accept."""
    mode: str
    """instructor.Mode value: how the answer's schema reaches the server."""
    url_markers: tuple[str, ...] = ()
    """A base URL containing any of these is of this kind when the kind is auto."""
    embedded: bool = False
    """The kind of the embedded local server (used when there is no base URL)."""
    fallback: bool = False
    """The kind of an auto base URL that no kind claims."""


_KINDS: dict[str, EndpointKind] = {}


def register(kind: EndpointKind) -> EndpointKind:
    if kind.name == AUTO or kind.name in _KINDS:
        raise ValueError(f"endpoint kind {kind.name!r} is already taken")
    _KINDS[kind.name] = kind
    return kind


# llama-server and vLLM turn a json_schema response_format into a grammar.
LLAMA_CPP = register(EndpointKind("llama.cpp", "json_schema_mode", embedded=True))
VLLM = register(EndpointKind("vllm", "json_schema_mode"))
OPENAI = register(EndpointKind("openai", "tool_call", url_markers=("api.openai.com",)))
# Unknown servers: JSON mode puts the schema in the prompt and works nearly everywhere.
GENERIC = register(EndpointKind("generic", "json_mode", fallback=True))


def names() -> tuple[str, ...]:
    """Every registered kind, in registration order."""
    return tuple(_KINDS)


def choices() -> tuple[str, ...]:
    """What a user may set: auto or a kind."""
    return (AUTO, *_KINDS)


def lookup(name: str) -> EndpointKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown endpoint kind {name!r}; known: {', '.join(_KINDS)}") from None


def detect(base_url: str | None) -> EndpointKind:
    """The kind auto stands for: the embedded kind without a URL, else the first claimant."""
    kinds = _KINDS.values()
    if base_url is None:
        return next(k for k in kinds if k.embedded)
    for kind in kinds:
        if any(marker in base_url for marker in kind.url_markers):
            return kind
    return next(k for k in kinds if k.fallback)


def resolve(requested: str, base_url: str | None) -> EndpointKind:
    return detect(base_url) if requested == AUTO else lookup(requested)
