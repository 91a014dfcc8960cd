"""The model's answers to all passes as one ArticleFacts, with its known failure modes removed."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from extractor.ask.prompts import instruction_text
from schemas.facts import FACT_LISTS, ArticleFacts, ArticleMeta, MetaDraft

_IDENTITY_FIELDS = ("name", "recipient", "title", "subject", "description")


def _unique(items: list[Any]) -> list[Any]:
    """First of each repeated item: small models repeat list items until a cap stops them."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = "|".join(str(getattr(item, f, "") or "").strip() for f in _IDENTITY_FIELDS)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def fill_meta(meta: MetaDraft, model_meta: MetaDraft | None) -> MetaDraft:
    """Deterministic page metadata wins; the model fills only what the page patterns lack."""
    if model_meta is None:
        return meta
    merged = meta.model_dump()
    for key, value in model_meta.model_dump().items():
        if not merged.get(key) and value:
            merged[key] = value
    return MetaDraft.model_validate(merged)


def merge_answers(answers: list[BaseModel], meta: MetaDraft) -> ArticleFacts:
    """Drafts from the entity and event passes, and the metadata, as one ArticleFacts."""
    facts: dict[str, list[Any]] = {name: [] for name in FACT_LISTS}
    for answer in answers:
        for name in FACT_LISTS:
            facts[name].extend(getattr(answer, name, None) or [])
    built = {
        name: [cls.model_validate(item.model_dump()) for item in _unique(facts[name])]
        for name, cls in FACT_LISTS.items()
    }
    return ArticleFacts(meta=ArticleMeta.model_validate(meta.model_dump()), **built)


def model_names(facts: ArticleFacts) -> list[str]:
    """Places, bodies and chains the model named: the candidates for subjects and recipients."""
    return [f.name for f in (*facts.regions, *facts.organizations, *facts.chains)]


def without_copied_examples(facts: ArticleFacts) -> ArticleFacts:
    """Facts named only in our own prompt examples removed: a small model echoing them back."""
    examples = instruction_text()

    def copied(fact: Any) -> bool:
        name = getattr(fact, "name", None) or getattr(fact, "recipient", None) or ""
        flags = fact.grounding.flags if fact.grounding else []
        return bool(name) and "name_not_in_source" in flags and name in examples

    update = {key: [f for f in getattr(facts, key) if not copied(f)] for key in FACT_LISTS}
    return facts.model_copy(update=update)
