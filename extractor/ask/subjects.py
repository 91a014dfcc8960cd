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
MAX_OPTIONS = 24
"""Names offered per page: more make every choice longer to read and rarely add the answer."""
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


def options_for(names: list[str], article: str) -> list[str]:
    """The page's names in reading order, without repeats, then 无."""
    present = sorted({n for n in names if n and n != NONE and n in article}, key=article.find)
    return [*present[:MAX_OPTIONS], NONE]


def choices_model(keys: list[str], options: list[str]) -> type[BaseModel]:
    choice = Literal[tuple(options)]  # type: ignore[valid-type]
    fields = {f"n{i}": (choice, Field(alias=key)) for i, key in enumerate(keys)}
    return create_model("SubjectChoicesForPage", __base__=SubjectChoices, **fields)  # type: ignore[call-overload]


def ask_subjects(
    model: Model, article: str, slots: list[Slot], names: list[str], usage: Usage
) -> dict[int, SubjectChoice] | None:
    """One choice per slot (by slot id), or None when the page offers no name to choose."""
    options = options_for(names, article)
    if not slots or len(options) < 2:
        return None
    keys = number_keys(slots)
    listing = "\n".join(
        f"{key}：{anchor(article, slot)}" for key, slot in zip(keys, slots, strict=True)
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


def _read(response: Response, keys: list[str], options: list[str]) -> list[SubjectChoice]:
    chosen = response.output.model_dump(by_alias=True)
    read = []
    for key in keys:
        subject = chosen.get(key)
        confidence = option_confidence(response.tokens, key, options) if response.tokens else None
        read.append(SubjectChoice(None if subject == NONE else subject, confidence))
    return read
