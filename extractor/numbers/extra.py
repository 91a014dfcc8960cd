"""Slots found by code that the model is not asked to label: rankings and table cells.

They are planned after the prose slots and numbered after them, so the labels request built
from plan_slots (and its cached answers) is unchanged; table cells carry their own name,
subject and period from the table's headers, and a rank is named by its clause's words.
"""

from __future__ import annotations

from extractor.numbers.ranks import rank_slots
from extractor.numbers.slots import Slot
from extractor.numbers.tables import table_slots


def extra_slots(text: str, first_id: int) -> list[Slot]:
    """Rankings, then table cells, of the cleaned text, ids from first_id."""
    ranks = rank_slots(text, first_id)
    return ranks + table_slots(text, first_id + len(ranks))
