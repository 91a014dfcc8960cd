"""Gate a page before any work: readable, Chinese enough, not empty once cleaned."""

from __future__ import annotations

import re

from extractor.config import Settings
from extractor.page.clean import CleanedText, clean_page
from extractor.page.load import Page

_HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_HAN_SHARE = 0.2
"""Below this share of Han characters a page is flagged not_chinese (still extracted)."""


class PageRejected(ValueError):
    """The page cannot be extracted from; the message says why, for the record's error."""


def page_flags(page: Page, cleaned: CleanedText | None, settings: Settings) -> list[str]:
    flags: list[str] = []
    text = cleaned.text if cleaned else page.text
    if text and len(_HAN.findall(text)) < MIN_HAN_SHARE * len(text.strip()):
        flags.append("not_chinese")
    if cleaned is not None and cleaned.traditional:
        flags.append("traditional_script")
    if len(text) > settings.max_article_chars:
        flags.append("truncated_input")
    return flags


def prepare_page(page: Page, settings: Settings, flags: list[str]) -> CleanedText:
    """The cleaned page; flags are appended to `flags` even when the page is then rejected."""
    if page.load_error:
        raise PageRejected(page.load_error)
    if not page.text.strip():
        raise PageRejected("empty page: no text to extract from")
    cleaned = clean_page(page.text)
    flags.extend(page_flags(page, cleaned, settings))
    if not cleaned.text.strip():
        raise PageRejected("nothing left after removing navigation and noise")
    return cleaned
