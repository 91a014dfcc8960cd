"""Read what evaluation needs from disk: gold articles, a run's JSONL records, raw pages."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from extractor.jsonl import read_json_lines
from extractor.page.load import read_file
from schemas.common import DocModel
from schemas.gold import GoldArticle
from schemas.record import ExtractionRecord


class GoldLoadError(ValueError):
    """A gold file could not be read; gold must be right, so this stops the evaluation."""


class BrokenLine(DocModel):
    """A line of run output that could not be turned into a record."""

    line: int
    """1-based line number in the JSONL file."""
    error: str
    """Why it could not be read."""


def load_gold(directory: Path | str) -> dict[str, GoldArticle]:
    """Every *.json in directory as a GoldArticle, keyed by doc_id."""
    golds: dict[str, GoldArticle] = {}
    for path in sorted(Path(directory).glob("*.json")):
        try:
            gold = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        except ValidationError as exc:
            raise GoldLoadError(f"{path}: {exc}") from exc
        if gold.doc_id in golds:
            raise GoldLoadError(f"{path}: doc_id {gold.doc_id!r} is used by another gold file")
        golds[gold.doc_id] = gold
    return golds


def load_records(path: Path | str) -> tuple[list[ExtractionRecord], list[BrokenLine]]:
    """The records of a run's JSONL output, and the lines that were not records.

    A line that is a JSON object with a doc_id but fails validation becomes an error record,
    so the article still counts as a failure; anything else is reported as a broken line.
    """
    records: list[ExtractionRecord] = []
    broken: list[BrokenLine] = []
    for line in read_json_lines(path):
        try:
            records.append(ExtractionRecord.model_validate_json(line.text))
            continue
        except ValidationError as exc:
            error = _first_error(exc)
        data = line.value
        if isinstance(data, dict) and isinstance(data.get("doc_id"), str):
            records.append(
                ExtractionRecord(
                    doc_id=data["doc_id"],
                    status="error",
                    error=f"unreadable record: {error}",
                    model=data.get("model") if isinstance(data.get("model"), str) else None,
                )
            )
        else:
            broken.append(BrokenLine(line=line.number, error=error))
    return records, broken


def read_page_texts(directory: Path | str, pattern: str = "*.txt") -> dict[str, str]:
    """Raw page texts keyed by file stem (the doc_id of seed pages), for grounding gold.

    Not extractor.page.load.load_pages (the run's input: Pages with ids made unique and load
    errors kept); gold pages need only the text, read by the same read_file.
    """
    # Read exactly as the pipeline reads pages (bytes decoded, newlines kept as they are), so
    # grounding offsets index the same string.
    pages = (read_file(path) for path in sorted(Path(directory).glob(pattern)))
    return {page.doc_id: page.text for page in pages}


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return str(exc)
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first.get('msg', '')}{more}"
