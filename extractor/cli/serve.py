"""`extractor serve`: the HTTP service, configured with the same options as `run`.

Only click is imported here; FastAPI and uvicorn load when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from extractor.cli.options import endpoint_options, ground_policy_option, settings_from
from extractor.service.exposure import DEFAULT_MAX_BODY_BYTES, check_exposure


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Bind address; anything but loopback requires --token.")  # fmt: skip
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token", envvar="EXTRACTOR_TOKEN", metavar="TOKEN",
              help="Bearer token clients must send (or EXTRACTOR_TOKEN, which keeps it "
                   "out of the process list).")  # fmt: skip
@click.option("--max-body-bytes", type=click.IntRange(min=1024),
              default=DEFAULT_MAX_BODY_BYTES, show_default=True,
              help="Largest request body; larger ones get 413.")  # fmt: skip
@click.option("--max-article-chars", type=click.IntRange(min=1000),
              help="Longest article accepted (413 beyond); also sizes the embedded "
                   "server's context.")  # fmt: skip
@ground_policy_option
@click.option("--home", type=click.Path(path_type=Path),
              help="Root of caches and jobs/ (default ~/.cache/extractor).")  # fmt: skip
@endpoint_options
def serve(host: str, port: int, token: str | None, max_body_bytes: int, **kwargs: Any) -> None:
    """Serve extraction over HTTP: POST /v1/extract, /v1/jobs; API docs at /docs."""
    try:
        check_exposure(host, token)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    import uvicorn

    from extractor.service.app import create_app

    settings = settings_from(kwargs)
    app = create_app(settings, token=token, max_body_bytes=max_body_bytes)
    uvicorn.run(app, host=host, port=port, log_level="info")
