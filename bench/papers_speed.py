"""A4 throughput with the searchable PDF, against plain Tesseract on the same pages: ``python -m bench.papers_speed``.

The pages are those of the paper bench corpus's PDF files (``bench/corpus/papers/*_pdf_*.pdf``, rendered at
``SOHOA_PDF_DPI`` = 300 dpi, the way sohoa reads them). Three runs, each with two workers and ``OMP_THREAD_LIMIT=1``:

* **sohoa**: ``sohoa batch DIR --workers 2 --pdf`` into a fresh data directory (fields read, validated and stored, a
  searchable PDF kept per file); pages per minute from the batch summary (the clock starts with the first file);
* **sohoa, no PDF**: the same without ``--pdf``;
* **plain tesseract**: every page, rendered once beforehand to PNG at 300 dpi, through ``tesseract PAGE OUT -l vie
  pdf``, two processes at a time; pages per minute over the wall time.

Run it on a quiet machine: the figures are wall-clock.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus" / "papers"
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")


def batch(files_dir: Path, data_dir: Path, out: Path, pdf: bool) -> dict[str, object]:
    cmd = [str(ROOT / ".venv" / "bin" / "sohoa"), "batch", str(files_dir), "--workers", "2", "--no-progress"]
    cmd += ["--out", str(out), *(["--pdf"] if pdf else [])]
    subprocess.run(cmd, check=True, cwd=ROOT, env=dict(ENV, SOHOA_DATA_DIR=str(data_dir)), capture_output=True)
    summary: dict[str, object] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def render_pages(pdfs: list[Path], out: Path) -> list[Path]:
    from pdf2image import convert_from_path

    pages: list[Path] = []
    for pdf in pdfs:
        for i, image in enumerate(convert_from_path(str(pdf), dpi=300), start=1):
            path = out / f"{pdf.stem}-{i}.png"
            image.save(path)
            pages.append(path)
    return pages


def plain_tesseract(pages: list[Path], out: Path) -> float:
    def one(page: Path) -> None:
        cmd = ["tesseract", str(page), str(out / page.stem), "-l", "vie", "pdf"]
        subprocess.run(cmd, check=True, env=ENV, capture_output=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, pages))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    pdfs = sorted(CORPUS.glob("*_pdf_*.pdf"))
    if not pdfs:
        print("no paper corpus: run `python -m bench.run --family papers` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="sohoa-speed-") as tmp:
        root = Path(tmp)
        files = root / "files"
        files.mkdir()
        for pdf in pdfs:
            (files / pdf.name).symlink_to(pdf)
        with_pdf = batch(files, root / "data-pdf", root / "out-pdf", pdf=True)
        without = batch(files, root / "data", root / "out", pdf=False)
        rendered = root / "pages"
        rendered.mkdir()
        pages = render_pages(pdfs, rendered)
        plain_out = root / "plain"
        plain_out.mkdir()
        seconds = plain_tesseract(pages, plain_out)
    plain_ppm = 60 * len(pages) / seconds
    ppm = float(str(with_pdf["pages_per_minute"]))
    print(f"pages: {with_pdf['pages']} in {len(pdfs)} PDF files at 300 dpi, two workers")
    print(f"sohoa batch --pdf (fields + searchable PDF, stored): {ppm:.2f} pages/min")
    print(
        f"sohoa batch (fields, stored):                        {float(str(without['pages_per_minute'])):.2f} pages/min"
    )
    print(f"plain tesseract -l vie pdf, 2 at a time:             {plain_ppm:.2f} pages/min ({len(pages)} pages)")
    print(f"ratio sohoa with PDF / plain tesseract: {ppm / plain_ppm:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
