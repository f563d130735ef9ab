"""Family names restored from the lexicon, only when exactly one family name has the letters read."""

from __future__ import annotations

import pytest

from extractors.marks import check_marks
from extractors.names import restore_family_name


@pytest.mark.parametrize(
    ("read", "restored"),
    [
        ("NGUYÊN BẢO HUỆ", "NGUYỄN BẢO HUỆ"),
        ("TRAN THỊ BÍCH NGỌC", "TRẦN THỊ BÍCH NGỌC"),
        ("HUYNH VĂN AN", "HUỲNH VĂN AN"),
    ],
)
def test_restored(read: str, restored: str) -> None:
    assert restore_family_name(read) == restored


@pytest.mark.parametrize(
    "read",
    [
        "NGUYỄN BẢO HUỆ",  # already a family name
        "DONG VĂN AN",  # Đông or Đồng: ambiguous, left as read
        "LA VĂN AN",  # La is itself a family name
        "XYZ VĂN AN",  # not a family name at all
        "NGUYÊN",  # a single word is not a full name
    ],
)
def test_left_alone(read: str) -> None:
    assert restore_family_name(read) is None


@pytest.mark.parametrize(
    ("read", "value", "doubtful"),
    [
        ("Seo chấm C:2,5cm trên sau dái tai phải", "Sẹo chấm C:2,5cm trên sau dái tai phải", False),
        # dưới or đuôi? After a distance comes a direction.
        ("Nốt ruồi C: 3cm đưới sau mép trái", "Nốt ruồi C:3cm dưới sau mép trái", False),
        ("Lzƒt index Sẹo chấm C:1cm trên sau đuôi lông mày phải", "Sẹo chấm C:1cm trên sau đuôi lông mày phải", False),
        (
            "Nốt ruồi C:2cm trên trước cánh mũi trái 14 tháng 05 năm 2017",
            "Nốt ruồi C:2cm trên trước cánh mũi trái",
            False,
        ),
        # A guessed character ("l" for "1", "em" for "cm") is put right but not trusted.
        ("Sẹo C:lem trên sau đuôi mắt phải", "Sẹo C:1cm trên sau đuôi mắt phải", True),
        # The kind of mark was lost: left as read, for review.
        ("ñ chấm C:2,5cm dưới trước cánh mũi trái", "ñ chấm C:2,5cm dưới trước cánh mũi trái", True),
        ("Nốt ruồi son C:1,5cm trên", "Nốt ruồi son C:1,5cm trên", True),  # no side: incomplete
        ("Sẹo C:1cm dưới trước cánh mũi phải", "Sẹo C:1cm dưới trước cánh mũi phải", False),
    ],
)
def test_marks_grammar(read: str, value: str, doubtful: bool) -> None:
    assert check_marks(read) == (value, doubtful)
