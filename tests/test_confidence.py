"""Confidence of a grammar-constrained choice, renormalized over the options it allowed."""

from __future__ import annotations

import math

import pytest

from extractor.ask.confidence import option_confidence
from extractor.model import Token


def tok(text: str, lp: float, *alts: tuple[str, float]) -> Token:
    return Token(text.encode(), lp, tuple((a.encode(), p) for a, p in ((text, lp), *alts)))


OPTIONS = ["长沙经开区", "长沙", "湖南", "无"]


def test_forbidden_alternatives_do_not_lower_confidence() -> None:
    # "年" and "全市" are not options: whatever mass they had, the grammar ruled them out.
    tokens = (
        tok('{"', 0.0),
        tok("2500亿元", 0.0),
        tok('":"', 0.0),
        tok("长沙", math.log(0.5), ("年", math.log(0.3)), ("全市", math.log(0.2))),
        tok("经开区", 0.0),
        tok('"}', 0.0),
    )
    assert option_confidence(tokens, "2500亿元", OPTIONS) == pytest.approx(1.0)


def test_runner_up_options_share_the_mass_at_each_decision() -> None:
    tokens = (
        tok('{"2500亿元":"', 0.0),
        tok("长沙", math.log(0.6), ("湖南", math.log(0.2)), ("年", math.log(0.2))),
        # After 长沙 the answer may close (the option 长沙) or go on to 长沙经开区.
        tok("经开区", math.log(0.75), ('",', math.log(0.25))),
        tok('"}', 0.0),
    )
    assert option_confidence(tokens, "2500亿元", OPTIONS) == pytest.approx(0.75 * 0.75)


def test_an_opening_quote_merged_into_the_value_token() -> None:
    tokens = (
        tok('{"2500亿元":', 0.0),
        tok(' "无', math.log(0.5), (' "长沙', math.log(0.5)), (' "年', math.log(0.1))),
        tok('"}', 0.0),
    )
    assert option_confidence(tokens, "2500亿元", OPTIONS) == pytest.approx(0.5)


def test_a_key_not_in_the_answer_has_no_confidence() -> None:
    assert option_confidence((tok('{"a":"无"}', 0.0),), "2500亿元", OPTIONS) is None
