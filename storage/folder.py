"""Object store in a local folder (the embedded default: ``<data_dir>/objects``).

A write goes to a temporary file in the target's folder (``.tmp-…``, never listed), is flushed to disk, then
renamed over the target with ``os.replace``: readers see the old object or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from models.errors import NotFound, StorageUnavailable
from storage.objects import check_key

TMP_PREFIX = ".tmp-"


class FolderStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageUnavailable(f"cannot create the object folder: {type(exc).__name__}") from exc

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.parent / f"{TMP_PREFIX}{secrets.token_hex(8)}"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise
        except OSError as exc:
            raise StorageUnavailable(f"cannot write an object: {type(exc).__name__}") from exc

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"object {key[:40]}") from None
        except OSError as exc:
            raise StorageUnavailable(f"cannot read an object: {type(exc).__name__}") from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageUnavailable(f"cannot delete an object: {type(exc).__name__}") from exc
        # Drop folders left empty (up to the root), so that an erased file leaves no trace of its hash.
        parent = path.parent
        while parent != self.root and parent.is_relative_to(self.root):
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent

    def list(self, prefix: str = "") -> Iterator[str]:
        keys: list[str] = []
        for dirpath, _dirs, files in os.walk(self.root):
            base = Path(dirpath).relative_to(self.root).as_posix()
            for name in files:
                if name.startswith(TMP_PREFIX):
                    continue
                key = name if base == "." else f"{base}/{name}"
                if key.startswith(prefix):
                    keys.append(key)
        return iter(sorted(keys))
