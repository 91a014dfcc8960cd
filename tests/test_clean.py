"""Cleaning keeps facts and metadata, drops scrape debris, and maps every char back to raw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.page.clean import clean_page, noise_reason
from extractor.text import fold

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


ALL_SEEDS = ["000", "001", "002", "003", "004"]

# Lines that carry the article's metadata and must reach the model.
META_LINES = {
    "000": ["来源:钱塘发布 | 2022-01-25 13:34:03 |"],
    "001": [
        "产业加速集聚成势 科创竞逐谱写新篇",
        "发布日期:2023-08-10 10:23",
        "信息来源:钱塘新区报",
    ],
    "002": ["产业集群新解法:上虞的发展密码", "2020-10-15 13:30:37 来源:环球网"],
    "003": ["嘉興科技:建設高能級產業生態園 推動生物醫藥產業發展", "2021-08-10 14:27:42"],
    "004": [
        "临平区国家级经开区:抢先机契机 提速度进度 扩存量增量 全力拼经济 奋战开门红",
        "发布日期:2023-02-14 15:39 信息来源:浙江日报",
    ],
}

# Fact-bearing sentences (as written in the raw page) that cleaning must not lose.
FACT_SENTENCES = {
    "000": [
        "2021年1-12月,集成电路产业共实现产值438.09亿元元,同比增长11.8%。",
        "目前,杭州医药港已集聚各类生物医药企业1400余家",
        "2021年,生物医药企业实现营收450亿元",
        "2021年1-11月,前进智造园区实现整车产量12万辆,占钱塘区整车产量的65.2%",
        "14所高校、25万在校师生为钱塘区产业链带来强有力的发展后劲和创新动能。",
    ],
    "001": [
        "1-6月,钱塘实现规上工业增加值352.4亿元,实现高新技术产业增加值209亿元",
        "落地亿元以上数字经济项目20个,总投资达104.6亿元",
        "截至目前,钱塘已培育国家专精特新“小巨人”29家、省级专精特新中小企业145家。",
        "二季度实现高新技术产业投资101.09亿元,增幅62.9%",
        "国家高新技术企业数量更是突破1000家。",
    ],
    "002": [
        "2019年,上虞经开区经济总量达1350亿元,规上产值1044亿元,工业税收55亿元",
        "据介绍,今年1到8月,上虞区规上工业增加值增长1.9%,新产品的产值增长18.7%,在全省位列第一。",
        "截至目前,上虞引进产业链项目46个,投资额达667亿元。",
        "据了解,实行链长制的目标是到2022年形成一条600亿级产业链。",
        "近三年,上虞累计实施智能制造、机器换人等重点项目172个",
    ],
    "003": [
        "嘉興科技城上半年規上工業總產值264.5億元,增長35.9%",
        "自今年3月投產以來已累計完成產值5.8億元,同比增長達242%。",
        "今年上半年新增竣工投產項目15個",
        "出口同比增長45%,銷售收入同比增長49%",
        "5月,嘉興南湖高新技術產業園區成功入圍2020年浙江省高新區畝均效益領跑者十強",
    ],
    "004": [
        "当天下午,总投资约50亿元的瑞佰奥疫苗创新中心项目签约落地临平区国家级经开区",
        "力争完成规模工业总产值1300亿元,规上工业增加值增长8%,制造业投资增长20%的年度目标。",
        "206家企业带来7000余个岗位",
        "经开区已累计打造创新空间(孵化空间)载体55个,创新空间(孵化空间)达335万平方米",
        "10所高校已为40余家企业、90余名工程师线上解决110个问题。",
    ],
}


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_offsets_map_every_char_back_to_raw(name: str) -> None:
    raw = seed(name)
    cleaned = clean_page(raw)
    assert len(cleaned.offsets) == len(cleaned.text)
    assert list(cleaned.offsets) == sorted(set(cleaned.offsets)), "offsets strictly increase"
    for i, ch in enumerate(cleaned.text):
        source = raw[cleaned.offsets[i]]
        if ch.isspace():
            assert source.isspace(), (i, ch, source)
        else:
            assert fold(source) == fold(ch), (i, ch, source)


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_fact_sentences_survive_and_map_back(name: str) -> None:
    raw = seed(name)
    cleaned = clean_page(raw)
    folded_text = fold(cleaned.text)
    for sentence in FACT_SENTENCES[name]:
        assert sentence in raw, "test sentence must be copied from the page"
        at = folded_text.find(fold(sentence))
        assert at != -1, sentence
        start, end = cleaned.to_raw(at, at + len(sentence))
        assert raw[start:end] == sentence


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_title_and_metadata_lines_kept(name: str) -> None:
    cleaned = clean_page(seed(name))
    for line in META_LINES[name]:
        assert fold(line) in fold(cleaned.text), line


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_removed_spans_are_disjoint_and_not_in_text(name: str) -> None:
    cleaned = clean_page(seed(name))
    kept = set(cleaned.offsets)
    last_end = -1
    for span in cleaned.removed:
        assert last_end <= span.start < span.end
        last_end = span.end
        assert not kept & set(range(span.start, span.end)), span
    stats = cleaned.stats()
    assert (
        stats["raw_chars"]
        == stats["text_chars"] + stats["removed_chars"] + stats["whitespace_chars"]
    )


def test_000_timestamp_list_removed() -> None:
    raw = seed("000")
    cleaned = clean_page(raw)
    bare = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
    assert not [ln for ln in cleaned.text.splitlines() if bare.match(ln)]
    assert "2022-01-24 16:06:07" not in cleaned.text
    reasons = {r.reason for r in cleaned.removed}
    assert "timestamp_list" in reasons
    # The whole tail of the page is the list.
    tail = max(r.end for r in cleaned.removed if r.reason == "timestamp_list")
    assert not raw[tail:].strip()
    assert cleaned.stats()["removed_by_reason"]["timestamp_list"] > 2000


def test_002_spam_headline_line_removed() -> None:
    raw = seed("002")
    cleaned = clean_page(raw)
    first_line = raw.splitlines()[0]
    assert len(first_line) > 500
    assert "从员工到所有者转变思维的8种方法" not in cleaned.text
    assert "首页 >" not in cleaned.text
    assert "免责声明" not in cleaned.text
    assert cleaned.text.startswith("产业集群新解法:上虞的发展密码")
    assert not cleaned.traditional


def test_003_traditional_page_and_spam_tail() -> None:
    raw = seed("003")
    cleaned = clean_page(raw)
    assert cleaned.traditional
    # The model sees simplified text, the raw stays traditional.
    assert "嘉兴科技城上半年规上工业总产值264.5亿元" in cleaned.text
    assert "|" not in cleaned.text
    assert "亚洲" not in cleaned.text
    assert "关键词" not in cleaned.text and "相关阅读" not in cleaned.text
    tail = max(r.end for r in cleaned.removed)
    assert not raw[tail:].strip()
    assert cleaned.text.rstrip().endswith("全力打造云创特色小镇2.0版。南鹄轲")


def test_001_and_004_chrome_removed() -> None:
    c1 = clean_page(seed("001"))
    assert "老年版" not in c1.text
    assert "02.png" not in c1.text
    assert "打印本页" not in c1.text
    c4 = clean_page(seed("004"))
    assert "当前位置" not in c4.text and "市县动态" not in c4.text
    assert "关闭窗口" not in c4.text


# --- rules on synthetic lines: kinds of noise, not particular sites ------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("首页 > 新闻中心 > 区县动态", "breadcrumb"),
        ("当前位置:首页", "breadcrumb"),
        ("> 经济 > 园区", "breadcrumb"),
        ("【打印】【关闭】", "print_footer"),
        ("分享到: 微信 微博 QQ空间", "share"),
        ("无障碍 长者模式 登录 注册", "navigation"),
        ("上一篇:全市工业经济运行平稳", "navigation"),
        ("https://www.example.gov.cn/art/2023/1/5/art_1.html", "url"),
        ("IMG_20230105_1234.JPG", "image_file"),
        ("版权所有:某某市人民政府办公室 浙ICP备12345678号", "copyright"),
        ("Copyright © 2023 某某日报社 All Rights Reserved", "copyright"),
        ("(记者 张三 摄)", "caption"),
        ("标签: 产业集群 开发区", "keywords"),
        ("热门文章 | 专题报道 | 图片新闻 | 视频 | 政务公开", "link_list"),
    ],
)
def test_noise_kinds(line: str, reason: str) -> None:
    assert noise_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "上半年,全区实现规上工业增加值352.4亿元,同比增长9.6%。",
        "项目牵引 强链补链",
        "临平区国家级经开区:抢先机契机 提速度进度 扩存量增量 全力拼经济 奋战开门红",
        "2023年1月5日",
        "图为园区内的生产线",
        "来源:某某日报 | 2023-01-05 10:00 |",
        "(沈霖 雷秋红 徐佳伟)",
        "首期总投资50亿元,其中首页设计费用……",
    ],
)
def test_content_lines_are_not_noise(line: str) -> None:
    assert noise_reason(line) is None


def test_isolated_date_line_kept_but_runs_removed() -> None:
    raw = "标题\n2023-01-05\n正文说产值增长了10%。\n2023-01-04\n2023-01-03\n2023-01-02\n"
    cleaned = clean_page(raw)
    assert cleaned.text == "标题\n2023-01-05\n正文说产值增长了10%。"


def test_crlf_fullwidth_spaces_and_inline_url() -> None:
    raw = (
        "\u3000\u3000今年产值达５０亿元,  详见 http://a.example.com/x.html 。\r\n"
        "\r\n 第二段\xa0\xa0内容\r\n"
    )
    cleaned = clean_page(raw)
    assert cleaned.text == "今年产值达５０亿元, 详见 。\n第二段 内容"
    for i, ch in enumerate(cleaned.text):
        src = raw[cleaned.offsets[i]]
        assert src.isspace() if ch.isspace() else src == ch
    assert [r.reason for r in cleaned.removed] == ["url"]
    at = cleaned.text.index("５０亿元")
    start, end = cleaned.to_raw(at, at + 4)
    assert raw[start:end] == "５０亿元"
    assert cleaned.to_raw(0, 0) == (2, 2)


def test_related_block_removed_only_in_lower_half() -> None:
    body = "今年以来,全区新签约亿元以上项目35个,总投资232.6亿元,同比增长12%。\n" * 6
    raw = body + "相关阅读\n某地召开产业链推进会\n另一篇新闻标题\n"
    cleaned = clean_page(raw)
    assert "推进会" not in cleaned.text and "另一篇" not in cleaned.text
    top = "相关阅读\n某区产业链链长制工作推进会召开\n" + body
    assert "某区产业链链长制工作推进会召开" in clean_page(top).text


def test_inline_pinyin_is_removed_through_the_offset_map():
    raw = "沿江開發(fā)的主要目標(biāo):地區(qū)生產(chǎn)總值達(dá)到22800億元"
    cleaned = clean_page(raw)
    assert cleaned.text == "沿江开发的主要目标:地区生产总值达到22800亿元"
    start = cleaned.text.index("22800亿元")
    a, b = cleaned.to_raw(start, start + len("22800亿元"))
    assert raw[a:b] == "22800億元"
    a, b = cleaned.to_raw(0, cleaned.text.index("的") + 1)
    assert raw[a:b] == "沿江開發(fā)的"  # a span across an annotation covers it in the raw page
    assert {r.reason for r in cleaned.removed} == {"pinyin"}


def test_pinyin_of_a_word_and_in_full_width_brackets():
    raw = "經濟(jīngjì)狀況（zhuàngkuàng）良好"
    assert clean_page(raw).text == "經濟狀況良好"  # too short to be simplified


def test_real_parentheses_are_not_pinyin():
    raw = "中德(金坛)创新产业区完成产值(1)12亿元(万元),华为(Huawei)落户"
    assert clean_page(raw).text == raw


def test_a_full_stop_printed_as_decimal_point_is_read_as_one():
    raw = "總投資57。6億元;新增年產值113。6億元。6月開工"
    cleaned = clean_page(raw)
    assert cleaned.text == "总投资57.6亿元;新增年产值113.6亿元。6月开工"
    start = cleaned.text.index("57.6")
    assert raw[slice(*cleaned.to_raw(start, start + 6))] == "57。6億元"
