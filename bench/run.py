"""``make bench``: the CLI over a generated corpus; accuracy, silent errors, review rate, speed.

Generates (once per seed and size) ``bench/corpus/cards``: every card type × {scan, photo} × N, runs
``sohoa extract --json`` over it in one process (the way a back office would), scores each Result against the
generator's ground truth and prints tables per type, variant and field, plus p50/p95 seconds per image.
The figures are also written to ``bench/results/latest.json`` and ``bench/results/latest.md``.

``--family papers`` does the same for the civil-status and land papers: ``bench/corpus/papers`` (every paper
type × {scan, photo, pdf} × N, PDFs included), results in ``bench/results/latest-papers.*``; seconds are per page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.score import Scores, Tally, score_result
from samples.generator.papers.fields import PAPER_TYPES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
RESULTS = ROOT / "bench" / "results"


def generate(out: Path, per_type: int, variants: str, seed: int, types: str | None = None) -> list[Path]:
    marker = out / f".complete-{seed}-{per_type}-{variants.replace(',', '_')}"
    if not marker.exists():
        out.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable,
            "-m",
            "samples.generator",
            "--out",
            str(out),
            "--per-type",
            str(per_type),
            "--variants",
            variants,
            "--seed",
            str(seed),
            *(["--types", types] if types else []),
        ]
        subprocess.run(cmd, check=True, cwd=ROOT)
        marker.touch()
    suffixes = {".jpg", ".png", ".pdf"} if types else {".jpg", ".png"}
    return sorted(p for p in out.iterdir() if p.suffix.lower() in suffixes)


def run_cli(images: list[Path]) -> list[dict[str, Any]]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = [str(ROOT / ".venv" / "bin" / "sohoa"), "extract", "--json", *map(str, images)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if proc.returncode == 1:
        sys.stderr.write(proc.stderr)
        raise SystemExit("sohoa extract failed")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f}" if d else "    -"


def quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(scores: Scores, wall_s: float, n_images: int, unit: str = "image") -> tuple[str, dict[str, Any]]:
    out: list[str] = []
    summary: dict[str, Any] = {"images": n_images, "wall_seconds": round(wall_s, 1), "by_type_variant": {}}
    out.append("| type | variant | docs | type acc % | fields | exact % | silent % | review % |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|")
    totals: dict[str, Tally] = {}
    for (doc_type, variant), (right, total) in sorted(scores.docs.items()):
        t = Tally()
        for (ft, fv, _), tally in scores.by_field.items():
            if ft == doc_type and fv == variant:
                t.merge(tally)
        totals.setdefault(variant, Tally()).merge(t)
        out.append(
            f"| {doc_type} | {variant} | {total} | {pct(right, total)} | {t.fields} | {pct(t.exact, t.fields)} | "
            f"{pct(t.silent, t.fields)} | {pct(t.review, t.fields)} |"
        )
        summary["by_type_variant"][f"{doc_type}/{variant}"] = {
            "type_accuracy": right / total if total else None,
            "exact": t.exact / t.fields if t.fields else None,
            "silent": t.silent / t.fields if t.fields else None,
            "review": t.review / t.fields if t.fields else None,
        }
    out.append("")
    out.append("| variant | fields | exact % | silent % | review % | doc type acc % | p50 s | p95 s | images |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for variant, t in sorted(totals.items()):
        docs = [v for (dt, var), v in scores.docs.items() if var == variant]
        right, total = sum(d[0] for d in docs), sum(d[1] for d in docs)
        lat = scores.latency[variant]
        out.append(
            f"| {variant} | {t.fields} | {pct(t.exact, t.fields)} | {pct(t.silent, t.fields)} | "
            f"{pct(t.review, t.fields)} | {pct(right, total)} | {quantile(lat, 0.5):.2f} | "
            f"{quantile(lat, 0.95):.2f} | {len(lat)} |"
        )
        summary[variant] = {
            "exact": t.exact / t.fields,
            "silent": t.silent / t.fields,
            "review": t.review / t.fields,
            "type_accuracy": right / total,
            "p50_s": quantile(lat, 0.5),
            "p95_s": quantile(lat, 0.95),
        }
    all_lat = [x for v in scores.latency.values() for x in v]
    out.append("")
    out.append(
        f"All images: p50 {quantile(all_lat, 0.5):.2f} s, p95 {quantile(all_lat, 0.95):.2f} s, "
        f"mean {statistics.fmean(all_lat) if all_lat else 0:.2f} s per {unit}; "
        f"{n_images} images in {wall_s:.0f} s wall ({60 * n_images / wall_s:.1f} images/min, one process)"
    )
    if scores.errors:
        out.append(f"Rejected inputs: {dict(scores.errors)}")
    out.append("")
    out.append("Per field (all types):")
    out.append("| type | variant | field | n | exact % | silent % | review % |")
    out.append("|---|---|---|---:|---:|---:|---:|")
    for (doc_type, variant, name), t in sorted(scores.by_field.items()):
        out.append(
            f"| {doc_type} | {variant} | {name} | {t.fields} | {pct(t.exact, t.fields)} | "
            f"{pct(t.silent, t.fields)} | {pct(t.review, t.fields)} |"
        )
    summary["p50_s"], summary["p95_s"] = quantile(all_lat, 0.5), quantile(all_lat, 0.95)
    return "\n".join(out), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-type", type=int, default=10)
    parser.add_argument("--variants", default=None, help="default: scan,photo (cards), scan,photo,pdf (papers)")
    parser.add_argument("--family", choices=("cards", "papers"), default="cards")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N images (quick look)")
    args = parser.parse_args()
    papers = args.family == "papers"
    variants = args.variants or ("scan,photo,pdf" if papers else "scan,photo")
    if papers:
        images = generate(CORPUS / "papers", args.per_type, variants, args.seed, ",".join(PAPER_TYPES))
    else:
        images = generate(CORPUS / "cards", args.per_type, variants, args.seed)
    if args.limit:
        images = images[: args.limit]
    started = time.perf_counter()
    results = run_cli(images)
    wall = time.perf_counter() - started
    scores = Scores()
    for image, result in zip(images, results, strict=True):
        truth = json.loads(image.with_suffix(".json").read_text(encoding="utf-8"))
        score_result(scores, result, truth)
    text, summary = report(scores, wall, len(images), "page" if papers else "image")
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "latest-papers" if papers else "latest"
    (RESULTS / f"{stem}.md").write_text(text + "\n", encoding="utf-8")
    (RESULTS / f"{stem}.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    (RESULTS / f"{stem}-results.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in results) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
