"""From one page to one ExtractionRecord: clean, prompt, call, validate, ground, normalize."""

from __future__ import annotations

import re
import time
from typing import Any

from pydantic import BaseModel

from extractor.ask.prompts import (
    INDICATORS_PASS,
    META_PASS,
    PASSES,
    build_request,
    estimate_tokens,
    instruction_text,
    prompt_version,
)
from extractor.config import Settings
from extractor.ground.spans import ground_facts
from extractor.model import Model, ModelError
from extractor.normalize import normalize_facts
from extractor.numbers.naming import (
    copied_labels,
    derive_name,
    merge_name,
    name_forms,
    resolve_subject,
)
from extractor.numbers.slots import Slot, labels_model, plan_slots, sentence_of
from extractor.page.clean import CleanedText, clean_page
from extractor.page.load import Page
from extractor.page.meta import parse_page_meta
from extractor.rules.enumerations import add_listed, listed_entities
from extractor.rules.honors import add_honors, find_honors
from extractor.rules.plausible import filter_misfiled, looks_off_topic
from extractor.rules.policies import add_policies
from extractor.rules.project_names import project_names
from schemas.common import Grounding, Span
from schemas.facts import FACT_LISTS, ArticleFacts, ArticleMeta, Indicator, MetaDraft
from schemas.record import ExtractionRecord, Usage

_DURATION_UNITS = {"year", "quarter", "month", "week", "day", "hour", "minute"}
MAX_SLOTS = 100
"""Numbers labelled per article; more are cut (and flagged) to bound prompt and answer."""
_TOKENS_PER_LABEL = 64
"""Output budget per slot: {"at":"…","subject":"…","name":"…"} is 25-45 tokens; room to spare."""

_HAN = re.compile(r"[\u4e00-\u9fff]")


def page_flags(page: Page, cleaned: CleanedText | None, settings: Settings) -> list[str]:
    flags: list[str] = []
    text = cleaned.text if cleaned else page.text
    if text and len(_HAN.findall(text)) < 0.2 * len(text.strip()):
        flags.append("not_chinese")
    if cleaned is not None and cleaned.traditional:
        flags.append("traditional_script")
    if len(text) > settings.max_article_chars:
        flags.append("truncated_input")
    return flags


def context_tokens_needed(pages: list[Page], settings: Settings) -> int:
    """Context one server slot needs for the longest page: prompt plus the largest answer."""
    longest = max((min(len(p.text), settings.max_article_chars) for p in pages), default=0)
    largest_answer = max(p.max_tokens for p in PASSES)  # the indicators cap
    return estimate_tokens("x" * longest) + largest_answer + 1024


def _unique(items: list[Any]) -> list[Any]:
    """First of each repeated item: small models repeat list items until a cap stops them."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = "|".join(
            str(getattr(item, f, "") or "").strip()
            for f in ("name", "recipient", "title", "subject", "description")
        )
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def without_copied_examples(facts: ArticleFacts) -> ArticleFacts:
    """Facts named only in our own prompt examples removed: a small model echoing them back."""
    examples = instruction_text()

    def copied(fact: Any) -> bool:
        name = getattr(fact, "name", None) or getattr(fact, "recipient", None) or ""
        flags = fact.grounding.flags if fact.grounding else []
        return bool(name) and "name_not_in_source" in flags and name in examples

    update = {key: [f for f in getattr(facts, key) if not copied(f)] for key in FACT_LISTS}
    return facts.model_copy(update=update)


def _fact_count(facts: ArticleFacts) -> int:
    return sum(len(getattr(facts, name)) for name in FACT_LISTS)


def _entity_names(facts: ArticleFacts) -> list[str]:
    return [f.name for f in (*facts.regions, *facts.organizations, *facts.chains)]


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


def indicators_from_slots(
    slots: list[Slot],
    labels: BaseModel | None,
    cleaned: CleanedText,
    article: str,
    names: list[str],
    inside_names: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> list[Indicator]:
    """One indicator per slot; value, growth and share are the page's own text at exact spans."""
    raw = cleaned.raw
    items = list(getattr(labels, "items", None) or [])
    copied = copied_labels([item.name for item in items])
    forms = name_forms(names)

    def raw_span(span: tuple[int, int] | None) -> Span | None:
        if span is None:
            return None
        start, end = cleaned.to_raw(*span)
        return Span(start=start, end=end, text=raw[start:end])

    indicators: list[Indicator] = []
    for index, slot in enumerate(slots):
        unit = slot.value.quantity.unit if slot.value.quantity else None
        if any(a <= slot.value.start < b for a, b in inside_names):
            continue
        if unit in _DURATION_UNITS:
            # 三年行动, 二十周年, 2分钟: spans of time describe plans and events, not measures.
            # Dropped after the model call so the request (and its cached answer) stays the same.
            continue
        label = items[index] if index < len(items) else None
        model_subject = label.subject if label else ""
        subject = resolve_subject(model_subject, article, slot.value, names, forms)
        name = merge_name(
            label.name if label else "",
            derive_name(article, slot.value, forms),
            subject,
            sentence_of(article, slot),
            copied,
        )
        value = raw_span((slot.value.start, slot.value.end))
        growth = raw_span(slot.growth)
        share = raw_span(slot.share)
        assert value is not None
        indicators.append(
            Indicator(
                subject=subject,
                name=name,
                value=value.text,
                period=slot.period,
                growth=growth.text if growth else None,
                share=share.text if share else None,
                kind="target" if slot.kind == "target" else "actual",
                grounding=Grounding(
                    spans=[s for s in (value, growth, share) if s is not None],
                    status="grounded",
                ),
            )
        )
    return indicators


def _fill_meta(meta: MetaDraft, model_meta: MetaDraft) -> MetaDraft:
    """Deterministic page metadata wins; the model fills only what the page patterns lack."""
    merged = meta.model_dump()
    for key, value in model_meta.model_dump().items():
        if not merged.get(key) and value:
            merged[key] = value
    return MetaDraft.model_validate(merged)


def extract_page(page: Page, model: Model, settings: Settings) -> ExtractionRecord:
    """Run every pass over one page; never raises for a bad page or a failed call."""
    started = time.monotonic()
    usage = Usage()
    record = ExtractionRecord(
        doc_id=page.doc_id,
        source_path=page.source_path,
        status="error",
        model=model.name,
        prompt_version=prompt_version(),
    )
    try:
        if page.load_error:
            record.error = page.load_error
            return record
        if not page.text.strip():
            record.error = "empty page: no text to extract from"
            return record
        cleaned = clean_page(page.text)
        record.flags = page_flags(page, cleaned, settings)
        if not cleaned.text.strip():
            record.error = "nothing left after removing navigation and noise"
            return record
        article = cleaned.text[: settings.max_article_chars]
        slots = plan_slots(article)
        if len(slots) > MAX_SLOTS:
            # The slot schema grows with every number; a page of tables would swamp the model.
            record.flags.append(f"too_many_numbers:{len(slots)}")
            slots = slots[:MAX_SLOTS]
        meta = parse_page_meta(page.text)
        if looks_off_topic(article, len(slots)):
            # Nothing to measure on a page about something else: no call, no invented facts.
            record.flags.append("off_topic")
            record.facts = normalize_facts(
                ArticleFacts(meta=ArticleMeta.model_validate(meta.model_dump()))
            )
            record.status = "ok"
            return record
        answers: list[BaseModel] = []
        labels: BaseModel | None = None
        # Names and subjects come from the words around each number; the model's labels are
        # optional (Settings.number_labels) because the embedded 1.5B copied one label onto
        # most numbers of a page and scored no better than the page's words alone.
        label_numbers = settings.number_labels and bool(slots)
        passes = [p for p in PASSES if p is not INDICATORS_PASS or label_numbers]
        if not (meta.title and meta.publish_date and meta.source):
            passes.append(META_PASS)
        for p in passes:
            if p is INDICATORS_PASS:
                request = build_request(
                    article, p, 64 + _TOKENS_PER_LABEL * len(slots), labels_model(article, slots)
                )
            else:
                request = build_request(article, p)
            response = model.answer(request)
            usage.add(response.usage)
            if p is INDICATORS_PASS:
                labels = response.output
            elif p is META_PASS:
                meta = _fill_meta(meta, response.output.meta)  # type: ignore[attr-defined]
            else:
                answers.append(response.output)
        merged = merge_answers(answers, meta)
        facts, misfiled = filter_misfiled(merged)
        listed = listed_entities(article) + project_names(article)
        facts = add_listed(facts, listed)
        facts = add_honors(facts, find_honors(article, name_forms(_entity_names(merged))))
        facts = add_policies(facts, article)
        if misfiled:
            record.flags.append(f"dropped_misfiled:{misfiled}")
        facts = normalize_facts(facts)
        before = _fact_count(facts)
        facts = without_copied_examples(
            ground_facts(facts, page.text, policy=settings.ground_policy)
        )
        if unfound := before - _fact_count(facts):
            record.flags.append(f"dropped_ungrounded:{unfound}")
        # Indicators come from slots found by code: their spans are exact by construction.
        # Subjects may be any place or body the model named, even one filed under the wrong
        # type; members of a list (默沙东、雅培等) are rarely what the numbers measure.
        members = {m.name for m in listed}
        names = [n for n in _entity_names(merged) if n not in members and n in article]
        # A number inside a project's name (年产30亿只…封装测试项目) names it; it is no measure.
        named = [(m.start, m.start + len(m.name)) for m in listed if m.kind == "project"]
        indicators = indicators_from_slots(slots, labels, cleaned, article, names, named)
        facts.indicators = normalize_facts(
            ArticleFacts(meta=facts.meta, indicators=indicators)
        ).indicators
        record.facts = facts
        record.status = "ok"
        return record
    except ModelError as exc:
        record.error = str(exc)
        spent = getattr(exc, "usage", None)
        if spent is not None:
            usage.add(spent)
        return record
    finally:
        usage.cache_hit = usage.calls == 0 and usage.cached_passes > 0
        record.usage = usage
        record.seconds = round(time.monotonic() - started, 3)
