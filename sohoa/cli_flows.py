"""The flow commands of the CLI (Prefect; an edge: faults become exit statuses here).

``sohoa batch PATH|s3://bucket/prefix [--workers N] [--out DIR] [--runner processes|threads|dask]
[--dask-address tcp://HOST:8786]`` — every supported file under a folder (recursively) or an S3 prefix, processed and
stored, ``--workers`` at a time (default ``SOHOA_BATCH_WORKERS``), files already stored skipped by hash; a live
progress bar on stderr; the summary (``summary.json``, ``summary.csv``, ``files.csv``) in ``--out`` (default
``<SOHOA_OUTPUT_DIR>/batch-<UTC time>``) and its totals on stdout, pages per minute included.

``sohoa reprocess [--review-only] [--workers N] [--out DIR] [--runner …]`` — stored files whose extractor/template
version is older than the current one (with ``--review-only``: only those with a document still in review).

With no ``PREFECT_API_URL``, both run on Prefect's local ephemeral server, quietly and offline
(:mod:`flows.runtime`); with one, the runs show up on that server.

Exit status: 0 every file processed or skipped; 2 some input was rejected (see the summary); 1 some file failed on
a storage or internal fault (run the same command again to finish: done files are skipped), or the run could not
start. :func:`register` adds them to :mod:`sohoa.cli`.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import SohoaError
from sohoa.settings import Settings

if TYPE_CHECKING:
    from flows.tasks import FileReport

EXIT_OK, EXIT_INTERNAL, EXIT_REJECTED = 0, 1, 2
RUNNER_CHOICES = ("processes", "threads", "dask")


def register(subparsers: Any) -> None:
    """Add ``batch`` and ``reprocess`` to ``sohoa``'s sub-parsers (``argparse._SubParsersAction``)."""
    p = subparsers.add_parser("batch", help="process and store every file of a folder or an S3 prefix (Prefect)")
    p.add_argument("location", help="a folder, a file, or s3://bucket/prefix")
    p.add_argument("--pdf", action="store_true", help="also keep each file's searchable PDF in the store")
    _common(p)
    p.set_defaults(func=cmd_batch)
    p = subparsers.add_parser("reprocess", help="re-run stored files read by an older extractor/template version")
    p.add_argument("--review-only", action="store_true", help="only files with a document still in review")
    _common(p)
    p.set_defaults(func=cmd_reprocess)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=None, help="files at once (default SOHOA_BATCH_WORKERS)")
    p.add_argument("--out", help="folder for summary.json, summary.csv and files.csv")
    p.add_argument("--runner", choices=RUNNER_CHOICES, default=None, help="task runner (default SOHOA_BATCH_RUNNER)")
    p.add_argument("--dask-address", help="an existing Dask scheduler (tcp://host:8786) instead of a local cluster")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


class _Bar:
    """A rich progress bar on stderr: files done of total, and the running counts."""

    def __init__(self, enabled: bool, label: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.counts = {"processed": 0, "skipped": 0, "rejected": 0, "failed": 0}
        self.progress = Progress(
            TextColumn(f"[bold]{label}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            disable=not enabled,
        )
        self.task = self.progress.add_task("", total=None)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def file(self, report: FileReport) -> None:
        self.counts[report.status] = self.counts.get(report.status, 0) + 1
        text = " ".join(f"{k} {v}" for k, v in self.counts.items() if v)
        self.progress.update(self.task, advance=1, description=text)


def _print_totals(summary: dict[str, Any], out: Path) -> None:
    rejected = ", ".join(f"{code} {n}" for code, n in summary["rejected"].items()) or "none"
    failed = ", ".join(f"{code} {n}" for code, n in summary["failed"].items()) or "none"
    print(f"files: {summary['files']}  processed: {summary['processed']}  skipped: {summary['skipped']}")
    print(f"rejected: {rejected}")
    print(f"failed: {failed}")
    print(f"sent to review: {summary['review']}  documents: {summary['documents']}  pages: {summary['pages']}")
    spp, ppm = summary["seconds_per_page"], summary["pages_per_minute"]
    print(
        f"seconds: {summary['seconds']}  seconds per page: {spp if spp is not None else '-'}  "
        f"pages per minute: {ppm if ppm is not None else '-'}  ({summary['workers']} workers, {summary['runner']})"
    )
    print(f"summary: {out / 'summary.json'}, {out / 'summary.csv'}, {out / 'files.csv'}")


def _status(summary: dict[str, Any]) -> int:
    if summary["failed"]:
        return EXIT_INTERNAL
    return EXIT_REJECTED if summary["rejected"] else EXIT_OK


def _run(args: argparse.Namespace, settings: Settings, label: str, call: Callable[..., dict[str, Any]]) -> int:
    from flows.batch import BatchIncomplete, default_out, summary_of

    workers = args.workers or settings.batch_workers
    runner = args.runner or settings.batch_runner
    if runner not in RUNNER_CHOICES:
        print(f"sohoa: SOHOA_BATCH_RUNNER={runner!r}: choose from {', '.join(RUNNER_CHOICES)}", file=sys.stderr)
        return EXIT_INTERNAL
    out = Path(args.out) if args.out else default_out(settings)
    bar = _Bar(enabled=not args.no_progress, label=label)
    try:
        with bar.progress:
            summary = call(
                settings,
                workers=workers,
                out=out,
                runner=runner,
                dask_address=args.dask_address,
                on_start=bar.start,
                on_file=bar.file,
            )
    except BatchIncomplete as exc:
        print(f"sohoa: {exc.message}", file=sys.stderr)
        if (out / "summary.json").exists():
            _print_totals(summary_of(out), out)
        return EXIT_INTERNAL
    except SohoaError as exc:
        print(f"sohoa: {exc.message}", file=sys.stderr)
        return EXIT_INTERNAL
    except FileNotFoundError:
        print("sohoa: the folder to process does not exist", file=sys.stderr)
        return EXIT_REJECTED
    _print_totals(summary, out)
    return _status(summary)


def cmd_batch(args: argparse.Namespace, settings: Settings) -> int:
    from flows import runtime

    if args.pdf:
        settings = dataclasses.replace(settings, searchable_pdf=True)

    runtime.configure(settings)
    from flows.batch import run_batch

    location: str = args.location
    if not location.startswith("s3://") and not Path(location).exists():
        print("sohoa: the folder to process does not exist", file=sys.stderr)
        return EXIT_REJECTED

    def call(settings: Settings, **kwargs: Any) -> dict[str, Any]:
        return run_batch(location, settings, **kwargs)

    return _run(args, settings, "batch", call)


def cmd_reprocess(args: argparse.Namespace, settings: Settings) -> int:
    from flows import runtime

    runtime.configure(settings)
    from flows.reprocess import run_reprocess

    def call(settings: Settings, **kwargs: Any) -> dict[str, Any]:
        return run_reprocess(settings, review_only=args.review_only, **kwargs)

    return _run(args, settings, "reprocess", call)
