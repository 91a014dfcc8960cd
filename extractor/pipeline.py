"""From one page to one ExtractionRecord: clean, prompt, call, validate, ground, normalize."""

from __future__ import annotations

import re
import time
from typing import Any

from pydantic import BaseModel

from extractor.clean import CleanedText, clean_page
from extractor.config import Settings
from extractor.ground import ground_facts
from extractor.model import Model, ModelError
from extractor.normalize import normalize_facts
from extractor.page_meta import parse_page_meta
from extractor.pages import Page
from extractor.prompting import META_PASS, PASSES, build_request, estimate_tokens, prompt_version
from schemas.facts import FACT_LISTS, ArticleFacts, ArticleMeta, MetaDraft
from schemas.record import ExtractionRecord, Usage

_HAS_NUMBER = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万亿半]")
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
    largest_answer = max(p.max_tokens for p in PASSES)
    return estimate_tokens("x" * longest) + largest_answer + 1024


def merge_answers(answers: list[BaseModel], meta: MetaDraft) -> tuple[ArticleFacts, int]:
    """Drafts from every pass turned into one ArticleFacts; returns dropped non-numbers too."""
    facts: dict[str, list[Any]] = {name: [] for name in FACT_LISTS}
    for answer in answers:
        for name in FACT_LISTS:
            facts[name].extend(getattr(answer, name, None) or [])
    dropped = 0
    kept = []
    for indicator in facts["indicators"]:
        # An "indicator" without a number is a small model's paraphrase, not a measurement.
        if _HAS_NUMBER.search(indicator.value):
            kept.append(indicator)
        else:
            dropped += 1
    facts["indicators"] = kept
    built = {
        name: [cls.model_validate(item.model_dump()) for item in facts[name]]
        for name, cls in FACT_LISTS.items()
    }
    return ArticleFacts(meta=ArticleMeta.model_validate(meta.model_dump()), **built), dropped


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
        meta = parse_page_meta(page.text)
        answers: list[BaseModel] = []
        passes = list(PASSES)
        if not (meta.title and meta.publish_date and meta.source):
            passes.append(META_PASS)
        for p in passes:
            response = model.answer(build_request(article, p))
            usage.add(response.usage)
            answers.append(response.output)
            if p is META_PASS:
                meta = _fill_meta(meta, response.output.meta)
        facts, dropped = merge_answers(answers, meta)
        if dropped:
            record.flags.append(f"dropped_non_numeric_indicators:{dropped}")
        facts = normalize_facts(facts)
        facts = ground_facts(facts, page.text, policy=settings.ground_policy)
        record.facts = facts
        record.status = "ok"
        return record
    except ModelError as exc:
        record.error = str(exc)
        return record
    finally:
        usage.cache_hit = usage.calls == 0 and usage.cached_passes > 0
        record.usage = usage
        record.seconds = round(time.monotonic() - started, 3)
