"""The JSONL output file: one record per article, appended safely, resumable after a crash."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from pydantic import ValidationError

from extractor.jsonl import read_json_lines, read_text, split_lines
from schemas.record import ExtractionRecord


class OutputFile:
    """Appends records line by line; on open, keeps finished records and drops the rest.

    Records with status ok are kept and their articles skipped; error records and a line cut
    short by a crash are dropped (rewritten atomically) so every article appears exactly once.
    """

    def __init__(self, path: Path):
        self.path = path
        self.done: dict[str, ExtractionRecord] = {}
        self._lock = threading.Lock()
        self._recover()

    def _recover(self) -> None:
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return
        kept: list[str] = []
        dropped = 0
        text = read_text(self.path, errors="replace")
        for _, line in split_lines(text):
            line = line.removesuffix("\n")
            try:
                record = ExtractionRecord.model_validate_json(line)
            except (ValidationError, ValueError):
                dropped += 1
                continue
            if record.status == "ok" and record.doc_id not in self.done:
                self.done[record.doc_id] = record
                kept.append(line)
            else:
                dropped += 1
        # A crash can also cut a valid record just before its newline; the next append would
        # then glue a second record onto that line, so the file is rewritten in that case too.
        if dropped or (text and not text.endswith("\n")):
            tmp = self.path.with_suffix(self.path.suffix + ".tmp")
            tmp.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
            os.replace(tmp, self.path)

    def append(self, record: ExtractionRecord) -> None:
        line = record.model_dump_json(exclude_none=False) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        if record.status == "ok":
            self.done[record.doc_id] = record


def read_records(path: Path) -> list[ExtractionRecord]:
    """Every record of a JSONL output file; a line that is not a record is an error."""
    records = []
    for line in read_json_lines(path):
        if line.error is not None:
            raise ValueError(f"{path}:{line.number}: not JSON: {line.error}")
        records.append(ExtractionRecord.model_validate(line.value))
    return records
