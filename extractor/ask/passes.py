"""Which passes to ask for one page, how large each request is, and what came back."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from extractor.ask.prompts import INDICATORS_PASS, META_PASS, PASSES, Pass, build_request
from extractor.ask.prompts import estimate_tokens as estimate_tokens
from extractor.config import Settings
from extractor.model import Model
from extractor.numbers.slots import Slot, labels_model
from schemas.facts import MetaDraft
from schemas.record import Usage

TOKENS_PER_LABEL = 64
"""Output budget per slot: {"at":"…","subject":"…","name":"…"} is 25-45 tokens; room to spare."""
LABELS_BASE_TOKENS = 64
"""The labels answer's envelope ({"items":[…]}) before any slot."""
CONTEXT_MARGIN_TOKENS = 1024
"""Chat template and system prompt on top of the article and the largest answer."""


@dataclass
class Answers:
    """What the model said about one page, pass by pass."""

    drafts: list[BaseModel] = field(default_factory=list)
    """Entity and event answers, in pass order."""
    labels: BaseModel | None = None
    """Per-number labels, when the labelling pass ran."""
    meta: MetaDraft | None = None
    """Metadata the model read, when the page patterns lacked some."""


def context_tokens_needed(longest_chars: int) -> int:
    """Context one server slot needs for the longest page: prompt plus the largest answer."""
    largest_answer = max(p.max_tokens for p in PASSES)  # the indicators cap
    return estimate_tokens("x" * longest_chars) + largest_answer + CONTEXT_MARGIN_TOKENS


def passes_for(settings: Settings, slots: list[Slot], meta: MetaDraft) -> list[Pass]:
    # Names and subjects come from the words around each number; the model's labels are
    # optional (Settings.number_labels) because the embedded 1.5B copied one label onto
    # most numbers of a page and scored no better than the page's words alone.
    label_numbers = settings.number_labels and bool(slots)
    passes = [p for p in PASSES if p is not INDICATORS_PASS or label_numbers]
    if not (meta.title and meta.publish_date and meta.source):
        passes.append(META_PASS)
    return passes


def ask_passes(
    model: Model, article: str, passes: list[Pass], slots: list[Slot], usage: Usage
) -> Answers:
    """One call per pass over the same article prefix; usage is added as each call returns."""
    answers = Answers()
    for p in passes:
        if p is INDICATORS_PASS:
            budget = LABELS_BASE_TOKENS + TOKENS_PER_LABEL * len(slots)
            request = build_request(article, p, budget, labels_model(article, slots))
        else:
            request = build_request(article, p)
        response = model.answer(request)
        usage.add(response.usage)
        if p is INDICATORS_PASS:
            answers.labels = response.output
        elif p is META_PASS:
            answers.meta = response.output.meta  # type: ignore[attr-defined]
        else:
            answers.drafts.append(response.output)
    return answers
