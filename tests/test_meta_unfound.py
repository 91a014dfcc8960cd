"""Metadata the page does not state is cleared; what it states (also through pinyin) stays."""

from __future__ import annotations

from extractor.ground.meta import without_unfound_meta
from extractor.page.clean import clean_page
from schemas.common import Grounding
from schemas.facts import ArticleMeta


def test_a_copied_date_source_and_author_are_cleared() -> None:
    cleaned = clean_page("來源:經(jīng)濟參考報 記者 甲乙\n正文。")
    meta = ArticleMeta(
        title="标题",
        publish_date="2022-01-25",
        publish_date_iso="2022-01-25",
        source="經濟參考報",  # on the page between pinyin annotations
        authors=["甲乙", "丙丁"],
        grounding=Grounding(flags=["publish_date_not_in_source"]),
    )
    kept = without_unfound_meta(meta, cleaned)
    assert (kept.publish_date, kept.publish_date_iso) == (None, None)
    assert kept.source == "經濟參考報"
    assert kept.authors == ["甲乙"]
    assert kept.title == "标题"
    copied = meta.model_copy(update={"source": "江北发布"})
    assert without_unfound_meta(copied, cleaned).source is None


def test_periods_resolved_against_a_copied_date_are_resolved_again_without_it() -> None:
    from extractor.normalize import normalize_facts
    from schemas.facts import ArticleFacts, Indicator

    facts = normalize_facts(
        ArticleFacts(
            meta=ArticleMeta(publish_date="2022-01-25"),
            indicators=[Indicator(subject="甲区", name="产值", value="9亿元", period="今年以来")],
        )
    )
    assert str(facts.indicators[0].period_normalized.start) == "2022-01-01"  # the copied year
    cleared = facts.meta.model_copy(update={"publish_date": None, "publish_date_iso": None})
    again = normalize_facts(facts.model_copy(update={"meta": cleared}))
    assert again.indicators[0].period_normalized.start is None
