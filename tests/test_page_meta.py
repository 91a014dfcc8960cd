"""Deterministic metadata from fixed page patterns; None when unsure."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.page.meta import parse_page_meta

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "date", "source", "title", "authors"),
    [
        ("000", "2022-01-25", "钱塘发布", None, []),
        (
            "001",
            "2023-08-10",
            "钱塘新区报",
            "产业加速集聚成势 科创竞逐谱写新篇",
            ["沈霖", "雷秋红", "徐佳伟"],
        ),
        ("002", "2020-10-15", "环球网", "产业集群新解法:上虞的发展密码", ["谭雅文"]),
        (
            "003",
            "2021-08-10",
            "科技金融時報",
            "嘉興科技:建設高能級產業生態園 推動生物醫藥產業發展",
            [],
        ),
        (
            "004",
            "2023-02-14",
            "浙江日报",
            "临平区国家级经开区:抢先机契机 提速度进度 扩存量增量 全力拼经济 奋战开门红",
            [],
        ),
    ],
)
def test_seed_meta(
    name: str, date: str, source: str, title: str | None, authors: list[str]
) -> None:
    meta = parse_page_meta(seed(name))
    assert meta.publish_date == date
    assert meta.source == source
    assert meta.title == title
    assert meta.authors == authors


def test_000_ignores_timestamp_list_and_photo_credit() -> None:
    meta = parse_page_meta(seed("000"))
    # The page ends with a list of 2022-01-19..24 timestamps and "(图片来源:钱塘发布)".
    assert meta.publish_date == "2022-01-25"


NEWSPAPER = """网站首页 | 新闻中心 | 经济 | 图片
首页 > 经济 > 区域
佛山顺德上半年规上工业增加值增长6.2%
2023年07月21日 09:12 稿源:南方日报 作者:李明 王芳 编辑:陈晨
南方日报讯(记者 李明 通讯员 顺宣)今年上半年,顺德区实现规上工业增加值1,520.3亿元,同比增长6.2%。
记者从区经促局获悉,顺德区家电产业集群产值突破3000亿元。
分享到:微信 微博
责任编辑:赵强
"""

TRADITIONAL = """首頁 > 財經 > 產業
臺中精密機械聚落產值創新高
發布時間:2022/03/05 10:00:00
來源:經濟日報
【記者 陳大文/台中報導】台中市精密機械產業聚落去年產值達1.2兆元,年增12%。
"""


def test_newspaper_layout() -> None:
    meta = parse_page_meta(NEWSPAPER)
    assert meta.title == "佛山顺德上半年规上工业增加值增长6.2%"
    assert meta.publish_date == "2023年07月21日"
    assert meta.source == "南方日报"
    assert meta.authors == ["李明", "王芳", "陈晨", "顺宣", "赵强"]


def test_traditional_layout() -> None:
    meta = parse_page_meta(TRADITIONAL)
    assert meta.title == "臺中精密機械聚落產值創新高"
    assert meta.publish_date == "2022/03/05"
    assert meta.source == "經濟日報"
    assert meta.authors == ["陳大文"]


def test_unsure_fields_are_none() -> None:
    raw = "2023年1月5日,全区召开经济工作会议,部署全年工作。记者从会上获悉,全年目标增长6%。\n"
    meta = parse_page_meta(raw)
    assert meta.publish_date is None  # a date inside prose is an event, not a dateline
    assert meta.source is None and meta.title is None and meta.authors == []


def test_source_stops_at_next_label() -> None:
    meta = parse_page_meta("标题\n来源:浙江日报作者:张三 2023-03-01\n正文。")
    assert meta.source == "浙江日报"
    assert meta.publish_date == "2023-03-01"
    assert meta.authors == ["张三"]
