"""The only module that starts Tesseract (through pytesseract).

It owns the version probe, the language check, ``OMP_THREAD_LIMIT=1`` (measured on 2 cores: Tesseract's
default OpenMP threads make throughput about 4× worse), timeouts and the mapping of Tesseract's failures to
:mod:`models.errors`. An empty page is a result (a Page with no lines), not an error.

Zone reads are stitched: several small crops with the same options are stacked on one white sheet and read
by one Tesseract process, because each process start costs ~120 ms here.

Pages also get orientation detection (:meth:`TesseractEngine.osd`, ``--psm 0`` with the ``osd`` model of the
``tesseract-ocr-osd`` package; "too few characters" is a result, None, not an error) and a searchable-PDF read
(:meth:`TesseractEngine.read_pdf`: Tesseract's own PDF renderer and its plain text from ONE process, so the text
returned is exactly the PDF's text layer).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytesseract

from models.errors import OcrError, OcrTimeout
from models.geometry import BBox
from models.ocr import Line, Page, Word
from pipeline.ocr.engine import PAGE, OcrOptions, Osd, PdfPage

MIN_VERSION = (4, 1)
_STITCH_GAP = 24
_TOO_FEW = "too few characters"


@contextlib.contextmanager
def _tesseract_errors(timeout_s: float) -> Iterator[None]:
    """Map pytesseract's failures to :mod:`models.errors` (the same mapping as every read)."""
    try:
        yield
    except RuntimeError as exc:  # pytesseract's timeout
        if "timeout" in str(exc).lower():
            raise OcrTimeout(f"{timeout_s:g} s") from exc
        raise OcrError("tesseract failed") from exc
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrError("tesseract not found") from exc
    except pytesseract.TesseractError as exc:
        raise OcrError(f"tesseract exit status {exc.status}") from exc


@functools.lru_cache(maxsize=4)
def probe(tesseract_cmd: str) -> tuple[tuple[int, ...], frozenset[str]]:
    """Version and installed languages of the Tesseract binary; raises OcrError when unusable."""
    pytesseract.pytesseract.tesseract_cmd = tesseract_cmd
    try:
        version_text = str(pytesseract.get_tesseract_version())
        languages = frozenset(pytesseract.get_languages(config=""))
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrError(f"tesseract not found: {tesseract_cmd}") from exc
    except (pytesseract.TesseractError, OSError) as exc:
        raise OcrError("tesseract probe failed") from exc
    version = tuple(int(p) for p in re.findall(r"\d+", version_text)[:3])
    if version[:2] < MIN_VERSION:
        raise OcrError(f"tesseract {version_text} is older than 4.1")
    return version, languages


class TesseractEngine:
    """:class:`pipeline.ocr.engine.OcrEngine` over the Tesseract command line."""

    def __init__(self, lang: str = "vie", tesseract_cmd: str = "tesseract", timeout_s: float = 30.0, dpi: int = 300):
        os.environ["OMP_THREAD_LIMIT"] = "1"
        self.lang = lang
        self.tesseract_cmd = tesseract_cmd
        self.timeout_s = timeout_s
        self.dpi = dpi
        self.version, languages = probe(tesseract_cmd)
        self.languages = languages
        needed = set(lang.split("+")) | {"mrz"}
        missing = needed - languages
        if missing:
            raise OcrError(f"missing Tesseract languages: {', '.join(sorted(missing))}")

    def read(self, image: np.ndarray, options: OcrOptions = PAGE) -> Page:
        gray = _gray(image)
        if options.scale != 1.0:
            gray = cv2.resize(gray, None, fx=options.scale, fy=options.scale, interpolation=cv2.INTER_CUBIC)
        words = self._words(gray, options)
        h, w = image.shape[:2]
        if options.scale != 1.0:
            inv = 1.0 / options.scale
            words = [(key, Word(wd.text, wd.bbox.scale(inv, inv), wd.confidence)) for key, wd in words]
        return Page(w, h, _lines(words))

    def read_zones(self, image: np.ndarray, zones: list[BBox], options: OcrOptions) -> list[Page]:
        h, w = image.shape[:2]
        gray = _gray(image)
        crops: list[tuple[BBox, np.ndarray]] = []
        for zone in zones:
            z = BBox(max(0, zone.x0), max(0, zone.y0), min(w, zone.x1), min(h, zone.y1))
            crop = gray[z.y0 : z.y1, z.x0 : z.x1] if z.width > 2 and z.height > 2 else None
            if crop is not None and options.scale != 1.0:
                crop = cv2.resize(crop, None, fx=options.scale, fy=options.scale, interpolation=cv2.INTER_CUBIC)
            crops.append((z, crop if crop is not None else np.full((4, 4), 255, np.uint8)))
        if not crops:
            return []
        sheet, offsets = _stitch([c for _, c in crops])
        sheet_options = options if len(crops) == 1 or options.psm not in (7, 8, 13) else _as_block(options)
        words = self._words(sheet, sheet_options)
        per_zone: list[list[tuple[tuple[int, int, int], Word]]] = [[] for _ in crops]
        inv = 1.0 / options.scale
        for key, word in words:
            for i, (top, lo, hi) in enumerate(offsets):
                if lo <= word.bbox.cy < hi:
                    zone = crops[i][0]
                    box = word.bbox.shift(-_STITCH_GAP, -top).scale(inv, inv).shift(zone.x0, zone.y0)
                    per_zone[i].append(((i, *key[1:]), Word(word.text, box, word.confidence)))
                    break
        return [Page(w, h, _lines(zone_words)) for zone_words in per_zone]

    def osd(self, image: np.ndarray) -> Osd | None:
        """Tesseract's orientation detection (``--psm 0``); None when the page has too few characters.

        Needs the ``osd`` model (``tesseract-ocr-osd``); without it → :class:`~models.errors.OcrError`.
        """
        if "osd" not in self.languages:
            raise OcrError("missing Tesseract language: osd (install tesseract-ocr-osd)")
        pytesseract.pytesseract.tesseract_cmd = self.tesseract_cmd
        with _tesseract_errors(self.timeout_s):
            try:
                text = pytesseract.image_to_osd(_gray(image), config=f"--dpi {self.dpi}", timeout=self.timeout_s)
            except pytesseract.TesseractError as exc:
                if _TOO_FEW in str(exc.message).lower():
                    return None
                raise
        rotate = re.search(r"Rotate:\s*(\d+)", str(text))
        confidence = re.search(r"Orientation confidence:\s*([\d.]+)", str(text))
        if rotate is None:
            return None
        return Osd(int(rotate.group(1)) % 360, float(confidence.group(1)) if confidence else 0.0)

    def read_pdf(
        self, image: np.ndarray, options: OcrOptions = PAGE, *, dpi: int | None = None, text_only: bool = False
    ) -> PdfPage:
        """One Tesseract process → a one-page searchable PDF, its plain text (the PDF's text layer) and its words.

        The PDF holds ``image`` (grey or BGR, stored losslessly) under an invisible text layer; with ``text_only``
        it holds the text layer alone (Tesseract's ``textonly_pdf``), to be laid over another picture of the same
        size. ``dpi`` sets the PDF page size (pixels / dpi inches) and Tesseract's idea of the resolution.
        """
        extra = " -c textonly_pdf=1" if text_only else ""
        out = self._run(image, options, ("pdf", "txt", "tsv"), dpi=dpi or self.dpi, extra=extra)
        h, w = image.shape[:2]
        words = _table_words(_tsv_table(out["tsv"].decode("utf-8")))
        return PdfPage(out["pdf"], out["txt"].decode("utf-8"), Page(w, h, _lines(words)))

    def _words(self, gray: np.ndarray, options: OcrOptions) -> list[tuple[tuple[int, int, int], Word]]:
        """One Tesseract process over ``gray`` → its words (the TSV table)."""
        return _table_words(_tsv_table(self._run(gray, options, ("tsv",))["tsv"].decode("utf-8")))

    def _run(
        self, image: np.ndarray, options: OcrOptions, outputs: tuple[str, ...], dpi: int | None = None, extra: str = ""
    ) -> dict[str, bytes]:
        """One Tesseract process over ``image`` → the bytes of each requested output (``tsv``, ``txt``, ``pdf``).

        The image is handed over as a PNG written by OpenCV at low compression: pytesseract's own PIL save of an A4
        page at 300 dpi took 1.05 s against 0.11 s (measured here), ~40 % of the whole read; Tesseract reads both
        the same, so words and confidences are unchanged.
        """
        config = f"--oem 1 --psm {options.psm} --dpi {dpi or self.dpi}{extra}"
        if options.whitelist:
            config += f" -c tessedit_char_whitelist={options.whitelist}"
        if "tsv" in outputs:
            config += " -c tessedit_create_tsv=1"  # pytesseract leaves "tsv" off the command line
        pytesseract.pytesseract.tesseract_cmd = self.tesseract_cmd
        with tempfile.TemporaryDirectory(prefix="sohoa-tess-") as tmp:
            source = os.path.join(tmp, "page.png")
            if not cv2.imwrite(source, image, [cv2.IMWRITE_PNG_COMPRESSION, 1]):
                raise OcrError("cannot write the image for tesseract")
            base = os.path.join(tmp, "out")
            with _tesseract_errors(self.timeout_s):
                pytesseract.pytesseract.run_tesseract(
                    source, base, " ".join(outputs), options.lang or self.lang, config=config, timeout=self.timeout_s
                )
            try:
                return {ext: Path(f"{base}.{ext}").read_bytes() for ext in outputs}
            except OSError as exc:
                raise OcrError(f"tesseract wrote no {'/'.join(outputs)}") from exc


def _tsv_table(tsv: str) -> dict[str, list[str]]:
    """Tesseract's TSV output as columns (what ``pytesseract.image_to_data`` returns as a dict)."""
    rows = [line.split("\t") for line in tsv.splitlines() if line]
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    return {name: [r[i] if i < len(r) else "" for r in body] for i, name in enumerate(header)}


def _table_words(data: Mapping[str, Sequence[Any]]) -> list[tuple[tuple[int, int, int], Word]]:
    """The words of Tesseract's TSV table: level-5 rows with text, keyed by (block, paragraph, line)."""
    words: list[tuple[tuple[int, int, int], Word]] = []
    for i, text in enumerate(data.get("text", [])):
        if int(data["level"][i]) != 5 or not str(text).strip():
            continue
        # Whole percent, as pytesseract's image_to_data gives them: every confidence bar was measured on those.
        conf = max(0.0, min(1.0, int(float(data["conf"][i])) / 100.0))
        x, y, bw, bh = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append((key, Word(str(text).strip(), BBox(x, y, x + bw, y + bh), conf)))
    return words


def _gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _as_block(options: OcrOptions) -> OcrOptions:
    return OcrOptions(psm=6, whitelist=options.whitelist, lang=options.lang, scale=options.scale)


def _stitch(crops: list[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """Stack crops on one white sheet, left-aligned with a margin of ``_STITCH_GAP``.

    Returns the sheet and, per crop, ``(top, lo, hi)``: the crop's top row on the sheet and the y-range whose
    word centres belong to it. Every crop's left edge is at ``x = _STITCH_GAP``.
    """
    width = max(c.shape[1] for c in crops) + 2 * _STITCH_GAP
    height = sum(c.shape[0] for c in crops) + _STITCH_GAP * (len(crops) + 1)
    sheet = np.full((height, width), 255, np.uint8)
    placed: list[tuple[int, int, int]] = []
    y = _STITCH_GAP
    half = _STITCH_GAP // 2
    for crop in crops:
        sheet[y : y + crop.shape[0], _STITCH_GAP : _STITCH_GAP + crop.shape[1]] = crop
        placed.append((y, y - half, y + crop.shape[0] + half))
        y += crop.shape[0] + _STITCH_GAP
    return sheet, placed


def _lines(words: list[tuple[tuple[int, int, int], Word]]) -> tuple[Line, ...]:
    grouped: dict[tuple[int, int, int], list[Word]] = defaultdict(list)
    for key, word in words:
        grouped[key].append(word)
    lines = [Line(tuple(sorted(ws, key=lambda w: w.bbox.x0))) for ws in grouped.values()]
    return tuple(sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0)))
