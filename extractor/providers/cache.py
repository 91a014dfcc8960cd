"""A disk cache of validated model answers, keyed by a hash of the whole request.

Values are JSON text (diskcache stores str as text, never pickle), and only successful,
validated answers are ever written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import diskcache
from diskcache.core import MODE_PICKLE


def request_key(payload: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything that shapes the answer."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _TextOnlyDisk(diskcache.Disk):
    """diskcache's storage without unpickling: every value we write is str, so a pickled row
    was written by someone else, and loading it would run their code."""

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        if mode == MODE_PICKLE:
            raise ValueError("refusing to unpickle a response cache entry")
        return super().fetch(mode, filename, value, read)


LOCK_TIMEOUT = 60
"""Seconds a write waits for SQLite's lock held by another process sharing the cache."""


class ResponseCache:
    """Validated answers on disk; safe to share between processes (SQLite underneath)."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self._cache = diskcache.Cache(str(directory), timeout=LOCK_TIMEOUT, disk=_TextOnlyDisk)

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            text = self._cache.get(key)
            value = json.loads(text) if isinstance(text, str) else None
        except (OSError, ValueError):
            # A damaged entry (bad JSON, bad UTF-8 in its file, a pickle) is a miss, and it is
            # replaced by the next good answer.
            return None
        return value if isinstance(value, dict) else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        # The answer is already in hand; a cache that cannot take it (disk full, database
        # locked past the time-out) costs a recomputation later, not this article.
        with contextlib.suppress(OSError, sqlite3.Error):
            self._cache.set(key, json.dumps(value, ensure_ascii=False))

    def __len__(self) -> int:
        return len(self._cache)

    def __bool__(self) -> bool:
        # Without this, __len__ makes an empty cache falsy, and `if model.cache:` checks then
        # skip it (never writing the first answer, never closing it).
        return True

    def close(self) -> None:
        self._cache.close()
