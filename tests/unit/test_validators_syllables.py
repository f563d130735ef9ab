"""Vietnamese syllable shape: initial consonant, vowel nucleus, final consonant."""

from __future__ import annotations

import pytest

from extractors.validators.syllables import is_syllable, non_syllables


@pytest.mark.parametrize(
    "word",
    ["NGUYỄN", "NGUYEN", "THỊ", "BÍCH", "NGỌC", "QUỲNH", "KHUÊ", "DƯƠNG", "HOÀNG", "OANH", "UYÊN", "A", "Ý", "NGHĨA"],
)
def test_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["DTFM", "ONGUYEN", "XZ", "NGUYENN", "BICHK", "QH"])
def test_not_syllables(word: str) -> None:
    assert not is_syllable(word)


def test_mrz_name_line_words() -> None:
    assert non_syllables("NGUYEN<<BICH<DIEM<DIEP<<<<<<<<") == []
    assert non_syllables("ONGUYEN<<BICH<DTFM<DTFP<<<<<<<") == ["ONGUYEN", "DTFM", "DTFP"]
