"""The object store interface, the key layout, and the encrypting wrapper.

Key layout (``<sha256>`` is the hex SHA-256 of the original file's bytes; ``<version>`` the extractor version,
:func:`storage.versions.extractor_version`; ``<doc>`` the 0-based index of the document in the Result)::

    originals/<sha256[:2]>/<sha256>                       the original bytes, content-addressed
    pages/<sha256>/<version>/<doc>.png                    the cleaned image that the document's bboxes refer to
    crops/<sha256>/<version>/<doc>/<field>.png            one crop per field with a bbox (with a small margin)
    results/<sha256>/<version>.json                       the contract Result as extracted (UTF-8 JSON)
    pdf/<sha256>.pdf                                      a searchable PDF, when one is made

Every object under these prefixes holds personal data and is stored encrypted (:mod:`storage.crypto`), the object
key being the associated data. Keys never contain a file name or any field value: file names can carry a person's
name. Everything of one file is found by its hash: :func:`file_prefixes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from models.errors import InvalidRequest
from storage.crypto import Keyring

_SAFE_KEY = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")


@runtime_checkable
class ObjectStore(Protocol):
    """Bytes by key. ``put`` is atomic (a reader sees the old object, the new one, or nothing; never a part)."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes:
        """The bytes, or :class:`NotFound`."""
        ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove the object; a missing object is not an error."""
        ...

    def list(self, prefix: str = "") -> Iterator[str]:
        """Every key that starts with ``prefix`` (sorted)."""
        ...


def check_key(key: str) -> str:
    if not _SAFE_KEY.match(key) or any(part in (".", "..") for part in key.split("/")):
        raise InvalidRequest(f"unsafe object key {key[:40]!r}")
    return key


def original_key(sha256: str) -> str:
    return f"originals/{sha256[:2]}/{sha256}"


def page_key(sha256: str, version: str, doc: int) -> str:
    return f"pages/{sha256}/{version}/{doc}.png"


def crop_key(sha256: str, version: str, doc: int, field: str) -> str:
    return f"crops/{sha256}/{version}/{doc}/{field}.png"


def result_key(sha256: str, version: str) -> str:
    return f"results/{sha256}/{version}.json"


def pdf_key(sha256: str) -> str:
    return f"pdf/{sha256}.pdf"


def file_prefixes(sha256: str) -> list[str]:
    """Prefixes (and exact keys) under which every object of one file lives."""
    return [original_key(sha256), f"pages/{sha256}/", f"crops/{sha256}/", f"results/{sha256}/", pdf_key(sha256)]


class EncryptedStore:
    """An :class:`ObjectStore` that encrypts on ``put`` and authenticates and decrypts on ``get``."""

    def __init__(self, inner: ObjectStore, keyring: Keyring) -> None:
        self.inner = inner
        self.keyring = keyring

    def put(self, key: str, data: bytes) -> None:
        self.inner.put(key, self.keyring.encrypt(check_key(key), data))

    def get(self, key: str) -> bytes:
        return self.keyring.decrypt(key, self.inner.get(check_key(key)))

    def exists(self, key: str) -> bool:
        return self.inner.exists(check_key(key))

    def delete(self, key: str) -> None:
        self.inner.delete(check_key(key))

    def list(self, prefix: str = "") -> Iterator[str]:
        return self.inner.list(prefix)
