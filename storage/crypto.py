"""Authenticated encryption of every stored object that holds personal data (AES-256-GCM).

Envelope (bytes)::

    b"SOHOA-E1"  |  len(key_id) (1 byte)  |  key_id (ASCII)  |  nonce (12 bytes)  |  ciphertext + GCM tag (16 bytes)

The associated data is the header (magic + key id) followed by the object key: an object copied or renamed under
another key fails to decrypt, and so does one whose key id was edited. Nothing is ever returned unless the tag
verifies: a wrong key, an unknown key id or altered bytes raise :class:`StorageKeyError`, never garbage.

Keys come from settings: ``SOHOA_STORAGE_KEYS="id1:base64key,id2:base64key"`` (32-byte keys) and
``SOHOA_STORAGE_KEY_ID`` (the active one, used to encrypt; default: the last listed). Every listed id still decrypts,
so a key is rotated by adding a new one, making it active, and dropping the old one once nothing uses it.

Embedded default (``make demo``, no configuration): a key generated once into ``<data_dir>/storage.keys`` in the
same ``id:base64key`` format, created with mode 0600. Losing that file loses the stored data: back it up apart from
the data, or set ``SOHOA_STORAGE_KEYS`` from a secret store in production.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from models.errors import ConfigError, StorageKeyError
from sohoa.settings import Settings

MAGIC = b"SOHOA-E1"
NONCE_BYTES = 12
KEY_BYTES = 32
DEFAULT_KEY_FILE = "storage.keys"
_KEY_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def parse_keys(text: str) -> dict[str, bytes]:
    """``"id1:base64,id2:base64"`` → ``{"id1": key, …}`` (order kept); malformed → ConfigError naming the id only."""
    keys: dict[str, bytes] = {}
    for item in (part.strip() for part in text.replace("\n", ",").split(",")):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        key_id = key_id.strip()
        if not sep or not _KEY_ID.match(key_id):
            raise ConfigError("SOHOA_STORAGE_KEYS: each entry is id:base64key (id: letters, digits, . _ -)")
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except ValueError as exc:
            raise ConfigError(f"SOHOA_STORAGE_KEYS: key {key_id!r} is not valid base64") from exc
        if len(key) != KEY_BYTES:
            raise ConfigError(f"SOHOA_STORAGE_KEYS: key {key_id!r} must be {KEY_BYTES} bytes, not {len(key)}")
        if key_id in keys:
            raise ConfigError(f"SOHOA_STORAGE_KEYS: key id {key_id!r} is listed twice")
        keys[key_id] = key
    return keys


def new_key_line(key_id: str = "local-1") -> str:
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def default_key_file(data_dir: Path) -> str:
    """The generated keyring's text, creating ``<data_dir>/storage.keys`` (0600) exactly once, also under races."""
    path = data_dir / DEFAULT_KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        text = ""
        for _ in range(50):  # another process may be writing it right now
            text = path.read_text(encoding="ascii").strip()
            if text:
                return text
            time.sleep(0.02)
        raise ConfigError(f"{path} is empty") from None
    line = new_key_line()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return line


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    active: str
    audit_key: bytes

    def __post_init__(self) -> None:
        if not self.keys:
            raise ConfigError("no storage key")
        if self.active not in self.keys:
            raise ConfigError(f"SOHOA_STORAGE_KEY_ID={self.active!r} is not among SOHOA_STORAGE_KEYS")

    @classmethod
    def from_text(cls, text: str, active: str = "", audit_key: bytes | None = None) -> Keyring:
        keys = parse_keys(text)
        if not keys:
            raise ConfigError("SOHOA_STORAGE_KEYS holds no key")
        first = next(iter(keys.values()))
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"sohoa person hash").derive(first)
        return cls(keys, active or list(keys)[-1], audit_key or derived)

    @classmethod
    def from_settings(cls, settings: Settings) -> Keyring:
        text = settings.storage_keys or default_key_file(settings.data_dir)
        audit = None
        if settings.audit_hash_key:
            try:
                audit = base64.b64decode(settings.audit_hash_key, validate=True)
            except ValueError as exc:
                raise ConfigError("SOHOA_AUDIT_HASH_KEY is not valid base64") from exc
        return cls.from_text(text, settings.storage_key_id, audit)

    def encrypt(self, object_key: str, plaintext: bytes) -> bytes:
        header = _header(self.active)
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext, header + object_key.encode())
        return header + nonce + sealed

    def decrypt(self, object_key: str, blob: bytes) -> bytes:
        key_id, body = _split(object_key, blob)
        key = self.keys.get(key_id)
        if key is None:
            raise StorageKeyError(
                f"object {_short(object_key)} was encrypted with key id {key_id!r}, which is not in "
                "SOHOA_STORAGE_KEYS (add the old key to decrypt it)"
            )
        nonce, sealed = body[:NONCE_BYTES], body[NONCE_BYTES:]
        try:
            return AESGCM(key).decrypt(nonce, sealed, _header(key_id) + object_key.encode())
        except InvalidTag:
            raise StorageKeyError(
                f"object {_short(object_key)} does not authenticate with key id {key_id!r}: wrong key, "
                "or the object was altered or moved"
            ) from None

    def key_id_of(self, object_key: str, blob: bytes) -> str:
        return _split(object_key, blob)[0]

    def person_hash(self, id_number: str) -> str:
        """Keyed hash naming a person in the access log (not reversible without the key; never the number)."""
        return hmac.new(self.audit_key, id_number.encode(), hashlib.sha256).hexdigest()[:32]


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def _header(key_id: str) -> bytes:
    raw = key_id.encode("ascii")
    return MAGIC + bytes([len(raw)]) + raw


def _split(object_key: str, blob: bytes) -> tuple[str, bytes]:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 1:
        raise StorageKeyError(f"object {_short(object_key)} is not an encrypted sohoa object")
    size = blob[len(MAGIC)]
    start = len(MAGIC) + 1
    try:
        key_id = blob[start : start + size].decode("ascii")
    except UnicodeDecodeError:
        raise StorageKeyError(f"object {_short(object_key)} has a damaged header") from None
    body = blob[start + size :]
    if len(body) < NONCE_BYTES + 16:
        raise StorageKeyError(f"object {_short(object_key)} is truncated")
    return key_id, body


def _short(object_key: str) -> str:
    """Object keys name files by hash; logs and messages keep only a prefix of it."""
    parts = object_key.split("/")
    return "/".join(p[:12] if len(p) > 20 else p for p in parts)
