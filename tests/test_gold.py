"""The hand-labeled gold is well-formed and grounded in its pages, for both sets.

Sets: the seeds (eval/gold/*.json on seeds/*.txt) and the devset (eval/gold/devset/dNN.json on
eval/pages/devset/dNN.txt, converted and completed by eval/convert_devset.py).

Checks: every gold file validates against GoldArticle (with no unknown keys, which pydantic would
silently drop); gold files and pages match one-to-one; every quote (facts and meta) is an exact
substring of its raw page; every indicator value (and growth/share phrase) lies inside its quote;
every number of a gold value occurs in the page; as-written fields that must come from the page
do; off-topic pages state no facts; no quote comes only from a page's noise (navigation, spam,
timestamp lists, captions, keyword/related-link tails, footers, portal metadata); and the devset
pages and gold are what the conversion script makes of the shared devset.

As-written fields of the traditional-character devset pages are written without the inline pinyin
annotations the pages print (經(jīng)濟 -> 經濟); quotes keep them. Fields are therefore compared
with the page (or quote) both as it is and with the annotations removed.
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
DEVSET_PAGES = ROOT / "eval" / "pages" / "devset"
DEVSET_GOLD = GOLD / "devset"
SHARED_DEVSET = Path("/work/shared/devset")

SETS = {"seeds": (GOLD, SEEDS), "devset": (DEVSET_GOLD, DEVSET_PAGES)}
"""Set name -> (gold directory, page directory); a gold file's stem is its page's stem."""

FACT_LISTS = tuple(FACT_TYPES)

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_NUMBER = re.compile(r"\d+(?:[.。]\d+)?|[零一二两兩三四五六七八九十百千万萬亿億]+")


def _set_of(path: Path) -> str:
    return "devset" if path.parent == DEVSET_GOLD else "seeds"


def _page_of(path: Path) -> str:
    return (SETS[_set_of(path)][1] / f"{path.stem}.txt").read_text(encoding="utf-8")


def _page(doc_id: str) -> str:
    return (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")


def _gold_paths() -> list[Path]:
    return sorted(GOLD.glob("*.json")) + sorted(DEVSET_GOLD.glob("*.json"))


def _seed_gold_paths() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def _id(path: Path) -> str:
    return path.stem.split("_", 1)[0]


def _load(path: Path) -> GoldArticle:
    return GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))


def _in(value: str, text: str) -> bool:
    """value occurs in text, as it is or with the pinyin annotations removed from both."""
    return value in text or _PINYIN.sub("", value) in _PINYIN.sub("", text)


def _year_in_series(period: str, text: str) -> bool:
    """A year given to one item of a series the page writes as a year range with 分别
    (d14 "2016年至2018年,分别完成…236.3亿元、314.5亿元、365亿元" -> 2017年)."""
    year = re.fullmatch(r"(\d{4})年", period)
    if year is None:
        return False
    for low, high in re.findall(r"(\d{4})年至(\d{4})年,?分别", text):
        if int(low) <= int(year.group(1)) <= int(high):
            return True
    return False


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
    paths = _seed_gold_paths()
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


@pytest.mark.parametrize("path", _gold_paths(), ids=_id)
def test_validates_without_unknown_keys(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    gold = GoldArticle.model_validate(raw)
    assert _unknown_keys(raw, gold) == []
    assert gold.doc_id == path.stem
    if gold.relevant:
        assert gold.indicators, "every on-topic page states indicators"


@pytest.mark.parametrize("path", _gold_paths(), ids=_id)
def test_quotes_are_exact_substrings(path: Path) -> None:
    gold = _load(path)
    text = _page_of(path)
    missing = [(where, q) for where, q in _quotes(gold) if q not in text]
    assert missing == []
    has_meta = gold.meta.title or gold.meta.publish_date or gold.meta.source or gold.meta.authors
    if has_meta:
        assert gold.meta.quotes, "metadata must be quoted too"


@pytest.mark.parametrize("path", _gold_paths(), ids=_id)
def test_indicator_values_inside_quotes(path: Path) -> None:
    gold = _load(path)
    bad = []
    for i, ind in enumerate(gold.indicators):
        for field in ("value", "growth", "share"):
            value = getattr(ind, field)
            if value is not None and not _in(value, ind.quote):
                bad.append((i, field, value, ind.quote))
    for i, target in enumerate(gold.targets):
        if target.value is not None and not _in(target.value, target.quote):
            bad.append((i, "target.value", target.value, target.quote))
    assert bad == []


@pytest.mark.parametrize("path", _gold_paths(), ids=_id)
def test_as_written_fields_come_from_page(path: Path) -> None:
    gold = _load(path)
    text = _page_of(path)
    written = [("meta.publish_date", gold.meta.publish_date), ("meta.title", gold.meta.title)]
    written += [("meta.source", gold.meta.source)]
    written += [("meta.authors", a) for a in gold.meta.authors]
    written += [(f"indicators[{i}].period", f.period) for i, f in enumerate(gold.indicators)]
    for i, p in enumerate(gold.projects):
        for k in ("investment", "date", "capacity"):
            written.append((f"projects[{i}].{k}", getattr(p, k)))
    written += [(f"honors[{i}].year", h.year) for i, h in enumerate(gold.honors)]
    written += [(f"targets[{i}].deadline", t.deadline) for i, t in enumerate(gold.targets)]
    missing = [
        (where, v)
        for where, v in written
        if v is not None and not _in(v, text) and not _year_in_series(v, text)
    ]
    assert missing == []
    if gold.meta.publish_date_iso is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold.meta.publish_date_iso)
        assert gold.meta.publish_date is not None
        y, m, d = (int(n) for n in re.findall(r"\d+", gold.meta.publish_date)[:3])
        assert f"{y:04d}-{m:02d}-{d:02d}" == gold.meta.publish_date_iso


@pytest.mark.parametrize("path", _seed_gold_paths(), ids=_id)
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


@pytest.mark.parametrize("path", _gold_paths(), ids=_id)
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


@pytest.mark.parametrize("path", _gold_paths(), ids=_id)
def test_gold_numbers_appear_in_page(path: Path) -> None:
    """Every number written in a gold value (indicator value, growth, share; target value;
    project investment and capacity) occurs in the page."""
    gold = _load(path)
    text = _PINYIN.sub("", _page_of(path))
    values = [(f"indicators[{i}].{k}", getattr(f, k)) for i, f in enumerate(gold.indicators)
              for k in ("value", "growth", "share")]  # fmt: skip
    values += [(f"targets[{i}].value", t.value) for i, t in enumerate(gold.targets)]
    values += [(f"projects[{i}].{k}", getattr(p, k)) for i, p in enumerate(gold.projects)
               for k in ("investment", "capacity")]  # fmt: skip
    missing = []
    for where, value in values:
        numbers = _NUMBER.findall(value or "")
        if value is not None and not numbers and "半" not in value:
            missing.append((where, value, "no number"))
        missing += [(where, value, n) for n in numbers if n not in text]
    assert missing == []


def test_devset_gold_and_pages_match_one_to_one() -> None:
    pages = sorted(p.stem for p in DEVSET_PAGES.glob("*.txt"))
    golds = sorted(p.stem for p in DEVSET_GOLD.glob("*.json"))
    assert pages == golds == [f"d{n:02d}" for n in range(1, 17)]


def test_devset_off_topic_pages_state_nothing() -> None:
    for stem in ("d15", "d16"):
        gold = _load(DEVSET_GOLD / f"{stem}.json")
        assert gold.relevant is False
        assert all(not getattr(gold, name) for name in FACT_LISTS)
        assert gold.meta.source is None
    on_topic = [p.stem for p in DEVSET_GOLD.glob("*.json") if _load(p).relevant]
    assert len(on_topic) == 14


def test_off_topic_gold_with_facts_is_rejected() -> None:
    raw = json.loads((DEVSET_GOLD / "d15.json").read_text(encoding="utf-8"))
    raw["regions"] = [{"name": "莱州", "quote": "莱州"}]
    with pytest.raises(ValueError, match="relevant is false"):
        GoldArticle.model_validate(raw)


def test_devset_pages_are_kept_byte_for_byte() -> None:
    """No trailing newline was added (git keeps them as -text, see .gitattributes)."""
    for page in DEVSET_PAGES.glob("*.txt"):
        data = page.read_bytes()
        assert not data.endswith(b"\n"), page.name
        assert b"\r" not in data, page.name
        shared = SHARED_DEVSET / "articles" / page.name
        if shared.exists():
            assert data == shared.read_bytes(), page.name


@pytest.mark.skipif(not (SHARED_DEVSET / "gold").is_dir(), reason="shared devset not mounted")
def test_devset_conversion_is_reproducible() -> None:
    """eval/gold/devset is exactly what eval/convert_devset.py makes of the shared devset."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "convert_devset", ROOT / "eval" / "convert_devset.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for gold_path in sorted(DEVSET_GOLD.glob("*.json")):
        stem = gold_path.stem
        src = json.loads((SHARED_DEVSET / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        text = (SHARED_DEVSET / "articles" / f"{stem}.txt").read_bytes().decode("utf-8")
        hand_path = module.HAND / f"{stem}.json"
        hand = json.loads(hand_path.read_text(encoding="utf-8")) if hand_path.exists() else {}
        made = module.convert(src, text, hand, stem)
        assert made == json.loads(gold_path.read_text(encoding="utf-8")), stem
        assert len(made["indicators"]) >= len(src["indicators"]), stem
        assert len(made["projects"]) == len(src["projects"]), stem


DEVSET_NOISE = {
    "d01": [],
    "d02": ["(資料圖片)", "關(guān)鍵詞"],
    "d03": [],
    "d04": ["注:1."],
    "d05": ["立即下载", "字号:", "微信图片_20210127153506_meitu_4.jpg", "长沙经开区管委会全景图。"],
    "d06": [],
    "d07": ["本文网址", "郑重声明"],
    "d08": ["发送短信", "订阅菏泽手机报"],
    "d09": ["咨询电话: 021-31001221"],
    "d10": ["索引号", "分类:", "发布机构: 经济发展局", "有效性: 有效", "累计次数"],
    "d11": ["www.maomin.org", "选择阅读字号", "阅读次数"],
    "d12": ["奧推網", "選單", "財經", "開工儀式現場。朱書靈攝", "簽約儀式現場。熊威攝"],
    "d13": [],
    "d14": [],
    "d15": ["【资料图】", "关键词:"],
    "d16": ["人气:984", "Copyright"],
}
"""Page furniture of each devset page (banners, navigation, captions, portal metadata,
repost footers, spam) that no quote may come only from."""

DEVSET_NOISE_EXCEPTIONS = {("d05", "长沙经开区管委会全景图。")}
"""d05: the shared gold lists 长沙经开区管委会, which the page names only in a photo caption;
the organization is kept (the devset's label) and quoted there."""


@pytest.mark.parametrize("path", sorted(DEVSET_GOLD.glob("*.json")), ids=_id)
def test_devset_no_quote_from_noise(path: Path) -> None:
    gold = _load(path)
    text = _page_of(path)
    spans = []
    for noise in DEVSET_NOISE[path.stem]:
        at = _occurrences(text, noise)
        assert at, (path.stem, noise)
        spans += [(a, a + len(noise)) for a in at]
    noisy = []
    for where, q in _quotes(gold):
        if (path.stem, q) in DEVSET_NOISE_EXCEPTIONS:
            continue
        clean = [
            a for a in _occurrences(text, q) if all(a + len(q) <= s or a >= e for s, e in spans)
        ]
        if not clean:
            noisy.append((where, q))
    assert noisy == []


@pytest.mark.parametrize("gold_dir", [GOLD, DEVSET_GOLD], ids=["seeds", "devset"])
def test_harness_scores_gold_against_itself_as_one(gold_dir: Path) -> None:
    """The eval harness reads each set and scores its gold, taken as a prediction, at 1.0."""
    from extractor.evaluation import gold_as_facts, load_gold, score_records
    from schemas.record import ExtractionRecord

    golds = load_gold(gold_dir)
    records = [
        ExtractionRecord(doc_id=doc_id, status="ok", facts=gold_as_facts(gold))
        for doc_id, gold in golds.items()
    ]
    report = score_records(records, golds)
    overall = report.metrics["overall"]
    assert (overall.precision, overall.recall) == (1.0, 1.0)
    assert overall.gold == sum(m.gold for k, m in report.metrics.items() if k != "overall")
