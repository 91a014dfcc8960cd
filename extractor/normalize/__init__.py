"""Deterministic normalization: as-written numbers, changes, periods and dates as data."""

from .facts import normalize_facts
from .numbers import Mention, find_mentions, parse_change, parse_quantity
from .periods import resolve_date, resolve_period

__all__ = [
    "Mention",
    "find_mentions",
    "normalize_facts",
    "parse_change",
    "parse_quantity",
    "resolve_date",
    "resolve_period",
]
