"""From one page to one ExtractionRecord: the stages in order, each named for its job."""

from __future__ import annotations

from extractor.ask.merge import fill_meta, merge_answers, model_names, without_copied_examples
from extractor.ask.passes import Answers, ask_passes, passes_for
from extractor.ask.passes import context_tokens_needed as _context_tokens
from extractor.ask.subjects import ask_subjects
from extractor.config import Settings
from extractor.ground.meta import without_unfound_meta
from extractor.ground.spans import ground_facts
from extractor.model import Model
from extractor.normalize import normalize_facts
from extractor.numbers.extra import extra_slots
from extractor.numbers.indicators import (
    indicators_from_slots,
    measured,
    open_subjects,
    subject_candidates,
)
from extractor.numbers.slots import Slot, dropped_after_labels, plan_slots
from extractor.numbers.standings import standings_of
from extractor.numbers.targets import targets_of
from extractor.page.clean import CleanedText
from extractor.page.load import Page
from extractor.page.meta import parse_page_meta
from extractor.page.prepare import prepare_page
from extractor.page.script import in_page_script
from extractor.pipeline.bookkeeping import recording
from extractor.rules import RuleContext, apply_rules
from extractor.rules.plausible import looks_off_topic
from schemas.facts import FACT_LISTS, ArticleFacts, ArticleMeta, Indicator
from schemas.record import ExtractionRecord, Usage

MAX_SLOTS = 100
"""Numbers reported per article; more are cut (and flagged) to bound prompt and answer."""


def context_tokens_needed(pages: list[Page], settings: Settings) -> int:
    """Context one server slot needs for the longest of these pages."""
    longest = max((min(len(p.text), settings.max_article_chars) for p in pages), default=0)
    return _context_tokens(longest)


def _capped(slots: list[Slot], flags: list[str]) -> list[Slot]:
    if len(slots) > MAX_SLOTS:
        # The slot schema grows with every number; a page of tables would swamp the model.
        flags.append(f"too_many_numbers:{len(slots)}")
    return slots[:MAX_SLOTS]


def _fact_count(facts: ArticleFacts) -> int:
    return sum(len(getattr(facts, name)) for name in FACT_LISTS)


def _indicators(
    model: Model,
    settings: Settings,
    cleaned: CleanedText,
    article: str,
    slots: list[Slot],
    extras: list[Slot],
    answers: Answers,
    facts: ArticleFacts,
    context: RuleContext,
    usage: Usage,
) -> list[Indicator]:
    """Numbers as indicators, their subjects chosen among the names the page and rules found."""
    members = {m.name for m in context.listed}
    named = [(m.start, m.start + len(m.name)) for m in context.listed if m.kind == "project"]
    # Bodies the rules found (legal-form firms, named offices) as well as the model's: a small
    # model that names few of them must not leave a firm's figures to the zone around it.
    found = [o.name for o in facts.organizations]
    subjects = subject_candidates([*context.places, *context.model_names, *found], members, article)
    everything = slots + extras
    dropped = dropped_after_labels(article, slots)
    chosen = None
    if settings.choose_subjects:
        # Programs and projects are subjects too (a 活动's participants, a project's land).
        programs = [f.name for f in (*facts.projects, *facts.policies)]
        reported = measured(everything, named, dropped)
        questions = open_subjects(
            reported, article, [*subjects, *programs], context.places, context.homes
        )
        chosen = ask_subjects(model, article, questions, usage)
    return indicators_from_slots(
        everything,
        answers.labels,
        cleaned,
        article,
        subjects,
        named,
        chosen,
        dropped,
        context.homes,
        [p.name for p in facts.projects],
    )


def extract_page(page: Page, model: Model, settings: Settings) -> ExtractionRecord:
    """Run every stage over one page; never raises for a bad page or a failed call."""
    with recording(page, model.name) as record:
        cleaned = prepare_page(page, settings, record.flags)
        article = cleaned.text[: settings.max_article_chars]
        slots = _capped(plan_slots(article), record.flags)
        meta = parse_page_meta(page.text)
        # Rankings and table cells are planned apart, so the labels request stays as it was.
        extras = extra_slots(article, len(slots) + 1)
        if looks_off_topic(article, len(slots) + len(extras)):
            # Nothing to measure on a page about something else: no call, no invented facts.
            record.flags.append("off_topic")
            record.facts = normalize_facts(ArticleFacts(meta=ArticleMeta(**meta.model_dump())))
            record.status = "ok"
            return record
        answers = ask_passes(model, article, passes_for(settings, slots, meta), slots, record.usage)
        merged = merge_answers(answers.drafts, fill_meta(meta, answers.meta))
        context = RuleContext(article=article, model_names=model_names(merged))
        facts = apply_rules(merged, context)
        record.flags.extend(context.flags)
        facts.indicators = _indicators(
            model, settings, cleaned, article, slots, extras, answers, facts, context, record.usage
        )
        facts.targets = [*facts.targets, *targets_of(facts.indicators, cleaned, facts.targets)]
        facts.honors = [*facts.honors, *standings_of(facts.indicators, cleaned, facts.honors)]
        before = _fact_count(facts)
        facts = normalize_facts(facts)
        facts = without_copied_examples(
            ground_facts(facts, page.text, policy=settings.ground_policy)
        )
        meta = without_unfound_meta(facts.meta, cleaned)
        if meta.publish_date != facts.meta.publish_date:
            # Relative periods (今年) were resolved against a date the page does not state.
            facts = normalize_facts(facts.model_copy(update={"meta": meta}))
        facts.meta = meta
        facts = in_page_script(facts, cleaned)
        if unfound := before - _fact_count(facts):
            record.flags.append(f"dropped_ungrounded:{unfound}")
        record.facts = facts
        record.status = "ok"
    return record
