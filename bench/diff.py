"""Show where a bench run went wrong: each field whose value differs from the truth (synthetic data only).

``python -m bench.diff [--family papers] [--type T] [--variant V] [--field F]`` reads the latest results of
``bench.run`` and the corpus truth files.
"""

from __future__ import annotations

import argparse
import json

from bench.run import CORPUS, RESULTS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--type")
    parser.add_argument("--variant")
    parser.add_argument("--field")
    parser.add_argument("--silent", action="store_true", help="only wrong values with status ok")
    parser.add_argument("--family", choices=("cards", "papers"), default="cards")
    args = parser.parse_args()
    corpus = CORPUS / args.family
    results = RESULTS / ("latest-papers-results.jsonl" if args.family == "papers" else "latest-results.jsonl")
    for line in results.read_text(encoding="utf-8").splitlines():
        result = json.loads(line)
        stem = result["file"].rsplit(".", 1)[0]
        truth = json.loads((corpus / f"{stem}.json").read_text(encoding="utf-8"))
        if args.variant and truth.get("variant") != args.variant:
            continue
        if result.get("error"):
            print(f"{result['file']}: ERROR {result['error']['code']}")
            continue
        for true_doc in truth["documents"]:
            if args.type and true_doc["type"] != args.type:
                continue
            pred = next((d for d in result["documents"] if d["type"] == true_doc["type"]), None)
            if pred is None:
                got_types = [d["type"] for d in result["documents"]]
                print(f"{result['file']}: type {true_doc['type']} predicted {got_types}")
                continue
            for name, tf in true_doc["fields"].items():
                if args.field and name != args.field:
                    continue
                pf = pred["fields"].get(name, {})
                wrong = pf.get("value") != tf.get("value") or bool(pf.get("no_expiry")) != bool(tf.get("no_expiry"))
                if wrong and (not args.silent or pf.get("status") == "ok"):
                    print(
                        f"{result['file']}: {name} [{pf.get('status')} {pf.get('confidence')} {pf.get('source')}] "
                        f"got {pf.get('value')!r} want {tf.get('value')!r}"
                    )


if __name__ == "__main__":
    main()
