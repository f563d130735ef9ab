"""Scoring contract Results against ground truth (the generator's JSON, the contract's shape).

Per document type, variant and field: exact match (the normalised value equals the truth, ``no_expiry`` too),
silent errors (a wrong value whose status is ``ok`` — the errors nobody will look at), review rate (status not
``ok``). Document-type accuracy: each true document is matched with the predicted document of the same type that
shares most pages with it (the first such on a tie, so one-page card files match as before), else with the predicted
document at the same position. Latency is recorded per page: a Result's total time divided by the file's page count
(``transform.file_page_count`` of paper truths; 1 for card images).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tally:
    fields: int = 0
    exact: int = 0
    silent: int = 0
    review: int = 0

    def add(self, exact: bool, status: str | None) -> None:
        self.fields += 1
        self.exact += exact
        self.review += status != "ok"
        self.silent += (not exact) and status == "ok"

    def merge(self, other: Tally) -> None:
        self.fields += other.fields
        self.exact += other.exact
        self.silent += other.silent
        self.review += other.review


@dataclass
class Scores:
    by_field: dict[tuple[str, str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    docs: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _truth_value(truth: dict[str, Any]) -> tuple[str | None, bool]:
    return truth.get("value"), bool(truth.get("no_expiry"))


def _match(predicted: list[dict[str, Any]], true_doc: dict[str, Any], n: int) -> dict[str, Any] | None:
    same = [d for d in predicted if d["type"] == true_doc["type"]]
    if same:
        pages = set(true_doc.get("pages") or [])
        return max(same, key=lambda d: len(pages & set(d.get("pages") or [])))  # max keeps the first on a tie
    return predicted[n] if n < len(predicted) else None


def score_result(scores: Scores, result: dict[str, Any], truth: dict[str, Any]) -> None:
    variant = truth.get("variant", "?")
    pages = max(1, int(truth.get("transform", {}).get("file_page_count", 1)))
    scores.latency[variant].append(result.get("timings_ms", {}).get("total", 0) / 1000.0 / pages)
    if result.get("error"):
        scores.errors[result["error"]["code"]] += 1
    predicted = result.get("documents", [])
    for n, true_doc in enumerate(truth.get("documents", [])):
        doc_type = true_doc["type"]
        # Match by type and pages first (a side-by-side pair may come back in another order), else by position.
        pred = _match(predicted, true_doc, n)
        tally = scores.docs[(doc_type, variant)]
        tally[1] += 1
        tally[0] += pred is not None and pred["type"] == doc_type
        for name, true_field in true_doc["fields"].items():
            value, no_expiry = _truth_value(true_field)
            got = (pred or {}).get("fields", {}).get(name) if pred and pred["type"] == doc_type else None
            if got is None:
                scores.by_field[(doc_type, variant, name)].add(False, None)
                continue
            exact = got.get("value") == value and bool(got.get("no_expiry")) == no_expiry
            scores.by_field[(doc_type, variant, name)].add(exact, got.get("status"))
