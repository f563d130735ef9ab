"""A bounded load run of the HTTP API on loopback (stops by itself; not part of ``make test``).

Starts ``sohoa serve`` (``python -m sohoa.cli serve``) on a free port with a fresh data folder, generates card
photos with the sample generator, then ``--clients`` concurrent clients upload them to ``POST /v1/extract`` for
``--seconds``. Each upload gets a few random trailing bytes (JPEG decoders ignore them) so that every request is
new to the store and really processed. A client answered 429 waits ``Retry-After`` (capped at ``--max-wait``).

Reports counts of 2xx / 429 / 5xx / other, p50 / p95 / max latency of the 2xx answers, and the server's RSS
sampled every ``--sample`` seconds (to see whether memory stays flat).

    .venv/bin/python -m bench.load_api --clients 20 --seconds 120
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import psutil

CARD_TYPES = ("cccd_2021_front", "cccd_2021_back", "can_cuoc_2024_front", "cmnd_front", "cccd_2016_front")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def generate(count: int, seed: int) -> list[bytes]:
    from samples.generator.build import make_sample

    rng = random.Random(seed)
    return [
        make_sample(rng.choice(CARD_TYPES), "photo", rng.randrange(2**31), f"load{i}", force_jpeg=True).data
        for i in range(count)
    ]


def start_server(data_dir: Path, port: int, workers: int, queue: int) -> tuple[subprocess.Popen[str], str]:
    env = {
        **os.environ,
        "SOHOA_DATA_DIR": str(data_dir),
        "SOHOA_API_PORT": str(port),
        "SOHOA_API_WORKERS": str(workers),
        "SOHOA_API_QUEUE_SIZE": str(queue),
        "OMP_THREAD_LIMIT": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "sohoa.cli", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    key = ""
    deadline = time.monotonic() + 60
    for line in proc.stdout:
        if line.strip().startswith("sohoa_"):
            key = line.strip()
        if "review workspace" in line or time.monotonic() > deadline:
            break
    threading.Thread(target=lambda: [None for _ in proc.stdout or []], daemon=True).start()  # drain
    url = f"http://127.0.0.1:{port}"
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                return proc, key
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start")


def run(args: argparse.Namespace) -> dict[str, Any]:
    print(f"generating {args.photos} card photos…", flush=True)
    photos = generate(args.photos, args.seed)
    with tempfile.TemporaryDirectory(prefix="sohoa-load-") as tmp:
        port = free_port()
        proc, admin = start_server(Path(tmp), port, args.workers, args.queue)
        url = f"http://127.0.0.1:{port}"
        try:
            portal = httpx.post(
                f"{url}/v1/admin/keys", headers={"X-API-Key": admin}, json={"role": "portal", "owner": "load"}
            ).json()["key"]
            server = psutil.Process(proc.pid)
            codes: Counter[str] = Counter()
            latencies: list[float] = []
            lock = threading.Lock()
            stop_at = time.monotonic() + args.seconds
            rss: list[tuple[float, float]] = []
            started = time.monotonic()

            def client(index: int) -> None:
                rng = random.Random(args.seed + index)
                with httpx.Client(base_url=url, headers={"X-API-Key": portal}, timeout=300) as http:
                    while time.monotonic() < stop_at:
                        data = rng.choice(photos) + secrets.token_bytes(8)
                        t0 = time.monotonic()
                        try:
                            r = http.post("/v1/extract", files=[("files", ("card.jpg", data, "image/jpeg"))])
                            status = r.status_code
                        except httpx.HTTPError as exc:
                            status, r = 0, None
                            with lock:
                                codes[f"error:{type(exc).__name__}"] += 1
                            continue
                        took = time.monotonic() - t0
                        kind = (
                            "2xx"
                            if 200 <= status < 300
                            else "429"
                            if status == 429
                            else "5xx"
                            if status >= 500
                            else str(status)
                        )
                        with lock:
                            codes[kind] += 1
                            if kind == "2xx":
                                latencies.append(took)
                        if status == 429 and r is not None:
                            time.sleep(min(float(r.headers.get("retry-after", "1")), args.max_wait))

            threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
            for t in threads:
                t.start()
            while any(t.is_alive() for t in threads):
                rss.append((round(time.monotonic() - started, 1), round(server.memory_info().rss / 2**20, 1)))
                time.sleep(args.sample)
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
        finally:
            proc.terminate()
            proc.wait(timeout=60)

    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2) if ordered else 0.0

    rss_values = [m for _, m in rss]
    later = rss_values[len(rss_values) // 3 :] or rss_values
    return {
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "workers": args.workers,
        "queue": args.queue,
        "counts": dict(codes),
        "throughput_per_s": round(codes["2xx"] / elapsed, 2) if elapsed else 0.0,
        "latency_s": {
            "p50": pct(0.5),
            "p95": pct(0.95),
            "max": round(ordered[-1], 2) if ordered else 0.0,
            "mean": round(statistics.fmean(ordered), 2) if ordered else 0.0,
        },
        "rss_mb": {
            "first": rss_values[0] if rss_values else 0,
            "max": max(rss_values, default=0),
            "last": rss_values[-1] if rss_values else 0,
            "range_after_warmup": [min(later, default=0), max(later, default=0)],
            "samples": rss,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queue", type=int, default=8)
    parser.add_argument("--photos", type=int, default=30)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--sample", type=float, default=5.0, help="RSS sampling period, seconds")
    parser.add_argument("--max-wait", type=float, default=2.0, help="cap on a client's Retry-After wait, seconds")
    parser.add_argument("--out", help="also write the summary as JSON here")
    args = parser.parse_args(argv)
    summary = run(args)
    text = json.dumps(summary, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 1 if summary["counts"].get("5xx") else 0


if __name__ == "__main__":
    sys.exit(main())
