"""Developer aid: card-location IoU against the generator's true quads (synthetic corpus)."""

from __future__ import annotations

import glob
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from pipeline.cleaning.locate import find_cards


def iou(a: np.ndarray, b: np.ndarray) -> float:
    inter, _ = cv2.intersectConvexConvex(a.astype(np.float32), b.astype(np.float32))
    ua = cv2.contourArea(a.astype(np.float32)) + cv2.contourArea(b.astype(np.float32)) - inter
    return float(inter / ua) if ua else 0.0


def main() -> None:
    folder = sys.argv[1] if len(sys.argv) > 1 else "bench/corpus/cards"
    worst: list[tuple[float, str]] = []
    times = []
    by_variant: dict[str, list[float]] = {}
    variant_times: dict[str, list[float]] = {}
    for path in sorted(glob.glob(f"{folder}/*.json")):
        if path.endswith("index.json"):
            continue
        truth = json.loads(Path(path).read_text(encoding="utf-8"))
        image = cv2.imread(path.replace(".json", "." + truth["transform"]["encoding"].replace("jpg", "jpg")))
        if image is None:
            continue
        t = time.perf_counter()
        regions = find_cards(image)
        times.append(time.perf_counter() - t)
        variant = str(truth.get("variant", "?"))
        variant_times.setdefault(variant, []).append(times[-1])
        for card in truth["transform"]["cards"]:
            q = np.array(card["quad"], dtype=np.float32)
            best = max(iou(q, r.quad) for r in regions)
            worst.append((best, f"{truth['file']} {[r.method for r in regions]}"))
            by_variant.setdefault(variant, []).append(best)
    worst.sort()
    ious = [w for w, _ in worst]
    low, bad = sum(i < 0.9 for i in ious), sum(i < 0.5 for i in ious)
    print(f"cards {len(ious)}: mean IoU {np.mean(ious):.3f}, <0.9: {low}, <0.5: {bad}")
    print(f"locate p50 {np.median(times) * 1000:.0f} ms")
    if len(by_variant) > 1:
        for variant, values in sorted(by_variant.items()):
            print(
                f"  {variant:8s} cards {len(values):3d}: mean IoU {np.mean(values):.3f}, "
                f"<0.9: {sum(v < 0.9 for v in values)}, p50 {np.median(variant_times[variant]) * 1000:.0f} ms"
            )
    for w, name in worst[:12]:
        print(f"  {w:.3f} {name}")


if __name__ == "__main__":
    main()
