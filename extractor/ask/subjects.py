"""Whose figure each number is, chosen by the model among names code found on the page.

A small model reads who a number is about well when it sees the sentence, but writes names
poorly; so it only chooses, under the grammar, from the page's own names (or 无).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, create_model

from extractor.ask.confidence import TOP_LOGPROBS, option_confidence
from extractor.ask.prompts import SUBJECTS_PASS, build_request
from extractor.model import Model, Response
from extractor.numbers.indicators import SubjectChoice
from extractor.numbers.slots import Slot, anchor
from schemas.passes import SubjectChoices
from schemas.record import Usage

NONE = "无"
"""The option for a number whose subject the page does not say."""
TOKENS_PER_CHOICE = 24
"""Output per number: "512.3亿元": "滨江高新区", with the whitespace the grammar allows."""


def number_keys(slots: list[Slot]) -> list[str]:
    """Each number as written, made unique (a repeated 12亿元 becomes 12亿元#2)."""
    keys: list[str] = []
    for slot in slots:
        key, n = slot.value.text, 1
        while key in keys:
            n += 1
            key = f"{slot.value.text}#{n}"
        keys.append(key)
    return keys


def choices_model(keys: list[str], options: list[list[str]]) -> type[BaseModel]:
    fields = {
        f"n{i}": (Literal[tuple(choices)], Field(alias=key))  # type: ignore[valid-type]
        for i, (key, choices) in enumerate(zip(keys, options, strict=True))
    }
    return create_model("SubjectChoicesForPage", __base__=SubjectChoices, **fields)  # type: ignore[call-overload]


def ask_subjects(
    model: Model, article: str, questions: list[tuple[Slot, list[str]]], usage: Usage
) -> dict[int, SubjectChoice]:
    """One choice per asked slot (by slot id), each among that number's own candidates or 无."""
    if not questions:
        return {}
    slots = [slot for slot, _ in questions]
    options = [[*names, NONE] for _, names in questions]
    keys = number_keys(slots)
    listing = "\n".join(
        f"{key}：{anchor(article, slot)}（{'/'.join(choices)}）"
        for key, slot, choices in zip(keys, slots, options, strict=True)
    )
    request = build_request(
        article,
        SUBJECTS_PASS,
        64 + TOKENS_PER_CHOICE * len(slots),
        choices_model(keys, options),
        numbers=listing,
        top_logprobs=TOP_LOGPROBS,
    )
    response = model.answer(request)
    usage.add(response.usage)
    return dict(zip((s.id for s in slots), _read(response, keys, options), strict=True))


def _read(response: Response, keys: list[str], options: list[list[str]]) -> list[SubjectChoice]:
    chosen = response.output.model_dump(by_alias=True)
    read = []
    for key, choices in zip(keys, options, strict=True):
        subject = chosen.get(key)
        confidence = option_confidence(response.tokens, key, choices) if response.tokens else None
        read.append(SubjectChoice(None if subject == NONE else subject, confidence))
    return read
