"""Metadata the page does not state is cleared, not reported.

Measured on the devset: on pages without a date line or outlet the 1.5B copies a date and an
outlet from elsewhere (2022-01-25 on six pages, 江北发布 on two). A publication date the
grounder cannot find on the page, and a source or author found neither in the raw page nor in
its cleaned text (pinyin annotations removed, script folded), is dropped; the record keeps the
flag that says so.
"""

from __future__ import annotations

from extractor.page.clean import CleanedText
from extractor.text import fold
from schemas.facts import ArticleMeta


def _on_page(value: str, cleaned: CleanedText) -> bool:
    return value in cleaned.raw or fold(value) in fold(cleaned.text)


def without_unfound_meta(meta: ArticleMeta, cleaned: CleanedText) -> ArticleMeta:
    update: dict[str, object] = {}
    if "publish_date_not_in_source" in meta.grounding.flags:
        update |= {"publish_date": None, "publish_date_iso": None}
    if meta.source and not _on_page(meta.source, cleaned):
        update["source"] = None
    authors = [a for a in meta.authors if _on_page(a, cleaned)]
    if authors != meta.authors:
        update["authors"] = authors
    return meta.model_copy(update=update)
