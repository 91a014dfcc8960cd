"""Value recall and precision of code-found numbers (slots, table cells) against gold.

No model call: each page is cleaned, its slots planned (and its flattened tables read when the
table reader exists), the off-topic gate applied as the pipeline does, and every slot compared
with the gold indicators. A slot matches a gold indicator when its number equals the gold
value and its span in the raw page overlaps one occurrence of the gold quote.

    python eval/value_check.py [--devset DIR] [--verbose]

Table gold = indicators whose quote is only cells (digits, bars and line breaks); rank gold =
indicators whose unit is 位/名 (devset) or whose value is a rank (第一, 前五, 十强: seeds).
Besides each set and the overall figures, tables and ranks are tallied on their own.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

from extractor.normalize import find_mentions, parse_quantity
from extractor.normalize.chinese_numerals import parse_chinese_number
from extractor.numbers.slots import plan_slots
from extractor.page.clean import clean_page
from extractor.rules.plausible import looks_off_topic
from extractor.rules.project_names import project_names

try:  # rankings, tables and later drops are newer than this script's first measurements
    from extractor.numbers.extra import extra_slots
    from extractor.numbers.slots import dropped_after_labels
except ImportError:  # pragma: no cover
    extra_slots = None

    def dropped_after_labels(text: str, slots: list) -> set[int]:  # type: ignore[misc]
        return set()


ROOT = Path(__file__).resolve().parent.parent
_CELL_QUOTE = re.compile(r"[-\d.\s|]+")
_ARABIC = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")
# The pipeline drops these after planning (pipeline/extract.py indicators_from_slots).
_DURATION_UNITS = {"year", "quarter", "month", "week", "day", "hour", "minute"}
_CN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")


@dataclass
class Gold:
    value: float | None
    written: float | None
    quote: str
    kind: str
    """table, rank or prose"""


@dataclass
class Found:
    start: int
    end: int
    text: str
    value: float | None
    written: float | None
    kind: str


_RANK_VALUE = re.compile(r"^(?:第|前).+|.+强$")


def written_number(text: str) -> float | None:
    """The number as the page writes it, before its unit (1261.48 of 1261.48亿元, 5 of 第五位)."""
    m = _ARABIC.search(text)
    if m:
        return float(m.group(0).replace(",", ""))
    m = _CN.search(text)
    if m:
        n = parse_chinese_number(m.group(0))
        return float(n) if n is not None else None
    return None


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(abs(a) - abs(b)) <= 1e-6 * max(abs(a), 1)


def load_gold(path: Path) -> tuple[list[Gold], bool]:
    data = json.loads(path.read_text(encoding="utf-8"))
    golds = []
    for ind in data.get("indicators", []):
        value = ind["value"]
        if isinstance(value, str):  # seed gold: the value as written
            q = parse_quantity(value)
            kind = "rank" if _RANK_VALUE.match(value) else "prose"
            golds.append(Gold(q.value if q else None, written_number(value), ind["quote"], kind))
        else:  # devset gold: number + unit as written
            q = parse_quantity(f"{value}{ind.get('unit') or ''}")
            kind = "table" if _CELL_QUOTE.fullmatch(ind["quote"]) else "prose"
            kind = "rank" if ind.get("unit") in ("位", "名") else kind
            golds.append(Gold(q.value if q else None, float(value), ind["quote"], kind))
    return golds, data.get("relevant", True)


def found_numbers(raw: str) -> list[Found]:
    cleaned = clean_page(raw)
    slots = plan_slots(cleaned.text)
    cells = extra_slots(cleaned.text, len(slots) + 1) if extra_slots else []
    if looks_off_topic(cleaned.text, len(slots) + len(cells)):
        return []
    dropped = dropped_after_labels(cleaned.text, slots + cells)
    named = [(p.start, p.start + len(p.name)) for p in project_names(cleaned.text)]
    found = []
    for slot in slots + cells:
        table = getattr(slot, "cell", False)
        q_unit = slot.value.quantity.unit if slot.value.quantity else None
        unit = slot.value.quantity.unit if slot.value.quantity else None
        if unit in _DURATION_UNITS or any(a <= slot.value.start < b for a, b in named):
            continue
        if slot.id in dropped and not table:
            continue
        start, end = cleaned.to_raw(slot.value.start, slot.value.end)
        q = slot.value.quantity
        written = written_number(slot.value.text)
        kind = "table" if table else "rank" if q_unit == "ordinal" else "prose"
        found.append(Found(start, end, raw[start:end], q.value if q else None, written, kind))
        if slot.share:  # reported as its own indicator (extractor/numbers/shares.py)
            share = cleaned.text[slot.share[0] : slot.share[1]]
            figures = [m for m in find_mentions(share) if m.kind == "quantity"]
            if figures:
                m = figures[-1]
                s, e = cleaned.to_raw(slot.share[0] + m.start, slot.share[0] + m.end)
                value = m.quantity.value if m.quantity else None
                found.append(Found(s, e, raw[s:e], value, written_number(m.text), "prose"))
    return found


def _quote_spans(raw: str, quote: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), raw)]


def _matches(f: Found, g: Gold, raw: str) -> bool:
    if not (_same(f.value, g.value) or _same(f.written, g.written)):
        return False
    return any(f.start < b and a < f.end for a, b in _quote_spans(raw, g.quote))


@dataclass
class Tally:
    gold: int = 0
    hit: int = 0
    found: int = 0
    right: int = 0

    def add(self, other: Tally) -> None:
        for k in ("gold", "hit", "found", "right"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def line(self, label: str) -> str:
        rec = self.hit / self.gold if self.gold else 1.0
        prec = self.right / self.found if self.found else 1.0
        return (
            f"{label:<10} recall {rec:.3f} ({self.hit}/{self.gold})  "
            f"precision {prec:.3f} ({self.right}/{self.found})"
        )


KINDS = ("table", "rank")


def score_page(raw: str, golds: list[Gold], verbose: bool, name: str) -> dict[str, Tally]:
    """Tallies for all numbers and per kind; one slot matches at most one gold indicator."""
    found = found_numbers(raw)
    used: dict[int, Gold] = {}
    tallies = {"all": Tally(gold=len(golds), found=len(found))}
    for kind in KINDS:
        tallies[kind] = Tally(
            gold=sum(g.kind == kind for g in golds), found=sum(f.kind == kind for f in found)
        )
    for g in golds:
        hit = next((i for i, f in enumerate(found) if i not in used and _matches(f, g, raw)), None)
        if hit is not None:
            used[hit] = g
        elif verbose:
            print(f"  {name} MISSED {g.written} in {g.quote!r}")
    tallies["all"].hit = tallies["all"].right = len(used)
    for kind in KINDS:
        tallies[kind].hit = sum(g.kind == kind for g in used.values())
        tallies[kind].right = sum(found[i].kind == kind for i in used)
    if verbose:
        for i, f in enumerate(found):
            if i not in used:
                print(f"  {name} EXTRA {f.text!r} at {f.start}")
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=Path("/work/shared/devset"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    sets = {
        "seeds": [
            (p, ROOT / "eval/gold" / f"{p.stem}.json") for p in sorted(ROOT.glob("seeds/*.txt"))
        ],
        "devset": [
            (p, args.devset / "gold" / f"{p.stem}.json")
            for p in sorted((args.devset / "articles").glob("*.txt"))
        ],
    }
    overall = {k: Tally() for k in ("all", *KINDS)}
    for set_name, pages in sets.items():
        tally = Tally()
        for page, gold_path in pages:
            if not gold_path.exists():
                continue
            raw = page.read_text(encoding="utf-8")
            golds, relevant = load_gold(gold_path)
            tallies = score_page(raw, golds, args.verbose, page.stem)
            if not relevant:
                print(f"  negative {page.stem}: {tallies['all'].found} numbers reported (want 0)")
            tally.add(tallies["all"])
            for kind, t in tallies.items():
                overall[kind].add(t)
        print(tally.line(set_name))
    print(overall["all"].line("overall"))
    for kind in KINDS:
        print(overall[kind].line(f"{kind}s"))


if __name__ == "__main__":
    main()
