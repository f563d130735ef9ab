"""``sohoa ocr PATH… [--pdf OUT]``: the plain text of every page of any document, upright, and its searchable PDF.

Output on stdout: each input's pages, their text separated by a form feed (``\\f``). With several inputs, each
input's text is preceded by a line ``==> NAME <==`` (as ``head`` does) and followed by a newline; a rejected
input prints nothing on stdout and one line ``sohoa: NAME: message [code]`` on stderr.

``--pdf OUT``: with one input, OUT is the PDF file to write (or, if OUT is an existing directory, the PDF is written
inside it as ``STEM.pdf``). With several inputs OUT must be a directory (created when missing), one ``STEM.pdf`` per
input (``NAME.pdf`` when two inputs share a stem); an OUT that is an existing file is refused before anything is
read (exit 2). A PDF is written only for inputs that were processed.

Exit status as ``sohoa extract``: 0 when every input was processed, 2 when some input was rejected (or ``--pdf``
was refused), 1 on an internal or OCR fault. The lead wires :func:`register` into :mod:`sohoa.cli`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from models.errors import InputError, SohoaError
from sohoa.settings import Settings

EXIT_OK, EXIT_INTERNAL, EXIT_REJECTED = 0, 1, 2


def register(subparsers: Any) -> None:
    """Add the ``ocr`` sub-command to ``sohoa``'s sub-parsers (``argparse._SubParsersAction``)."""
    p = subparsers.add_parser("ocr", help="plain text (upright) and searchable PDF of any scanned document")
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument(
        "--pdf",
        metavar="OUT",
        help="also write the searchable PDF: a file for one input, a directory for several",
    )
    p.set_defaults(func=cmd_ocr)


def pdf_targets(paths: list[Path], out: str | None) -> dict[Path, Path] | str:
    """Where each input's PDF goes, or the reason ``--pdf OUT`` is refused."""
    if out is None:
        return {}
    target = Path(out)
    if len(paths) == 1 and not target.is_dir():
        return {paths[0]: target}
    if target.exists() and not target.is_dir():
        return f"--pdf {out}: with several inputs --pdf must name a directory, and this is a file"
    taken: set[str] = set()
    targets: dict[Path, Path] = {}
    for path in paths:
        name = f"{path.stem}.pdf"
        if name in taken:
            name = f"{path.name}.pdf"
        taken.add(name)
        targets[path] = target / name
    return targets


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".sohoa-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def cmd_ocr(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.ocr.tesseract import TesseractEngine
    from pipeline.searchable import make_searchable
    from sohoa.cli import _expand

    paths = _expand(args.paths)
    targets = pdf_targets(paths, args.pdf)
    if isinstance(targets, str):
        print(f"sohoa: {targets}", file=sys.stderr)
        return EXIT_REJECTED
    try:
        engine = TesseractEngine(settings.ocr_lang, settings.tesseract_cmd, settings.ocr_timeout_s)
    except SohoaError as exc:
        print(f"sohoa: {exc.message}", file=sys.stderr)
        return EXIT_INTERNAL
    status = EXIT_OK
    several = len(paths) > 1
    for path in paths:
        try:
            result = make_searchable(path, engine, settings, name=path.name)
            if path in targets:
                _write(targets[path], result.pdf)
        except InputError as exc:
            print(f"sohoa: {path.name}: {exc.message} [{exc.code}]", file=sys.stderr)
            status = max(status, EXIT_REJECTED) if status != EXIT_INTERNAL else status
            continue
        except SohoaError as exc:
            print(f"sohoa: {path.name}: {exc.message} [{exc.code}]", file=sys.stderr)
            status = EXIT_INTERNAL
            continue
        except OSError as exc:
            print(f"sohoa: {path.name}: cannot write the PDF ({exc.strerror})", file=sys.stderr)
            status = EXIT_INTERNAL
            continue
        if several:
            sys.stdout.write(f"==> {path.name} <==\n")
        sys.stdout.write(result.text)
        sys.stdout.write("\n")
        sys.stdout.flush()
    return status
