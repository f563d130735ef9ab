"""``python -m samples.generator``: write synthetic ID-card images with ground-truth JSON and an index.

Paper types (``--types birth_certificate,…,land_certificate_2024``) take the variants scan, photo and pdf
(:mod:`samples.generator.papers`); card types ignore ``pdf`` and paper types ignore the card-only variants.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from models.contract import CARD_TYPES, GENERATIONS
from samples.generator.build import Sample, image_seed, make_sample
from samples.generator.papers.build import PAPER_VARIANTS, make_paper_sample
from samples.generator.papers.fields import PAPER_TYPES
from samples.generator.truth import to_json
from samples.generator.variants import VARIANTS

# The committed demo set (samples/cards): (key, variant) pairs.
DEMO: tuple[tuple[str, str], ...] = (
    *((t, "scan") for t in CARD_TYPES),
    *((t, "photo") for t in CARD_TYPES),
    ("cccd_2021", "pair"),
    ("can_cuoc_2024", "pair"),
    ("cccd_2021_front", "blurry"),
    ("can_cuoc_2024_front", "glare"),
    ("cccd_2016_front", "dark"),
    ("cmnd_front", "tiny"),
    ("cccd_2021_back", "cutoff"),
)

Job = tuple[str, str, int, str, bool]  # key, variant, seed, stem, force_jpeg


def plan(types: Sequence[str], variants: Sequence[str], per_type: int, seed: int) -> list[Job]:
    jobs: list[Job] = []
    for variant in variants:
        if variant in ("pair", "copy"):
            keys = [g for g, sides in GENERATIONS.items() if any(t in types for t in sides)]
        else:
            keys = [t for t in types if variant in (PAPER_VARIANTS if t in PAPER_TYPES else VARIANTS)]
        for key in keys:
            for i in range(per_type):
                jobs.append((key, variant, image_seed(seed, key, variant, i), f"{key}_{variant}_{i:03d}", False))
    return jobs


def demo_plan(seed: int) -> list[Job]:
    return [(k, v, image_seed(seed, k, v, 0), f"{k}_{v}", True) for k, v in DEMO]


def _run(job: Job) -> Sample:
    key, variant, seed, stem, force_jpeg = job
    if key in PAPER_TYPES:
        return make_paper_sample(key, variant, seed, stem)
    return make_sample(key, variant, seed, stem, force_jpeg=force_jpeg)


def _write(out: Path, sample: Sample) -> dict[str, Any]:
    (out / sample.file_name).write_bytes(sample.data)
    truth_name = Path(sample.file_name).with_suffix(".json").name
    text = to_json(sample.truth) + "\n"
    (out / truth_name).write_text(text, encoding="utf-8")
    return {
        "file": sample.file_name,
        "truth": truth_name,
        "variant": sample.truth["variant"],
        "seed": sample.truth["seed"],
        "types": [d["type"] for d in sample.truth["documents"]],
    }


def _csv(value: str, allowed: Sequence[str], what: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown {what}: {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return items


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m samples.generator", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    parser.add_argument("--per-type", type=int, default=1, help="images per type and variant (pairs: per generation)")
    parser.add_argument("--variants", default="scan,photo", help=f"comma-separated: {','.join(VARIANTS)},pdf")
    parser.add_argument(
        "--types", default=",".join(CARD_TYPES), help="comma-separated card or paper types (default: all cards)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (output is identical for any value)")
    parser.add_argument("--demo", action="store_true", help="write the committed demo set instead (ignores counts)")
    args = parser.parse_args(argv)
    try:
        args.variants = _csv(args.variants, (*VARIANTS, "pdf"), "variant")
        args.types = _csv(args.types, (*CARD_TYPES, *PAPER_TYPES), "type")
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    jobs = demo_plan(args.seed) if args.demo else plan(args.types, args.variants, args.per_type, args.seed)
    started = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            samples = pool.map(_run, jobs, chunksize=4)
            entries = [_write(out, s) for s in samples]
    else:
        entries = [_write(out, _run(job)) for job in jobs]
    index = {
        "generator": "samples.generator",
        "synthetic": True,
        "seed": args.seed,
        "demo": bool(args.demo),
        "per_type": None if args.demo else args.per_type,
        "variants": None if args.demo else args.variants,
        "types": None if args.demo else args.types,
        "images": entries,
    }
    (out / "index.json").write_text(to_json(index) + "\n", encoding="utf-8")
    elapsed = time.perf_counter() - started
    per_image = elapsed / max(1, len(entries))
    print(f"wrote {len(entries)} images to {out} in {elapsed:.1f} s ({per_image * 1000:.0f} ms/image)", file=sys.stderr)
    return 0
