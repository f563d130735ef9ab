"""``sohoa``: the command line (an edge: errors become exit statuses here and nowhere else).

``sohoa extract PATH… [--json] [--out DIR]`` — one contract Result per input (JSON lines with ``--json``, a table
otherwise); exit 0 when every input was processed, 2 when some input was rejected, 1 on an internal fault.
``sohoa mrz PATH… [--json]`` — the MRZ reader alone, for any ICAO 9303 document.
``sohoa ocr PATH… [--pdf OUT]`` — the upright text of every page (form feeds between pages), and a searchable PDF.
``sohoa extract … --store``, ``sohoa person show``, ``sohoa prefill``, ``sohoa dossier create/add/show``,
``sohoa erase``, ``sohoa purge`` — stored results and the person registry (:mod:`sohoa.cli_store`).
``sohoa batch PATH|s3://bucket/prefix``, ``sohoa reprocess`` — Prefect flows for back-office batches
(:mod:`sohoa.cli_flows`).
``sohoa serve`` — the HTTP API for portals and the operators' review workspace (:mod:`sohoa.cli_serve`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import SohoaError
from models.results import Result
from sohoa import __version__
from sohoa.cli_flows import register as register_flows
from sohoa.cli_ocr import register as register_ocr
from sohoa.cli_serve import register as register_serve
from sohoa.cli_store import register as register_store
from sohoa.settings import Settings

if TYPE_CHECKING:
    from pipeline.process import Outcome

EXIT_OK, EXIT_INTERNAL, EXIT_REJECTED = 0, 1, 2


def _expand(paths: Sequence[str]) -> list[Path]:
    """Files as given; a directory stands for the supported files inside it (sorted, not recursive)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(
                sorted(
                    c
                    for c in p.iterdir()
                    if c.is_file()
                    and c.suffix.lower() in {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp", ".pdf"}
                )
            )
        else:
            out.append(p)
    return out


def _exit_status(results: list[dict[str, Any]]) -> int:
    errors = [r["error"]["code"] for r in results if r.get("error")]
    if any(code == "internal_error" or code.startswith("ocr_") for code in errors):
        return EXIT_INTERNAL
    return EXIT_REJECTED if errors else EXIT_OK


def pdf_writer(args: argparse.Namespace) -> Callable[[Outcome], None] | None:
    """``--pdf DIR``: a callback writing each processed file's searchable PDF to ``DIR/<file name>.pdf``."""
    if not getattr(args, "pdf", None):
        return None
    folder = Path(args.pdf)
    folder.mkdir(parents=True, exist_ok=True)

    def write(outcome: Outcome) -> None:
        if outcome.pdf is not None:
            (folder / f"{outcome.result.file}.pdf").write_bytes(outcome.pdf)

    return write


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    if args.pdf:
        settings = dataclasses.replace(settings, searchable_pdf=True)
    if args.store:
        from sohoa.cli_store import cmd_extract_store

        return cmd_extract_store(args, settings)
    from pipeline.process import Processor

    try:
        processor = Processor(settings)
    except SohoaError as exc:
        print(f"sohoa: {exc.message}", file=sys.stderr)
        return EXIT_INTERNAL
    write_pdf = pdf_writer(args)

    def process(path: Path) -> Result:
        outcome = processor.run(path)
        if write_pdf is not None:
            write_pdf(outcome)
        return outcome.result

    return report_results(args, process)


def report_results(args: argparse.Namespace, process: Callable[[Path], Result]) -> int:
    """Process every input of ``sohoa extract`` in order: JSON lines or a table, ``--out`` files, the exit status."""
    from sohoa.report import print_results_table

    out_dir: Path | None = Path(args.out) if getattr(args, "out", None) else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    for path in _expand(args.paths):
        data = process(path).to_contract()
        results.append(data)
        if args.json:
            print(json.dumps(data, ensure_ascii=False), flush=True)
        if out_dir is not None:
            (out_dir / f"{path.name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.json:
        print_results_table(results)
    return _exit_status(results)


def cmd_mrz(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.load import load_pages, read_input
    from pipeline.mrz_locate import mrz_result_for_pages
    from pipeline.ocr.tesseract import TesseractEngine

    try:
        engine = TesseractEngine(settings.ocr_lang, settings.tesseract_cmd, settings.ocr_timeout_s)
    except SohoaError as exc:
        print(f"sohoa: {exc.message}", file=sys.stderr)
        return EXIT_INTERNAL
    results: list[dict[str, Any]] = []
    for path in _expand(args.paths):
        try:
            pages = load_pages(read_input(path, path.name, settings), settings)
            data = mrz_result_for_pages(pages, engine, file=path.name)
        except SohoaError as exc:
            data = {"mrz": None, "error": exc.to_dict()}
        data = {"file": path.name, **{k: v for k, v in data.items() if k != "file"}}
        results.append(data)
        if args.json:
            print(json.dumps(data, ensure_ascii=False), flush=True)
        else:
            mrz = data.get("mrz")
            state = "no MRZ" if not mrz else ("valid" if mrz["valid"] else "check digits FAILED")
            print(f"{path.name}: {state}")
            for line in (mrz or {}).get("lines", []):
                print(f"    {line}")
    rejected = [r for r in results if r.get("error") and r["error"]["code"] != "no_mrz_found"]
    return EXIT_REJECTED if rejected else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sohoa", description="Vietnamese administrative papers → validated data")
    parser.add_argument("--version", action="version", version=f"sohoa {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (never field values)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract validated fields from scans and photos")
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument("--json", action="store_true", help="one contract Result per line")
    p.add_argument("--out", help="also write one JSON file per input into this folder")
    p.add_argument("--store", action="store_true", help="also save results and update the registry (SOHOA_DATA_DIR)")
    p.add_argument("--pdf", metavar="DIR", help="also write each file's searchable PDF (cleaned pages + text) here")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("mrz", help="read the machine-readable zone of any ICAO 9303 document")
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_mrz)
    register_ocr(sub)
    register_store(sub)
    register_flows(sub)
    register_serve(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = Settings.from_env()
    except SohoaError as exc:
        print(f"sohoa: {exc.message}", file=sys.stderr)
        return EXIT_INTERNAL
    status: int = args.func(args, settings)
    return status


if __name__ == "__main__":
    sys.exit(main())
