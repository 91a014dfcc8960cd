"""Gold sets: a set is a directory of gold files plus the directory of the pages they label.

The seed gold sits at the top of eval/gold (pages in seeds/); every subdirectory of eval/gold
holding gold files is another set named after it (eval/gold/devset). A set's pages are found
from, in order: the pages directory given for it, eval/pages/<set> (a `pages/<set>` beside the
gold root), a `pages` directory or `pages.txt` (a path, relative to the set) in the set, or the
`source_path` a gold file names for its own page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extractor.evaluation.load import GoldLoadError, load_gold, read_page_texts
from extractor.page.load import read_file
from schemas.gold import GoldArticle

_PAGE_KEYS = ("source_path", "page_path", "page")
"""Keys a gold file may use to name its page (not in the gold schema, so read from the JSON)."""


@dataclass(frozen=True)
class GoldSet:
    """One directory of gold and where its pages are."""

    name: str
    gold_dir: Path
    pages_dir: Path | None = None
    """None when the pages could not be found (scoring still works; the HTML lacks text)."""


@dataclass
class LoadedSets:
    """The gold of several sets, merged for scoring, and which set each article is in."""

    golds: dict[str, GoldArticle]
    set_of: dict[str, str]
    """doc_id -> set name, in set order."""
    pages: dict[str, str]
    """doc_id -> raw page text, for the articles whose page was found."""


def _pages_dir(gold_dir: Path) -> Path | None:
    beside = gold_dir.parent.parent / "pages" / gold_dir.name
    if beside.is_dir():
        return beside
    if (gold_dir / "pages").is_dir():
        return gold_dir / "pages"
    pointer = gold_dir / "pages.txt"
    if pointer.is_file():
        target = (gold_dir / pointer.read_text(encoding="utf-8").strip()).resolve()
        return target if target.is_dir() else None
    return None


def discover_sets(gold_root: Path | str, seed_pages: Path | str | None = None) -> list[GoldSet]:
    """The seed set (gold files at the top of gold_root) and one set per subdirectory."""
    root = Path(gold_root)
    found: list[GoldSet] = []
    if any(root.glob("*.json")):
        found.append(GoldSet("seeds", root, Path(seed_pages) if seed_pages else None))
    for sub in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        if any(sub.glob("*.json")):
            found.append(GoldSet(sub.name, sub, _pages_dir(sub)))
    return found


def parse_set(spec: str, known: Iterable[GoldSet]) -> GoldSet:
    """A set named on the command line: NAME (a discovered set) or NAME=GOLD_DIR[:PAGES_DIR]."""
    name, _, where = spec.partition("=")
    if not where:
        for gold_set in known:
            if gold_set.name == name:
                return gold_set
        names = ", ".join(s.name for s in known) or "none"
        raise ValueError(f"unknown gold set {name!r} (found: {names})")
    gold_dir, _, pages = where.partition(":")
    gold_path = Path(gold_dir)
    return GoldSet(name, gold_path, Path(pages) if pages else _pages_dir(gold_path))


def _page_hints(gold_dir: Path) -> dict[str, Path]:
    hints: dict[str, Path] = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # load_gold reports a bad gold file; this is only a hint
        named = next((data[k] for k in _PAGE_KEYS if isinstance(data.get(k), str)), None)
        if named and isinstance(data.get("doc_id"), str):
            page = Path(named) if Path(named).is_absolute() else gold_dir / named
            if page.is_file():
                hints[data["doc_id"]] = page
    return hints


def set_pages(gold_set: GoldSet) -> dict[str, str]:
    """The raw pages of a set by doc_id: its pages directory, else the gold files' own hints."""
    if gold_set.pages_dir is not None and gold_set.pages_dir.is_dir():
        return read_page_texts(gold_set.pages_dir)
    return {doc_id: read_file(path).text for doc_id, path in _page_hints(gold_set.gold_dir).items()}


def load_sets(sets: Iterable[GoldSet]) -> LoadedSets:
    """Every set's gold and pages, merged; a doc_id in two sets is an error."""
    loaded = LoadedSets(golds={}, set_of={}, pages={})
    for gold_set in sets:
        golds = load_gold(gold_set.gold_dir)
        for doc_id in golds:
            if doc_id in loaded.set_of:
                raise GoldLoadError(
                    f"doc_id {doc_id!r} is in gold sets {loaded.set_of[doc_id]!r} and "
                    f"{gold_set.name!r}"
                )
            loaded.set_of[doc_id] = gold_set.name
        loaded.golds.update(golds)
        pages = set_pages(gold_set)
        loaded.pages.update({d: text for d, text in pages.items() if d in golds})
    return loaded
