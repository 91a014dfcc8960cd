"""Facts written in the page's own script.

Cleaning shows a traditional page to the rules and the model in simplified characters, one
character for one, so names come out simplified. An analyst reading a 開州區 page expects
開州區. Each simplified character goes back to the character the page itself wrote for it
(后 is 後 on one page and 后 on another: the page decides); characters the page never wrote
go through OpenCC s2t.
"""

from __future__ import annotations

import types
from collections import Counter
from functools import lru_cache
from typing import Any, Literal, Union, get_args, get_origin

import opencc
from pydantic import BaseModel

from extractor.page.clean import CleanedText
from schemas.facts import FACT_LISTS, ArticleFacts

_S2T = opencc.OpenCC("s2t")

# Text copied from the page already (values, rates) or codes and dates: left as they are.
_AS_WRITTEN = frozenset(
    {"value", "growth", "share", "code", "parent_code", "publish_date", "date", "text"}
)


@lru_cache(maxsize=4096)
def _s2t_char(c: str) -> str:
    converted = _S2T.convert(c)
    return converted if len(converted) == 1 else c


def page_characters(cleaned: CleanedText) -> dict[str, str]:
    """Simplified character -> the character this page writes for it (itself when the page
    writes it unchanged: 并 stays 并 on a page that writes 簽約并投產)."""
    seen: dict[str, Counter[str]] = {}
    for index, shown in enumerate(cleaned.text):
        seen.setdefault(shown, Counter())[cleaned.raw[cleaned.offsets[index]]] += 1
    return {shown: counts.most_common(1)[0][0] for shown, counts in seen.items()}


def to_page_script(text: str, characters: dict[str, str]) -> str:
    """text with each character as the page writes it, else as OpenCC s2t writes it."""
    return "".join(characters.get(c) or _s2t_char(c) for c in text)


def _is_text(annotation: Any) -> bool:
    """A free-text field: str or list of str (optional), not an enumeration (Literal)."""
    origin = get_origin(annotation)
    if origin is Literal:
        return False
    if origin in (Union, types.UnionType):
        return all(_is_text(a) for a in get_args(annotation) if a is not type(None))
    if origin is list:
        return all(_is_text(a) for a in get_args(annotation))
    if origin is not None and get_args(annotation):  # Annotated[str, ...]
        return _is_text(get_args(annotation)[0])
    return annotation is str


def _converted(model: BaseModel, characters: dict[str, str]) -> BaseModel:
    update: dict[str, Any] = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if name in _AS_WRITTEN or value is None or not _is_text(field.annotation):
            continue
        if isinstance(value, str):
            update[name] = to_page_script(value, characters)
        elif isinstance(value, list):
            update[name] = [to_page_script(v, characters) for v in value]
    return model.model_copy(update=update)


def in_page_script(facts: ArticleFacts, cleaned: CleanedText) -> ArticleFacts:
    """The facts' written fields in the page's script (unchanged for a simplified page)."""
    if not cleaned.traditional:
        return facts
    characters = page_characters(cleaned)
    update: dict[str, Any] = {"meta": _converted(facts.meta, characters)}
    for fact_list in FACT_LISTS:
        update[fact_list] = [_converted(f, characters) for f in getattr(facts, fact_list)]
    return facts.model_copy(update=update)
