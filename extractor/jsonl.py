"""The one reader of JSON lines: input pages, run output, job files and eval records share it.

A crash can cut the last line short (even mid-character: readers that must survive that pass
errors="replace"), and a page may quote U+2028, U+2029 or U+0085, which JSON leaves unescaped
inside strings; so lines are split on "\\n" only (never str.splitlines), a bad line is reported
with its 1-based number instead of stopping the read, and each caller decides what a bad line
means (a failed page, a dropped record, an error).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line of a JSONL file."""

    number: int
    """1-based line number in the file (blank lines count)."""
    text: str
    """The line as read, with its "\\n" unless it is the last line and was cut short."""
    value: Any = None
    """The parsed JSON value when `error` is None."""
    error: str | None = None
    """Why the line is not JSON."""


def split_lines(text: str) -> Iterator[tuple[int, str]]:
    """(number, line) for each non-blank line, each keeping its "\\n" as a file read gives it."""
    start = 0
    number = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        number += 1
        line = text[start:end]
        if line.strip():
            yield number, line
        start = end


def read_text(path: Path | str, errors: str = "strict") -> str:
    """The file's text; errors="replace" keeps a file whose last character was cut in two."""
    return Path(path).read_text(encoding="utf-8", errors=errors)


def parse_lines(text: str) -> Iterator[JsonLine]:
    """Each non-blank line parsed as JSON, a line that is not JSON carrying its error."""
    for number, line in split_lines(text):
        try:
            value = json.loads(line)
        except ValueError as exc:
            yield JsonLine(number, line, error=str(exc))
            continue
        yield JsonLine(number, line, value)


def read_json_lines(path: Path | str, errors: str = "strict") -> Iterator[JsonLine]:
    """Each non-blank line of a JSONL file, parsed; see parse_lines."""
    return parse_lines(read_text(path, errors))
