"""Turn Settings into a ready Model: the user's endpoint, or the embedded local one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from extractor.config import Settings
from extractor.providers.openai_compat import Endpoint, OpenAICompatibleModel


@contextmanager
def connect(
    settings: Settings, context_tokens: int = 4096, *, start_engine: bool = True
) -> Iterator[OpenAICompatibleModel]:
    """Yield a Model; an embedded server, if one was started, is stopped on exit.

    context_tokens is the longest prompt plus answer a slot must hold, so the server's
    context fits the pages at hand. With start_engine the embedded server is built and
    started before the model is yielded, so that minutes of building are never counted in
    the first article's seconds; without it, it starts on the first call that needs it (for
    the service, which starts it in the background, and for runs that expect only cache hits).
    """
    if not settings.embedded:
        assert settings.base_url is not None
        base_url = settings.base_url
        endpoint = Endpoint(
            identity=base_url.rstrip("/"),
            model=settings.model or "default",
            resolve_url=lambda: base_url,
        )
        model = OpenAICompatibleModel(settings, endpoint)
        try:
            yield model
        finally:
            if model.cache is not None:
                model.cache.close()
        return

    # Imported here so that a user with their own endpoint never loads the engine.
    from extractor.engine.embedded import EmbeddedServer, resolve_gguf

    gguf, name, identity = resolve_gguf(settings)
    server = EmbeddedServer(settings, gguf, context_tokens)
    model = OpenAICompatibleModel(
        settings, Endpoint(identity=identity, model=name, resolve_url=server.url)
    )
    try:
        if start_engine:
            server.url()
        yield model
    finally:
        server.close()
        if model.cache is not None:
            model.cache.close()
