"""The hand-labeled gold in eval/gold/ is well-formed and grounded in the seed pages.

Checks: every gold file validates against GoldArticle (with no unknown keys, which pydantic would
silently drop); gold doc_ids and seed files match one-to-one; every quote (facts and meta) is an
exact substring of its raw page; every indicator value (and growth/share phrase) lies inside its
quote; as-written fields that must come from the page do; and no quote comes only from a page's
noise (navigation, spam, timestamp lists, captions, keyword/related-link tails, footers).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from schemas.facts import FACT_LISTS as FACT_TYPES
from schemas.gold import GoldArticle

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "eval" / "gold"

FACT_LISTS = tuple(FACT_TYPES)


def _page(doc_id: str) -> str:
    return (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")


def _gold_paths() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def _load(path: Path) -> GoldArticle:
    return GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))


def _quotes(gold: GoldArticle) -> list[tuple[str, str]]:
    """(where, quote) for every quote in a gold article, meta quotes included."""
    out = [("meta", q) for q in gold.meta.quotes]
    for name in FACT_LISTS:
        for i, fact in enumerate(getattr(gold, name)):
            out.append((f"{name}[{i}]", fact.quote))
    return out


# --- noise regions -----------------------------------------------------------------------------
# Each function returns the [start, end) range of the page that holds the article (headline,
# date line and body). A quote must occur at least once entirely inside that range. The bounds
# come from simple structural markers of each page, not from hand-counted offsets:


def _body_000(text: str) -> tuple[int, int]:
    # 000: the article ends with the caption "(图片来源:钱塘发布)", followed by a list of bare
    # timestamps (one "YYYY-MM-DD hh:mm:ss" per line) from the site's sidebar. The body ends
    # at the caption line; the timestamp list starts after it.
    stamp = re.search(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", text, flags=re.M)
    assert stamp is not None
    caption = text.find("(图片来源")
    end = min(stamp.start(), caption) if caption >= 0 else stamp.start()
    return 0, end


def _body_001(text: str) -> tuple[int, int]:
    # 001: starts with the site's accessibility links ("老年版入口/退出老年版") and ends with the
    # footer "打印本页 关闭窗口".
    return text.index("退出老年版") + len("退出老年版"), text.rindex("打印本页")


def _body_002(text: str) -> tuple[int, int]:
    # 002: the first line is a run of unrelated spam headlines, so the article starts after
    # the first line break (quote offset >= offset of the first "\n"); it ends before the
    # site's disclaimer ("免责声明…") and the "今日中国财经" footer.
    return text.index("\n") + 1, text.index("免责声明")


def _body_003(text: str) -> tuple[int, int]:
    # 003: after the body come the keywords line ("關鍵詞: …"), "相關閱讀" and a line of spam
    # links; the body ends at the keywords line. The breadcrumb is the first line.
    return text.index("\n") + 1, text.index("關鍵詞")


def _body_004(text: str) -> tuple[int, int]:
    # 004: breadcrumb "当前位置: 首页 > 新闻动态 > 市县动态" before the headline, footer
    # "打印本页 关闭窗口" at the end.
    return text.index("市县动态") + len("市县动态"), text.rindex("打印本页")


BODY = {
    "000": _body_000,
    "001": _body_001,
    "002": _body_002,
    "003": _body_003,
    "004": _body_004,
}


def _occurrences(text: str, quote: str) -> list[int]:
    out, start = [], text.find(quote)
    while start >= 0:
        out.append(start)
        start = text.find(quote, start + 1)
    return out


# --- tests -------------------------------------------------------------------------------------


def test_gold_and_seeds_match_one_to_one() -> None:
    seeds = {p.stem for p in SEEDS.glob("*.txt")}
    paths = _gold_paths()
    assert {p.stem for p in paths} == seeds
    doc_ids = [_load(p).doc_id for p in paths]
    assert sorted(doc_ids) == sorted(seeds)
    assert len(set(doc_ids)) == len(doc_ids)
    for path in paths:
        assert _load(path).doc_id == path.stem
    assert set(BODY) == {s.split("_", 1)[0] for s in seeds}


def _unknown_keys(raw: object, model: object, where: str = "") -> list[str]:
    """Keys in the JSON that the validated model does not have (typos pydantic would ignore)."""
    out: list[str] = []
    if isinstance(raw, dict):
        fields = set(type(model).model_fields) if hasattr(type(model), "model_fields") else set()
        for key, value in raw.items():
            if key not in fields:
                out.append(f"{where}.{key}")
                continue
            out.extend(_unknown_keys(value, getattr(model, key), f"{where}.{key}"))
    elif isinstance(raw, list) and isinstance(model, list):
        for i, (r, m) in enumerate(zip(raw, model, strict=True)):
            out.extend(_unknown_keys(r, m, f"{where}[{i}]"))
    return out


@pytest.mark.parametrize("path", _gold_paths(), ids=lambda p: p.stem)
def test_validates_without_unknown_keys(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    gold = GoldArticle.model_validate(raw)
    assert _unknown_keys(raw, gold) == []
    assert gold.indicators, "every seed page states indicators"


@pytest.mark.parametrize("path", _gold_paths(), ids=lambda p: p.stem)
def test_quotes_are_exact_substrings(path: Path) -> None:
    gold = _load(path)
    text = _page(gold.doc_id)
    missing = [(where, q) for where, q in _quotes(gold) if q not in text]
    assert missing == []
    assert gold.meta.quotes, "metadata must be quoted too"


@pytest.mark.parametrize("path", _gold_paths(), ids=lambda p: p.stem)
def test_indicator_values_inside_quotes(path: Path) -> None:
    gold = _load(path)
    bad = []
    for i, ind in enumerate(gold.indicators):
        for field in ("value", "growth", "share"):
            value = getattr(ind, field)
            if value is not None and value not in ind.quote:
                bad.append((i, field, value, ind.quote))
    for i, target in enumerate(gold.targets):
        if target.value is not None and target.value not in target.quote:
            bad.append((i, "target.value", target.value, target.quote))
    assert bad == []


@pytest.mark.parametrize("path", _gold_paths(), ids=lambda p: p.stem)
def test_as_written_fields_come_from_page(path: Path) -> None:
    gold = _load(path)
    text = _page(gold.doc_id)
    written = [("meta.publish_date", gold.meta.publish_date), ("meta.title", gold.meta.title)]
    written += [("meta.source", gold.meta.source)]
    written += [("meta.authors", a) for a in gold.meta.authors]
    written += [(f"indicators[{i}].period", f.period) for i, f in enumerate(gold.indicators)]
    for i, p in enumerate(gold.projects):
        for k in ("investment", "date", "capacity"):
            written.append((f"projects[{i}].{k}", getattr(p, k)))
    written += [(f"honors[{i}].year", h.year) for i, h in enumerate(gold.honors)]
    written += [(f"targets[{i}].deadline", t.deadline) for i, t in enumerate(gold.targets)]
    missing = [(where, v) for where, v in written if v is not None and v not in text]
    assert missing == []
    if gold.meta.publish_date_iso is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold.meta.publish_date_iso)
        assert gold.meta.publish_date is not None
        assert gold.meta.publish_date.startswith(gold.meta.publish_date_iso)


@pytest.mark.parametrize("path", _gold_paths(), ids=lambda p: p.stem)
def test_no_quote_from_noise(path: Path) -> None:
    gold = _load(path)
    text = _page(gold.doc_id)
    start, end = BODY[gold.doc_id.split("_", 1)[0]](text)
    assert 0 <= start < end <= len(text)
    noisy = [
        (where, q)
        for where, q in _quotes(gold)
        if not any(start <= at and at + len(q) <= end for at in _occurrences(text, q))
    ]
    assert noisy == []


@pytest.mark.parametrize("path", _gold_paths(), ids=lambda p: p.stem)
def test_no_duplicate_facts(path: Path) -> None:
    gold = _load(path)
    for name in FACT_LISTS:
        keys = [
            json.dumps(f.model_dump(exclude={"quote"}), ensure_ascii=False, sort_keys=True)
            for f in getattr(gold, name)
        ]
        dupes = {k for k in keys if keys.count(k) > 1}
        assert not dupes, f"{name}: {dupes}"


def test_noise_checks_catch_noise() -> None:
    """The body ranges really exclude the noise they are meant to exclude."""
    pages = {p.stem.split("_", 1)[0]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    samples = {
        "000": "2022-01-24 16:06:07",
        "001": "老年版入口",
        "002": "从员工到所有者转变思维的8种方法",
        "003": "亚洲日韩中文在线精品第一",
        "004": "打印本页",
    }
    for key, noise in samples.items():
        text = pages[key]
        start, end = BODY[key](text)
        for at in _occurrences(text, noise):
            assert not (start <= at and at + len(noise) <= end), (key, noise)
    # the 000 caption and the 003 keywords line lie outside the bodies too
    _, e = BODY["000"](pages["000"])
    assert pages["000"].find("(图片来源") >= e
    _, e = BODY["003"](pages["003"])
    assert pages["003"].find("關鍵詞") >= e
