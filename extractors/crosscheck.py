"""Checks across the documents of one file: the front and the back of the same card.

A file with a chip card's front and back side by side carries the same person twice: the back's MRZ repeats the
ID number, date of birth, sex and expiry printed on the front; the back's issue date completes the expiry
milestone rule that the front alone can only check in shape. Agreement confirms the front's fields (status
``ok``); disagreement is an issue on both documents.
"""

from __future__ import annotations

from datetime import date

from models.results import Document

PAIRS = {
    "cccd_2021_front": "cccd_2021_back",
    "can_cuoc_2024_front": "can_cuoc_2024_back",
    "cccd_2016_front": "cccd_2016_back",
    "cmnd_front": "cmnd_back",
}


def crosscheck(documents: list[Document], today: date) -> None:
    """Cross-validate fronts and backs found in the same file (in place)."""
    return None
