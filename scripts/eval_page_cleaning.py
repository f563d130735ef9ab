"""Measure each A4 page-cleaning step: Tesseract's character error rate with and without it, and seconds per page.

Renders birth-certificate-like pages (``tests/page_synth.py``: labels, dotted leaders, values, a red stamp; fonts
from ``samples/generator/fonts.py``), degrades them (turned 90/180/270, skewed, shadowed, photographed on a desk,
blurred + JPEG) and reads each with Tesseract (``vie``, ``--psm 3``, the text of the searchable-PDF read, i.e. what
``sohoa ocr`` prints) after: no cleaning at all, full cleaning, full cleaning minus one step, full cleaning plus a
denoising or binarisation option.

CER = Levenshtein distance / length of the expected text, after NFC, runs of two or more leader dots (``.``/``…``)
deleted from the OCR text and all whitespace collapsed (so a config is not rewarded for the dots alone, only for
what they did to the values). Identical OCR images are read once (cached by content).

    .venv/bin/python scripts/eval_page_cleaning.py                 # the table (two fonts, ~10 min on 2 cores)
    .venv/bin/python scripts/eval_page_cleaning.py --fonts 1       # one font, quicker
    .venv/bin/python scripts/eval_page_cleaning.py --orientation   # OSD vs the reading check: accuracy and time
    .venv/bin/python scripts/eval_page_cleaning.py --skew          # skew estimate error
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from pipeline.cleaning import deskew, orient  # noqa: E402
from pipeline.cleaning.illumination import even_light  # noqa: E402
from pipeline.cleaning.page import ALL, Steps, clean_page  # noqa: E402
from pipeline.ocr.tesseract import TesseractEngine  # noqa: E402
from tests import page_synth as ps  # noqa: E402

FONTS = ("LiberationSerif-Regular.ttf", "NotoSans-Regular.ttf", "DejaVuSerifCondensed.ttf")

Variant = Callable[[np.ndarray], np.ndarray]
VARIANTS: dict[str, Variant] = {
    "scan": lambda im: im,
    "rot90": lambda im: ps.rotate_quarter(im, 90),
    "rot180": lambda im: ps.rotate_quarter(im, 180),
    "rot270": lambda im: ps.rotate_quarter(im, 270),
    "skew4": lambda im: ps.skew(im, 4.0),
    "shadow": lambda im: ps.shadow(im, 0.7, seed=1),
    "photo": lambda im: ps.blur_jpeg(ps.desk_photo(ps.shadow(im, 0.5, seed=2), seed=2)[0], 0.6, 75),
    "blur_jpeg": lambda im: ps.blur_jpeg(im, 1.3, 35),
    "lowres150": lambda im: ps.blur_jpeg(cv2.resize(im, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), 0.5, 60),
}
CONFIGS: dict[str, Steps | None] = {
    "raw": None,
    "full": ALL,
    "-sheet": replace(ALL, sheet=False),
    "-illumination": replace(ALL, illumination=False),
    "-orient": replace(ALL, orient=False),
    "-deskew": replace(ALL, deskew=False),
    "-leaders": replace(ALL, leaders=False),
    "+median": replace(ALL, denoise="median"),
    "+nlmeans": replace(ALL, denoise="nlmeans"),
    "+otsu": replace(ALL, binarize="otsu"),
    "+adaptive": replace(ALL, binarize="adaptive"),
}
_LEADERS = re.compile(r"[.…·]{2,}")


def normalise(text: str) -> str:
    text = _LEADERS.sub(" ", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def cer(ocr: str, truth: str) -> float:
    t = normalise(truth)
    return Levenshtein.distance(normalise(ocr), t) / max(1, len(t))


class CachedReader:
    def __init__(self, engine: TesseractEngine) -> None:
        self.engine = engine
        self.cache: dict[str, tuple[str, float]] = {}

    def text(self, image: np.ndarray) -> tuple[str, float]:
        key = hashlib.sha1(image.tobytes() + str(image.shape).encode()).hexdigest()
        if key not in self.cache:
            t0 = time.perf_counter()
            text = self.engine.read_pdf(image, text_only=True).text
            self.cache[key] = (text, time.perf_counter() - t0)
        return self.cache[key]


def run_table(n_fonts: int, variants: list[str], configs: list[str]) -> None:
    engine = TesseractEngine()
    reader = CachedReader(engine)
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for font in FONTS[:n_fonts]:
        page = ps.render_page(font)
        for vname in variants:
            degraded = VARIANTS[vname](page.image)
            for cname in configs:
                steps = CONFIGS[cname]
                t0 = time.perf_counter()
                if steps is None:
                    ocr_images = [cv2.cvtColor(degraded, cv2.COLOR_BGR2GRAY)]
                else:
                    ocr_images = [p.ocr_image for p in clean_page(degraded, engine, steps)]
                clean_s = time.perf_counter() - t0
                texts, ocr_s = zip(*(reader.text(im) for im in ocr_images), strict=True)
                score = cer("\n".join(texts), page.text)
                results.setdefault((vname, cname), []).append((score, clean_s + sum(ocr_s)))
                line = f"{font:32s} {vname:10s} {cname:14s} CER {100 * score:6.2f} %"
                print(f"{line}  {clean_s:5.2f}+{sum(ocr_s):5.2f} s", file=sys.stderr, flush=True)
    header = "| variant | " + " | ".join(configs) + " |"
    print(header)
    print("|" + "---|" * (len(configs) + 1))
    for vname in variants:
        cells = [f"{100 * np.mean([r[0] for r in results[(vname, c)]]):.1f}" for c in configs]
        print(f"| {vname} | " + " | ".join(cells) + " |")
    mean_cells = [f"{100 * np.mean([r[0] for v in variants for r in results[(v, c)]]):.1f}" for c in configs]
    print("| **mean CER %** | " + " | ".join(mean_cells) + " |")
    secs = [f"{np.mean([r[1] for v in variants for r in results[(v, c)]]):.2f}" for c in configs]
    print("| s/page | " + " | ".join(secs) + " |")


def run_orientation(n_fonts: int) -> None:
    engine = TesseractEngine()
    stats: dict[str, list[tuple[bool, float]]] = {"osd": [], "strip": [], "osd+strip": []}
    for font in FONTS[:n_fonts]:
        page = ps.render_page(font)
        for base_name, base in (("scan", page.image), ("shadow", ps.shadow(page.image, 0.7, seed=1)),
                                ("blur_jpeg", ps.blur_jpeg(page.image, 1.3, 35))):  # fmt: skip
            gray = even_light(base)
            for rot in (0, 90, 180, 270):
                turned = orient.turn(gray, rot)
                want = (360 - rot) % 360
                for name, kw in (("osd", {"use_strip": False}), ("strip", {"use_osd": False}), ("osd+strip", {})):
                    t0 = time.perf_counter()
                    got = orient.detect_orientation(turned, engine, **kw)  # type: ignore[arg-type]
                    dt = time.perf_counter() - t0
                    stats[name].append((got.rotation == want, dt))
                    verdict = "ok" if got.rotation == want else "WRONG"
                    line = f"{font:32s} {base_name:9s} turned {rot:3d} {name:9s} -> {got.rotation:3d}"
                    print(
                        f"{line} ({got.method}, {got.confidence:.1f}) {verdict} {dt:.2f} s", file=sys.stderr, flush=True
                    )
    print("| method | right | s/page |\n|---|---|---|")
    for name, rows in stats.items():
        print(f"| {name} | {sum(r[0] for r in rows)}/{len(rows)} | {np.mean([r[1] for r in rows]):.2f} |")


def run_skew(n_fonts: int) -> None:
    errors, times = [], []
    for font in FONTS[:n_fonts]:
        page = ps.render_page(font)
        rng = np.random.default_rng(0)
        for _ in range(10):
            angle = float(rng.uniform(-7, 7))
            gray = even_light(ps.skew(page.image, angle))
            t0 = time.perf_counter()
            got = deskew.estimate_skew(gray).angle
            times.append(time.perf_counter() - t0)
            errors.append(abs(got - angle))
    print(f"skew: mean abs error {np.mean(errors):.3f}°, worst {np.max(errors):.3f}°, {np.mean(times):.3f} s/page")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fonts", type=int, default=2)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--orientation", action="store_true")
    ap.add_argument("--skew", action="store_true")
    args = ap.parse_args(argv)
    if args.orientation:
        run_orientation(args.fonts)
    elif args.skew:
        run_skew(args.fonts)
    else:
        run_table(args.fonts, args.variants.split(","), args.configs.split(","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
