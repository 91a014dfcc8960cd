"""Every fact type has exactly one scorer, and each scorer speaks about real fields."""

from __future__ import annotations

import typing

import pytest

from extractor.evaluation.checks import unit
from extractor.evaluation.scorers import FACT_TYPES, Scorer, registered, scorer, scorer_for
from schemas.facts import FACT_LISTS
from schemas.gold import GoldArticle


def _gold_lists() -> list[str]:
    return [
        name
        for name, info in GoldArticle.model_fields.items()
        if typing.get_origin(info.annotation) is list
    ]


def test_every_fact_list_has_a_scorer() -> None:
    expected = {"meta", *FACT_LISTS, *_gold_lists()}
    missing = sorted(expected - set(registered()))
    assert not missing, f"fact types without a scorer in extractor/evaluation/scorers/: {missing}"
    assert set(FACT_TYPES) <= set(registered())


def test_scorer_fields_exist_on_both_sides() -> None:
    gold_lists = dict.fromkeys(_gold_lists())
    for fact_type, fact_class in FACT_LISTS.items():
        s = scorer_for(fact_type)
        assert fact_type in gold_lists, fact_type
        gold_class = typing.get_args(GoldArticle.model_fields[fact_type].annotation)[0]
        for name, check in s.fields.items():
            if check is unit:  # derived from the value, not a field of its own
                continue
            assert name in fact_class.model_fields, (fact_type, name)
            assert name in gold_class.model_fields, (fact_type, name)
        for name in s.number_fields:
            assert name in fact_class.model_fields, (fact_type, name)


def test_unknown_type_and_duplicates_are_clear_errors() -> None:
    with pytest.raises(LookupError, match="no scorer for fact type 'events'"):
        scorer_for("events")
    with pytest.raises(ValueError, match="two scorers"):

        @scorer("indicators")
        class Again(Scorer):
            pass
