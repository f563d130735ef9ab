"""Pages of one file → documents: which consecutive pages belong to one paper.

A multi-page PDF or TIFF dossier holds several papers one after another; a 2014 land certificate is four printed
pages, often scanned as two spreads (``4|1`` and ``2|3``), so its pages arrive out of their printed order. The rule:
a page joins the current document when it has the same type, the type has several printed pages, and the page's
role is not yet in the document; anything else opens a new document. An unrecognised page between two pages of one
incomplete multi-page paper (the hand-drawn sketch page of a land certificate), or after its last readable page at
the end of the file, belongs to it; other unknown pages stand alone (routed to review).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Group(Generic[T]):
    type: str
    items: list[T] = field(default_factory=list)
    roles: set[int] = field(default_factory=set)


def group_pages(
    pages: Sequence[tuple[str, int, T]], page_counts: dict[str, int], sheets: Sequence[int] | None = None
) -> list[Group[T]]:
    """``pages`` are ``(type, role, item)`` in file order; ``page_counts`` gives each type's printed pages;
    ``sheets`` (optional) the file page each came from: the unreadable half of a spread (``4|1``) belongs to the
    paper on its other half."""
    groups: list[Group[T]] = []
    pending: list[T] = []  # unknown pages after an incomplete multi-page paper: its own, if it goes on
    sheet_of = list(sheets) if sheets is not None else list(range(len(pages)))
    for k, (doc_type, role, item) in enumerate(pages):
        current = groups[-1] if groups else None
        if doc_type == "unknown":
            nxt = pages[k + 1] if k + 1 < len(pages) else None
            spread_mate = (
                nxt is not None
                and sheet_of[k + 1] == sheet_of[k]
                and nxt[0] != "unknown"
                and page_counts.get(nxt[0], 1) > 1
                and (current is None or current.type != nxt[0] or nxt[1] in current.roles)
            )
            if spread_mate:
                groups.extend(Group("unknown", [p], {1}) for p in pending)
                groups.append(Group(pages[k + 1][0], [item], set()))  # the next page joins it: same type, new role
                pending = []
            elif current is not None and len(current.roles) + len(pending) < page_counts.get(current.type, 1):
                pending.append(item)
            else:
                groups.extend(Group("unknown", [p], {1}) for p in [*pending, item])
                pending = []
            continue
        joins = (
            current is not None
            and current.type == doc_type
            and page_counts.get(doc_type, 1) > 1
            and role not in current.roles
        )
        if joins:
            assert current is not None
            current.items.extend(pending)
        else:
            groups.extend(Group("unknown", [p], {1}) for p in pending)
            current = Group(doc_type)
            groups.append(current)
        pending = []
        current.items.append(item)
        current.roles.add(role)
    if pending and groups:
        groups[-1].items.extend(pending)  # the unreadable last pages of a paper (page 4 of a land certificate)
    return groups
