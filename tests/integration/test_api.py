"""The HTTP API over HTTP: the real app on uvicorn on loopback, real processing of committed sample cards.

Each endpoint, each role (no key: 401; the wrong role or another portal's data: 403), oversize uploads (413),
a full queue (429), prefill, dossiers, submissions with a signed webhook, optimistic locking, erasure, the audit
log without values, and a scan of every captured log line for field values.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from api.app import create_app
from api.auth import first_admin_key
from sohoa.settings import Settings
from storage.store import Store
from tests.apiserver import CARDS, LiveServer, captured_logs, field_values, leaks

pytestmark = pytest.mark.integration

WEBHOOK_SECRET = "test-webhook-secret"
MAX_UPLOAD = 3_000_000


@dataclass
class Api:
    url: str
    client: httpx.Client
    store: Store
    keys: dict[str, str]
    results: list[dict[str, Any]] = field(default_factory=list)  # every Result seen (for the log scan)
    lines: list[str] = field(default_factory=list)
    docs: dict[str, int] = field(default_factory=dict)  # sample name → document id

    def h(self, who: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[who]}

    def extract(self, who: str, *names: str, extra: list[tuple[str, bytes]] | None = None) -> httpx.Response:
        files = [("files", (n, (CARDS / n).read_bytes(), "image/jpeg")) for n in names]
        files += [("files", (n, data, "application/octet-stream")) for n, data in extra or []]
        response = self.client.post("/v1/extract", headers=self.h(who), files=files)
        if response.status_code == 200:
            self.results += response.json()["results"]
        return response


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    data = tmp_path_factory.mktemp("api")
    settings = Settings(
        data_dir=data,
        api_workers=2,
        api_queue_size=4,
        api_max_upload_bytes=MAX_UPLOAD,
        api_webhook_secret=WEBHOOK_SECRET,
    )
    with captured_logs() as logs:
        store = Store.open(settings)
        admin = first_admin_key(store)
        assert admin is not None and first_admin_key(store) is None  # printed once, on the first start only
        server = LiveServer(create_app(settings, store=store)).start()
        client = httpx.Client(base_url=server.url, timeout=120)
        keys = {"admin": admin}
        for role, owner in (("portal", "portal-a"), ("portal", "portal-b"), ("operator", "desk-1")):
            r = client.post("/v1/admin/keys", headers={"X-API-Key": admin}, json={"role": role, "owner": owner})
            assert r.status_code == 201, r.text
            keys[owner] = r.json()["key"]
        api = Api(server.url, client, store, keys, lines=logs.lines)
        r = api.extract("portal-a", "cccd_2016_front_scan.jpg")
        assert r.status_code == 200, r.text
        api.docs["a_front"] = int(r.json()["documents"][0][0].rsplit("/", 1)[1])
        r = api.extract("portal-b", "cmnd_front_photo.jpg")
        assert r.status_code == 200, r.text
        api.docs["b_cmnd"] = int(r.json()["documents"][0][0].rsplit("/", 1)[1])
        try:
            yield api
        finally:
            client.close()
            server.stop()
            store.close()
            found = leaks(logs.lines, field_values(api.results))
            assert not found, f"field values in log lines: {found[:3]}"


def _value(api: Api, sample: str, name: str) -> str:
    for result in api.results:
        if result["file"] == sample:
            value = result["documents"][0]["fields"][name]["value"]
            assert isinstance(value, str)
            return value
    raise AssertionError(f"{sample} not extracted")


# ---------------------------------------------------------------------- authentication and roles

PROTECTED = [
    ("POST", "/v1/extract"),
    ("POST", "/v1/submissions"),
    ("GET", "/v1/submissions/abc"),
    ("GET", "/v1/persons/094041102865/prefill"),
    ("GET", "/v1/persons/094041102865"),
    ("POST", "/v1/dossiers"),
    ("GET", "/v1/dossiers/1"),
    ("GET", "/v1/documents/1"),
    ("GET", "/v1/documents/1/page.png"),
    ("GET", "/v1/documents/1/searchable.pdf"),
    ("GET", "/v1/documents/1/fields/full_name/crop.png"),
    ("POST", "/v1/documents/1/fields/full_name"),
    ("POST", "/v1/documents/1/approve"),
    ("GET", "/v1/review/queue"),
    ("GET", "/v1/admin/keys"),
    ("POST", "/v1/admin/erasure"),
    ("GET", "/v1/admin/audit"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_no_credentials_is_401(api: Api, method: str, path: str) -> None:
    r = api.client.request(method, path)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthenticated"
    bad = api.client.request(method, path, headers={"X-API-Key": "sohoa_not-a-key"})
    assert bad.status_code == 401


@pytest.mark.parametrize(
    ("who", "method", "path"),
    [
        ("portal-a", "GET", "/v1/review/queue"),
        ("portal-a", "GET", "/v1/admin/audit"),
        ("portal-a", "GET", "/v1/admin/keys"),
        ("portal-a", "POST", "/v1/dossiers"),
        ("portal-a", "GET", "/v1/persons/094041102865"),
        ("desk-1", "POST", "/v1/extract"),
        ("desk-1", "GET", "/v1/admin/audit"),
        ("desk-1", "POST", "/v1/admin/keys"),
    ],
)
def test_wrong_role_is_403(api: Api, who: str, method: str, path: str) -> None:
    r = api.client.request(method, path, headers=api.h(who), json={})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"


def test_health_and_openapi(api: Api) -> None:
    assert api.client.get("/v1/health").json()["status"] == "ok"
    spec = api.client.get("/v1/openapi.json").json()
    assert "/v1/extract" in spec["paths"] and "/v1/persons/{id_number}/prefill" in spec["paths"]
    extract = spec["paths"]["/v1/extract"]["post"]
    assert "multipart/form-data" in extract["requestBody"]["content"]
    assert "example" in extract["responses"]["200"]["content"]["application/json"]
    assert {"413", "429"} <= set(extract["responses"])


# ---------------------------------------------------------------------- extract and documents


def test_extract_returns_contract_results_and_rejects_per_file(api: Api) -> None:
    r = api.extract("portal-a", "cccd_2021_front_scan.jpg", extra=[("notes.txt", b"not an image at all")])
    assert r.status_code == 200
    body = r.json()
    good, bad = body["results"]
    assert good["error"] is None and good["documents"][0]["type"] == "cccd_2021_front"
    assert "warnings" in good["quality"]
    assert bad["documents"] == [] and bad["error"]["code"] == "unsupported_format"
    assert len(body["documents"][0]) == 1 and body["documents"][1] == []


def test_extract_without_files_is_400(api: Api) -> None:
    r = api.client.post("/v1/extract", headers=api.h("portal-a"), data={"webhook_url": "x"})
    assert r.status_code == 400


def test_documents_by_role(api: Api) -> None:
    doc = api.docs["a_front"]
    own = api.client.get(f"/v1/documents/{doc}", headers=api.h("portal-a"))
    assert own.status_code == 200
    assert own.json()["document"]["type"] == "cccd_2016_front" and "links" not in own.json()
    assert api.client.get(f"/v1/documents/{doc}", headers=api.h("portal-b")).status_code == 403
    assert api.client.get(f"/v1/documents/{doc}/page.png", headers=api.h("portal-a")).status_code == 403
    seen = api.client.get(f"/v1/documents/{doc}", headers=api.h("desk-1")).json()
    links = seen["links"]
    page = api.client.get(links["page_image"], headers=api.h("desk-1"))
    assert page.status_code == 200 and page.headers["content-type"] == "image/png"
    assert page.content[:8] == b"\x89PNG\r\n\x1a\n"
    crop = api.client.get(links["crops"]["full_name"], headers=api.h("desk-1"))
    assert crop.status_code == 200 and crop.content[:4] == b"\x89PNG"
    # The API's processor keeps no searchable copy unless SOHOA_SEARCHABLE_PDF is set: a clear 404, not a 500.
    assert api.client.get(links["searchable_pdf"], headers=api.h("desk-1")).status_code == 404
    assert api.client.get(links["searchable_pdf"], headers=api.h("portal-a")).status_code == 403
    assert api.client.get(f"/v1/documents/{10**6}", headers=api.h("desk-1")).status_code == 404


# ---------------------------------------------------------------------- persons


def test_prefill_for_own_persons_only(api: Api) -> None:
    number = _value(api, "cccd_2016_front_scan.jpg", "id_number")
    own = api.client.get(f"/v1/persons/{number}/prefill", headers=api.h("portal-a"))
    assert own.status_code == 200, own.text
    assert own.json()["id_number"] == number and "full_name" in own.json()["fields"]
    assert api.client.get(f"/v1/persons/{number}/prefill", headers=api.h("portal-b")).status_code == 403
    assert api.client.get(f"/v1/persons/{number}/prefill", headers=api.h("desk-1")).status_code == 200
    entry = api.client.get(f"/v1/persons/{number}", headers=api.h("desk-1"))
    assert entry.status_code == 200 and entry.json()["documents"]
    # Unknown person: a portal gets the same 403 (no existence oracle); an operator gets 404.
    assert api.client.get("/v1/persons/001099000001/prefill", headers=api.h("portal-a")).status_code == 403
    assert api.client.get("/v1/persons/001099000001/prefill", headers=api.h("desk-1")).status_code == 404
    assert api.client.get("/v1/persons/12ab/prefill", headers=api.h("desk-1")).status_code == 400


# ---------------------------------------------------------------------- review: queue, corrections, locking


def test_review_queue_correction_locking_and_approval(api: Api) -> None:
    q = api.client.get("/v1/review/queue", headers=api.h("desk-1"))
    assert q.status_code == 200
    items = q.json()["documents"]
    doc = api.docs["b_cmnd"]
    assert doc in [i["id"] for i in items]
    created = [i["created_at"] for i in items]
    assert created == sorted(created)  # oldest first
    only = api.client.get("/v1/review/queue", headers=api.h("desk-1"), params={"type": "cmnd_front"}).json()
    assert {i["type"] for i in only["documents"]} == {"cmnd_front"}
    item = next(i for i in items if i["id"] == doc)
    some_issue = item["issues"][0]
    by_issue = api.client.get("/v1/review/queue", headers=api.h("desk-1"), params={"issue": some_issue}).json()
    assert doc in [i["id"] for i in by_issue["documents"]]

    stored = api.client.get(f"/v1/documents/{doc}", headers=api.h("desk-1")).json()
    version = stored["version"]
    number = stored["document"]["fields"]["id_number"]["value"]
    r = api.client.post(
        f"/v1/documents/{doc}/fields/id_number",
        headers=api.h("desk-1"),
        json={"value": number, "expected_version": version},
    )
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["document"]["version"] == version + 1
    assert after["document"]["document"]["fields"]["id_number"]["source"] == "operator"
    assert any(c["name"] == "rules" for c in after["checks"])
    assert all(c["state"] in ("agrees", "warning", "conflicts") for c in after["checks"])
    # A second operator still holding the old version is refused: nothing is silently overwritten.
    stale = api.client.post(
        f"/v1/documents/{doc}/fields/full_name",
        headers=api.h("admin"),
        json={"value": "X", "expected_version": version},
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    history = api.client.get(f"/v1/documents/{doc}/history", headers=api.h("desk-1")).json()["fields"]
    assert history["id_number"][0]["actor"] == "operator:desk-1" and "full_name" not in history
    approved = api.client.post(
        f"/v1/documents/{doc}/approve", headers=api.h("desk-1"), json={"expected_version": version + 1}
    )
    assert approved.status_code == 200
    assert approved.json()["document"]["review_state"] == "approved"
    prefill = api.client.get(f"/v1/persons/{number}/prefill", headers=api.h("desk-1")).json()
    assert prefill["fields"]["full_name"]["source"] == "operator"
    queue_after = api.client.get("/v1/review/queue", headers=api.h("desk-1")).json()["documents"]
    assert doc not in [i["id"] for i in queue_after]


def test_reject_and_rescan_decisions(api: Api) -> None:
    r = api.extract("portal-a", "cccd_2021_back_photo.jpg")
    doc = int(r.json()["documents"][0][0].rsplit("/", 1)[1])
    version = api.client.get(f"/v1/documents/{doc}", headers=api.h("desk-1")).json()["version"]
    d = api.client.post(
        f"/v1/documents/{doc}/decision",
        headers=api.h("desk-1"),
        json={"decision": "rescan_requested", "expected_version": version},
    )
    assert d.status_code == 200 and d.json()["document"]["review_state"] == "rescan_requested"
    bad = api.client.post(
        f"/v1/documents/{doc}/decision", headers=api.h("desk-1"), json={"decision": "delete", "expected_version": 1}
    )
    assert bad.status_code == 422


# ---------------------------------------------------------------------- submissions, webhook, dossiers


class _Receiver(BaseHTTPRequestHandler):
    calls: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        _Receiver.calls.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


def test_submission_with_signed_webhook_and_dossier(api: Api) -> None:
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    try:
        files = [
            ("files", (n, (CARDS / n).read_bytes(), "image/jpeg"))
            for n in ("can_cuoc_2024_front_photo.jpg", "can_cuoc_2024_back_scan.jpg")
        ]
        r = api.client.post(
            "/v1/submissions",
            headers=api.h("portal-a"),
            files=files,
            data={"webhook_url": hook, "dossier": "true"},
        )
        assert r.status_code == 202, r.text
        sid = r.json()["id"]
        body: dict[str, Any] = {}
        for _ in range(600):  # bounded wait for the background job (not a timing assertion)
            body = api.client.get(f"/v1/submissions/{sid}", headers=api.h("portal-a")).json()
            if body["state"] in ("done", "failed") and body["webhook"]:
                break
            time.sleep(0.2)
        assert body["state"] == "done", body
        assert body["webhook"] == "sent"
        api.results += [f["result"] for f in body["files"] if f["result"]]
        assert len(body["files"]) == 2 and all(f["result"]["documents"] for f in body["files"])
        dossier = body["dossier"]["id"]
        headers, payload = _Receiver.calls[-1]
        expected = hmac.new(
            WEBHOOK_SECRET.encode(), headers["x-sohoa-timestamp"].encode() + b"." + payload, hashlib.sha256
        ).hexdigest()
        assert headers["x-sohoa-signature"] == f"sha256={expected}"
        assert json.loads(payload) == {
            "event": "submission.done",
            "submission": sid,
            "state": "done",
            "url": f"/v1/submissions/{sid}",
        }
        # Another portal sees neither the submission nor its dossier; the list shows only one's own.
        assert api.client.get(f"/v1/submissions/{sid}", headers=api.h("portal-b")).status_code == 403
        assert api.client.get(f"/v1/dossiers/{dossier}", headers=api.h("portal-b")).status_code == 403
        mine = api.client.get("/v1/submissions", headers=api.h("portal-b")).json()["submissions"]
        assert sid not in [s["id"] for s in mine]
        own = api.client.get(f"/v1/dossiers/{dossier}", headers=api.h("portal-a"))
        assert own.status_code == 200 and len(own.json()["files"]) == 2
        bad = api.client.post(
            "/v1/submissions", headers=api.h("portal-a"), files=files[:1], data={"webhook_url": "file:///etc/passwd"}
        )
        assert bad.status_code == 400
    finally:
        receiver.shutdown()


def test_dossier_endpoints(api: Api) -> None:
    r = api.client.post("/v1/dossiers", headers=api.h("desk-1"), json={"name": "Hồ sơ thử 001"})
    assert r.status_code == 201
    dossier = r.json()["id"]
    shas = [res["sha256"] for res in api.results if res.get("error") is None][:2]
    added = api.client.post(f"/v1/dossiers/{dossier}/files", headers=api.h("desk-1"), json={"sha256s": shas})
    assert added.status_code == 200
    shown = api.client.get(f"/v1/dossiers/{dossier}", headers=api.h("desk-1")).json()
    assert {f["sha256"] for f in shown["files"]} == set(shas) and "issues" in shown
    again = api.client.post("/v1/dossiers", headers=api.h("desk-1"), json={"name": "Hồ sơ thử 001"})
    assert again.status_code == 409
    assert api.client.get(f"/v1/dossiers/{dossier}", headers=api.h("portal-a")).status_code == 403


# ---------------------------------------------------------------------- limits: 413 and 429


def test_oversize_upload_is_413(api: Api) -> None:
    big = b"\xff\xd8\xff" + bytes(MAX_UPLOAD + 1000)
    r = api.client.post("/v1/extract", headers=api.h("portal-a"), files=[("files", ("big.jpg", big, "image/jpeg"))])
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

    # Chunked (no Content-Length): the limit holds on the bytes received while they stream in.
    boundary = "sohoa-test-boundary"

    def body() -> Iterator[bytes]:
        yield f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.jpg"\r\n\r\n'.encode()
        for _ in range(MAX_UPLOAD // 65536 + 2):
            yield bytes(65536)
        yield f"\r\n--{boundary}--\r\n".encode()

    r = api.client.post(
        "/v1/extract",
        headers={**api.h("portal-a"), "content-type": f"multipart/form-data; boundary={boundary}"},
        content=body(),
    )
    assert r.status_code == 413


class _GatedProcessor:
    """A real Processor whose runs wait for the test to open the gate (so that the queue fills for sure)."""

    gate = threading.Event()

    def __init__(self, settings: Settings) -> None:
        from pipeline.process import Processor

        self.real = Processor(settings)

    def run(self, source: Any, name: str | None = None) -> Any:
        _GatedProcessor.gate.wait(timeout=120)
        return self.real.run(source, name)


def test_full_queue_is_429_with_retry_after(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, api_workers=1, api_queue_size=1, api_retry_after_s=7)
    store = Store.open(settings)
    app = create_app(settings, store=store, processor_factory=lambda: _GatedProcessor(settings))
    server = LiveServer(app).start()
    key = first_admin_key(store)
    assert key is not None
    runner = app.state.sohoa.runner
    card = (CARDS / "cccd_2021_front_scan.jpg").read_bytes()
    answers: list[int] = []

    def upload(suffix: bytes) -> None:
        r = httpx.post(
            f"{server.url}/v1/extract",
            headers={"X-API-Key": key},
            files=[("files", ("card.jpg", card + suffix, "image/jpeg"))],
            timeout=120,
        )
        answers.append(r.status_code)

    threads = [threading.Thread(target=upload, args=(bytes([i]),)) for i in range(2)]
    try:
        for t in threads:
            t.start()
        for _ in range(600):  # both admitted: one running (held at the gate), one waiting
            if runner.stats()["in_flight"] == 2:
                break
            time.sleep(0.05)
        assert runner.stats()["in_flight"] == 2
        r = httpx.post(
            f"{server.url}/v1/extract",
            headers={"X-API-Key": key},
            files=[("files", ("card.jpg", card, "image/jpeg"))],
            timeout=60,
        )
        assert r.status_code == 429
        assert r.headers["retry-after"] == "7" and r.json()["error"]["code"] == "busy"
    finally:
        _GatedProcessor.gate.set()
        for t in threads:
            t.join(timeout=120)
        server.stop()
        store.close()
    assert answers == [200, 200]


# ---------------------------------------------------------------------- admin: keys, erasure, audit


def test_keys_revocation(api: Api) -> None:
    r = api.client.post("/v1/admin/keys", headers=api.h("admin"), json={"role": "portal", "owner": "temp"})
    key, key_id = r.json()["key"], r.json()["id"]
    assert api.client.get("/v1/submissions", headers={"X-API-Key": key}).status_code == 200
    listing = api.client.get("/v1/admin/keys", headers=api.h("admin")).json()["keys"]
    assert key not in json.dumps(listing) and any(k["id"] == key_id for k in listing)
    assert api.client.delete(f"/v1/admin/keys/{key_id}", headers=api.h("admin")).status_code == 204
    assert api.client.get("/v1/submissions", headers={"X-API-Key": key}).status_code == 401
    assert (
        api.client.post("/v1/admin/keys", headers=api.h("admin"), json={"role": "root", "owner": "x"}).status_code
        == 422
    )


def test_erasure_and_audit_without_values(api: Api) -> None:
    r = api.extract("portal-b", "cmnd_front_scan.jpg")
    number = _value(api, "cmnd_front_scan.jpg", "id_number")
    assert api.client.get(f"/v1/persons/{number}/prefill", headers=api.h("portal-b")).status_code == 200
    erased = api.client.post("/v1/admin/erasure", headers=api.h("admin"), json={"id_number": number})
    assert erased.status_code == 200 and erased.json()["files"] >= 1
    assert api.client.get(f"/v1/persons/{number}/prefill", headers=api.h("admin")).status_code == 404
    assert api.client.post("/v1/admin/erasure", headers=api.h("desk-1"), json={"id_number": number}).status_code == 403
    entries = api.client.get("/v1/admin/audit", headers=api.h("admin"), params={"limit": 1000}).json()["entries"]
    actions = {e["action"] for e in entries}
    assert {"prefill", "read_document", "erase_person", "create_key"} <= actions
    assert any(e["action"] == "prefill" and e["actor"] == "portal:portal-b" and e["person_hash"] for e in entries)
    dump = json.dumps(entries, ensure_ascii=False).casefold()
    values = field_values(api.results) | {number}
    assert not [v for v in values if v.casefold() in dump]
    only = api.client.get("/v1/admin/audit", headers=api.h("admin"), params={"action": "erase_person"}).json()
    assert {e["action"] for e in only["entries"]} == {"erase_person"}
    del r


def test_logs_hold_no_field_values(api: Api) -> None:
    """Values passed through URLs (prefill), bodies and results; no captured log line holds one."""
    number = _value(api, "cccd_2016_front_scan.jpg", "id_number")
    assert api.client.get(f"/v1/persons/{number}/prefill", headers=api.h("portal-a")).status_code == 200
    assert api.client.get(f"/v1/persons/{number}/prefill?x={number}", headers=api.h("portal-a")).status_code == 200
    assert any("/v1/persons/{id_number}/prefill" in line for line in api.lines)
    found = leaks(api.lines, field_values(api.results) | {number})
    assert not found, f"field values in log lines: {found[:3]}"
