"""Read saved report.json files of any format: migrate older ones, name the unreadable."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from extractor.evaluation.log import EvalReport
from schemas.common import DocModel


class Unreadable(DocModel):
    """A saved report that could not be read, kept so the comparison can say so."""

    path: str
    """The file."""
    error: str
    """Why it could not be read."""


def read_report(path: Path | str) -> EvalReport:
    """A saved report in the current format, migrated if it was written in an older one.

    Raises ValueError (with the reason) when the file is not a report this code can read.
    """
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if "format_version" not in data and "version" not in data:
        # Written before reports carried any version: the first layout.
        data["version"] = 1
    try:
        return EvalReport.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise ValueError(f"{where + ': ' if where else ''}{first.get('msg', exc)}") from exc


def read_reports(paths: Iterable[Path]) -> tuple[list[EvalReport], list[Unreadable]]:
    """The reports that could be read, and the files that could not (never dropped silently)."""
    reports: list[EvalReport] = []
    unreadable: list[Unreadable] = []
    for path in paths:
        try:
            reports.append(read_report(path))
        except (OSError, ValueError) as exc:
            unreadable.append(Unreadable(path=str(path), error=str(exc)))
    return reports, unreadable
