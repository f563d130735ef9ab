"""Validators: small pure functions with test vectors.

Each validator takes plain values (strings, dates) and returns a list of :class:`Finding`; an empty list
means the check passed. Findings name the fields they concern with the contract's field names; the extractor
turns them into Document issues and field statuses. Soft rules from the domain spec's **[U]** items are
``warning`` findings, never ``error``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Literal["error", "warning"]
    message: str
    fields: tuple[str, ...] = field(default_factory=tuple)
