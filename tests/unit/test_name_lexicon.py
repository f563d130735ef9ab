"""Name syllables: valid spellings with their marks, the lexicon of common names, proposals for misreads."""

from __future__ import annotations

import pytest

from extractors.name_lexicon import check_name, is_valid_syllable, lexicon, nearest
from extractors.values import parse


@pytest.mark.parametrize(
    "word",
    [
        "Nguyễn",
        "Trần",
        "Huỳnh",
        "Quỳnh",
        "Thủy",
        "Khuê",
        "Nguyệt",
        "Oanh",
        "Yến",
        "Uyên",
        "Giang",
        "gì",
        "Quốc",
        "Quyết",
        "Khuyến",
        "Hường",
        "Đức",
        "Đực",
        "Thoại",
        "Kiên",
        "Nghĩa",
        "Nghiêm",
        "Tuyết",
        "Trường",
        "Phước",
        "Khuya",
        "Ánh",
        "Ý",
        "Mỹ",
        "Kỳ",
        "Diễm",
        "Hữu",
        "Hưu",
        "Bích",
        "Ngọc",
        "HOÀNG",
    ],
)
def test_valid_syllables(word: str) -> None:
    assert is_valid_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "điòa",  # "Hòa" with its stacked marks misread
        "ưung",  # "trung"
        "Đừc",  # a stop final takes only the acute or the dot below
        "SEC",  # … and never no tone
        "THỦỲ",  # two tone marks
        "Ngiêm",  # ngh before i
        "Kanh",  # k only before i, e, ê, y
        "ôa",
        "DTFM",
    ],
)
def test_impossible_syllables(word: str) -> None:
    assert not is_valid_syllable(word)


def test_lexicon_holds_family_middle_and_given_names() -> None:
    names = lexicon()
    assert {"Nguyễn", "Trần", "Lê"} <= names["family"]
    assert {"Văn", "Thị"} <= names["middle"]
    assert {"Hòa", "Trung", "Ngọc"} <= names["given"]
    invalid = [n for kind in names.values() for n in kind if not is_valid_syllable(n)]
    assert invalid == ["Ksor"]  # a minority family name, kept as a name


def test_an_invalid_syllable_gets_its_one_nearest_name_syllable() -> None:
    checked = check_name("NGUYỄN VĂN ĐIÒA")
    assert checked.invalid == ("ĐIÒA",)
    assert checked.proposal == "NGUYỄN VĂN HÒA"
    assert nearest("điòa") == ["Hòa"]


def test_a_valid_syllable_is_never_replaced() -> None:
    """ "HƯU" is a real syllable (but rare in names): never rewritten into "HỮU"; a real family name stays too."""
    for name in ("LÊ HƯU HÙNG", "TRỊNH THỦY THANH ANH", "LƯƠNG VĂN AN"):
        checked = check_name(name)
        assert checked.proposal is None and checked.invalid == ()


def test_several_nearest_syllables_are_not_chosen() -> None:
    checked = check_name("TRẦN VĂN HQNG")
    assert checked.invalid == ("HQNG",)
    assert checked.proposal is None


def test_parse_name_proposes_and_keeps_what_was_read() -> None:
    parsed = parse("name", "Nguyễn Văn Điòa")
    assert parsed.value == "NGUYỄN VĂN HÒA"
    assert parsed.read_as == "NGUYỄN VĂN ĐIÒA"
    assert parsed.doubtful and parsed.valid
    ok = parse("name", "Trần Thị Bích Ngọc")
    assert ok.value == "TRẦN THỊ BÍCH NGỌC" and not ok.doubtful and ok.read_as is None


@pytest.mark.parametrize(
    ("read", "proposed"),
    [
        ("NGUYÊN QUỐC THÀNH ĐÔNG", "NGUYỄN QUỐC THÀNH ĐÔNG"),
        ("NGUYÊN VĂN AN", "NGUYỄN VĂN AN"),
        ("TRÂN VĂN AN", "TRẦN VĂN AN"),
        ("Đô Thị Hoa", "Đỗ Thị Hoa"),
    ],
)
def test_a_family_name_one_mark_off_is_proposed_never_confirmed(read: str, proposed: str) -> None:
    checked = check_name(read)
    assert checked.proposal == proposed
    assert checked.invalid  # so the name is doubtful: review
    assert parse("name", read).doubtful


@pytest.mark.parametrize("name", ["LƯƠNG THANH KIM LINH", "NGUYÊN", "HỘ GIA ĐÌNH", "LƯỜNG VĂN AN"])
def test_family_names_single_words_and_households_are_left_alone(name: str) -> None:
    assert check_name(name).proposal is None
