"""Whose figure a number is: asked only where its clause does not say, among a few names."""

from __future__ import annotations

import math

from pydantic import BaseModel

from extractor.ask.subjects import NONE, ask_subjects
from extractor.model import Request, Response, Token
from extractor.numbers.indicators import open_subjects, written_form
from extractor.numbers.slots import plan_slots
from schemas.record import Usage

ARTICLE = "甲园区实现产值12亿元,乙公司营收3亿元。新开工项目5个,总投资8亿元。"


def test_a_clause_that_opens_with_a_name_is_not_asked() -> None:
    slots = plan_slots(ARTICLE)
    asked = {slot.value.text: options for slot, options in open_subjects(
        slots, ARTICLE, ["甲园区", "乙公司"], ["甲园区"], {})}  # fmt: skip
    assert "12亿元" not in asked  # 甲园区实现产值12亿元: the clause says whose
    # 新开工项目5个 names no one: the model chooses among the names near it and the page's places.
    assert set(asked["5个"]) == {"甲园区", "乙公司"}


def test_the_written_short_form_is_kept() -> None:
    assert written_form("钱塘新区", "钱塘上半年实现增加值", ["钱塘新区", "钱塘"]) == "钱塘"
    assert written_form("甲园区", "其他", ["甲园区"]) == "甲园区"


class Chooser:
    """A model that picks the last real option for every number, with log-probabilities."""

    name = "chooser"

    def __init__(self) -> None:
        self.requests: list[Request] = []

    def answer(self, request: Request) -> Response:
        self.requests.append(request)
        schema = request.response_model.model_json_schema()
        picked = {key: spec["enum"][-2] for key, spec in schema["properties"].items()}
        output: BaseModel = request.response_model.model_validate(picked)
        text = "{" + ",".join(f'"{k}":"{v}"' for k, v in picked.items()) + "}"
        tokens = (Token(text.encode(), math.log(0.9)),)
        return Response(output=output, usage=Usage(calls=1), tokens=tokens)


def test_each_number_gets_an_enum_of_its_own_options_and_a_confidence() -> None:
    slots = plan_slots(ARTICLE)
    five = next(s for s in slots if s.value.text == "5个")
    model, usage = Chooser(), Usage()
    chosen = ask_subjects(model, ARTICLE, [(five, ["甲园区", "乙公司"])], usage)
    (request,) = model.requests
    assert request.top_logprobs > 0
    enum = request.response_model.model_json_schema()["properties"]["5个"]["enum"]
    assert enum == ["甲园区", "乙公司", NONE]
    assert chosen[five.id].subject == "乙公司"
    assert chosen[five.id].confidence is not None and usage.calls == 1


def test_nothing_to_ask_makes_no_call() -> None:
    model = Chooser()
    assert ask_subjects(model, ARTICLE, [], Usage()) == {}
    assert model.requests == []


def test_the_pages_own_place_stands_for_its_self_references() -> None:
    from extractor.numbers.subjects import self_reference

    homes = {"zone": "长沙经开区", "市": "菏泽市"}
    assert self_reference("园区全年规模工业总产值", homes) == "长沙经开区"
    assert self_reference("全区内外资签约项目", homes) == "长沙经开区"
    assert self_reference("我市高新技术产业产值", homes) == "菏泽市"
    # A page that never names its zone keeps the word it uses.
    assert self_reference("全区内外资签约项目", {}) == "全区"
    assert self_reference("全国218家国家级经开区", homes) == "全国"
    assert self_reference("甲园区实现产值", homes) is None


def test_a_period_stated_once_holds_for_the_paragraph() -> None:
    from extractor.numbers.indicators import period_of

    text = "1-8月份,全区增加值81.5亿元。攀钢增加值57.3亿元。\n去年产值30亿元。乙园区产值9亿元。"
    slots = {s.value.text: s for s in plan_slots(text)}
    assert period_of(slots["57.3亿元"], text) == "1-8月份"
    # A new paragraph does not inherit; it reads its own.
    assert period_of(slots["9亿元"], text) == "去年"


def test_a_number_named_nowhere_near_belongs_to_the_page_home() -> None:
    from extractor.numbers.subjects import page_home

    assert page_home("……", {"zone": "海盐经济开发区", "市": "嘉兴市"}) == "海盐经济开发区"
    assert page_home("……", {"市": "菏泽市"}) == "菏泽市"
    # No place of its own: the word the page opens its clauses with.
    assert page_home("开发区行政管辖面积171平方公里,开发区核心区面积27.5平方公里。", {}) == "开发区"
    assert page_home("产值12亿元。", {}) is None


def test_sectors_kinds_of_project_and_officials_are_not_subject_candidates() -> None:
    from extractor.numbers.indicators import subject_candidates

    article = "开州区新能源、智慧制造专案,市级重点产业项目60个,副区长邓果介绍,甲公司投产。"
    names = ["开州区", "新能源", "智慧制造", "市级重点产业项目", "开州区副区长邓果", "甲公司"]
    assert subject_candidates(names, set(), article) == ["开州区", "甲公司"]
