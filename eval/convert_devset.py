"""Convert the shared devset into the repo's gold format: eval/gold/devset/dNN.json.

Usage: python eval/convert_devset.py [DEVSET_DIR]   (default /work/shared/devset)

For each articles/dNN.txt + gold/dNN.json of the devset it
- copies the page byte for byte to eval/pages/devset/dNN.txt;
- converts the devset's gold (indicators, projects, organizations, regions, published, source,
  relevant) to a schemas.gold.GoldArticle: numbers become the value as written in the quote
  (number + unit + qualifier), growth_pct the growth phrase as written, 簽約/開工/投產 the schema's
  status literals, names get a quote;
- merges the hand completion eval/devset_hand/dNN.json (meta, which indicators are targets,
  per-fact corrections, and the chains, honors, targets and policies the devset does not label),
  labeled by eval/README.md's conventions.

The output is fully determined by the two inputs, so rerunning it reproduces eval/gold/devset/.
The mapping is documented in eval/README.md ("The devset").
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # runnable as a plain script

from schemas.gold import GoldArticle  # noqa: E402

PAGES = ROOT / "eval" / "pages" / "devset"
GOLD = ROOT / "eval" / "gold" / "devset"
HAND = ROOT / "eval" / "devset_hand"

PINYIN = r"(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\))?"
"""An inline pinyin annotation as the traditional-character pages print it: 經(jīng)."""
_PINYIN_RE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

STATUS = {
    "簽約": "签约",
    "签约": "签约",
    "開工": "开工",
    "开工": "开工",
    "投產": "投产",
    "投产": "投产",
}
"""Devset status (in the page's script) -> the schema's literal."""

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_TOKEN = re.compile(r"-?\d[\d,]*(?:[.。]\d+)?|[零一二两兩三四五六七八九十百千]+")
_PREFIX = re.compile(r"(?:超過|超过|突破|近|超|约|約|第|前)$")
_TARGET_ONLY = ("value", "growth", "description", "deadline")
"""Hand keys of an indicator fix that are not copied onto the indicator as they are."""
_CLAUSE_END = ",。;;!?!?\n|"


def strip_pinyin(text: str) -> str:
    """The text without inline pinyin annotations (經(jīng)濟 -> 經濟)."""
    return _PINYIN_RE.sub("", text)


def loose(text: str) -> str:
    """A regex for text that allows a pinyin annotation after every character."""
    return "".join(re.escape(ch) + PINYIN for ch in text)


def _cn_number(token: str) -> float | None:
    total, digit = 0, None
    for ch in token:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


def _token_value(token: str) -> float | None:
    if token[0].isdigit() or token[0] == "-":
        try:
            return float(token.replace(",", "").replace("。", "."))
        except ValueError:
            return None
    return _cn_number(token)


def find_value(quote: str, value: float, unit: str | None) -> str:
    """The value as written in quote: qualifier + number (+ range) + unit + qualifier."""
    unit_re = loose(unit) if unit else ""
    for m in _TOKEN.finditer(quote):
        if _token_value(m.group()) is None or abs(_token_value(m.group()) - value) > 1e-9:
            continue
        rest = quote[m.end() :]
        spaced_unit = rf"\s*{unit_re}" if unit else ""
        tail = re.match(
            rf"(?:(?:到|至|-|~)\d+(?:\.\d+)?)?(?:多|余|餘)?{spaced_unit}(?:以上|多|余|餘)?", rest
        )
        if tail is None or (unit and not tail.group()):
            continue
        start = m.start()
        prefix = _PREFIX.search(quote[: m.start()])
        if prefix:
            start = prefix.start()
        return strip_pinyin(quote[start : m.end() + tail.end()])
    raise ValueError(f"value {value} {unit} not found in {quote!r}")


def find_growth(quote: str, pct: float, after: str) -> str:
    """The growth phrase as written in quote (同比增长5.8 %, 下降0.4 %, a table cell -8.2)."""
    number = f"{abs(pct):g}"
    forms = sorted({number, f"{abs(pct):.1f}", f"{abs(pct):.2f}"}, key=len, reverse=True)
    for form in forms:
        num = re.escape(form).replace(r"\.", r"[.。]")
        m = re.search(
            rf"(?:同比|较上年同期)?{PINYIN}(?:增長|增长|下降|增幅|增速|減少|减少){PINYIN}"
            rf"(?:為|为)?{num}(?!\d)\s*%",
            quote,
        )
        if m:
            return strip_pinyin(m.group())
        m = re.search(rf"(?<![\d.]){'-' if pct < 0 else ''}{num}(?![\d.])", after)
        if m:
            return m.group()
    raise ValueError(f"growth {pct} not found in {quote!r}")


def clause(text: str, name: str, body_from: int = 0) -> str:
    """The clause of text around the first occurrence of name (pinyin annotations allowed)
    at or after body_from (the body's start, so that a headline is not the quote)."""
    m = re.compile(loose(name)).search(text, body_from) or re.search(loose(name), text)
    if m is None:
        raise ValueError(f"{name!r} not in page; give its quote in the hand file")
    start, end = m.start(), m.end()
    while start > 0 and text[start - 1] not in _CLAUSE_END:
        start -= 1
    while end < len(text) and text[end] not in _CLAUSE_END:
        end += 1
    return text[start:end].strip()


def _org_type(name: str) -> str:
    if re.search(r"(管委会|管委會|政府|部|局|厅|廳|委)$", name):
        return "agency"
    return "company"


def convert(src: dict[str, Any], text: str, hand: dict[str, Any], doc_id: str) -> dict[str, Any]:
    hmeta = dict(hand.get("meta", {}))
    body_from = max(text.find(hand["body_from"]), 0) if "body_from" in hand else 0
    meta = {
        "title": hmeta.get("title"),
        "publish_date": hmeta.get("publish_date"),
        "source": hmeta.get("source", src["source"]),
        "authors": hmeta.get("authors", []),
        "publish_date_iso": src["published"],
        "quotes": hmeta.get("quotes", []),
    }
    targets_at = set(hand.get("target_indicators", []))
    indicators, targets = [], []
    for i, ind in enumerate(src["indicators"]):
        fix = hand.get("indicators", {}).get(str(i), {})
        quote = ind["quote"]
        value = fix.get("value") or find_value(quote, ind["value"], ind["unit"])
        growth = None
        if ind["growth_pct"] is not None:
            after = quote[quote.find(value) + len(value) :] if value in quote else quote
            growth = fix.get("growth") or find_growth(quote, ind["growth_pct"], after)
        out = {
            "subject": ind["subject"],
            "name": ind["name"],
            "value": value,
            "period": ind["period"],
            "growth": growth,
            "share": None,
            "kind": "target" if i in targets_at else "actual",
            "quote": quote,
        }
        out.update({k: v for k, v in fix.items() if k not in _TARGET_ONLY})
        indicators.append(out)
        if out["kind"] == "target":
            targets.append(
                {
                    "subject": out["subject"],
                    "description": fix.get("description", out["name"]),
                    "value": out["value"],
                    "deadline": fix.get("deadline", out["period"]),
                    "quote": quote,
                }
            )
    indicators += hand.get("add_indicators", [])
    targets += hand.get("targets", [])
    projects = []
    for i, proj in enumerate(src["projects"]):
        out = {
            "name": proj["name"],
            "investment": proj["investment"],
            "status": STATUS[proj["status"]] if proj["status"] else None,
            "date": None,
            "capacity": None,
            "location": None,
            "quote": proj["quote"],
        }
        out.update(hand.get("projects", {}).get(str(i), {}))
        projects.append(out)
    organizations = []
    for name in src["organizations"]:
        fix = hand.get("organizations", {}).get(name, {})
        out = {"name": name, "type": _org_type(name), "role": None}
        out.update(fix)
        if "quote" not in out:
            out["quote"] = clause(text, name, body_from)
        organizations.append(out)
    regions = []
    for name in src["regions"]:
        fix = hand.get("regions", {}).get(name, {})
        out = {"name": name, "type": None, "level": None, "parent": None}
        out.update(fix)
        if "quote" not in out:
            out["quote"] = clause(text, name, body_from)
        regions.append(out)
    gold = {
        "doc_id": doc_id,
        "relevant": src["relevant"],
        "meta": meta,
        "regions": regions,
        "chains": hand.get("chains", []),
        "indicators": indicators,
        "projects": projects,
        "organizations": organizations,
        "honors": hand.get("honors", []),
        "targets": targets,
        "policies": hand.get("policies", []),
    }
    GoldArticle.model_validate(gold)  # fail here, not in the tests, on a shape error
    return gold


def main(devset: Path) -> None:
    PAGES.mkdir(parents=True, exist_ok=True)
    GOLD.mkdir(parents=True, exist_ok=True)
    for article in sorted((devset / "articles").glob("d*.txt")):
        doc_id = article.stem
        shutil.copyfile(article, PAGES / article.name)  # byte for byte, no newline added
        text = article.read_bytes().decode("utf-8")
        src = json.loads((devset / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))
        hand_path = HAND / f"{doc_id}.json"
        hand = json.loads(hand_path.read_text(encoding="utf-8")) if hand_path.exists() else {}
        gold = convert(src, text, hand, doc_id)
        out = json.dumps(gold, ensure_ascii=False, indent=2) + "\n"
        (GOLD / f"{doc_id}.json").write_text(out, encoding="utf-8")
        print(doc_id, {k: len(v) for k, v in gold.items() if isinstance(v, list)})


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/devset"))
