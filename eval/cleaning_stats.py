"""How much each seed page loses to cleaning, and why: a table, then the same as JSON.

Usage: python eval/cleaning_stats.py [PAGE.txt ...]   (default: seeds/*.txt)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # runnable as a plain script from any directory

from extractor.page.clean import clean_page  # noqa: E402


def page_stats(path: Path) -> dict[str, object]:
    cleaned = clean_page(path.read_text(encoding="utf-8"))
    return {"page": path.name, **cleaned.stats()}


_COLUMNS = [
    ("page", "page", 28),
    ("raw", "raw_chars", 6),
    ("clean", "text_chars", 6),
    ("removed", "removed_chars", 7),
    ("%", "removed_pct", 5),
    ("ws", "whitespace_chars", 4),
    ("trad", "traditional", 4),
]


def _cell(value: object, width: int, first: bool) -> str:
    if isinstance(value, bool):
        value = "yes" if value else ""
    return f"{value!s:<{width}}" if first else f"{value!s:>{width}}"


def table(rows: list[dict[str, object]]) -> str:
    head = " ".join(_cell(title, w, i == 0) for i, (title, _, w) in enumerate(_COLUMNS))
    head += "  reasons"
    lines = [head, "-" * len(head)]
    for row in rows:
        cells = " ".join(_cell(row[key], w, i == 0) for i, (_, key, w) in enumerate(_COLUMNS))
        by_reason = row["removed_by_reason"]
        assert isinstance(by_reason, dict)
        lines.append(cells + "  " + ", ".join(f"{k}={v}" for k, v in by_reason.items()))
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted((ROOT / "seeds").glob("*.txt"))
    rows = [page_stats(p) for p in paths]
    print(table(rows))
    print()
    print(json.dumps(rows, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
