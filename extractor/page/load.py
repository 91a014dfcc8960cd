"""Read articles from files, directories and JSONL into Pages, never crashing on bad input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extractor.jsonl import read_json_lines

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}


@dataclass(frozen=True)
class Page:
    """One article as read from its source."""

    doc_id: str
    text: str
    source_path: str | None = None
    load_error: str | None = None
    """Why the page could not be read as text (binary file, undecodable bytes)."""
    encoding: str = "utf-8"


def decode(data: bytes) -> tuple[str | None, str, str | None]:
    """(text, encoding, error): UTF-8 first, then GB18030 for GBK-era Chinese pages."""
    if b"\x00" in data[:4096]:
        return None, "binary", "binary file (contains NUL bytes)"
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding.replace("-sig", ""), None
        except UnicodeDecodeError:
            continue
    return None, "unknown", "cannot decode as UTF-8 or GB18030"


def read_file(path: Path) -> Page:
    text, encoding, error = decode(path.read_bytes())
    return Page(path.stem, text or "", str(path), error, encoding)


def read_jsonl(path: Path) -> Iterator[Page]:
    for line in read_json_lines(path, errors="replace"):
        n, item = line.number, line.value
        if line.error is not None:
            yield Page(f"{path.stem}-{n}", "", f"{path}:{n}", f"bad JSONL line: {line.error}")
            continue
        if not isinstance(item, dict):
            yield Page(f"{path.stem}-{n}", "", f"{path}:{n}", "JSONL line is not an object")
            continue
        doc_id = str(item.get("id") or f"{path.stem}-{n}")
        text = item.get("text")
        if not isinstance(text, str):
            yield Page(doc_id, "", f"{path}:{n}", "JSONL field 'text' is missing or not text")
            continue
        yield Page(doc_id, text, f"{path}:{n}")


def iter_pages(paths: Iterable[Path]) -> Iterator[Page]:
    """Pages from files, JSONL files ({"id", "text"} per line) and directories of either."""
    for path in paths:
        if path.is_dir():
            children = sorted(p for p in path.iterdir() if p.is_file())
            yield from iter_pages(p for p in children if p.suffix in TEXT_SUFFIXES | {".jsonl"})
        elif path.suffix == ".jsonl":
            yield from read_jsonl(path)
        elif path.is_file():
            yield read_file(path)
        else:
            yield Page(path.stem or str(path), "", str(path), f"no such file: {path}")


def load_pages(paths: Iterable[Path]) -> list[Page]:
    pages = list(iter_pages(paths))
    seen: dict[str, int] = {}
    unique: list[Page] = []
    for page in pages:
        # Two inputs with one id would overwrite each other in the output and on resume.
        count = seen.get(page.doc_id, 0)
        seen[page.doc_id] = count + 1
        if count:
            page = Page(f"{page.doc_id}#{count + 1}", page.text, page.source_path,
                        page.load_error, page.encoding)  # fmt: skip
        unique.append(page)
    return unique
