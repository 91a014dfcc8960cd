"""Is the model endpoint answering? Behind one small callable so tests can replace it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable

from extractor.config import Settings
from extractor.service.bodies import Readiness

ReadinessCheck = Callable[[], Readiness]
"""Blocking; the app calls it in a worker thread."""

PROBE_TIMEOUT = 3.0
"""Seconds a readiness probe waits for GET /models: a live server answers at once, so a
longer wait would only delay /readyz."""
_MAX_ERROR_CHARS = 500
"""A start-up error (a build log, a traceback) is cut to this for the /readyz body."""


def probe_models(base_url: str, api_key: str | None, timeout: float = PROBE_TIMEOUT) -> Readiness:
    """GET {base_url}/models: every OpenAI-compatible server (llama.cpp, vLLM) answers it."""
    url = base_url.rstrip("/") + "/models"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    if api_key:
        request.add_header("Authorization", f"Bearer {api_key}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            names = [m.get("id") for m in json.loads(response.read()).get("data", [])]
            return Readiness(ready=True, detail=f"{url} lists {len(names)} model(s)")
    except urllib.error.HTTPError as exc:
        return Readiness(ready=False, detail=f"{url} answered HTTP {exc.code}")
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Readiness(ready=False, detail=f"cannot reach {url}: {reason}")
    except (ValueError, AttributeError):
        return Readiness(ready=False, detail=f"{url} did not answer a model list")


class EndpointProbe:
    """Readiness of the endpoint behind the service's model.

    The embedded llama-server starts on first use; warm_up() starts it at service start-up
    (in a worker thread) so that the first request does not wait, and until it is up the
    service reports not ready instead of blocking the probe.
    """

    def __init__(self, settings: Settings, resolve_url: Callable[[], str]):
        self.settings = settings
        self.resolve_url = resolve_url
        self.url: str | None = settings.base_url
        self.error: str | None = None

    def warm_up(self) -> None:
        try:
            self.url = self.resolve_url()
        except Exception as exc:  # reported by /readyz; the server start is retried on use
            self.error = f"embedded model server failed to start: {exc}"[:_MAX_ERROR_CHARS]

    def __call__(self) -> Readiness:
        if self.url is None:
            return Readiness(ready=False, detail=self.error or "embedded model server starting")
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else None
        return probe_models(self.url, key)
