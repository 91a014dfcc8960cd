"""Metadata: each non-empty field (title, publish_date, source, authors) is one fact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from extractor.evaluation.checks import MatchContext, Score
from extractor.evaluation.compare import char_f1, normalize_text, parse_date, same_text
from extractor.evaluation.log import MatchSettings
from extractor.evaluation.scorers.base import Scorer, scorer
from schemas.common import Grounding
from schemas.facts import ArticleFacts
from schemas.gold import GoldArticle


@dataclass(frozen=True)
class MetaFact:
    """One non-empty metadata field, scored as a fact of type 'meta'."""

    field: str
    """title, publish_date, source or authors."""
    text: str
    """The value as written (authors joined with 、)."""
    iso: date | None = None
    """publish_date only: the date as data."""
    names: tuple[str, ...] = ()
    """authors only: the names."""

    @property
    def needles(self) -> tuple[str, ...]:
        """Strings whose presence in a quote or span shows it states this field."""
        return self.names or (self.text,)


def meta_facts(meta: Any) -> list[MetaFact]:
    """The non-empty fields of a gold or predicted meta block, one fact each."""
    facts: list[MetaFact] = []
    if meta.title:
        facts.append(MetaFact("title", meta.title))
    iso = meta.publish_date_iso
    if isinstance(iso, str):
        iso = parse_date(iso)
    iso = iso or parse_date(meta.publish_date)
    if iso or meta.publish_date:
        facts.append(MetaFact("publish_date", meta.publish_date or iso.isoformat(), iso=iso))
    if meta.source:
        facts.append(MetaFact("source", meta.source))
    authors = tuple(a for a in meta.authors if a)
    if authors:
        facts.append(MetaFact("authors", "、".join(authors), names=authors))
    return facts


PASSING_SIMILARITY = 0.01
"""Both the threshold and the least similarity of a pair its field rule accepts: a date
written two ways shares few characters yet is the same date, so it must still pass."""


@scorer("meta")
class Meta(Scorer):
    def threshold(self, settings: MatchSettings) -> float:
        # Any positive similarity passes; the field rule in similarity is the gate.
        return PASSING_SIMILARITY

    def similarity(self, g: MetaFact, p: MetaFact, ctx: MatchContext) -> Score:
        if g.field != p.field:
            return Score(0.0, 0.0, False)
        f1, exact = char_f1(g.text, p.text), same_text(g.text, p.text)
        if g.field == "title":
            ok = f1 >= ctx.settings.title_threshold
        elif g.field == "publish_date":
            ok = g.iso == p.iso if g.iso and p.iso else exact
        elif g.field == "source":
            ok = exact or f1 >= ctx.settings.field_text_threshold
        else:
            ok = {normalize_text(n) for n in g.names} == {normalize_text(n) for n in p.names}
        return Score(max(f1, PASSING_SIMILARITY) if ok else 0.0, f1, exact)

    def label(self, fact: MetaFact) -> str:
        return f"{fact.field}: {fact.text}"

    def gold_facts(self, gold: GoldArticle) -> list[Any]:
        return meta_facts(gold.meta)

    def pred_facts(self, facts: ArticleFacts) -> list[Any]:
        return meta_facts(facts.meta)

    def gold_quote(self, fact: MetaFact, gold: GoldArticle) -> str | None:
        # Gold metadata carries a list of quotes, not one per field: pick the one naming it.
        return next((q for q in gold.meta.quotes if any(n in q for n in fact.needles)), None)

    def grounding(self, fact: MetaFact, facts: ArticleFacts) -> Grounding:
        grounding = facts.meta.grounding
        own = [s for s in grounding.spans if s.text and any(n in s.text for n in fact.needles)]
        return grounding.model_copy(update={"spans": own or list(grounding.spans)})
