"""A disk cache of validated model answers, keyed by a hash of the whole request.

Values are JSON text (diskcache stores str as text, never pickle), and only successful,
validated answers are ever written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import diskcache


def request_key(payload: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything that shapes the answer."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache:
    """Validated answers on disk; safe to share between processes (SQLite underneath)."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self._cache = diskcache.Cache(str(directory), timeout=60)

    def get(self, key: str) -> dict[str, Any] | None:
        text = self._cache.get(key)
        if not isinstance(text, str):
            return None
        try:
            return json.loads(text)
        except ValueError:
            # A damaged entry is a miss, and it is replaced by the next good answer.
            return None

    def set(self, key: str, value: dict[str, Any]) -> None:
        self._cache.set(key, json.dumps(value, ensure_ascii=False))

    def __len__(self) -> int:
        return len(self._cache)

    def close(self) -> None:
        self._cache.close()
