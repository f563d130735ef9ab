"""Batch speed with and without Prefect, on the same files in one run: ``python -m bench.flows_bench``.

* **baseline** (no Prefect): two plain worker processes (``ProcessPoolExecutor``, spawn), each building one
  ``Processor`` and one ``Store`` and running :func:`sohoa.work.process_path` — OCR and storing, exactly what the
  batch's task does — over half of the files; a fresh data directory.
* **flow**: :func:`flows.batch.run_batch` with two workers (``--runner``, default ``processes``) over the same files,
  into another fresh data directory.

Both clocks start before the worker processes are spawned (each pays its own process start and Processor build) and
stop when the last file is stored; the one-off start of the local Prefect server is printed apart. Pages per minute =
pages processed / wall time. The corpus (``bench/corpus/flows``) is generated when missing: ID cards, scans and
photos, ``--per-type`` of each type and variant. ``OMP_THREAD_LIMIT=1`` throughout.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

os.environ["OMP_THREAD_LIMIT"] = "1"
ROOT = Path(__file__).resolve().parents[1]

_worker: Any = None


def _init(data_dir: str) -> None:
    global _worker
    from pipeline.process import Processor
    from sohoa.settings import Settings
    from storage.store import Store

    settings = Settings(data_dir=Path(data_dir))
    _worker = (Processor(settings), Store.open(settings))


def _one(path: str) -> int:
    from sohoa.work import process_path

    processor, store = _worker
    result = process_path(store, processor, Path(path))
    if result.error is not None:
        return 0
    return max(1, max((p for d in result.documents for p in d.pages), default=1))


def baseline(files: list[str], data_dir: Path, workers: int) -> tuple[int, float]:
    from sohoa.settings import Settings
    from storage.store import Store

    Store.open(Settings(data_dir=data_dir)).close()  # create the schema once (two fresh opens at once race)
    started = time.perf_counter()
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(str(data_dir),)) as pool:
        # Each process takes an even share up front, as two plain processes over half the files each would.
        shares = [files[i::workers] for i in range(workers)]
        pages = sum(pool.map(_share, shares))
    return pages, time.perf_counter() - started


def _share(paths: list[str]) -> int:
    return sum(_one(p) for p in paths)


def _children_cpu() -> float:
    """CPU seconds of reaped child processes and theirs (worker pools, Tesseract): steadier than wall time on a busy
    machine. The local Prefect server's own CPU is not included (it is still running)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ensure_corpus(corpus: Path, per_type: int) -> list[str]:
    if not corpus.is_dir() or not any(corpus.glob("*.jpg")):
        command = [sys.executable, "-m", "samples.generator", "--out", str(corpus), "--per-type", str(per_type)]
        subprocess.run(
            [*command, "--variants", "scan,photo", "--jobs", "2"],
            check=True,
            cwd=ROOT,
        )
    return sorted(str(p) for p in corpus.iterdir() if p.suffix.lower() in {".jpg", ".png"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.flows_bench", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=None, help="default: bench/corpus/flows-<per-type>")
    parser.add_argument("--per-type", type=int, default=8, help="cards per type and variant when generating")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runner", default="processes", choices=["processes", "threads", "dask"])
    parser.add_argument(
        "--order", default="baseline,flow", help="runs in this order, e.g. baseline,flow,flow,baseline (drift)"
    )
    args = parser.parse_args(argv)

    corpus = args.corpus or ROOT / "bench" / "corpus" / f"flows-{args.per_type}"
    files = ensure_corpus(corpus, args.per_type)
    work = Path(tempfile.mkdtemp(prefix="sohoa-flows-bench-"))
    os.environ["PREFECT_HOME"] = str(work / "prefect")
    from flows import runtime
    from sohoa.settings import Settings

    runtime.configure(Settings(data_dir=work))
    print(f"{len(files)} files in {corpus}; {args.workers} workers; runner {args.runner}; {os.cpu_count()} CPUs")
    figures: dict[str, list[tuple[int, float]]] = {"baseline": [], "flow": []}
    cpu: dict[str, float] = {"baseline": 0.0, "flow": 0.0}
    try:
        t0 = time.perf_counter()
        from flows.batch import run_batch

        with runtime.local_api():
            print(f"local Prefect API up in {time.perf_counter() - t0:.1f} s (not counted)")
            for which in args.order.split(","):
                cpu_before = _children_cpu()
                if which == "baseline":
                    figures[which].append(baseline(files, work / f"baseline{len(figures[which])}", args.workers))
                else:
                    folder = work / "inputs"
                    folder.mkdir(exist_ok=True)
                    for f in files:
                        link = folder / Path(f).name
                        if not link.exists():
                            link.symlink_to(f)
                    started = time.perf_counter()
                    summary = run_batch(
                        str(folder),
                        Settings(data_dir=work / f"flow{len(figures[which])}"),
                        workers=args.workers,
                        runner=args.runner,
                        out=work / f"summary{len(figures[which])}",
                    )
                    wall = time.perf_counter() - started
                    figures[which].append((int(summary["pages"]), wall))
                    print(f"flow summary: {summary['pages_per_minute']} pages/min over {summary['seconds']} s")
                cpu[which] += _children_cpu() - cpu_before
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rates: dict[str, float] = {}
    for which, runs in figures.items():
        for pages, seconds in runs:
            print(f"{which:9s} {pages} pages in {seconds:6.1f} s = {60 * pages / seconds:6.1f} pages/min")
        if runs:
            rates[which] = 60 * sum(p for p, _ in runs) / sum(s for _, s in runs)
            per_page = cpu[which] / sum(p for p, _ in runs)
            print(f"{which:9s} overall {rates[which]:6.1f} pages/min; worker CPU {per_page:.2f} s per page")
    if len(rates) == 2:
        print(f"flow / baseline = {rates['flow'] / rates['baseline']:.1%} (acceptance: ≥ 90 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
