"""Address and name accuracy per variant, from a finished ``bench.run`` (no extraction is run here).

    .venv/bin/python -m bench.fields                     # bench/results/latest-results.jsonl vs bench/corpus/cards
    .venv/bin/python -m bench.fields --results R.jsonl --corpus DIR --fields full_name,place_of_residence

Groups: ``address`` (place_of_*, *_residence, *_address) and ``name`` (full_name, *_name), scored as
:mod:`bench.score` does (exact value; silent = wrong with status ``ok``; review = status not ``ok``), plus the share
of address fields that carry an ``address`` object with a province code. Printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.score import Tally

ROOT = Path(__file__).resolve().parent.parent
_ADDRESS = re.compile(r"place_of_\w+|\w*residence|holder_\d+_address|parcel_address")
_NAME = re.compile(r"full_name|\w+_name")


def group_of(field: str) -> str | None:
    if _ADDRESS.fullmatch(field):
        return "address"
    if _NAME.fullmatch(field):
        return "name"
    return None


def tally(
    results: list[dict[str, Any]], corpus: Path, only: set[str] | None
) -> tuple[dict[Any, Tally], dict[Any, int]]:
    scores: dict[tuple[str, str], Tally] = defaultdict(Tally)
    coded: dict[tuple[str, str], int] = defaultdict(int)
    for result in results:
        truth_path = corpus / Path(result["file"]).with_suffix(".json").name
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        variant = truth.get("variant", "?")
        predicted = result.get("documents", [])
        for n, true_doc in enumerate(truth.get("documents", [])):
            doc_type = true_doc["type"]
            pred = next((d for d in predicted if d["type"] == doc_type), predicted[n] if n < len(predicted) else None)
            for name, true_field in true_doc["fields"].items():
                group = name if only else group_of(name)
                if group is None or (only and name not in only):
                    continue
                got = (pred or {}).get("fields", {}).get(name) if pred and pred["type"] == doc_type else None
                key = (variant, group)
                if got is None:
                    scores[key].add(False, None)
                    continue
                exact = got.get("value") == true_field.get("value")
                scores[key].add(exact, got.get("status"))
                if (got.get("address") or {}).get("province_code"):
                    coded[key] += 1
    return scores, coded


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f}" if d else "    -"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results" / "latest-results.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "corpus" / "cards")
    parser.add_argument("--fields", default="", help="comma-separated field names (default: address and name groups)")
    args = parser.parse_args()
    only = {f.strip() for f in args.fields.split(",") if f.strip()} or None
    lines = args.results.read_text(encoding="utf-8").splitlines()
    results = [json.loads(line) for line in lines if line.strip()]
    scores, coded = tally(results, args.corpus, only)
    print("| variant | fields | n | exact % | silent % | review % | with codes % |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (variant, group), t in sorted(scores.items()):
        print(
            f"| {variant} | {group} | {t.fields} | {pct(t.exact, t.fields)} | {pct(t.silent, t.fields)} | "
            f"{pct(t.review, t.fields)} | {pct(coded[(variant, group)], t.fields)} |"
        )


if __name__ == "__main__":
    main()
