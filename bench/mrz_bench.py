"""MRZ reading benchmark: sohoa's reader (:func:`pipeline.mrz_locate.read_mrz`) against PassportEye, same images,
one run.

Sets:

* ``specimens`` — real specimen documents fetched from PyPI packages (``bench/mrz_specimens.py``), as published
  (``specimen``) and re-photographed in 3 more orientations (``specimen_derived``);
* ``synthetic`` — rendered documents (``samples/generator/mrz_docs.py``): random valid TD1/TD2/TD3 and the
  Vietnamese example, several OCR-B cuts and a monospace stand-in, 4 orientations ± tilt, varied size, blur, noise
  and JPEG; plus documents without an MRZ. Labelled synthetic in the output.

Per reader and set: images, exact-line accuracy (all lines equal to the truth, over images that have an MRZ),
line accuracy, per-check accuracy (each check digit's pass/fail as reported vs. as computed on the true lines, a
missed MRZ counting as wrong), false MRZs on negatives, and mean/p50/p95 seconds per image (file decoding
included; the Tesseract engine is constructed once, as in a long-running process).

Usage: ``.venv/bin/python -m bench.mrz_bench [--sets specimens,synthetic] [--synthetic-n 48] [--no-passporteye]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2

from extractors.validators.mrz import parse

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = ROOT / "bench" / "corpus" / "mrz_synthetic"

# PassportEye's check names → ours.
_PE_CHECKS = {
    "valid_number": "document_number",
    "valid_date_of_birth": "date_of_birth",
    "valid_expiration_date": "date_of_expiry",
    "valid_composite": "composite",
    "valid_personal_number": "optional_data",
}


@dataclass(frozen=True)
class Case:
    path: Path
    set: str
    lines: tuple[str, ...] | None


@dataclass
class Reading:
    lines: tuple[str, ...] | None
    checks: dict[str, bool]
    seconds: float
    error: str | None = None


@dataclass
class Tally:
    seconds: list[float] = field(default_factory=list)
    positives: int = 0
    exact: int = 0
    lines_total: int = 0
    lines_ok: int = 0
    checks_total: int = 0
    checks_ok: int = 0
    negatives: int = 0
    false_mrz: int = 0
    errors: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, case: Case, reading: Reading) -> None:
        self.seconds.append(reading.seconds)
        self.errors += reading.error is not None
        if case.lines is None:
            self.negatives += 1
            self.false_mrz += reading.lines is not None
            return
        self.positives += 1
        got = reading.lines or ()
        exact = got == case.lines
        self.exact += exact
        if not exact:
            self.misses.append(case.path.name)
        self.lines_total += len(case.lines)
        self.lines_ok += sum(a == b for a, b in zip(got, case.lines, strict=False))
        truth = parse(case.lines).checks
        self.checks_total += len(truth)
        self.checks_ok += sum(reading.checks.get(name) is value for name, value in truth.items())


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f}%" if d else "    -"


# Readers -----------------------------------------------------------------------------------------------------------


def sohoa_reader() -> Callable[[Path], Reading]:
    from pipeline.mrz_locate import read_mrz
    from pipeline.ocr.tesseract import TesseractEngine

    engine = TesseractEngine()

    def read(path: Path) -> Reading:
        start = time.perf_counter()
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            return Reading(None, {}, time.perf_counter() - start, error="unreadable")
        found = read_mrz(image, engine)
        seconds = time.perf_counter() - start
        if found is None:
            return Reading(None, {}, seconds)
        return Reading(tuple(found.result.lines), dict(found.result.checks), seconds)

    return read


def passporteye_reader() -> Callable[[Path], Reading]:
    from passporteye import read_mrz
    from passporteye.mrz.text import MRZOCRCleaner

    def read(path: Path) -> Reading:
        start = time.perf_counter()
        try:
            mrz = read_mrz(str(path))
        except Exception as exc:  # PassportEye raises on some inputs; a failure to read, not a crash of the bench
            return Reading(None, {}, time.perf_counter() - start, error=type(exc).__name__)
        seconds = time.perf_counter() - start
        if mrz is None or not mrz.mrz_type:
            return Reading(None, {}, seconds)
        lines = tuple(MRZOCRCleaner.apply(mrz.aux.get("raw_text", "")))
        checks = {ours: bool(getattr(mrz, attr)) for attr, ours in _PE_CHECKS.items() if hasattr(mrz, attr)}
        return Reading(lines, checks, seconds)

    return read


# Sets --------------------------------------------------------------------------------------------------------------


def specimen_cases() -> list[Case]:
    from bench.mrz_specimens import fetch

    manifest = json.loads(fetch().read_text())
    root = Path(manifest["root"])
    return [Case(root / e["file"], e["set"], tuple(e["lines"]) if e["lines"] else None) for e in manifest["images"]]


def synthetic_cases(n: int, seed: int) -> list[Case]:
    """Render (once per seed and size) ``n`` documents with an MRZ and ``n // 8`` without."""
    from samples.generator.mrz_docs import SPECIMENS, DocStyle, Placement, place_in_photo, random_mrz, render_document

    folder = SYNTHETIC / f"seed{seed}_n{n}"
    truth_file = folder / "truth.json"
    if not truth_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        rng = random.Random(seed)
        fonts = [f"/usr/share/fonts/opentype/ocr-b/{name}" for name in ("OCRB.otf", "OCRB.otf", "OCRBS.otf")]
        fonts = [f for f in fonts if Path(f).exists()] + [
            "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
        ]  # OCRBL is slanted: no MRZ looks like it
        truth: dict[str, list[str] | None] = {}
        for i in range(n + n // 8):
            lines: tuple[str, ...] | None
            if i >= n:
                lines = None
            elif i % 8 == 7:
                lines = SPECIMENS["vn"]
            else:
                lines = random_mrz(("TD1", "TD2", "TD3")[i % 3], rng)
            style = DocStyle(mrz_font=rng.choice(fonts), generation=rng.choice(("cccd_2021", "can_cuoc_2024", "cmnd")))
            doc = render_document(lines, rng, style)
            placement = Placement(
                rotation=(0, 90, 180, 270)[i % 4],
                tilt=rng.uniform(-20, 20),
                doc_fraction=rng.uniform(0.45, 0.85),
                frame=rng.choice(((2000, 1500), (1600, 1200), (1280, 960), (1500, 2000))),
                perspective=rng.uniform(0.0, 0.03),
                blur=rng.uniform(0.3, 1.4),
                noise=rng.uniform(1.0, 5.0),
                jpeg_quality=rng.choice((60, 75, 85, 95)),
            )
            name = f"syn_{i:03d}.jpg"
            cv2.imwrite(str(folder / name), place_in_photo(doc, rng, placement), [cv2.IMWRITE_JPEG_QUALITY, 95])
            truth[name] = list(lines) if lines else None
        truth_file.write_text(json.dumps(truth, indent=1))
    truth = json.loads(truth_file.read_text())
    return [Case(folder / name, "synthetic", tuple(lines) if lines else None) for name, lines in sorted(truth.items())]


# Report ------------------------------------------------------------------------------------------------------------


def report(results: dict[str, dict[str, Tally]]) -> str:
    head = (f"{'set':<18} {'reader':<12} {'images':>6} {'exact':>7} {'lines':>7} {'checks':>7} {'false':>5} "
            f"{'mean s':>7} {'p50 s':>6} {'p95 s':>6}")  # fmt: skip
    rows = [head, "-" * len(head)]
    for set_name, by_reader in results.items():
        for reader, t in by_reader.items():
            rows.append(
                f"{set_name:<18} {reader:<12} {len(t.seconds):>6} {pct(t.exact, t.positives):>7} "
                f"{pct(t.lines_ok, t.lines_total):>7} {pct(t.checks_ok, t.checks_total):>7} "
                f"{t.false_mrz:>2}/{t.negatives:<2} {statistics.fmean(t.seconds) if t.seconds else 0:7.2f} "
                f"{quantile(t.seconds, 0.5):6.2f} {quantile(t.seconds, 0.95):6.2f}"
            )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="specimens,synthetic")
    parser.add_argument("--synthetic-n", type=int, default=48)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-passporteye", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every image's readings")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    warnings.filterwarnings("ignore", category=FutureWarning)  # PassportEye on current scikit-image

    cases: list[Case] = []
    sets = args.sets.split(",")
    if "specimens" in sets:
        cases += specimen_cases()
    if "synthetic" in sets:
        cases += synthetic_cases(args.synthetic_n, args.seed)
    readers = {"sohoa": sohoa_reader()}
    if not args.no_passporteye:
        readers["passporteye"] = passporteye_reader()

    results: dict[str, dict[str, Tally]] = {}
    for case in cases:
        for name, read in readers.items():
            reading = read(case.path)
            results.setdefault(case.set, {}).setdefault(name, Tally()).add(case, reading)
            if args.verbose:
                ok = "ok " if (reading.lines or None) == case.lines else "BAD"
                print(
                    f"{ok} {name:<12} {reading.seconds:5.2f}s {case.path.name}: {reading.lines} {reading.error or ''}"
                )
    print(report(results))
    for set_name, by_reader in results.items():
        for reader, t in by_reader.items():
            if t.misses:
                print(f"not exact ({set_name}, {reader}): {', '.join(t.misses)}")


if __name__ == "__main__":
    main()
