"""Object encryption: round trip, associated data, rotation, wrong and unknown keys, the generated default key."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from models.errors import ConfigError, StorageKeyError
from sohoa.settings import Settings
from storage.crypto import MAGIC, Keyring, is_encrypted, new_key_line, parse_keys

FIXED = base64.b64encode(bytes(range(32))).decode()  # parameters must be the same on every xdist worker


def ring(*lines: str, active: str = "") -> Keyring:
    return Keyring.from_text(",".join(lines), active)


def test_round_trip_and_envelope() -> None:
    k = ring(new_key_line("a"))
    blob = k.encrypt("originals/ab/abc", b"\x89PNG secret")
    assert blob.startswith(MAGIC) and is_encrypted(blob)
    assert b"secret" not in blob and b"PNG" not in blob
    assert k.decrypt("originals/ab/abc", blob) == b"\x89PNG secret"
    assert k.key_id_of("originals/ab/abc", blob) == "a"
    assert k.encrypt("x", b"same") != k.encrypt("x", b"same")  # fresh nonce every time


def test_object_key_is_bound() -> None:
    k = ring(new_key_line("a"))
    blob = k.encrypt("results/aa/v1.json", b"{}")
    with pytest.raises(StorageKeyError, match="wrong key, or the object was altered or moved"):
        k.decrypt("results/bb/v1.json", blob)


def test_tampering_is_detected() -> None:
    k = ring(new_key_line("a"))
    blob = bytearray(k.encrypt("k", b"data" * 10))
    blob[-20] ^= 1
    with pytest.raises(StorageKeyError):
        k.decrypt("k", bytes(blob))


def test_wrong_key_is_a_clear_error() -> None:
    blob = ring(new_key_line("a")).encrypt("k", b"data")
    other = ring(new_key_line("a"))  # same id, different key
    with pytest.raises(StorageKeyError, match="does not authenticate with key id 'a'"):
        other.decrypt("k", blob)


def test_unknown_key_id_is_a_clear_error() -> None:
    blob = ring(new_key_line("old")).encrypt("k", b"data")
    with pytest.raises(StorageKeyError, match="key id 'old', which is not in SOHOA_STORAGE_KEYS"):
        ring(new_key_line("new")).decrypt("k", blob)


def test_plain_bytes_are_refused() -> None:
    with pytest.raises(StorageKeyError, match="not an encrypted sohoa object"):
        ring(new_key_line("a")).decrypt("k", b"\xff\xd8\xff\xe0 a JPEG")


def test_rotation_old_ids_still_decrypt() -> None:
    old_line = new_key_line("k1")
    before = ring(old_line)
    blob = before.encrypt("k", b"data")
    after = ring(old_line, new_key_line("k2"), active="k2")
    assert after.decrypt("k", blob) == b"data"
    fresh = after.encrypt("k", b"data")
    assert after.key_id_of("k", fresh) == "k2"
    with pytest.raises(StorageKeyError):
        before.decrypt("k", fresh)
    assert ring(old_line, new_key_line("k2")).active == "k2"  # default: the last listed


@pytest.mark.parametrize(
    "text",
    [
        "nocolon",
        "a:not-base64!!",
        f"a:{base64.b64encode(b'short').decode()}",
        f"a:{FIXED},a:{FIXED}",
        "bad id:AAAA",
    ],
)
def test_malformed_keys_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_keys(text)


def test_active_must_exist() -> None:
    with pytest.raises(ConfigError):
        ring(new_key_line("a"), active="b")


def test_default_key_generated_once_mode_0600(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = Keyring.from_settings(settings)
    path = tmp_path / "storage.keys"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    second = Keyring.from_settings(settings)
    assert first.keys == second.keys
    blob = first.encrypt("k", b"x")
    assert second.decrypt("k", blob) == b"x"


def test_settings_keys_win_over_the_file(tmp_path: Path) -> None:
    line = new_key_line("prod")
    settings = Settings.from_env({"SOHOA_STORAGE_KEYS": line, "SOHOA_DATA_DIR": str(tmp_path)})
    assert Keyring.from_settings(settings).active == "prod"
    assert not (tmp_path / "storage.keys").exists()


def test_person_hash_is_keyed_and_stable() -> None:
    line = new_key_line("a")
    h1 = ring(line).person_hash("079301012345")
    assert h1 == ring(line, new_key_line("b")).person_hash("079301012345")  # rotation keeps the hash
    assert h1 != ring(new_key_line("a")).person_hash("079301012345")
    assert "079301012345" not in h1
